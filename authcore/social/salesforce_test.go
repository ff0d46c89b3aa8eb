package social_test

import (
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestSalesforce(t *testing.T) {
	profile := map[string]any{
		"sub": "https://login.salesforce.com/id/00D/005", "user_id": "005xx", "organization_id": "00Dxx",
		"name": "Sal", "email": "sal@example.com", "email_verified": true,
		"photos": map[string]any{"thumbnail": "https://s/t"},
	}
	want := social.User{ID: "005xx", Name: "Sal", Email: "sal@example.com", Image: "https://s/t", EmailVerified: true}
	for _, tc := range []struct {
		name string
		opts social.Options
		host string
	}{
		{"production", social.Options{Prompt: "consent"}, "login.salesforce.com"},
		{"sandbox", social.Options{Environment: "sandbox"}, "test.salesforce.com"},
		{"my domain", social.Options{Environment: "sandbox", LoginURL: "acme.my.salesforce.com"}, "acme.my.salesforce.com"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkProvider(t, providerCase{
				id: "salesforce", authBase: "https://" + tc.host + "/services/oauth2/authorize", pkce: true,
				opts:     tc.opts,
				params:   map[string]string{"scope": "openid email profile", "prompt": ""},
				token:    tc.host + "/services/oauth2/token",
				profiles: map[string]any{tc.host + "/services/oauth2/userinfo": profile},
				want:     want,
			})
		})
	}
	checkAuthURL(t, "salesforce", authURLOptions(), []string{"req.scope"}, "https://login.salesforce.com/services/oauth2/authorize?response_type=code&client_id=cid&state=STATE&scope=openid+email+profile+extra%3Ascope+req.scope&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fsalesforce&code_challenge_method=S256&code_challenge=rxPiyZz8P240xCXTZCn7w9huUtn-Efu70HAeOJkMu_I")
	checkNeedsSecret(t, "salesforce", social.Options{})
	checkNeedsVerifier(t, "salesforce", social.Options{ClientSecret: "cs"})
	if _, err := social.New("salesforce", social.Options{ClientID: "cid", ClientSecret: "cs", Environment: "staging"}); err == nil {
		t.Error("unknown environment accepted")
	}
}
