package routes_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore"
)

func TestSignOut(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	other := signInAgain(t, s, a)

	r := a.c.Post("/sign-out", map[string]any{})
	wantJSON(t, r, map[string]any{"success": true})
	if diff := cmp.Diff(clearedCookies, r.Cookies()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
	if storedSession(t, s, a.token) != nil {
		t.Error("session row not deleted")
	}
	if m := getSession(t, a.c, nil); m != nil {
		t.Errorf("get-session after sign-out = %v", m)
	}
	// Only the current session ends.
	if sessionUser(t, other.c)["id"] != a.id {
		t.Error("sign-out ended another session")
	}
}

func TestSignOutWithoutSession(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	c := s.Client(t)
	// The JS client posts {} ; an empty POST is accepted too.
	for _, body := range []any{map[string]any{}, nil} {
		r := c.Post("/sign-out", body)
		wantJSON(t, r, map[string]any{"success": true})
		if diff := cmp.Diff(clearedCookies, r.Cookies()); diff != "" {
			t.Errorf("Set-Cookie (-want +got):\n%s", diff)
		}
	}
}

func TestSignOutDontRememberAndCache(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) { o.Session.CookieCache.Enabled = true })
	signUp(t, s, "ada@example.com")
	c := s.Client(t)
	wantStatus(t, c.Post("/sign-in/email", map[string]any{"email": "ada@example.com", "password": password, "rememberMe": false}), http.StatusOK)
	r := c.Post("/sign-out", map[string]any{})
	wantStatus(t, r, http.StatusOK)
	// The request carried session_data, so its clean-up line follows (spec 3.7).
	want := []string{clearedCookies[0], clearedCookies[1], dataCookie + "=" + expiredAttrs, clearedCookies[2]}
	if diff := cmp.Diff(want, r.Cookies()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
	if c.CookieHeader() != "" {
		t.Errorf("cookies left: %q", c.CookieHeader())
	}
}

// The router-wide origin check (spec 5.1) on a cookie-carrying POST.
func TestSignOutOriginCheck(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) {
		o.TrustedOrigins = []string{"https://app.example.com", "https://*.tenant.example", "myapp://"}
	})
	a := signUp(t, s, "ada@example.com")
	cookie := a.c.CookieHeader()
	tests := []struct {
		name   string
		h      http.Header
		status int
		code   string
		msg    string
	}{
		{"foreign origin", http.Header{"Origin": {"https://evil.example"}}, 403, "INVALID_ORIGIN", "Invalid origin"},
		{"lookalike origin", http.Header{"Origin": {"https://app.example.com.evil.example"}}, 403, "INVALID_ORIGIN", "Invalid origin"},
		{"no origin", http.Header{}, 403, "MISSING_OR_NULL_ORIGIN", "Missing or null Origin"},
		{"null origin", http.Header{"Origin": {"null"}}, 403, "MISSING_OR_NULL_ORIGIN", "Missing or null Origin"},
		{"foreign referer", http.Header{"Referer": {"https://evil.example/page"}}, 403, "INVALID_ORIGIN", "Invalid origin"},
		{"referer fallback", http.Header{"Referer": {s.URL + "/settings"}}, 200, "", ""},
		{"trusted origin", http.Header{"Origin": {"https://app.example.com"}}, 200, "", ""},
		{"wildcard origin", http.Header{"Origin": {"https://a.b.tenant.example"}}, 200, "", ""},
		{"custom scheme", http.Header{"Origin": {"myapp://callback"}}, 200, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.h.Set("Cookie", cookie)
			tt.h.Set("Content-Type", "application/json")
			r := raw(t, s, http.MethodPost, "/api/auth/sign-out", tt.h, []byte("{}"))
			if tt.status == 200 {
				wantJSON(t, r, map[string]any{"success": true})
				return
			}
			wantError(t, r, tt.status, tt.code, tt.msg)
			wantNoCookies(t, r)
			if storedSession(t, s, a.token) == nil {
				t.Fatal("a refused sign-out deleted the session")
			}
		})
	}
}

func TestSignOutInProcess(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	hdr, err := s.Auth.API.SignOut(t.Context(), cookieHeader(a.c))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(clearedCookies, hdr.Values("Set-Cookie")); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
	if storedSession(t, s, a.token) != nil {
		t.Error("session not deleted")
	}
}

// With storeAccountCookie and the cookie OAuth-state strategy, sign-out also expires
// account_data and oauth_state, in Better Auth's order (spec 3.7).
func TestSignOutClearsAccountAndStateCookies(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) {
		o.Account.StoreAccountCookie = true
		o.Account.StoreStateStrategy = "cookie"
	})
	a := signUp(t, s, "cookies@example.com")
	r := a.c.Post("/sign-out", map[string]any{})
	wantStatus(t, r, http.StatusOK)
	var names []string
	for _, line := range r.Cookies() {
		if !strings.Contains(line, "Max-Age=0") {
			t.Errorf("sign-out set a live cookie: %s", line)
		}
		name, _, _ := strings.Cut(line, "=")
		names = append(names, name)
	}
	want := []string{"better-auth.session_token", "better-auth.session_data", "better-auth.account_data", "better-auth.oauth_state", "better-auth.dont_remember"}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Errorf("sign-out Set-Cookie order = %v, want %v", names, want)
	}
}
