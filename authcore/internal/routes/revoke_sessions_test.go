package routes_test

import (
	"net/http"
	"testing"
)

func TestRevokeSessions(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	laptop := signInAgain(t, s, a)
	b := signUp(t, s, "bob@example.com")

	r := a.c.Post("/revoke-sessions", map[string]any{})
	wantJSON(t, r, map[string]any{"status": true})
	wantNoCookies(t, r) // cookies are left as they are
	for _, tok := range []string{a.token, laptop.token} {
		if storedSession(t, s, tok) != nil {
			t.Errorf("session %s survived", tok)
		}
	}
	if storedSession(t, s, b.token) == nil {
		t.Error("another user's session was revoked")
	}
	if m := getSession(t, a.c, nil); m != nil {
		t.Errorf("current session still valid: %v", m)
	}
}

func TestRevokeSessionsErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	wantError(t, s.Client(t).Post("/revoke-sessions", map[string]any{}), http.StatusUnauthorized, "UNAUTHORIZED", "Unauthorized")
	a := signUp(t, s, "ada@example.com")
	// Cookie-carrying POST from a foreign origin: 403 before anything else.
	a.c.Origin = "https://evil.example"
	wantError(t, a.c.Post("/revoke-sessions", map[string]any{}), http.StatusForbidden, "INVALID_ORIGIN", "Invalid origin")
	if storedSession(t, s, a.token) == nil {
		t.Error("refused request revoked the session")
	}
}

func TestRevokeSessionsInProcess(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	if err := s.Auth.API.RevokeSessions(t.Context(), cookieHeader(a.c)); err != nil {
		t.Fatal(err)
	}
	if storedSession(t, s, a.token) != nil {
		t.Error("not revoked")
	}
}
