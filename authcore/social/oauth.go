package social

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// authParams are the inputs of Better Auth's createAuthorizationURL, in the order it
// writes them: response_type, client_id, state, scope, redirect_uri, duration, display,
// login_hint, prompt, hd, access_type, response_mode, code_challenge_method,
// code_challenge, claims, then the extra parameters.
type authParams struct {
	endpoint     string
	responseType string
	scopes       []string // nil: no scope parameter; empty: "scope="
	scopeJoiner  string
	duration     string
	display      string
	loginHint    string
	prompt       string
	hd           string
	accessType   string
	responseMode string
	pkce         bool
	claims       []string
	extra        [][2]string
}

// oauthProvider is the one implementation behind every built-in provider: each
// provider file configures it (endpoints, scopes, PKCE, profile mapping, ID tokens).
type oauthProvider struct {
	id       string
	name     string
	opts     Options
	authURL  string
	tokenURL string
	// defaultScopes are requested unless DisableDefaultScope.
	defaultScopes []string
	pkce          bool
	// sendDeviceID sends the callback's device_id with the exchange (VK ID).
	sendDeviceID bool
	// requireVerifier refuses to build an authorization URL without a PKCE verifier.
	requireVerifier bool
	// authStyle is how the token requests authenticate the client: in the form
	// (Better Auth's "post", the default) or with HTTP Basic (its "basic").
	authStyle oauth2.AuthStyle
	// refreshAuthStyle overrides authStyle for refresh (Notion exchanges codes with
	// Basic but refreshes with the credentials in the form).
	refreshAuthStyle oauth2.AuthStyle
	// exchangeHeaders and refreshHeaders are set on the token requests (Reddit's
	// User-Agent, PayPal's Accept-Language).
	exchangeHeaders, refreshHeaders http.Header
	// customize adjusts the authorization parameters after the common ones are set.
	customize func(r AuthorizationRequest, a *authParams)
	// exchange replaces the standard code exchange (providers with odd token endpoints).
	exchange func(ctx context.Context, x CodeExchange) (*Tokens, error)
	// refresh replaces the standard refresh (WeChat's GET endpoint).
	refresh func(ctx context.Context, refreshToken string) (*Tokens, error)
	// fetchUser fetches and maps the profile.
	fetchUser func(ctx context.Context, t Tokens, hint *UserHint) (User, map[string]any, error)
	// noRefresh marks providers without refresh (Vercel).
	noRefresh bool
	// refreshExtra are added to the refresh request's form (Microsoft sends its scopes).
	refreshExtra [][2]string
	// verifyID verifies ID tokens; nil when the provider has no ID-token sign-in.
	verifyID func(ctx context.Context, token, nonce string) (bool, error)
}

var (
	_ Provider        = (*oauthProvider)(nil)
	_ Refresher       = (*oauthProvider)(nil)
	_ IDTokenVerifier = (*oauthProvider)(nil)
)

// ID implements Provider.
func (p *oauthProvider) ID() string { return p.id }

// Name is the provider's display name ("GitHub").
func (p *oauthProvider) Name() string { return p.name }

// Policy implements Provider.
func (p *oauthProvider) Policy() Policy {
	return Policy{
		DisableImplicitSignUp:    p.opts.DisableImplicitSignUp,
		DisableSignUp:            p.opts.DisableSignUp,
		OverrideUserInfoOnSignIn: p.opts.OverrideUserInfoOnSignIn,
	}
}

// scopes returns default (unless disabled) + configured + requested scopes.
func (p *oauthProvider) scopes(requested []string) []string {
	out := []string{}
	if !p.opts.DisableDefaultScope {
		out = append(out, p.defaultScopes...)
	}
	out = append(out, p.opts.Scopes...)
	return append(out, requested...)
}

// AuthorizationURL implements Provider.
func (p *oauthProvider) AuthorizationURL(_ context.Context, r AuthorizationRequest) (string, error) {
	if p.requireVerifier && r.CodeVerifier == "" {
		return "", fmt.Errorf("social: %s: a PKCE code verifier is required", p.id)
	}
	a := authParams{
		endpoint:  p.authURL,
		scopes:    p.scopes(r.Scopes),
		loginHint: r.LoginHint,
		prompt:    p.opts.Prompt,
		pkce:      p.pkce,
	}
	if p.customize != nil {
		p.customize(r, &a)
	}
	return p.buildAuthURL(r, a)
}

