package social

import (
	"context"
	"errors"
	"strings"
	"time"
)

// Cognito is Amazon Cognito: PKCE, default scopes openid profile email, prompt from the
// options, endpoints under https://<Domain>/oauth2, the profile from the ID token of the
// token response (else from the userinfo endpoint), refresh, and ID-token sign-in
// verified against the user pool's JWKS (issuer
// https://cognito-idp.<Region>.amazonaws.com/<UserPoolID>, audience = a client id, at most
// one hour old). Domain, Region and UserPoolID are required; RequireClientSecret also
// requires ClientSecret.
//
// Cognito wants the scope parameter encoded with %20, so it is moved to the end of the
// authorization URL and encoded so, as Better Auth does.
//
// Better Auth: packages/core/src/social-providers/cognito.ts.
func Cognito(opts Options) (Provider, error) {
	if opts.Domain == "" || opts.Region == "" || opts.UserPoolID == "" {
		return nil, errors.New("social: cognito needs Domain, Region and UserPoolID")
	}
	if opts.RequireClientSecret && opts.ClientSecret == "" {
		return nil, errors.New("social: cognito: RequireClientSecret is set but ClientSecret is empty")
	}
	opts.fill()
	domain := strings.TrimPrefix(strings.TrimPrefix(opts.Domain, "https://"), "http://")
	p := &oauthProvider{
		id: "cognito", name: "Cognito", opts: opts,
		authURL:       "https://" + domain + "/oauth2/authorize",
		tokenURL:      "https://" + domain + "/oauth2/token",
		defaultScopes: []string{"openid", "profile", "email"},
		pkce:          true,
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) { a.loginHint = "" }
	pool := "https://cognito-idp." + opts.Region + ".amazonaws.com/" + opts.UserPoolID
	v := &idVerifier{
		issuers: []string{pool}, jwksURL: pool + "/.well-known/jwks.json",
		audiences: opts.audiences, maxAge: time.Hour, client: opts.HTTPClient, now: opts.Now,
	}
	p.verifyID = p.verifyFunc(v)
	userInfoURL := "https://" + domain + "/oauth2/userinfo"
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		if t.IDToken != "" {
			if profile, err := DecodeJWTClaims(t.IDToken); err == nil {
				profile["name"] = cognitoName(profile)
				return cognitoUser(profile), profile, nil
			}
		}
		if t.AccessToken == "" {
			return User{}, nil, ErrNoUserInfo
		}
		var profile map[string]any
		if err := p.getJSON(ctx, userInfoURL, bearer(t.AccessToken), &profile); err != nil {
			return User{}, nil, err
		}
		u := cognitoUser(profile)
		u.Name = cognitoName(profile)
		return u, profile, nil
	}
	return &cognito{p}, nil
}

type cognito struct{ *oauthProvider }

// AuthorizationURL implements Provider: the common parameters, then the scope
// parameter last, encoded with encodeURIComponent.
func (c *cognito) AuthorizationURL(ctx context.Context, r AuthorizationRequest) (string, error) {
	raw, err := c.oauthProvider.AuthorizationURL(ctx, r)
	if err != nil {
		return "", err
	}
	base, query, _ := strings.Cut(raw, "?")
	q := parseQuery(query)
	scope := q.get("scope")
	if scope == "" {
		return raw, nil
	}
	kept := q.pairs[:0]
	for _, kv := range q.pairs {
		if kv[0] != "scope" {
			kept = append(kept, kv)
		}
	}
	q.pairs = kept
	// new URL() in Better Auth re-encodes the one character encodeURIComponent leaves
	// that the URL parser does not: the apostrophe.
	scope = strings.ReplaceAll(encodeURIComponent(scope), "'", "%27")
	return base + "?" + q.encode() + "&scope=" + scope, nil
}

// cognitoName is name, else given_name, else username.
func cognitoName(profile map[string]any) string {
	return firstOf(profile, "name", "given_name", "username")
}

func cognitoUser(profile map[string]any) User {
	return User{
		ID: strOf(profile, "sub"), Name: strOf(profile, "name"), Email: strOf(profile, "email"),
		Image: strOf(profile, "picture"), EmailVerified: boolOf(profile, "email_verified"),
	}
}
