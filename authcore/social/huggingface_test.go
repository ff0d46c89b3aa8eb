package social_test

import (
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestHuggingFace(t *testing.T) {
	checkProvider(t, providerCase{
		id: "huggingface", authBase: "https://huggingface.co/oauth/authorize", pkce: true,
		opts:   social.Options{Prompt: "consent"},
		params: map[string]string{"scope": "openid profile email", "prompt": ""},
		token:  "huggingface.co/oauth/token",
		profiles: map[string]any{"huggingface.co/oauth/userinfo": map[string]any{
			"sub": "hf-1", "name": "", "preferred_username": "hugger", "email": "hug@example.com",
			"email_verified": true, "picture": "https://h/1", "isPro": false,
		}},
		want: social.User{ID: "hf-1", Name: "hugger", Email: "hug@example.com", Image: "https://h/1", EmailVerified: true},
	})
	checkAuthURL(t, "huggingface", authURLOptions(), []string{"req.scope"}, "https://huggingface.co/oauth/authorize?response_type=code&client_id=cid&state=STATE&scope=openid+profile+email+extra%3Ascope+req.scope&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fhuggingface&code_challenge_method=S256&code_challenge=rxPiyZz8P240xCXTZCn7w9huUtn-Efu70HAeOJkMu_I")
}