// buildAuthURL is Better Auth's createAuthorizationURL.
func (p *oauthProvider) buildAuthURL(r AuthorizationRequest, a authParams) (string, error) {
	endpoint := a.endpoint
	if p.opts.AuthorizationEndpoint != "" {
		endpoint = p.opts.AuthorizationEndpoint
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return "", fmt.Errorf("social: %s: authorization endpoint: %w", p.id, err)
	}
	q := parseQuery(u.RawQuery)
	rt := a.responseType
	if rt == "" {
		rt = "code"
	}
	q.set("response_type", rt)
	q.set("client_id", p.opts.ClientID)
	q.set("state", r.State)
	if a.scopes != nil {
		j := a.scopeJoiner
		if j == "" {
			j = " "
		}
		q.set("scope", strings.Join(a.scopes, j))
	}
	redirect := r.RedirectURI
	if p.opts.RedirectURI != "" {
		redirect = p.opts.RedirectURI
	}
	q.set("redirect_uri", redirect)
	for _, kv := range [][2]string{
		{"duration", a.duration}, {"display", a.display}, {"login_hint", a.loginHint},
		{"prompt", a.prompt}, {"hd", a.hd}, {"access_type", a.accessType},
		{"response_mode", a.responseMode},
	} {
		if kv[1] != "" {
			q.set(kv[0], kv[1])
		}
	}
	if a.pkce && r.CodeVerifier != "" {
		q.set("code_challenge_method", "S256")
		q.set("code_challenge", CodeChallenge(r.CodeVerifier))
	}
	if a.claims != nil {
		q.set("claims", claimsParam(a.claims))
	}
	for _, kv := range a.extra {
		q.set(kv[0], kv[1])
	}
	u.RawQuery = q.encode()
	return u.String(), nil
}

// claimsParam is the OIDC claims request Better Auth sends for its claims option:
// {"id_token":{"email":null,"email_verified":null,<claim>:null...}}.
func claimsParam(claims []string) string {
	var b strings.Builder
	b.WriteString(`{"id_token":{"email":null,"email_verified":null`)
	for _, c := range claims {
		if c == "email" || c == "email_verified" {
			continue
		}
		k, _ := json.Marshal(c)
		b.WriteByte(',')
		b.Write(k)
		b.WriteString(":null")
	}
	b.WriteString("}}")
	return b.String()
}

// CodeChallenge is the PKCE S256 challenge of verifier: base64url without padding of
// SHA-256 (RFC 7636 §4.2).
func CodeChallenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// oauth2Config returns the x/oauth2 configuration for the token endpoint.
func (p *oauthProvider) oauth2Config(redirectURI string, style oauth2.AuthStyle) *oauth2.Config {
	if p.opts.RedirectURI != "" {
		redirectURI = p.opts.RedirectURI
	}
	if style == oauth2.AuthStyleAutoDetect {
		style = oauth2.AuthStyleInParams
	}
	return &oauth2.Config{
		ClientID: p.opts.ClientID, ClientSecret: p.opts.ClientSecret, RedirectURL: redirectURI,
		Endpoint: oauth2.Endpoint{AuthURL: p.authURL, TokenURL: p.tokenURL, AuthStyle: style},
	}
}

// tokenTransport is the capture for one token request: the form additions, the headers,
// and for HTTP Basic the credentials as Better Auth encodes them (base64 of
// "id:secret" as they are, RFC 7617), where x/oauth2 form-encodes them first (RFC 6749
// §2.3.1): the two differ for credentials with reserved characters.
func (p *oauthProvider) tokenTransport(style oauth2.AuthStyle, extra [][2]string, hdr http.Header) *capture {
	c := &capture{base: transportOf(p.opts.HTTPClient), extra: extra, header: hdr.Clone()}
	if style == oauth2.AuthStyleInHeader {
		if c.header == nil {
			c.header = http.Header{}
		}
		c.header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(p.opts.ClientID+":"+p.opts.ClientSecret)))
	}
	return c
}

// ExchangeCode implements Provider: the provider's own exchange, else codeExchange.
func (p *oauthProvider) ExchangeCode(ctx context.Context, x CodeExchange) (*Tokens, error) {
	if p.exchange != nil {
		return p.exchange(ctx, x)
	}
	return p.codeExchange(ctx, x)
}

