package social

import (
	"context"

	"golang.org/x/oauth2"
)

// Twitter is the X (Twitter) provider (key "twitter"): PKCE, default scopes users.read
// tweet.read offline.access users.email, HTTP Basic client authentication for the
// exchange and the refresh, profile from api.x.com/2/users/me plus its confirmed_email
// (emailVerified when X confirms one; otherwise the email is the username, unverified, as
// in Better Auth 1.6.9). No ID-token sign-in.
//
// Better Auth: packages/core/src/social-providers/twitter.ts.
func Twitter(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "twitter", name: "Twitter", opts: opts,
		authURL:       "https://x.com/i/oauth2/authorize",
		tokenURL:      "https://api.x.com/2/oauth2/token",
		defaultScopes: []string{"users.read", "tweet.read", "offline.access", "users.email"},
		pkce:          true,
		authStyle:     oauth2.AuthStyleInHeader,
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) { a.loginHint, a.prompt = "", "" }
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		var profile map[string]any
		if err := p.getJSON(ctx, "https://api.x.com/2/users/me?user.fields=profile_image_url", bearer(t.AccessToken), &profile); err != nil {
			return User{}, nil, err
		}
		data := mapOf(profile, "data")
		if data == nil {
			return User{}, nil, ErrNoUserInfo
		}
		var email struct {
			Data struct {
				ConfirmedEmail string `json:"confirmed_email"`
			} `json:"data"`
		}
		verified := false
		// Better Auth ignores a failed email lookup.
		if p.getJSON(ctx, "https://api.x.com/2/users/me?user.fields=confirmed_email", bearer(t.AccessToken), &email) == nil &&
			email.Data.ConfirmedEmail != "" {
			data["email"] = email.Data.ConfirmedEmail
			verified = true
		}
		return User{
			ID: strOf(data, "id"), Name: strOf(data, "name"), Email: firstOf(data, "email", "username"),
			Image: strOf(data, "profile_image_url"), EmailVerified: verified,
		}, profile, nil
	}
	return p
}
