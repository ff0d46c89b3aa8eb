package routes_test

import (
	"net/http"
	"testing"

	"github.com/goauth-dev/goauth/authcore"
)

// setPassword has no path: it is reachable in process only (spec 2.0).
func TestSetPassword(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "social@example.com")
	dropCredential(t, s, a.id)

	err := s.Auth.API.SetPassword(t.Context(), cookieHeader(a.c), authcore.SetPasswordInput{NewPassword: "short"})
	wantAPIError(t, err, http.StatusBadRequest, "PASSWORD_TOO_SHORT")

	if err := s.Auth.API.SetPassword(t.Context(), cookieHeader(a.c), authcore.SetPasswordInput{NewPassword: newPassword}); err != nil {
		t.Fatalf("SetPassword: %v", err)
	}
	acc, err := s.Auth.Context.Store.CredentialAccount(t.Context(), a.id)
	if err != nil || acc == nil || acc.AccountID != a.id || acc.Password == nil {
		t.Fatalf("credential account = %+v, %v", acc, err)
	}
	wantStatus(t, s.Client(t).Post("/sign-in/email", map[string]any{"email": a.email, "password": newPassword}), http.StatusOK)

	// Only once.
	err = s.Auth.API.SetPassword(t.Context(), cookieHeader(a.c), authcore.SetPasswordInput{NewPassword: "yet another password"})
	wantAPIError(t, err, http.StatusBadRequest, "PASSWORD_ALREADY_SET")
	if ae, _ := asAPIError(err); ae == nil || ae.Message != "User already has a password set" {
		t.Errorf("message = %v", err)
	}
	wantStatus(t, s.Client(t).Post("/sign-in/email", map[string]any{"email": a.email, "password": newPassword}), http.StatusOK)
}

func TestSetPasswordErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	err := s.Auth.API.SetPassword(t.Context(), nil, authcore.SetPasswordInput{NewPassword: newPassword})
	wantAPIError(t, err, http.StatusUnauthorized, "UNAUTHORIZED")
	err = s.Auth.API.SetPassword(t.Context(), cookieHeader(a.c), authcore.SetPasswordInput{NewPassword: newPassword})
	wantAPIError(t, err, http.StatusBadRequest, "PASSWORD_ALREADY_SET")

	// Not routed.
	for _, p := range []string{"/set-password", "/setPassword"} {
		r := a.c.Post(p, map[string]any{"newPassword": newPassword})
		if r.Status != http.StatusNotFound || len(r.Body) != 0 {
			t.Errorf("POST %s = %d %q, want 404 and no body", p, r.Status, r.Body)
		}
	}
}
