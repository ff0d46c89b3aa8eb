package routes_test

import (
	"context"
	"net/http"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/authtest"
	"github.com/goauth-dev/goauth/authcore/model"
)

// wantDeleted checks that the user, its sessions and its accounts are gone.
func wantDeleted(t *testing.T, s *authtest.Server, a account) {
	t.Helper()
	if u := storedUser(t, s, a.email); u != nil {
		t.Errorf("user still stored: %+v", u)
	}
	if storedSession(t, s, a.token) != nil {
		t.Error("session still stored")
	}
	accs, err := s.Auth.Context.Store.Accounts(t.Context(), a.id)
	if err != nil || len(accs) != 0 {
		t.Errorf("accounts = %+v, %v; want none", accs, err)
	}
}

func TestDeleteUser(t *testing.T) {
	t.Parallel()
	var before, after atomic.Value
	s := newServer(t, func(o *authcore.Options) {
		o.User.DeleteUser.BeforeDelete = func(_ context.Context, u model.User) error { before.Store(u.ID); return nil }
		o.User.DeleteUser.AfterDelete = func(_ context.Context, u model.User) error { after.Store(u.ID); return nil }
	})
	a := signUp(t, s, "ada@example.com")
	laptop := signInAgain(t, s, a)
	b := signUp(t, s, "bob@example.com")

	r := a.c.Post("/delete-user", map[string]any{})
	wantJSON(t, r, map[string]any{"success": true, "message": "User deleted"})
	if diff := cmp.Diff(clearedCookies, r.Cookies()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
	wantDeleted(t, s, a)
	if storedSession(t, s, laptop.token) != nil {
		t.Error("other session of the deleted user kept")
	}
	if storedUser(t, s, b.email) == nil || storedSession(t, s, b.token) == nil {
		t.Error("another user was affected")
	}
	if before.Load() != a.id || after.Load() != a.id {
		t.Errorf("hooks saw %v / %v, want %s", before.Load(), after.Load(), a.id)
	}
}

func TestDeleteUserFreshness(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := newServer(t, withClock(clk))
	a := signUp(t, s, "ada@example.com")
	social := signUp(t, s, "social@example.com")
	dropCredential(t, s, social.id)
	clk.Advance(24 * time.Hour) // freshAge reached; the session is still valid

	wantError(t, a.c.Post("/delete-user", map[string]any{}), http.StatusBadRequest,
		"SESSION_EXPIRED", "Session expired. Re-authenticate to perform this action.")
	wantError(t, a.c.Post("/delete-user", map[string]any{"password": "wrong password"}), http.StatusBadRequest,
		"INVALID_PASSWORD", "Invalid password")
	wantError(t, social.c.Post("/delete-user", map[string]any{"password": password}), http.StatusBadRequest,
		"CREDENTIAL_ACCOUNT_NOT_FOUND", "Credential account not found")
	if storedUser(t, s, a.email) == nil || storedUser(t, s, social.email) == nil {
		t.Fatal("user deleted by a refused request")
	}
	// The password stands in for freshness.
	wantJSON(t, a.c.Post("/delete-user", map[string]any{"password": password}), map[string]any{"success": true, "message": "User deleted"})
	wantDeleted(t, s, a)
}

func TestDeleteUserFreshAgeZero(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := newServer(t, withClock(clk, func(o *authcore.Options) { o.Session.FreshAge = -1 }))
	a := signUp(t, s, "ada@example.com")
	clk.Advance(5 * 24 * time.Hour)
	wantJSON(t, a.c.Post("/delete-user", map[string]any{}), map[string]any{"success": true, "message": "User deleted"})
}

func TestDeleteUserDisabled(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) { o.User.DeleteUser.Enabled = false })
	a := signUp(t, s, "ada@example.com")
	r := a.c.Post("/delete-user", map[string]any{})
	if r.Status != http.StatusNotFound || len(r.Body) != 0 || r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("= %d %q (%s), want 404 with an empty JSON body", r.Status, r.Body, r.Header.Get("Content-Type"))
	}
	if storedUser(t, s, a.email) == nil {
		t.Error("user deleted")
	}
	// The session guard runs first (Better Auth checks the option in the handler).
	wantError(t, s.Client(t).Post("/delete-user", map[string]any{}), http.StatusUnauthorized, "UNAUTHORIZED", "Unauthorized")
}

func TestDeleteUserErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	wantError(t, s.Client(t).Post("/delete-user", map[string]any{}), http.StatusUnauthorized, "UNAUTHORIZED", "Unauthorized")
	wantError(t, a.c.Post("/delete-user", map[string]any{"callbackURL": "https://evil.example/bye"}), http.StatusForbidden, "INVALID_CALLBACK_URL", "Invalid callbackURL")
	wantError(t, a.c.Post("/delete-user", map[string]any{"password": 1}), http.StatusBadRequest, "VALIDATION_ERROR",
		"[body.password] Invalid input: expected string, received number")
	if storedUser(t, s, a.email) == nil {
		t.Error("user deleted")
	}
}

var deleteTokenRE = regexp.MustCompile(`^[0-9a-z]{32}$`)

func TestDeleteUserVerification(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	s := newServer(t, func(o *authcore.Options) { o.User.DeleteUser.SendDeleteAccountVerification = rec.send })
	a := signUp(t, s, "ada@example.com")

	r := a.c.Post("/delete-user", map[string]any{"callbackURL": "/goodbye"})
	wantJSON(t, r, map[string]any{"success": true, "message": "Verification email sent"})
	wantNoCookies(t, r)
	mail := rec.last(t)
	if !deleteTokenRE.MatchString(mail.Token) || mail.User.ID != a.id {
		t.Fatalf("mail = %+v", mail)
	}
	if want := s.URL + "/api/auth/delete-user/callback?token=" + mail.Token + "&callbackURL=%2Fgoodbye"; mail.URL != want {
		t.Errorf("URL = %s, want %s", mail.URL, want)
	}
	if storedUser(t, s, a.email) == nil {
		t.Fatal("deleted before confirmation")
	}
	wantError(t, a.c.Post("/delete-user", map[string]any{"token": "0123456789abcdef0123456789abcdef"}), http.StatusNotFound, "INVALID_TOKEN", "Invalid token")

	// The token can be redeemed through POST /delete-user as well.
	r = a.c.Post("/delete-user", map[string]any{"token": mail.Token})
	wantJSON(t, r, map[string]any{"success": true, "message": "User deleted"})
	if diff := cmp.Diff(clearedCookies, r.Cookies()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
	wantDeleted(t, s, a)

	// Default callback "/".
	b := signUp(t, s, "bob@example.com")
	wantStatus(t, b.c.Post("/delete-user", map[string]any{}), http.StatusOK)
	if m := rec.last(t); m.User.ID != b.id || m.URL != s.URL+"/api/auth/delete-user/callback?token="+m.Token+"&callbackURL=%2F" {
		t.Errorf("mail = %+v", m)
	}
}

func TestDeleteUserInProcess(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	out, hdr, err := s.Auth.API.DeleteUser(t.Context(), cookieHeader(a.c), authcore.DeleteUserInput{})
	if err != nil {
		t.Fatal(err)
	}
	if out != (authcore.DeleteUserOutput{Success: true, Message: "User deleted"}) {
		t.Errorf("out = %+v", out)
	}
	if diff := cmp.Diff(clearedCookies, hdr.Values("Set-Cookie")); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
	wantDeleted(t, s, a)
}
