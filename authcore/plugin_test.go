package authcore_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/authtest"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/plugin"
)

func TestPluginMiddlewaresAndOnResponse(t *testing.T) {
	var seen []string
	p := plugin.Plugin{
		ID: "probe",
		Middlewares: []plugin.Middleware{
			{Path: "/sign-in/*", Handler: func(_ context.Context, r *endpoint.Request) error {
				seen = append(seen, "mw:"+r.Path)
				if r.Header.Get("X-Block") != "" {
					return apierror.New(http.StatusForbidden, "BLOCKED", "blocked by plugin")
				}
				return nil
			}},
			{Path: "/ok", Handler: func(_ context.Context, r *endpoint.Request) error {
				seen = append(seen, "mw-ok")
				return nil
			}},
		},
		OnResponse: func(_ context.Context, r *http.Request, status int, h http.Header) {
			h.Set("X-Probe-Status", http.StatusText(status))
		},
	}
	s := authtest.New(t, func(o *authcore.Options) { o.Plugins = []plugin.Plugin{p} })
	c := s.Client(t)

	r := c.Get("/ok", nil)
	if r.Status != http.StatusOK || r.Header.Get("X-Probe-Status") != "OK" {
		t.Fatalf("GET /ok: %d, X-Probe-Status %q", r.Status, r.Header.Get("X-Probe-Status"))
	}
	c.Header.Set("X-Block", "1")
	r = c.Post("/sign-in/email", map[string]any{"email": "a@example.com", "password": "password123"})
	if r.Status != http.StatusForbidden || r.Code() != "BLOCKED" {
		t.Fatalf("blocked sign-in: %d %s", r.Status, r.Body)
	}
	if got := r.Header.Get("X-Probe-Status"); got != "Forbidden" {
		t.Errorf("OnResponse on an error: X-Probe-Status %q", got)
	}
	// Unmatched route: the sign-in middleware does not run.
	c.Get("/get-session", nil)
	want := []string{"mw-ok", "mw:/sign-in/email"}
	if len(seen) != len(want) || seen[0] != want[0] || seen[1] != want[1] {
		t.Errorf("middlewares ran %v, want %v", seen, want)
	}
}

func TestPluginMiddlewareMatches(t *testing.T) {
	cases := []struct {
		pattern, path string
		want          bool
	}{
		{"*", "/anything", true},
		{"/sign-in/*", "/sign-in/email", true},
		{"/sign-in/*", "/sign-up/email", false},
		{"/sign-in/*", "/sign-in", false},
		{"/ok", "/ok", true},
		{"/ok", "/ok/x", false},
	}
	for _, c := range cases {
		if got := (plugin.Middleware{Path: c.pattern}).Matches(c.path); got != c.want {
			t.Errorf("Matches(%q, %q) = %v, want %v", c.pattern, c.path, got, c.want)
		}
	}
}

func TestDuplicatePluginRefused(t *testing.T) {
	_, err := authcore.New(authcore.Options{
		BaseURL: "http://localhost:3000", Secret: authtest.Secret,
		Plugins: []plugin.Plugin{{ID: "x"}, {ID: "x"}},
	})
	if err == nil {
		t.Fatal("two plugins with one ID were accepted")
	}
	_, err = authcore.New(authcore.Options{BaseURL: "http://localhost:3000", Secret: authtest.Secret, Plugins: []plugin.Plugin{{}}})
	if err == nil {
		t.Fatal("a plugin without an ID was accepted")
	}
}
