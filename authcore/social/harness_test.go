package social_test

// The provider test harness: exact authorization URLs and ID-token verification.

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"log/slog"
	"net/http"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/goauth-dev/goauth/authcore/social"
)

// quiet drops the log lines of refused tokens.
var quiet = slog.New(slog.DiscardHandler)

// authURLOptions are the options checkAuthURL builds providers with: client cid / cs,
// prompt login and a configured scope.
func authURLOptions() social.Options {
	return social.Options{ClientID: "cid", ClientSecret: "cs", Prompt: "login", Scopes: []string{"extra:scope"}}
}

// checkAuthURL compares a provider's authorization URL, byte for byte, with the one
// Better Auth 1.6.9 builds for the same inputs (state STATE, verifier verifier-xyz,
// redirect https://app.example/api/auth/callback/<id>, login hint "a b@example.com";
// the want strings were computed with Node's URL and URLSearchParams following the
// upstream provider source).
func checkAuthURL(t *testing.T, id string, o social.Options, scopes []string, want string) {
	t.Helper()
	p, err := social.New(id, o)
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.AuthorizationURL(context.Background(), social.AuthorizationRequest{
		State: "STATE", CodeVerifier: "verifier-xyz", RedirectURI: "https://app.example/api/auth/callback/" + id,
		Scopes: scopes, LoginHint: "a b@example.com", Nonce: "nonce-1",
	})
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("authorization URL\n got %s\nwant %s", got, want)
	}
}

// idTokenCase is a provider's ID-token sign-in under test: its JWKS served by the fake
// network and a signer the provider must accept.
type idTokenCase struct {
	id   string
	opts social.Options // ClientID is set to "cid"
	// jwks is the host+path of the provider's key set, answered with keys.
	jwks string
	keys []byte
	iss  string
	// sign signs claims with a key the provider trusts; forge with one it does not.
	sign, forge func(claims map[string]any) string
	// maxAge expects tokens issued over an hour ago to be refused.
	maxAge bool
	// strictNonce expects a token with a nonce claim to be refused when no nonce is given.
	strictNonce bool
}

// checkIDTokens checks ID-token verification: valid, nonce, audience, issuer, expiry,
// forged signature, age, DisableIDTokenSignIn and AdditionalClientIDs.
func checkIDTokens(t *testing.T, tc idTokenCase) {
	t.Helper()
	net := newFakeNet()
	net.handle(tc.jwks, func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(tc.keys) })
	o := tc.opts
	o.ClientID, o.HTTPClient, o.Logger = "cid", net.client(), quiet
	p, err := social.New(tc.id, o)
	if err != nil {
		t.Fatal(err)
	}
	v := p.(social.IDTokenVerifier)
	now := time.Now()
	claims := func(mod map[string]any) map[string]any {
		c := map[string]any{"iss": tc.iss, "aud": "cid", "sub": "u1", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(), "nonce": "n1"}
		for k, v := range mod {
			if v == nil {
				delete(c, k)
			} else {
				c[k] = v
			}
		}
		return c
	}
	check := func(name, tok, nonce string, want bool) {
		t.Helper()
		ok, err := v.VerifyIDToken(context.Background(), tok, nonce)
		if err != nil || ok != want {
			t.Errorf("%s: ok=%v err=%v, want %v", name, ok, err, want)
		}
	}
	check("valid", tc.sign(claims(nil)), "n1", true)
	check("no nonce asked", tc.sign(claims(nil)), "", !tc.strictNonce)
	check("no nonce claim, none asked", tc.sign(claims(map[string]any{"nonce": nil})), "", true)
	check("nonce mismatch", tc.sign(claims(nil)), "n2", false)
	check("other audience", tc.sign(claims(map[string]any{"aud": "evil"})), "n1", false)
	check("other issuer", tc.sign(claims(map[string]any{"iss": "https://evil.example"})), "n1", false)
	check("expired", tc.sign(claims(map[string]any{"exp": now.Add(-time.Minute).Unix()})), "n1", false)
	check("forged", tc.forge(claims(nil)), "n1", false)
	check("unsigned", unsignedJWT(claims(nil)), "n1", false)
	check("garbage", "not-a-jwt", "n1", false)
	check("too old", tc.sign(claims(map[string]any{"iat": now.Add(-2 * time.Hour).Unix()})), "n1", !tc.maxAge)

	o.AdditionalClientIDs = []string{"ios-app"}
	p2, err := social.New(tc.id, o)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := p2.(social.IDTokenVerifier).VerifyIDToken(context.Background(), tc.sign(claims(map[string]any{"aud": "ios-app"})), "n1"); !ok {
		t.Error("a token for an additional client id was refused")
	}
	o.DisableIDTokenSignIn = true
	p3, _ := social.New(tc.id, o)
	if ok, _ := p3.(social.IDTokenVerifier).VerifyIDToken(context.Background(), tc.sign(claims(nil)), "n1"); ok {
		t.Error("DisableIDTokenSignIn accepted a token")
	}
}

