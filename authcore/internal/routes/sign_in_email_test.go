package routes_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore"
)

func TestSignInEmail(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := newServer(t, withClock(clk))
	a := signUp(t, s, "ada@example.com")
	clk.Advance(time.Minute)

	c := s.Client(t)
	r := c.Post("/sign-in/email", map[string]any{"email": "ADA@example.com", "password": password})
	wantStatus(t, r, http.StatusOK)
	body := r.Map(t)
	if diff := cmp.Diff([]string{"redirect", "token", "user"}, keys(body)); diff != "" {
		t.Fatalf("body keys (-want +got):\n%s", diff)
	}
	token, _ := body["token"].(string)
	if !tokenRE.MatchString(token) || token == a.token {
		t.Fatalf("token = %q, want a new 32-character token", token)
	}
	if body["redirect"] != false {
		t.Errorf("redirect = %v, want false", body["redirect"])
	}
	user := body["user"].(map[string]any)
	if diff := cmp.Diff(userKeys, keys(user)); diff != "" || user["id"] != a.id {
		t.Errorf("user = %v, want user %s with keys %v", user, a.id, userKeys)
	}
	if diff := cmp.Diff([]string{sessionCookie(token)}, r.Cookies()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
	if r.Header.Get("Location") != "" {
		t.Errorf("Location = %q without callbackURL", r.Header.Get("Location"))
	}
	sess := storedSession(t, s, token)
	if sess == nil || sess.UserID != a.id || !sess.CreatedAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("session row = %+v", sess)
	}
	// The sign-up session is still there: sign-in adds a session.
	if storedSession(t, s, a.token) == nil {
		t.Error("sign-in removed the earlier session")
	}
	if got := getSession(t, c, nil)["session"].(map[string]any)["token"]; got != token {
		t.Errorf("get-session token = %v, want %s", got, token)
	}
}

func TestSignInEmailCallbackURL(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "cb@example.com")
	r := s.Client(t).Post("/sign-in/email", map[string]any{"email": a.email, "password": password, "callbackURL": "/dashboard"})
	wantStatus(t, r, http.StatusOK)
	body := r.Map(t)
	if body["redirect"] != true || body["url"] != "/dashboard" {
		t.Errorf("body = %v, want redirect true and url /dashboard", body)
	}
	if got := r.Header.Get("Location"); got != "/dashboard" {
		t.Errorf("Location = %q, want /dashboard", got)
	}
	wantError(t, s.Client(t).Post("/sign-in/email", map[string]any{"email": a.email, "password": password, "callbackURL": "https://evil.example"}),
		http.StatusForbidden, "INVALID_CALLBACK_URL", "Invalid callbackURL")
}

func TestSignInEmailRememberMeFalse(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := newServer(t, withClock(clk))
	a := signUp(t, s, "dr@example.com")
	r := s.Client(t).Post("/sign-in/email", map[string]any{"email": a.email, "password": password, "rememberMe": false})
	wantStatus(t, r, http.StatusOK)
	token := r.Map(t)["token"].(string)
	want := []string{
		tokenCookie + "=" + signed(token) + cookieAttrs,
		dontRemember + "=" + signed("true") + cookieAttrs,
	}
	if diff := cmp.Diff(want, r.Cookies()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
	if sess := storedSession(t, s, token); !sess.ExpiresAt.Equal(t0.Add(24 * time.Hour)) {
		t.Errorf("expiresAt = %v, want one day", sess.ExpiresAt)
	}
}

func TestSignInEmailErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "known@example.com")
	social := signUp(t, s, "social@example.com")
	dropCredential(t, s, social.id)

	tests := []struct {
		name   string
		body   any
		status int
		code   string
		msg    string
	}{
		{"wrong password", map[string]any{"email": a.email, "password": "wrong password"},
			401, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password"},
		{"unknown user", map[string]any{"email": "nobody@example.com", "password": password},
			401, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password"},
		{"no credential account", map[string]any{"email": social.email, "password": password},
			401, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password"},
		{"bad email format", map[string]any{"email": "not-an-email", "password": password},
			400, "INVALID_EMAIL", "Invalid email"},
		{"missing email", map[string]any{"password": password},
			400, "VALIDATION_ERROR", "[body.email] Invalid input: expected string, received undefined"},
		{"missing password", map[string]any{"email": a.email},
			400, "VALIDATION_ERROR", "[body.password] Invalid input: expected string, received undefined"},
		{"rememberMe string", map[string]any{"email": a.email, "password": password, "rememberMe": "false"},
			400, "VALIDATION_ERROR", "[body.rememberMe] Invalid input: expected boolean, received string"},
		{"no body", nil,
			400, "VALIDATION_ERROR", "[body] Invalid input: expected object, received undefined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.Client(t).Post("/sign-in/email", tt.body)
			wantError(t, r, tt.status, tt.code, tt.msg)
			wantNoCookies(t, r)
		})
	}
}

func TestSignInEmailDisabled(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) { o.EmailAndPassword.Enabled = false })
	wantError(t, s.Client(t).Post("/sign-in/email", map[string]any{"email": "a@example.com", "password": password}),
		http.StatusBadRequest, "EMAIL_PASSWORD_DISABLED", "Email and password is not enabled")
}

