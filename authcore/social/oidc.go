package social

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// OIDCConfig configures a generic OpenID Connect provider.
type OIDCConfig struct {
	// ID is the provider id used in routes and account.providerId. Required; it may not
	// be one of the built-in ids.
	ID string
	// Name is the display name (default ID).
	Name string
	// Issuer is the OpenID issuer; the discovery document is read from
	// <Issuer>/.well-known/openid-configuration and must name the same issuer.
	// Required.
	//
	// SECURITY: with the default HTTP client the issuer, its discovery document and every
	// endpoint it lists must resolve to public addresses. For an identity provider inside
	// the network, inject NewClient(ClientOptions{AllowPrivateNetworks: true}).
	Issuer string
	// DisablePKCE stops sending the S256 code challenge (PKCE is on by default).
	DisablePKCE bool
	// DisableNonce stops binding the ID token to the flow with a nonce (on by default).
	DisableNonce bool
	// Options are the common provider options. Scopes are requested on top of the
	// default "openid profile email" (unless DisableDefaultScope).
	Options
}

// NewOIDC builds a provider from an OpenID Connect discovery document (read now, with
// Options.HTTPClient). The redirect flow sends PKCE and a nonce, verifies the ID token of
// the token response (signature against the issuer's JWKS, issuer, audience, expiry,
// nonce) and merges the userinfo endpoint's claims when the issuer has one; ID tokens
// sent by clients are verified the same way; refresh is supported.
func NewOIDC(ctx context.Context, cfg OIDCConfig) (Provider, error) {
	if cfg.ID == "" || cfg.Issuer == "" || cfg.ClientID == "" {
		return nil, errors.New("social: NewOIDC needs ID, Issuer and ClientID")
	}
	if slices.Contains(ProviderIDs, cfg.ID) {
		return nil, fmt.Errorf("social: NewOIDC: %q is a built-in provider id", cfg.ID)
	}
	opts := cfg.Options
	opts.fill()
	disc, err := oidc.NewProvider(oidc.ClientContext(ctx, opts.HTTPClient), strings.TrimRight(cfg.Issuer, "/"))
	if err != nil {
		return nil, fmt.Errorf("social: %s: discovery: %w", cfg.ID, err)
	}
	var meta struct {
		Issuer      string   `json:"issuer"`
		UserInfo    string   `json:"userinfo_endpoint"`
		JWKS        string   `json:"jwks_uri"`
		AuthMethods []string `json:"token_endpoint_auth_methods_supported"`
		Algs        []string `json:"id_token_signing_alg_values_supported"`
	}
	if err := disc.Claims(&meta); err != nil {
		return nil, fmt.Errorf("social: %s: discovery: %w", cfg.ID, err)
	}
	if meta.JWKS == "" {
		return nil, fmt.Errorf("social: %s: discovery document has no jwks_uri", cfg.ID)
	}
	name := cfg.Name
	if name == "" {
		name = cfg.ID
	}
	ep := disc.Endpoint()
	style := oauth2.AuthStyleInHeader
	if len(meta.AuthMethods) > 0 && !slices.Contains(meta.AuthMethods, "client_secret_basic") &&
		slices.Contains(meta.AuthMethods, "client_secret_post") {
		style = oauth2.AuthStyleInParams
	}
	p := &oauthProvider{
		id: cfg.ID, name: name, opts: opts,
		authURL: ep.AuthURL, tokenURL: ep.TokenURL,
		defaultScopes: []string{"openid", "profile", "email"},
		pkce:          !cfg.DisablePKCE && !cfg.Options.DisablePKCE,
		authStyle:     style,
	}
	v := &idVerifier{
		issuers: []string{meta.Issuer}, jwksURL: meta.JWKS, audiences: opts.audiences,
		algs: meta.Algs, client: opts.HTTPClient, now: opts.Now,
	}
	useNonce := !cfg.DisableNonce
	p.customize = func(r AuthorizationRequest, a *authParams) {
		a.display = r.Display
		if useNonce && r.Nonce != "" {
			a.extra = append(a.extra, [2]string{"nonce", r.Nonce})
		}
	}
	base := &oauthProvider{}
	*base = *p
	p.exchange = func(ctx context.Context, x CodeExchange) (*Tokens, error) {
		t, err := base.ExchangeCode(ctx, x)
		if err != nil {
			return nil, err
		}
		if t.IDToken == "" {
			return nil, fmt.Errorf("social: %s: token response has no id_token", cfg.ID)
		}
		nonce := ""
		if useNonce {
			nonce = x.Nonce
		}
		if _, err := v.verify(ctx, t.IDToken, nonce); err != nil {
			return nil, fmt.Errorf("social: %s: id token: %w", cfg.ID, err)
		}
		return t, nil
	}
	p.verifyID = p.verifyFunc(v)
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		claims := map[string]any{}
		if t.IDToken != "" {
			c, err := DecodeJWTClaims(t.IDToken)
			if err != nil {
				return User{}, nil, err
			}
			claims = c
		}
		if meta.UserInfo != "" && t.AccessToken != "" {
			var info map[string]any
			if err := p.getJSON(ctx, meta.UserInfo, bearer(t.AccessToken), &info); err != nil {
				if len(claims) == 0 {
					return User{}, nil, err
				}
			} else if sub := strOf(claims, "sub"); sub == "" || strOf(info, "sub") == sub {
				// OpenID Connect Core §5.3.2: userinfo only counts for the same subject.
				for k, val := range info {
					claims[k] = val
				}
			}
		}
		if strOf(claims, "sub") == "" {
			return User{}, nil, ErrNoUserInfo
		}
		name := strOf(claims, "name")
		if name == "" {
			name = strings.TrimSpace(strOf(claims, "given_name") + " " + strOf(claims, "family_name"))
		}
		if name == "" {
			name = strOf(claims, "preferred_username")
		}
		return User{
			ID: strOf(claims, "sub"), Name: name, Email: strOf(claims, "email"),
			Image: strOf(claims, "picture"), EmailVerified: boolOf(claims, "email_verified"),
		}, claims, nil
	}
	return p, nil
}
