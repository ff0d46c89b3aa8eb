package social

import (
	"context"
	"net/http"
)

// Dropbox is the Dropbox provider: PKCE, default scope account_info.read,
// token_access_type from AccessType ("offline" for a refresh token), profile from
// users/get_current_account (a POST), refresh.
//
// Better Auth: packages/core/src/social-providers/dropbox.ts.
func Dropbox(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "dropbox", name: "Dropbox", opts: opts,
		authURL:       "https://www.dropbox.com/oauth2/authorize",
		tokenURL:      "https://api.dropboxapi.com/oauth2/token",
		defaultScopes: []string{"account_info.read"},
		pkce:          true,
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) {
		a.loginHint, a.prompt = "", ""
		if opts.AccessType != "" {
			a.extra = append(a.extra, [2]string{"token_access_type", opts.AccessType})
		}
	}
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://api.dropboxapi.com/2/users/get_current_account", nil)
		if err != nil {
			return User{}, nil, err
		}
		var profile map[string]any
		if err := p.do(req, bearer(t.AccessToken), &profile); err != nil {
			return User{}, nil, err
		}
		return User{
			ID: strOf(profile, "account_id"), Name: strOf(mapOf(profile, "name"), "display_name"),
			Email: strOf(profile, "email"), Image: strOf(profile, "profile_photo_url"),
			EmailVerified: boolOf(profile, "email_verified"),
		}, profile, nil
	}
	return p
}
