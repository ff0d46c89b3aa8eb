// Package socialtest is a test OpenID Provider for GoAuth's social sign-in: discovery,
// JWKS (RS256), an authorization endpoint that approves at once (or answers with an
// error), a token endpoint (authorization_code with PKCE S256 and client
// authentication, refresh_token with rotation) and userinfo, all in process on an
// httptest server. Tests of applications and plugins use it to run the full browser flow.
package socialtest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// User is the identity the OP signs in.
type User struct {
	Subject       string
	Name          string
	Email         string
	EmailVerified bool
	Picture       string
}

// Grant is what the authorization endpoint recorded for a code.
type Grant struct {
	ClientID, RedirectURI, Challenge, ChallengeMethod, Nonce, Scope string
	User                                                            User
}

// OP is the test OpenID Provider.
type OP struct {
	*httptest.Server
	// Issuer is the OP's issuer (its URL).
	Issuer string
	// ClientID and ClientSecret are the one registered client.
	ClientID, ClientSecret string
	// AccessTokenTTL is the lifetime of access tokens (default 1 hour).
	AccessTokenTTL time.Duration
	// Now is the OP's clock (default time.Now).
	Now func() time.Time

	key *rsa.PrivateKey
	kid string

	mu        sync.Mutex
	user      User
	denyNext  string
	codes     map[string]Grant
	refreshes map[string]Grant
	access    map[string]User
	lastAuth  url.Values

	// TokenRequests counts token endpoint calls by grant type.
	codeCalls, refreshCalls atomic.Int32
	// RefreshDelay makes refresh_token grants slow (to let concurrent callers pile up).
	RefreshDelay time.Duration
}

// New starts an OP for client id/secret; it is closed when the test ends.
func New(t testing.TB, clientID, clientSecret string) *OP {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	op := &OP{
		ClientID: clientID, ClientSecret: clientSecret, key: key, kid: "test-key-1",
		AccessTokenTTL: time.Hour, Now: time.Now,
		codes: map[string]Grant{}, refreshes: map[string]Grant{}, access: map[string]User{},
		user: User{Subject: "op-user-1", Name: "Olive Provider", Email: "olive@example.com", EmailVerified: true},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", op.discovery)
	mux.HandleFunc("GET /jwks", op.jwks)
	mux.HandleFunc("GET /authorize", op.authorize)
	mux.HandleFunc("POST /token", op.token)
	mux.HandleFunc("GET /userinfo", op.userinfo)
	op.Server = httptest.NewServer(mux)
	op.Issuer = op.Server.URL
	t.Cleanup(op.Server.Close)
	return op
}

// SetUser makes u the identity of the next authorizations.
func (op *OP) SetUser(u User) {
	op.mu.Lock()
	defer op.mu.Unlock()
	op.user = u
}

// DenyNext makes the next authorization answer with error=code.
func (op *OP) DenyNext(code string) {
	op.mu.Lock()
	defer op.mu.Unlock()
	op.denyNext = code
}

// LastAuthorization returns the query of the last authorization request.
func (op *OP) LastAuthorization() url.Values {
	op.mu.Lock()
	defer op.mu.Unlock()
	return op.lastAuth
}

// CodeExchanges and Refreshes count token endpoint calls per grant type.
func (op *OP) CodeExchanges() int { return int(op.codeCalls.Load()) }

// Refreshes counts refresh_token grants.
func (op *OP) Refreshes() int { return int(op.refreshCalls.Load()) }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (op *OP) discovery(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, 200, map[string]any{
		"issuer": op.Issuer, "authorization_endpoint": op.Issuer + "/authorize",
		"token_endpoint": op.Issuer + "/token", "userinfo_endpoint": op.Issuer + "/userinfo",
		"jwks_uri": op.Issuer + "/jwks", "response_types_supported": []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
		"code_challenge_methods_supported":      []string{"S256"},
	})
}

func (op *OP) jwks(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, 200, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{
		Key: &op.key.PublicKey, KeyID: op.kid, Algorithm: "RS256", Use: "sig",
	}}})
}

func random() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (op *OP) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	op.mu.Lock()
	op.lastAuth = q
	deny := op.denyNext
	op.denyNext = ""
	user := op.user
	op.mu.Unlock()
	redirect := q.Get("redirect_uri")
	if q.Get("client_id") != op.ClientID || redirect == "" || q.Get("response_type") != "code" {
		http.Error(w, "invalid_request", http.StatusBadRequest)
		return
	}
	back, err := url.Parse(redirect)
	if err != nil {
		http.Error(w, "invalid redirect_uri", http.StatusBadRequest)
		return
	}
	v := back.Query()
	v.Set("state", q.Get("state"))
	if deny != "" {
		v.Set("error", deny)
		v.Set("error_description", "The user denied the request")
	} else {
		code := random()
		op.mu.Lock()
		op.codes[code] = Grant{
			ClientID: op.ClientID, RedirectURI: redirect, Challenge: q.Get("code_challenge"),
			ChallengeMethod: q.Get("code_challenge_method"), Nonce: q.Get("nonce"), Scope: q.Get("scope"), User: user,
		}
		op.mu.Unlock()
		v.Set("code", code)
	}
	back.RawQuery = v.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

