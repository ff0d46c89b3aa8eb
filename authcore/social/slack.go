package social

import (
	"context"
	"strings"
)

// Slack is Sign in with Slack (OpenID Connect): no PKCE, default scopes openid profile
// email (requested scopes come before configured ones), profile from
// openid.connect.userInfo (the Slack user id as the account id; picture, else the 512 px
// image), refresh. No ID-token sign-in.
//
// Better Auth: packages/core/src/social-providers/slack.ts, whose authorization URL
// carries only scope, response_type, client_id, redirect_uri and state, in that order.
func Slack(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "slack", name: "Slack", opts: opts,
		authURL:  "https://slack.com/openid/connect/authorize",
		tokenURL: "https://slack.com/api/openid.connect.token",
	}
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		var profile map[string]any
		if err := p.getJSON(ctx, "https://slack.com/api/openid.connect.userInfo", bearer(t.AccessToken), &profile); err != nil {
			return User{}, nil, err
		}
		return User{
			ID: strOf(profile, "https://slack.com/user_id"), Name: strOf(profile, "name"),
			Email: strOf(profile, "email"), EmailVerified: boolOf(profile, "email_verified"),
			Image: firstOf(profile, "picture", "https://slack.com/user_image_512"),
		}, profile, nil
	}
	return &slack{p}
}

type slack struct{ *oauthProvider }

// AuthorizationURL implements Provider.
func (s *slack) AuthorizationURL(_ context.Context, r AuthorizationRequest) (string, error) {
	o := s.opts
	scopes := []string{}
	if !o.DisableDefaultScope {
		scopes = append(scopes, "openid", "profile", "email")
	}
	scopes = append(scopes, r.Scopes...)
	scopes = append(scopes, o.Scopes...)
	redirect := r.RedirectURI
	if o.RedirectURI != "" {
		redirect = o.RedirectURI
	}
	return s.authURL + "?" + FormEncode([][2]string{
		{"scope", strings.Join(scopes, " ")}, {"response_type", "code"}, {"client_id", o.ClientID},
		{"redirect_uri", redirect}, {"state", r.State},
	}), nil
}
