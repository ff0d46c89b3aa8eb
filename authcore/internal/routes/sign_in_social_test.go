package routes_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/social"
	"github.com/goauth-dev/goauth/authcore/social/socialtest"
)

func TestSignInSocialAuthorizationURLAndStateCookie(t *testing.T) {
	e := newOAuthEnv(t, nil)
	c := e.s.Client(t)
	r := c.Post("/sign-in/social", map[string]any{"provider": "op", "callbackURL": "/dash", "scopes": []string{"offline_access"}, "loginHint": "olive@example.com"})
	wantStatus(t, r, http.StatusOK)
	var out struct {
		URL      string `json:"url"`
		Redirect bool   `json:"redirect"`
	}
	r.JSON(t, &out)
	q := query(t, out.URL)
	if !strings.HasPrefix(out.URL, e.op.Issuer+"/authorize?response_type=code&client_id=goauth-client&state=") {
		t.Errorf("url = %s", out.URL)
	}
	state := q.Get("state")
	if len(state) != social.StateLength || q.Get("redirect_uri") != e.s.URL+"/api/auth/callback/op" ||
		q.Get("scope") != "openid profile email offline_access" || q.Get("login_hint") != "olive@example.com" ||
		q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43 || q.Get("nonce") == "" {
		t.Errorf("authorization parameters: %v", q)
	}
	if got := cookieValue(t, r, "better-auth.state"); got != signed(state) {
		t.Errorf("state cookie = %q, want the signed state", got)
	}
	if !strings.Contains(strings.Join(cookieLines(r, "better-auth.state"), ""), "Max-Age=300") {
		t.Errorf("state cookie lines %v", cookieLines(r, "better-auth.state"))
	}
	row, err := e.s.Auth.Context.Store.Verification(t.Context(), state)
	if err != nil || row == nil || !strings.Contains(row.Value, `"callbackURL":"/dash"`) || !strings.Contains(row.Value, `"oauthState":"`+state+`"`) {
		t.Fatalf("verification row %+v, %v", row, err)
	}
	if !row.ExpiresAt.Equal(t0.Add(10 * time.Minute)) {
		t.Errorf("state expires at %v", row.ExpiresAt)
	}

	r = c.Post("/sign-in/social", map[string]any{"provider": "op", "disableRedirect": true})
	r.JSON(t, &out)
	if out.Redirect || r.Header.Get("Location") != "" || out.URL == "" {
		t.Errorf("disableRedirect: redirect %v Location %q", out.Redirect, r.Header.Get("Location"))
	}
}

func TestSignInSocialErrors(t *testing.T) {
	e := newOAuthEnv(t, func(o *authcore.Options) {
		o.SocialProviders = map[string]social.Options{"github": {ClientID: "gh"}}
	})
	c := e.s.Client(t)
	wantError(t, c.Post("/sign-in/social", map[string]any{"provider": "gitlab"}), 404, "PROVIDER_NOT_FOUND", "Provider not found")
	wantError(t, c.Post("/sign-in/social", map[string]any{"provider": "github", "idToken": map[string]any{"token": "x"}}), 404, "ID_TOKEN_NOT_SUPPORTED", "id_token not supported")
	wantError(t, c.Post("/sign-in/social", map[string]any{"provider": "op", "callbackURL": "https://evil.example/x"}), 403, "INVALID_CALLBACK_URL", "Invalid callbackURL")
	wantError(t, c.Post("/sign-in/social", map[string]any{"provider": "op", "errorCallbackURL": "https://evil.example/x"}), 403, "INVALID_ERROR_CALLBACK_URL", "Invalid errorCallbackURL")
	wantStatus(t, c.Post("/sign-in/social", map[string]any{}), 400)
}

func TestSignInSocialFullFlowNewAndReturningUser(t *testing.T) {
	e := newOAuthEnv(t, func(o *authcore.Options) { o.Account.EncryptOAuthTokens = true })
	c := e.s.Client(t)
	r := e.signIn(c, map[string]any{"callbackURL": "/dash", "newUserCallbackURL": "/welcome"})
	wantFound(t, r, "/welcome")
	if cookieValue(t, r, tokenCookie) == "" {
		t.Fatal("no session cookie")
	}
	if len(cookieLines(r, "better-auth.state")) == 0 || !strings.Contains(cookieLines(r, "better-auth.state")[0], "Max-Age=0") {
		t.Errorf("state cookie not expired: %v", r.Cookies())
	}
	u := sessionUser(t, c)
	if u["email"] != "olive@example.com" || u["name"] != "Olive Provider" || u["emailVerified"] != true {
		t.Errorf("user %v", u)
	}
	acc := providerAccount(t, e.s, u["id"].(string))
	if acc.AccountID != "op-user-1" || acc.AccessToken == nil || !strings.HasPrefix(*acc.AccessToken, "") ||
		strings.HasPrefix(*acc.AccessToken, "at-") || acc.IDToken == nil || acc.AccessTokenExpiresAt == nil ||
		acc.Scope == nil || *acc.Scope != "openid,profile,email" {
		t.Errorf("stored account %+v", acc)
	}
	plain, err := e.s.Auth.Context.Keys.Decrypt(*acc.AccessToken)
	if err != nil || !strings.HasPrefix(plain, "at-") {
		t.Errorf("access token not encrypted at rest: %q %v", plain, err)
	}

	// Returning user: the callbackURL, not newUserCallbackURL; tokens updated.
	c2 := e.s.Client(t)
	r = e.signIn(c2, map[string]any{"callbackURL": "/dash", "newUserCallbackURL": "/welcome"})
	wantFound(t, r, "/dash")
	acc2 := providerAccount(t, e.s, u["id"].(string))
	if *acc2.AccessToken == *acc.AccessToken {
		t.Error("tokens not updated on sign-in")
	}
	if n := len(accountsOf(t, e.s, u["id"].(string))); n != 1 {
		t.Errorf("%d accounts after two sign-ins", n)
	}
	var list []map[string]any
	c2.Get("/list-accounts", nil).JSON(t, &list)
	if len(list) != 1 || list[0]["providerId"] != "op" || list[0]["accessToken"] != nil {
		t.Errorf("list-accounts %v", list)
	}
}

