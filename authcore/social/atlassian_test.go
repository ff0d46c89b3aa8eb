package social_test

import (
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestAtlassian(t *testing.T) {
	checkProvider(t, providerCase{
		id: "atlassian", authBase: "https://auth.atlassian.com/authorize", pkce: true,
		opts:   social.Options{Prompt: "consent"},
		params: map[string]string{"scope": "read:jira-user offline_access", "audience": "api.atlassian.com", "prompt": "consent"},
		token:  "auth.atlassian.com/oauth/token",
		profiles: map[string]any{"api.atlassian.com/me": map[string]any{
			"account_id": "557058:1", "name": "Ada", "email": "ada@example.com", "picture": "https://a/1", "email_verified": true,
		}},
		want: social.User{ID: "557058:1", Name: "Ada", Email: "ada@example.com", Image: "https://a/1"},
	})
	checkAuthURL(t, "atlassian", authURLOptions(), []string{"req.scope"}, "https://auth.atlassian.com/authorize?response_type=code&client_id=cid&state=STATE&scope=read%3Ajira-user+offline_access+extra%3Ascope+req.scope&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fatlassian&prompt=login&code_challenge_method=S256&code_challenge=rxPiyZz8P240xCXTZCn7w9huUtn-Efu70HAeOJkMu_I&audience=api.atlassian.com")
	checkNeedsSecret(t, "atlassian", social.Options{})
	checkNeedsVerifier(t, "atlassian", social.Options{ClientSecret: "cs"})
}
