package routes_test

import (
	"net/http"
	"testing"
)

func TestRevokeOtherSessions(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	laptop := signInAgain(t, s, a)
	phone := signInAgain(t, s, a)
	b := signUp(t, s, "bob@example.com")

	r := a.c.Post("/revoke-other-sessions", map[string]any{})
	wantJSON(t, r, map[string]any{"status": true})
	wantNoCookies(t, r)
	if storedSession(t, s, a.token) == nil || sessionUser(t, a.c)["id"] != a.id {
		t.Error("current session revoked")
	}
	for _, o := range []account{laptop, phone} {
		if storedSession(t, s, o.token) != nil {
			t.Errorf("other session %s survived", o.token)
		}
	}
	if storedSession(t, s, b.token) == nil {
		t.Error("another user's session was revoked")
	}
}

func TestRevokeOtherSessionsErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	wantError(t, s.Client(t).Post("/revoke-other-sessions", map[string]any{}), http.StatusUnauthorized, "UNAUTHORIZED", "Unauthorized")
	a := signUp(t, s, "ada@example.com")
	a.c.Origin = ""
	wantError(t, a.c.Post("/revoke-other-sessions", map[string]any{}), http.StatusForbidden, "MISSING_OR_NULL_ORIGIN", "Missing or null Origin")
}

func TestRevokeOtherSessionsInProcess(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	laptop := signInAgain(t, s, a)
	if err := s.Auth.API.RevokeOtherSessions(t.Context(), cookieHeader(a.c)); err != nil {
		t.Fatal(err)
	}
	if storedSession(t, s, laptop.token) != nil || storedSession(t, s, a.token) == nil {
		t.Error("wrong sessions revoked")
	}
}
