package social

import (
	"context"
	"errors"
	"fmt"
)

// Salesforce is the Salesforce provider: PKCE, default scopes openid email profile, the
// login host from LoginURL (a My Domain host), else Environment ("production":
// login.salesforce.com, the default; "sandbox": test.salesforce.com), profile from
// /services/oauth2/userinfo (user_id as the account id; photo, else thumbnail), refresh.
// No ID-token sign-in. It needs a ClientSecret.
//
// Better Auth: packages/core/src/social-providers/salesforce.ts (which fails at sign-in
// without a secret; GoAuth fails at New).
func Salesforce(opts Options) (Provider, error) {
	if opts.ClientSecret == "" {
		return nil, errors.New("social: salesforce needs a ClientSecret")
	}
	host := "login.salesforce.com"
	switch {
	case opts.LoginURL != "":
		host = opts.LoginURL
	case opts.Environment == "sandbox":
		host = "test.salesforce.com"
	case opts.Environment != "" && opts.Environment != "production":
		return nil, fmt.Errorf("social: salesforce: Environment %q: want \"production\" or \"sandbox\"", opts.Environment)
	}
	opts.fill()
	base := "https://" + host + "/services/oauth2"
	p := &oauthProvider{
		id: "salesforce", name: "Salesforce", opts: opts,
		authURL:       base + "/authorize",
		tokenURL:      base + "/token",
		defaultScopes: []string{"openid", "email", "profile"},
		pkce:          true, requireVerifier: true,
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) { a.loginHint, a.prompt = "", "" }
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		var profile map[string]any
		if err := p.getJSON(ctx, base+"/userinfo", bearer(t.AccessToken), &profile); err != nil {
			return User{}, nil, err
		}
		return User{
			ID: strOf(profile, "user_id"), Name: strOf(profile, "name"), Email: strOf(profile, "email"),
			Image:         firstOf(mapOf(profile, "photos"), "picture", "thumbnail"),
			EmailVerified: boolOf(profile, "email_verified"),
		}, profile, nil
	}
	return p, nil
}
