package social

import (
	"context"
	"errors"

	"golang.org/x/oauth2"
)

// Figma is the Figma provider: PKCE, default scope current_user:read, HTTP Basic client
// authentication for the exchange and the refresh, profile from api.figma.com/v1/me (the
// handle as the name), emailVerified always false. No ID-token sign-in. It needs a
// ClientSecret.
//
// Better Auth: packages/core/src/social-providers/figma.ts (which fails at sign-in
// without a secret; GoAuth fails at New).
func Figma(opts Options) (Provider, error) {
	if opts.ClientSecret == "" {
		return nil, errors.New("social: figma needs a ClientSecret")
	}
	opts.fill()
	p := &oauthProvider{
		id: "figma", name: "Figma", opts: opts,
		authURL:       "https://www.figma.com/oauth",
		tokenURL:      "https://api.figma.com/v1/oauth/token",
		defaultScopes: []string{"current_user:read"},
		pkce:          true, requireVerifier: true,
		authStyle: oauth2.AuthStyleInHeader,
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) { a.loginHint, a.prompt = "", "" }
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		var profile map[string]any
		if err := p.getJSON(ctx, "https://api.figma.com/v1/me", bearer(t.AccessToken), &profile); err != nil {
			return User{}, nil, err
		}
		return User{
			ID: strOf(profile, "id"), Name: strOf(profile, "handle"),
			Email: strOf(profile, "email"), Image: strOf(profile, "img_url"),
		}, profile, nil
	}
	return p, nil
}