func TestSignInSocialCallbackDefaultsToOrigin(t *testing.T) {
	e := newOAuthEnv(t, nil)
	wantFound(t, e.signIn(e.s.Client(t), map[string]any{}), e.s.URL)
}

func TestSignInSocialSignUpPolicies(t *testing.T) {
	for _, tc := range []struct {
		name     string
		opts     social.Options
		body     map[string]any
		location string
	}{
		{"disableSignUp", social.Options{DisableSignUp: true}, map[string]any{"requestSignUp": true}, "/err?error=signup_disabled"},
		{"implicit off", social.Options{DisableImplicitSignUp: true}, map[string]any{}, "/err?error=signup_disabled"},
		{"implicit off, requested", social.Options{DisableImplicitSignUp: true}, map[string]any{"requestSignUp": true}, "/dash"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ck := newClock()
			op := socialtest.New(t, "cid", "sec")
			op.Now = ck.Now
			o := tc.opts
			o.ClientID, o.ClientSecret, o.HTTPClient, o.Now = "cid", "sec", op.Client(), ck.Now
			p, err := social.NewOIDC(t.Context(), social.OIDCConfig{ID: "op", Issuer: op.Issuer, Options: o})
			if err != nil {
				t.Fatal(err)
			}
			s := newServer(t, withClock(ck, func(o *authcore.Options) { o.Providers = []social.Provider{p} }))
			e := &oauthEnv{t: t, s: s, op: op, ck: ck}
			tc.body["callbackURL"] = "/dash"
			tc.body["errorCallbackURL"] = "/err"
			wantFound(t, e.signIn(s.Client(t), tc.body), tc.location)
		})
	}
}

func TestSignInSocialIDToken(t *testing.T) {
	e := newOAuthEnv(t, nil)
	c := e.s.Client(t)
	good := e.op.IDToken(socialtest.User{Subject: "sub-7", Name: "Ida", Email: "Ida@Example.com", EmailVerified: true}, map[string]any{"nonce": "n-1"})
	r := c.Post("/sign-in/social", map[string]any{"provider": "op", "idToken": map[string]any{"token": good, "nonce": "n-1", "accessToken": "client-at"}})
	wantStatus(t, r, http.StatusOK)
	m := r.Map(t)
	if m["redirect"] != false || m["token"] == "" || m["url"] != nil || m["user"].(map[string]any)["email"] != "ida@example.com" {
		t.Errorf("body %v", m)
	}
	if cookieValue(t, r, tokenCookie) != signed(m["token"].(string)) {
		t.Error("session cookie not set")
	}
	acc := providerAccount(t, e.s, m["user"].(map[string]any)["id"].(string))
	if acc.AccountID != "sub-7" || str(acc.AccessToken) != "client-at" {
		t.Errorf("account %+v", acc)
	}

	for name, tok := range map[string]string{
		"forged":      socialtest.SignWith(map[string]any{"iss": e.op.Issuer, "aud": "goauth-client", "sub": "x", "exp": e.ck.Now().Add(time.Hour).Unix()}, e.op.KeyID()),
		"wrong aud":   e.op.Sign(map[string]any{"iss": e.op.Issuer, "aud": "someone-else", "sub": "x", "exp": e.ck.Now().Add(time.Hour).Unix()}),
		"wrong iss":   e.op.Sign(map[string]any{"iss": "https://evil.example", "aud": "goauth-client", "sub": "x", "exp": e.ck.Now().Add(time.Hour).Unix()}),
		"expired":     e.op.Sign(map[string]any{"iss": e.op.Issuer, "aud": "goauth-client", "sub": "x", "exp": e.ck.Now().Add(-time.Minute).Unix()}),
		"wrong nonce": e.op.IDToken(socialtest.User{Subject: "x", Email: "x@example.com"}, map[string]any{"nonce": "other"}),
		"garbage":     "not-a-jwt",
	} {
		r := c.Post("/sign-in/social", map[string]any{"provider": "op", "idToken": map[string]any{"token": tok, "nonce": "n-1"}})
		if r.Status != 401 || r.Code() != "INVALID_TOKEN" {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
		}
	}
	noEmail := e.op.IDToken(socialtest.User{Subject: "sub-8"}, nil)
	wantError(t, c.Post("/sign-in/social", map[string]any{"provider": "op", "idToken": map[string]any{"token": noEmail}}), 401, "USER_EMAIL_NOT_FOUND", "User email not found")
}

func TestSignInSocialIDTokenLinkRefused(t *testing.T) {
	e := newOAuthEnv(t, nil)
	a := signUp(t, e.s, "ida@example.com") // unverified local user
	tok := e.op.IDToken(socialtest.User{Subject: "sub-9", Email: "ida@example.com", EmailVerified: true}, nil)
	r := e.s.Client(t).Post("/sign-in/social", map[string]any{"provider": "op", "idToken": map[string]any{"token": tok}})
	wantError(t, r, 401, "OAUTH_LINK_ERROR", "account not linked")
	if n := len(accountsOf(t, e.s, a.id)); n != 1 {
		t.Errorf("%d accounts", n)
	}
}
