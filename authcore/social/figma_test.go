package social_test

import (
	"context"
	"encoding/base64"
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestFigma(t *testing.T) {
	checkProvider(t, providerCase{
		id: "figma", authBase: "https://www.figma.com/oauth", pkce: true,
		opts:   social.Options{Prompt: "consent"},
		params: map[string]string{"scope": "current_user:read", "prompt": ""},
		token:  "api.figma.com/v1/oauth/token",
		profiles: map[string]any{"api.figma.com/v1/me": map[string]any{
			"id": "f-1", "handle": "fig", "email": "fig@example.com", "img_url": "https://f/1",
		}},
		want:          social.User{ID: "f-1", Name: "fig", Email: "fig@example.com", Image: "https://f/1"},
		exchangeBasic: true, refreshBasic: true,
	})
	checkAuthURL(t, "figma", authURLOptions(), []string{"req.scope"}, "https://www.figma.com/oauth?response_type=code&client_id=cid&state=STATE&scope=current_user%3Aread+extra%3Ascope+req.scope&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Ffigma&code_challenge_method=S256&code_challenge=rxPiyZz8P240xCXTZCn7w9huUtn-Efu70HAeOJkMu_I")
	checkNeedsSecret(t, "figma", social.Options{})
	checkNeedsVerifier(t, "figma", social.Options{ClientSecret: "cs"})
}

// TestBasicCredentialsAsBetterAuth: HTTP Basic carries base64("id:secret") of the
// credentials as they are, as Better Auth sends them, not form-encoded first.
func TestBasicCredentialsAsBetterAuth(t *testing.T) {
	net := newFakeNet()
	net.json("api.figma.com/v1/oauth/token", map[string]any{"access_token": "at"})
	p, _ := social.New("figma", social.Options{ClientID: "id:1", ClientSecret: "s+e/c=r t", HTTPClient: net.client()})
	if _, err := p.ExchangeCode(context.Background(), social.CodeExchange{Code: "c", RedirectURI: "https://app/cb"}); err != nil {
		t.Fatal(err)
	}
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte("id:1:s+e/c=r t"))
	if got := net.last(t, "api.figma.com/v1/oauth/token").Header.Get("Authorization"); got != want {
		t.Errorf("Authorization %q, want %q", got, want)
	}
}
