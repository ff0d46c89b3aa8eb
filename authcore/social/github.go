package social

import (
	"context"
	"net/http"
)

// GitHub is the GitHub provider: PKCE, default scopes read:user user:email, profile
// from /user with the primary (else first) address of /user/emails, emailVerified from
// that address, refresh (GitHub Apps with expiring tokens). No ID-token sign-in.
//
// Better Auth: packages/core/src/social-providers/github.ts.
func GitHub(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "github", name: "GitHub", opts: opts,
		authURL:       "https://github.com/login/oauth/authorize",
		tokenURL:      "https://github.com/login/oauth/access_token",
		defaultScopes: []string{"read:user", "user:email"},
		pkce:          true,
	}
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		hdr := http.Header{"User-Agent": {"better-auth"}, "Authorization": {"Bearer " + t.AccessToken}}
		var profile map[string]any
		if err := p.getJSON(ctx, "https://api.github.com/user", hdr, &profile); err != nil {
			return User{}, nil, err
		}
		var emails []struct {
			Email    string `json:"email"`
			Primary  bool   `json:"primary"`
			Verified bool   `json:"verified"`
		}
		// Better Auth ignores a failed email listing.
		_ = p.getJSON(ctx, "https://api.github.com/user/emails", hdr, &emails)
		if strOf(profile, "email") == "" && len(emails) > 0 {
			pick := emails[0]
			for _, e := range emails {
				if e.Primary {
					pick = e
					break
				}
			}
			profile["email"] = pick.Email
		}
		email := strOf(profile, "email")
		verified := false
		for _, e := range emails {
			if e.Email == email {
				verified = e.Verified
				break
			}
		}
		name := strOf(profile, "name")
		if name == "" {
			name = strOf(profile, "login")
		}
		return User{
			ID: strOf(profile, "id"), Name: name, Email: email,
			Image: strOf(profile, "avatar_url"), EmailVerified: verified,
		}, profile, nil
	}
	return p
}
