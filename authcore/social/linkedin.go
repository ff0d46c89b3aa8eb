package social

import "context"

// LinkedIn is the LinkedIn provider (Sign In with LinkedIn using OpenID Connect):
// default scopes profile email openid, no PKCE, profile from /v2/userinfo, refresh.
//
// Better Auth: packages/core/src/social-providers/linkedin.ts.
func LinkedIn(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "linkedin", name: "Linkedin", opts: opts,
		authURL:       "https://www.linkedin.com/oauth/v2/authorization",
		tokenURL:      "https://www.linkedin.com/oauth/v2/accessToken",
		defaultScopes: []string{"profile", "email", "openid"},
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) { a.prompt = "" }
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		var profile map[string]any
		if err := p.getJSON(ctx, "https://api.linkedin.com/v2/userinfo", bearer(t.AccessToken), &profile); err != nil {
			return User{}, nil, err
		}
		return User{
			ID: strOf(profile, "sub"), Name: strOf(profile, "name"), Email: strOf(profile, "email"),
			Image: strOf(profile, "picture"), EmailVerified: boolOf(profile, "email_verified"),
		}, profile, nil
	}
	return p
}
