package routes_test

import (
	"net/http"
	"testing"
)

func TestOK(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	c := s.Client(t)
	r := c.Get("/ok", nil)
	wantStatus(t, r, http.StatusOK)
	if string(r.Body) != `{"ok":true}` || r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("= %q (%s), want {\"ok\":true} JSON", r.Body, r.Header.Get("Content-Type"))
	}
	wantNoCookies(t, r)
	// GET only; HEAD is not routed to GET (spec 1.1).
	for _, m := range []string{http.MethodPost, http.MethodHead, http.MethodOptions, http.MethodPut} {
		r := c.Do(m, "/ok", "", nil)
		if r.Status != http.StatusNotFound || len(r.Body) != 0 || r.Header.Get("Content-Type") != "" {
			t.Errorf("%s /ok = %d %q (%s), want 404, no body, no type", m, r.Status, r.Body, r.Header.Get("Content-Type"))
		}
	}
}
