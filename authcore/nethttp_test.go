package authcore_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authcore/schema"
)

const (
	guardUnauthorized = `{"message":"Unauthorized","code":"UNAUTHORIZED"}`
	guardForbidden    = `{"message":"Forbidden","code":"FORBIDDEN"}`
)

func newGuarded(t *testing.T) *authcore.Auth {
	t.Helper()
	a, err := authcore.New(authcore.Options{
		BaseURL: "http://localhost:3000",
		Secret:  "nethttp-test-secret-0123456789abcdefghijklmnop",
		// A trivial hasher: these tests are about the guards, not scrypt.
		EmailAndPassword: config.EmailAndPassword{Enabled: true, Password: &config.PasswordFuncs{
			Hash:   func(_ context.Context, pw string) (string, error) { return "plain:" + pw, nil },
			Verify: func(_ context.Context, h, pw string) (bool, error) { return h == "plain:"+pw, nil },
		}},
		User:   config.User{AdditionalFields: []schema.Field{{Name: "role", Type: schema.String}}},
		Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// cookieFor signs a user up in-process and returns its Cookie header.
func guardCookie(t *testing.T, a *authcore.Auth, email, role string) string {
	t.Helper()
	body := map[string]any{"name": email, "email": email, "password": "correct horse battery staple"}
	if role != "" {
		body["role"] = role
	}
	_, h, err := a.API.Call(context.Background(), "signUpEmail", nil, body, nil)
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, c := range (&http.Response{Header: h}).Cookies() {
		parts = append(parts, c.Name+"="+c.Value)
	}
	return strings.Join(parts, "; ")
}

func guardServe(h http.Handler, method, target, cookie string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
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

var guardWhoami = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	s := authcore.SessionFrom(r.Context())
	if s == nil {
		http.Error(w, "no session in the context", http.StatusTeapot)
		return
	}
	_, _ = w.Write([]byte(s.User.Email))
})

func TestRequire(t *testing.T) {
	a := newGuarded(t)
	ada := guardCookie(t, a, "ada@example.com", "")
	mux := http.NewServeMux()
	mux.Handle("/api/me", a.Require(authcore.GuardOptions{})(guardWhoami))
	mux.Handle("/profile", a.Require(authcore.GuardOptions{RedirectTo: "/sign-in?from=guard"})(guardWhoami))

	tests := []struct {
		name, target, cookie string
		header               []string
		status               int
		body, location       string
	}{
		{"api, anonymous", "/api/me", "", nil, 401, guardUnauthorized, ""},
		{"api, navigation without RedirectTo", "/api/me", "", []string{"Sec-Fetch-Mode", "navigate"}, 401, guardUnauthorized, ""},
		{"api, signed in", "/api/me", ada, nil, 200, "ada@example.com", ""},
		{"page, navigation", "/profile?x=1", "", []string{"Sec-Fetch-Mode", "navigate"}, 303, "", "/sign-in?from=guard&callbackURL=%2Fprofile%3Fx%3D1"},
		{"page, fetch", "/profile", "", []string{"Sec-Fetch-Mode", "cors"}, 401, guardUnauthorized, ""},
		{"page, signed in", "/profile", ada, []string{"Sec-Fetch-Mode", "navigate"}, 200, "ada@example.com", ""},
	}
	for _, tc := range tests {
		rec := guardServe(mux, http.MethodGet, tc.target, tc.cookie, tc.header...)
		if rec.Code != tc.status || rec.Header().Get("Location") != tc.location ||
			(tc.body != "" && rec.Body.String() != tc.body) {
			t.Errorf("%s: %d %q Location %q, want %d %q %q", tc.name, rec.Code, rec.Body, rec.Header().Get("Location"),
				tc.status, tc.body, tc.location)
		}
		if tc.status == 401 && rec.Header().Get("Content-Type") != "application/json" {
			t.Errorf("%s: Content-Type %q", tc.name, rec.Header().Get("Content-Type"))
		}
	}
}

func TestRequireRoleAndAuthorizer(t *testing.T) {
	a := newGuarded(t)
	admin := guardCookie(t, a, "ada@example.com", " user , admin ")
	user := guardCookie(t, a, "bob@example.com", "user")
	none := guardCookie(t, a, "cy@example.com", "")
	errDown := errors.New("down")

	h := a.RequireRole("admin")(guardWhoami)
	for _, tc := range []struct {
		name, cookie string
		status       int
		body         string
	}{
		{"anonymous", "", 401, guardUnauthorized},
		{"admin", admin, 200, "ada@example.com"},
		{"user", user, 403, guardForbidden},
		{"no role", none, 403, guardForbidden},
	} {
		rec := guardServe(h, http.MethodGet, "/", tc.cookie)
		if rec.Code != tc.status || rec.Body.String() != tc.body {
			t.Errorf("RequireRole, %s: %d %q, want %d %q", tc.name, rec.Code, rec.Body, tc.status, tc.body)
		}
	}

	custom := a.Require(authcore.GuardOptions{Authorize: func(r *http.Request, s *authcore.Session) error {
		if authcore.SessionFrom(r.Context()) != s {
			t.Error("the authorizer's request does not carry the session")
		}
		if r.URL.Path == "/down" {
			return errDown
		}
		return apierror.New(http.StatusPaymentRequired, "PLAN_REQUIRED", "Upgrade your plan")
	}})(guardWhoami)
	if rec := guardServe(custom, http.MethodGet, "/", user); rec.Code != 402 || rec.Body.String() != `{"message":"Upgrade your plan","code":"PLAN_REQUIRED"}` {
		t.Errorf("custom denial: %d %q", rec.Code, rec.Body)
	}
	if rec := guardServe(custom, http.MethodGet, "/down", user); rec.Code != 500 || rec.Body.Len() != 0 {
		t.Errorf("failing authorizer: %d %q, want 500 without a body", rec.Code, rec.Body)
	}

	var got []string
	onDenied := a.Require(authcore.GuardOptions{
		Authorize: authcore.HasRole("admin"),
		OnDenied: func(w http.ResponseWriter, r *http.Request, err *apierror.Error) {
			got = append(got, string(err.Code))
			w.WriteHeader(http.StatusTeapot)
		},
	})(guardWhoami)
	guardServe(onDenied, http.MethodGet, "/", "")
	guardServe(onDenied, http.MethodGet, "/", user)
	if strings.Join(got, ",") != "UNAUTHORIZED,FORBIDDEN" {
		t.Errorf("OnDenied saw %v", got)
	}
}

// Require reuses the session Middleware put in the context.
func TestRequireAfterMiddleware(t *testing.T) {
	a := newGuarded(t)
	ada := guardCookie(t, a, "ada@example.com", "")
	var outer *authcore.Session
	h := a.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		outer = authcore.SessionFrom(r.Context())
		a.Require(authcore.GuardOptions{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if s := authcore.SessionFrom(r.Context()); s == nil || s != outer {
				t.Errorf("guard's session %p, middleware's %p", s, outer)
			}
		})).ServeHTTP(w, r)
	}))
	if rec := guardServe(h, http.MethodGet, "/", ada); rec.Code != 200 || outer == nil {
		t.Errorf("%d, session %v", rec.Code, outer)
	}
}

