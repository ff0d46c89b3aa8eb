package social

import (
	"context"

	"golang.org/x/oauth2"
)

// Railway is the Railway provider: PKCE, default scopes openid email profile, HTTP Basic
// client authentication for the exchange and the refresh, profile from
// backboard.railway.com/oauth/me, emailVerified always false (Railway does not say). No
// ID-token sign-in.
//
// Better Auth: packages/core/src/social-providers/railway.ts.
func Railway(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "railway", name: "Railway", opts: opts,
		authURL:       "https://backboard.railway.com/oauth/auth",
		tokenURL:      "https://backboard.railway.com/oauth/token",
		defaultScopes: []string{"openid", "email", "profile"},
		pkce:          true,
		authStyle:     oauth2.AuthStyleInHeader,
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) { a.loginHint, a.prompt = "", "" }
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		var profile map[string]any
		if err := p.getJSON(ctx, "https://backboard.railway.com/oauth/me", bearer(t.AccessToken), &profile); err != nil {
			return User{}, nil, err
		}
		return User{
			ID: strOf(profile, "sub"), Name: strOf(profile, "name"),
			Email: strOf(profile, "email"), Image: strOf(profile, "picture"),
		}, profile, nil
	}
	return p
}
