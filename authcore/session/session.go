// Package session implements Better Auth 1.6.9's session behaviour (spec section 6): creating
// sessions, the get-session algorithm with updateAge refresh, freshness, dontRememberMe,
// the cookie cache in its three strategies, and setting and clearing the session cookies.
//
// Better Auth: packages/better-auth/src/api/routes/session.ts and src/cookies/index.ts.
package session

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authcore/cookie"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authcore/secret"
	"github.com/goauth-dev/goauth/authcore/store"
)

// Cookie keys (Better Auth's authCookies).
const (
	TokenKey        = "session_token"
	DataKey         = "session_data"
	DontRememberKey = "dont_remember"
)

// Data is a session with its user, as get-session returns it.
type Data struct {
	Session model.Session
	User    model.User
}

// IO is the cookie access of one request: the request's cookies and the response's
// Set-Cookie lines.
type IO interface {
	// Cookies returns the request cookies (parsed once).
	Cookies() map[string]string
	// CookieHeader returns the raw Cookie header of the request.
	CookieHeader() string
	// SetCookie appends a Set-Cookie line to the response.
	SetCookie(c cookie.Cookie)
}

// Manager holds the session configuration and implements the algorithms. It derives what
// every request needs from Keys and Cookies once, on first use, and remembers the compact
// session_data values it decoded (at most 1024, about 1 KiB each); Keys and Cookies must
// not change after the first request.
type Manager struct {
	Store   *store.Store
	Keys    *secret.Keyring
	Cookies cookie.Config
	Config  config.Session
	Schema  *schema.Schema
	Now     func() time.Time
	// AccountCookie is account.storeAccountCookie: clearing the session also expires the
	// account_data cookie and its chunks.
	AccountCookie bool
	// StateCookie is the "cookie" OAuth state strategy: clearing the session also expires
	// the oauth_state cookie.
	StateCookie bool

	// derived is computed from Keys and Cookies on first use, so that requests share
	// it instead of rebuilding it.
	derivedOnce sync.Once
	derived     derived
}

// derived is what every request needs from the keyring and the cookie configuration.
type derived struct {
	memo      memo     // decoded compact session_data values
	current   []byte   // HMAC key of the compact and jwt strategies
	secrets   [][]byte // every secret, current first (jwe)
	tokenName string
	dataName  string
	dontName  string
}

func (m *Manager) shared() *derived {
	m.derivedOnce.Do(func() {
		d := &m.derived
		d.current = m.Keys.Current()
		for _, v := range m.Keys.Secrets() {
			d.secrets = append(d.secrets, []byte(v.Value))
		}
		d.tokenName = m.Cookies.Name(TokenKey)
		d.dataName = m.Cookies.Name(DataKey)
		d.dontName = m.Cookies.Name(DontRememberKey)
	})
	return &m.derived
}

func (m *Manager) now() time.Time { return m.Now().UTC().Truncate(time.Millisecond) }

// Create stores a new session for the user. dontRemember shortens it to one day.
func (m *Manager) Create(ctx context.Context, userID string, dontRemember bool, ip, userAgent string, fields map[string]any) (model.Session, error) {
	exp := m.Config.ExpiresIn
	if dontRemember {
		exp = 24 * time.Hour
	}
	return m.Store.CreateSession(ctx, store.NewSession{
		UserID:    userID,
		Token:     secret.GenerateID(),
		ExpiresAt: m.now().Add(exp),
		IPAddress: ip,
		UserAgent: userAgent,
		Fields:    fields,
	})
}

// Token returns the raw session token of a valid signed session cookie.
func (m *Manager) Token(io IO) (string, bool) {
	v, ok := io.Cookies()[m.shared().tokenName]
	if !ok || v == "" {
		return "", false
	}
	return m.Keys.VerifyValue(v)
}

// dontRemember reports whether a valid dont_remember cookie is present.
func (m *Manager) dontRemember(io IO) bool {
	v, ok := io.Cookies()[m.shared().dontName]
	if !ok {
		return false
	}
	raw, ok := m.Keys.VerifyValue(v)
	return ok && raw != ""
}

// SetCookies issues the session cookies for d (Better Auth's setSessionCookie).
// dontRemember nil means "as the request's dont_remember cookie says".
func (m *Manager) SetCookies(io IO, d Data, dontRemember *bool, maxAge *int) {
	dr := m.dontRemember(io)
	if dontRemember != nil {
		dr = *dontRemember
	}
	var age *int
	if !dr {
		v := int(m.Config.ExpiresIn / time.Second)
		age = &v
	}
	if maxAge != nil {
		age = maxAge
	}
	// Better Auth applies the session lifetime after advanced.cookies overrides, so an
	// override's maxAge never wins for session_token.
	c := m.Cookies.New(TokenKey, m.Keys.SignValue(d.Session.Token), nil)
	c.MaxAge = age
	io.SetCookie(c)
	if dr {
		io.SetCookie(m.Cookies.New(DontRememberKey, m.Keys.SignValue("true"), nil))
	}
	m.SetCache(io, d, dr)
}

