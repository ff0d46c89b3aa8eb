package social

import "context"

// Kick is the Kick provider: PKCE, default scope user:read, profile from the first entry
// of api.kick.com/public/v1/users, emailVerified always false (Kick does not say),
// refresh. No ID-token sign-in.
//
// Better Auth: packages/core/src/social-providers/kick.ts.
func Kick(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "kick", name: "Kick", opts: opts,
		authURL:       "https://id.kick.com/oauth/authorize",
		tokenURL:      "https://id.kick.com/oauth/token",
		defaultScopes: []string{"user:read"},
		pkce:          true,
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) { a.loginHint, a.prompt = "", "" }
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		var out struct {
			Data []map[string]any `json:"data"`
		}
		if err := p.getJSON(ctx, "https://api.kick.com/public/v1/users", bearer(t.AccessToken), &out); err != nil {
			return User{}, nil, err
		}
		if len(out.Data) == 0 || out.Data[0] == nil {
			return User{}, nil, ErrNoUserInfo
		}
		profile := out.Data[0]
		return User{
			ID: strOf(profile, "user_id"), Name: strOf(profile, "name"),
			Email: strOf(profile, "email"), Image: strOf(profile, "profile_picture"),
		}, profile, nil
	}
	return p
}
