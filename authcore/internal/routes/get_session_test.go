package routes_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/authtest"
)

func TestGetSession(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := newServer(t, withClock(clk))
	c := s.Client(t)
	c.Header.Set("User-Agent", "ua/1")
	r := c.SignUp("Ada", "ada@example.com", password)
	token := r.Map(t)["token"].(string)
	userID := r.Map(t)["user"].(map[string]any)["id"].(string)

	r = c.Get("/get-session", nil)
	wantStatus(t, r, http.StatusOK)
	wantNoCookies(t, r) // not due for refresh, no cookie cache
	body := r.Map(t)
	if diff := cmp.Diff([]string{"session", "user"}, keys(body)); diff != "" {
		t.Fatalf("keys (-want +got):\n%s", diff)
	}
	sess := body["session"].(map[string]any)
	wantSess := map[string]any{
		"id": sess["id"], "token": token, "userId": userID, "ipAddress": "", "userAgent": "ua/1",
		"expiresAt": isoTime(t0.Add(7 * 24 * time.Hour)), "createdAt": isoTime(t0), "updatedAt": isoTime(t0),
	}
	if diff := cmp.Diff(wantSess, sess); diff != "" {
		t.Errorf("session (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(userKeys, keys(body["user"].(map[string]any))); diff != "" {
		t.Errorf("user keys (-want +got):\n%s", diff)
	}

	// In process: the same session from the same cookies.
	got, _, err := s.Auth.API.GetSession(t.Context(), cookieHeader(c))
	if err != nil || got == nil || got.Session.Token != token || got.User.ID != userID {
		t.Errorf("API.GetSession = %+v, %v", got, err)
	}
	if got, _, err := s.Auth.API.GetSession(t.Context(), nil); got != nil || err != nil {
		t.Errorf("API.GetSession without cookies = %+v, %v; want nil, nil", got, err)
	}
}

func TestGetSessionNoSession(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	other := authtest.New(t, func(o *authcore.Options) { o.Secret = "another-secret-another-secret-another-secret" })
	// A well-formed token that differs from a.token in its first character,
	// whatever that character happens to be.
	unknown := "x" + a.token[1:]
	if a.token[0] == 'x' {
		unknown = "y" + a.token[1:]
	}
	tests := []struct {
		name   string
		cookie string
	}{
		{"no cookie", ""},
		{"unrelated cookie", "theme=dark"},
		{"unsigned token", tokenCookie + "=" + a.token},
		{"bad signature", tokenCookie + "=" + a.token + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D"},
		{"signed with another secret", tokenCookie + "=" + strings.NewReplacer("+", "%2B", "/", "%2F", "=", "%3D").Replace(other.Auth.Context.Keys.SignValue(a.token))},
		{"unknown token", tokenCookie + "=" + signed(unknown)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{"Origin": {s.URL}}
			if tt.cookie != "" {
				h.Set("Cookie", tt.cookie)
			}
			r := raw(t, s, http.MethodGet, "/api/auth/get-session", h, nil)
			wantStatus(t, r, http.StatusOK)
			if string(r.Body) != "null" || r.Header.Get("Content-Type") != "application/json" {
				t.Errorf("body %q (%s), want null JSON", r.Body, r.Header.Get("Content-Type"))
			}
			if tt.name == "unknown token" {
				// A well-signed cookie without a session is cleared (spec 6.2 step 4).
				if diff := cmp.Diff(clearedCookies, r.Cookies()); diff != "" {
					t.Errorf("Set-Cookie (-want +got):\n%s", diff)
				}
				return
			}
			wantNoCookies(t, r)
		})
	}
}

func TestGetSessionPostNeedsDeferredRefresh(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	wantError(t, a.c.Post("/get-session", map[string]any{}), http.StatusMethodNotAllowed,
		"METHOD_NOT_ALLOWED_DEFER_SESSION_REQUIRED", "POST method requires deferSessionRefresh to be enabled in session config")
}

// refreshServer has a one-hour session refreshed after ten minutes.
func refreshServer(t *testing.T, clk *clock, more ...func(o *authcore.Options)) *authtest.Server {
	return newServer(t, withClock(clk, append([]func(o *authcore.Options){func(o *authcore.Options) {
		o.Session.ExpiresIn = time.Hour
		o.Session.UpdateAge = 10 * time.Minute
	}}, more...)...))
}

func TestGetSessionRefresh(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := refreshServer(t, clk)
	a := signUp(t, s, "ada@example.com")

	clk.Advance(10*time.Minute - time.Millisecond)
	r := a.c.Get("/get-session", nil)
	wantStatus(t, r, http.StatusOK)
	wantNoCookies(t, r)
	if got := r.Map(t)["session"].(map[string]any)["expiresAt"]; got != isoTime(t0.Add(time.Hour)) {
		t.Errorf("expiresAt before updateAge = %v", got)
	}

	clk.Advance(time.Millisecond) // exactly updateAge: due
	now := t0.Add(10 * time.Minute)
	r = a.c.Get("/get-session", nil)
	wantStatus(t, r, http.StatusOK)
	want := []string{tokenCookie + "=" + signed(a.token) + "; Max-Age=3600" + cookieAttrs}
	if diff := cmp.Diff(want, r.Cookies()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
	sess := r.Map(t)["session"].(map[string]any)
	if sess["expiresAt"] != isoTime(now.Add(time.Hour)) || sess["updatedAt"] != isoTime(now) || sess["token"] != a.token {
		t.Errorf("refreshed session = %v", sess)
	}
	if row := storedSession(t, s, a.token); !row.ExpiresAt.Equal(now.Add(time.Hour)) {
		t.Errorf("stored expiresAt = %v, want %v", row.ExpiresAt, now.Add(time.Hour))
	}
}

// Guards refresh the row but set no cookie (spec 6.3).
func TestSessionGuardRefreshesWithoutCookie(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := refreshServer(t, clk)
	a := signUp(t, s, "ada@example.com")
	clk.Advance(11 * time.Minute)
	r := a.c.Get("/list-sessions", nil)
	wantStatus(t, r, http.StatusOK)
	wantNoCookies(t, r)
	if row := storedSession(t, s, a.token); !row.ExpiresAt.Equal(t0.Add(11*time.Minute + time.Hour)) {
		t.Errorf("stored expiresAt = %v, want refreshed", row.ExpiresAt)
	}
}

func TestGetSessionNoRefresh(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		opts   func(o *authcore.Options)
		query  url.Values
		signIn map[string]any
		wait   time.Duration // past updateAge, before expiry
	}{
		{"disableRefresh=true", nil, url.Values{"disableRefresh": {"true"}}, nil, 30 * time.Minute},
		{"disableRefresh=false is true too (coerce)", nil, url.Values{"disableRefresh": {"false"}}, nil, 30 * time.Minute},
		{"disableSessionRefresh option", func(o *authcore.Options) { o.Session.DisableSessionRefresh = true }, nil, nil, 30 * time.Minute},
		// A non-remembered session lasts one day whatever expiresIn says: it would be due
		// after 23h10m.
		{"dont_remember cookie", nil, nil, map[string]any{"rememberMe": false}, 23*time.Hour + 30*time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clk := newClock()
			var more []func(o *authcore.Options)
			if tt.opts != nil {
				more = append(more, tt.opts)
			}
			s := refreshServer(t, clk, more...)
			signUp(t, s, "ada@example.com")
			c := s.Client(t)
			body := map[string]any{"email": "ada@example.com", "password": password}
			for k, v := range tt.signIn {
				body[k] = v
			}
			r := c.Post("/sign-in/email", body)
			wantStatus(t, r, http.StatusOK)
			token := r.Map(t)["token"].(string)
			exp := storedSession(t, s, token).ExpiresAt

			clk.Advance(tt.wait)
			r = c.Get("/get-session", tt.query)
			wantStatus(t, r, http.StatusOK)
			wantNoCookies(t, r)
			if r.Map(t)["session"].(map[string]any)["token"] != token {
				t.Errorf("body = %s", r.Body)
			}
			if got := storedSession(t, s, token).ExpiresAt; !got.Equal(exp) {
				t.Errorf("expiresAt moved from %v to %v", exp, got)
			}
		})
	}
}

