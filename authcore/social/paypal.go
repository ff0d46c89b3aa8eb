package social

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"golang.org/x/oauth2"
)

// PayPal is Log in with PayPal: the sandbox servers unless Environment is "live", no
// scopes (an empty scope parameter: permissions are set in the PayPal dashboard), prompt,
// a PKCE challenge (the exchange sends no verifier, as Better Auth), HTTP Basic client
// authentication and Accept-Language en_US on the token requests, profile from the
// userinfo endpoint (schema paypalv1.1), refresh, and ID-token sign-in. It needs a
// ClientSecret.
//
// SECURITY: GoAuth verifies ID tokens: RS256 against PayPal's JWKS or HS256 under the
// client secret, issuer https://www.paypal.com (sandbox https://www.sandbox.paypal.com),
// audience = a client id, expiry, at most one hour old, and the nonce when given; and
// when tokens carry an ID token, the userinfo subject must be its subject. Better Auth
// 1.6.9 accepts any JWT with a sub claim unverified and does not bind the two; both are
// fixes Better Auth shipped later.
//
// The exchange sends the redirect URI the flow used (RedirectURI when set); Better Auth
// 1.6.9 sends <baseURL>/callback/paypal even when redirectURI is overridden.
//
// Better Auth: packages/core/src/social-providers/paypal.ts.
func PayPal(opts Options) (Provider, error) {
	if opts.ClientSecret == "" {
		return nil, errors.New("social: paypal needs a ClientSecret")
	}
	env := opts.Environment
	if env == "" {
		env = "sandbox"
	}
	if env != "sandbox" && env != "live" {
		return nil, fmt.Errorf("social: paypal: Environment %q: want \"sandbox\" or \"live\"", env)
	}
	opts.fill()
	web, api, apim := "https://www.paypal.com", "https://api.paypal.com", "https://api-m.paypal.com"
	if env == "sandbox" {
		web, api, apim = "https://www.sandbox.paypal.com", "https://api.sandbox.paypal.com", "https://api-m.sandbox.paypal.com"
	}
	lang := http.Header{"Accept-Language": {"en_US"}}
	p := &oauthProvider{
		id: "paypal", name: "PayPal", opts: opts,
		authURL:         web + "/signin/authorize",
		tokenURL:        apim + "/v1/oauth2/token",
		pkce:            true,
		authStyle:       oauth2.AuthStyleInHeader,
		exchangeHeaders: lang, refreshHeaders: lang,
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) {
		a.loginHint = ""
		a.scopes = []string{}
	}
	p.exchange = func(ctx context.Context, x CodeExchange) (*Tokens, error) {
		x.CodeVerifier = ""
		t, err := p.codeExchange(ctx, x)
		if err != nil {
			return nil, err
		}
		t.TokenType, t.Scopes, t.RefreshTokenExpiresAt = "", nil, time.Time{}
		return t, nil
	}
	p.refresh = func(ctx context.Context, refreshToken string) (*Tokens, error) {
		t, err := p.tokenRefresh(ctx, refreshToken)
		if err != nil {
			return nil, err
		}
		t.TokenType, t.Scopes, t.IDToken, t.RefreshTokenExpiresAt = "", nil, "", time.Time{}
		return t, nil
	}
	v := &idVerifier{
		issuers: []string{web}, jwksURL: api + "/v1/oauth2/certs", audiences: opts.audiences,
		algs: []string{"RS256", "HS256"}, hmacSecret: opts.ClientSecret, maxAge: time.Hour,
		client: opts.HTTPClient, now: opts.Now,
	}
	p.verifyID = p.verifyFunc(v)
	userInfoURL := apim + "/v1/identity/oauth2/userinfo?schema=paypalv1.1"
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		if t.AccessToken == "" {
			return User{}, nil, ErrNoUserInfo
		}
		var profile map[string]any
		if err := p.getJSON(ctx, userInfoURL, bearer(t.AccessToken), &profile); err != nil {
			return User{}, nil, err
		}
		if t.IDToken != "" {
			// OpenID Connect Core §5.3.2: userinfo answers for the ID token's subject only.
			claims, err := DecodeJWTClaims(t.IDToken)
			if err != nil {
				return User{}, nil, err
			}
			sub := firstOf(profile, "sub", "user_id")
			if s := strOf(claims, "sub"); s == "" || s != sub {
				return User{}, nil, errors.New("social: paypal: userinfo subject does not match the id token")
			}
		}
		return User{
			ID: strOf(profile, "user_id"), Name: strOf(profile, "name"), Email: strOf(profile, "email"),
			Image: strOf(profile, "picture"), EmailVerified: boolOf(profile, "email_verified"),
		}, profile, nil
	}
	return p, nil
}
