package pipeline_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/authtest"
	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/plugin"
)

const password = "correct horse battery"

// clock is an injected clock: tests move it instead of sleeping.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newServer starts an authtest server with a fast password hasher and no logs.
func newServer(t *testing.T, configure func(o *authcore.Options)) *authtest.Server {
	t.Helper()
	return authtest.New(t, func(o *authcore.Options) {
		o.Logger = slog.New(slog.DiscardHandler)
		o.EmailAndPassword.Password = &config.PasswordFuncs{
			Hash: func(_ context.Context, pw string) (string, error) {
				sum := sha256.Sum256([]byte(pw))
				return hex.EncodeToString(sum[:]), nil
			},
			Verify: func(_ context.Context, h, pw string) (bool, error) {
				sum := sha256.Sum256([]byte(pw))
				return h == hex.EncodeToString(sum[:]), nil
			},
		}
		if configure != nil {
			configure(o)
		}
	})
}

// do sends a request with explicit headers (no cookie jar, no automatic Origin).
func do(t *testing.T, s *authtest.Server, method, path string, h http.Header, body string) *authtest.Response {
	t.Helper()
	var rd io.Reader = http.NoBody
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range h {
		req.Header[k] = vs
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return &authtest.Response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

func jsonHeader(extra ...string) http.Header {
	h := http.Header{"Content-Type": {"application/json"}}
	for i := 0; i+1 < len(extra); i += 2 {
		h.Set(extra[i], extra[i+1])
	}
	return h
}

func wantError(t *testing.T, r *authtest.Response, status int, code, message string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status = %d, want %d (body %s)", r.Status, status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	want := map[string]any{"message": message, "code": code}
	var got map[string]any
	if err := json.Unmarshal(r.Body, &got); err != nil {
		t.Fatalf("body %q: %v", r.Body, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("error body (-want +got):\n%s", diff)
	}
}

func wantBody(t *testing.T, r *authtest.Response, status int, body string) {
	t.Helper()
	if r.Status != status || string(r.Body) != body {
		t.Errorf("= %d %q, want %d %q", r.Status, r.Body, status, body)
	}
}

// wantNotFound checks better-call's 404: empty body, no Content-Type.
func wantNotFound(t *testing.T, r *authtest.Response) {
	t.Helper()
	if r.Status != http.StatusNotFound || len(r.Body) != 0 || r.Header.Get("Content-Type") != "" {
		t.Errorf("= %d %q (Content-Type %q), want 404 with no body and no type", r.Status, r.Body, r.Header.Get("Content-Type"))
	}
}

func TestUnknownRoutes(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	tests := []struct{ method, path string }{
		{http.MethodGet, "/api/auth/nope"},
		{http.MethodGet, "/api/auth"},
		{http.MethodGet, "/api/auth/"},
		{http.MethodGet, "/elsewhere/ok"},
		{http.MethodGet, "/api/auth/ok/"},            // trailing slash
		{http.MethodGet, "/api/auth//ok"},            // double slash
		{http.MethodGet, "/api/auth/OK"},             // case-sensitive
		{http.MethodGet, "/api/auth/sign-in/email"},  // wrong method
		{http.MethodDelete, "/api/auth/get-session"}, // wrong method
		{http.MethodOptions, "/api/auth/get-session"},
		{http.MethodHead, "/api/auth/get-session"},
		{http.MethodGet, "/api/auth/reset-password"}, // param route without its segment
		{http.MethodGet, "/api/auth/reset-password/a/b"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			wantNotFound(t, do(t, s, tt.method, tt.path, nil, ""))
		})
	}
}

func TestSkipTrailingSlashes(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) { o.Advanced.SkipTrailingSlashes = true })
	wantBody(t, do(t, s, http.MethodGet, "/api/auth/ok/", nil, ""), 200, `{"ok":true}`)
}

