package social

import (
	"context"
	"strings"
)

// Roblox is the Roblox provider: no PKCE, default scopes openid profile, prompt
// "select_account consent" unless set, profile from apis.roblox.com/oauth/v1/userinfo
// (nickname, else preferred_username), refresh. No ID-token sign-in.
//
// Roblox gives no email address: the user's email is the Roblox username
// (preferred_username), unverified, as in Better Auth 1.6.9; set a real one with
// MapProfileToUser.
//
// Better Auth: packages/core/src/social-providers/roblox.ts, whose authorization URL is
// written by hand: scope (joined with '+'), response_type, client_id, redirect_uri,
// state, prompt.
func Roblox(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "roblox", name: "Roblox", opts: opts,
		authURL:       "https://apis.roblox.com/oauth/v1/authorize",
		tokenURL:      "https://apis.roblox.com/oauth/v1/token",
		defaultScopes: []string{"openid", "profile"},
	}
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		var profile map[string]any
		if err := p.getJSON(ctx, "https://apis.roblox.com/oauth/v1/userinfo", bearer(t.AccessToken), &profile); err != nil {
			return User{}, nil, err
		}
		return User{
			ID: strOf(profile, "sub"), Name: firstOf(profile, "nickname", "preferred_username"),
			Email: strOf(profile, "preferred_username"), Image: strOf(profile, "picture"),
		}, profile, nil
	}
	return &roblox{p}
}

type roblox struct{ *oauthProvider }

// AuthorizationURL implements Provider.
func (r *roblox) AuthorizationURL(_ context.Context, ar AuthorizationRequest) (string, error) {
	o := r.opts
	redirect := ar.RedirectURI
	if o.RedirectURI != "" {
		redirect = o.RedirectURI
	}
	prompt := o.Prompt
	if prompt == "" {
		prompt = "select_account consent"
	}
	return jsURL(r.authURL + "?scope=" + strings.Join(r.scopes(ar.Scopes), "+") +
		"&response_type=code&client_id=" + o.ClientID +
		"&redirect_uri=" + encodeURIComponent(redirect) +
		"&state=" + ar.State + "&prompt=" + prompt), nil
}
