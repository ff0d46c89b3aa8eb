// Command hello is the load comparison's upper floor: a net/http hello world.
//
//	PORT=4710 hello
package main

import (
	"log"
	"net"
	"net/http"
	"os"
)

func main() {
	body := []byte("Hello, World!")
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write(body)
	})
	addr := net.JoinHostPort("127.0.0.1", os.Getenv("PORT"))
	log.Fatal(http.ListenAndServe(addr, h))
}