func TestBasePath(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) { o.BasePath = "/auth" })
	wantBody(t, do(t, s, http.MethodGet, "/auth/ok", nil, ""), 200, `{"ok":true}`)
	wantNotFound(t, do(t, s, http.MethodGet, "/api/auth/ok", nil, ""))
	// A BaseURL with a path uses it as the base path.
	p := authtest.New(t, func(o *authcore.Options) { o.BaseURL += "/custom/auth" })
	wantBody(t, do(t, p, http.MethodGet, "/custom/auth/ok", nil, ""), 200, `{"ok":true}`)
}

func TestDisabledPaths(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) { o.DisabledPaths = []string{"/sign-up/email", "/ok"} })
	for _, p := range []string{"/api/auth/sign-up/email", "/api/auth/ok"} {
		r := do(t, s, http.MethodPost, p, jsonHeader(), `{"name":"A","email":"a@example.com","password":"`+password+`"}`)
		if r.Status != http.StatusNotFound || string(r.Body) != "Not Found" || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/plain") {
			t.Errorf("%s = %d %q (%s), want 404 text Not Found", p, r.Status, r.Body, r.Header.Get("Content-Type"))
		}
	}
	u, err := s.Auth.Context.Store.UserByEmail(t.Context(), "a@example.com")
	if err != nil || u != nil {
		t.Errorf("disabled sign-up created %+v (%v)", u, err)
	}
	wantBody(t, do(t, s, http.MethodGet, "/api/auth/get-session", nil, ""), 200, "null")
}

func TestMediaTypes(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	const body = `{"email":"a@example.com"}`
	tests := []struct {
		ct, msg string
	}{
		{"text/plain;charset=UTF-8", `Content-Type "text/plain;charset=UTF-8" is not allowed. Allowed types: application/json`},
		{"application/x-www-form-urlencoded", `Content-Type "application/x-www-form-urlencoded" is not allowed. Allowed types: application/json`},
		{"multipart/form-data; boundary=x", `Content-Type "multipart/form-data; boundary=x" is not allowed. Allowed types: application/json`},
		{"", "Content-Type is required. Allowed types: application/json"},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.ct != "" {
			h.Set("Content-Type", tt.ct)
		}
		wantError(t, do(t, s, http.MethodPost, "/api/auth/send-verification-email", h, body), http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", tt.msg)
	}
	// Parameters and case do not matter; a type containing the allowed one matches.
	for _, ct := range []string{"application/json; charset=utf-8", "APPLICATION/JSON", "Application/Json;charset=UTF-8"} {
		r := do(t, s, http.MethodPost, "/api/auth/send-verification-email", http.Header{"Content-Type": {ct}}, body)
		wantBody(t, r, 200, `{"status":true}`)
	}
	// No body at all needs no type.
	wantBody(t, do(t, s, http.MethodPost, "/api/auth/sign-out", nil, ""), 200, `{"success":true}`)
}

// Better Auth 1.6.9 answers 500 with an empty body for malformed JSON; GoAuth answers 400
// on purpose (documented in readBody).
func TestInvalidJSON(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	for _, body := range []string{`{"email":`, `{"a":1} {"b":2}`, `nope`} {
		wantError(t, do(t, s, http.MethodPost, "/api/auth/sign-in/email", jsonHeader(), body), http.StatusBadRequest, "VALIDATION_ERROR", "[body] Invalid JSON")
	}
}

func TestMaxBodyBytes(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) { o.MaxBodyBytes = 64 })
	body := `{"email":"a@example.com","password":"` + strings.Repeat("x", 100) + `"}`
	wantError(t, do(t, s, http.MethodPost, "/api/auth/sign-in/email", jsonHeader(), body), http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE", "Request body is too large")
}

