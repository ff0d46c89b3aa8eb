package social

import "context"

// Polar is the Polar provider: PKCE, default scopes openid profile email, prompt, profile
// from api.polar.sh/v1/oauth2/userinfo (public_name, else username), refresh. No
// ID-token sign-in.
//
// Better Auth: packages/core/src/social-providers/polar.ts.
func Polar(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "polar", name: "Polar", opts: opts,
		authURL:       "https://polar.sh/oauth2/authorize",
		tokenURL:      "https://api.polar.sh/v1/oauth2/token",
		defaultScopes: []string{"openid", "profile", "email"},
		pkce:          true,
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) { a.loginHint = "" }
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		var profile map[string]any
		if err := p.getJSON(ctx, "https://api.polar.sh/v1/oauth2/userinfo", bearer(t.AccessToken), &profile); err != nil {
			return User{}, nil, err
		}
		return User{
			ID: strOf(profile, "id"), Name: firstOf(profile, "public_name", "username"),
			Email: strOf(profile, "email"), Image: strOf(profile, "avatar_url"),
			EmailVerified: boolOf(profile, "email_verified"),
		}, profile, nil
	}
	return p
}