func TestGetSessionUpdateAgeZeroRefreshesEveryTime(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := newServer(t, withClock(clk, func(o *authcore.Options) { o.Session.UpdateAge = -1 }))
	a := signUp(t, s, "ada@example.com")
	clk.Advance(time.Second)
	r := a.c.Get("/get-session", nil)
	if diff := cmp.Diff([]string{sessionCookie(a.token)}, r.Cookies()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
}

func TestGetSessionExpired(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := refreshServer(t, clk)
	a := signUp(t, s, "ada@example.com")
	clk.Advance(time.Hour + time.Millisecond)
	r := a.c.Get("/get-session", nil)
	wantStatus(t, r, http.StatusOK)
	if string(r.Body) != "null" {
		t.Errorf("body = %s, want null", r.Body)
	}
	if diff := cmp.Diff(clearedCookies, r.Cookies()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
	if row := storedSession(t, s, a.token); row != nil {
		t.Errorf("expired session row kept: %+v", row)
	}
	// Guards treat it as no session.
	wantError(t, a.c.Get("/list-sessions", nil), http.StatusUnauthorized, "UNAUTHORIZED", "Unauthorized")
}

func TestGetSessionDeferredRefresh(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := refreshServer(t, clk, func(o *authcore.Options) { o.Session.DeferSessionRefresh = true })
	a := signUp(t, s, "ada@example.com")

	r := a.c.Get("/get-session", nil)
	wantStatus(t, r, http.StatusOK)
	if got := r.Map(t)["needsRefresh"]; got != false {
		t.Errorf("needsRefresh = %v, want false", got)
	}
	clk.Advance(11 * time.Minute)
	r = a.c.Get("/get-session", nil)
	wantNoCookies(t, r)
	if got := r.Map(t)["needsRefresh"]; got != true {
		t.Errorf("needsRefresh = %v, want true", got)
	}
	if row := storedSession(t, s, a.token); !row.ExpiresAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("deferred GET wrote the row: %v", row.ExpiresAt)
	}
	// The client then POSTs, which refreshes.
	r = a.c.Post("/get-session", map[string]any{})
	wantStatus(t, r, http.StatusOK)
	if _, ok := r.Map(t)["needsRefresh"]; ok {
		t.Error("POST answer carries needsRefresh")
	}
	want := []string{tokenCookie + "=" + signed(a.token) + "; Max-Age=3600" + cookieAttrs}
	if diff := cmp.Diff(want, r.Cookies()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
	if row := storedSession(t, s, a.token); !row.ExpiresAt.Equal(t0.Add(11*time.Minute + time.Hour)) {
		t.Errorf("POST did not refresh: %v", row.ExpiresAt)
	}
}

// cacheServer enables the cookie cache with a strategy.
func cacheServer(t *testing.T, clk *clock, strategy string, more ...func(o *authcore.Options)) *authtest.Server {
	return newServer(t, withClock(clk, append([]func(o *authcore.Options){func(o *authcore.Options) {
		o.Session.CookieCache.Enabled = true
		o.Session.CookieCache.Strategy = strategy
	}}, more...)...))
}

var strategies = []string{"compact", "jwt", "jwe"}

func TestGetSessionCookieCache(t *testing.T) {
	t.Parallel()
	for _, strategy := range strategies {
		t.Run(strategy, func(t *testing.T) {
			t.Parallel()
			clk := newClock()
			s := cacheServer(t, clk, strategy)
			c := s.Client(t)
			r := c.SignUp("Ada", "ada@example.com", password)
			token := r.Map(t)["token"].(string)
			lines := cookieLines(r, dataCookie)
			if len(lines) != 1 || !strings.HasSuffix(lines[0], "; Max-Age=300"+cookieAttrs) {
				t.Fatalf("session_data Set-Cookie = %q, want one line with Max-Age=300", lines)
			}
			checkCacheFormat(t, strategy, cookieValue(t, r, dataCookie), token)

			// Remove the row: the cache still answers, without touching the store.
			if err := s.Auth.Context.Store.DeleteSession(t.Context(), token); err != nil {
				t.Fatal(err)
			}
			r = c.Get("/get-session", nil)
			wantStatus(t, r, http.StatusOK)
			wantNoCookies(t, r)
			body := r.Map(t)
			if body["session"].(map[string]any)["token"] != token || body["user"].(map[string]any)["email"] != "ada@example.com" {
				t.Fatalf("cached get-session = %s", r.Body)
			}
			// sessionMiddleware accepts the cache; sensitiveSessionMiddleware does not.
			wantJSON(t, c.Get("/list-sessions", nil), []any{})
			wantError(t, c.Post("/revoke-other-sessions", map[string]any{}), http.StatusUnauthorized, "UNAUTHORIZED", "Unauthorized")

			// disableCookieCache (coerced: "false" is true too) goes to the store, finds
			// nothing and clears the cookies, the cache clean-up included (spec 3.7).
			r = c.Get("/get-session", url.Values{"disableCookieCache": {"false"}})
			wantStatus(t, r, http.StatusOK)
			if string(r.Body) != "null" {
				t.Errorf("body = %s, want null", r.Body)
			}
			want := []string{clearedCookies[0], clearedCookies[1], dataCookie + "=" + expiredAttrs, clearedCookies[2]}
			if diff := cmp.Diff(want, r.Cookies()); diff != "" {
				t.Errorf("Set-Cookie (-want +got):\n%s", diff)
			}
			if m := getSession(t, c, nil); m != nil {
				t.Errorf("after clearing: %v", m)
			}
		})
	}
}

func TestGetSessionCookieCacheExpiry(t *testing.T) {
	t.Parallel()
	for _, strategy := range strategies {
		t.Run(strategy, func(t *testing.T) {
			t.Parallel()
			clk := newClock()
			s := cacheServer(t, clk, strategy)
			a := signUp(t, s, "ada@example.com")

			// Past maxAge (and JWE's 15 s tolerance) the cache is dropped and rebuilt
			// from the store.
			clk.Advance(6 * time.Minute)
			r := a.c.Get("/get-session", nil)
			wantStatus(t, r, http.StatusOK)
			// Expired cache, then setCookieCache's clean-up of the request's session_data
			// (spec 3.6), then the new cache.
			lines := cookieLines(r, dataCookie)
			if len(lines) != 3 || lines[0] != dataCookie+"="+expiredAttrs || lines[1] != dataCookie+"="+expiredAttrs ||
				!strings.HasSuffix(lines[2], "; Max-Age=300"+cookieAttrs) {
				t.Fatalf("session_data Set-Cookie = %q, want expiry, clean-up, fresh cache", lines)
			}
			if len(r.Cookies()) != 3 {
				t.Errorf("Set-Cookie = %q, want only session_data lines", r.Cookies())
			}
			if r.Map(t)["session"] == nil {
				t.Fatal("no session")
			}

			// The new cache answers without the row until it expires too.
			if err := s.Auth.Context.Store.DeleteSession(t.Context(), a.token); err != nil {
				t.Fatal(err)
			}
			if getSession(t, a.c, nil) == nil {
				t.Fatal("fresh cache did not answer")
			}
			clk.Advance(6 * time.Minute)
			r = a.c.Get("/get-session", nil)
			wantStatus(t, r, http.StatusOK)
			if string(r.Body) != "null" {
				t.Errorf("body = %s, want null", r.Body)
			}
			if got := cookieValue(t, r, dataCookie); got != "" {
				t.Errorf("session_data not expired: %q", got)
			}
			if got := cookieValue(t, r, tokenCookie); got != "" {
				t.Errorf("session_token not expired: %q", got)
			}
		})
	}
}

func TestGetSessionCookieCacheTampered(t *testing.T) {
	t.Parallel()
	for _, strategy := range strategies {
		t.Run(strategy, func(t *testing.T) {
			t.Parallel()
			clk := newClock()
			s := cacheServer(t, clk, strategy)
			a := signUp(t, s, "ada@example.com")
			h := http.Header{"Origin": {s.URL}, "Cookie": {replaceCookie(t, a.c.CookieHeader(), dataCookie, func(v string) string {
				return tamper(t, strategy, v)
			})}}
			// A bad cache makes the answer null although the token is valid (spec 6.2 step 2).
			r := raw(t, s, http.MethodGet, "/api/auth/get-session", h, nil)
			wantStatus(t, r, http.StatusOK)
			if string(r.Body) != "null" {
				t.Errorf("body = %s, want null", r.Body)
			}
			if diff := cmp.Diff([]string{dataCookie + "=" + expiredAttrs}, r.Cookies()); diff != "" {
				t.Errorf("Set-Cookie (-want +got):\n%s", diff)
			}
			// Sensitive routes refuse it too.
			h.Set("Content-Type", "application/json")
			r = raw(t, s, http.MethodPost, "/api/auth/revoke-sessions", h, []byte("{}"))
			wantError(t, r, http.StatusUnauthorized, "UNAUTHORIZED", "Unauthorized")
			// The session itself is untouched.
			if storedSession(t, s, a.token) == nil {
				t.Error("session row deleted")
			}
		})
	}
}

func TestGetSessionCookieCacheVersion(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s1 := cacheServer(t, clk, "compact")
	a := signUp(t, s1, "ada@example.com")
	// A second instance on the same database with cache version 2.
	s2 := cacheServer(t, clk, "compact", func(o *authcore.Options) {
		o.Database = s1.Auth.Context.Store.Adapter(context.Background())
		o.Session.CookieCache.Version = "2"
	})
	h := http.Header{"Cookie": {a.c.CookieHeader()}}
	r := raw(t, s2, http.MethodGet, "/api/auth/get-session", h, nil)
	wantStatus(t, r, http.StatusOK)
	lines := cookieLines(r, dataCookie)
	if len(lines) != 3 || lines[0] != dataCookie+"="+expiredAttrs || lines[1] != dataCookie+"="+expiredAttrs {
		t.Fatalf("session_data Set-Cookie = %q, want the old version expired and cleaned up, then a new cache", lines)
	}
	checkCacheVersion(t, strings.TrimPrefix(strings.Split(lines[2], ";")[0], dataCookie+"="), "2")
	// Version 1 still answers from the cache on the first instance even without the row.
	if err := s1.Auth.Context.Store.DeleteSession(t.Context(), a.token); err != nil {
		t.Fatal(err)
	}
	if getSession(t, a.c, nil) == nil {
		t.Error("version 1 cache ignored by the version 1 instance")
	}
	if r := raw(t, s2, http.MethodGet, "/api/auth/get-session", h, nil); string(r.Body) != "null" {
		t.Errorf("version 2 instance answered from a version 1 cache: %s", r.Body)
	}
}

func TestGetSessionCookieCacheDontRemember(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := cacheServer(t, clk, "compact")
	signUp(t, s, "ada@example.com")
	r := s.Client(t).Post("/sign-in/email", map[string]any{"email": "ada@example.com", "password": password, "rememberMe": false})
	wantStatus(t, r, http.StatusOK)
	lines := cookieLines(r, dataCookie)
	if len(lines) != 1 || strings.Contains(lines[0], "Max-Age") {
		t.Fatalf("session_data = %q, want one line without Max-Age", lines)
	}
	// The compact cache of a non-remembered session lives 60 s.
	p := decodeCompact(t, cookieValue(t, r, dataCookie))
	if got := p["expiresAt"]; got != json.Number(itoa(t0.Add(time.Minute).UnixMilli())) {
		t.Errorf("expiresAt = %v, want now+60s", got)
	}
}

// checkCacheFormat checks the wire shape of a session_data value (spec 3.5).
func checkCacheFormat(t *testing.T, strategy, v, token string) {
	t.Helper()
	switch strategy {
	case "compact":
		p := decodeCompact(t, v)
		if diff := cmp.Diff([]string{"expiresAt", "session", "signature"}, keys(p)); diff != "" {
			t.Fatalf("compact keys (-want +got):\n%s", diff)
		}
		sd := p["session"].(map[string]any)
		if diff := cmp.Diff([]string{"session", "updatedAt", "user", "version"}, keys(sd)); diff != "" {
			t.Errorf("sessionData keys (-want +got):\n%s", diff)
		}
		if sd["version"] != "1" || sd["session"].(map[string]any)["token"] != token {
			t.Errorf("sessionData = %v", sd)
		}
		if p["expiresAt"] != json.Number(itoa(t0.Add(5*time.Minute).UnixMilli())) {
			t.Errorf("expiresAt = %v, want now+300s", p["expiresAt"])
		}
	case "jwt":
		parts := strings.Split(v, ".")
		if len(parts) != 3 {
			t.Fatalf("jwt cache %q", v)
		}
		if hdr, _ := base64.RawURLEncoding.DecodeString(parts[0]); string(hdr) != `{"alg":"HS256"}` {
			t.Errorf("jwt header = %s", hdr)
		}
		claims := jwtClaims(t, v)
		if claims["exp"] != float64(t0.Unix()+300) || claims["iat"] != float64(t0.Unix()) || claims["version"] != "1" {
			t.Errorf("jwt claims = %v", claims)
		}
		if claims["session"].(map[string]any)["token"] != token {
			t.Errorf("jwt session = %v", claims["session"])
		}
	case "jwe":
		parts := strings.Split(v, ".")
		if len(parts) != 5 || parts[1] != "" {
			t.Fatalf("jwe cache %q, want a dir-mode compact JWE", v)
		}
		b, _ := base64.RawURLEncoding.DecodeString(parts[0])
		var hdr map[string]any
		if err := json.Unmarshal(b, &hdr); err != nil {
			t.Fatal(err)
		}
		if hdr["alg"] != "dir" || hdr["enc"] != "A256CBC-HS512" || hdr["kid"] == "" || hdr["kid"] == nil {
			t.Errorf("jwe header = %v", hdr)
		}
	}
}

func checkCacheVersion(t *testing.T, v, want string) {
	t.Helper()
	if got := decodeCompact(t, v)["session"].(map[string]any)["version"]; got != want {
		t.Errorf("cache version = %v, want %s", got, want)
	}
}

func decodeCompact(t *testing.T, v string) map[string]any {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		t.Fatalf("compact cache %q: %v", v, err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("compact cache JSON: %v", err)
	}
	return m
}

// tamper alters a cache value so that it still parses but no longer verifies.
func tamper(t *testing.T, strategy, v string) string {
	t.Helper()
	switch strategy {
	case "compact":
		m := decodeCompact(t, v)
		m["session"].(map[string]any)["user"].(map[string]any)["name"] = "Mallory"
		b, _ := json.Marshal(m)
		return base64.RawURLEncoding.EncodeToString(b)
	case "jwt":
		parts := strings.Split(v, ".")
		claims := jwtClaims(t, v)
		claims["user"].(map[string]any)["name"] = "Mallory"
		b, _ := json.Marshal(claims)
		parts[1] = base64.RawURLEncoding.EncodeToString(b)
		return strings.Join(parts, ".")
	default:
		parts := strings.Split(v, ".")
		ct := []byte(parts[3])
		if i := len(ct) / 2; ct[i] == 'A' {
			ct[i] = 'B'
		} else {
			ct[i] = 'A'
		}
		parts[3] = string(ct)
		return strings.Join(parts, ".")
	}
}

// replaceCookie rewrites one cookie of a Cookie header.
func replaceCookie(t *testing.T, header, name string, f func(string) string) string {
	t.Helper()
	parts := strings.Split(header, "; ")
	found := false
	for i, p := range parts {
		if v, ok := strings.CutPrefix(p, name+"="); ok {
			parts[i] = name + "=" + f(v)
			found = true
		}
	}
	if !found {
		t.Fatalf("no %s cookie in %q", name, header)
	}
	return strings.Join(parts, "; ")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