// The router-wide origin middleware (spec 5.1).
func TestOriginCheck(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) {
		o.TrustedOrigins = []string{"https://app.example.com"}
		o.TrustedOriginsFunc = func(r *http.Request) []string {
			if r.Header.Get("X-Tenant") == "acme" {
				return []string{"https://acme.example"}
			}
			return nil
		}
	})
	c := s.Client(t)
	c.SignUp("Ada", "ada@example.com", password)
	cookie := c.CookieHeader()
	tests := []struct {
		name   string
		method string
		path   string
		h      http.Header
		body   string
		status int
		code   string
	}{
		{"cookie and foreign origin", "POST", "/api/auth/sign-out", jsonHeader("Cookie", cookie, "Origin", "https://evil.example"), "{}", 403, "INVALID_ORIGIN"},
		{"cookie without origin", "POST", "/api/auth/sign-out", jsonHeader("Cookie", cookie), "{}", 403, "MISSING_OR_NULL_ORIGIN"},
		{"any cookie counts", "POST", "/api/auth/sign-out", jsonHeader("Cookie", "theme=dark", "Origin", "https://evil.example"), "{}", 403, "INVALID_ORIGIN"},
		{"no cookie: origin not checked", "POST", "/api/auth/sign-out", jsonHeader("Origin", "https://evil.example"), "{}", 200, ""},
		{"GET is not checked", "GET", "/api/auth/get-session", http.Header{"Cookie": {cookie}, "Origin": {"https://evil.example"}}, "", 200, ""},
		{"per-request trusted origin", "POST", "/api/auth/update-user", jsonHeader("Cookie", cookie, "Origin", "https://acme.example", "X-Tenant", "acme"), `{"name":"B"}`, 200, ""},
		{"per-request origin for another request", "POST", "/api/auth/update-user", jsonHeader("Cookie", cookie, "Origin", "https://acme.example"), `{"name":"B"}`, 403, "INVALID_ORIGIN"},
		// 403 comes before validation (400) and the session guard (401).
		{"origin before validation", "POST", "/api/auth/change-password", jsonHeader("Cookie", cookie, "Origin", "https://evil.example"), "{}", 403, "INVALID_ORIGIN"},
		// Callback-type URLs, with or without cookies.
		{"callbackURL", "POST", "/api/auth/sign-out", jsonHeader(), `{"callbackURL":"https://evil.example/x"}`, 403, "INVALID_CALLBACK_URL"},
		{"protocol-relative callbackURL", "POST", "/api/auth/sign-out", jsonHeader(), `{"callbackURL":"//evil.example"}`, 403, "INVALID_CALLBACK_URL"},
		{"backslash callbackURL", "POST", "/api/auth/sign-out", jsonHeader(), `{"callbackURL":"/\\evil.example"}`, 403, "INVALID_CALLBACK_URL"},
		{"encoded slash callbackURL", "POST", "/api/auth/sign-out", jsonHeader(), `{"callbackURL":"/%2Fevil.example"}`, 403, "INVALID_CALLBACK_URL"},
		{"query callbackURL", "POST", "/api/auth/sign-out?callbackURL=https://evil.example", jsonHeader(), `{}`, 403, "INVALID_CALLBACK_URL"},
		{"redirectTo", "POST", "/api/auth/sign-out", jsonHeader(), `{"redirectTo":"https://evil.example"}`, 403, "INVALID_REDIRECT_URL"},
		{"errorCallbackURL", "POST", "/api/auth/sign-out", jsonHeader(), `{"errorCallbackURL":"https://evil.example"}`, 403, "INVALID_ERROR_CALLBACK_URL"},
		{"newUserCallbackURL", "POST", "/api/auth/sign-out", jsonHeader(), `{"newUserCallbackURL":"https://evil.example"}`, 403, "INVALID_NEW_USER_CALLBACK_URL"},
		{"relative and trusted URLs pass", "POST", "/api/auth/sign-out", jsonHeader(),
			`{"callbackURL":"/dashboard?tab=1","redirectTo":"https://app.example.com/x","errorCallbackURL":"` + s.URL + `/err"}`, 200, ""},
	}
	messages := map[string]string{
		"INVALID_ORIGIN": "Invalid origin", "MISSING_OR_NULL_ORIGIN": "Missing or null Origin",
		"INVALID_CALLBACK_URL": "Invalid callbackURL", "INVALID_REDIRECT_URL": "Invalid redirectURL",
		"INVALID_ERROR_CALLBACK_URL": "Invalid errorCallbackURL", "INVALID_NEW_USER_CALLBACK_URL": "Invalid newUserCallbackURL",
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, s, tt.method, tt.path, tt.h, tt.body)
			if tt.status == 200 {
				if r.Status != http.StatusOK {
					t.Fatalf("= %d %s, want 200", r.Status, r.Body)
				}
				return
			}
			wantError(t, r, tt.status, tt.code, messages[tt.code])
		})
	}
}

