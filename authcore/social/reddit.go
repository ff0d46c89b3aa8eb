package social

import (
	"context"
	"net/http"
	"strings"

	"golang.org/x/oauth2"
)

// Reddit is the Reddit provider: no PKCE, default scope identity, duration from
// Duration ("permanent" for a refresh token), HTTP Basic client authentication (the
// exchange also sends Accept: text/plain and User-Agent: better-auth, as Better Auth),
// profile from oauth.reddit.com/api/v1/me (the icon without its query string), refresh.
// No ID-token sign-in.
//
// SECURITY: Reddit gives no email address. The user's email is
// <reddit user id>@reddit.invalid, unverified, unless MapProfileToUser sets one. Better
// Auth 1.6.9 uses the app's oauth_client_id, the same for every user of the app, with
// has_verified_email as emailVerified, which lets one Reddit user take over another's
// account through implicit linking; this is the fix Better Auth shipped later.
//
// Better Auth: packages/core/src/social-providers/reddit.ts.
func Reddit(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "reddit", name: "Reddit", opts: opts,
		authURL:         "https://www.reddit.com/api/v1/authorize",
		tokenURL:        "https://www.reddit.com/api/v1/access_token",
		defaultScopes:   []string{"identity"},
		authStyle:       oauth2.AuthStyleInHeader,
		exchangeHeaders: http.Header{"Accept": {"text/plain"}, "User-Agent": {"better-auth"}},
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) {
		a.loginHint, a.prompt = "", ""
		a.duration = opts.Duration
	}
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		hdr := bearer(t.AccessToken)
		hdr.Set("User-Agent", "better-auth")
		var profile map[string]any
		if err := p.getJSON(ctx, "https://oauth.reddit.com/api/v1/me", hdr, &profile); err != nil {
			return User{}, nil, err
		}
		id := strOf(profile, "id")
		if id == "" {
			return User{}, nil, ErrNoUserInfo
		}
		image, _, _ := strings.Cut(strOf(profile, "icon_img"), "?")
		return User{ID: id, Name: strOf(profile, "name"), Email: id + "@reddit.invalid", Image: image}, profile, nil
	}
	return p
}