// signHS256 signs claims with HMAC-SHA256 under secret.
func signHS256(claims map[string]any, secret string) string {
	return signJWT(claims, jose.SigningKey{Algorithm: jose.HS256, Key: []byte(secret)})
}

// ecKey is an ES256 key with its public JWKS.
type ecKey struct {
	key *ecdsa.PrivateKey
	kid string
}

func newECKey(t testing.TB, kid string) *ecKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return &ecKey{key: k, kid: kid}
}

func (k *ecKey) sign(claims map[string]any) string {
	return signJWT(claims, jose.SigningKey{Algorithm: jose.ES256, Key: jose.JSONWebKey{Key: k.key, KeyID: k.kid}})
}

func (k *ecKey) jwks() []byte {
	b, _ := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &k.key.PublicKey, KeyID: k.kid, Algorithm: "ES256", Use: "sig"}}})
	return b
}

func signJWT(claims map[string]any, key jose.SigningKey) string {
	signer, err := jose.NewSigner(key, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		panic(err)
	}
	s, err := jwt.Signed(signer).Claims(claims).Serialize()
	if err != nil {
		panic(err)
	}
	return s
}

// checkNeedsSecret checks that New refuses the provider without a client secret.
func checkNeedsSecret(t *testing.T, id string, o social.Options) {
	t.Helper()
	o.ClientID = "cid"
	if _, err := social.New(id, o); err == nil {
		t.Errorf("%s built without a client secret", id)
	}
}

// checkNeedsVerifier checks that the provider refuses an authorization URL without a
// PKCE verifier, as Better Auth does.
func checkNeedsVerifier(t *testing.T, id string, o social.Options) {
	t.Helper()
	o.ClientID = "cid"
	p, err := social.New(id, o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.AuthorizationURL(context.Background(), social.AuthorizationRequest{State: "s", RedirectURI: "https://app/cb"}); err == nil {
		t.Errorf("%s built an authorization URL without a code verifier", id)
	}
}

// validClaims are the claims of a token from iss for client cid, fresh and unexpired.
func validClaims(iss string) map[string]any {
	now := time.Now()
	return map[string]any{"iss": iss, "aud": "cid", "sub": "u1", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
}

// checkIDTokenRefused checks that the provider refuses tok.
func checkIDTokenRefused(t *testing.T, id string, o social.Options, jwks string, keys []byte, tok string) {
	t.Helper()
	net := newFakeNet()
	net.handle(jwks, func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(keys) })
	o.ClientID, o.HTTPClient, o.Logger = "cid", net.client(), quiet
	p, err := social.New(id, o)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := p.(social.IDTokenVerifier).VerifyIDToken(context.Background(), tok, ""); ok {
		t.Errorf("%s accepted %s", id, tok)
	}
}
