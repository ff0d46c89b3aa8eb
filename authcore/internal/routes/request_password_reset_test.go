package routes_test

import (
	"context"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore"
)

var resetTokenRE = regexp.MustCompile(`^[A-Za-z0-9]{24}$`)

func TestRequestPasswordReset(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := newServer(t, withClock(clk))
	a := signUp(t, s, "ada@example.com")
	ok := map[string]any{"status": true, "message": resetOKMessage}

	r := s.Client(t).Post("/request-password-reset", map[string]any{"email": "ADA@example.com", "redirectTo": "/reset?step=2"})
	wantJSON(t, r, ok)
	wantNoCookies(t, r)
	m, sent := s.Mail.Last("reset-password")
	if !sent || m.To != a.email || !resetTokenRE.MatchString(m.Token) {
		t.Fatalf("mail = %+v, %v", m, sent)
	}
	if want := s.URL + "/api/auth/reset-password/" + m.Token + "?callbackURL=%2Freset%3Fstep%3D2"; m.URL != want {
		t.Errorf("URL = %s, want %s", m.URL, want)
	}
	v, err := s.Auth.Context.Store.Verification(t.Context(), "reset-password:"+m.Token)
	if err != nil || v == nil || v.Value != a.id || !v.ExpiresAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("verification row = %+v, %v; want value %s expiring in 1 h", v, err, a.id)
	}

	// Without redirectTo the callback is empty.
	wantJSON(t, s.Client(t).Post("/request-password-reset", map[string]any{"email": a.email}), ok)
	m, _ = s.Mail.Last("reset-password")
	if want := s.URL + "/api/auth/reset-password/" + m.Token + "?callbackURL="; m.URL != want {
		t.Errorf("URL = %s, want %s", m.URL, want)
	}

	// Unknown address: the same answer, nothing sent.
	n := len(s.Mail.All())
	wantJSON(t, s.Client(t).Post("/request-password-reset", map[string]any{"email": "nobody@example.com"}), ok)
	if len(s.Mail.All()) != n {
		t.Error("mail sent for an unknown address")
	}
}

func TestRequestPasswordResetErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	c := s.Client(t)
	wantError(t, c.Post("/request-password-reset", map[string]any{"email": "bad"}), http.StatusBadRequest, "VALIDATION_ERROR", "[body.email] Invalid email address")
	wantError(t, c.Post("/request-password-reset", map[string]any{}), http.StatusBadRequest, "VALIDATION_ERROR", "[body.email] Invalid input: expected string, received undefined")
	for _, to := range []string{"https://evil.example/reset", "//evil.example/reset"} {
		wantError(t, c.Post("/request-password-reset", map[string]any{"email": "a@example.com", "redirectTo": to}),
			http.StatusForbidden, "INVALID_REDIRECT_URL", "Invalid redirectURL")
	}
	if n := len(s.Mail.All()); n != 0 {
		t.Errorf("%d mails sent", n)
	}
	off := newServer(t, func(o *authcore.Options) { o.EmailAndPassword.SendResetPassword = nil })
	wantError(t, off.Client(t).Post("/request-password-reset", map[string]any{"email": "a@example.com"}),
		http.StatusBadRequest, "RESET_PASSWORD_DISABLED", "Reset password isn't enabled")
}

func TestRequestPasswordResetInProcess(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	out, err := s.Auth.API.RequestPasswordReset(t.Context(), authcore.RequestPasswordResetInput{Email: a.email})
	if err != nil || out != (authcore.RequestPasswordResetOutput{Status: true, Message: resetOKMessage}) {
		t.Fatalf("= %+v, %v", out, err)
	}
	if m, ok := s.Mail.Last("reset-password"); !ok || m.To != a.email {
		t.Errorf("mail = %+v", m)
	}
}

// With Advanced.BackgroundTasks the send leaves the request path: the answer comes
// before the mail, and the task carries a context the request cannot cancel.
func TestRequestPasswordResetBackgroundSend(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var tasks []func(context.Context)
	s := newServer(t, func(o *authcore.Options) {
		o.Advanced.BackgroundTasks = func(_ context.Context, task func(context.Context)) {
			mu.Lock()
			defer mu.Unlock()
			tasks = append(tasks, task)
		}
	})
	a := signUp(t, s, "bg@example.com")
	before := len(s.Mail.All())
	r := a.c.Post("/request-password-reset", map[string]any{"email": "bg@example.com"})
	wantStatus(t, r, http.StatusOK)
	if got := len(s.Mail.All()); got != before {
		t.Fatalf("mail sent before the background task ran (%d messages)", got)
	}
	mu.Lock()
	queued := append([]func(context.Context){}, tasks...)
	mu.Unlock()
	if len(queued) == 0 {
		t.Fatal("no background task queued")
	}
	for _, task := range queued {
		task(context.Background())
	}
	if _, ok := s.Mail.Last("reset-password"); !ok {
		t.Fatal("the background task did not send the reset mail")
	}
}
