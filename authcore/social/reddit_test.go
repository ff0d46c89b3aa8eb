package social_test

import (
	"context"
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestReddit(t *testing.T) {
	checkProvider(t, providerCase{
		id: "reddit", authBase: "https://www.reddit.com/api/v1/authorize",
		opts:   social.Options{Duration: "permanent", Prompt: "consent"},
		params: map[string]string{"scope": "identity", "duration": "permanent", "prompt": "", "code_challenge": ""},
		token:  "www.reddit.com/api/v1/access_token",
		profiles: map[string]any{"oauth.reddit.com/api/v1/me": map[string]any{
			"id": "t2_abc", "name": "redditor", "icon_img": "https://r/i.png?width=256&s=x",
			"has_verified_email": true, "oauth_client_id": "the-app", "verified": true,
		}},
		want:          social.User{ID: "t2_abc", Name: "redditor", Email: "t2_abc@reddit.invalid", Image: "https://r/i.png"},
		exchangeBasic: true, refreshBasic: true,
		exchangeHeader: map[string]string{"Accept": "text/plain", "User-Agent": "better-auth"},
	})
	o := authURLOptions()
	o.Duration = "permanent"
	checkAuthURL(t, "reddit", o, []string{"req.scope"}, "https://www.reddit.com/api/v1/authorize?response_type=code&client_id=cid&state=STATE&scope=identity+extra%3Ascope+req.scope&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Freddit&duration=permanent")
}

// TestRedditEmail: every Reddit user of an app gets a distinct unverified placeholder
// (Better Auth 1.6.9 gave them all the app's client id, verified), and MapProfileToUser
// can set a real address.
func TestRedditEmail(t *testing.T) {
	net := newFakeNet()
	net.json("oauth.reddit.com/api/v1/me", map[string]any{"id": "u1", "name": "one", "icon_img": nil, "has_verified_email": true, "oauth_client_id": "app"})
	p, _ := social.New("reddit", social.Options{ClientID: "cid", HTTPClient: net.client()})
	info, err := p.UserInfo(context.Background(), social.Tokens{AccessToken: "at"}, nil)
	if err != nil || info.User.Email != "u1@reddit.invalid" || info.User.EmailVerified || info.User.Image != "" {
		t.Errorf("%+v %v", info, err)
	}
	if ua := net.last(t, "oauth.reddit.com/api/v1/me").Header.Get("User-Agent"); ua != "better-auth" {
		t.Errorf("User-Agent %q", ua)
	}
	p, _ = social.New("reddit", social.Options{ClientID: "cid", HTTPClient: net.client(),
		MapProfileToUser: func(_ context.Context, _ map[string]any, u *social.User) error {
			u.Email, u.EmailVerified = "one@example.com", true
			return nil
		}})
	info, err = p.UserInfo(context.Background(), social.Tokens{AccessToken: "at"}, nil)
	if err != nil || info.User.Email != "one@example.com" || !info.User.EmailVerified {
		t.Errorf("%+v %v", info, err)
	}
}
