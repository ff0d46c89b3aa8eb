package authcore_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/config"
)

const testSecret = "api-test-secret-0123456789abcdefghijklmnop"

// newAuth builds an Auth on memdb without a server.
func newAuth(t testing.TB, configure func(o *authcore.Options)) *authcore.Auth {
	t.Helper()
	opts := authcore.Options{
		BaseURL:          "http://localhost:3000",
		Secret:           testSecret,
		EmailAndPassword: config.EmailAndPassword{Enabled: true},
		Logger:           slog.New(slog.DiscardHandler),
	}
	if configure != nil {
		configure(&opts)
	}
	a, err := authcore.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// cookieHeader turns Set-Cookie lines into a Cookie header, as a browser would.
func cookieHeader(setCookies http.Header) http.Header {
	req := &http.Request{Header: http.Header{}}
	for _, c := range (&http.Response{Header: setCookies}).Cookies() {
		if c.MaxAge >= 0 {
			req.AddCookie(c)
		}
	}
	return req.Header
}

func TestAPISignUpEmail(t *testing.T) {
	t.Parallel()
	a := newAuth(t, nil)
	ctx := t.Context()
	out, hdr, err := a.API.SignUpEmail(ctx, nil, authcore.SignUpEmailInput{Name: "Ada", Email: "Ada@Example.com", Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	if out.Token == nil || out.User.Email != "ada@example.com" || out.User.EmailVerified {
		t.Fatalf("output = %+v", out)
	}
	lines := hdr.Values("Set-Cookie")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "better-auth.session_token="+*out.Token+".") ||
		!strings.HasSuffix(lines[0], "; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax") {
		t.Errorf("Set-Cookie = %q", lines)
	}
	s, _, err := a.API.GetSession(ctx, cookieHeader(hdr))
	if err != nil || s == nil || s.User.ID != out.User.ID || s.Session.Token != *out.Token {
		t.Fatalf("GetSession = %+v, %v", s, err)
	}
	// In-process sessions record no client address.
	if s.Session.IPAddress == nil || *s.Session.IPAddress != "" {
		t.Errorf("ipAddress = %v, want empty", s.Session.IPAddress)
	}

	// Typed errors.
	_, _, err = a.API.SignUpEmail(ctx, nil, authcore.SignUpEmailInput{Name: "Eve", Email: "ada@example.com", Password: "another password"})
	if !errors.Is(err, apierror.UserAlreadyExistsUseAnotherEmail.WithStatus(http.StatusUnprocessableEntity)) {
		t.Errorf("duplicate: %v", err)
	}
	var ae *apierror.Error
	if !errors.As(err, &ae) || ae.Status != 422 || ae.Message != "User already exists. Use another email." {
		t.Errorf("duplicate: %#v", ae)
	}
	_, _, err = a.API.SignUpEmail(ctx, nil, authcore.SignUpEmailInput{Name: "Eve", Email: "not-an-email", Password: "another password"})
	if !errors.Is(err, &apierror.Error{Code: apierror.ValidationError}) {
		t.Errorf("invalid email: %v", err)
	}
}

func TestAPISignUpEmailRememberMe(t *testing.T) {
	t.Parallel()
	a := newAuth(t, nil)
	f := false
	_, hdr, err := a.API.SignUpEmail(t.Context(), nil, authcore.SignUpEmailInput{Name: "A", Email: "a@example.com", Password: "correct horse battery", RememberMe: &f})
	if err != nil {
		t.Fatal(err)
	}
	lines := hdr.Values("Set-Cookie")
	if len(lines) != 2 || strings.Contains(lines[0], "Max-Age") || !strings.HasPrefix(lines[1], "better-auth.dont_remember=true.") {
		t.Errorf("Set-Cookie = %q", lines)
	}
}

// Direct calls skip the origin and callback checks and the CSRF guard (spec 5.1).
func TestAPISkipsOriginChecks(t *testing.T) {
	t.Parallel()
	a := newAuth(t, nil)
	cb := "https://evil.example/welcome"
	h := http.Header{"Sec-Fetch-Site": {"cross-site"}, "Sec-Fetch-Mode": {"navigate"}, "Cookie": {"x=1"}, "Origin": {"https://evil.example"}}
	if _, _, err := a.API.SignUpEmail(t.Context(), h, authcore.SignUpEmailInput{Name: "A", Email: "a@example.com", Password: "correct horse battery", CallbackURL: &cb}); err != nil {
		t.Fatalf("SignUpEmail: %v", err)
	}
	out, _, err := a.API.SignInEmail(t.Context(), h, authcore.SignInEmailInput{Email: "a@example.com", Password: "correct horse battery", CallbackURL: &cb})
	if err != nil || !out.Redirect || out.URL == nil || *out.URL != cb {
		t.Errorf("SignInEmail = %+v, %v", out, err)
	}
}

func TestAPICall(t *testing.T) {
	t.Parallel()
	a := newAuth(t, nil)
	if _, _, err := a.API.Call(t.Context(), "noSuchEndpoint", nil, nil, nil); err == nil {
		t.Error("unknown key: no error")
	}
	res, _, err := a.API.Call(t.Context(), "ok", nil, nil, nil)
	if err != nil || res == nil {
		t.Errorf("ok = %v, %v", res, err)
	}
	// Guards apply in process: no cookies, no session.
	_, err = a.API.ListSessions(t.Context(), nil)
	if !errors.Is(err, apierror.Unauthorized()) {
		t.Errorf("ListSessions without cookies: %v", err)
	}
}

func TestAPIRespectsContext(t *testing.T) {
	t.Parallel()
	a := newAuth(t, func(o *authcore.Options) {
		o.EmailAndPassword.Password = &config.PasswordFuncs{
			Hash: func(ctx context.Context, _ string) (string, error) {
				<-ctx.Done()
				return "", ctx.Err()
			},
			Verify: func(context.Context, string, string) (bool, error) { return false, nil },
		}
	})
	ctx, cancel := context.WithTimeout(t.Context(), time.Millisecond)
	defer cancel()
	_, _, err := a.API.SignUpEmail(ctx, nil, authcore.SignUpEmailInput{Name: "A", Email: "a@example.com", Password: "correct horse battery"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the context's error", err)
	}
}
