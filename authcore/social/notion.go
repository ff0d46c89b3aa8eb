package social

import (
	"context"

	"golang.org/x/oauth2"
)

// Notion is the Notion provider: no PKCE, no default scope (an empty scope parameter is
// sent), login_hint, owner=user, HTTP Basic client authentication for the exchange (the
// refresh sends the credentials in the form, as Better Auth), profile from the bot owner
// of api.notion.com/v1/users/me (Notion-Version 2022-06-28), emailVerified always false.
// No ID-token sign-in.
//
// Better Auth: packages/core/src/social-providers/notion.ts.
func Notion(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "notion", name: "Notion", opts: opts,
		authURL:          "https://api.notion.com/v1/oauth/authorize",
		tokenURL:         "https://api.notion.com/v1/oauth/token",
		authStyle:        oauth2.AuthStyleInHeader,
		refreshAuthStyle: oauth2.AuthStyleInParams,
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) {
		a.prompt = ""
		a.extra = append(a.extra, [2]string{"owner", "user"})
	}
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		hdr := bearer(t.AccessToken)
		hdr.Set("Notion-Version", "2022-06-28")
		var profile map[string]any
		if err := p.getJSON(ctx, "https://api.notion.com/v1/users/me", hdr, &profile); err != nil {
			return User{}, nil, err
		}
		user := mapOf(mapOf(mapOf(profile, "bot"), "owner"), "user")
		if user == nil {
			return User{}, nil, ErrNoUserInfo
		}
		return User{
			ID: strOf(user, "id"), Name: strOf(user, "name"),
			Email: strOf(mapOf(user, "person"), "email"), Image: strOf(user, "avatar_url"),
		}, user, nil
	}
	return p
}
