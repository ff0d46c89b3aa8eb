package social

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/goauth-dev/goauth/authcore/cookie"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/secret"
	"github.com/goauth-dev/goauth/authcore/store"
)

// State storage strategies (Better Auth's account.storeStateStrategy).
const (
	// StateDatabase keeps the state data in a verification row keyed by the state and
	// binds it to the browser with a signed "state" cookie (the default).
	StateDatabase = "database"
	// StateCookie keeps the state data encrypted in an "oauth_state" cookie.
	StateCookie = "cookie"
)

// Lengths and lifetimes of the OAuth state (spec 3.8).
const (
	StateLength        = 32
	CodeVerifierLength = 128
	stateTTL           = 10 * time.Minute
	stateCookieMaxAge  = 5 * 60
	oauthCookieMaxAge  = 10 * 60
	stateCookieKey     = "state"
	oauthStateKey      = "oauth_state"
)

// Link is the account a link-social flow attaches to.
type Link struct {
	Email  string `json:"email"`
	UserID string `json:"userId"`
}

// StateData is what a flow remembers between /sign-in/social (or /link-social) and the
// callback (Better Auth's StateData).
type StateData struct {
	CallbackURL   string
	CodeVerifier  string
	ErrorURL      string
	NewUserURL    string
	Link          *Link
	ExpiresAt     time.Time
	RequestSignUp *bool
	// OAuthState is the state sent to the provider.
	OAuthState string
	// ProviderID is the provider the state was issued for (GoAuth: a state is only
	// accepted by that provider's callback).
	ProviderID string
	// Nonce is the OpenID nonce of the flow (GoAuth; sent by the generic OIDC provider).
	Nonce string
	// AdditionalData is the request's additionalData, kept alongside.
	AdditionalData map[string]any
}

// reserved are the keys of the state JSON that additionalData may not override.
var reserved = map[string]bool{
	"callbackURL": true, "codeVerifier": true, "errorURL": true, "newUserURL": true,
	"link": true, "expiresAt": true, "requestSignUp": true, "oauthState": true,
	"providerId": true, "nonce": true,
}

// MarshalJSON writes the state as Better Auth does: additional data first, then its
// own fields (absent ones omitted), expiresAt in epoch milliseconds.
func (d StateData) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	n := 0
	field := func(k string, v any) error {
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		return model.WriteJSON(&b, v)
	}
	keys := make([]string, 0, len(d.AdditionalData))
	for k := range d.AdditionalData {
		if !reserved[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := field(k, d.AdditionalData[k]); err != nil {
			return nil, err
		}
	}
	_ = field("callbackURL", d.CallbackURL)
	_ = field("codeVerifier", d.CodeVerifier)
	if d.ErrorURL != "" {
		_ = field("errorURL", d.ErrorURL)
	}
	if d.NewUserURL != "" {
		_ = field("newUserURL", d.NewUserURL)
	}
	if d.Link != nil {
		_ = field("link", map[string]any{"email": d.Link.Email, "userId": d.Link.UserID})
	}
	_ = field("expiresAt", d.ExpiresAt.UnixMilli())
	if d.RequestSignUp != nil {
		_ = field("requestSignUp", *d.RequestSignUp)
	}
	_ = field("oauthState", d.OAuthState)
	if d.ProviderID != "" {
		_ = field("providerId", d.ProviderID)
	}
	if d.Nonce != "" {
		_ = field("nonce", d.Nonce)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads a state written by GoAuth or Better Auth.
func (d *StateData) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return err
	}
	cb, ok1 := m["callbackURL"].(string)
	cv, ok2 := m["codeVerifier"].(string)
	exp, ok3 := number(m["expiresAt"])
	if !ok1 || !ok2 || !ok3 {
		return errors.New("social: state lacks callbackURL, codeVerifier or expiresAt")
	}
	*d = StateData{CallbackURL: cb, CodeVerifier: cv, ExpiresAt: time.UnixMilli(int64(exp)).UTC()}
	d.ErrorURL, _ = m["errorURL"].(string)
	d.NewUserURL, _ = m["newUserURL"].(string)
	d.OAuthState, _ = m["oauthState"].(string)
	d.ProviderID, _ = m["providerId"].(string)
	d.Nonce, _ = m["nonce"].(string)
	if b, ok := m["requestSignUp"].(bool); ok {
		d.RequestSignUp = &b
	}
	if l, ok := m["link"].(map[string]any); ok {
		email, _ := l["email"].(string)
		d.Link = &Link{Email: email, UserID: fmt.Sprint(l["userId"])}
	}
	for k, v := range m {
		if !reserved[k] {
			if d.AdditionalData == nil {
				d.AdditionalData = map[string]any{}
			}
			d.AdditionalData[k] = v
		}
	}
	return nil
}

// CookieIO is the cookie access of one request (endpoint.Request implements it).
type CookieIO interface {
	Cookies() map[string]string
	CookieHeader() string
	SetCookie(c cookie.Cookie)
}

