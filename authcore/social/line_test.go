package social_test

import (
	"context"
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestLine(t *testing.T) {
	checkProvider(t, providerCase{
		id: "line", authBase: "https://access.line.me/oauth2/v2.1/authorize", pkce: true,
		opts:     social.Options{Prompt: "consent"},
		params:   map[string]string{"scope": "openid profile email", "prompt": ""},
		token:    "api.line.me/oauth2/v2.1/token",
		idClaims: map[string]any{"sub": "U1", "name": "Lin", "email": "lin@example.com", "picture": "https://l/1", "email_verified": true},
		want:     social.User{ID: "U1", Name: "Lin", Email: "lin@example.com", Image: "https://l/1"},
	})
	checkAuthURL(t, "line", authURLOptions(), []string{"req.scope"}, "https://access.line.me/oauth2/v2.1/authorize?response_type=code&client_id=cid&state=STATE&scope=openid+profile+email+extra%3Ascope+req.scope&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fline&login_hint=a+b%40example.com&code_challenge_method=S256&code_challenge=rxPiyZz8P240xCXTZCn7w9huUtn-Efu70HAeOJkMu_I")
}

// TestLineUserInfoEndpoint: without an ID token the profile comes from userinfo, with
// LINE's profile names.
func TestLineUserInfoEndpoint(t *testing.T) {
	net := newFakeNet()
	net.json("api.line.me/oauth2/v2.1/userinfo", map[string]any{"userId": "U2", "displayName": "Lina", "pictureUrl": "https://l/2"})
	p, _ := social.New("line", social.Options{ClientID: "cid", HTTPClient: net.client()})
	info, err := p.UserInfo(context.Background(), social.Tokens{AccessToken: "at"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if u := info.User; u.ID != "U2" || u.Name != "Lina" || u.Image != "https://l/2" || u.Email != "" {
		t.Errorf("%+v", u)
	}
}

// TestLineIDToken: ES256 tokens (LINE SDK, LIFF) against LINE's JWKS, HS256 tokens (web
// login) under the channel secret.
func TestLineIDToken(t *testing.T) {
	const secret = "0123456789abcdef0123456789abcdef"
	key, other := newECKey(t, "line-1"), newECKey(t, "line-1")
	base := idTokenCase{
		id: "line", opts: social.Options{ClientSecret: secret},
		jwks: "api.line.me/oauth2/v2.1/certs", keys: key.jwks(), iss: "https://access.line.me",
		strictNonce: true,
	}
	t.Run("ES256", func(t *testing.T) {
		tc := base
		tc.sign, tc.forge = key.sign, other.sign
		checkIDTokens(t, tc)
	})
	t.Run("HS256", func(t *testing.T) {
		tc := base
		tc.sign = func(c map[string]any) string { return signHS256(c, secret) }
		tc.forge = func(c map[string]any) string { return signHS256(c, "ffffffffffffffffffffffffffffffff") }
		checkIDTokens(t, tc)
	})
	t.Run("HS256 without a channel secret", func(t *testing.T) {
		checkIDTokenRefused(t, "line", social.Options{}, base.jwks, base.keys,
			signHS256(validClaims("https://access.line.me"), secret))
	})
}
