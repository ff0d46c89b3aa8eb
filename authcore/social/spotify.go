package social

import "context"

// Spotify is the Spotify provider: PKCE, default scope user-read-email, profile from
// /v1/me (first image), emailVerified always false (Spotify does not say), refresh.
//
// Better Auth: packages/core/src/social-providers/spotify.ts.
func Spotify(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "spotify", name: "Spotify", opts: opts,
		authURL:       "https://accounts.spotify.com/authorize",
		tokenURL:      "https://accounts.spotify.com/api/token",
		defaultScopes: []string{"user-read-email"},
		pkce:          true,
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) { a.loginHint, a.prompt = "", "" }
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		var profile map[string]any
		if err := p.getJSON(ctx, "https://api.spotify.com/v1/me", bearer(t.AccessToken), &profile); err != nil {
			return User{}, nil, err
		}
		image := ""
		if imgs, ok := profile["images"].([]any); ok && len(imgs) > 0 {
			if m, ok := imgs[0].(map[string]any); ok {
				image = strOf(m, "url")
			}
		}
		return User{ID: strOf(profile, "id"), Name: strOf(profile, "display_name"), Email: strOf(profile, "email"), Image: image}, profile, nil
	}
	return p
}
