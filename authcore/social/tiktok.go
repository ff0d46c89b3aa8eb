package social

import (
	"context"
	"errors"
	"strings"
)

// TikTok is Login Kit for TikTok (key "tiktok"): apps are identified by ClientKey
// (client_key; ClientID is not used), no PKCE, default scope user.info.profile (scopes
// joined with ','), profile from open.tiktokapis.com/v2/user/info, refresh. No ID-token
// sign-in. ClientKey and ClientSecret are required.
//
// TikTok gives no email address unless the app has one: the user's email is the TikTok
// username, unverified, as in Better Auth 1.6.9.
//
// The token requests send client_key and client_secret, and client_id = the client key;
// Better Auth 1.6.9 sends the literal client_id=undefined (fixed later the same way).
// MapProfileToUser applies (Better Auth 1.6.9 skips it for TikTok).
//
// Better Auth: packages/core/src/social-providers/tiktok.ts, whose authorization URL is
// written by hand: scope, response_type, client_key, redirect_uri, state.
func TikTok(opts Options) (Provider, error) {
	if opts.ClientKey == "" || opts.ClientSecret == "" {
		return nil, errors.New("social: tiktok needs a ClientKey and a ClientSecret")
	}
	opts.ClientID = opts.ClientKey
	opts.fill()
	p := &oauthProvider{
		id: "tiktok", name: "TikTok", opts: opts,
		authURL:       "https://www.tiktok.com/v2/auth/authorize",
		tokenURL:      "https://open.tiktokapis.com/v2/oauth/token/",
		defaultScopes: []string{"user.info.profile"},
		refreshExtra:  [][2]string{{"client_key", opts.ClientKey}},
	}
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		var profile map[string]any
		const fields = "open_id,avatar_large_url,display_name,username"
		if err := p.getJSON(ctx, "https://open.tiktokapis.com/v2/user/info/?fields="+fields, bearer(t.AccessToken), &profile); err != nil {
			return User{}, nil, err
		}
		user := mapOf(mapOf(profile, "data"), "user")
		if user == nil {
			return User{}, nil, ErrNoUserInfo
		}
		return User{
			ID: strOf(user, "open_id"), Name: firstOf(user, "display_name", "username"),
			Email: firstOf(user, "email", "username"), Image: strOf(user, "avatar_large_url"),
		}, profile, nil
	}
	return &tiktok{p}, nil
}

type tiktok struct{ *oauthProvider }

// AuthorizationURL implements Provider.
func (t *tiktok) AuthorizationURL(_ context.Context, r AuthorizationRequest) (string, error) {
	o := t.opts
	redirect := r.RedirectURI
	if o.RedirectURI != "" {
		redirect = o.RedirectURI
	}
	return jsURL(t.authURL + "?scope=" + strings.Join(t.scopes(r.Scopes), ",") +
		"&response_type=code&client_key=" + o.ClientKey +
		"&redirect_uri=" + encodeURIComponent(redirect) + "&state=" + r.State), nil
}