// ClearCookies expires every session cookie in Better Auth's order (deleteSessionCookie,
// spec 3.7): session_token, session_data, account_data and its chunks (storeAccountCookie),
// oauth_state (cookie state strategy), session_data chunks, dont_remember.
func (m *Manager) ClearCookies(io IO, skipDontRemember bool) {
	io.SetCookie(m.Cookies.Expire(TokenKey))
	data := m.Cookies.Expire(DataKey)
	io.SetCookie(data)
	if m.AccountCookie {
		acc := m.Cookies.Expire("account_data")
		io.SetCookie(acc)
		for _, c := range cookie.CleanChunks(io.CookieHeader(), acc.Name, acc.Attributes) {
			io.SetCookie(c)
		}
	}
	if m.StateCookie {
		io.SetCookie(m.Cookies.Expire("oauth_state"))
	}
	for _, c := range cookie.CleanChunks(io.CookieHeader(), data.Name, data.Attributes) {
		io.SetCookie(c)
	}
	if !skipDontRemember {
		io.SetCookie(m.Cookies.Expire(DontRememberKey))
	}
}

// Public renders a session without its hidden fields.
func (m *Manager) Public(s model.Session) model.Session {
	s.Fields = visible(m.Schema, store.SessionModel, s.Fields)
	return s
}

// PublicUser renders a user without its hidden fields.
func (m *Manager) PublicUser(u model.User) model.User {
	u.Fields = visible(m.Schema, store.UserModel, u.Fields)
	return u
}

func visible(s *schema.Schema, modelName string, fields map[string]any) map[string]any {
	if len(fields) == 0 || s == nil {
		return fields
	}
	t, ok := s.Table(modelName)
	if !ok {
		return fields
	}
	var out map[string]any
	for k, v := range fields {
		f, known := t.Field(k)
		if !known || f.Hidden {
			continue
		}
		if out == nil {
			out = make(map[string]any, len(fields))
		}
		out[k] = v
	}
	return out
}

// SetCache writes the session_data cookie when the cookie cache is enabled.
func (m *Manager) SetCache(io IO, d Data, dontRemember bool) {
	cc := m.Config.CookieCache
	if !cc.Enabled {
		return
	}
	// The encoders re-emit both objects in JSON.stringify form, so the records' own
	// rendering is appended to one buffer as is.
	pub, pubUser := m.Public(d.Session), m.PublicUser(d.User)
	buf, err := pub.AppendJSON(make([]byte, 0, 1024))
	if err != nil {
		return
	}
	n := len(buf)
	if buf, err = pubUser.AppendJSON(buf); err != nil {
		return
	}
	sessJSON, userJSON := buf[:n:n], buf[n:]
	now := m.Now()
	p := cookie.CachePayload{Session: sessJSON, User: userJSON, UpdatedAt: now.UnixMilli(), Version: m.version()}
	var age *int
	ttl := 5 * time.Minute
	expires := now.Add(60 * time.Second)
	if !dontRemember {
		v := int(cc.MaxAge / time.Second)
		age = &v
		ttl = cc.MaxAge
		expires = now.Add(cc.MaxAge)
	}
	var value string
	key := m.shared().current
	switch cc.Strategy {
	case "jwe":
		value, err = cookie.EncodeJWE(p, key, now, ttl)
	case "jwt":
		value, err = cookie.EncodeJWT(p, key, now, ttl)
	default:
		value, err = cookie.EncodeCompact(p, key, expires)
	}
	if err != nil {
		return
	}
	for _, c := range cookie.SetChunked(io.CookieHeader(), m.Cookies.New(DataKey, value, age), cookie.SessionDataLimit) {
		io.SetCookie(c)
	}
}

func (m *Manager) version() string {
	if m.Config.CookieCache.Version != "" {
		return m.Config.CookieCache.Version
	}
	return "1"
}

// errCache reports a cookie cache that must be discarded (expired, answer null);
// errIgnore one that is left alone. A malformed compact value is errCache: Better Auth
// answers 500 there, GoAuth treats the junk as a failed signature.
var (
	errCache  = errors.New("session: invalid cookie cache")
	errIgnore = errors.New("session: unusable cookie cache")
)

