package authecho_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authecho"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// requests that do not change state, to compare Echo with the Auth served directly.
var unchanged = []struct{ method, target string }{
	{http.MethodGet, "/api/auth/ok"},
	{http.MethodGet, "/api/auth/ok/"},
	{http.MethodGet, "/api/auth/ok?x=1"},
	{http.MethodGet, "/api/auth"},
	{http.MethodGet, "/api/auth/"},
	{http.MethodGet, "/api/auth/%6Fk"},
	{http.MethodGet, "/api/auth//ok"},
	{http.MethodGet, "/api/auth/no-such-route"},
	{http.MethodGet, "/api/auth/get-session"},
	{http.MethodHead, "/api/auth/ok"},
	{http.MethodOptions, "/api/auth/ok"},
	{http.MethodPut, "/api/auth/ok"},
	{http.MethodDelete, "/api/auth/sign-out"},
	{http.MethodPatch, "/api/auth/update-user"},
	{http.MethodPost, "/api/auth/sign-in/email"},
	{http.MethodPost, "/api/auth/sign-out"},
	{http.MethodPost, "/api/auth/sign-out/"},
}

func TestMountServesRequestsUnchanged(t *testing.T) {
	for _, skip := range []bool{false, true} {
		a := newAuth(t, func(o *authcore.Options) { o.Advanced.SkipTrailingSlashes = skip })
		e := echo.New()
		routes := authecho.Mount(e, a)
		if len(routes) == 0 {
			t.Fatal("Mount registered no routes")
		}
		for _, tc := range unchanged {
			direct := do(a, tc.method, tc.target, "")
			viaEcho := do(e, tc.method, tc.target, "")
			if direct.Code != viaEcho.Code || direct.Body.String() != viaEcho.Body.String() ||
				direct.Header().Get("Content-Type") != viaEcho.Header().Get("Content-Type") {
				t.Errorf("SkipTrailingSlashes=%v %s %s: direct %d %q, via Echo %d %q", skip, tc.method, tc.target,
					direct.Code, direct.Body, viaEcho.Code, viaEcho.Body)
			}
		}
	}
}

func TestMountSignUpAndSession(t *testing.T) {
	a := newAuth(t, nil)
	e := echo.New()
	authecho.Mount(e, a)
	r := httptest.NewRequest(http.MethodPost, "/api/auth/sign-up/email",
		strings.NewReader(`{"name":"Ada","email":"ada@example.com","password":"correct horse battery staple"}`))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Origin", origin)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, r)
	if rec.Code != http.StatusOK {
		t.Fatalf("sign-up: %d %s", rec.Code, rec.Body)
	}
	var cookie []string
	for _, c := range rec.Result().Cookies() {
		cookie = append(cookie, c.Name+"="+c.Value)
	}
	if len(cookie) == 0 {
		t.Fatal("sign-up set no cookie")
	}
	got := do(e, http.MethodGet, "/api/auth/get-session", strings.Join(cookie, "; "))
	if got.Code != http.StatusOK || !strings.Contains(got.Body.String(), `"email":"ada@example.com"`) {
		t.Fatalf("get-session: %d %s", got.Code, got.Body)
	}
}

func TestMountLeavesOtherPathsToEcho(t *testing.T) {
	a := newAuth(t, nil)
	e := echo.New()
	authecho.Mount(e, a)
	e.GET("/api/authors", func(c echo.Context) error { return c.String(http.StatusOK, "authors") })
	if rec := do(e, http.MethodGet, "/api/authors", ""); rec.Body.String() != "authors" {
		t.Errorf("/api/authors: %d %q", rec.Code, rec.Body)
	}
	// Echo's own 404, not GoAuth's (which has no body).
	if rec := do(e, http.MethodGet, "/api/authx", ""); rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "Not Found") {
		t.Errorf("/api/authx: %d %q", rec.Code, rec.Body)
	}
}