func (op *OP) clientOK(r *http.Request) bool {
	id, secret, ok := r.BasicAuth()
	if ok {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	return id == op.ClientID && secret == op.ClientSecret
}

func (op *OP) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || !op.clientOK(r) {
		writeJSON(w, 401, map[string]string{"error": "invalid_client"})
		return
	}
	var g Grant
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		op.codeCalls.Add(1)
		op.mu.Lock()
		cg, ok := op.codes[r.PostForm.Get("code")]
		delete(op.codes, r.PostForm.Get("code"))
		op.mu.Unlock()
		if !ok || cg.RedirectURI != r.PostForm.Get("redirect_uri") {
			writeJSON(w, 400, map[string]string{"error": "invalid_grant"})
			return
		}
		if cg.Challenge != "" {
			sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
			if cg.ChallengeMethod != "S256" || base64.RawURLEncoding.EncodeToString(sum[:]) != cg.Challenge {
				writeJSON(w, 400, map[string]string{"error": "invalid_grant", "error_description": "PKCE verification failed"})
				return
			}
		}
		g = cg
	case "refresh_token":
		op.refreshCalls.Add(1)
		if op.RefreshDelay > 0 {
			time.Sleep(op.RefreshDelay)
		}
		op.mu.Lock()
		rg, ok := op.refreshes[r.PostForm.Get("refresh_token")]
		delete(op.refreshes, r.PostForm.Get("refresh_token"))
		op.mu.Unlock()
		if !ok {
			writeJSON(w, 400, map[string]string{"error": "invalid_grant"})
			return
		}
		g = rg
		g.Nonce = ""
	default:
		writeJSON(w, 400, map[string]string{"error": "unsupported_grant_type"})
		return
	}
	access, refresh := "at-"+random(), "rt-"+random()
	op.mu.Lock()
	op.access[access] = g.User
	op.refreshes[refresh] = g
	op.mu.Unlock()
	extra := map[string]any{}
	if g.Nonce != "" {
		extra["nonce"] = g.Nonce
	}
	writeJSON(w, 200, map[string]any{
		"access_token": access, "token_type": "Bearer", "refresh_token": refresh,
		"expires_in": int(op.AccessTokenTTL / time.Second), "scope": g.Scope,
		"id_token": op.IDToken(g.User, extra),
	})
}

func (op *OP) userinfo(w http.ResponseWriter, r *http.Request) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	op.mu.Lock()
	u, found := op.access[tok]
	op.mu.Unlock()
	if !ok || !found {
		writeJSON(w, 401, map[string]string{"error": "invalid_token"})
		return
	}
	writeJSON(w, 200, userClaims(u))
}

func userClaims(u User) map[string]any {
	c := map[string]any{"sub": u.Subject, "name": u.Name, "email": u.Email, "email_verified": u.EmailVerified}
	if u.Picture != "" {
		c["picture"] = u.Picture
	}
	return c
}

// IDToken signs an ID token for u (issuer, audience = client id, one hour) with extra
// claims laid over the standard ones.
func (op *OP) IDToken(u User, extra map[string]any) string {
	now := op.Now()
	claims := userClaims(u)
	claims["iss"] = op.Issuer
	claims["aud"] = op.ClientID
	claims["iat"] = now.Unix()
	claims["exp"] = now.Add(time.Hour).Unix()
	for k, v := range extra {
		claims[k] = v
	}
	return op.Sign(claims)
}

// Sign signs arbitrary claims with the OP's key (RS256, its kid).
func (op *OP) Sign(claims map[string]any) string {
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: op.key, KeyID: op.kid}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		panic(err)
	}
	s, err := jwt.Signed(signer).Claims(claims).Serialize()
	if err != nil {
		panic(err)
	}
	return s
}

// SignWith signs claims with a fresh key the OP does not publish (a forged token).
func SignWith(claims map[string]any, kid string) string {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: kid}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		panic(err)
	}
	s, err := jwt.Signed(signer).Claims(claims).Serialize()
	if err != nil {
		panic(err)
	}
	return s
}

// KeyID is the kid of the OP's signing key.
func (op *OP) KeyID() string { return op.kid }

// JWKS returns the OP's public key set as JSON (for fakes of other providers).
func (op *OP) JWKS() []byte {
	b, _ := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{
		Key: &op.key.PublicKey, KeyID: op.kid, Algorithm: "RS256", Use: "sig",
	}}})
	return b
}
