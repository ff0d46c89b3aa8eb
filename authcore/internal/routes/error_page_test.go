package routes_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/goauth-dev/goauth/authcore"
)

func TestErrorPage(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	c := s.Client(t)
	tests := []struct {
		name     string
		q        url.Values
		contains []string
		absent   []string
	}{
		{"code", url.Values{"error": {"access_denied"}}, []string{"access_denied"}, []string{"UNKNOWN"}},
		{"no code", nil, []string{"UNKNOWN"}, nil},
		{"unsafe code", url.Values{"error": {"<script>alert(1)</script>"}}, []string{"UNKNOWN"}, []string{"<script>", "alert(1)"}},
		{"description escaped", url.Values{"error": {"state_mismatch"}, "error_description": {`<img src=x onerror="x">`}},
			[]string{"state_mismatch", "&lt;img src=x onerror=&#34;x&#34;&gt;"}, []string{"<img"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Get("/error", tt.q)
			wantStatus(t, r, http.StatusOK)
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("Content-Type = %q", ct)
			}
			body := string(r.Body)
			for _, s := range tt.contains {
				if !strings.Contains(body, s) {
					t.Errorf("page lacks %q", s)
				}
			}
			for _, s := range tt.absent {
				if strings.Contains(body, s) {
					t.Errorf("page contains %q", s)
				}
			}
		})
	}
}

// In production the page redirects to "/?error=…" (spec 2.7).
func TestErrorPageProduction(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) { o.Production = true })
	tests := []struct {
		q    url.Values
		want string
	}{
		{url.Values{"error": {"access_denied"}, "error_description": {"no thanks"}}, "/?error=access_denied&error_description=no+thanks"},
		{url.Values{"error": {"<bad>"}}, "/?error=UNKNOWN"},
	}
	for _, tt := range tests {
		r := s.Client(t).Get("/error", tt.q)
		// Better Auth returns a bare Response here: no Content-Type, no body.
		if r.Status != http.StatusFound || r.Header.Get("Location") != tt.want || len(r.Body) != 0 || r.Header.Get("Content-Type") != "" {
			t.Errorf("%v: %d Location %q type %q body %q, want a bare 302 to %s",
				tt.q, r.Status, r.Header.Get("Location"), r.Header.Get("Content-Type"), r.Body, tt.want)
		}
	}
}
