package routes_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestListSessions(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := newServer(t, withClock(clk))
	a := signUp(t, s, "ada@example.com")
	// A non-remembered session (one day) and another user's session.
	short := s.Client(t)
	wantStatus(t, short.Post("/sign-in/email", map[string]any{"email": a.email, "password": password, "rememberMe": false}), http.StatusOK)
	b := signUp(t, s, "bob@example.com")

	r := a.c.Get("/list-sessions", nil)
	wantStatus(t, r, http.StatusOK)
	wantNoCookies(t, r)
	var got []map[string]any
	r.JSON(t, &got)
	if len(got) != 2 {
		t.Fatalf("list-sessions = %d sessions, want 2: %s", len(got), r.Body)
	}
	tokens := map[any]bool{}
	for _, sess := range got {
		if diff := cmp.Diff(sessionKeys, keys(sess)); diff != "" {
			t.Errorf("session keys (-want +got):\n%s", diff)
		}
		if sess["userId"] != a.id {
			t.Errorf("session of user %v listed", sess["userId"])
		}
		tokens[sess["token"]] = true
	}
	if !tokens[a.token] || tokens[b.token] {
		t.Errorf("tokens = %v, want the caller's (with token) and not bob's", tokens)
	}

	// Two days later only the remembered session is active.
	clk.Advance(48 * time.Hour)
	r = a.c.Get("/list-sessions", nil)
	got = nil
	r.JSON(t, &got)
	if len(got) != 1 || got[0]["token"] != a.token {
		t.Errorf("after two days: %s, want only %s", r.Body, a.token)
	}
}

func TestListSessionsErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	c := s.Client(t)
	wantError(t, c.Get("/list-sessions", nil), http.StatusUnauthorized, "UNAUTHORIZED", "Unauthorized")
	a := signUp(t, s, "ada@example.com")
	// GET only.
	r := a.c.Post("/list-sessions", map[string]any{})
	if r.Status != http.StatusNotFound || len(r.Body) != 0 {
		t.Errorf("POST /list-sessions = %d %q, want 404 with an empty body", r.Status, r.Body)
	}
}

func TestListSessionsInProcess(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	signInAgain(t, s, a)
	list, err := s.Auth.API.ListSessions(t.Context(), cookieHeader(a.c))
	if err != nil || len(list) != 2 {
		t.Fatalf("ListSessions = %d, %v; want 2", len(list), err)
	}
	_, err = s.Auth.API.ListSessions(t.Context(), nil)
	wantAPIError(t, err, http.StatusUnauthorized, "UNAUTHORIZED")
}
