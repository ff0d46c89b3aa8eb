package social_test

import (
	"context"
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestKick(t *testing.T) {
	checkProvider(t, providerCase{
		id: "kick", authBase: "https://id.kick.com/oauth/authorize", pkce: true,
		params: map[string]string{"scope": "user:read"},
		token:  "id.kick.com/oauth/token",
		profiles: map[string]any{"api.kick.com/public/v1/users": map[string]any{"data": []any{map[string]any{
			"user_id": 77, "name": "kicker", "email": "kick@example.com", "profile_picture": "https://k/77",
		}}}},
		want: social.User{ID: "77", Name: "kicker", Email: "kick@example.com", Image: "https://k/77"},
	})
	checkAuthURL(t, "kick", authURLOptions(), []string{"req.scope"}, "https://id.kick.com/oauth/authorize?response_type=code&client_id=cid&state=STATE&scope=user%3Aread+extra%3Ascope+req.scope&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fkick&code_challenge_method=S256&code_challenge=rxPiyZz8P240xCXTZCn7w9huUtn-Efu70HAeOJkMu_I")

	net := newFakeNet()
	net.json("api.kick.com/public/v1/users", map[string]any{"data": []any{}})
	p, _ := social.New("kick", social.Options{ClientID: "cid", HTTPClient: net.client()})
	if _, err := p.UserInfo(context.Background(), social.Tokens{AccessToken: "at"}, nil); err == nil {
		t.Error("empty user list accepted")
	}
}