// codeExchange is the standard exchange with x/oauth2 (Better Auth's
// validateAuthorizationCode): client credentials in the body unless the provider uses
// HTTP Basic, the PKCE verifier for PKCE providers.
func (p *oauthProvider) codeExchange(ctx context.Context, x CodeExchange) (*Tokens, error) {
	var opts []oauth2.AuthCodeOption
	if p.pkce && x.CodeVerifier != "" {
		opts = append(opts, oauth2.VerifierOption(x.CodeVerifier))
	}
	if p.opts.ClientKey != "" {
		opts = append(opts, oauth2.SetAuthURLParam("client_key", p.opts.ClientKey))
	}
	if p.sendDeviceID && x.DeviceID != "" {
		opts = append(opts, oauth2.SetAuthURLParam("device_id", x.DeviceID))
	}
	cap := p.tokenTransport(p.authStyle, nil, p.exchangeHeaders)
	tok, err := p.oauth2Config(x.RedirectURI, p.authStyle).Exchange(p.clientContext(ctx, cap), x.Code, opts...)
	if err != nil {
		return nil, fmt.Errorf("social: %s: code exchange: %w", p.id, err)
	}
	return p.tokensFrom(tok, cap.body, true), nil
}

// RefreshAccessToken implements Refresher with x/oauth2 (Better Auth's
// refreshAccessToken). A response without a new refresh token keeps the old one.
func (p *oauthProvider) RefreshAccessToken(ctx context.Context, refreshToken string) (*Tokens, error) {
	if p.opts.RefreshAccessToken != nil {
		return p.opts.RefreshAccessToken(ctx, refreshToken)
	}
	if p.noRefresh {
		return nil, ErrRefreshNotSupported
	}
	if p.refresh != nil {
		return p.refresh(ctx, refreshToken)
	}
	return p.tokenRefresh(ctx, refreshToken)
}

// tokenRefresh is the standard refresh with x/oauth2.
func (p *oauthProvider) tokenRefresh(ctx context.Context, refreshToken string) (*Tokens, error) {
	style := p.refreshAuthStyle
	if style == oauth2.AuthStyleAutoDetect {
		style = p.authStyle
	}
	cap := p.tokenTransport(style, p.refreshExtra, p.refreshHeaders)
	src := p.oauth2Config("", style).TokenSource(p.clientContext(ctx, cap), &oauth2.Token{RefreshToken: refreshToken})
	tok, err := src.Token()
	if err != nil {
		return nil, fmt.Errorf("social: %s: refresh: %w", p.id, err)
	}
	return p.tokensFrom(tok, cap.body, false), nil
}

// VerifyIDToken implements IDTokenVerifier.
func (p *oauthProvider) VerifyIDToken(ctx context.Context, token, nonce string) (bool, error) {
	if p.verifyID == nil {
		return false, ErrIDTokenNotSupported
	}
	if p.opts.DisableIDTokenSignIn {
		return false, nil
	}
	if p.opts.VerifyIDToken != nil {
		return p.opts.VerifyIDToken(ctx, token, nonce)
	}
	return p.verifyID(ctx, token, nonce)
}

// UserInfo implements Provider: Options.GetUserInfo, else the provider's fetch followed
// by Options.MapProfileToUser.
func (p *oauthProvider) UserInfo(ctx context.Context, t Tokens, hint *UserHint) (*UserInfo, error) {
	if p.opts.GetUserInfo != nil {
		return p.opts.GetUserInfo(ctx, t)
	}
	u, data, err := p.fetchUser(ctx, t, hint)
	if err != nil {
		return nil, err
	}
	if p.opts.MapProfileToUser != nil {
		if err := p.opts.MapProfileToUser(ctx, data, &u); err != nil {
			return nil, err
		}
	}
	return &UserInfo{User: u, Data: data}, nil
}

// clientContext carries the HTTP client x/oauth2 must use: the provider's client with
// Accept: application/json and a capture of the response body.
func (p *oauthProvider) clientContext(ctx context.Context, cap *capture) context.Context {
	c := *p.opts.HTTPClient
	c.Transport = cap
	return context.WithValue(ctx, oauth2.HTTPClient, &c)
}

