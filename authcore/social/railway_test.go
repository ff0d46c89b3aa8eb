package social_test

import (
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestRailway(t *testing.T) {
	checkProvider(t, providerCase{
		id: "railway", authBase: "https://backboard.railway.com/oauth/auth", pkce: true,
		opts:   social.Options{Prompt: "consent"},
		params: map[string]string{"scope": "openid email profile", "prompt": ""},
		token:  "backboard.railway.com/oauth/token",
		profiles: map[string]any{"backboard.railway.com/oauth/me": map[string]any{
			"sub": "rw-1", "name": "Ray", "email": "ray@example.com", "picture": "https://r/1",
		}},
		want:          social.User{ID: "rw-1", Name: "Ray", Email: "ray@example.com", Image: "https://r/1"},
		exchangeBasic: true, refreshBasic: true,
	})
	checkAuthURL(t, "railway", authURLOptions(), []string{"req.scope"}, "https://backboard.railway.com/oauth/auth?response_type=code&client_id=cid&state=STATE&scope=openid+email+profile+extra%3Ascope+req.scope&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Frailway&code_challenge_method=S256&code_challenge=rxPiyZz8P240xCXTZCn7w9huUtn-Efu70HAeOJkMu_I")
}
