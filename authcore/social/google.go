package social

import (
	"context"
	"errors"
	"time"
)

// Google is the Google provider: PKCE, default scopes email profile openid,
// include_granted_scopes=true, access_type/prompt/display/hd from the options, profile
// from the ID token of the token response, refresh, and ID-token sign-in verified
// against Google's JWKS (issuer accounts.google.com, audience = a client id, at most
// one hour old).
//
// Better Auth: packages/core/src/social-providers/google.ts.
func Google(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "google", name: "Google", opts: opts,
		authURL:       "https://accounts.google.com/o/oauth2/v2/auth",
		tokenURL:      "https://oauth2.googleapis.com/token",
		defaultScopes: []string{"email", "profile", "openid"},
		pkce:          true,
	}
	p.customize = func(r AuthorizationRequest, a *authParams) {
		a.accessType = opts.AccessType
		a.display = r.Display
		if a.display == "" {
			a.display = opts.Display
		}
		a.hd = opts.HostedDomain
		a.extra = append(a.extra, [2]string{"include_granted_scopes", "true"})
	}
	v := &idVerifier{
		issuers:   []string{"https://accounts.google.com", "accounts.google.com"},
		jwksURL:   "https://www.googleapis.com/oauth2/v3/certs",
		audiences: opts.audiences, maxAge: time.Hour,
		client: opts.HTTPClient, now: opts.Now,
	}
	p.verifyID = p.verifyFunc(v)
	p.fetchUser = func(_ context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		if t.IDToken == "" {
			return User{}, nil, errors.New("social: google: no id token")
		}
		claims, err := DecodeJWTClaims(t.IDToken)
		if err != nil {
			return User{}, nil, err
		}
		return User{
			ID: strOf(claims, "sub"), Name: strOf(claims, "name"), Email: strOf(claims, "email"),
			Image: strOf(claims, "picture"), EmailVerified: boolOf(claims, "email_verified"),
		}, claims, nil
	}
	return p
}
