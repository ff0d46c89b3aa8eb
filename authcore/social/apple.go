package social

import (
	"context"
	"errors"
	"strings"
	"time"
)

// Apple is Sign in with Apple: default scopes email name, response_type "code id_token"
// with response_mode form_post (the callback's POST is redirected to a GET), no PKCE,
// the profile from the ID token (the name only from the user object Apple posts on the
// first sign-in), refresh, and ID-token sign-in verified against Apple's JWKS (issuer
// https://appleid.apple.com, audience Audience, else AppBundleIdentifier, else the client
// ids, at most one hour old). ClientSecret is the signed client-secret JWT Apple requires.
//
// Better Auth: packages/core/src/social-providers/apple.ts.
func Apple(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "apple", name: "Apple", opts: opts,
		authURL:       "https://appleid.apple.com/auth/authorize",
		tokenURL:      "https://appleid.apple.com/auth/token",
		defaultScopes: []string{"email", "name"},
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) {
		a.responseType = "code id_token"
		a.responseMode = "form_post"
		a.loginHint = ""
		a.prompt = ""
	}
	audiences := func() []string {
		switch {
		case len(opts.Audience) > 0:
			return opts.Audience
		case opts.AppBundleIdentifier != "":
			return []string{opts.AppBundleIdentifier}
		}
		return opts.audiences()
	}
	v := &idVerifier{
		issuers: []string{"https://appleid.apple.com"}, jwksURL: "https://appleid.apple.com/auth/keys",
		audiences: audiences, maxAge: time.Hour, client: opts.HTTPClient, now: opts.Now,
	}
	p.verifyID = p.verifyFunc(v)
	p.fetchUser = func(_ context.Context, t Tokens, hint *UserHint) (User, map[string]any, error) {
		if t.IDToken == "" {
			return User{}, nil, errors.New("social: apple: no id token")
		}
		profile, err := DecodeJWTClaims(t.IDToken)
		if err != nil {
			return User{}, nil, err
		}
		name := strOf(profile, "name")
		if hint != nil && hint.Name != nil {
			name = strings.TrimSpace(hint.Name.FirstName + " " + hint.Name.LastName)
		}
		profile["name"] = name
		return User{
			ID: strOf(profile, "sub"), Name: name, Email: strOf(profile, "email"),
			EmailVerified: boolOf(profile, "email_verified"),
		}, profile, nil
	}
	return p
}