func TestOriginCheckSwitches(t *testing.T) {
	t.Parallel()
	csrfOff := newServer(t, func(o *authcore.Options) { o.Advanced.DisableCSRFCheck = true })
	r := do(t, csrfOff, http.MethodPost, "/api/auth/sign-out", jsonHeader("Cookie", "a=b", "Origin", "https://evil.example"), "{}")
	wantBody(t, r, 200, `{"success":true}`)
	r = do(t, csrfOff, http.MethodPost, "/api/auth/sign-out", jsonHeader(), `{"callbackURL":"https://evil.example"}`)
	wantError(t, r, http.StatusForbidden, "INVALID_CALLBACK_URL", "Invalid callbackURL")

	urlsOff := newServer(t, func(o *authcore.Options) { o.Advanced.DisableOriginCheck = true })
	r = do(t, urlsOff, http.MethodPost, "/api/auth/sign-out", jsonHeader(), `{"callbackURL":"https://evil.example"}`)
	wantBody(t, r, 200, `{"success":true}`)
}

// rateServer limits with an injected clock.
func rateServer(t *testing.T, clk *clock, more func(o *authcore.Options)) *authtest.Server {
	return newServer(t, func(o *authcore.Options) {
		on := true
		o.RateLimit.Enabled = &on
		o.Now = clk.Now
		if more != nil {
			more(o)
		}
	})
}

// want429 checks Better Auth's 429: text/plain, X-Retry-After, fixed body.
func want429(t *testing.T, r *authtest.Response, retryAfter string) {
	t.Helper()
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("status = %d (%s), want 429", r.Status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "text/plain;charset=UTF-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if got := r.Header.Get("X-Retry-After"); got != retryAfter {
		t.Errorf("X-Retry-After = %q, want %s", got, retryAfter)
	}
	if string(r.Body) != `{"message":"Too many requests. Please try again later."}` {
		t.Errorf("body = %s", r.Body)
	}
}

func TestRateLimitSignIn(t *testing.T) {
	t.Parallel()
	clk := &clock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	s := rateServer(t, clk, nil)
	signIn := func(ip, pw string) *authtest.Response {
		h := jsonHeader("X-Forwarded-For", ip)
		return do(t, s, http.MethodPost, "/api/auth/sign-in/email", h, `{"email":"ada@example.com","password":"`+pw+`"}`)
	}
	c := s.Client(t)
	c.Header.Set("X-Forwarded-For", "192.0.2.50")
	c.SignUp("Ada", "ada@example.com", password)

	// Three per 10 s, failures included.
	if r := signIn("192.0.2.1", "wrong password"); r.Status != http.StatusUnauthorized {
		t.Fatalf("1st = %d", r.Status)
	}
	for i := 2; i <= 3; i++ {
		clk.Advance(time.Second)
		if r := signIn("192.0.2.1", password); r.Status != http.StatusOK {
			t.Fatalf("sign-in %d = %d", i, r.Status)
		}
	}
	want429(t, signIn("192.0.2.1", password), "10") // last counted request is now
	clk.Advance(4 * time.Second)
	want429(t, signIn("192.0.2.1", password), "6") // 429s are not counted
	// Another client address and another path have their own buckets.
	if r := signIn("192.0.2.2", password); r.Status != http.StatusOK {
		t.Errorf("other IP = %d", r.Status)
	}
	if r := do(t, s, http.MethodGet, "/api/auth/ok", http.Header{"X-Forwarded-For": {"192.0.2.1"}}, ""); r.Status != http.StatusOK {
		t.Errorf("/ok = %d", r.Status)
	}
	// The window slides from the last counted request (at +2 s).
	clk.Advance(6 * time.Second)
	if r := signIn("192.0.2.1", password); r.Status != http.StatusOK {
		t.Errorf("after the window = %d %s", r.Status, r.Body)
	}
	// In-process calls are not limited.
	for range 5 {
		if _, _, err := s.Auth.API.SignInEmail(t.Context(), nil, authcore.SignInEmailInput{Email: "ada@example.com", Password: password}); err != nil {
			t.Fatalf("API sign-in: %v", err)
		}
	}
}

