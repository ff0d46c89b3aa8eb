package social_test

import (
	"context"
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
	"github.com/goauth-dev/goauth/authcore/social/socialtest"
)

func cognitoOptions() social.Options {
	return social.Options{Domain: "https://my.auth.us-east-1.amazoncognito.com", Region: "us-east-1", UserPoolID: "us-east-1_pool"}
}

func TestCognito(t *testing.T) {
	checkProvider(t, providerCase{
		id: "cognito", authBase: "https://my.auth.us-east-1.amazoncognito.com/oauth2/authorize", pkce: true,
		opts:   cognitoOptions(),
		params: map[string]string{"scope": "openid profile email"},
		token:  "my.auth.us-east-1.amazoncognito.com/oauth2/token",
		idClaims: map[string]any{"sub": "c-1", "given_name": "Cleo", "email": "cleo@example.com",
			"email_verified": true, "picture": "https://c/1"},
		want: social.User{ID: "c-1", Name: "Cleo", Email: "cleo@example.com", Image: "https://c/1", EmailVerified: true},
	})
	o := authURLOptions()
	o.Domain, o.Region, o.UserPoolID = "my.auth.us-east-1.amazoncognito.com", "us-east-1", "p"
	checkAuthURL(t, "cognito", o, []string{"req.scope", "it's"}, "https://my.auth.us-east-1.amazoncognito.com/oauth2/authorize?response_type=code&client_id=cid&state=STATE&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fcognito&prompt=login&code_challenge_method=S256&code_challenge=rxPiyZz8P240xCXTZCn7w9huUtn-Efu70HAeOJkMu_I&scope=openid%20profile%20email%20extra%3Ascope%20req.scope%20it%27s")
	// An empty scope stays where Better Auth leaves it.
	o = cognitoOptions()
	o.ClientID, o.DisableDefaultScope = "cid", true
	checkAuthURL(t, "cognito", o, nil, "https://my.auth.us-east-1.amazoncognito.com/oauth2/authorize?response_type=code&client_id=cid&state=STATE&scope=&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fcognito&code_challenge_method=S256&code_challenge=rxPiyZz8P240xCXTZCn7w9huUtn-Efu70HAeOJkMu_I")
}

func TestCognitoOptions(t *testing.T) {
	for name, o := range map[string]social.Options{
		"no domain":      {Region: "r", UserPoolID: "p"},
		"no region":      {Domain: "d", UserPoolID: "p"},
		"no user pool":   {Domain: "d", Region: "r"},
		"secret missing": {Domain: "d", Region: "r", UserPoolID: "p", RequireClientSecret: true},
	} {
		o.ClientID = "cid"
		if _, err := social.New("cognito", o); err == nil {
			t.Errorf("%s: built", name)
		}
	}
}

// TestCognitoUserInfoEndpoint: without an ID token the profile comes from userinfo.
func TestCognitoUserInfoEndpoint(t *testing.T) {
	net := newFakeNet()
	net.json("my.auth.us-east-1.amazoncognito.com/oauth2/userinfo", map[string]any{
		"sub": "c-2", "username": "cleo2", "email": "c2@example.com", "email_verified": "true",
	})
	o := cognitoOptions()
	o.ClientID, o.HTTPClient = "cid", net.client()
	p, _ := social.New("cognito", o)
	info, err := p.UserInfo(context.Background(), social.Tokens{AccessToken: "at", IDToken: "not.a.jwt"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if u := info.User; u.ID != "c-2" || u.Name != "cleo2" || !u.EmailVerified || u.Email != "c2@example.com" {
		t.Errorf("%+v", u)
	}
	if h := net.last(t, "my.auth.us-east-1.amazoncognito.com/oauth2/userinfo").Header.Get("Authorization"); h != "Bearer at" {
		t.Errorf("Authorization %q", h)
	}
	if _, err := p.UserInfo(context.Background(), social.Tokens{}, nil); err == nil {
		t.Error("user info without tokens")
	}
}

func TestCognitoIDToken(t *testing.T) {
	op := socialtest.New(t, "cid", "s")
	checkIDTokens(t, idTokenCase{
		id: "cognito", opts: cognitoOptions(),
		jwks: "cognito-idp.us-east-1.amazonaws.com/us-east-1_pool/.well-known/jwks.json", keys: op.JWKS(),
		iss:  "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool",
		sign: op.Sign, forge: func(c map[string]any) string { return socialtest.SignWith(c, op.KeyID()) },
		maxAge: true,
	})
	// An HS256 token is never checked against the pool's public keys.
	checkIDTokenRefused(t, "cognito", cognitoOptions(), "cognito-idp.us-east-1.amazonaws.com/us-east-1_pool/.well-known/jwks.json", op.JWKS(),
		signHS256(validClaims("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool"), "0123456789abcdef0123456789abcdef"))
}