func TestContextWithSession(t *testing.T) {
	s := &authcore.Session{}
	s.User.Name = "Ada"
	ctx := authcore.ContextWithSession(context.Background(), s)
	if authcore.SessionFrom(ctx) != s {
		t.Fatal("SessionFrom does not return the session ContextWithSession stored")
	}
	if authcore.SessionFrom(context.Background()) != nil {
		t.Fatal("a session in an empty context")
	}
	a := newGuarded(t)
	r := httptest.NewRequest(http.MethodGet, "/", nil).WithContext(ctx)
	if got, err := a.SessionOf(r); err != nil || got != s {
		t.Fatalf("SessionOf = %v, %v; want the context's session", got, err)
	}
}

func TestIsNavigation(t *testing.T) {
	for _, tc := range []struct {
		method string
		header []string
		want   bool
	}{
		{"GET", []string{"Sec-Fetch-Mode", "navigate"}, true},
		{"HEAD", []string{"Sec-Fetch-Mode", "navigate"}, true},
		{"GET", []string{"Sec-Fetch-Mode", "cors", "Accept", "text/html"}, false},
		{"GET", []string{"Sec-Fetch-Mode", "no-cors"}, false},
		{"GET", []string{"Accept", "text/html,application/xhtml+xml,*/*;q=0.8"}, true},
		{"GET", []string{"Accept", "application/json"}, false},
		{"GET", []string{"Accept", "*/*"}, false},
		{"GET", nil, false},
		{"POST", []string{"Sec-Fetch-Mode", "navigate", "Accept", "text/html"}, false},
	} {
		r := httptest.NewRequest(tc.method, "/", nil)
		for i := 0; i+1 < len(tc.header); i += 2 {
			r.Header.Set(tc.header[i], tc.header[i+1])
		}
		if got := authcore.IsNavigation(r); got != tc.want {
			t.Errorf("IsNavigation(%s %v) = %v, want %v", tc.method, tc.header, got, tc.want)
		}
	}
}

