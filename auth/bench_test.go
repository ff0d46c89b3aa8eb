package auth_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/auth"
	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authsqlx"
)

// Whole get-session requests through the handler on real databases (no network): the
// route with its two indexed reads. authcore's BenchmarkGetSessionDB is the same on memdb,
// scripts/bench the same over HTTP against the other servers.

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
	base := os.Getenv("GOAUTH_TEST_POSTGRES")
	if base == "" {
		base = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		b.Skipf("Postgres at %s: %v", base, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		b.Skipf("Postgres at %s is unreachable: %v", base, err)
	}
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	schema := "goauth_bench_" + hex.EncodeToString(rnd[:])
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA "`+schema+`"`); err != nil {
		admin.Close()
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_, _ = admin.Exec(`DROP SCHEMA "` + schema + `" CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		b.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
