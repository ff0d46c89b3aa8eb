package session_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authcore/cookie"
	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/db/memdb"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authcore/secret"
	"github.com/goauth-dev/goauth/authcore/session"
	"github.com/goauth-dev/goauth/authcore/store"
)

const (
	testSecret   = "a-test-secret-that-is-long-enough-0123456789"
	tokenCookie  = "better-auth.session_token"
	dataCookie   = "better-auth.session_data"
	dontRemember = "better-auth.dont_remember"
	week         = 7 * 24 * time.Hour
	day          = 24 * time.Hour
)

var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// fakeIO is one request: its cookies and the Set-Cookie lines of its response.
type fakeIO struct {
	cookies map[string]string
	set     []cookie.Cookie
}

func (f *fakeIO) Cookies() map[string]string { return f.cookies }
func (f *fakeIO) SetCookie(c cookie.Cookie)  { f.set = append(f.set, c) }

// CookieHeader renders the cookies as a browser would send them (sorted by name).
func (f *fakeIO) CookieHeader() string {
	var pairs []string
	for _, name := range slices.Sorted(maps.Keys(f.cookies)) {
		pairs = append(pairs, name+"="+cookie.EncodeURIComponent(f.cookies[name]))
	}
	return strings.Join(pairs, "; ")
}

func (f *fakeIO) lines() []string {
	var out []string
	for _, c := range f.set {
		out = append(out, c.String())
	}
	return out
}

// last returns the value of the last Set-Cookie for name.
func (f *fakeIO) last(name string) (cookie.Cookie, bool) {
	for i := len(f.set) - 1; i >= 0; i-- {
		if f.set[i].Name == name {
			return f.set[i], true
		}
	}
	return cookie.Cookie{}, false
}

type env struct {
	m    *session.Manager
	db   *memdb.DB
	keys *secret.Keyring
	clk  *clock
}

func newEnv(t *testing.T, cfg config.Session) *env {
	t.Helper()
	if cfg.ExpiresIn == 0 {
		cfg.ExpiresIn = week
	}
	if cfg.UpdateAge == 0 {
		cfg.UpdateAge = day
	}
	if cfg.FreshAge == 0 {
		cfg.FreshAge = day
	}
	keys, err := secret.New(testSecret, nil)
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{now: t0}
	sch := schema.Core()
	mdb := memdb.New(sch)
	st := store.New(store.Config{Adapter: mdb, Schema: sch, Now: clk.Now})
	return &env{
		m:  &session.Manager{Store: st, Keys: keys, Cookies: cookie.Config{}, Config: cfg, Schema: sch, Now: clk.Now},
		db: mdb, keys: keys, clk: clk,
	}
}

