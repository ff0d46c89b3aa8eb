package routes_test

import (
	"net/http"
	"testing"

	"github.com/goauth-dev/goauth/authcore"
)

func TestSendVerificationEmailWithoutSession(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) { o.EmailVerification.SendOnSignUp = ptr(false) })
	a := signUp(t, s, "ada@example.com")
	v := signUp(t, s, "verified@example.com")
	c := s.Client(t)

	// Unknown and verified addresses: the same answer, nothing sent.
	for _, e := range []string{"nobody@example.com", v.email} {
		if e == v.email {
			wantStatus(t, c.Post("/send-verification-email", map[string]any{"email": v.email}), http.StatusOK)
			m, _ := s.Mail.Last("verification-email")
			wantStatus(t, s.Client(t).Get("/verify-email", map[string][]string{"token": {m.Token}}), http.StatusOK)
		}
		n := len(s.Mail.All())
		wantJSON(t, c.Post("/send-verification-email", map[string]any{"email": e}), map[string]any{"status": true})
		if got := len(s.Mail.All()); got != n {
			t.Errorf("%s: %d mails sent", e, got-n)
		}
	}

	r := c.Post("/send-verification-email", map[string]any{"email": "ADA@example.com", "callbackURL": "/verified"})
	wantJSON(t, r, map[string]any{"status": true})
	wantNoCookies(t, r)
	m, ok := s.Mail.Last("verification-email")
	if !ok || m.To != a.email {
		t.Fatalf("mail = %+v", m)
	}
	if want := s.URL + "/api/auth/verify-email?token=" + m.Token + "&callbackURL=%2Fverified"; m.URL != want {
		t.Errorf("URL = %s, want %s", m.URL, want)
	}
	if got := jwtClaims(t, m.Token)["email"]; got != a.email {
		t.Errorf("token email = %v", got)
	}
}

func TestSendVerificationEmailWithSession(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	n := len(s.Mail.All())
	// The comparison with the session's address is exact.
	wantError(t, a.c.Post("/send-verification-email", map[string]any{"email": "ADA@example.com"}),
		http.StatusBadRequest, "EMAIL_MISMATCH", "Email mismatch")
	wantError(t, a.c.Post("/send-verification-email", map[string]any{"email": "bob@example.com"}),
		http.StatusBadRequest, "EMAIL_MISMATCH", "Email mismatch")
	if got := len(s.Mail.All()); got != n {
		t.Fatalf("%d mails sent by refused requests", got-n)
	}
	wantJSON(t, a.c.Post("/send-verification-email", map[string]any{"email": a.email}), map[string]any{"status": true})
	m, _ := s.Mail.Last("verification-email")
	if len(s.Mail.All()) != n+1 || m.To != a.email {
		t.Fatalf("mail = %+v", m)
	}
	wantStatus(t, a.c.Get("/verify-email", map[string][]string{"token": {m.Token}}), http.StatusOK)
	wantError(t, a.c.Post("/send-verification-email", map[string]any{"email": a.email}),
		http.StatusBadRequest, "EMAIL_ALREADY_VERIFIED", "Email is already verified")
}

func TestSendVerificationEmailErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	c := s.Client(t)
	wantError(t, c.Post("/send-verification-email", map[string]any{"email": "bad"}),
		http.StatusBadRequest, "VALIDATION_ERROR", "[body.email] Invalid email address")
	wantError(t, c.Post("/send-verification-email", map[string]any{}),
		http.StatusBadRequest, "VALIDATION_ERROR", "[body.email] Invalid input: expected string, received undefined")
	// callbackURL is checked without cookies as well.
	wantError(t, c.Post("/send-verification-email", map[string]any{"email": "a@example.com", "callbackURL": "https://evil.example"}),
		http.StatusForbidden, "INVALID_CALLBACK_URL", "Invalid callbackURL")

	off := newServer(t, func(o *authcore.Options) { o.EmailVerification.SendVerificationEmail = nil })
	wantError(t, off.Client(t).Post("/send-verification-email", map[string]any{"email": "a@example.com"}),
		http.StatusBadRequest, "VERIFICATION_EMAIL_NOT_ENABLED", "Verification email isn't enabled")
}

func TestSendVerificationEmailInProcess(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) { o.EmailVerification.SendOnSignUp = ptr(false) })
	a := signUp(t, s, "ada@example.com")
	if err := s.Auth.API.SendVerificationEmail(t.Context(), nil, authcore.SendVerificationEmailInput{Email: a.email}); err != nil {
		t.Fatal(err)
	}
	if m, ok := s.Mail.Last("verification-email"); !ok || m.To != a.email {
		t.Errorf("mail = %+v, %v", m, ok)
	}
}
