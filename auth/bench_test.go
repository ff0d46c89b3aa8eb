package auth_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goauth-dev/goauth/auth"
	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authsqlx"
	"github.com/goauth-dev/goauth/authsqlx/sqltest"
)

// Whole get-session requests through the handler on real databases (no network): the
// route with its one indexed read of the session and its user. authcore's
// BenchmarkGetSessionDB is the same on memdb, scripts/bench the same over HTTP against the
// other servers.

const benchBase = "http://localhost:3000"

// BenchmarkGetSession reads the session and its user from SQLite and from Postgres
// (GOAUTH_TEST_POSTGRES, default postgres://postgres@127.0.0.1:5432/test; skipped when
// unreachable) on every request.
func BenchmarkGetSession(b *testing.B) {
	for _, d := range []string{"sqlite", "postgres"} {
		b.Run(d, func(b *testing.B) {
			a, cookie := benchAuth(b, benchDSN(b, d))
			req := httptest.NewRequest(http.MethodGet, benchBase+"/api/auth/get-session", nil)
			req.Header.Set("Cookie", cookie)
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				a.ServeHTTP(w, req)
				if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"email":"bench@example.com"`) {
					b.Fatalf("get-session = %d %s", w.Code, w.Body)
				}
			}
		})
	}
}

// benchAuth returns an Auth on dsn with one user signed up and its Cookie header.
func benchAuth(b *testing.B, dsn string) (*auth.Auth, string) {
	b.Helper()
	opts := auth.Options{
		BaseURL: benchBase, Secret: "bench-secret-0123456789abcdefghijklmnopqrstuvwxyz",
		Logger:           slog.New(slog.DiscardHandler),
		EmailAndPassword: config.EmailAndPassword{Enabled: true},
	}
	sch, err := authcore.Schema(opts)
	if err != nil {
		b.Fatal(err)
	}
	ad, err := authsqlx.Open(context.Background(), dsn, sch)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = ad.Close() })
	if _, err := authsqlx.Migrate(context.Background(), ad); err != nil {
		b.Fatal(err)
	}
	opts.Database = ad
	a, err := auth.New(opts)
	if err != nil {
		b.Fatal(err)
	}
	_, hdr, err := a.API.SignUpEmail(context.Background(), nil, authcore.SignUpEmailInput{Name: "Bench", Email: "bench@example.com", Password: "bench-password-123"})
	if err != nil {
		b.Fatal(err)
	}
	req := &http.Request{Header: http.Header{}}
	for _, c := range (&http.Response{Header: hdr}).Cookies() {
		if c.MaxAge >= 0 {
			req.AddCookie(c)
		}
	}
	return a, req.Header.Get("Cookie")
}

// benchDSN returns a fresh database of dialect d: a SQLite file, or a Postgres schema
// dropped when the benchmark ends.
func benchDSN(b *testing.B, d string) string {
	b.Helper()
	if d == "sqlite" {
		return "file:" + filepath.Join(b.TempDir(), "bench.db")
	}
	return sqltest.PostgresDSN(b)
}
