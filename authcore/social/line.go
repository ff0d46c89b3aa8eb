package social

import (
	"context"
)

// Line is the LINE provider: PKCE, default scopes openid profile email, login_hint, the
// profile from the ID token of the token response (else from the userinfo endpoint),
// emailVerified always false (LINE does not say), refresh, and ID-token sign-in.
//
// LINE signs ID tokens with ES256 for native apps, the LINE SDK and LIFF (keys at
// https://api.line.me/oauth2/v2.1/certs) and with HS256 under the channel secret
// (ClientSecret) for web login. GoAuth verifies both locally: signature, issuer
// https://access.line.me, audience = a client id, expiry, and a nonce claim must equal the
// nonce given (a token carrying a nonce is refused when none is given). Better Auth 1.6.9
// asks LINE's verify endpoint (https://api.line.me/oauth2/v2.1/verify), which checks the
// same claims.
//
// Better Auth: packages/core/src/social-providers/line.ts.
func Line(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "line", name: "LINE", opts: opts,
		authURL:       "https://access.line.me/oauth2/v2.1/authorize",
		tokenURL:      "https://api.line.me/oauth2/v2.1/token",
		defaultScopes: []string{"openid", "profile", "email"},
		pkce:          true,
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) { a.prompt = "" }
	v := &idVerifier{
		issuers: []string{"https://access.line.me"}, jwksURL: "https://api.line.me/oauth2/v2.1/certs",
		audiences: opts.audiences, algs: []string{"ES256", "HS256"}, hmacSecret: opts.ClientSecret,
		client: opts.HTTPClient, now: opts.Now,
	}
	p.verifyID = func(ctx context.Context, token, nonce string) (bool, error) {
		claims, err := v.verify(ctx, token, nonce)
		if err == nil {
			if n := strOf(claims, "nonce"); n != "" && n != nonce {
				p.opts.Logger.InfoContext(ctx, "id token refused", "provider", p.id, "err", "nonce mismatch")
				return false, nil
			}
			return true, nil
		}
		p.opts.Logger.InfoContext(ctx, "id token refused", "provider", p.id, "err", err)
		return false, nil
	}
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		var profile map[string]any
		if t.IDToken != "" {
			if c, err := DecodeJWTClaims(t.IDToken); err == nil {
				profile = c
			}
		}
		if profile == nil {
			if err := p.getJSON(ctx, "https://api.line.me/oauth2/v2.1/userinfo", bearer(t.AccessToken), &profile); err != nil {
				return User{}, nil, err
			}
			if profile == nil {
				return User{}, nil, ErrNoUserInfo
			}
		}
		return User{
			ID:    firstOf(profile, "sub", "userId"),
			Name:  firstOf(profile, "name", "displayName"),
			Email: strOf(profile, "email"),
			Image: firstOf(profile, "picture", "pictureUrl"),
		}, profile, nil
	}
	return p
}

// firstOf is the first non-empty string of profile's keys (JavaScript's a || b).
func firstOf(profile map[string]any, keys ...string) string {
	for _, k := range keys {
		if s := strOf(profile, k); s != "" {
			return s
		}
	}
	return ""
}
