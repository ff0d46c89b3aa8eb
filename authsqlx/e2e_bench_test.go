package authsqlx_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/authtest"
	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authsqlx"
)

// Benchmarks of whole requests through authcore's handler (httptest.NewRecorder, no
// network) on a real database: the cost of a route including its queries.

const benchOrigin = "http://localhost:3000"

// benchAuth returns an Auth on a fresh database of dialect d with one user signed up
// (bench@example.com, password "bench-password") and that user's session cookie.
func benchAuth(b *testing.B, d authsqlx.Dialect, hasher *config.PasswordFuncs) (*authcore.Auth, string) {
	b.Helper()
	opts := authcore.Options{
		BaseURL: benchOrigin, Secret: authtest.Secret, Logger: slog.New(slog.DiscardHandler),
		EmailAndPassword: config.EmailAndPassword{Enabled: true, Password: hasher},
	}
	sch, err := authcore.Schema(opts)
	if err != nil {
		b.Fatal(err)
	}
	a := open(b, freshDSN(b, d), sch)
	if _, err := authsqlx.Migrate(b.Context(), a); err != nil {
		b.Fatal(err)
	}
	opts.Database = a
	auth, err := authcore.New(opts)
	if err != nil {
		b.Fatal(err)
	}
	w := serveBench(auth, http.MethodPost, "/sign-up/email", "", `{"name":"Bench","email":"bench@example.com","password":"bench-password"}`)
	if w.Code != http.StatusOK {
		b.Fatalf("sign-up: %d %s", w.Code, w.Body)
	}
	cookie, _, _ := strings.Cut(w.Header().Get("Set-Cookie"), ";")
	return auth, cookie
}

func serveBench(h http.Handler, method, path, cookie, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, benchOrigin+"/api/auth"+path, strings.NewReader(body))
	r.Header.Set("Origin", benchOrigin)
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	if cookie != "" {
		r.Header.Set("Cookie", cookie)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

var benchDialects = []authsqlx.Dialect{authsqlx.SQLite, authsqlx.Postgres}

// BenchmarkE2EGetSession: GET /get-session with a session cookie (cookie cache off, the
// default: one session and one user lookup per request).
func BenchmarkE2EGetSession(b *testing.B) {
	for _, d := range benchDialects {
		b.Run(string(d), func(b *testing.B) {
			auth, cookie := benchAuth(b, d, cheapHasher(nil))
			if w := serveBench(auth, http.MethodGet, "/get-session", cookie, ""); !strings.Contains(w.Body.String(), `"email":"bench@example.com"`) {
				b.Fatalf("get-session: %d %s", w.Code, w.Body)
			}
			b.ReportAllocs()
			for b.Loop() {
				if w := serveBench(auth, http.MethodGet, "/get-session", cookie, ""); w.Code != http.StatusOK || w.Body.Len() < 100 {
					b.Fatalf("get-session: %d %s", w.Code, w.Body)
				}
			}
		})
	}
}

// BenchmarkE2ESignIn: POST /sign-in/email (user lookup, credential account, password
// check, session insert), with SHA-256 standing in for the hash (the database's share)
// and with the real scrypt (N=16384, r=16: what a deployment pays).
func BenchmarkE2ESignIn(b *testing.B) {
	for _, hasher := range []struct {
		name string
		fn   *config.PasswordFuncs
	}{{"sha256", cheapHasher(nil)}, {"scrypt", nil}} {
		for _, d := range benchDialects {
			b.Run(hasher.name+"/"+string(d), func(b *testing.B) {
				auth, _ := benchAuth(b, d, hasher.fn)
				const body = `{"email":"bench@example.com","password":"bench-password"}`
				b.ReportAllocs()
				for b.Loop() {
					if w := serveBench(auth, http.MethodPost, "/sign-in/email", "", body); w.Code != http.StatusOK {
						b.Fatalf("sign-in: %d %s", w.Code, w.Body)
					}
				}
			})
		}
	}
}
