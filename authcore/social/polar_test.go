package social_test

import (
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestPolar(t *testing.T) {
	checkProvider(t, providerCase{
		id: "polar", authBase: "https://polar.sh/oauth2/authorize", pkce: true,
		opts:   social.Options{Prompt: "consent"},
		params: map[string]string{"scope": "openid profile email", "prompt": "consent"},
		token:  "api.polar.sh/v1/oauth2/token",
		profiles: map[string]any{"api.polar.sh/v1/oauth2/userinfo": map[string]any{
			"id": "po-1", "username": "polly", "email": "polly@example.com", "avatar_url": "https://p/1", "email_verified": true,
		}},
		want: social.User{ID: "po-1", Name: "polly", Email: "polly@example.com", Image: "https://p/1", EmailVerified: true},
	})
	checkAuthURL(t, "polar", authURLOptions(), []string{"req.scope"}, "https://polar.sh/oauth2/authorize?response_type=code&client_id=cid&state=STATE&scope=openid+profile+email+extra%3Ascope+req.scope&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fpolar&prompt=login&code_challenge_method=S256&code_challenge=rxPiyZz8P240xCXTZCn7w9huUtn-Efu70HAeOJkMu_I")
}
