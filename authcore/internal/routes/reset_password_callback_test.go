package routes_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/authtest"
)

// resetToken requests a reset for email and returns the mailed token.
func resetToken(t *testing.T, s *authtest.Server, email string) string {
	t.Helper()
	wantStatus(t, s.Client(t).Post("/request-password-reset", map[string]any{"email": email}), http.StatusOK)
	m, ok := s.Mail.Last("reset-password")
	if !ok {
		t.Fatal("no reset mail")
	}
	return m.Token
}

func wantRedirect(t *testing.T, r *authtest.Response, location string) {
	t.Helper()
	if r.Status != http.StatusFound || r.Header.Get("Location") != location || len(r.Body) != 0 {
		t.Errorf("= %d Location %q body %q, want 302 to %s", r.Status, r.Header.Get("Location"), r.Body, location)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
}

func TestResetPasswordCallback(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := newServer(t, withClock(clk))
	a := signUp(t, s, "ada@example.com")
	tok := resetToken(t, s, a.email)
	c := s.Client(t)

	// The callback is resolved against the base URL.
	wantRedirect(t, c.Get("/reset-password/"+tok, url.Values{"callbackURL": {"/reset"}}), s.URL+"/reset?token="+tok)
	// URLSearchParams#set semantics: existing parameters keep their order, token is
	// appended, or replaced in place.
	wantRedirect(t, c.Get("/reset-password/"+tok, url.Values{"callbackURL": {s.URL + "/account/reset?z=1&a=2"}}), s.URL+"/account/reset?z=1&a=2&token="+tok)
	wantRedirect(t, c.Get("/reset-password/"+tok, url.Values{"callbackURL": {"/reset?token=old&x=1&token=dup"}}), s.URL+"/reset?token="+tok+"&x=1")
	// Looking does not consume the token.
	wantRedirect(t, c.Get("/reset-password/"+tok, url.Values{"callbackURL": {"/reset"}}), s.URL+"/reset?token="+tok)

	wantRedirect(t, c.Get("/reset-password/unknown-token", url.Values{"callbackURL": {"/reset"}}), s.URL+"/reset?error=INVALID_TOKEN")
	wantRedirect(t, c.Get("/reset-password/unknown-token", url.Values{"callbackURL": {"/reset?z=1"}}), s.URL+"/reset?z=1&error=INVALID_TOKEN")
	clk.Advance(time.Hour + time.Second)
	wantRedirect(t, c.Get("/reset-password/"+tok, url.Values{"callbackURL": {"/reset"}}), s.URL+"/reset?error=INVALID_TOKEN")
}

func TestResetPasswordCallbackErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	tok := resetToken(t, s, a.email)
	c := s.Client(t)
	wantError(t, c.Get("/reset-password/"+tok, nil), http.StatusBadRequest, "VALIDATION_ERROR",
		"[query.callbackURL] Invalid input: expected string, received undefined")
	for _, cb := range []string{"https://evil.example/reset", "//evil.example/reset", "/\\evil.example"} {
		wantError(t, c.Get("/reset-password/"+tok, url.Values{"callbackURL": {cb}}), http.StatusForbidden, "INVALID_CALLBACK_URL", "Invalid callbackURL")
	}
	// No token segment: no route.
	if r := c.Get("/reset-password/", url.Values{"callbackURL": {"/reset"}}); r.Status != http.StatusNotFound {
		t.Errorf("/reset-password/ = %d, want 404", r.Status)
	}
}
