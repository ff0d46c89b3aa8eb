package social_test

import (
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
	"github.com/goauth-dev/goauth/authcore/social/socialtest"
)

const paypalUser = "https://www.paypal.com/webapps/auth/identity/user/pp-1"

func TestPayPal(t *testing.T) {
	lang := map[string]string{"Accept-Language": "en_US", "Accept": "application/json"}
	checkProvider(t, providerCase{
		id: "paypal", authBase: "https://www.sandbox.paypal.com/signin/authorize", pkce: true,
		opts:     social.Options{Prompt: "login", Scopes: []string{"ignored"}},
		params:   map[string]string{"scope": "", "prompt": "login"},
		token:    "api-m.sandbox.paypal.com/v1/oauth2/token",
		idClaims: map[string]any{"sub": paypalUser},
		profiles: map[string]any{"api-m.sandbox.paypal.com/v1/identity/oauth2/userinfo": map[string]any{
			"user_id": paypalUser, "sub": paypalUser, "name": "Pam", "email": "pam@example.com", "email_verified": true,
		}},
		want:          social.User{ID: paypalUser, Name: "Pam", Email: "pam@example.com", EmailVerified: true},
		exchangeBasic: true, refreshBasic: true, noExchangeVerifier: true, noScopes: true,
		exchangeHeader: lang, refreshHeader: lang,
	})
	checkAuthURL(t, "paypal", authURLOptions(), []string{"req.scope"}, "https://www.sandbox.paypal.com/signin/authorize?response_type=code&client_id=cid&state=STATE&scope=&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fpaypal&prompt=login&code_challenge_method=S256&code_challenge=rxPiyZz8P240xCXTZCn7w9huUtn-Efu70HAeOJkMu_I")
	checkNeedsSecret(t, "paypal", social.Options{})

	// Live servers.
	checkProvider(t, providerCase{
		id: "paypal", authBase: "https://www.paypal.com/signin/authorize", pkce: true,
		opts:  social.Options{Environment: "live"},
		token: "api-m.paypal.com/v1/oauth2/token",
		profiles: map[string]any{"api-m.paypal.com/v1/identity/oauth2/userinfo": map[string]any{
			"user_id": paypalUser, "name": "Pam", "email": "pam@example.com", "email_verified": false,
		}},
		want:          social.User{ID: paypalUser, Name: "Pam", Email: "pam@example.com"},
		exchangeBasic: true, refreshBasic: true, noExchangeVerifier: true, noScopes: true,
	})
	if _, err := social.New("paypal", social.Options{ClientID: "cid", ClientSecret: "cs", Environment: "prod"}); err == nil {
		t.Error("unknown environment accepted")
	}
}

// TestPayPalUserInfo: the userinfo query and the binding of its subject to the ID token.
func TestPayPalUserInfo(t *testing.T) {
	net := newFakeNet()
	net.json("api-m.sandbox.paypal.com/v1/identity/oauth2/userinfo", map[string]any{"user_id": paypalUser, "name": "Pam"})
	p, _ := social.New("paypal", social.Options{ClientID: "cid", ClientSecret: "cs", HTTPClient: net.client()})
	info, err := p.UserInfo(t.Context(), social.Tokens{AccessToken: "at", IDToken: unsignedJWT(map[string]any{"sub": paypalUser})}, nil)
	if err != nil || info.User.ID != paypalUser {
		t.Fatalf("%+v %v", info, err)
	}
	if u := net.last(t, "api-m.sandbox.paypal.com/v1/identity/oauth2/userinfo").URL; u != "https://api-m.sandbox.paypal.com/v1/identity/oauth2/userinfo?schema=paypalv1.1" {
		t.Errorf("userinfo URL %s", u)
	}
	for name, tok := range map[string]social.Tokens{
		"other subject":   {AccessToken: "at", IDToken: unsignedJWT(map[string]any{"sub": "someone-else"})},
		"no subject":      {AccessToken: "at", IDToken: unsignedJWT(map[string]any{"email": "x@example.com"})},
		"malformed token": {AccessToken: "at", IDToken: "garbage"},
		"no access token": {IDToken: unsignedJWT(map[string]any{"sub": paypalUser})},
	} {
		if _, err := p.UserInfo(t.Context(), tok, nil); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestPayPalIDToken: RS256 against PayPal's JWKS and HS256 under the client secret, per
// environment.
func TestPayPalIDToken(t *testing.T) {
	const secret = "paypal-client-secret-0123456789abcdef"
	op := socialtest.New(t, "cid", "s")
	forgeRSA := func(c map[string]any) string { return socialtest.SignWith(c, op.KeyID()) }
	signHS := func(c map[string]any) string { return signHS256(c, secret) }
	forgeHS := func(c map[string]any) string { return signHS256(c, secret+"x") }
	for _, env := range []struct{ name, jwks, iss string }{
		{"sandbox", "api.sandbox.paypal.com/v1/oauth2/certs", "https://www.sandbox.paypal.com"},
		{"live", "api.paypal.com/v1/oauth2/certs", "https://www.paypal.com"},
	} {
		o := social.Options{ClientSecret: secret}
		if env.name == "live" {
			o.Environment = "live"
		}
		t.Run(env.name+"/RS256", func(t *testing.T) {
			checkIDTokens(t, idTokenCase{id: "paypal", opts: o, jwks: env.jwks, keys: op.JWKS(), iss: env.iss, sign: op.Sign, forge: forgeRSA, maxAge: true})
		})
		t.Run(env.name+"/HS256", func(t *testing.T) {
			checkIDTokens(t, idTokenCase{id: "paypal", opts: o, jwks: env.jwks, keys: op.JWKS(), iss: env.iss, sign: signHS, forge: forgeHS, maxAge: true})
		})
	}
	// An ES256 token is outside PayPal's algorithms even when its key is published.
	ec := newECKey(t, "pp-ec")
	checkIDTokenRefused(t, "paypal", social.Options{ClientSecret: secret}, "api.sandbox.paypal.com/v1/oauth2/certs", ec.jwks(),
		ec.sign(validClaims("https://www.sandbox.paypal.com")))
}