func TestRateLimitRules(t *testing.T) {
	t.Parallel()
	clk := &clock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	s := rateServer(t, clk, func(o *authcore.Options) {
		o.RateLimit.CustomRules = map[string]config.RateLimitRule{
			"/get-session":             {Window: time.Minute, Max: 2},
			"/sign-up/email":           {Disabled: true},
			"/send-verification-email": {Window: 10 * time.Second, Max: 1},
		}
	})
	get := func(path string) *authtest.Response { return do(t, s, http.MethodGet, "/api/auth"+path, nil, "") }
	// Default rule: 100 per 10 s; 404s count too.
	for i := range 100 {
		if r := get("/ok"); r.Status != http.StatusOK {
			t.Fatalf("/ok #%d = %d", i+1, r.Status)
		}
	}
	want429(t, get("/ok"), "10")
	for range 100 {
		wantNotFound(t, get("/missing"))
	}
	want429(t, get("/missing"), "10")

	// Custom rule.
	get("/get-session")
	get("/get-session")
	want429(t, get("/get-session"), "60")
	// Disabled rule.
	for i := range 5 {
		r := do(t, s, http.MethodPost, "/api/auth/sign-up/email", jsonHeader(), `{"name":"A","email":"u`+string(rune('a'+i))+`@example.com","password":"`+password+`"}`)
		if r.Status != http.StatusOK {
			t.Fatalf("sign-up %d = %d", i, r.Status)
		}
	}
	// Built-in 60 s rule for /request-password-reset (3 per minute).
	for range 3 {
		do(t, s, http.MethodPost, "/api/auth/request-password-reset", jsonHeader(), `{"email":"x@example.com"}`)
	}
	want429(t, do(t, s, http.MethodPost, "/api/auth/request-password-reset", jsonHeader(), `{"email":"x@example.com"}`), "60")
}

// pluginServer installs p.
func pluginServer(t *testing.T, p plugin.Plugin, more func(o *authcore.Options)) *authtest.Server {
	return newServer(t, func(o *authcore.Options) {
		o.Plugins = append(o.Plugins, p)
		if more != nil {
			more(o)
		}
	})
}

type helloInput struct {
	Name string `query:"name" validate:"required"`
}

type echoInput struct {
	Text  string `json:"text" validate:"required"`
	Times *int   `json:"times"`
}

