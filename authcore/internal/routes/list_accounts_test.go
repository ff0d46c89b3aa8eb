package routes_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/authtest"
	"github.com/goauth-dev/goauth/authcore/db"
)

// linkGitHub adds a GitHub account with tokens and scopes to a user.
func linkGitHub(t *testing.T, s *authtest.Server, userID, accountID string) {
	t.Helper()
	if _, err := s.Auth.Context.Store.CreateAccount(t.Context(), db.Record{
		"userId": userID, "providerId": "github", "accountId": accountID,
		"accessToken": "gho_secret", "refreshToken": "ghr_secret", "idToken": "id.token.x",
		"accessTokenExpiresAt": time.Now().Add(time.Hour), "scope": "read:user,user:email",
	}); err != nil {
		t.Fatal(err)
	}
}

func TestListAccounts(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := newServer(t, withClock(clk))
	a := signUp(t, s, "ada@example.com")
	b := signUp(t, s, "bob@example.com")
	clk.Advance(time.Minute)
	linkGitHub(t, s, a.id, "gh-1")
	linkGitHub(t, s, b.id, "gh-2")

	r := a.c.Get("/list-accounts", nil)
	wantStatus(t, r, http.StatusOK)
	var got []map[string]any
	r.JSON(t, &got)
	if len(got) != 2 {
		t.Fatalf("accounts = %s, want 2", r.Body)
	}
	want := []map[string]any{
		{"id": got[0]["id"], "accountId": a.id, "providerId": "credential", "userId": a.id,
			"createdAt": isoTime(t0), "updatedAt": isoTime(t0), "scopes": []any{}},
		{"id": got[1]["id"], "accountId": "gh-1", "providerId": "github", "userId": a.id,
			"createdAt": isoTime(t0.Add(time.Minute)), "updatedAt": isoTime(t0.Add(time.Minute)), "scopes": []any{"read:user", "user:email"}},
	}
	// Secrets (tokens, password, scope) never leave the server.
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("accounts (-want +got):\n%s", diff)
	}

	wantError(t, s.Client(t).Get("/list-accounts", nil), http.StatusUnauthorized, "UNAUTHORIZED", "Unauthorized")

	list, err := s.Auth.API.ListAccounts(t.Context(), cookieHeader(a.c))
	if err != nil || len(list) != 2 || list[1].ProviderID != "github" {
		t.Errorf("API.ListAccounts = %+v, %v", list, err)
	}
}
