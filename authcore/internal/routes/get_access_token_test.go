package routes_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore"
)

// signedInWithOP signs a new user in through the OP and returns the browser and user id.
func signedInWithOP(t *testing.T, e *oauthEnv) (*account, string) {
	t.Helper()
	c := e.s.Client(t)
	wantFound(t, e.signIn(c, map[string]any{"callbackURL": "/dash"}), "/dash")
	id := sessionUser(t, c)["id"].(string)
	return &account{c: c, id: id}, id
}

func TestGetAccessToken(t *testing.T) {
	e := newOAuthEnv(t, func(o *authcore.Options) { o.Account.EncryptOAuthTokens = true })
	a, id := signedInWithOP(t, e)
	r := a.c.Post("/get-access-token", map[string]any{"providerId": "op"})
	wantStatus(t, r, http.StatusOK)
	m := r.Map(t)
	acc := providerAccount(t, e.s, id)
	if !strings.HasPrefix(m["accessToken"].(string), "at-") || m["idToken"] != *acc.IDToken ||
		m["accessTokenExpiresAt"] != isoTime(t0.Add(time.Hour)) || len(m["scopes"].([]any)) != 3 {
		t.Errorf("body %v", m)
	}
	if e.op.Refreshes() != 0 {
		t.Error("refreshed a valid token")
	}

	r = e.s.Client(t).Post("/get-access-token", map[string]any{"providerId": "op"})
	if r.Status != 401 || len(r.Body) != 0 {
		t.Errorf("no session: %d %q", r.Status, r.Body)
	}
	wantError(t, a.c.Post("/get-access-token", map[string]any{"providerId": "nope"}), 400, "PROVIDER_NOT_SUPPORTED", "Provider nope is not supported.")
	wantError(t, a.c.Post("/get-access-token", map[string]any{"providerId": "op", "accountId": "other"}), 400, "ACCOUNT_NOT_FOUND", "Account not found")
}

// TestGetAccessTokenConcurrentRefresh: callers that find the token expired at the same
// time share one refresh at the provider.
func TestGetAccessTokenConcurrentRefresh(t *testing.T) {
	e := newOAuthEnv(t, nil)
	a, id := signedInWithOP(t, e)
	before := providerAccount(t, e.s, id)
	e.ck.Advance(time.Hour - 2*time.Second) // within 5 s of expiry
	e.op.RefreshDelay = 300 * time.Millisecond
	const n = 16
	h := http.Header{"Cookie": {a.c.CookieHeader()}, "Origin": {e.s.URL}, "Content-Type": {"application/json"}}
	var wg sync.WaitGroup
	tokens := make([]string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := send(e.s, http.MethodPost, "/api/auth/get-access-token", h, []byte(`{"providerId":"op"}`))
			if err != nil || r.Status != 200 {
				t.Errorf("get-access-token: %v %v", err, r)
				return
			}
			var m map[string]any
			r.JSON(t, &m)
			tokens[i], _ = m["accessToken"].(string)
		}()
	}
	wg.Wait()
	if got := e.op.Refreshes(); got != 1 {
		t.Errorf("%d refreshes at the provider, want 1", got)
	}
	for _, tok := range tokens {
		if tok != tokens[0] || tok == str(before.AccessToken) {
			t.Fatalf("tokens %v (old %s)", tokens, str(before.AccessToken))
		}
	}
	after := providerAccount(t, e.s, id)
	if str(after.AccessToken) != tokens[0] || str(after.RefreshToken) == str(before.RefreshToken) ||
		!after.AccessTokenExpiresAt.After(*before.AccessTokenExpiresAt) {
		t.Errorf("stored account not refreshed: %+v", after)
	}
}

func TestRefreshToken(t *testing.T) {
	e := newOAuthEnv(t, nil)
	a, id := signedInWithOP(t, e)
	before := providerAccount(t, e.s, id)
	r := a.c.Post("/refresh-token", map[string]any{"providerId": "op"})
	wantStatus(t, r, http.StatusOK)
	m := r.Map(t)
	after := providerAccount(t, e.s, id)
	if m["accessToken"] != str(after.AccessToken) || m["refreshToken"] != str(after.RefreshToken) ||
		m["refreshToken"] == str(before.RefreshToken) || m["providerId"] != "op" || m["accountId"] != "op-user-1" ||
		m["scope"] != "openid,profile,email" || m["idToken"] == nil {
		t.Errorf("body %v, stored %+v", m, after)
	}
	if e.op.Refreshes() != 1 {
		t.Errorf("%d refreshes", e.op.Refreshes())
	}
	r = e.s.Client(t).Post("/refresh-token", map[string]any{"providerId": "op"})
	if r.Status != 401 || len(r.Body) != 0 {
		t.Errorf("no session: %d %q", r.Status, r.Body)
	}
	wantError(t, a.c.Post("/refresh-token", map[string]any{"providerId": "nope"}), 400, "PROVIDER_NOT_SUPPORTED", "Provider nope is not supported.")
	// The old refresh token was rotated away: the provider refuses it.
	if _, err := e.s.Auth.Context.Store.UpdateAccount(t.Context(), after.ID, map[string]any{"refreshToken": str(before.RefreshToken)}); err != nil {
		t.Fatal(err)
	}
	wantError(t, a.c.Post("/refresh-token", map[string]any{"providerId": "op"}), 400, "FAILED_TO_REFRESH_ACCESS_TOKEN", "Failed to refresh access token")
	if _, err := e.s.Auth.Context.Store.UpdateAccount(t.Context(), after.ID, map[string]any{"refreshToken": nil}); err != nil {
		t.Fatal(err)
	}
	wantError(t, a.c.Post("/refresh-token", map[string]any{"providerId": "op"}), 400, "REFRESH_TOKEN_NOT_FOUND", "Refresh token not found")
}

func TestAccountInfo(t *testing.T) {
	e := newOAuthEnv(t, nil)
	a, id := signedInWithOP(t, e)
	r := a.c.Get("/account-info?accountId=op-user-1", nil)
	wantStatus(t, r, http.StatusOK)
	m := r.Map(t)
	u := m["user"].(map[string]any)
	if u["id"] != "op-user-1" || u["email"] != "olive@example.com" || u["emailVerified"] != true || m["data"].(map[string]any)["sub"] != "op-user-1" {
		t.Errorf("account-info %v", m)
	}
	wantError(t, a.c.Get("/account-info", nil), 400, "ACCOUNT_NOT_FOUND", "Account not found")
	b := signUp(t, e.s, "bob@example.com")
	wantError(t, b.c.Get("/account-info?accountId=op-user-1", nil), 400, "ACCOUNT_NOT_FOUND", "Account not found")
	if _, err := e.s.Auth.Context.Store.CreateAccount(t.Context(), map[string]any{"userId": id, "providerId": "gone", "accountId": "g-1"}); err != nil {
		t.Fatal(err)
	}
	wantError(t, a.c.Get("/account-info?accountId=g-1", nil), 500, "PROVIDER_NOT_CONFIGURED", "Provider account provider is gone but it is not configured")
	wantError(t, e.s.Client(t).Get("/account-info?accountId=op-user-1", nil), 401, "UNAUTHORIZED", "Unauthorized")
}
