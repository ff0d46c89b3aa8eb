package social

import "context"

// Vercel is Sign in with Vercel: PKCE (a verifier is required), no default scope (no
// scope parameter unless scopes are configured or requested), profile from
// api.vercel.com/login/oauth/userinfo (name, else preferred_username). No refresh and no
// ID-token sign-in.
//
// Better Auth: packages/core/src/social-providers/vercel.ts.
func Vercel(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "vercel", name: "Vercel", opts: opts,
		authURL:  "https://vercel.com/oauth/authorize",
		tokenURL: "https://api.vercel.com/login/oauth/token",
		pkce:     true, requireVerifier: true,
		noRefresh: true,
	}
	p.customize = func(r AuthorizationRequest, a *authParams) {
		a.loginHint, a.prompt = "", ""
		if opts.Scopes == nil && r.Scopes == nil {
			a.scopes = nil
		}
	}
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		var profile map[string]any
		if err := p.getJSON(ctx, "https://api.vercel.com/login/oauth/userinfo", bearer(t.AccessToken), &profile); err != nil {
			return User{}, nil, err
		}
		if profile == nil {
			return User{}, nil, ErrNoUserInfo
		}
		// JavaScript's name ?? preferred_username ?? "": an empty name is kept.
		name, ok := profile["name"].(string)
		if !ok {
			name = strOf(profile, "preferred_username")
		}
		return User{
			ID: strOf(profile, "sub"), Name: name, Email: strOf(profile, "email"),
			Image: strOf(profile, "picture"), EmailVerified: boolOf(profile, "email_verified"),
		}, profile, nil
	}
	return p
}