func TestSignInEmailRequireVerification(t *testing.T) {
	t.Parallel()
	for _, sendOnSignIn := range []bool{false, true} {
		t.Run(map[bool]string{false: "no resend", true: "sendOnSignIn"}[sendOnSignIn], func(t *testing.T) {
			t.Parallel()
			s := newServer(t, func(o *authcore.Options) {
				o.EmailAndPassword.RequireEmailVerification = true
				o.EmailVerification.SendOnSignUp = ptr(false)
				o.EmailVerification.SendOnSignIn = sendOnSignIn
			})
			wantStatus(t, s.Client(t).Post("/sign-up/email", map[string]any{"name": "U", "email": "u@example.com", "password": password}), http.StatusOK)

			// The password is checked first.
			wantError(t, s.Client(t).Post("/sign-in/email", map[string]any{"email": "u@example.com", "password": "wrong password"}),
				http.StatusUnauthorized, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password")
			if n := len(s.Mail.All()); n != 0 {
				t.Fatalf("%d mails after a wrong password", n)
			}
			r := s.Client(t).Post("/sign-in/email", map[string]any{"email": "u@example.com", "password": password})
			wantError(t, r, http.StatusForbidden, "EMAIL_NOT_VERIFIED", "Email not verified")
			wantNoCookies(t, r)
			mail, sent := s.Mail.Last("verification-email")
			if sent != sendOnSignIn || (sent && mail.To != "u@example.com") {
				t.Errorf("verification mail = %+v (sent %v), want sent %v", mail, sent, sendOnSignIn)
			}

			// Once verified the user can sign in.
			if sent {
				wantStatus(t, s.Client(t).Get("/verify-email", url.Values{"token": {mail.Token}}), http.StatusOK)
				wantStatus(t, s.Client(t).Post("/sign-in/email", map[string]any{"email": "u@example.com", "password": password}), http.StatusOK)
			}
		})
	}
}

func TestSignInEmailFormBody(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "form@example.com")
	c := s.Client(t)
	form := url.Values{"email": {a.email}, "password": {password}}
	wantStatus(t, c.Do(http.MethodPost, "/sign-in/email", "application/x-www-form-urlencoded", []byte(form.Encode())), http.StatusOK)
	if sessionUser(t, c)["id"] != a.id {
		t.Error("form sign-in did not create a session")
	}
}

