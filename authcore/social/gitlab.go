package social

import (
	"context"
	"errors"
	"regexp"
	"strings"
)

// GitLab is the GitLab provider (gitlab.com or a self-managed instance at IssuerURL):
// PKCE, default scope read_user, profile from /api/v4/user (refused when the user is
// not active or locked), refresh. No ID-token sign-in.
//
// Better Auth: packages/core/src/social-providers/gitlab.ts.
func GitLab(opts Options) Provider {
	opts.fill()
	base := opts.IssuerURL
	if base == "" {
		base = "https://gitlab.com"
	}
	p := &oauthProvider{
		id: "gitlab", name: "Gitlab", opts: opts,
		authURL:       cleanDoubleSlashes(base + "/oauth/authorize"),
		tokenURL:      cleanDoubleSlashes(base + "/oauth/token"),
		defaultScopes: []string{"read_user"},
		pkce:          true,
	}
	userURL := cleanDoubleSlashes(base + "/api/v4/user")
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		var profile map[string]any
		if err := p.getJSON(ctx, userURL, bearer(t.AccessToken), &profile); err != nil {
			return User{}, nil, err
		}
		if strOf(profile, "state") != "active" || boolOf(profile, "locked") {
			return User{}, nil, errors.New("social: gitlab: user is not active")
		}
		name, ok := profile["name"].(string)
		if !ok {
			name = strOf(profile, "username")
		}
		return User{
			ID: strOf(profile, "id"), Name: name, Email: strOf(profile, "email"),
			Image: strOf(profile, "avatar_url"), EmailVerified: boolOf(profile, "email_verified"),
		}, profile, nil
	}
	return p
}

var multiSlash = regexp.MustCompile(`/{2,}`)

// cleanDoubleSlashes collapses repeated slashes outside the scheme separator.
func cleanDoubleSlashes(s string) string {
	parts := strings.Split(s, "://")
	for i, p := range parts {
		parts[i] = multiSlash.ReplaceAllString(p, "/")
	}
	return strings.Join(parts, "://")
}
