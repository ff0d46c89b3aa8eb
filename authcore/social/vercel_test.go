package social_test

import (
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestVercel(t *testing.T) {
	checkProvider(t, providerCase{
		id: "vercel", authBase: "https://vercel.com/oauth/authorize", pkce: true,
		opts:   social.Options{Prompt: "consent"},
		params: map[string]string{"scope": "", "prompt": ""},
		token:  "api.vercel.com/login/oauth/token",
		profiles: map[string]any{"api.vercel.com/login/oauth/userinfo": map[string]any{
			"sub": "vercel_user_123", "email": "vercel@test.com", "email_verified": true,
			"preferred_username": "verceluser", "picture": "https://vercel.com/avatar.png",
		}},
		want:      social.User{ID: "vercel_user_123", Name: "verceluser", Email: "vercel@test.com", Image: "https://vercel.com/avatar.png", EmailVerified: true},
		noRefresh: true,
	})
	// No scope parameter unless scopes are configured or requested.
	checkAuthURL(t, "vercel", social.Options{ClientID: "cid", Prompt: "login"}, nil, "https://vercel.com/oauth/authorize?response_type=code&client_id=cid&state=STATE&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fvercel&code_challenge_method=S256&code_challenge=rxPiyZz8P240xCXTZCn7w9huUtn-Efu70HAeOJkMu_I")
	checkAuthURL(t, "vercel", authURLOptions(), []string{"req.scope"}, "https://vercel.com/oauth/authorize?response_type=code&client_id=cid&state=STATE&scope=extra%3Ascope+req.scope&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fvercel&code_challenge_method=S256&code_challenge=rxPiyZz8P240xCXTZCn7w9huUtn-Efu70HAeOJkMu_I")
	checkAuthURL(t, "vercel", social.Options{ClientID: "cid"}, []string{}, "https://vercel.com/oauth/authorize?response_type=code&client_id=cid&state=STATE&scope=&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fvercel&code_challenge_method=S256&code_challenge=rxPiyZz8P240xCXTZCn7w9huUtn-Efu70HAeOJkMu_I")
	checkNeedsVerifier(t, "vercel", social.Options{})
}
