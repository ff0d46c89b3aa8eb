package routes_test

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/authtest"
	"github.com/goauth-dev/goauth/authcore/model"
)

func TestResetPassword(t *testing.T) {
	t.Parallel()
	var reset atomic.Value
	s := newServer(t, func(o *authcore.Options) {
		o.EmailAndPassword.OnPasswordReset = func(_ context.Context, u model.User) error { reset.Store(u.ID); return nil }
	})
	a := signUp(t, s, "ada@example.com")
	tok := resetToken(t, s, a.email)

	r := s.Client(t).Post("/reset-password", map[string]any{"token": tok, "newPassword": newPassword})
	wantJSON(t, r, map[string]any{"status": true})
	wantNoCookies(t, r)
	if reset.Load() != a.id {
		t.Errorf("onPasswordReset got %v", reset.Load())
	}
	c := s.Client(t)
	wantError(t, c.Post("/sign-in/email", map[string]any{"email": a.email, "password": password}), http.StatusUnauthorized, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password")
	wantStatus(t, c.Post("/sign-in/email", map[string]any{"email": a.email, "password": newPassword}), http.StatusOK)
	// Sessions survive without revokeSessionsOnPasswordReset.
	if storedSession(t, s, a.token) == nil {
		t.Error("session revoked")
	}
	// Single use.
	wantError(t, s.Client(t).Post("/reset-password", map[string]any{"token": tok, "newPassword": "third password"}), http.StatusBadRequest, "INVALID_TOKEN", "Invalid token")
	if v, _ := s.Auth.Context.Store.Verification(t.Context(), "reset-password:"+tok); v != nil {
		t.Errorf("verification row kept: %+v", v)
	}
}

func TestResetPasswordQueryToken(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	tok := resetToken(t, s, a.email)
	wantJSON(t, s.Client(t).Post("/reset-password?token="+tok, map[string]any{"newPassword": newPassword}), map[string]any{"status": true})
	wantStatus(t, s.Client(t).Post("/sign-in/email", map[string]any{"email": a.email, "password": newPassword}), http.StatusOK)

	// The body token wins over the query.
	tok = resetToken(t, s, a.email)
	wantJSON(t, s.Client(t).Post("/reset-password?token=bogus", map[string]any{"token": tok, "newPassword": password}), map[string]any{"status": true})
}

func TestResetPasswordRevokesSessions(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) { o.EmailAndPassword.RevokeSessionsOnPasswordReset = true })
	a := signUp(t, s, "ada@example.com")
	laptop := signInAgain(t, s, a)
	b := signUp(t, s, "bob@example.com")
	wantStatus(t, s.Client(t).Post("/reset-password", map[string]any{"token": resetToken(t, s, a.email), "newPassword": newPassword}), http.StatusOK)
	if storedSession(t, s, a.token) != nil || storedSession(t, s, laptop.token) != nil {
		t.Error("sessions kept")
	}
	if storedSession(t, s, b.token) == nil {
		t.Error("another user's session revoked")
	}
}

// A user without a credential account gets one (spec 2.5).
func TestResetPasswordCreatesCredentialAccount(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "social@example.com")
	dropCredential(t, s, a.id)
	wantStatus(t, s.Client(t).Post("/reset-password", map[string]any{"token": resetToken(t, s, a.email), "newPassword": newPassword}), http.StatusOK)
	acc, err := s.Auth.Context.Store.CredentialAccount(t.Context(), a.id)
	if err != nil || acc == nil || acc.AccountID != a.id {
		t.Fatalf("credential account = %+v, %v", acc, err)
	}
	wantStatus(t, s.Client(t).Post("/sign-in/email", map[string]any{"email": a.email, "password": newPassword}), http.StatusOK)
}

func TestResetPasswordErrors(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := newServer(t, withClock(clk))
	a := signUp(t, s, "ada@example.com")
	tok := resetToken(t, s, a.email)
	c := s.Client(t)
	tests := []struct {
		name string
		body map[string]any
		code string
		msg  string
	}{
		{"no token", map[string]any{"newPassword": newPassword}, "INVALID_TOKEN", "Invalid token"},
		{"no token beats length", map[string]any{"newPassword": "short"}, "INVALID_TOKEN", "Invalid token"},
		{"unknown token", map[string]any{"token": "unknown", "newPassword": newPassword}, "INVALID_TOKEN", "Invalid token"},
		// Lengths are checked before the token is looked up.
		{"too short", map[string]any{"token": "unknown", "newPassword": "short"}, "PASSWORD_TOO_SHORT", "Password too short"},
		{"too long", map[string]any{"token": tok, "newPassword": strings.Repeat("p", 129)}, "PASSWORD_TOO_LONG", "Password too long"},
		{"missing newPassword", map[string]any{"token": tok}, "VALIDATION_ERROR", "[body.newPassword] Invalid input: expected string, received undefined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, c.Post("/reset-password", tt.body), http.StatusBadRequest, tt.code, tt.msg)
		})
	}
	// None of that used the token up; it expires after an hour.
	clk.Advance(time.Hour + time.Second)
	wantError(t, c.Post("/reset-password", map[string]any{"token": tok, "newPassword": newPassword}), http.StatusBadRequest, "INVALID_TOKEN", "Invalid token")
	wantStatus(t, s.Client(t).Post("/sign-in/email", map[string]any{"email": a.email, "password": password}), http.StatusOK)
}

// Of 32 concurrent resets with one token exactly one succeeds.
func TestResetPasswordConcurrent(t *testing.T) {
	t.Parallel()
	var resets atomic.Int32
	var gate atomic.Pointer[barrier]
	s := newServer(t, func(o *authcore.Options) {
		o.EmailAndPassword.OnPasswordReset = func(context.Context, model.User) error { resets.Add(1); return nil }
		// The new password is hashed before the token is redeemed: line the racers up there.
		hash := o.EmailAndPassword.Password.Hash
		o.EmailAndPassword.Password.Hash = func(ctx context.Context, pw string) (string, error) {
			if b := gate.Load(); b != nil {
				b.Wait()
			}
			return hash(ctx, pw)
		}
	})
	a := signUp(t, s, "ada@example.com")
	tok := resetToken(t, s, a.email)
	gate.Store(newBarrier(32))
	h := http.Header{"Content-Type": {"application/json"}}
	body := jsonBody(t, map[string]any{"token": tok, "newPassword": newPassword})
	rs := race(t, 32, func() (*authtest.Response, error) {
		return send(s, http.MethodPost, "/api/auth/reset-password", h, body)
	})
	want := map[string]int{"200 ": 1, "400 INVALID_TOKEN": 31}
	if diff := cmp.Diff(want, statusCount(rs)); diff != "" {
		t.Errorf("outcomes (-want +got):\n%s", diff)
	}
	if n := resets.Load(); n != 1 {
		t.Errorf("onPasswordReset ran %d times", n)
	}
}

func TestResetPasswordInProcess(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	tok := resetToken(t, s, a.email)
	if err := s.Auth.API.ResetPassword(t.Context(), authcore.ResetPasswordInput{Token: &tok, NewPassword: newPassword}); err != nil {
		t.Fatal(err)
	}
	err := s.Auth.API.ResetPassword(t.Context(), authcore.ResetPasswordInput{Token: &tok, NewPassword: newPassword})
	wantAPIError(t, err, http.StatusBadRequest, "INVALID_TOKEN")
}
