package authcore_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore"
)

// whoami answers the email of the session in the context, or "anonymous".
var whoami = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	if s := authcore.SessionFrom(r.Context()); s != nil {
		fmt.Fprint(w, s.User.Email)
		return
	}
	fmt.Fprint(w, "anonymous")
})

func serve(h http.Handler, cookie http.Header) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, "/dashboard", nil)
	for k, v := range cookie {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *testClock) Add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.now = c.now.Add(d) }

func signUp(t *testing.T, a *authcore.Auth, email string) (authcore.SignUpEmailOutput, http.Header) {
	t.Helper()
	out, hdr, err := a.API.SignUpEmail(t.Context(), nil, authcore.SignUpEmailInput{Name: "Ada", Email: email, Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	return out, cookieHeader(hdr)
}

func TestMiddleware(t *testing.T) {
	t.Parallel()
	clk := &testClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	a := newAuth(t, func(o *authcore.Options) {
		o.Now = clk.Now
		o.Session.ExpiresIn = time.Hour
		o.Session.UpdateAge = 10 * time.Minute
	})
	out, cookie := signUp(t, a, "ada@example.com")
	h := a.Middleware(whoami)

	if rec := serve(h, nil); rec.Body.String() != "anonymous" || rec.Code != 200 {
		t.Errorf("no cookie: %d %q", rec.Code, rec.Body)
	}
	bad := http.Header{"Cookie": {"better-auth.session_token=" + *out.Token + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D"}}
	if rec := serve(h, bad); rec.Body.String() != "anonymous" {
		t.Errorf("forged cookie: %q", rec.Body)
	}
	rec := serve(h, cookie)
	if rec.Body.String() != "ada@example.com" {
		t.Errorf("with session: %q", rec.Body)
	}

	// A due refresh updates the store but writes no cookie (spec 6.3).
	clk.Add(11 * time.Minute)
	rec = serve(h, cookie)
	if rec.Body.String() != "ada@example.com" || len(rec.Result().Cookies()) != 0 {
		t.Errorf("refresh: %q, cookies %v", rec.Body, rec.Result().Cookies())
	}
	sess, _, err := a.Context.Store.SessionByToken(t.Context(), *out.Token)
	if err != nil || !sess.ExpiresAt.Equal(clk.Now().Add(time.Hour)) {
		t.Errorf("stored expiresAt = %v, want refreshed to %v", sess.ExpiresAt, clk.Now().Add(time.Hour))
	}
	// Expired: anonymous.
	clk.Add(2 * time.Hour)
	if rec := serve(h, cookie); rec.Body.String() != "anonymous" {
		t.Errorf("expired: %q", rec.Body)
	}
}

func TestRequireSession(t *testing.T) {
	t.Parallel()
	a := newAuth(t, nil)
	_, cookie := signUp(t, a, "ada@example.com")
	called := false
	h := a.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		called = true
		whoami(w, r)
	}))
	rec := serve(h, nil)
	if rec.Code != http.StatusUnauthorized || rec.Header().Get("Content-Type") != "application/json" || called {
		t.Fatalf("= %d (%s), next called %v", rec.Code, rec.Header().Get("Content-Type"), called)
	}
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]any{"message": "Unauthorized", "code": "UNAUTHORIZED"}, body); diff != "" {
		t.Errorf("body (-want +got):\n%s", diff)
	}
	if rec := serve(h, cookie); rec.Code != 200 || rec.Body.String() != "ada@example.com" || !called {
		t.Errorf("with session: %d %q", rec.Code, rec.Body)
	}
	// Nested middlewares load the session once and see the same one.
	var inner *authcore.Session
	nested := a.Middleware(a.RequireSession(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		inner = authcore.SessionFrom(r.Context())
	})))
	serve(nested, cookie)
	if inner == nil || inner.User.Email != "ada@example.com" {
		t.Errorf("nested: %+v", inner)
	}
}

func TestMiddlewareCookieCache(t *testing.T) {
	t.Parallel()
	a := newAuth(t, func(o *authcore.Options) { o.Session.CookieCache.Enabled = true })
	out, cookie := signUp(t, a, "ada@example.com")
	if err := a.Context.Store.DeleteSession(t.Context(), *out.Token); err != nil {
		t.Fatal(err)
	}
	// The middleware may answer from the cookie cache, as sessionMiddleware does.
	if rec := serve(a.Middleware(whoami), cookie); rec.Body.String() != "ada@example.com" {
		t.Errorf("cached: %q", rec.Body)
	}
	s, err := a.SessionOf(httptest.NewRequest(http.MethodGet, "/", nil))
	if err != nil || s != nil {
		t.Errorf("SessionOf without cookies = %+v, %v", s, err)
	}
}