func TestPluginEndpoints(t *testing.T) {
	t.Parallel()
	p := plugin.Plugin{
		ID: "test",
		Endpoints: []*endpoint.Endpoint{
			endpoint.New("hello", http.MethodGet, "/test/hello", endpoint.Meta{},
				func(_ context.Context, r *endpoint.Request, in helloInput) (map[string]any, error) {
					return map[string]any{"hello": in.Name, "user": r.Session.User.Email}, nil
				}, endpoint.RequireSession),
			endpoint.New("echo", http.MethodPost, "/test/echo", endpoint.Meta{},
				func(_ context.Context, _ *endpoint.Request, in echoInput) (map[string]any, error) {
					n := 1
					if in.Times != nil {
						n = *in.Times
					}
					return map[string]any{"text": strings.Repeat(in.Text, n)}, nil
				}),
			endpoint.New("item", http.MethodGet, "/test/items/{id}", endpoint.Meta{},
				func(_ context.Context, r *endpoint.Request, _ struct{}) (map[string]any, error) {
					return map[string]any{"id": r.Params["id"]}, nil
				}),
			endpoint.New("teapot", http.MethodGet, "/test/teapot", endpoint.Meta{},
				func(context.Context, *endpoint.Request, struct{}) (any, error) {
					return nil, apierror.New(http.StatusTeapot, "I_AM_A_TEAPOT", "Short and stout")
				}),
			endpoint.New("secret", http.MethodPost, "/test/secret", endpoint.Meta{ServerOnly: true},
				func(context.Context, *endpoint.Request, struct{}) (map[string]any, error) {
					return map[string]any{"server": true}, nil
				}),
		},
		ErrorCodes: map[apierror.Code]string{"I_AM_A_TEAPOT": "Short and stout"},
	}
	s := pluginServer(t, p, nil)
	c := s.Client(t)
	wantError(t, c.Get("/test/hello", url.Values{"name": {"x"}}), http.StatusUnauthorized, "UNAUTHORIZED", "Unauthorized")
	c.SignUp("Ada", "ada@example.com", password)
	wantError(t, c.Get("/test/hello", nil), http.StatusBadRequest, "VALIDATION_ERROR", "[query.name] Invalid input: expected string, received undefined")
	wantBody(t, c.Get("/test/hello", url.Values{"name": {"Go"}}), 200, `{"hello":"Go","user":"ada@example.com"}`)
	wantBody(t, c.Post("/test/echo", map[string]any{"text": "ab", "times": 3}), 200, `{"text":"ababab"}`)
	wantError(t, c.Post("/test/echo", map[string]any{"times": "3"}), http.StatusBadRequest, "VALIDATION_ERROR",
		"[body.text] Invalid input: expected string, received undefined; [body.times] Invalid input: expected number, received string")
	wantBody(t, c.Get("/test/items/42", nil), 200, `{"id":"42"}`)
	wantError(t, c.Get("/test/teapot", nil), http.StatusTeapot, "I_AM_A_TEAPOT", "Short and stout")
	if s.Auth.ErrorCodes()["I_AM_A_TEAPOT"] != "Short and stout" || s.Auth.ErrorCodes()["INVALID_TOKEN"] != "Invalid token" {
		t.Error("plugin error codes not merged with the base codes")
	}
	// Server-only endpoints are not routed but callable in process.
	wantNotFound(t, c.Post("/test/secret", map[string]any{}))
	res, _, err := s.Auth.API.Call(t.Context(), "secret", nil, map[string]any{}, nil)
	if diff := cmp.Diff(map[string]any{"server": true}, res); diff != "" || err != nil {
		t.Errorf("API.Call(secret) = %v, %v", res, err)
	}
}

// A plugin endpoint with a core key replaces the core endpoint; /ok and /error are
// registered last and cannot be replaced (spec 7.1).
func TestPluginOverridesCoreEndpoint(t *testing.T) {
	t.Parallel()
	p := plugin.Plugin{
		ID: "custom-session",
		Endpoints: []*endpoint.Endpoint{
			endpoint.New("getSession", http.MethodGet, "/get-session", endpoint.Meta{},
				func(context.Context, *endpoint.Request, struct{}) (map[string]any, error) {
					return map[string]any{"custom": true}, nil
				}),
			endpoint.New("ok", http.MethodGet, "/ok", endpoint.Meta{},
				func(context.Context, *endpoint.Request, struct{}) (map[string]any, error) {
					return map[string]any{"ok": "plugin"}, nil
				}),
		},
	}
	s := pluginServer(t, p, nil)
	c := s.Client(t)
	wantBody(t, c.Get("/get-session", nil), 200, `{"custom":true}`)
	wantBody(t, c.Get("/ok", nil), 200, `{"ok":true}`)
}

func TestPluginRegistrationErrors(t *testing.T) {
	t.Parallel()
	for name, ps := range map[string][]plugin.Plugin{
		"duplicate id": {{ID: "x"}, {ID: "x"}},
		"empty id":     {{ID: ""}},
		"core id":      {{ID: "core"}},
	} {
		opts := authtest.Options(&authtest.Mailbox{})
		opts.BaseURL = "http://localhost:3000"
		opts.Logger = slog.New(slog.DiscardHandler)
		opts.Plugins = ps
		if _, err := authcore.New(opts); err == nil {
			t.Errorf("%s: New succeeded", name)
		}
	}
}

