package social

import "context"

// Kakao is the Kakao provider: no PKCE, default scopes account_email profile_image
// profile_nickname, profile from kapi.kakao.com/v2/user/me (nickname, else the account
// name; the profile image, else the thumbnail), emailVerified when Kakao says the
// address is both valid and verified, refresh. No ID-token sign-in.
//
// Better Auth: packages/core/src/social-providers/kakao.ts.
func Kakao(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "kakao", name: "Kakao", opts: opts,
		authURL:       "https://kauth.kakao.com/oauth/authorize",
		tokenURL:      "https://kauth.kakao.com/oauth/token",
		defaultScopes: []string{"account_email", "profile_image", "profile_nickname"},
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) { a.loginHint, a.prompt = "", "" }
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		var profile map[string]any
		if err := p.getJSON(ctx, "https://kapi.kakao.com/v2/user/me", bearer(t.AccessToken), &profile); err != nil {
			return User{}, nil, err
		}
		account := mapOf(profile, "kakao_account")
		kp := mapOf(account, "profile")
		name := strOf(kp, "nickname")
		if name == "" {
			name = strOf(account, "name")
		}
		image := strOf(kp, "profile_image_url")
		if image == "" {
			image = strOf(kp, "thumbnail_image_url")
		}
		return User{
			ID: strOf(profile, "id"), Name: name, Email: strOf(account, "email"), Image: image,
			EmailVerified: truthy(account, "is_email_valid") && truthy(account, "is_email_verified"),
		}, profile, nil
	}
	return p
}
