package routes_test

import (
	"net/http"
	"testing"

	"github.com/goauth-dev/goauth/authcore"
)

func TestVerifyPassword(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	wantJSON(t, a.c.Post("/verify-password", map[string]any{"password": password}), map[string]any{"status": true})
	wantError(t, a.c.Post("/verify-password", map[string]any{"password": "wrong password"}),
		http.StatusBadRequest, "INVALID_PASSWORD", "Invalid password")
	wantError(t, a.c.Post("/verify-password", map[string]any{}),
		http.StatusBadRequest, "VALIDATION_ERROR", "[body.password] Invalid input: expected string, received undefined")
	wantError(t, s.Client(t).Post("/verify-password", map[string]any{"password": password}),
		http.StatusUnauthorized, "UNAUTHORIZED", "Unauthorized")

	if err := s.Auth.API.VerifyPassword(t.Context(), cookieHeader(a.c), authcore.VerifyPasswordInput{Password: password}); err != nil {
		t.Errorf("API.VerifyPassword: %v", err)
	}
	err := s.Auth.API.VerifyPassword(t.Context(), cookieHeader(a.c), authcore.VerifyPasswordInput{Password: "nope nope"})
	wantAPIError(t, err, http.StatusBadRequest, "INVALID_PASSWORD")
}

// Without a credential account the answer is INVALID_PASSWORD too (Better Auth:
// validatePassword returns false; spec 2.3 lists only INVALID_PASSWORD).
func TestVerifyPasswordNoCredentialAccount(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "social@example.com")
	dropCredential(t, s, a.id)
	wantError(t, a.c.Post("/verify-password", map[string]any{"password": password}),
		http.StatusBadRequest, "INVALID_PASSWORD", "Invalid password")
}
