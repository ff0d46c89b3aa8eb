package routes_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore"
)

func TestUnlinkAccount(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	linkGitHub(t, s, a.id, "gh-1")
	linkGitHub(t, s, a.id, "gh-2")

	wantError(t, a.c.Post("/unlink-account", map[string]any{"providerId": "github", "accountId": "gh-9"}),
		http.StatusBadRequest, "ACCOUNT_NOT_FOUND", "Account not found")
	wantError(t, a.c.Post("/unlink-account", map[string]any{"providerId": "google"}),
		http.StatusBadRequest, "ACCOUNT_NOT_FOUND", "Account not found")

	wantJSON(t, a.c.Post("/unlink-account", map[string]any{"providerId": "github", "accountId": "gh-2"}), map[string]any{"status": true})
	accs, _ := s.Auth.Context.Store.Accounts(t.Context(), a.id)
	if len(accs) != 2 {
		t.Fatalf("accounts = %+v, want 2 left", accs)
	}
	for _, acc := range accs {
		if acc.AccountID == "gh-2" {
			t.Error("gh-2 still linked")
		}
	}
	// Without accountId the provider's account goes.
	if err := s.Auth.API.UnlinkAccount(t.Context(), cookieHeader(a.c), authcore.UnlinkAccountInput{ProviderID: "github"}); err != nil {
		t.Fatal(err)
	}
	// The last account stays.
	wantError(t, a.c.Post("/unlink-account", map[string]any{"providerId": "credential"}),
		http.StatusBadRequest, "FAILED_TO_UNLINK_LAST_ACCOUNT", "You can't unlink your last account")
	if accs, _ := s.Auth.Context.Store.Accounts(t.Context(), a.id); len(accs) != 1 {
		t.Errorf("accounts = %+v, want the credential account", accs)
	}
}

func TestUnlinkAccountAllowUnlinkingAll(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) { o.Account.AccountLinking.AllowUnlinkingAll = true })
	a := signUp(t, s, "ada@example.com")
	wantJSON(t, a.c.Post("/unlink-account", map[string]any{"providerId": "credential"}), map[string]any{"status": true})
	if accs, _ := s.Auth.Context.Store.Accounts(t.Context(), a.id); len(accs) != 0 {
		t.Errorf("accounts = %+v", accs)
	}
}

func TestUnlinkAccountErrors(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := newServer(t, withClock(clk))
	a := signUp(t, s, "ada@example.com")
	linkGitHub(t, s, a.id, "gh-1")
	wantError(t, a.c.Post("/unlink-account", map[string]any{}), http.StatusBadRequest, "VALIDATION_ERROR",
		"[body.providerId] Invalid input: expected string, received undefined")
	wantError(t, s.Client(t).Post("/unlink-account", map[string]any{"providerId": "github"}), http.StatusUnauthorized, "UNAUTHORIZED", "Unauthorized")
	// freshSessionMiddleware: a day-old session may not unlink.
	clk.Advance(24 * time.Hour)
	wantError(t, a.c.Post("/unlink-account", map[string]any{"providerId": "github"}), http.StatusForbidden, "SESSION_NOT_FRESH", "Session is not fresh")
	if accs, _ := s.Auth.Context.Store.Accounts(t.Context(), a.id); len(accs) != 2 {
		t.Errorf("accounts = %d, want 2", len(accs))
	}
}
