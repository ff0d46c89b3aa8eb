package authredis_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authredis"
	"github.com/goauth-dev/goauth/authsqlx"
	"github.com/goauth-dev/goauth/authsqlx/sqltest"
)

// get-session served in-process (no HTTP client) by an Auth on Postgres, with sessions in
// the database only, in Redis only, or in Redis in front of the database.

var sessionStorages = []struct {
	name        string
	redis, inDB bool
}{
	{name: "postgres"},
	{name: "redis", redis: true},
	{name: "redis+postgres", redis: true, inDB: true},
}

// benchAuth returns an Auth and the Cookie header of a signed-in user.
func benchAuth(b *testing.B, withRedis, inDB bool) (*authcore.Auth, string) {
	opts := authcore.Options{
		BaseURL: publicURL, Secret: "authredis-bench-secret-0123456789abcdefghijklmno",
		EmailAndPassword: config.EmailAndPassword{Enabled: true, Password: cheapHasher()},
		RateLimit:        config.RateLimit{Enabled: ptr(false)},
		Logger:           slog.New(slog.DiscardHandler),
	}
	opts.Session.StoreSessionInDatabase = inDB
	if withRedis {
		c := newClient(b)
		opts.SecondaryStorage = authredis.New(c, authredis.WithKeyPrefix(testPrefix(b, c)))
	}
	sch, err := authcore.Schema(opts)
	if err != nil {
		b.Fatal(err)
	}
	db, err := authsqlx.Open(b.Context(), sqltest.PostgresDSN(b), sch)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = db.Close() })
	if _, err := authsqlx.Migrate(b.Context(), db); err != nil {
		b.Fatal(err)
	}
	opts.Database = db
	a, err := authcore.New(opts)
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, publicURL+"/api/auth/sign-up/email",
		bytes.NewReader([]byte(`{"email":"bench@x.co","password":"password-1","name":"Bench"}`)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", publicURL)
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, req)
	if rec.Code != 200 {
		b.Fatalf("sign-up: %d %s", rec.Code, rec.Body)
	}
	var cookie string
	for _, c := range rec.Result().Cookies() {
		if c.Name == "better-auth.session_token" {
			cookie = c.Name + "=" + c.Value
		}
	}
	return a, cookie
}

func getSession(a *authcore.Auth, cookie string) error {
	req := httptest.NewRequest(http.MethodGet, publicURL+"/api/auth/get-session", nil)
	req.Header.Set("Cookie", cookie)
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, req)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"token"`) {
		return fmt.Errorf("get-session: %d %s", rec.Code, rec.Body)
	}
	return nil
}

func BenchmarkGetSession(b *testing.B) {
	for _, s := range sessionStorages {
		b.Run(s.name, func(b *testing.B) {
			a, cookie := benchAuth(b, s.redis, s.inDB)
			b.ReportAllocs()
			for b.Loop() {
				if err := getSession(a, cookie); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkGetSessionParallel(b *testing.B) {
	for _, s := range sessionStorages {
		b.Run(s.name, func(b *testing.B) {
			a, cookie := benchAuth(b, s.redis, s.inDB)
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := getSession(a, cookie); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
