// Command demo is a small web application whose pages (sign-up, sign-in, profile with
// sessions, name and password) use the official Better Auth JavaScript client, served by
// Echo with GoAuth mounted at /api/auth.
//
//	go run ./demo            # from examples/; then open http://localhost:3000
//
// Environment: PORT (default 3000), BASE_URL (default http://localhost:$PORT),
// DATABASE_URL (default file:./demo.db, the embedded SQLite database) and
// BETTER_AUTH_SECRET (default: Better Auth's public development secret, with a warning).
package main

import (
	"log"
	"net/http"
	"os"
	"time"

	"github.com/goauth-dev/goauth/auth"
)

func main() {
	port := getenv("PORT", "3000")
	baseURL := getenv("BASE_URL", "http://localhost:"+port)
	e, err := newServer(auth.Options{BaseURL: baseURL, Secret: os.Getenv("BETTER_AUTH_SECRET")},
		getenv("DATABASE_URL", "file:./demo.db"))
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Addr: ":" + port, Handler: e, ReadHeaderTimeout: 10 * time.Second}
	log.Printf("GoAuth demo on %s", baseURL)
	log.Fatal(srv.ListenAndServe())
}

func getenv(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