func TestPluginInitAndOnRequest(t *testing.T) {
	t.Parallel()
	var inits atomic.Int32
	p := plugin.Plugin{
		ID: "gate",
		Init: func(c *endpoint.Context) (plugin.InitResult, error) {
			inits.Add(1)
			if c.BaseURL == "" || c.Store == nil {
				t.Error("Init got an incomplete context")
			}
			return plugin.InitResult{TrustedOrigins: []string{"https://plugin.example"}}, nil
		},
		OnRequest: func(_ context.Context, r *http.Request) (*http.Response, error) {
			if r.Header.Get("X-Block") == "" {
				return nil, nil
			}
			return &http.Response{
				StatusCode: http.StatusTeapot,
				Header:     http.Header{"X-Blocked": {"1"}},
				Body:       io.NopCloser(strings.NewReader("blocked")),
			}, nil
		},
	}
	s := pluginServer(t, p, nil)
	if inits.Load() != 1 {
		t.Errorf("Init ran %d times", inits.Load())
	}
	r := do(t, s, http.MethodPost, "/api/auth/sign-out", jsonHeader("Cookie", "a=b", "Origin", "https://plugin.example"), "{}")
	wantBody(t, r, 200, `{"success":true}`)
	// OnRequest runs before routing: even unknown paths are answered.
	for _, p := range []string{"/api/auth/ok", "/api/auth/unknown"} {
		r = do(t, s, http.MethodGet, p, http.Header{"X-Block": {"1"}}, "")
		if r.Status != http.StatusTeapot || string(r.Body) != "blocked" || r.Header.Get("X-Blocked") != "1" {
			t.Errorf("%s = %d %q", p, r.Status, r.Body)
		}
	}
}

// Unexpected errors and panics are 500 with an empty body; the cause stays in the logs.
func TestInternalErrors(t *testing.T) {
	t.Parallel()
	var observed atomic.Value
	p := plugin.Plugin{
		ID: "broken",
		Endpoints: []*endpoint.Endpoint{
			endpoint.New("fail", http.MethodGet, "/broken/fail", endpoint.Meta{},
				func(context.Context, *endpoint.Request, struct{}) (any, error) {
					return nil, errors.New("database password is hunter2")
				}),
			endpoint.New("panic", http.MethodGet, "/broken/panic", endpoint.Meta{},
				func(context.Context, *endpoint.Request, struct{}) (any, error) { panic("boom") }),
			endpoint.New("unencodable", http.MethodGet, "/broken/json", endpoint.Meta{},
				func(context.Context, *endpoint.Request, struct{}) (any, error) {
					return map[string]any{"f": func() {}}, nil
				}),
		},
	}
	s := pluginServer(t, p, func(o *authcore.Options) {
		o.OnAPIError = func(_ context.Context, err error) { observed.Store(err.Error()) }
	})
	for _, path := range []string{"/api/auth/broken/fail", "/api/auth/broken/panic", "/api/auth/broken/json"} {
		r := do(t, s, http.MethodGet, path, nil, "")
		if r.Status != http.StatusInternalServerError || len(r.Body) != 0 {
			t.Errorf("%s = %d %q, want 500 with no body", path, r.Status, r.Body)
		}
	}
	if got, _ := observed.Load().(string); !strings.Contains(got, "hunter2") {
		t.Errorf("OnAPIError saw %q", got)
	}
	// The server survives.
	wantBody(t, do(t, s, http.MethodGet, "/api/auth/ok", nil, ""), 200, `{"ok":true}`)
}

