package authcore_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/config"
)

// benchSession signs a user up in process and returns the session token and the Cookie
// header of its session.
func benchSession(b *testing.B, a *authcore.Auth) (token, cookie string) {
	b.Helper()
	out, hdr, err := a.API.SignUpEmail(context.Background(), nil, authcore.SignUpEmailInput{Name: "Ada", Email: "ada@example.com", Password: "correct horse battery"})
	if err != nil {
		b.Fatal(err)
	}
	return *out.Token, cookieHeader(hdr).Get("Cookie")
}

// benchGet serves GET path with a cookie b.N times and checks the first answer.
func benchGet(b *testing.B, a *authcore.Auth, path, cookie, want string) {
	b.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), want) {
		b.Fatalf("%s = %d %s", path, rec.Code, rec.Body)
	}
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		a.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s = %d", path, rec.Code)
		}
	}
}

func BenchmarkOK(b *testing.B) {
	a := newAuth(b, nil)
	benchGet(b, a, "/api/auth/ok", "", `{"ok":true}`)
}

// BenchmarkGetSessionDB reads the session from memdb on every request.
func BenchmarkGetSessionDB(b *testing.B) {
	a := newAuth(b, nil)
	_, cookie := benchSession(b, a)
	benchGet(b, a, "/api/auth/get-session", cookie, `"email":"ada@example.com"`)
}

// BenchmarkGetSessionCookieCache answers from the session_data cookie, in each strategy.
// The compact value is decoded once and then remembered (session.Manager's memo), as for
// a browser repeating its cookie; jwt and jwe values are decoded on every request.
func BenchmarkGetSessionCookieCache(b *testing.B) {
	for _, strategy := range []string{"compact", "jwt", "jwe"} {
		b.Run(strategy, func(b *testing.B) {
			a := newAuth(b, func(o *authcore.Options) {
				o.Session.CookieCache.Enabled = true
				o.Session.CookieCache.Strategy = strategy
			})
			token, cookie := benchSession(b, a)
			if !strings.Contains(cookie, "better-auth.session_data=") {
				b.Fatalf("no cache cookie in %q", cookie)
			}
			// Without the row only the cache can answer.
			if err := a.Context.Store.DeleteSession(context.Background(), token); err != nil {
				b.Fatal(err)
			}
			benchGet(b, a, "/api/auth/get-session", cookie, `"email":"ada@example.com"`)
		})
	}
}

// BenchmarkSignInEmail signs in over HTTP: with the default scrypt hasher (the real cost)
// and with a trivial hasher (the pipeline, store and cookie overhead alone).
func BenchmarkSignInEmail(b *testing.B) {
	for _, tc := range []struct {
		name      string
		configure func(o *authcore.Options)
	}{
		{"scrypt", nil},
		{"sha256", func(o *authcore.Options) {
			o.EmailAndPassword.Password = &config.PasswordFuncs{
				Hash: func(_ context.Context, pw string) (string, error) {
					s := sha256.Sum256([]byte(pw))
					return hex.EncodeToString(s[:]), nil
				},
				Verify: func(_ context.Context, h, pw string) (bool, error) {
					s := sha256.Sum256([]byte(pw))
					return h == hex.EncodeToString(s[:]), nil
				},
			}
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			a := newAuth(b, tc.configure)
			benchSession(b, a)
			const body = `{"email":"ada@example.com","password":"correct horse battery"}`
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/api/auth/sign-in/email", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				a.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("sign-in = %d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}

// BenchmarkSignUpEmail signs a new user up over HTTP per iteration (user, account and
// session rows, cookies, the verification mail off), with scrypt and with a trivial hasher.
// memdb's transactions copy its tables, so a fresh Auth is taken every 256 sign-ups (off
// the clock) to keep the tables small.
func BenchmarkSignUpEmail(b *testing.B) {
	for _, tc := range []struct {
		name string
		hash *config.PasswordFuncs
	}{{"scrypt", nil}, {"sha256", cheapHash}} {
		b.Run(tc.name, func(b *testing.B) {
			configure := func(o *authcore.Options) { o.EmailAndPassword.Password = tc.hash }
			a := newAuth(b, configure)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				if i%256 == 0 {
					b.StopTimer()
					a = newAuth(b, configure)
					b.StartTimer()
				}
				body := `{"name":"Ada","email":"ada` + strconv.Itoa(i) + `@example.com","password":"correct horse battery"}`
				req := httptest.NewRequest(http.MethodPost, "/api/auth/sign-up/email", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				a.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("sign-up = %d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
