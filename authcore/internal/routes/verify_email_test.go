package routes_test

import (
	"context"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/authtest"
	"github.com/goauth-dev/goauth/authcore/model"
)

// verificationToken returns the newest verification token mailed to email.
func verificationToken(t *testing.T, s *authtest.Server, email string) string {
	t.Helper()
	tok := ""
	for _, m := range s.Mail.All() {
		if m.Kind == "verification-email" && m.To == email {
			tok = m.Token
		}
	}
	if tok == "" {
		t.Fatalf("no verification mail to %s", email)
	}
	return tok
}

func TestVerifyEmail(t *testing.T) {
	t.Parallel()
	var before, after atomic.Int32
	s := newServer(t, func(o *authcore.Options) {
		o.EmailVerification.BeforeEmailVerification = func(_ context.Context, u model.User) error {
			if u.EmailVerified {
				t.Error("before-hook saw a verified user")
			}
			before.Add(1)
			return nil
		}
		o.EmailVerification.AfterEmailVerification = func(_ context.Context, u model.User) error {
			if !u.EmailVerified {
				t.Error("after-hook saw an unverified user")
			}
			after.Add(1)
			return nil
		}
	})
	a := signUp(t, s, "ada@example.com")
	tok := verificationToken(t, s, a.email)

	c := s.Client(t)
	r := c.Get("/verify-email", url.Values{"token": {tok}})
	wantJSON(t, r, map[string]any{"status": true, "user": nil})
	wantNoCookies(t, r) // no autoSignInAfterVerification
	if sessionUser(t, a.c)["emailVerified"] != true {
		t.Error("email not verified")
	}
	if before.Load() != 1 || after.Load() != 1 {
		t.Errorf("hooks ran %d/%d times", before.Load(), after.Load())
	}
	// A second use: already verified, no hooks.
	wantJSON(t, c.Get("/verify-email", url.Values{"token": {tok}}), map[string]any{"status": true, "user": nil})
	if before.Load() != 1 || after.Load() != 1 {
		t.Errorf("hooks ran again: %d/%d", before.Load(), after.Load())
	}
}

func TestVerifyEmailCallbackURL(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	tok := verificationToken(t, s, a.email)
	r := s.Client(t).Get("/verify-email", url.Values{"token": {tok}, "callbackURL": {"/welcome"}})
	if r.Status != http.StatusFound || r.Header.Get("Location") != "/welcome" || len(r.Body) != 0 {
		t.Fatalf("= %d %q %q, want 302 to /welcome", r.Status, r.Header.Get("Location"), r.Body)
	}
	if storedUser(t, s, a.email).EmailVerified != true {
		t.Error("not verified")
	}
	// Already verified: still redirected.
	r = s.Client(t).Get("/verify-email", url.Values{"token": {tok}, "callbackURL": {s.URL + "/done"}})
	if r.Status != http.StatusFound || r.Header.Get("Location") != s.URL+"/done" {
		t.Errorf("= %d %q", r.Status, r.Header.Get("Location"))
	}
}

func TestVerifyEmailErrors(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := newServer(t, withClock(clk))
	a := signUp(t, s, "ada@example.com")
	tok := verificationToken(t, s, a.email)
	other := authtest.New(t, func(o *authcore.Options) { o.Secret = "a-different-secret-a-different-secret-xx" })
	foreign, err := other.Auth.Context.Keys.SignJWT(map[string]any{"email": a.email}, t0, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	ghost, err := s.Auth.Context.Keys.SignJWT(map[string]any{"email": "ghost@example.com"}, t0, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	noEmail, err := s.Auth.Context.Keys.SignJWT(map[string]any{"sub": "x"}, t0, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, token, code, msg string
	}{
		{"garbage", "not-a-jwt", "INVALID_TOKEN", "Invalid token"},
		{"other secret", foreign, "INVALID_TOKEN", "Invalid token"},
		{"no email claim", noEmail, "INVALID_TOKEN", "Invalid token"},
		{"unknown user", ghost, "USER_NOT_FOUND", "User not found"},
	}
	c := s.Client(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, c.Get("/verify-email", url.Values{"token": {tt.token}}), http.StatusUnauthorized, tt.code, tt.msg)
			// With a callbackURL the error travels in the query.
			for cb, want := range map[string]string{"/cb": "/cb?error=" + tt.code, "/cb?x=1": "/cb?x=1&error=" + tt.code} {
				r := c.Get("/verify-email", url.Values{"token": {tt.token}, "callbackURL": {cb}})
				if r.Status != http.StatusFound || r.Header.Get("Location") != want {
					t.Errorf("callback %s: %d %q, want 302 %s", cb, r.Status, r.Header.Get("Location"), want)
				}
			}
		})
	}
	wantError(t, c.Get("/verify-email", nil), http.StatusBadRequest, "VALIDATION_ERROR", "[query.token] Invalid input: expected string, received undefined")
	// Repeated query keys become arrays (spec 1.1).
	wantError(t, c.Get("/verify-email", url.Values{"token": {tok, tok}}), http.StatusBadRequest, "VALIDATION_ERROR", "[query.token] Invalid input: expected string, received array")
	for _, cb := range []string{"https://evil.example", "//evil.example"} {
		wantError(t, c.Get("/verify-email", url.Values{"token": {tok}, "callbackURL": {cb}}), http.StatusForbidden, "INVALID_CALLBACK_URL", "Invalid callbackURL")
	}
	if storedUser(t, s, a.email).EmailVerified {
		t.Fatal("verified by a refused request")
	}
	// emailVerification.expiresIn (1 h) later the token has expired.
	clk.Advance(time.Hour + time.Second)
	wantError(t, c.Get("/verify-email", url.Values{"token": {tok}}), http.StatusUnauthorized, "TOKEN_EXPIRED", "Token expired")
	r := c.Get("/verify-email", url.Values{"token": {tok}, "callbackURL": {"/cb"}})
	if r.Header.Get("Location") != "/cb?error=TOKEN_EXPIRED" {
		t.Errorf("Location = %q", r.Header.Get("Location"))
	}
	if storedUser(t, s, a.email).EmailVerified {
		t.Error("expired token verified the email")
	}
}

