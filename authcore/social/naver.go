package social

import "context"

// Naver is the Naver provider: no PKCE, default scopes profile email, profile from
// openapi.naver.com/v1/nid/me (refused unless resultcode is "00"; name, else nickname),
// emailVerified always false, refresh. No ID-token sign-in.
//
// Better Auth: packages/core/src/social-providers/naver.ts.
func Naver(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "naver", name: "Naver", opts: opts,
		authURL:       "https://nid.naver.com/oauth2.0/authorize",
		tokenURL:      "https://nid.naver.com/oauth2.0/token",
		defaultScopes: []string{"profile", "email"},
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) { a.loginHint, a.prompt = "", "" }
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		var profile map[string]any
		if err := p.getJSON(ctx, "https://openapi.naver.com/v1/nid/me", bearer(t.AccessToken), &profile); err != nil {
			return User{}, nil, err
		}
		if strOf(profile, "resultcode") != "00" {
			return User{}, nil, ErrNoUserInfo
		}
		res := mapOf(profile, "response")
		return User{
			ID: strOf(res, "id"), Name: firstOf(res, "name", "nickname"),
			Email: strOf(res, "email"), Image: strOf(res, "profile_image"),
		}, profile, nil
	}
	return p
}
