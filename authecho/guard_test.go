package authecho_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authecho"
	"github.com/labstack/echo/v4"
)

const (
	unauthorized = `{"message":"Unauthorized","code":"UNAUTHORIZED"}`
	forbidden    = `{"message":"Forbidden","code":"FORBIDDEN"}`
)

// withRole gives users a "role" field, as Better Auth's admin plugin does.
func withRole(o *authcore.Options) {
	o.User.AdditionalFields = roleField
}

func TestRequireSession(t *testing.T) {
	a := newAuth(t, nil)
	cookie := signUp(t, a, "Ada", "ada@example.com", nil)
	e := echo.New()
	e.GET("/api/me", hello, authecho.RequireSession(a))

	rec := do(e, http.MethodGet, "/api/me", "")
	if rec.Code != http.StatusUnauthorized || rec.Body.String() != unauthorized ||
		rec.Header().Get("Content-Type") != "application/json" {
		t.Errorf("without a session: %d %q %q", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	// Without RedirectTo even a page navigation gets the JSON.
	if rec := do(e, http.MethodGet, "/api/me", "", "Sec-Fetch-Mode", "navigate"); rec.Code != http.StatusUnauthorized {
		t.Errorf("navigation without RedirectTo: %d", rec.Code)
	}
	if rec := do(e, http.MethodGet, "/api/me", cookie); rec.Code != http.StatusOK || rec.Body.String() != "hello Ada" {
		t.Errorf("with a session: %d %q", rec.Code, rec.Body)
	}
}

func TestRequireRedirectsPages(t *testing.T) {
	a := newAuth(t, nil)
	cookie := signUp(t, a, "Ada", "ada@example.com", nil)
	e := echo.New()
	guard := authecho.Require(a, authecho.GuardConfig{RedirectTo: "/sign-in"})
	e.GET("/*", hello, guard)
	e.POST("/*", hello, guard)

	tests := []struct {
		name, method, target string
		header               []string
		status               int
		location             string
	}{
		{"navigation", http.MethodGet, "/profile?tab=sessions", []string{"Sec-Fetch-Mode", "navigate"}, http.StatusSeeOther, "/sign-in?callbackURL=%2Fprofile%3Ftab%3Dsessions"},
		{"old browser", http.MethodGet, "/profile", []string{"Accept", "text/html,application/xhtml+xml"}, http.StatusSeeOther, "/sign-in?callbackURL=%2Fprofile"},
		{"fetch", http.MethodGet, "/profile", []string{"Sec-Fetch-Mode", "cors", "Accept", "text/html"}, http.StatusUnauthorized, ""},
		{"API client", http.MethodGet, "/profile", []string{"Accept", "application/json"}, http.StatusUnauthorized, ""},
		{"form post", http.MethodPost, "/profile", []string{"Sec-Fetch-Mode", "navigate"}, http.StatusUnauthorized, ""},
		{"protocol-relative path", http.MethodGet, "//evil.example/x", []string{"Sec-Fetch-Mode", "navigate"}, http.StatusSeeOther, "/sign-in?callbackURL=%2Fevil.example%2Fx"},
	}
	for _, tc := range tests {
		rec := do(e, tc.method, tc.target, "", tc.header...)
		if rec.Code != tc.status || rec.Header().Get("Location") != tc.location {
			t.Errorf("%s: %d Location %q, want %d %q", tc.name, rec.Code, rec.Header().Get("Location"), tc.status, tc.location)
		}
		if tc.status == http.StatusUnauthorized && rec.Body.String() != unauthorized {
			t.Errorf("%s: body %q", tc.name, rec.Body)
		}
		if rec.Header().Get("Vary") == "" {
			t.Errorf("%s: no Vary header on an answer that depends on request headers", tc.name)
		}
	}
	if rec := do(e, http.MethodGet, "/profile", cookie, "Sec-Fetch-Mode", "navigate"); rec.Code != http.StatusOK {
		t.Errorf("signed in: %d", rec.Code)
	}
}

func TestRequireRole(t *testing.T) {
	a := newAuth(t, withRole)
	admin := signUp(t, a, "Ada", "ada@example.com", map[string]any{"role": "user,admin"})
	user := signUp(t, a, "Bob", "bob@example.com", map[string]any{"role": "user"})
	none := signUp(t, a, "Cy", "cy@example.com", nil)
	e := echo.New()
	e.GET("/admin", hello, authecho.RequireRole(a, "admin", "owner"))

	for _, tc := range []struct {
		name, cookie string
		status       int
		body         string
	}{
		{"anonymous", "", http.StatusUnauthorized, unauthorized},
		{"admin", admin, http.StatusOK, "hello Ada"},
		{"user", user, http.StatusForbidden, forbidden},
		{"no role", none, http.StatusForbidden, forbidden},
	} {
		rec := do(e, http.MethodGet, "/admin", tc.cookie)
		if rec.Code != tc.status || rec.Body.String() != tc.body {
			t.Errorf("%s: %d %q, want %d %q", tc.name, rec.Code, rec.Body, tc.status, tc.body)
		}
	}
}

func TestRequireAuthorizer(t *testing.T) {
	a := newAuth(t, nil)
	cookie := signUp(t, a, "Ada", "ada@example.com", nil)
	errBroken := errors.New("permission service down")
	e := echo.New()
	var handled error
	e.HTTPErrorHandler = func(err error, c echo.Context) {
		handled = err
		e.DefaultHTTPErrorHandler(err, c)
	}
	e.GET("/custom", hello, authecho.Require(a, authecho.GuardConfig{
		Authorize: func(r *http.Request, s *authcore.Session) error {
			if authcore.SessionFrom(r.Context()) != s {
				t.Error("the authorizer's request does not carry the session")
			}
			return apierror.New(http.StatusPaymentRequired, "PLAN_REQUIRED", "Upgrade your plan")
		},
	}))
	e.GET("/broken", hello, authecho.Require(a, authecho.GuardConfig{
		Authorize: func(*http.Request, *authcore.Session) error { return errBroken },
	}))
	rec := do(e, http.MethodGet, "/custom", cookie)
	if rec.Code != http.StatusPaymentRequired || rec.Body.String() != `{"message":"Upgrade your plan","code":"PLAN_REQUIRED"}` {
		t.Errorf("custom denial: %d %q", rec.Code, rec.Body)
	}
	rec = do(e, http.MethodGet, "/broken", cookie)
	if rec.Code != http.StatusInternalServerError || !errors.Is(handled, errBroken) {
		t.Errorf("failing authorizer: %d, handler got %v", rec.Code, handled)
	}
}

func TestRequireReturnError(t *testing.T) {
	a := newAuth(t, withRole)
	user := signUp(t, a, "Bob", "bob@example.com", map[string]any{"role": "user"})
	cfg := authecho.GuardConfig{Authorize: authcore.HasRole("admin"), OnDenied: authecho.ReturnError}

	// Echo's default error handler writes Better Auth's body.
	e := echo.New()
	e.GET("/admin", hello, authecho.Require(a, cfg))
	if rec := do(e, http.MethodGet, "/admin", ""); rec.Code != http.StatusUnauthorized || rec.Body.String() != unauthorized+"\n" {
		t.Errorf("default handler, anonymous: %d %q", rec.Code, rec.Body)
	}
	if rec := do(e, http.MethodGet, "/admin", user); rec.Code != http.StatusForbidden || rec.Body.String() != forbidden+"\n" {
		t.Errorf("default handler, user: %d %q", rec.Code, rec.Body)
	}

	// A custom handler finds the GoAuth error.
	e = echo.New()
	e.HTTPErrorHandler = func(err error, c echo.Context) {
		var he *echo.HTTPError
		ae, ok := apierror.As(err)
		if !errors.As(err, &he) || !ok {
			t.Errorf("handler got %T %v", err, err)
			return
		}
		_ = c.String(he.Code, "custom "+string(ae.Code))
	}
	e.GET("/admin", hello, authecho.Require(a, cfg))
	if rec := do(e, http.MethodGet, "/admin", user); rec.Code != http.StatusForbidden || rec.Body.String() != "custom FORBIDDEN" {
		t.Errorf("custom handler: %d %q", rec.Code, rec.Body)
	}
	if !errors.Is(authecho.HTTPError(apierror.Unauthorized()), apierror.Unauthorized()) {
		t.Error("errors.Is does not see the GoAuth error inside HTTPError")
	}
}

func TestRequireOnDeniedAndSkipper(t *testing.T) {
	a := newAuth(t, nil)
	e := echo.New()
	var denied []string
	guard := authecho.Require(a, authecho.GuardConfig{
		Skipper: func(c echo.Context) bool { return c.Request().URL.Path == "/app/public" },
		OnDenied: func(c echo.Context, err *apierror.Error) error {
			denied = append(denied, string(err.Code))
			return c.String(http.StatusTeapot, "denied")
		},
	})
	g := e.Group("/app", guard)
	g.GET("/public", hello)
	g.GET("/private", hello)
	if rec := do(e, http.MethodGet, "/app/public", ""); rec.Code != http.StatusOK || rec.Body.String() != "hello nobody" {
		t.Errorf("skipped route: %d %q", rec.Code, rec.Body)
	}
	if rec := do(e, http.MethodGet, "/app/private", ""); rec.Code != http.StatusTeapot || len(denied) != 1 || denied[0] != "UNAUTHORIZED" {
		t.Errorf("OnDenied: %d %q, denied %v", rec.Code, rec.Body, denied)
	}
}