func TestVerifyEmailAutoSignIn(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) {
		o.EmailVerification.AutoSignInAfterVerification = true
		o.EmailAndPassword.RequireEmailVerification = true
	})
	r := s.Client(t).Post("/sign-up/email", map[string]any{"name": "A", "email": "ada@example.com", "password": password})
	wantStatus(t, r, http.StatusOK)
	tok := verificationToken(t, s, "ada@example.com")

	c := s.Client(t)
	r = c.Get("/verify-email", url.Values{"token": {tok}})
	wantJSON(t, r, map[string]any{"status": true, "user": nil})
	token := cookieValue(t, r, tokenCookie)
	if token == "" {
		t.Fatalf("no session cookie: %q", r.Cookies())
	}
	u := sessionUser(t, c)
	if u["email"] != "ada@example.com" || u["emailVerified"] != true {
		t.Errorf("session user = %v", u)
	}
}

// A non-remembered browser keeps its choice when verification signs it in again.
func TestVerifyEmailAutoSignInKeepsDontRemember(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) { o.EmailVerification.AutoSignInAfterVerification = true })
	a := signUp(t, s, "ada@example.com")
	tok := verificationToken(t, s, a.email)
	// Another user's browser, not remembered.
	signUp(t, s, "bob@example.com")
	c := s.Client(t)
	wantStatus(t, c.Post("/sign-in/email", map[string]any{"email": "bob@example.com", "password": password, "rememberMe": false}), http.StatusOK)
	r := c.Get("/verify-email", url.Values{"token": {tok}})
	wantStatus(t, r, http.StatusOK)
	lines := cookieLines(r, tokenCookie)
	if len(lines) != 1 || lines[0] != tokenCookie+"="+cookieValue(t, r, tokenCookie)+cookieAttrs {
		t.Errorf("session_token = %q, want a non-persistent cookie", lines)
	}
	if sessionUser(t, c)["id"] != a.id {
		t.Error("not signed in as the verified user")
	}
}