func TestMountCustomBasePath(t *testing.T) {
	a := newAuth(t, func(o *authcore.Options) { o.BasePath = "/auth/v1" })
	e := echo.New()
	authecho.Mount(e, a)
	if rec := do(e, http.MethodGet, "/auth/v1/ok", ""); rec.Code != http.StatusOK {
		t.Errorf("/auth/v1/ok: %d %s", rec.Code, rec.Body)
	}
	if rec := do(e, http.MethodGet, "/api/auth/ok", ""); rec.Code != http.StatusNotFound {
		t.Errorf("/api/auth/ok with base path /auth/v1: %d", rec.Code)
	}
}

func TestMountRouteMiddleware(t *testing.T) {
	a := newAuth(t, nil)
	e := echo.New()
	authecho.Mount(e, a, func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Response().Header().Set("X-Auth-Route", "yes")
			return next(c)
		}
	})
	e.GET("/other", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) })
	if rec := do(e, http.MethodGet, "/api/auth/ok", ""); rec.Header().Get("X-Auth-Route") != "yes" {
		t.Error("route middleware did not run for /api/auth/ok")
	}
	if rec := do(e, http.MethodGet, "/other", ""); rec.Header().Get("X-Auth-Route") != "" {
		t.Error("route middleware ran for /other")
	}
}

func TestMountGroup(t *testing.T) {
	a := newAuth(t, nil)
	for _, prefix := range []string{"/api", "/api/", "/api/auth", ""} {
		e := echo.New()
		g := e.Group(strings.TrimSuffix(prefix, "/"), func(next echo.HandlerFunc) echo.HandlerFunc {
			return func(c echo.Context) error {
				c.Response().Header().Set("X-Group", "api")
				return next(c)
			}
		})
		routes, err := authecho.MountGroup(g, prefix, a)
		if err != nil {
			t.Fatalf("prefix %q: %v", prefix, err)
		}
		for _, r := range routes {
			if r.Path != "/api/auth" && r.Path != "/api/auth/*" {
				t.Errorf("prefix %q: route %s %s", prefix, r.Method, r.Path)
			}
		}
		for _, tc := range unchanged {
			direct := do(a, tc.method, tc.target, "")
			viaEcho := do(e, tc.method, tc.target, "")
			if direct.Code != viaEcho.Code || direct.Body.String() != viaEcho.Body.String() {
				t.Errorf("prefix %q: %s %s: direct %d %q, via Echo %d %q", prefix, tc.method, tc.target,
					direct.Code, direct.Body, viaEcho.Code, viaEcho.Body)
			}
			if viaEcho.Header().Get("X-Group") != "api" {
				t.Errorf("prefix %q: %s %s: group middleware did not run", prefix, tc.method, tc.target)
			}
		}
	}
}

func TestMountGroupWrongPrefix(t *testing.T) {
	a := newAuth(t, nil)
	e := echo.New()
	routes, err := authecho.MountGroup(e.Group("/v2"), "/v2", a)
	if err == nil || routes != nil {
		t.Fatalf("base path outside the group: routes %v, err %v", routes, err)
	}
	if len(e.Routes()) != 0 {
		t.Errorf("routes registered despite the error: %v", e.Routes())
	}
	// The prefix passed is not the group's: the check after registering catches it.
	if _, err := authecho.MountGroup(e.Group("/v1"), "/api", a); err == nil || !strings.Contains(err.Error(), "/v1/auth/*") {
		t.Fatalf("group /v1 passed as /api: err %v", err)
	}
}

func TestSkipper(t *testing.T) {
	a := newAuth(t, nil)
	skip := authecho.Skipper(a)
	e := echo.New()
	for path, want := range map[string]bool{
		"/api/auth": true, "/api/auth/": true, "/api/auth/ok": true, "/api/auth/a/b/": true,
		"/api/authx": false, "/api": false, "/": false, "/profile/api/auth": false,
	} {
		c := e.NewContext(httptest.NewRequest(http.MethodGet, path, nil), httptest.NewRecorder())
		if got := skip(c); got != want {
			t.Errorf("Skipper(%q) = %v, want %v", path, got, want)
		}
	}
}

