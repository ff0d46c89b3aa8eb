package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/labstack/echo/v4"
)

// client is a browser-like client of the example on an httptest server: it keeps cookies,
// sends Origin and does not follow redirects.
type client struct {
	t   *testing.T
	url string
	c   *http.Client
}

func start(t *testing.T) *client {
	t.Helper()
	var e *echo.Echo
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { e.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	var err error
	e, err = newServer(authcore.Options{
		BaseURL: srv.URL,
		Secret:  "examples-echo-secret-0123456789abcdefghijklm",
		Logger:  slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	return newClient(t, srv.URL)
}

func newClient(t *testing.T, url string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, url: url, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (c *client) do(method, path, body string, header ...string) (*http.Response, string) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.url+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Origin", c.url)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, strings.TrimSpace(string(b))
}

func (c *client) signUp(name, email, role string) {
	c.t.Helper()
	resp, body := c.do("POST", "/api/auth/sign-up/email",
		`{"name":"`+name+`","email":"`+email+`","password":"correct horse battery staple","role":"`+role+`"}`)
	if resp.StatusCode != 200 {
		c.t.Fatalf("sign-up %s: %d %s", email, resp.StatusCode, body)
	}
}

const unauthorized = `{"message":"Unauthorized","code":"UNAUTHORIZED"}`

func TestSignedOut(t *testing.T) {
	c := start(t)
	for _, tc := range []struct {
		path     string
		header   []string
		status   int
		body     string
		location string
	}{
		{"/api/auth/ok", nil, 200, `{"ok":true}`, ""},
		{"/api/auth/ok/", nil, 404, "", ""}, // GoAuth's answer: the trailing-slash Pre middleware skipped it
		{"/", nil, 200, "Hello, guest", ""},
		{"/api/me", nil, 401, unauthorized, ""},
		{"/api/admin/stats", nil, 401, unauthorized, ""},
		{"/api/me/", nil, 401, unauthorized, ""}, // the trailing slash is removed for application routes
		{"/account/profile", []string{"Sec-Fetch-Mode", "navigate"}, 303, "", "/sign-in?callbackURL=%2Faccount%2Fprofile"},
		{"/account/profile", []string{"Sec-Fetch-Mode", "cors"}, 401, unauthorized, ""},
	} {
		resp, body := c.do("GET", tc.path, "", tc.header...)
		if resp.StatusCode != tc.status || (tc.body != "" && body != tc.body) || resp.Header.Get("Location") != tc.location {
			t.Errorf("%s: %d %q Location %q, want %d %q %q", tc.path, resp.StatusCode, body, resp.Header.Get("Location"),
				tc.status, tc.body, tc.location)
		}
	}
}

func TestSignedIn(t *testing.T) {
	ada := start(t)
	bob := newClient(t, ada.url)
	ada.signUp("Ada", "ada@example.com", "user,admin")
	bob.signUp("Bob", "bob@example.com", "user")

	for _, tc := range []struct {
		who          *client
		path         string
		status       int
		bodyContains string
	}{
		{ada, "/", 200, "Hello, Ada"},
		{ada, "/api/me", 200, `"email":"ada@example.com"`},
		{ada, "/api/admin/stats", 200, `{"users":1}`},
		{bob, "/api/admin/stats", 403, `{"message":"Forbidden","code":"FORBIDDEN"}`},
		{bob, "/account/profile", 200, "<h1>Bob</h1>"},
	} {
		resp, body := tc.who.do("GET", tc.path, "", "Sec-Fetch-Mode", "navigate")
		if resp.StatusCode != tc.status || !strings.Contains(body, tc.bodyContains) {
			t.Errorf("%s: %d %q, want %d containing %q", tc.path, resp.StatusCode, body, tc.status, tc.bodyContains)
		}
	}
}

// The IP extractor decides the client IP GoAuth records: the socket peer, whatever
// X-Forwarded-For says.
func TestClientIPFromEcho(t *testing.T) {
	c := start(t)
	resp, body := c.do("POST", "/api/auth/sign-up/email",
		`{"name":"Ip","email":"ip@example.com","password":"correct horse battery staple"}`, "X-Forwarded-For", "203.0.113.9")
	if resp.StatusCode != 200 {
		t.Fatalf("sign-up: %d %s", resp.StatusCode, body)
	}
	_, body = c.do("GET", "/api/auth/list-sessions", "")
	if !strings.Contains(body, `"ipAddress":""`) {
		t.Errorf("list-sessions: %s; want the socket peer (loopback, which GoAuth records as \"\"), not the forwarded address", body)
	}
}
