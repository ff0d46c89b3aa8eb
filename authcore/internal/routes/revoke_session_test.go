package routes_test

import (
	"net/http"
	"testing"
)

func TestRevokeSession(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	laptop := signInAgain(t, s, a)
	b := signUp(t, s, "bob@example.com")

	// Another session of mine.
	r := a.c.Post("/revoke-session", map[string]any{"token": laptop.token})
	wantJSON(t, r, map[string]any{"status": true})
	wantNoCookies(t, r)
	if storedSession(t, s, laptop.token) != nil || getSession(t, laptop.c, nil) != nil {
		t.Error("revoked session still valid")
	}
	// Someone else's and unknown tokens: {status:true}, nothing deleted.
	for _, tok := range []string{b.token, "unknown-token"} {
		wantJSON(t, a.c.Post("/revoke-session", map[string]any{"token": tok}), map[string]any{"status": true})
	}
	if storedSession(t, s, b.token) == nil {
		t.Error("another user's session was revoked")
	}
	// My current session: revoked, but the cookies stay (spec 2.2).
	r = a.c.Post("/revoke-session", map[string]any{"token": a.token})
	wantJSON(t, r, map[string]any{"status": true})
	wantNoCookies(t, r)
	if storedSession(t, s, a.token) != nil {
		t.Error("current session not revoked")
	}
}

func TestRevokeSessionErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	anon := s.Client(t)
	// Validation runs before the session guard (spec 1.2).
	wantError(t, anon.Post("/revoke-session", map[string]any{}), http.StatusBadRequest, "VALIDATION_ERROR",
		"[body.token] Invalid input: expected string, received undefined")
	wantError(t, anon.Post("/revoke-session", map[string]any{"token": a.token}), http.StatusUnauthorized, "UNAUTHORIZED", "Unauthorized")
	wantError(t, a.c.Post("/revoke-session", map[string]any{"token": 7}), http.StatusBadRequest, "VALIDATION_ERROR",
		"[body.token] Invalid input: expected string, received number")
	if storedSession(t, s, a.token) == nil {
		t.Error("session deleted by a failed request")
	}
}

func TestRevokeSessionInProcess(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	laptop := signInAgain(t, s, a)
	if err := s.Auth.API.RevokeSession(t.Context(), cookieHeader(a.c), laptop.token); err != nil {
		t.Fatal(err)
	}
	if storedSession(t, s, laptop.token) != nil {
		t.Error("not revoked")
	}
}