// Pre middleware rewrites paths before routing; Skipper keeps it off the auth routes.
func TestSkipperWithTrailingSlashMiddleware(t *testing.T) {
	a := newAuth(t, nil)
	for _, withSkipper := range []bool{false, true} {
		e := echo.New()
		cfg := middleware.TrailingSlashConfig{}
		if withSkipper {
			cfg.Skipper = authecho.Skipper(a)
		}
		e.Pre(middleware.AddTrailingSlashWithConfig(cfg))
		authecho.Mount(e, a)
		e.GET("/page/", func(c echo.Context) error { return c.String(http.StatusOK, "page") })

		rec := do(e, http.MethodGet, "/api/auth/ok", "")
		if withSkipper && rec.Code != http.StatusOK {
			t.Errorf("with Skipper: /api/auth/ok: %d %s", rec.Code, rec.Body)
		}
		if !withSkipper && rec.Code == http.StatusOK {
			t.Errorf("without Skipper the path became /api/auth/ok/, which GoAuth should not find; got 200")
		}
		if rec := do(e, http.MethodGet, "/page", ""); rec.Body.String() != "page" {
			t.Errorf("withSkipper=%v: /page: %d %q", withSkipper, rec.Code, rec.Body)
		}
	}
}

// sessionIP signs up through e with the request edited by edit and returns the IP address
// recorded on the new session.
func sessionIP(t *testing.T, a *authcore.Auth, e *echo.Echo, email string, edit func(r *http.Request)) string {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/api/auth/sign-up/email",
		strings.NewReader(`{"name":"Ip","email":"`+email+`","password":"correct horse battery staple"}`))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Origin", origin)
	edit(r)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, r)
	if rec.Code != http.StatusOK {
		t.Fatalf("sign-up %s: %d %s", email, rec.Code, rec.Body)
	}
	get := httptest.NewRequest(http.MethodGet, "/", nil)
	for _, c := range rec.Result().Cookies() {
		get.AddCookie(c)
	}
	s, err := a.SessionOf(get)
	if err != nil || s == nil {
		t.Fatalf("session of %s: %v %v", email, s, err)
	}
	if s.Session.IPAddress == nil {
		return ""
	}
	return *s.Session.IPAddress
}

func TestHandlerClientIP(t *testing.T) {
	remote := func(addr, xff string) func(r *http.Request) {
		return func(r *http.Request) {
			r.RemoteAddr = addr
			if xff != "" {
				r.Header.Set("X-Forwarded-For", xff)
			}
		}
	}
	tests := []struct {
		name      string
		extractor echo.IPExtractor
		edit      func(r *http.Request)
		want      string
	}{
		// Without an IPExtractor GoAuth decides: a forwarding header counts only from a
		// trusted proxy (loopback by default).
		{"no extractor, direct peer, spoofed header", nil, remote("192.0.2.10:4000", "203.0.113.5"), "192.0.2.10"},
		{"no extractor, loopback proxy", nil, remote("127.0.0.1:4000", "203.0.113.5"), "203.0.113.5"},
		// With one, Echo decides.
		{"ExtractIPDirect ignores the header", echo.ExtractIPDirect(), remote("192.0.2.10:4000", "203.0.113.5"), "192.0.2.10"},
		{"ExtractIPDirect ignores it from loopback too", echo.ExtractIPDirect(), remote("127.0.0.1:4000", "203.0.113.5"), ""},
		{"XFF extractor trusting the private proxy", echo.ExtractIPFromXFFHeader(), remote("10.1.2.3:4000", "203.0.113.5"), "203.0.113.5"},
		{"XFF extractor, untrusted peer", echo.ExtractIPFromXFFHeader(), remote("192.0.2.10:4000", "203.0.113.5"), "192.0.2.10"},
		{"custom extractor", func(*http.Request) string { return "2001:db8::1" }, remote("192.0.2.10:4000", ""), "2001:0db8:0000:0000:0000:0000:0000:0000"},
		{"extractor returning garbage: GoAuth decides", func(*http.Request) string { return "unknown" }, remote("192.0.2.10:4000", "203.0.113.5"), "192.0.2.10"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := newAuth(t, nil)
			e := echo.New()
			e.IPExtractor = tc.extractor
			authecho.Mount(e, a)
			got := sessionIP(t, a, e, "ip"+string(rune('a'+i))+"@example.com", tc.edit)
			if got != tc.want {
				t.Errorf("session IP = %q, want %q", got, tc.want)
			}
		})
	}
}