// readCache decodes the session_data cookie. ok=false with err=nil means no cache cookie.
// The cached session and user are decoded straight into their records (no intermediate
// maps), with the key material shared by every request.
func (m *Manager) readCache(io IO) (d *Data, err error) {
	k := m.shared()
	raw, ok := cookie.ReadChunked(io.Cookies(), k.dataName)
	if !ok || raw == "" {
		return nil, nil
	}
	now := m.Now()
	strategy := m.Config.CookieCache.Strategy
	compact := strategy != "jwe" && strategy != "jwt"
	if compact {
		if e, ok := k.memo.get(raw); ok {
			if e.exp.UnixMilli() < now.UnixMilli() || e.version != m.version() {
				return nil, nil // expired, as DecodeCompact reports it; or another version
			}
			return e.data.clone(), nil
		}
	}
	var p cookie.CachePayload
	var exp time.Time
	switch strategy {
	case "jwe":
		p, _, err = cookie.DecodeJWE(raw, k.secrets, now)
	case "jwt":
		p, _, err = cookie.DecodeJWT(raw, k.current, now)
	default:
		p, exp, err = cookie.DecodeCompact(raw, k.current, now)
	}
	switch {
	case errors.Is(err, cookie.ErrNotJSON):
		// Better Auth ignores such a value: neither used nor expired.
		return nil, errIgnore
	case errors.Is(err, cookie.ErrExpired):
		// Better Auth falls back to the store for an expired compact value but answers
		// null for an expired jwt/jwe value, signing out a user whose session is valid.
		// GoAuth falls back to the store for every strategy.
		return nil, nil
	}
	if err != nil {
		return nil, errCache
	}
	if p.Version != m.version() {
		return nil, nil
	}
	sess, err1 := model.DecodeSession(p.Session)
	user, err2 := model.DecodeUser(p.User)
	if err1 != nil || err2 != nil {
		return nil, errCache
	}
	d = &Data{Session: sess, User: user}
	if compact {
		k.memo.put(raw, memoEntry{data: *d.clone(), exp: exp, version: p.Version})
	}
	return d, nil
}

// GetOptions are the query switches of get-session.
type GetOptions struct {
	DisableCookieCache bool
	DisableRefresh     bool
	// Sensitive bypasses the cookie cache (sensitive routes).
	Sensitive bool
	// Deferred is a GET under deferSessionRefresh: no writes, NeedsRefresh reported.
	Deferred bool
	// NoCookies refreshes the database row without re-issuing cookies (session guards).
	NoCookies bool
}

// Result is get-session's answer.
type Result struct {
	Data         *Data
	NeedsRefresh bool
}

// Get runs Better Auth's get-session algorithm (spec 6.2). A nil Data means "no session"
// (the caller answers null).
func (m *Manager) Get(ctx context.Context, io IO, opt GetOptions) (Result, error) {
	token, ok := m.Token(io)
	if !ok {
		return Result{}, nil
	}
	cc := m.Config.CookieCache
	if cc.Enabled {
		cached, err := m.readCache(io)
		ignored := errors.Is(err, errIgnore)
		if ignored {
			cached, err = nil, nil
		}
		if errors.Is(err, errCache) {
			io.SetCookie(m.Cookies.Expire(DataKey))
			return Result{}, nil
		}
		if cached != nil && !opt.DisableCookieCache && !opt.Sensitive &&
			cached.Session.Token == token && cached.Session.ExpiresAt.After(m.Now()) {
			return Result{Data: cached}, nil
		}
		if cached == nil && !ignored {
			if _, present := cookie.ReadChunked(io.Cookies(), m.shared().dataName); present {
				io.SetCookie(m.Cookies.Expire(DataKey))
			}
		}
	}
	sess, user, err := m.Store.SessionByToken(ctx, token)
	if err != nil {
		return Result{}, err
	}
	now := m.now()
	if sess == nil || sess.ExpiresAt.Before(now) {
		if !opt.NoCookies {
			m.ClearCookies(io, false)
		}
		if sess != nil && !opt.Deferred {
			_ = m.Store.DeleteSession(ctx, token)
		}
		return Result{}, nil
	}
	d := &Data{Session: *sess, User: *user}
	if m.dontRemember(io) || opt.DisableRefresh {
		return Result{Data: d}, nil
	}
	needs := !m.Config.DisableSessionRefresh &&
		!sess.ExpiresAt.Add(-m.Config.ExpiresIn).Add(m.Config.UpdateAge).After(now)
	if opt.Deferred {
		m.SetCache(io, *d, false)
		return Result{Data: d, NeedsRefresh: needs}, nil
	}
	if needs {
		updated, err := m.Store.UpdateSession(ctx, token, map[string]any{"expiresAt": now.Add(m.Config.ExpiresIn), "updatedAt": now})
		if err != nil {
			return Result{}, err
		}
		if updated == nil {
			m.ClearCookies(io, false)
			return Result{}, apierror.FailedToGetSession.WithStatus(401)
		}
		d.Session = *updated
		if !opt.NoCookies {
			remaining := int(updated.ExpiresAt.Sub(now) / time.Second)
			m.SetCookies(io, *d, nil, &remaining)
		}
		return Result{Data: d}, nil
	}
	if !opt.NoCookies {
		m.SetCache(io, *d, false)
	}
	return Result{Data: d}, nil
}

// Fresh reports whether the session is fresh enough for freshSession routes.
func (m *Manager) Fresh(s model.Session) bool {
	if m.Config.FreshAge <= 0 {
		return true
	}
	return m.now().Sub(s.CreatedAt) < m.Config.FreshAge
}
