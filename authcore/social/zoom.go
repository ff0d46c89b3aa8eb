package social

import (
	"context"
)

// Zoom is the Zoom provider: PKCE unless DisablePKCE (the exchange sends the verifier
// either way, as Better Auth), no scope parameter, profile from api.zoom.us/v2/users/me
// (emailVerified from the numeric verified flag), refresh. No ID-token sign-in.
//
// Better Auth: packages/core/src/social-providers/zoom.ts, whose authorization URL
// carries response_type, redirect_uri, client_id, state and the PKCE challenge, in that
// order.
func Zoom(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "zoom", name: "Zoom", opts: opts,
		authURL:  "https://zoom.us/oauth/authorize",
		tokenURL: "https://zoom.us/oauth/token",
		pkce:     true,
	}
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		var profile map[string]any
		if err := p.getJSON(ctx, "https://api.zoom.us/v2/users/me", bearer(t.AccessToken), &profile); err != nil {
			return User{}, nil, err
		}
		return User{
			ID: strOf(profile, "id"), Name: strOf(profile, "display_name"), Email: strOf(profile, "email"),
			Image: strOf(profile, "pic_url"), EmailVerified: truthy(profile, "verified"),
		}, profile, nil
	}
	return &zoom{p}
}

type zoom struct{ *oauthProvider }

// AuthorizationURL implements Provider.
func (z *zoom) AuthorizationURL(_ context.Context, r AuthorizationRequest) (string, error) {
	o := z.opts
	redirect := r.RedirectURI
	if o.RedirectURI != "" {
		redirect = o.RedirectURI
	}
	pairs := [][2]string{{"response_type", "code"}, {"redirect_uri", redirect}, {"client_id", o.ClientID}, {"state", r.State}}
	if !o.DisablePKCE {
		pairs = append(pairs, [2]string{"code_challenge_method", "S256"}, [2]string{"code_challenge", CodeChallenge(r.CodeVerifier)})
	}
	return z.authURL + "?" + FormEncode(pairs), nil
}
