// Command nethttp serves GoAuth with the standard library's ServeMux, beside an API route
// and a page that need a session.
//
//	go run ./nethttp         # from examples/; serves http://localhost:3000
//
// Sign up and in with any HTTP client (or the Better Auth JavaScript client), then call
// /api/me and open /dashboard with the session cookie:
//
//	curl -c jar -H 'Origin: http://localhost:3000' -H 'Content-Type: application/json' \
//	  -d '{"name":"Ada","email":"ada@example.com","password":"correct horse battery"}' \
//	  http://localhost:3000/api/auth/sign-up/email
//	curl -b jar http://localhost:3000/api/me
//
// Environment: PORT (default 3000), BASE_URL (default http://localhost:$PORT),
// BETTER_AUTH_SECRET.
package main

import (
	"encoding/json"
	"fmt"
	"html"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/goauth-dev/goauth/authcore"
)

func main() {
	port := getenv("PORT", "3000")
	h, err := newServer(authcore.Options{
		BaseURL: getenv("BASE_URL", "http://localhost:"+port),
		Secret:  os.Getenv("BETTER_AUTH_SECRET"),
	})
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Addr: ":" + port, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	log.Fatal(srv.ListenAndServe())
}

func getenv(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// newServer mounts GoAuth and protects two routes; README.md quotes it.
func newServer(opts authcore.Options) (http.Handler, error) {
	opts.EmailAndPassword.Enabled = true
	a, err := authcore.New(opts)
	if err != nil {
		return nil, err
	}

	mux := http.NewServeMux()
	// Every method under /api/auth/ reaches GoAuth unchanged.
	mux.Handle(a.Context.BasePath+"/", a)

	// An API route: 401 {"message":"Unauthorized","code":"UNAUTHORIZED"} without a session.
	mux.Handle("GET /api/me", a.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := authcore.SessionFrom(r.Context()).User
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"id": u.ID, "name": u.Name, "email": u.Email})
	})))

	// A page: a browser without a session is redirected to /sign-in?callbackURL=%2Fdashboard.
	pages := a.Require(authcore.GuardOptions{RedirectTo: "/sign-in"})
	mux.Handle("GET /dashboard", pages(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := authcore.SessionFrom(r.Context()).User
		fmt.Fprintf(w, "<h1>Welcome, %s</h1>", html.EscapeString(u.Name))
	})))

	mux.HandleFunc("GET /sign-in", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<p>Sign in with POST /api/auth/sign-in/email, then come back.</p>")
	})
	return mux, nil
}
