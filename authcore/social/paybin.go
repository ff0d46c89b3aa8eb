package social

import (
	"context"
	"errors"
)

// Paybin is the Paybin provider: PKCE, default scopes openid email profile, prompt and
// login_hint, endpoints under IssuerURL (default https://idp.paybin.io)/oauth2, the
// profile from the token response's ID token (name, else preferred_username), refresh.
// No ID-token sign-in. It needs a ClientSecret.
//
// Better Auth: packages/core/src/social-providers/paybin.ts (which fails at sign-in
// without a secret; GoAuth fails at New).
func Paybin(opts Options) (Provider, error) {
	if opts.ClientSecret == "" {
		return nil, errors.New("social: paybin needs a ClientSecret")
	}
	opts.fill()
	issuer := opts.IssuerURL
	if issuer == "" {
		issuer = "https://idp.paybin.io"
	}
	p := &oauthProvider{
		id: "paybin", name: "Paybin", opts: opts,
		authURL:       issuer + "/oauth2/authorize",
		tokenURL:      issuer + "/oauth2/token",
		defaultScopes: []string{"openid", "email", "profile"},
		pkce:          true, requireVerifier: true,
	}
	p.fetchUser = func(_ context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		if t.IDToken == "" {
			return User{}, nil, ErrNoUserInfo
		}
		profile, err := DecodeJWTClaims(t.IDToken)
		if err != nil {
			return User{}, nil, err
		}
		return User{
			ID: strOf(profile, "sub"), Name: firstOf(profile, "name", "preferred_username"),
			Email: strOf(profile, "email"), Image: strOf(profile, "picture"),
			EmailVerified: boolOf(profile, "email_verified"),
		}, profile, nil
	}
	return p, nil
}