func TestSignInRedirect(t *testing.T) {
	for _, tc := range []struct{ to, target, want string }{
		{"/sign-in", "/profile", "/sign-in?callbackURL=%2Fprofile"},
		{"/sign-in", "/a/b?c=d&e=f", "/sign-in?callbackURL=%2Fa%2Fb%3Fc%3Dd%26e%3Df"},
		{"/sign-in?x=1", "/p", "/sign-in?x=1&callbackURL=%2Fp"},
		{"https://accounts.example/sign-in", "/p", "https://accounts.example/sign-in?callbackURL=%2Fp"},
		{"/sign-in", "//evil.example/p", "/sign-in?callbackURL=%2Fevil.example%2Fp"},
		{"/sign-in", "/%5Cevil.example", "/sign-in?callbackURL=%2F%255Cevil.example"},
		{"/sign-in", "/", "/sign-in?callbackURL=%2F"},
	} {
		r := httptest.NewRequest(http.MethodGet, "http://localhost"+tc.target, nil)
		if got := authcore.SignInRedirect(tc.to, r); got != tc.want {
			t.Errorf("SignInRedirect(%q, %q) = %q, want %q", tc.to, tc.target, got, tc.want)
		}
	}
}

// FuzzSignInRedirect checks that the callbackURL built from any request path is a path on
// the same origin.
func FuzzSignInRedirect(f *testing.F) {
	for _, s := range []string{"/profile", "//evil.example", "/\\evil.example", "/%2F%2Fevil", "/a?b=//c", "/\\/x", "/%5C%5Cx", "/?#%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, target string) {
		u, err := url.ParseRequestURI(target)
		if err != nil {
			return
		}
		r := &http.Request{Method: http.MethodGet, URL: u}
		loc := authcore.SignInRedirect("/sign-in", r)
		q, err := url.Parse(loc)
		if err != nil {
			t.Fatalf("%q: unparsable redirect %q", target, loc)
		}
		cb := q.Query().Get("callbackURL")
		if !strings.HasPrefix(cb, "/") || strings.HasPrefix(cb, "//") || strings.HasPrefix(cb, "/\\") {
			t.Fatalf("%q: callbackURL %q is not a same-origin path", target, cb)
		}
		// The query is the request's own and may hold bad escapes; what matters is that
		// nothing parses as a scheme or host.
		if parsed, err := url.Parse(cb); err == nil && (parsed.Host != "" || parsed.Scheme != "") {
			t.Fatalf("%q: callbackURL %q names a host", target, cb)
		}
	})
}

func TestWriteError(t *testing.T) {
	rec := httptest.NewRecorder()
	e := apierror.New(http.StatusTooManyRequests, "RATE", "slow down")
	e.Header = http.Header{"X-Retry-After": {"3"}}
	authcore.WriteError(rec, e)
	if rec.Code != 429 || rec.Body.String() != `{"message":"slow down","code":"RATE"}` ||
		rec.Header().Get("X-Retry-After") != "3" || rec.Header().Get("Content-Type") != "application/json" {
		t.Errorf("WriteError: %d %v %q", rec.Code, rec.Header(), rec.Body)
	}
	rec = httptest.NewRecorder()
	authcore.WriteError(rec, apierror.Empty(http.StatusUnauthorized))
	if rec.Code != 401 || rec.Body.Len() != 0 {
		t.Errorf("WriteError(Empty): %d %q", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	authcore.WriteError(rec, apierror.MessageOnly(http.StatusBadRequest, "<bad> & \"x\""))
	if rec.Body.String() != `{"message":"<bad> & \"x\""}` {
		t.Errorf("WriteError(MessageOnly): %q", rec.Body)
	}
}
