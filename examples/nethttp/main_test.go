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
)

// start serves the example on an httptest server and returns a cookie-keeping client that
// does not follow redirects.
func start(t *testing.T) (*httptest.Server, *http.Client) {
	t.Helper()
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	var err error
	h, err = newServer(authcore.Options{
		BaseURL: srv.URL,
		Secret:  "examples-nethttp-secret-0123456789abcdefghij",
		Logger:  slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	return srv, &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func send(t *testing.T, c *http.Client, method, url, body string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, strings.TrimSpace(string(b))
}

func TestServer(t *testing.T) {
	srv, c := start(t)
	json := []string{"Content-Type", "application/json", "Origin", srv.URL}
	navigate := []string{"Sec-Fetch-Mode", "navigate"}

	if resp, body := send(t, c, "GET", srv.URL+"/api/auth/ok", ""); resp.StatusCode != 200 || body != `{"ok":true}` {
		t.Fatalf("/api/auth/ok: %d %s", resp.StatusCode, body)
	}
	if resp, body := send(t, c, "GET", srv.URL+"/api/me", ""); resp.StatusCode != 401 || body != `{"message":"Unauthorized","code":"UNAUTHORIZED"}` {
		t.Errorf("/api/me signed out: %d %s", resp.StatusCode, body)
	}
	resp, _ := send(t, c, "GET", srv.URL+"/dashboard", "", navigate...)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/sign-in?callbackURL=%2Fdashboard" {
		t.Errorf("/dashboard signed out: %d Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := send(t, c, "GET", srv.URL+"/sign-in", ""); resp.StatusCode != 200 {
		t.Errorf("/sign-in: %d", resp.StatusCode)
	}

	resp, body := send(t, c, "POST", srv.URL+"/api/auth/sign-up/email",
		`{"name":"<Ada>","email":"ada@example.com","password":"correct horse battery staple"}`, json...)
	if resp.StatusCode != 200 {
		t.Fatalf("sign-up: %d %s", resp.StatusCode, body)
	}
	if resp, body := send(t, c, "GET", srv.URL+"/api/me", ""); resp.StatusCode != 200 || !strings.Contains(body, `"email":"ada@example.com"`) {
		t.Errorf("/api/me signed in: %d %s", resp.StatusCode, body)
	}
	if resp, body := send(t, c, "GET", srv.URL+"/dashboard", "", navigate...); resp.StatusCode != 200 || body != "<h1>Welcome, &lt;Ada&gt;</h1>" {
		t.Errorf("/dashboard signed in: %d %s", resp.StatusCode, body)
	}

	if resp, body := send(t, c, "POST", srv.URL+"/api/auth/sign-out", "{}", json...); resp.StatusCode != 200 {
		t.Fatalf("sign-out: %d %s", resp.StatusCode, body)
	}
	if resp, _ := send(t, c, "GET", srv.URL+"/api/me", ""); resp.StatusCode != 401 {
		t.Errorf("/api/me after sign-out: %d", resp.StatusCode)
	}
}
