package routes_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/authtest"
)

// verify marks a's email verified by following its sign-up verification mail.
func verify(t *testing.T, s *authtest.Server, a account) {
	t.Helper()
	var tok string
	for _, m := range s.Mail.All() {
		if m.Kind == "verification-email" && m.To == a.email {
			tok = m.Token
		}
	}
	if tok == "" {
		t.Fatalf("no verification mail for %s", a.email)
	}
	wantStatus(t, s.Client(t).Get("/verify-email", url.Values{"token": {tok}}), http.StatusOK)
}

// Verified user + sendChangeEmailConfirmation: a confirmation goes to the current address.
func TestChangeEmailConfirmation(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	verify(t, s, a)

	r := a.c.Post("/change-email", map[string]any{"newEmail": "New@Example.com", "callbackURL": "/settings?tab=email"})
	wantJSON(t, r, map[string]any{"status": true})
	wantNoCookies(t, r)
	mail, ok := s.Mail.Last("change-email-confirmation")
	if !ok || mail.To != a.email || mail.NewEmail != "new@example.com" {
		t.Fatalf("confirmation mail = %+v, %v", mail, ok)
	}
	// callbackURL is appended raw in change-email links (spec 2.3 quirk).
	if want := s.URL + "/api/auth/verify-email?token=" + mail.Token + "&callbackURL=/settings?tab=email"; mail.URL != want {
		t.Errorf("URL = %s, want %s", mail.URL, want)
	}
	claims := jwtClaims(t, mail.Token)
	if claims["email"] != a.email || claims["updateTo"] != "new@example.com" || claims["requestType"] != "change-email-confirmation" {
		t.Errorf("claims = %v", claims)
	}
	if sessionUser(t, a.c)["email"] != a.email {
		t.Error("email changed before confirmation")
	}
}

// Unverified user without updateEmailWithoutVerification: a change-email-verification
// token goes to the new address.
func TestChangeEmailVerificationToNewAddress(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	r := a.c.Post("/change-email", map[string]any{"newEmail": "new@example.com"})
	wantJSON(t, r, map[string]any{"status": true})
	mail, _ := s.Mail.Last("verification-email")
	if mail.To != "new@example.com" {
		t.Fatalf("mail = %+v, want to the new address", mail)
	}
	if !strings.HasSuffix(mail.URL, "&callbackURL=/") {
		t.Errorf("URL = %s, want the default callback /", mail.URL)
	}
	claims := jwtClaims(t, mail.Token)
	if claims["email"] != a.email || claims["updateTo"] != "new@example.com" || claims["requestType"] != "change-email-verification" {
		t.Errorf("claims = %v", claims)
	}
	if _, sent := s.Mail.Last("change-email-confirmation"); sent {
		t.Error("confirmation sent to an unverified user")
	}
}

func TestChangeEmailWithoutVerification(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) { o.User.ChangeEmail.UpdateEmailWithoutVerification = true })
	a := signUp(t, s, "ada@example.com")
	r := a.c.Post("/change-email", map[string]any{"newEmail": "now@example.com"})
	wantJSON(t, r, map[string]any{"status": true})
	if diff := cmp.Diff([]string{sessionCookie(a.token)}, r.Cookies()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
	if u := sessionUser(t, a.c); u["email"] != "now@example.com" || u["emailVerified"] != false {
		t.Errorf("user = %v", u)
	}
	mail, _ := s.Mail.Last("verification-email")
	if mail.To != "now@example.com" || jwtClaims(t, mail.Token)["updateTo"] != nil {
		t.Errorf("mail = %+v, want a plain verification of the new address", mail)
	}
	// A verified user still needs the confirmation.
	b := signUp(t, s, "bob@example.com")
	verify(t, s, b)
	wantJSON(t, b.c.Post("/change-email", map[string]any{"newEmail": "bob2@example.com"}), map[string]any{"status": true})
	if sessionUser(t, b.c)["email"] != b.email {
		t.Error("verified user's email changed without confirmation")
	}
}

func TestChangeEmailErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	signUp(t, s, "taken@example.com")
	before := len(s.Mail.All())

	wantError(t, a.c.Post("/change-email", map[string]any{"newEmail": "ADA@example.com"}), http.StatusBadRequest, "", "Email is the same")
	wantError(t, a.c.Post("/change-email", map[string]any{"newEmail": "not-an-email"}), http.StatusBadRequest, "VALIDATION_ERROR", "[body.newEmail] Invalid email address")
	wantError(t, a.c.Post("/change-email", map[string]any{}), http.StatusBadRequest, "VALIDATION_ERROR", "[body.newEmail] Invalid input: expected string, received undefined")
	wantError(t, a.c.Post("/change-email", map[string]any{"newEmail": "x@example.com", "callbackURL": "https://evil.example"}),
		http.StatusForbidden, "INVALID_CALLBACK_URL", "Invalid callbackURL")
	wantError(t, s.Client(t).Post("/change-email", map[string]any{"newEmail": "x@example.com"}), http.StatusUnauthorized, "UNAUTHORIZED", "Unauthorized")
	// A taken address answers like success and sends nothing (enumeration-safe).
	wantJSON(t, a.c.Post("/change-email", map[string]any{"newEmail": "Taken@example.com"}), map[string]any{"status": true})
	if got := len(s.Mail.All()); got != before {
		t.Errorf("%d mails sent by refused changes", got-before)
	}
	if sessionUser(t, a.c)["email"] != a.email {
		t.Error("email changed")
	}
}

func TestChangeEmailDisabled(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) { o.User.ChangeEmail.Enabled = false })
	a := signUp(t, s, "ada@example.com")
	wantError(t, a.c.Post("/change-email", map[string]any{"newEmail": "new@example.com"}), http.StatusBadRequest, "", "Change email is disabled")
}

func TestChangeEmailNoFlow(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) {
		o.User.ChangeEmail.SendChangeEmailConfirmation = nil
		o.EmailVerification.SendVerificationEmail = nil
	})
	a := signUp(t, s, "ada@example.com")
	signUp(t, s, "taken@example.com")
	// Checked before the existence check, so a taken address does not answer differently.
	for _, e := range []string{"new@example.com", "taken@example.com"} {
		wantError(t, a.c.Post("/change-email", map[string]any{"newEmail": e}), http.StatusBadRequest, "", "Verification email isn't enabled")
	}
}

func TestChangeEmailInProcess(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	if err := s.Auth.API.ChangeEmail(t.Context(), cookieHeader(a.c), authcore.ChangeEmailInput{NewEmail: "new@example.com"}); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Mail.Last("verification-email"); m.To != "new@example.com" {
		t.Errorf("mail = %+v", m)
	}
}