// Verified user: confirmation to the old address, then verification of the new one.
func TestVerifyEmailChangeEmailFlow(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	verify(t, s, a)
	wantStatus(t, a.c.Post("/change-email", map[string]any{"newEmail": "new@example.com"}), http.StatusOK)
	confirm, _ := s.Mail.Last("change-email-confirmation")

	// Step 1: the confirmation link mails the new address.
	r := a.c.Get("/verify-email", url.Values{"token": {confirm.Token}})
	wantJSON(t, r, map[string]any{"status": true})
	next, _ := s.Mail.Last("verification-email")
	if next.To != "new@example.com" {
		t.Fatalf("mail = %+v", next)
	}
	claims := jwtClaims(t, next.Token)
	if claims["requestType"] != "change-email-verification" || claims["updateTo"] != "new@example.com" || claims["email"] != a.email {
		t.Errorf("claims = %v", claims)
	}
	if want := s.URL + "/api/auth/verify-email?token=" + next.Token + "&callbackURL=%2F"; next.URL != want {
		t.Errorf("URL = %s, want %s", next.URL, want)
	}
	if sessionUser(t, a.c)["email"] != a.email {
		t.Fatal("email changed at the confirmation step")
	}

	// A different signed-in user may not use it.
	b := signUp(t, s, "bob@example.com")
	wantError(t, b.c.Get("/verify-email", url.Values{"token": {next.Token}}), http.StatusUnauthorized, "INVALID_USER", "Invalid user")

	// Step 2: the new address is set and verified, and the session cookie re-issued.
	r = a.c.Get("/verify-email", url.Values{"token": {next.Token}})
	wantStatus(t, r, http.StatusOK)
	body := r.Map(t)
	user := body["user"].(map[string]any)
	if body["status"] != true || user["email"] != "new@example.com" || user["emailVerified"] != true || user["id"] != a.id {
		t.Errorf("body = %s", r.Body)
	}
	if diff := cmp.Diff([]string{sessionCookie(a.token)}, r.Cookies()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
	if u := sessionUser(t, a.c); u["email"] != "new@example.com" || u["emailVerified"] != true {
		t.Errorf("session user = %v", u)
	}
}

// A change-email-verification link followed without a session signs the user in.
func TestVerifyEmailChangeEmailWithoutSession(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	wantStatus(t, a.c.Post("/change-email", map[string]any{"newEmail": "new@example.com"}), http.StatusOK)
	m, _ := s.Mail.Last("verification-email")
	c := s.Client(t)
	r := c.Get("/verify-email", url.Values{"token": {m.Token}, "callbackURL": {"/profile"}})
	if r.Status != http.StatusFound || r.Header.Get("Location") != "/profile" {
		t.Fatalf("= %d %q", r.Status, r.Header.Get("Location"))
	}
	if u := sessionUser(t, c); u["id"] != a.id || u["email"] != "new@example.com" || u["emailVerified"] != true {
		t.Errorf("session user = %v", u)
	}
}

// Legacy tokens with updateTo and no requestType change the address unverified and
// mail a verification to the new one.
func TestVerifyEmailLegacyUpdateTo(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	verify(t, s, a)
	tok, err := s.Auth.Context.Keys.SignJWT(map[string]any{"email": a.email, "updateTo": "legacy@example.com"}, time.Now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	r := a.c.Get("/verify-email", url.Values{"token": {tok}})
	wantStatus(t, r, http.StatusOK)
	user := r.Map(t)["user"].(map[string]any)
	if user["email"] != "legacy@example.com" || user["emailVerified"] != false {
		t.Errorf("user = %v", user)
	}
	if m, _ := s.Mail.Last("verification-email"); m.To != "legacy@example.com" || jwtClaims(t, m.Token)["updateTo"] != nil {
		t.Errorf("mail = %+v", m)
	}
}

// Of 32 concurrent requests with one token exactly one performs the verification; all
// answer 200 {status:true}.
func TestVerifyEmailConcurrent(t *testing.T) {
	t.Parallel()
	var after atomic.Int32
	// beforeEmailVerification runs after the "already verified?" check: every racer
	// waits there, so all of them have seen an unverified address before any marks it.
	gate := newBarrier(32)
	s := newServer(t, func(o *authcore.Options) {
		o.EmailVerification.BeforeEmailVerification = func(context.Context, model.User) error {
			if !gate.Wait() {
				t.Error("not every request reached beforeEmailVerification")
			}
			return nil
		}
		o.EmailVerification.AfterEmailVerification = func(context.Context, model.User) error { after.Add(1); return nil }
	})
	a := signUp(t, s, "ada@example.com")
	path := "/api/auth/verify-email?" + url.Values{"token": {verificationToken(t, s, a.email)}}.Encode()
	rs := race(t, 32, func() (*authtest.Response, error) { return send(s, http.MethodGet, path, nil, nil) })
	for _, r := range rs {
		wantJSON(t, r, map[string]any{"status": true, "user": nil})
	}
	if n := after.Load(); n != 1 {
		t.Errorf("afterEmailVerification ran %d times, want 1", n)
	}
	if !storedUser(t, s, a.email).EmailVerified {
		t.Error("not verified")
	}
}

func TestVerifyEmailInProcess(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	if _, err := s.Auth.API.VerifyEmail(t.Context(), nil, verificationToken(t, s, a.email)); err != nil {
		t.Fatal(err)
	}
	if !storedUser(t, s, a.email).EmailVerified {
		t.Error("not verified")
	}
	_, err := s.Auth.API.VerifyEmail(t.Context(), nil, "junk")
	wantAPIError(t, err, http.StatusUnauthorized, "INVALID_TOKEN")
}