// formCsrfMiddleware (spec 5.1): fetch metadata on a cookie-less sign-in.
func TestSignInEmailFetchMetadata(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "csrf@example.com")
	body := jsonBody(t, map[string]any{"email": a.email, "password": password})
	tests := []struct {
		name   string
		h      http.Header
		status int
		code   string
		msg    string
	}{
		{"cross-site navigation", http.Header{"Sec-Fetch-Site": {"cross-site"}, "Sec-Fetch-Mode": {"navigate"}, "Origin": {s.URL}},
			403, "CROSS_SITE_NAVIGATION_LOGIN_BLOCKED", "Cross-site navigation login blocked. This request appears to be a CSRF attack."},
		{"fetch metadata forces the origin check", http.Header{"Sec-Fetch-Site": {"cross-site"}, "Sec-Fetch-Mode": {"cors"}, "Origin": {"https://evil.example"}},
			403, "INVALID_ORIGIN", "Invalid origin"},
		{"fetch metadata without origin", http.Header{"Sec-Fetch-Dest": {"empty"}},
			403, "MISSING_OR_NULL_ORIGIN", "Missing or null Origin"},
		{"same-origin fetch", http.Header{"Sec-Fetch-Site": {"same-origin"}, "Sec-Fetch-Mode": {"cors"}, "Origin": {s.URL}},
			200, "", ""},
		{"no cookie, no metadata: not checked", http.Header{"Origin": {"https://evil.example"}},
			200, "", ""},
		{"cookie with a foreign origin", http.Header{"Cookie": {"x=1"}, "Origin": {"https://evil.example"}},
			403, "INVALID_ORIGIN", "Invalid origin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.h.Set("Content-Type", "application/json")
			r := raw(t, s, http.MethodPost, "/api/auth/sign-in/email", tt.h, body)
			if tt.status == 200 {
				wantStatus(t, r, http.StatusOK)
				return
			}
			wantError(t, r, tt.status, tt.code, tt.msg)
			wantNoCookies(t, r)
		})
	}
	// Both checks off.
	off := newServer(t, func(o *authcore.Options) { o.Advanced.DisableCSRFCheck = true })
	b := signUp(t, off, "off@example.com")
	r := raw(t, off, http.MethodPost, "/api/auth/sign-in/email",
		http.Header{"Content-Type": {"application/json"}, "Sec-Fetch-Site": {"cross-site"}, "Sec-Fetch-Mode": {"navigate"}},
		jsonBody(t, map[string]any{"email": b.email, "password": password}))
	wantStatus(t, r, http.StatusOK)
}

// The session records the forwarded client address (normalised) and the user agent.
func TestSignInEmailRecordsClient(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ip@example.com")
	tests := []struct{ xff, want string }{
		{"", ""}, // a loopback proxy that forwarded nothing: no address (spec 6.1)
		{"203.0.113.7", "203.0.113.7"},
		{"2001:db8::1", "2001:0db8:0000:0000:0000:0000:0000:0000"},
		{"::ffff:192.0.2.9", "192.0.2.9"},
	}
	for _, tt := range tests {
		h := http.Header{"Content-Type": {"application/json"}, "User-Agent": {"agent/" + tt.want}}
		if tt.xff != "" {
			h.Set("X-Forwarded-For", tt.xff)
		}
		r := raw(t, s, http.MethodPost, "/api/auth/sign-in/email", h, jsonBody(t, map[string]any{"email": a.email, "password": password}))
		wantStatus(t, r, http.StatusOK)
		sess := storedSession(t, s, r.Map(t)["token"].(string))
		if sess.IPAddress == nil || *sess.IPAddress != tt.want || sess.UserAgent == nil || *sess.UserAgent != "agent/"+tt.want {
			t.Errorf("X-Forwarded-For %q: ip %v, agent %v; want %q", tt.xff, deref(sess.IPAddress), deref(sess.UserAgent), tt.want)
		}
	}
}

// The scrypt path end to end is in TestSignUpEmailStoresScryptHash.

func TestSignInEmailInProcess(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "api@example.com")
	out, hdr, err := s.Auth.API.SignInEmail(t.Context(), nil, authcore.SignInEmailInput{Email: a.email, Password: password})
	if err != nil {
		t.Fatal(err)
	}
	if out.User.ID != a.id || !tokenRE.MatchString(out.Token) || out.Redirect {
		t.Errorf("output = %+v", out)
	}
	if diff := cmp.Diff([]string{sessionCookie(out.Token)}, hdr.Values("Set-Cookie")); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
	_, _, err = s.Auth.API.SignInEmail(t.Context(), nil, authcore.SignInEmailInput{Email: a.email, Password: "wrong password"})
	wantAPIError(t, err, http.StatusUnauthorized, "INVALID_EMAIL_OR_PASSWORD")
}

func ptr[T any](v T) *T { return &v }

func deref(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}
