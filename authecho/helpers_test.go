package authecho_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/authtest"
	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authecho"
	"github.com/labstack/echo/v4"
)

const origin = "http://localhost:3000"

// fastPasswords replaces scrypt (tens of milliseconds per hash, far more under -race):
// these tests are about routing and sessions, not password hashing.
var fastPasswords = &config.PasswordFuncs{
	Hash: func(_ context.Context, pw string) (string, error) { return "plain:" + pw, nil },
	Verify: func(_ context.Context, hash, pw string) (bool, error) {
		return hash == "plain:"+pw, nil
	},
}

// newAuth returns an Auth with email and password on, in memory; configure (may be nil)
// edits the options first.
func newAuth(t *testing.T, configure func(o *authcore.Options)) *authcore.Auth {
	t.Helper()
	opts := authcore.Options{
		BaseURL:          origin,
		Secret:           authtest.Secret,
		EmailAndPassword: config.EmailAndPassword{Enabled: true, Password: fastPasswords},
		Logger:           slog.New(slog.DiscardHandler),
	}
	if configure != nil {
		configure(&opts)
	}
	a, err := authcore.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// signUp creates a user in-process and returns the Cookie header of its session.
func signUp(t *testing.T, a *authcore.Auth, name, email string, extra map[string]any) string {
	t.Helper()
	body := map[string]any{"name": name, "email": email, "password": "correct horse battery staple"}
	for k, v := range extra {
		body[k] = v
	}
	_, h, err := a.API.Call(context.Background(), "signUpEmail", nil, body, nil)
	if err != nil {
		t.Fatalf("sign-up %s: %v", email, err)
	}
	var parts []string
	for _, c := range (&http.Response{Header: h}).Cookies() {
		parts = append(parts, c.Name+"="+c.Value)
	}
	return strings.Join(parts, "; ")
}

// do serves one request and returns the recorder. cookie and the header pairs are added.
func do(h http.Handler, method, target, cookie string, header ...string) *httptest.ResponseRecorder {
	var body io.Reader
	if method == http.MethodPost {
		body = strings.NewReader("{}")
	}
	r := httptest.NewRequest(method, target, body)
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Origin", origin)
	}
	if cookie != "" {
		r.Header.Set("Cookie", cookie)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

// hello answers "hello <name>" from the session.
func hello(c echo.Context) error {
	u := authecho.User(c)
	if u == nil {
		return c.String(http.StatusOK, "hello nobody")
	}
	return c.String(http.StatusOK, "hello "+u.Name)
}

// roleField declares the user field "role" (Better Auth's admin plugin adds it).
var roleField = []schema.Field{{Name: "role", Type: schema.String}}
