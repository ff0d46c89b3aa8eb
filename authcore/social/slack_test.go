package social_test

import (
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestSlack(t *testing.T) {
	checkProvider(t, providerCase{
		id: "slack", authBase: "https://slack.com/openid/connect/authorize",
		opts:   social.Options{Prompt: "consent"},
		params: map[string]string{"scope": "openid profile email", "prompt": "", "code_challenge": ""},
		token:  "slack.com/api/openid.connect.token",
		profiles: map[string]any{"slack.com/api/openid.connect.userInfo": map[string]any{
			"ok": true, "sub": "U0R7JM", "https://slack.com/user_id": "U0R7JM", "https://slack.com/team_id": "T0R7GR",
			"email": "krane@example.com", "email_verified": true, "name": "krane",
			"https://slack.com/user_image_512": "https://s/512",
		}},
		want: social.User{ID: "U0R7JM", Name: "krane", Email: "krane@example.com", Image: "https://s/512", EmailVerified: true},
	})
	// Requested scopes come before configured ones in Slack's hand-built URL.
	checkAuthURL(t, "slack", authURLOptions(), []string{"req.scope"}, "https://slack.com/openid/connect/authorize?scope=openid+profile+email+req.scope+extra%3Ascope&response_type=code&client_id=cid&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fslack&state=STATE")
}