// StateError is a refused callback state; Code is the error the callback redirects with
// ("please_restart_the_process" or "state_mismatch").
type StateError struct {
	Code   string
	Reason string
}

func (e *StateError) Error() string { return "social: oauth state: " + e.Reason }

// States issues and consumes OAuth states.
type States struct {
	Store   *store.Store
	Keys    *secret.Keyring
	Cookies cookie.Config
	// Strategy is StateDatabase ("" too) or StateCookie.
	Strategy string
	// SkipStateCookieCheck accepts a database state without its browser cookie.
	//
	// SECURITY: this removes the binding of the flow to the browser that started it
	// (login CSRF); only for proxies that cannot forward the cookie.
	SkipStateCookieCheck bool
	Now                  func() time.Time
}

// Issue generates the state and code verifier for d, stores d (row + signed cookie, or
// encrypted cookie) and returns the state. d.CodeVerifier and d.ExpiresAt are filled
// when empty.
//
// Better Auth: src/oauth2/state.ts (generateState) and src/state.ts (generateGenericState).
func (s *States) Issue(ctx context.Context, io CookieIO, d *StateData) (string, error) {
	state := secret.RandomString(StateLength, secret.URLSafe)
	if d.CodeVerifier == "" {
		d.CodeVerifier = secret.RandomString(CodeVerifierLength, secret.URLSafe)
	}
	if d.ExpiresAt.IsZero() {
		d.ExpiresAt = s.Now().Add(stateTTL).UTC().Truncate(time.Millisecond)
	}
	d.OAuthState = state
	value, err := json.Marshal(d)
	if err != nil {
		return "", err
	}
	if s.Strategy == StateCookie {
		enc, err := s.Keys.Encrypt(string(value))
		if err != nil {
			return "", err
		}
		io.SetCookie(s.Cookies.New(oauthStateKey, enc, cookie.MaxAge(oauthCookieMaxAge*time.Second)))
		return state, nil
	}
	io.SetCookie(s.Cookies.New(stateCookieKey, s.Keys.SignValue(state), cookie.MaxAge(stateCookieMaxAge*time.Second)))
	if _, err := s.Store.CreateVerification(ctx, state, string(value), d.ExpiresAt); err != nil {
		return "", fmt.Errorf("social: storing oauth state: %w", err)
	}
	return state, nil
}

// Consume checks state against the browser and the provider and takes it, once: of any
// number of concurrent callbacks carrying the same state at most one gets the data.
// A *StateError says which redirect error to answer.
//
// The order of the database checks follows Better Auth's parseGenericState (an unknown
// state is please_restart_the_process even when the cookie differs; a state without its
// cookie is state_mismatch and stays usable by its own browser); the row is then
// consumed atomically instead of read and deleted.
func (s *States) Consume(ctx context.Context, io CookieIO, state, providerID string) (*StateData, error) {
	restart := func(reason string) error {
		return &StateError{Code: "please_restart_the_process", Reason: reason}
	}
	mismatch := func(reason string) error { return &StateError{Code: "state_mismatch", Reason: reason} }
	var d StateData
	if s.Strategy == StateCookie {
		name := s.Cookies.Name(oauthStateKey)
		enc := io.Cookies()[name]
		if enc == "" {
			return nil, restart("state cookie not found")
		}
		plain, err := s.Keys.Decrypt(enc)
		if err != nil || json.Unmarshal([]byte(plain), &d) != nil {
			return nil, restart("state cookie cannot be decrypted")
		}
		if d.OAuthState == "" || !secret.ConstantTimeEqual(d.OAuthState, state) {
			return nil, mismatch("state does not match the cookie")
		}
		if d.ProviderID != "" && d.ProviderID != providerID {
			return nil, mismatch("state issued for another provider")
		}
		io.SetCookie(s.Cookies.Expire(oauthStateKey))
	} else {
		row, err := s.Store.Verification(ctx, state)
		if err != nil {
			return nil, err
		}
		if row == nil {
			return nil, restart("state not found")
		}
		if err := json.Unmarshal([]byte(row.Value), &d); err != nil {
			return nil, restart("state row is malformed")
		}
		if d.OAuthState != "" && d.OAuthState != state {
			return nil, mismatch("state row belongs to another state")
		}
		if !s.SkipStateCookieCheck {
			signed := io.Cookies()[s.Cookies.Name(stateCookieKey)]
			raw, ok := s.Keys.VerifyValue(signed)
			if !ok || !secret.ConstantTimeEqual(raw, state) {
				return nil, mismatch("state cookie missing or different")
			}
		}
		if d.ProviderID != "" && d.ProviderID != providerID {
			return nil, mismatch("state issued for another provider")
		}
		io.SetCookie(s.Cookies.Expire(stateCookieKey))
		taken, err := s.Store.ConsumeVerification(ctx, state)
		if err != nil {
			return nil, err
		}
		if taken == nil {
			return nil, restart("state already used")
		}
	}
	if d.ExpiresAt.Before(s.Now()) {
		return nil, restart("state expired")
	}
	return &d, nil
}
