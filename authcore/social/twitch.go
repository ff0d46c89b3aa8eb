package social

import (
	"context"
	"errors"
)

// Twitch is the Twitch provider: default scopes user:read:email openid, an OIDC claims
// request (email, email_verified, preferred_username, picture), no PKCE, profile from
// the token response's ID token, refresh.
//
// Better Auth: packages/core/src/social-providers/twitch.ts.
func Twitch(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "twitch", name: "Twitch", opts: opts,
		authURL:       "https://id.twitch.tv/oauth2/authorize",
		tokenURL:      "https://id.twitch.tv/oauth2/token",
		defaultScopes: []string{"user:read:email", "openid"},
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) {
		a.loginHint, a.prompt = "", ""
		a.claims = []string{"email", "email_verified", "preferred_username", "picture"}
	}
	p.fetchUser = func(_ context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		if t.IDToken == "" {
			return User{}, nil, errors.New("social: twitch: no id token")
		}
		profile, err := DecodeJWTClaims(t.IDToken)
		if err != nil {
			return User{}, nil, err
		}
		return User{
			ID: strOf(profile, "sub"), Name: strOf(profile, "preferred_username"), Email: strOf(profile, "email"),
			Image: strOf(profile, "picture"), EmailVerified: boolOf(profile, "email_verified"),
		}, profile, nil
	}
	return p
}
