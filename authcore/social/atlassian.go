package social

import (
	"context"
	"errors"
)

// Atlassian is the Atlassian provider: PKCE, default scopes read:jira-user offline_access,
// audience=api.atlassian.com, prompt from the options, profile from api.atlassian.com/me,
// emailVerified always false, refresh. No ID-token sign-in. It needs a ClientSecret.
//
// Better Auth: packages/core/src/social-providers/atlassian.ts (which fails at sign-in
// without a secret; GoAuth fails at New).
func Atlassian(opts Options) (Provider, error) {
	if opts.ClientSecret == "" {
		return nil, errors.New("social: atlassian needs a ClientSecret")
	}
	opts.fill()
	p := &oauthProvider{
		id: "atlassian", name: "Atlassian", opts: opts,
		authURL:       "https://auth.atlassian.com/authorize",
		tokenURL:      "https://auth.atlassian.com/oauth/token",
		defaultScopes: []string{"read:jira-user", "offline_access"},
		pkce:          true, requireVerifier: true,
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) {
		a.loginHint = ""
		a.extra = append(a.extra, [2]string{"audience", "api.atlassian.com"})
	}
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		if t.AccessToken == "" {
			return User{}, nil, ErrNoUserInfo
		}
		var profile map[string]any
		if err := p.getJSON(ctx, "https://api.atlassian.com/me", bearer(t.AccessToken), &profile); err != nil {
			return User{}, nil, err
		}
		return User{
			ID: strOf(profile, "account_id"), Name: strOf(profile, "name"),
			Email: strOf(profile, "email"), Image: strOf(profile, "picture"),
		}, profile, nil
	}
	return p, nil
}
