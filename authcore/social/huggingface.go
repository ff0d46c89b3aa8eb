package social

import "context"

// HuggingFace is the Hugging Face provider (key "huggingface"): PKCE, default scopes
// openid profile email, profile from huggingface.co/oauth/userinfo (name, else
// preferred_username), refresh. No ID-token sign-in.
//
// Better Auth: packages/core/src/social-providers/huggingface.ts.
func HuggingFace(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "huggingface", name: "Hugging Face", opts: opts,
		authURL:       "https://huggingface.co/oauth/authorize",
		tokenURL:      "https://huggingface.co/oauth/token",
		defaultScopes: []string{"openid", "profile", "email"},
		pkce:          true,
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) { a.loginHint, a.prompt = "", "" }
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		var profile map[string]any
		if err := p.getJSON(ctx, "https://huggingface.co/oauth/userinfo", bearer(t.AccessToken), &profile); err != nil {
			return User{}, nil, err
		}
		name := strOf(profile, "name")
		if name == "" {
			name = strOf(profile, "preferred_username")
		}
		return User{
			ID: strOf(profile, "sub"), Name: name, Email: strOf(profile, "email"),
			Image: strOf(profile, "picture"), EmailVerified: boolOf(profile, "email_verified"),
		}, profile, nil
	}
	return p
}