// login creates a user and a session and returns a request carrying its cookie.
func (e *env) login(t *testing.T, dontRemember bool) (model.Session, model.User, *fakeIO) {
	t.Helper()
	ctx := context.Background()
	u, err := e.m.Store.CreateUser(ctx, db.Record{"name": "Ada", "email": "ada@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	s, err := e.m.Create(ctx, u.ID, dontRemember, "10.0.0.1", "test-agent", nil)
	if err != nil {
		t.Fatal(err)
	}
	return s, u, e.request(s.Token)
}

func (e *env) request(token string) *fakeIO {
	return &fakeIO{cookies: map[string]string{tokenCookie: e.keys.SignValue(token)}}
}

func (e *env) get(t *testing.T, io *fakeIO, opt session.GetOptions) *session.Data {
	t.Helper()
	res, err := e.m.Get(context.Background(), io, opt)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	return res.Data
}

func (e *env) stored(t *testing.T, token string) *model.Session {
	t.Helper()
	s, _, err := e.m.Store.SessionByToken(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCreate(t *testing.T) {
	e := newEnv(t, config.Session{})
	s, u, _ := e.login(t, false)
	if len(s.Token) != 32 || s.UserID != u.ID || !s.ExpiresAt.Equal(t0.Add(week)) {
		t.Errorf("session %+v: want a 32-char token for the user, expiring in 7 days", s)
	}
	if s.IPAddress == nil || *s.IPAddress != "10.0.0.1" || s.UserAgent == nil || *s.UserAgent != "test-agent" {
		t.Errorf("session IP/UA = %v/%v", s.IPAddress, s.UserAgent)
	}
	short, err := e.m.Create(context.Background(), u.ID, true, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !short.ExpiresAt.Equal(t0.Add(day)) {
		t.Errorf("dontRemember session expires %v, want in 1 day", short.ExpiresAt)
	}
}

func TestGetNoCookie(t *testing.T) {
	e := newEnv(t, config.Session{})
	e.login(t, false)
	io := &fakeIO{cookies: map[string]string{}}
	if d := e.get(t, io, session.GetOptions{}); d != nil {
		t.Errorf("Get without a cookie = %+v, want nil", d)
	}
	if len(io.set) != 0 {
		t.Errorf("Set-Cookie without a session cookie: %v", io.lines())
	}
}

func TestGetBadSignature(t *testing.T) {
	e := newEnv(t, config.Session{})
	s, _, _ := e.login(t, false)
	other, err := secret.New("another-secret-of-sufficient-length-987654", nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, value := range map[string]string{
		"other secret": other.SignValue(s.Token),
		"unsigned":     s.Token,
		"truncated":    e.keys.SignValue(s.Token)[:40],
		"empty":        "",
	} {
		t.Run(name, func(t *testing.T) {
			io := &fakeIO{cookies: map[string]string{tokenCookie: value}}
			if d := e.get(t, io, session.GetOptions{}); d != nil {
				t.Errorf("Get = %+v, want nil", d)
			}
			if len(io.set) != 0 {
				t.Errorf("Set-Cookie for a bad signature: %v", io.lines())
			}
		})
	}
	if e.stored(t, s.Token) == nil {
		t.Error("a bad cookie deleted the session")
	}
}

func TestGetValid(t *testing.T) {
	e := newEnv(t, config.Session{})
	s, u, io := e.login(t, false)
	e.clk.Advance(time.Hour) // before updateAge: no refresh
	d := e.get(t, io, session.GetOptions{})
	if d == nil {
		t.Fatal("Get = nil for a valid session")
	}
	if diff := cmp.Diff(session.Data{Session: s, User: u}, *d); diff != "" {
		t.Errorf("Get mismatch (-want +got):\n%s", diff)
	}
	if len(io.set) != 0 {
		t.Errorf("Set-Cookie without refresh or cookie cache: %v", io.lines())
	}
	if got := e.stored(t, s.Token); !got.ExpiresAt.Equal(s.ExpiresAt) {
		t.Errorf("stored expiresAt changed to %v without refresh", got.ExpiresAt)
	}
}

func TestGetUnknownToken(t *testing.T) {
	e := newEnv(t, config.Session{})
	io := e.request("unknown-token")
	if d := e.get(t, io, session.GetOptions{}); d != nil {
		t.Errorf("Get = %+v, want nil", d)
	}
	want := []string{
		tokenCookie + "=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
		dataCookie + "=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
		dontRemember + "=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
	}
	if diff := cmp.Diff(want, io.lines()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
}

func TestGetExpired(t *testing.T) {
	e := newEnv(t, config.Session{})
	s, _, io := e.login(t, false)
	io.cookies[dataCookie+".0"] = "stale-chunk"
	e.clk.Advance(week + time.Millisecond) // Better Auth: expired once expiresAt < now
	if d := e.get(t, io, session.GetOptions{}); d != nil {
		t.Errorf("Get = %+v for an expired session, want nil", d)
	}
	want := []string{
		tokenCookie + "=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
		dataCookie + "=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
		dataCookie + ".0=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
		dontRemember + "=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
	}
	if diff := cmp.Diff(want, io.lines()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
	if e.stored(t, s.Token) != nil || e.db.Len(store.SessionModel) != 0 {
		t.Error("expired session row not deleted")
	}
}

func TestGetExpiredDeferredKeepsRow(t *testing.T) {
	e := newEnv(t, config.Session{DeferSessionRefresh: true})
	s, _, io := e.login(t, false)
	e.clk.Advance(week + time.Second)
	if d := e.get(t, io, session.GetOptions{Deferred: true}); d != nil {
		t.Errorf("Get = %+v, want nil", d)
	}
	if e.stored(t, s.Token) == nil {
		t.Error("a deferred GET deleted the expired row")
	}
}

func TestGetRefresh(t *testing.T) {
	e := newEnv(t, config.Session{})
	s, _, io := e.login(t, false)
	e.clk.Advance(day) // expiresAt - expiresIn + updateAge <= now
	now := e.clk.Now()
	d := e.get(t, io, session.GetOptions{})
	if d == nil {
		t.Fatal("Get = nil")
	}
	if !d.Session.ExpiresAt.Equal(now.Add(week)) || !d.Session.UpdatedAt.Equal(now) {
		t.Errorf("refreshed session expiresAt %v updatedAt %v; want %v and %v", d.Session.ExpiresAt, d.Session.UpdatedAt, now.Add(week), now)
	}
	if got := e.stored(t, s.Token); !got.ExpiresAt.Equal(now.Add(week)) {
		t.Errorf("stored expiresAt %v, want %v", got.ExpiresAt, now.Add(week))
	}
	want := []string{
		tokenCookie + "=" + cookie.EncodeURIComponent(e.keys.SignValue(s.Token)) + "; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax",
	}
	if diff := cmp.Diff(want, io.lines()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
}

func TestGetRefreshMaxAgeIsRemaining(t *testing.T) {
	e := newEnv(t, config.Session{ExpiresIn: time.Hour, UpdateAge: -1}) // updateAge 0: every use
	_, _, io := e.login(t, false)
	e.clk.Advance(1500 * time.Millisecond)
	if d := e.get(t, io, session.GetOptions{}); d == nil {
		t.Fatal("Get = nil")
	}
	c, ok := io.last(tokenCookie)
	if !ok || c.MaxAge == nil || *c.MaxAge != 3600 {
		t.Errorf("refresh cookie %+v, want Max-Age=3600", c)
	}
}

func TestGetRefreshDisabled(t *testing.T) {
	for name, tc := range map[string]struct {
		cfg config.Session
		opt session.GetOptions
	}{
		"DisableSessionRefresh": {config.Session{DisableSessionRefresh: true}, session.GetOptions{}},
		"DisableRefresh option": {config.Session{}, session.GetOptions{DisableRefresh: true}},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, tc.cfg)
			s, _, io := e.login(t, false)
			e.clk.Advance(2 * day)
			d := e.get(t, io, tc.opt)
			if d == nil || !d.Session.ExpiresAt.Equal(s.ExpiresAt) {
				t.Fatalf("Get = %+v, want the unrefreshed session", d)
			}
			if got := e.stored(t, s.Token); !got.ExpiresAt.Equal(s.ExpiresAt) {
				t.Errorf("stored expiresAt %v, want unchanged %v", got.ExpiresAt, s.ExpiresAt)
			}
			if _, ok := io.last(tokenCookie); ok {
				t.Errorf("session_token re-issued: %v", io.lines())
			}
		})
	}
}

func TestGetDeferredReportsNeedsRefresh(t *testing.T) {
	e := newEnv(t, config.Session{DeferSessionRefresh: true})
	s, _, io := e.login(t, false)
	e.clk.Advance(day)
	res, err := e.m.Get(context.Background(), io, session.GetOptions{Deferred: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Data == nil || !res.NeedsRefresh {
		t.Fatalf("deferred Get = %+v, want data with NeedsRefresh", res)
	}
	if got := e.stored(t, s.Token); !got.ExpiresAt.Equal(s.ExpiresAt) {
		t.Error("a deferred GET refreshed the row")
	}
}

func TestGetNoCookiesOption(t *testing.T) {
	e := newEnv(t, config.Session{})
	s, _, io := e.login(t, false)
	e.clk.Advance(day + time.Minute)
	now := e.clk.Now()
	d := e.get(t, io, session.GetOptions{NoCookies: true})
	if d == nil || !d.Session.ExpiresAt.Equal(now.Add(week)) {
		t.Fatalf("Get = %+v, want the refreshed session", d)
	}
	if got := e.stored(t, s.Token); !got.ExpiresAt.Equal(now.Add(week)) {
		t.Errorf("stored expiresAt %v, want refreshed to %v", got.ExpiresAt, now.Add(week))
	}
	if len(io.set) != 0 {
		t.Errorf("NoCookies: Set-Cookie %v", io.lines())
	}

	// An expired session under NoCookies: nil, no cookies, row deleted.
	e.clk.Advance(week + time.Millisecond)
	if d := e.get(t, io, session.GetOptions{NoCookies: true}); d != nil {
		t.Errorf("Get(expired, NoCookies) = %+v", d)
	}
	if len(io.set) != 0 {
		t.Errorf("NoCookies on expiry: Set-Cookie %v", io.lines())
	}
	if e.stored(t, s.Token) != nil {
		t.Error("expired row kept")
	}
}

func TestGetDontRememberNoRefresh(t *testing.T) {
	e := newEnv(t, config.Session{})
	// A dontRemember session lives one day, so with updateAge 1 day it is due for refresh
	// at once; only the dont_remember cookie stops it.
	s, _, io := e.login(t, true)
	io.cookies[dontRemember] = e.keys.SignValue("true")
	e.clk.Advance(time.Hour)
	d := e.get(t, io, session.GetOptions{})
	if d == nil || !d.Session.ExpiresAt.Equal(s.ExpiresAt) {
		t.Fatalf("Get = %+v, want the unrefreshed session", d)
	}
	if len(io.set) != 0 {
		t.Errorf("Set-Cookie with dont_remember: %v", io.lines())
	}

	// A forged dont_remember cookie does not count.
	forged := e.request(s.Token)
	forged.cookies[dontRemember] = "true.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
	d = e.get(t, forged, session.GetOptions{})
	if d == nil || d.Session.ExpiresAt.Equal(s.ExpiresAt) {
		t.Errorf("Get with a forged dont_remember cookie = %+v, want a refreshed session", d)
	}
}

func TestSetCookies(t *testing.T) {
	e := newEnv(t, config.Session{})
	s, u, _ := e.login(t, false)
	signed := cookie.EncodeURIComponent(e.keys.SignValue(s.Token))

	io := &fakeIO{cookies: map[string]string{}}
	e.m.SetCookies(io, session.Data{Session: s, User: u}, nil, nil)
	if diff := cmp.Diff([]string{tokenCookie + "=" + signed + "; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax"}, io.lines()); diff != "" {
		t.Errorf("SetCookies (-want +got):\n%s", diff)
	}

	yes := true
	io = &fakeIO{cookies: map[string]string{}}
	e.m.SetCookies(io, session.Data{Session: s, User: u}, &yes, nil)
	want := []string{
		tokenCookie + "=" + signed + "; Path=/; HttpOnly; SameSite=Lax",
		dontRemember + "=" + cookie.EncodeURIComponent(e.keys.SignValue("true")) + "; Path=/; HttpOnly; SameSite=Lax",
	}
	if diff := cmp.Diff(want, io.lines()); diff != "" {
		t.Errorf("SetCookies(dontRemember) (-want +got):\n%s", diff)
	}
}

func TestCookieCache(t *testing.T) {
	for _, strategy := range []string{"compact", "jwt", "jwe"} {
		t.Run(strategy, func(t *testing.T) {
			cc := config.CookieCache{Enabled: true, MaxAge: 5 * time.Minute, Strategy: strategy}
			e := newEnv(t, config.Session{CookieCache: cc})
			s, u, io := e.login(t, false)
			ctx := context.Background()

			// First read: from the store; the cache cookie is written.
			if d := e.get(t, io, session.GetOptions{}); d == nil {
				t.Fatal("Get = nil")
			}
			c, ok := io.last(dataCookie)
			if !ok || c.Value == "" || c.MaxAge == nil || *c.MaxAge != 300 {
				t.Fatalf("session_data cookie %+v, want a value with Max-Age=300", c)
			}

			// The store changes behind the cache: the cached copy still answers.
			if _, err := e.m.Store.UpdateUser(ctx, u.ID, db.Record{"name": "Renamed"}); err != nil {
				t.Fatal(err)
			}
			cached := e.request(s.Token)
			cached.cookies[dataCookie] = c.Value
			d := e.get(t, cached, session.GetOptions{})
			if diff := cmp.Diff(session.Data{Session: s, User: u}, *d); diff != "" {
				t.Errorf("cached Get mismatch (-want +got):\n%s", diff)
			}
			if len(cached.set) != 0 {
				t.Errorf("Set-Cookie when answered from the cache: %v", cached.lines())
			}

			// Sensitive reads and DisableCookieCache bypass it.
			for _, opt := range []session.GetOptions{{Sensitive: true}, {DisableCookieCache: true}} {
				io := e.request(s.Token)
				io.cookies[dataCookie] = c.Value
				if d := e.get(t, io, opt); d == nil || d.User.Name != "Renamed" {
					t.Errorf("Get(%+v) user = %+v, want the store's", opt, d)
				}
			}

			// Version mismatch: expire the cookie and fall back to the store.
			e.m.Config.CookieCache.Version = "2"
			stale := e.request(s.Token)
			stale.cookies[dataCookie] = c.Value
			if d := e.get(t, stale, session.GetOptions{}); d == nil || d.User.Name != "Renamed" {
				t.Errorf("Get after version change = %+v, want the store's user", d)
			}
			if len(stale.set) == 0 || stale.set[0].Name != dataCookie || stale.set[0].MaxAge == nil || *stale.set[0].MaxAge != 0 {
				t.Errorf("version mismatch did not expire session_data first: %v", stale.lines())
			}
			if fresh, ok := stale.last(dataCookie); !ok || fresh.Value == "" {
				t.Errorf("no new cache written after fallback: %v", stale.lines())
			}
			e.m.Config.CookieCache.Version = ""

			// Past maxAge the cache is ignored.
			e.clk.Advance(5*time.Minute + 20*time.Second)
			old := e.request(s.Token)
			old.cookies[dataCookie] = c.Value
			if d := e.get(t, old, session.GetOptions{}); d == nil || d.User.Name != "Renamed" {
				t.Errorf("Get with an expired cache = %+v, want the store's user", d)
			}

			// A tampered cache is discarded: session_data expired, no session.
			bad := e.request(s.Token)
			bad.cookies[dataCookie] = tamper(t, strategy, c.Value)
			if d := e.get(t, bad, session.GetOptions{}); d != nil {
				t.Errorf("Get with a tampered cache = %+v, want nil", d)
			}
			if diff := cmp.Diff([]string{dataCookie + "=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"}, bad.lines()); diff != "" {
				t.Errorf("tampered cache Set-Cookie (-want +got):\n%s", diff)
			}
		})
	}
}

// tamper returns v with a wrong signature that still parses: for compact, the signature
// member is replaced; for jwt and jwe, a character of the last segment (signature or
// tag) is changed.
func tamper(t *testing.T, strategy, v string) string {
	t.Helper()
	if strategy == "compact" {
		raw, err := base64.RawURLEncoding.DecodeString(v)
		if err != nil {
			t.Fatalf("compact value is not base64url: %v", err)
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			t.Fatalf("compact value is not JSON: %v", err)
		}
		obj["signature"] = json.RawMessage(`"` + strings.Repeat("A", 43) + `"`)
		out, err := json.Marshal(obj)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(out)
	}
	i := len(v) - 10
	r := byte('A')
	if v[i] == 'A' {
		r = 'B'
	}
	return v[:i] + string(r) + v[i+1:]
}

func TestCookieCacheDontRemember(t *testing.T) {
	e := newEnv(t, config.Session{CookieCache: config.CookieCache{Enabled: true, MaxAge: 5 * time.Minute}})
	s, u, _ := e.login(t, false)
	yes := true
	io := &fakeIO{cookies: map[string]string{}}
	e.m.SetCookies(io, session.Data{Session: s, User: u}, &yes, nil)
	c, ok := io.last(dataCookie)
	if !ok || c.MaxAge != nil {
		t.Fatalf("dontRemember session_data cookie %+v, want no Max-Age", c)
	}
	// The compact cache of a dontRemember session lives 60 seconds.
	req := e.request(s.Token)
	req.cookies[dataCookie] = c.Value
	if err := e.db.Delete(context.Background(), store.SessionModel, nil); err != nil {
		t.Fatal(err)
	}
	// (expired only once expiresAt < now, as in Better Auth).
	e.clk.Advance(60 * time.Second)
	if d := e.get(t, req, session.GetOptions{}); d == nil {
		t.Error("cache unusable at 60 s")
	}
	e.clk.Advance(time.Millisecond)
	if d := e.get(t, req, session.GetOptions{}); d != nil {
		t.Errorf("cache still answered after 60 s: %+v", d)
	}
}

func TestCookieCacheChunkCleanup(t *testing.T) {
	e := newEnv(t, config.Session{CookieCache: config.CookieCache{Enabled: true, MaxAge: 5 * time.Minute}})
	s, u, _ := e.login(t, false)
	io := &fakeIO{cookies: map[string]string{dataCookie + ".0": "x", dataCookie + ".1": "y"}}
	e.m.SetCache(io, session.Data{Session: s, User: u}, false)
	var expired []string
	for _, c := range io.set {
		if c.MaxAge != nil && *c.MaxAge == 0 {
			expired = append(expired, c.Name)
		}
	}
	slices.Sort(expired)
	if diff := cmp.Diff([]string{dataCookie + ".0", dataCookie + ".1"}, expired); diff != "" {
		t.Errorf("old chunks not expired (-want +got):\n%s", diff)
	}
	if c, ok := io.last(dataCookie); !ok || c.Value == "" {
		t.Errorf("no session_data written: %v", io.lines())
	}
}

func TestPublicHidesHiddenFields(t *testing.T) {
	e := newEnv(t, config.Session{})
	if err := e.m.Schema.Add(schema.Table{Model: "user", Fields: []schema.Field{
		{Name: "role", Type: schema.String},
		{Name: "secretNote", Type: schema.String, Hidden: true},
	}}); err != nil {
		t.Fatal(err)
	}
	u := e.m.PublicUser(model.User{ID: "u", Fields: map[string]any{"role": "admin", "secretNote": "x", "unknown": 1}})
	if diff := cmp.Diff(map[string]any{"role": "admin"}, u.Fields); diff != "" {
		t.Errorf("PublicUser fields (-want +got):\n%s", diff)
	}
}

func TestFresh(t *testing.T) {
	e := newEnv(t, config.Session{})
	s, _, _ := e.login(t, false)
	e.clk.Advance(day - time.Millisecond)
	if !e.m.Fresh(s) {
		t.Error("session younger than freshAge is not fresh")
	}
	e.clk.Advance(time.Millisecond)
	if e.m.Fresh(s) {
		t.Error("session aged exactly freshAge is still fresh")
	}
	e.m.Config.FreshAge = -1 // Better Auth's freshAge 0: always fresh
	if !e.m.Fresh(s) {
		t.Error("freshAge 0 must make every session fresh")
	}
}

func TestClearCookiesSkipDontRemember(t *testing.T) {
	e := newEnv(t, config.Session{})
	io := &fakeIO{cookies: map[string]string{}}
	e.m.ClearCookies(io, true)
	for _, l := range io.lines() {
		if strings.HasPrefix(l, dontRemember+"=") {
			t.Errorf("dont_remember expired although skipped: %v", io.lines())
		}
	}
	if len(io.set) != 2 {
		t.Errorf("ClearCookies(skip) set %d cookies, want 2: %v", len(io.set), io.lines())
	}
}

// TestGetExpiryBoundary: a session whose expiresAt equals now is still valid (Better Auth
// compares expiresAt < now).
func TestGetExpiryBoundary(t *testing.T) {
	e := newEnv(t, config.Session{})
	_, _, io := e.login(t, false)
	e.clk.Advance(week)
	if d := e.get(t, io, session.GetOptions{DisableRefresh: true}); d == nil {
		t.Fatal("Get at expiresAt == now = nil, want the session")
	}
}
