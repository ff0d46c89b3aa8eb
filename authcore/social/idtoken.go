package social

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	jose "github.com/go-jose/go-jose/v4"
)

// idVerifier checks ID tokens against a provider's JWKS with coreos/go-oidc: signature
// (keys cached, refetched on an unknown kid), issuer, audience, expiry, and nonce and
// maximum age when asked.
type idVerifier struct {
	issuers   []string // accepted iss values; empty: any (Microsoft's "common" tenant)
	jwksURL   string
	audiences func() []string
	algs      []string
	maxAge    time.Duration // 0: no iat bound
	client    *http.Client
	now       func() time.Time
	// check runs extra claim checks (tenant, hosted domain); nil: none.
	check func(claims map[string]any) error
	// hmacSecret verifies HS256 tokens (LINE and PayPal sign them with the client
	// secret); HS256 must also be listed in algs. Empty: HS256 is refused.
	hmacSecret string

	once sync.Once
	keys oidc.KeySet
}

// verify returns the verified claims.
func (v *idVerifier) verify(ctx context.Context, raw, nonce string) (map[string]any, error) {
	v.once.Do(func() {
		remote := oidc.NewRemoteKeySet(oidc.ClientContext(context.Background(), v.client), v.jwksURL)
		v.keys = remote
		if v.hmacSecret != "" && slices.Contains(v.algs, string(jose.HS256)) {
			v.keys = &hmacKeySet{remote: remote, secret: []byte(v.hmacSecret)}
		}
	})
	issuer := ""
	if len(v.issuers) > 0 {
		issuer = v.issuers[0]
	}
	algs := v.algs
	if len(algs) == 0 {
		algs = []string{oidc.RS256, oidc.RS384, oidc.RS512, oidc.ES256, oidc.ES384, oidc.ES512, oidc.PS256, oidc.PS384, oidc.PS512, oidc.EdDSA}
	}
	ver := oidc.NewVerifier(issuer, v.keys, &oidc.Config{
		SkipClientIDCheck: true, SkipIssuerCheck: true,
		SupportedSigningAlgs: algs, Now: v.now,
	})
	tok, err := ver.Verify(oidc.ClientContext(ctx, v.client), raw)
	if err != nil {
		return nil, err
	}
	if len(v.issuers) > 0 && !slices.Contains(v.issuers, tok.Issuer) {
		return nil, fmt.Errorf("social: id token issuer %q not accepted", tok.Issuer)
	}
	auds := v.audiences()
	if !slices.ContainsFunc(tok.Audience, func(a string) bool { return slices.Contains(auds, a) }) {
		return nil, errors.New("social: id token audience does not match the client id")
	}
	if nonce != "" && tok.Nonce != nonce {
		return nil, errors.New("social: id token nonce mismatch")
	}
	if v.maxAge > 0 && (tok.IssuedAt.IsZero() || v.now().Sub(tok.IssuedAt) > v.maxAge) {
		return nil, errors.New("social: id token too old")
	}
	var claims map[string]any
	if err := tok.Claims(&claims); err != nil {
		return nil, err
	}
	if v.check != nil {
		if err := v.check(claims); err != nil {
			return nil, err
		}
	}
	return claims, nil
}

// hmacKeySet verifies HS256 signatures with a shared secret and every other algorithm
// against the remote key set. The algorithm picks the key type, so a token can never
// have its HMAC checked with a public key (RFC 8725 §3.1).
type hmacKeySet struct {
	remote *oidc.RemoteKeySet
	secret []byte
}

func (k *hmacKeySet) VerifySignature(ctx context.Context, raw string) ([]byte, error) {
	jws, err := jose.ParseSignedCompact(raw, []jose.SignatureAlgorithm{jose.HS256})
	if err != nil {
		// Not HS256: the remote key set parses it with the asymmetric algorithms only.
		return k.remote.VerifySignature(ctx, raw)
	}
	if len(jws.Signatures) != 1 {
		return nil, errors.New("social: id token must have one signature")
	}
	return jws.Verify(k.secret)
}

// verifyFunc adapts verify to the provider's verifyID hook, logging the reason a
// token was refused.
func (p *oauthProvider) verifyFunc(v *idVerifier) func(ctx context.Context, token, nonce string) (bool, error) {
	return func(ctx context.Context, token, nonce string) (bool, error) {
		if _, err := v.verify(ctx, token, nonce); err != nil {
			p.opts.Logger.InfoContext(ctx, "id token refused", "provider", p.id, "err", err)
			return false, nil
		}
		return true, nil
	}
}

// DecodeJWTClaims returns the claims of a compact JWS without verifying it. Use it only
// on tokens received directly from the provider's token endpoint over TLS (OpenID
// Connect Core §3.1.3.7), never on tokens from a client.
func DecodeJWTClaims(token string) (map[string]any, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errors.New("social: malformed JWT")
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nil, fmt.Errorf("social: malformed JWT payload: %w", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(payload)))
	dec.UseNumber()
	var claims map[string]any
	if err := dec.Decode(&claims); err != nil {
		return nil, fmt.Errorf("social: malformed JWT claims: %w", err)
	}
	return claims, nil
}

// Claim accessors for decoded JSON (profiles and ID-token claims).

func strOf(m map[string]any, k string) string {
	switch v := m[k].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case float64:
		return strings.TrimSuffix(fmt.Sprintf("%f", v), ".000000")
	}
	return ""
}

func boolOf(m map[string]any, k string) bool {
	switch v := m[k].(type) {
	case bool:
		return v
	case string:
		return v == "true"
	}
	return false
}

// truthy is JavaScript's Boolean(m[k]) (Zoom's numeric verified flag).
func truthy(m map[string]any, k string) bool {
	switch v := m[k].(type) {
	case nil:
		return false
	case bool:
		return v
	case string:
		return v != ""
	case json.Number:
		f, err := v.Float64()
		return err == nil && f != 0
	case float64:
		return v != 0
	}
	return true
}

func mapOf(m map[string]any, k string) map[string]any {
	v, _ := m[k].(map[string]any)
	return v
}
