package social

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Microsoft is Microsoft Entra ID (key "microsoft"): PKCE, default scopes openid profile
// email User.Read offline_access, endpoints under <authority>/<tenant>/oauth2/v2.0 (tenant
// "common" by default), the profile from the ID token plus the Graph photo as a data
// URL, refresh (sending the scopes, as Entra ID wants), and ID-token sign-in verified
// against the tenant's JWKS.
//
// GoAuth checks the issuer for the multi-tenant tenants too ("common", "organizations",
// "consumers"): it must be <authority>/<tid>/v2.0 for the token's own tid. Better Auth
// 1.6.9 skips the issuer check there.
//
// Better Auth: packages/core/src/social-providers/microsoft-entra-id.ts.
func Microsoft(opts Options) Provider {
	opts.fill()
	tenant := opts.TenantID
	if tenant == "" {
		tenant = "common"
	}
	authority := opts.Authority
	if authority == "" {
		authority = "https://login.microsoftonline.com"
	}
	scopes := []string{"openid", "profile", "email", "User.Read", "offline_access"}
	p := &oauthProvider{
		id: "microsoft", name: "Microsoft EntraID", opts: opts,
		authURL:       authority + "/" + tenant + "/oauth2/v2.0/authorize",
		tokenURL:      authority + "/" + tenant + "/oauth2/v2.0/token",
		defaultScopes: scopes,
		pkce:          true,
	}
	var refreshScopes []string
	if !opts.DisableDefaultScope {
		refreshScopes = append(refreshScopes, scopes...)
	}
	refreshScopes = append(refreshScopes, opts.Scopes...)
	p.refreshExtra = [][2]string{{"scope", strings.Join(refreshScopes, " ")}}
	multi := tenant == "common" || tenant == "organizations" || tenant == "consumers"
	v := &idVerifier{
		jwksURL: authority + "/" + tenant + "/discovery/v2.0/keys", audiences: opts.audiences,
		maxAge: time.Hour, client: opts.HTTPClient, now: opts.Now,
	}
	if !multi {
		v.issuers = []string{authority + "/" + tenant + "/v2.0"}
	} else {
		v.check = func(claims map[string]any) error {
			tid := strOf(claims, "tid")
			if tid == "" || strOf(claims, "iss") != authority+"/"+tid+"/v2.0" {
				return errors.New("social: microsoft: issuer does not match the token's tenant")
			}
			return nil
		}
	}
	p.verifyID = p.verifyFunc(v)
	size := opts.ProfilePhotoSize
	if size == 0 {
		size = 48
	}
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		if t.IDToken == "" {
			return User{}, nil, errors.New("social: microsoft: no id token")
		}
		user, err := DecodeJWTClaims(t.IDToken)
		if err != nil {
			return User{}, nil, err
		}
		if !opts.DisableProfilePhoto && t.AccessToken != "" {
			if pic, err := p.photo(ctx, t.AccessToken, size); err == nil {
				user["picture"] = pic
			}
		}
		email := strOf(user, "email")
		verified := false
		if _, ok := user["email_verified"]; ok {
			verified = boolOf(user, "email_verified")
		} else if email != "" {
			verified = listed(user["verified_primary_email"], email) || listed(user["verified_secondary_email"], email)
		}
		return User{
			ID: strOf(user, "sub"), Name: strOf(user, "name"), Email: email,
			Image: strOf(user, "picture"), EmailVerified: verified,
		}, user, nil
	}
	return p
}

// photo downloads the Graph profile photo as a JPEG data URL (with Better Auth's space
// after the comma).
func (p *oauthProvider) photo(ctx context.Context, accessToken string, size int) (string, error) {
	u := fmt.Sprintf("https://graph.microsoft.com/v1.0/me/photos/%dx%d/$value", size, size)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	resp, err := p.opts.HTTPClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return "", errors.New("social: microsoft: photo answered " + strconv.Itoa(resp.StatusCode))
	}
	b, err := readLimited(resp.Body, MaxResponseBytes)
	if err != nil {
		return "", err
	}
	return "data:image/jpeg;base64, " + base64.StdEncoding.EncodeToString(b), nil
}

// listed reports whether v (a string or list of strings) contains s.
func listed(v any, s string) bool {
	switch x := v.(type) {
	case string:
		return x == s
	case []any:
		return slices.ContainsFunc(x, func(e any) bool { return e == s })
	}
	return false
}
