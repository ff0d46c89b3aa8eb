package social_test

import (
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestNotion(t *testing.T) {
	checkProvider(t, providerCase{
		id: "notion", authBase: "https://api.notion.com/v1/oauth/authorize",
		params: map[string]string{"scope": "", "owner": "user", "code_challenge": ""},
		token:  "api.notion.com/v1/oauth/token",
		profiles: map[string]any{"api.notion.com/v1/users/me": map[string]any{"object": "user", "type": "bot", "bot": map[string]any{
			"owner": map[string]any{"type": "user", "user": map[string]any{
				"object": "user", "id": "no-1", "name": "Noa", "avatar_url": "https://n/1", "person": map[string]any{"email": "noa@example.com"},
			}},
		}}},
		want:          social.User{ID: "no-1", Name: "Noa", Email: "noa@example.com", Image: "https://n/1"},
		exchangeBasic: true,
		refreshBasic:  false, // Better Auth refreshes Notion tokens with the credentials in the form
	})
	o := authURLOptions()
	o.Scopes = nil
	checkAuthURL(t, "notion", o, nil, "https://api.notion.com/v1/oauth/authorize?response_type=code&client_id=cid&state=STATE&scope=&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fnotion&login_hint=a+b%40example.com&owner=user")

	net := newFakeNet()
	net.json("api.notion.com/v1/users/me", map[string]any{"object": "user", "type": "bot", "bot": map[string]any{}})
	p, _ := social.New("notion", social.Options{ClientID: "cid", HTTPClient: net.client()})
	if _, err := p.UserInfo(t.Context(), social.Tokens{AccessToken: "at"}, nil); err == nil {
		t.Error("a bot without a user owner accepted")
	}
	if v := net.last(t, "api.notion.com/v1/users/me").Header.Get("Notion-Version"); v != "2022-06-28" {
		t.Errorf("Notion-Version %q", v)
	}
}
