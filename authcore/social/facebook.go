package social

import (
	"context"
	"net/url"
	"strings"
)

// Facebook is the Facebook provider: default scopes email public_profile, no PKCE,
// config_id for Login for Business, Graph API v24.0, profile from /me (or from a Limited
// Login ID token), refresh, and ID-token sign-in: a Limited Login JWT verified against
// Facebook's JWKS, or a classic access token.
//
// GoAuth checks a classic access token with Graph's debug_token (it must be valid and
// issued to this app). Better Auth 1.6.9 accepts any non-JWT token without checking it,
// so an access token issued to another app would sign its user in.
//
// Better Auth: packages/core/src/social-providers/facebook.ts.
func Facebook(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "facebook", name: "Facebook", opts: opts,
		authURL:       "https://www.facebook.com/v24.0/dialog/oauth",
		tokenURL:      "https://graph.facebook.com/v24.0/oauth/access_token",
		defaultScopes: []string{"email", "public_profile"},
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) {
		a.prompt = ""
		if opts.ConfigID != "" {
			a.extra = append(a.extra, [2]string{"config_id", opts.ConfigID})
		}
	}
	v := &idVerifier{
		issuers: []string{"https://www.facebook.com"}, jwksURL: "https://limited.facebook.com/.well-known/oauth/openid/jwks/",
		audiences: func() []string { return []string{opts.ClientID} }, algs: []string{"RS256"},
		client: opts.HTTPClient, now: opts.Now,
	}
	jwt := p.verifyFunc(v)
	p.verifyID = func(ctx context.Context, token, nonce string) (bool, error) {
		if strings.Count(token, ".") == 2 {
			return jwt(ctx, token, nonce)
		}
		return p.debugToken(ctx, token), nil
	}
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		if strings.Count(t.IDToken, ".") == 2 {
			profile, err := DecodeJWTClaims(t.IDToken)
			if err != nil {
				return User{}, nil, err
			}
			return User{
				ID: strOf(profile, "sub"), Name: strOf(profile, "name"), Email: strOf(profile, "email"),
				Image: strOf(profile, "picture"),
			}, profile, nil
		}
		access := t.AccessToken
		if access == "" {
			access = t.IDToken
		}
		fields := append([]string{"id", "name", "email", "picture"}, opts.Fields...)
		var profile map[string]any
		if err := p.getJSON(ctx, "https://graph.facebook.com/me?fields="+strings.Join(fields, ","), bearer(access), &profile); err != nil {
			return User{}, nil, err
		}
		return User{
			ID: strOf(profile, "id"), Name: strOf(profile, "name"), Email: strOf(profile, "email"),
			Image: strOf(mapOf(mapOf(profile, "picture"), "data"), "url"), EmailVerified: boolOf(profile, "email_verified"),
		}, profile, nil
	}
	return p
}

// debugToken reports whether Graph says the access token is valid and was issued to
// this app.
func (p *oauthProvider) debugToken(ctx context.Context, token string) bool {
	q := url.Values{"input_token": {token}, "access_token": {p.opts.ClientID + "|" + p.opts.ClientSecret}}
	var out struct {
		Data struct {
			AppID   string `json:"app_id"`
			IsValid bool   `json:"is_valid"`
		} `json:"data"`
	}
	if err := p.getJSON(ctx, "https://graph.facebook.com/debug_token?"+q.Encode(), nil, &out); err != nil {
		p.opts.Logger.InfoContext(ctx, "facebook debug_token failed", "err", err)
		return false
	}
	return out.Data.IsValid && out.Data.AppID == p.opts.ClientID
}
