package social_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestTwitter(t *testing.T) {
	checkProvider(t, providerCase{
		id: "twitter", authBase: "https://x.com/i/oauth2/authorize", pkce: true,
		opts:   social.Options{Prompt: "consent"},
		params: map[string]string{"scope": "users.read tweet.read offline.access users.email", "prompt": ""},
		token:  "api.x.com/2/oauth2/token",
		profiles: map[string]any{"api.x.com/2/users/me": map[string]any{"data": map[string]any{
			"id": "2244994945", "name": "X Dev", "username": "xdevelopers", "profile_image_url": "https://x/1",
			"confirmed_email": "dev@example.com",
		}}},
		want:          social.User{ID: "2244994945", Name: "X Dev", Email: "dev@example.com", Image: "https://x/1", EmailVerified: true},
		exchangeBasic: true, refreshBasic: true,
	})
	checkAuthURL(t, "twitter", authURLOptions(), []string{"req.scope"}, "https://x.com/i/oauth2/authorize?response_type=code&client_id=cid&state=STATE&scope=users.read+tweet.read+offline.access+users.email+extra%3Ascope+req.scope&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Ftwitter&code_challenge_method=S256&code_challenge=rxPiyZz8P240xCXTZCn7w9huUtn-Efu70HAeOJkMu_I")
}

// TestTwitterWithoutConfirmedEmail: a failed email lookup leaves the username as an
// unverified email, as Better Auth 1.6.9.
func TestTwitterWithoutConfirmedEmail(t *testing.T) {
	net := newFakeNet()
	net.handle("api.x.com/2/users/me", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("user.fields") == "confirmed_email" {
			http.Error(w, `{"title":"Forbidden"}`, http.StatusForbidden)
			return
		}
		_, _ = w.Write([]byte(`{"data":{"id":"1","name":"N","username":"nn"}}`))
	})
	p, _ := social.New("twitter", social.Options{ClientID: "cid", HTTPClient: net.client()})
	info, err := p.UserInfo(context.Background(), social.Tokens{AccessToken: "at"}, nil)
	if err != nil || info.User.Email != "nn" || info.User.EmailVerified {
		t.Errorf("%+v %v", info, err)
	}
}
