package social_test

import (
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestPaybin(t *testing.T) {
	checkProvider(t, providerCase{
		id: "paybin", authBase: "https://idp.paybin.io/oauth2/authorize", pkce: true,
		opts:     social.Options{Prompt: "consent"},
		params:   map[string]string{"scope": "openid email profile", "prompt": "consent"},
		token:    "idp.paybin.io/oauth2/token",
		idClaims: map[string]any{"sub": "pb-1", "preferred_username": "payer", "email": "pay@example.com", "email_verified": true, "picture": "https://p/1"},
		want:     social.User{ID: "pb-1", Name: "payer", Email: "pay@example.com", Image: "https://p/1", EmailVerified: true},
	})
	checkAuthURL(t, "paybin", authURLOptions(), []string{"req.scope"}, "https://idp.paybin.io/oauth2/authorize?response_type=code&client_id=cid&state=STATE&scope=openid+email+profile+extra%3Ascope+req.scope&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fpaybin&login_hint=a+b%40example.com&prompt=login&code_challenge_method=S256&code_challenge=rxPiyZz8P240xCXTZCn7w9huUtn-Efu70HAeOJkMu_I")
	checkNeedsSecret(t, "paybin", social.Options{})
	checkNeedsVerifier(t, "paybin", social.Options{ClientSecret: "cs"})

	// A self-hosted issuer moves every endpoint.
	checkProvider(t, providerCase{
		id: "paybin", authBase: "https://idp.example/oauth2/authorize", pkce: true,
		opts:     social.Options{IssuerURL: "https://idp.example"},
		token:    "idp.example/oauth2/token",
		idClaims: map[string]any{"sub": "pb-2", "name": "Pat"},
		want:     social.User{ID: "pb-2", Name: "Pat"},
	})
	p, _ := social.New("paybin", social.Options{ClientID: "cid", ClientSecret: "cs"})
	if _, err := p.UserInfo(t.Context(), social.Tokens{AccessToken: "at"}, nil); err == nil {
		t.Error("user info without an id token")
	}
}
