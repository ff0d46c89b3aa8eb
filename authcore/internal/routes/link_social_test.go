package routes_test

import (
	"net/http"
	"testing"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/social/socialtest"
)

func TestLinkSocialRedirectFlow(t *testing.T) {
	e := newOAuthEnv(t, func(o *authcore.Options) { o.Account.AccountLinking.UpdateUserInfoOnLink = true })
	a := signUp(t, e.s, "olive@example.com")
	e.op.SetUser(socialtest.User{Subject: "op-olive", Name: "Olive OP", Email: "Olive@example.com", EmailVerified: true, Picture: "https://img.example/o.png"})
	r := a.c.Get(e.authorize(e.start(a.c, "/link-social", map[string]any{"callbackURL": "/settings"})), nil)
	wantFound(t, r, "/settings")
	if len(cookieLines(r, tokenCookie)) != 0 {
		t.Error("link flow issued a new session")
	}
	acc := providerAccount(t, e.s, a.id)
	if acc.AccountID != "op-olive" || acc.AccessToken == nil {
		t.Errorf("linked account %+v", acc)
	}
	if u := storedUser(t, e.s, a.email); u.Name != "Olive OP" || u.Image == nil {
		t.Errorf("updateUserInfoOnLink: %+v", u)
	}
	// Linking again updates the tokens of the same account.
	wantFound(t, a.c.Get(e.authorize(e.start(a.c, "/link-social", map[string]any{"callbackURL": "/settings"})), nil), "/settings")
	if n := len(accountsOf(t, e.s, a.id)); n != 2 {
		t.Errorf("%d accounts after relinking", n)
	}
	var list []map[string]any
	a.c.Get("/list-accounts", nil).JSON(t, &list)
	if len(list) != 2 {
		t.Errorf("list-accounts %v", list)
	}
	// The provider account cannot be linked to a second user.
	b := signUp(t, e.s, "bob@example.com")
	e.op.SetUser(socialtest.User{Subject: "op-olive", Email: "bob@example.com", EmailVerified: true})
	wantFound(t, b.c.Get(e.authorize(e.start(b.c, "/link-social", map[string]any{"callbackURL": "/settings", "errorCallbackURL": "/oops"})), nil),
		"/oops?error=account_already_linked_to_different_user")
	// Unlink works on social accounts.
	r = a.c.Post("/unlink-account", map[string]any{"providerId": "op"})
	wantStatus(t, r, http.StatusOK)
	if n := len(accountsOf(t, e.s, a.id)); n != 1 {
		t.Errorf("%d accounts after unlink", n)
	}
}

func TestLinkSocialRedirectErrors(t *testing.T) {
	e := newOAuthEnv(t, nil)
	wantError(t, e.s.Client(t).Post("/link-social", map[string]any{"provider": "op"}), 401, "UNAUTHORIZED", "Unauthorized")
	a := signUp(t, e.s, "olive@example.com")
	wantError(t, a.c.Post("/link-social", map[string]any{"provider": "nope"}), 404, "PROVIDER_NOT_FOUND", "Provider not found")

	e.op.SetUser(socialtest.User{Subject: "s1", Email: "olive@example.com", EmailVerified: false})
	wantFound(t, a.c.Get(e.authorize(e.start(a.c, "/link-social", map[string]any{"callbackURL": "/s", "errorCallbackURL": "/oops"})), nil),
		"/oops?error=unable_to_link_account")
	e.op.SetUser(socialtest.User{Subject: "s1", Email: "other@example.com", EmailVerified: true})
	wantFound(t, a.c.Get(e.authorize(e.start(a.c, "/link-social", map[string]any{"callbackURL": "/s", "errorCallbackURL": "/oops"})), nil),
		"/oops?error=email_doesn%27t_match")
	if n := len(accountsOf(t, e.s, a.id)); n != 1 {
		t.Errorf("%d accounts", n)
	}
}

func TestLinkSocialIDToken(t *testing.T) {
	e := newOAuthEnv(t, func(o *authcore.Options) { o.Account.EncryptOAuthTokens = true })
	a := signUp(t, e.s, "olive@example.com")
	tok := func(sub, email string, verified bool) string {
		return e.op.IDToken(socialtest.User{Subject: sub, Email: email, EmailVerified: verified}, nil)
	}
	wantError(t, a.c.Post("/link-social", map[string]any{"provider": "op", "idToken": map[string]any{"token": tok("s1", "olive@example.com", false)}}),
		401, "LINKING_NOT_ALLOWED", "Account not linked - linking not allowed")
	wantError(t, a.c.Post("/link-social", map[string]any{"provider": "op", "idToken": map[string]any{"token": tok("s1", "x@example.com", true)}}),
		401, "LINKING_DIFFERENT_EMAILS_NOT_ALLOWED", "Account not linked - different emails not allowed")
	wantError(t, a.c.Post("/link-social", map[string]any{"provider": "op", "idToken": map[string]any{"token": "bad"}}), 401, "INVALID_TOKEN", "Invalid token")

	ok := map[string]any{"url": "", "status": true, "redirect": false}
	body := map[string]any{"provider": "op", "idToken": map[string]any{"token": tok("s1", "olive@example.com", true), "accessToken": "at-1", "scopes": []string{"a", "b"}}}
	wantJSON(t, a.c.Post("/link-social", body), ok)
	acc := providerAccount(t, e.s, a.id)
	if acc.Scope == nil || *acc.Scope != "a,b" || acc.AccessToken == nil || *acc.AccessToken == "at-1" {
		t.Errorf("account %+v (token must be encrypted)", acc)
	}
	wantJSON(t, a.c.Post("/link-social", body), ok) // already linked
	b := signUp(t, e.s, "bob@example.com")
	wantError(t, b.c.Post("/link-social", map[string]any{"provider": "op", "idToken": map[string]any{"token": tok("s1", "bob@example.com", true)}}),
		401, "SOCIAL_ACCOUNT_ALREADY_LINKED", "Social account already linked")
}