// tokensFrom converts an x/oauth2 token, reading the captured JSON body for the fields
// x/oauth2 does not model (Better Auth's getOAuth2Tokens). exchange selects the code
// exchange's scope default ([] when absent) over the refresh's (nil).
func (p *oauthProvider) tokensFrom(tok *oauth2.Token, body []byte, exchange bool) *Tokens {
	t := &Tokens{TokenType: tok.TokenType, AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken}
	var raw map[string]any
	if json.Unmarshal(body, &raw) != nil {
		raw = nil
	}
	if raw == nil {
		if v, err := url.ParseQuery(string(body)); err == nil && len(v) > 0 {
			raw = map[string]any{}
			for k := range v {
				raw[k] = v.Get(k)
			}
		}
	}
	t.Raw = raw
	now := p.opts.Now()
	if s, ok := number(raw["expires_in"]); ok && s > 0 {
		t.AccessTokenExpiresAt = now.Add(time.Duration(s * float64(time.Second))).UTC().Truncate(time.Millisecond)
	} else if !tok.Expiry.IsZero() && raw == nil {
		t.AccessTokenExpiresAt = tok.Expiry.UTC().Truncate(time.Millisecond)
	}
	if s, ok := number(raw["refresh_token_expires_in"]); ok && s > 0 {
		t.RefreshTokenExpiresAt = now.Add(time.Duration(s * float64(time.Second))).UTC().Truncate(time.Millisecond)
	}
	switch sc := raw["scope"].(type) {
	case string:
		if sc != "" {
			t.Scopes = strings.Split(sc, " ")
		} else if exchange {
			t.Scopes = []string{}
		}
	case []any:
		t.Scopes = []string{}
		for _, s := range sc {
			if str, ok := s.(string); ok {
				t.Scopes = append(t.Scopes, str)
			}
		}
	default:
		if exchange {
			t.Scopes = []string{}
		}
	}
	if id, ok := tok.Extra("id_token").(string); ok {
		t.IDToken = id
	}
	return t
}

// number reads a JSON number or a numeric string.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(x, 64)
		return f, err == nil
	}
	return 0, false
}

// capture is a RoundTripper that asks for JSON and keeps a copy of the response body
// (bounded), so the raw token response is available after x/oauth2 parsed it.
type capture struct {
	base   http.RoundTripper
	body   []byte
	extra  [][2]string // form parameters added to the request
	header http.Header // headers set on the request
}

func (c *capture) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	for k, v := range c.header {
		req.Header[k] = v
	}
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	if len(c.extra) > 0 && req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		form, err := url.ParseQuery(string(b))
		if err != nil {
			return nil, err
		}
		for _, kv := range c.extra {
			form.Set(kv[0], kv[1])
		}
		enc := form.Encode()
		req.Body = io.NopCloser(strings.NewReader(enc))
		req.ContentLength = int64(len(enc))
	}
	resp, err := c.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := readLimited(resp.Body, MaxResponseBytes)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	c.body = body
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

func transportOf(c *http.Client) http.RoundTripper {
	if c.Transport != nil {
		return c.Transport
	}
	return http.DefaultTransport
}

// errStatus is a non-2xx answer of a provider API.
type errStatus struct {
	url    string
	status int
}

func (e *errStatus) Error() string {
	return fmt.Sprintf("social: %s answered %d", e.url, e.status)
}

// getJSON fetches url with the headers and decodes the JSON answer into out.
func (p *oauthProvider) getJSON(ctx context.Context, rawURL string, hdr http.Header, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return err
	}
	return p.do(req, hdr, out)
}

// do sends req with hdr and decodes a 2xx JSON answer into out.
func (p *oauthProvider) do(req *http.Request, hdr http.Header, out any) error {
	for k, vs := range hdr {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	resp, err := p.opts.HTTPClient.Do(req)
	if err != nil {
		return fmt.Errorf("social: %s: %w", p.id, err)
	}
	defer resp.Body.Close()
	body, err := readLimited(resp.Body, MaxResponseBytes)
	if err != nil {
		return fmt.Errorf("social: %s: %w", p.id, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &errStatus{url: req.URL.Redacted(), status: resp.StatusCode}
	}
	if out == nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("social: %s: decoding %s: %w", p.id, req.URL.Redacted(), err)
	}
	return nil
}

// bearer returns an Authorization: Bearer header.
func bearer(token string) http.Header {
	return http.Header{"Authorization": {"Bearer " + token}}
}

// ErrResponseTooLarge is returned when a provider answer exceeds MaxResponseBytes.
var ErrResponseTooLarge = errors.New("social: response too large")

func readLimited(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, ErrResponseTooLarge
	}
	return b, nil
}
