package social_test

import (
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestZoom(t *testing.T) {
	checkProvider(t, providerCase{
		id: "zoom", authBase: "https://zoom.us/oauth/authorize", pkce: true,
		opts:   social.Options{Prompt: "consent", Scopes: []string{"ignored"}},
		params: map[string]string{"scope": "", "prompt": ""},
		token:  "zoom.us/oauth/token",
		profiles: map[string]any{"api.zoom.us/v2/users/me": map[string]any{
			"id": "z-1", "display_name": "Zed", "email": "zed@example.com", "pic_url": "https://z/1", "verified": 1,
		}},
		want: social.User{ID: "z-1", Name: "Zed", Email: "zed@example.com", Image: "https://z/1", EmailVerified: true},
	})
	checkAuthURL(t, "zoom", authURLOptions(), []string{"req.scope"}, "https://zoom.us/oauth/authorize?response_type=code&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fzoom&client_id=cid&state=STATE&code_challenge_method=S256&code_challenge=rxPiyZz8P240xCXTZCn7w9huUtn-Efu70HAeOJkMu_I")
	checkAuthURL(t, "zoom", social.Options{ClientID: "cid", DisablePKCE: true}, nil, "https://zoom.us/oauth/authorize?response_type=code&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fzoom&client_id=cid&state=STATE")
}