func TestHooks(t *testing.T) {
	t.Parallel()
	var order []string
	var mu sync.Mutex
	note := func(s string) {
		mu.Lock()
		defer mu.Unlock()
		order = append(order, s)
	}
	p := plugin.Plugin{
		ID: "hooks",
		Hooks: plugin.Hooks{
			Before: []plugin.BeforeHook{{
				Matcher: func(r *endpoint.Request) bool { return r.Path == "/ok" },
				Handler: func(context.Context, *endpoint.Request) (any, error) { note("plugin before"); return nil, nil },
			}},
			After: []plugin.AfterHook{{
				Matcher: func(r *endpoint.Request) bool { return r.Path == "/ok" },
				Handler: func(_ context.Context, _ *endpoint.Request, res any, _ error) (any, error) {
					note("plugin after")
					return nil, nil
				},
			}},
		},
	}
	s := pluginServer(t, p, func(o *authcore.Options) {
		o.Hooks.Before = func(_ context.Context, r *authcore.Request) (any, error) {
			switch r.Path {
			case "/ok":
				note("user before")
			case "/sign-up/email":
				// Before-hooks see the unvalidated body.
				if r.Body["name"] == "blocked" {
					return nil, apierror.New(http.StatusForbidden, "SIGN_UP_BLOCKED", "Sign-up blocked")
				}
				if r.Body["name"] == "intercepted" {
					return map[string]any{"intercepted": true}, nil
				}
			}
			return nil, nil
		}
		o.Hooks.After = func(_ context.Context, r *authcore.Request, res any, err error) (any, error) {
			switch r.Path {
			case "/ok":
				note("user after")
				r.ResponseHeader.Set("X-Hooked", "yes")
				return map[string]any{"ok": true, "hooked": true}, nil
			case "/sign-in/email":
				if ae, ok := apierror.As(err); ok && ae.Code == "INVALID_EMAIL_OR_PASSWORD" {
					return nil, apierror.New(http.StatusUnauthorized, "LOGIN_FAILED", "Try again")
				}
			}
			return nil, nil
		}
	})
	r := do(t, s, http.MethodGet, "/api/auth/ok", nil, "")
	wantBody(t, r, 200, `{"hooked":true,"ok":true}`)
	if r.Header.Get("X-Hooked") != "yes" {
		t.Error("after-hook header lost")
	}
	if diff := cmp.Diff([]string{"user before", "plugin before", "user after", "plugin after"}, order); diff != "" {
		t.Errorf("hook order (-want +got):\n%s", diff)
	}

	c := s.Client(t)
	wantBody(t, c.Post("/sign-up/email", map[string]any{"name": "intercepted"}), 200, `{"intercepted":true}`)
	wantError(t, c.Post("/sign-up/email", map[string]any{"name": "blocked", "email": "b@example.com", "password": password}),
		http.StatusForbidden, "SIGN_UP_BLOCKED", "Sign-up blocked")
	for _, e := range []string{"b@example.com"} {
		if u, _ := s.Auth.Context.Store.UserByEmail(t.Context(), e); u != nil {
			t.Errorf("short-circuited sign-up created %s", e)
		}
	}
	wantError(t, c.Post("/sign-in/email", map[string]any{"email": "nobody@example.com", "password": password}),
		http.StatusUnauthorized, "LOGIN_FAILED", "Try again")

	// Hooks run for in-process calls too.
	res, hdr, err := s.Auth.API.Call(t.Context(), "ok", nil, nil, nil)
	if diff := cmp.Diff(map[string]any{"ok": true, "hooked": true}, res); diff != "" || err != nil || hdr.Get("X-Hooked") != "yes" {
		t.Errorf("API.Call(ok) = %v, %v, %v", res, hdr, err)
	}
}

// Forwarded addresses are believed from configured proxies only (GoAuth's
// TrustedProxies; see config.IPAddress).
func TestTrustedProxies(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) {
		o.Advanced.IPAddress.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.0.0.0/8")}
	})
	c := s.Client(t)
	c.SignUp("Ada", "ada@example.com", password)
	r := do(t, s, http.MethodPost, "/api/auth/sign-in/email", jsonHeader("X-Forwarded-For", "198.51.100.1, 10.0.0.1"),
		`{"email":"ada@example.com","password":"`+password+`"}`)
	var body struct{ Token string }
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatal(err)
	}
	sess, _, err := s.Auth.Context.Store.SessionByToken(t.Context(), body.Token)
	if err != nil || sess == nil || sess.IPAddress == nil || *sess.IPAddress != "198.51.100.1" {
		t.Errorf("session = %+v, %v; want ipAddress 198.51.100.1", sess, err)
	}
}
