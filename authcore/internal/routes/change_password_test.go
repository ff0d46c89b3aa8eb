package routes_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore"
)

func TestChangePassword(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	laptop := signInAgain(t, s, a)

	r := a.c.Post("/change-password", map[string]any{"currentPassword": password, "newPassword": newPassword})
	wantStatus(t, r, http.StatusOK)
	wantNoCookies(t, r)
	body := r.Map(t)
	if diff := cmp.Diff([]string{"token", "user"}, keys(body)); diff != "" {
		t.Fatalf("keys (-want +got):\n%s", diff)
	}
	if body["token"] != nil || body["user"].(map[string]any)["id"] != a.id {
		t.Errorf("body = %s, want token null and the user", r.Body)
	}
	c := s.Client(t)
	wantError(t, c.Post("/sign-in/email", map[string]any{"email": a.email, "password": password}),
		http.StatusUnauthorized, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password")
	wantStatus(t, c.Post("/sign-in/email", map[string]any{"email": a.email, "password": newPassword}), http.StatusOK)
	// Other sessions are kept.
	if storedSession(t, s, laptop.token) == nil || storedSession(t, s, a.token) == nil {
		t.Error("sessions revoked without revokeOtherSessions")
	}
}

func TestChangePasswordRevokeOtherSessions(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	laptop := signInAgain(t, s, a)

	r := a.c.Post("/change-password", map[string]any{"currentPassword": password, "newPassword": newPassword, "revokeOtherSessions": true})
	wantStatus(t, r, http.StatusOK)
	token, _ := r.Map(t)["token"].(string)
	if !tokenRE.MatchString(token) || token == a.token {
		t.Fatalf("token = %q, want a new session token", token)
	}
	if diff := cmp.Diff([]string{sessionCookie(token)}, r.Cookies()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
	// Every earlier session is gone, the current one included; the new one works.
	for _, tok := range []string{a.token, laptop.token} {
		if storedSession(t, s, tok) != nil {
			t.Errorf("session %s survived", tok)
		}
	}
	if got := getSession(t, a.c, nil)["session"].(map[string]any)["token"]; got != token {
		t.Errorf("current session = %v, want %s", got, token)
	}
}

// A non-remembered browser stays non-remembered: setSessionCookie reads the
// dont_remember cookie (Better Auth: changePassword calls setSessionCookie without
// dontRememberMe).
func TestChangePasswordRevokeOtherSessionsKeepsDontRemember(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	signUp(t, s, "ada@example.com")
	c := s.Client(t)
	wantStatus(t, c.Post("/sign-in/email", map[string]any{"email": "ada@example.com", "password": password, "rememberMe": false}), http.StatusOK)
	r := c.Post("/change-password", map[string]any{"currentPassword": password, "newPassword": newPassword, "revokeOtherSessions": true})
	wantStatus(t, r, http.StatusOK)
	token := r.Map(t)["token"].(string)
	want := []string{tokenCookie + "=" + signed(token) + cookieAttrs, dontRemember + "=" + signed("true") + cookieAttrs}
	if diff := cmp.Diff(want, r.Cookies()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
}

func TestChangePasswordErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	social := signUp(t, s, "social@example.com")
	dropCredential(t, s, social.id)
	tests := []struct {
		name string
		who  account
		body map[string]any
		code string
		msg  string
	}{
		{"wrong current password", a, map[string]any{"currentPassword": "wrong password", "newPassword": newPassword},
			"INVALID_PASSWORD", "Invalid password"},
		// Lengths are checked first.
		{"too short", a, map[string]any{"currentPassword": "wrong password", "newPassword": "short"},
			"PASSWORD_TOO_SHORT", "Password too short"},
		{"too long", a, map[string]any{"currentPassword": password, "newPassword": strings.Repeat("x", 129)},
			"PASSWORD_TOO_LONG", "Password too long"},
		{"no credential account", social, map[string]any{"currentPassword": password, "newPassword": newPassword},
			"CREDENTIAL_ACCOUNT_NOT_FOUND", "Credential account not found"},
		{"missing fields", a, map[string]any{},
			"VALIDATION_ERROR", "[body.newPassword] Invalid input: expected string, received undefined; [body.currentPassword] Invalid input: expected string, received undefined"},
		{"revokeOtherSessions not boolean", a, map[string]any{"currentPassword": password, "newPassword": newPassword, "revokeOtherSessions": "yes"},
			"VALIDATION_ERROR", "[body.revokeOtherSessions] Invalid input: expected boolean, received string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.who.c.Post("/change-password", tt.body)
			wantError(t, r, http.StatusBadRequest, tt.code, tt.msg)
			wantNoCookies(t, r)
		})
	}
	// The password did not change.
	wantStatus(t, s.Client(t).Post("/sign-in/email", map[string]any{"email": a.email, "password": password}), http.StatusOK)
}

// Validation (400) comes before the session guard (401) (spec 1.2, obs).
func TestChangePasswordValidationBeforeAuth(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	c := s.Client(t)
	wantError(t, c.Post("/change-password", map[string]any{}), http.StatusBadRequest, "VALIDATION_ERROR",
		"[body.newPassword] Invalid input: expected string, received undefined; [body.currentPassword] Invalid input: expected string, received undefined")
	wantError(t, c.Post("/change-password", map[string]any{"currentPassword": password, "newPassword": newPassword}),
		http.StatusUnauthorized, "UNAUTHORIZED", "Unauthorized")
}

// sensitiveSessionMiddleware ignores the cookie cache.
func TestChangePasswordBypassesCookieCache(t *testing.T) {
	t.Parallel()
	s := cacheServer(t, newClock(), "compact")
	a := signUp(t, s, "ada@example.com")
	if err := s.Auth.Context.Store.DeleteSession(t.Context(), a.token); err != nil {
		t.Fatal(err)
	}
	wantError(t, a.c.Post("/change-password", map[string]any{"currentPassword": password, "newPassword": newPassword}),
		http.StatusUnauthorized, "UNAUTHORIZED", "Unauthorized")
}

func TestChangePasswordInProcess(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	out, hdr, err := s.Auth.API.ChangePassword(t.Context(), cookieHeader(a.c), authcore.ChangePasswordInput{CurrentPassword: password, NewPassword: newPassword})
	if err != nil {
		t.Fatal(err)
	}
	if out.Token != nil || out.User.ID != a.id || len(hdr.Values("Set-Cookie")) != 0 {
		t.Errorf("ChangePassword = %+v, %q", out, hdr.Values("Set-Cookie"))
	}
}
