package routes_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/authtest"
	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/plugin"
	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authcore/store"
)

var tokenRE = regexp.MustCompile(`^[A-Za-z0-9]{32}$`)

func TestSignUpEmail(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := newServer(t, withClock(clk))
	c := s.Client(t)
	c.Header.Set("User-Agent", "goauth-test/1")

	r := c.Post("/sign-up/email", map[string]any{"name": "Ada", "email": "Ada@Example.COM", "password": password})
	wantStatus(t, r, http.StatusOK)
	body := r.Map(t)
	if diff := cmp.Diff([]string{"token", "user"}, keys(body)); diff != "" {
		t.Fatalf("body keys (-want +got):\n%s", diff)
	}
	token, _ := body["token"].(string)
	if !tokenRE.MatchString(token) {
		t.Fatalf("token = %q, want 32 alphanumeric characters", token)
	}
	user := body["user"].(map[string]any)
	id, _ := user["id"].(string)
	wantUser := map[string]any{
		"id": id, "name": "Ada", "email": "ada@example.com", "emailVerified": false, "image": nil,
		"createdAt": isoTime(t0), "updatedAt": isoTime(t0),
	}
	if diff := cmp.Diff(wantUser, user); diff != "" {
		t.Errorf("user (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{sessionCookie(token)}, r.Cookies()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}

	// Rows: the user, one credential account, one session.
	u := storedUser(t, s, "ada@example.com")
	if u == nil || u.ID != id {
		t.Fatalf("stored user = %+v, want id %s", u, id)
	}
	accs, err := s.Auth.Context.Store.Accounts(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(accs) != 1 || accs[0].ProviderID != "credential" || accs[0].AccountID != id || accs[0].Password == nil {
		t.Fatalf("accounts = %+v, want one credential account with a password", accs)
	}
	sess := storedSession(t, s, token)
	if sess == nil || sess.UserID != id || !sess.ExpiresAt.Equal(t0.Add(7*24*time.Hour)) {
		t.Fatalf("session = %+v, want user %s expiring at %v", sess, id, t0.Add(7*24*time.Hour))
	}
	if sess.UserAgent == nil || *sess.UserAgent != "goauth-test/1" {
		t.Errorf("session userAgent = %v, want goauth-test/1", sess.UserAgent)
	}

	// The cookie is a working session.
	if got := sessionUser(t, c)["id"]; got != id {
		t.Errorf("get-session user id = %v, want %s", got, id)
	}

	// Verification mail (SendOnSignUp) with the default callback "/".
	mail, ok := s.Mail.Last("verification-email")
	if !ok {
		t.Fatal("no verification mail")
	}
	wantURL := s.URL + "/api/auth/verify-email?token=" + mail.Token + "&callbackURL=%2F"
	if mail.To != "ada@example.com" || mail.URL != wantURL {
		t.Errorf("mail = %+v, want to ada@example.com with URL %s", mail, wantURL)
	}
	if got := jwtClaims(t, mail.Token)["email"]; got != "ada@example.com" {
		t.Errorf("verification token email = %v", got)
	}
}

func TestSignUpEmailStoresScryptHash(t *testing.T) {
	t.Parallel()
	s := authtest.New(t, nil) // the real scrypt hasher
	a := signUp(t, s, "scrypt@example.com")
	acc, err := s.Auth.Context.Store.CredentialAccount(t.Context(), a.id)
	if err != nil || acc == nil || acc.Password == nil {
		t.Fatalf("credential account = %+v, %v", acc, err)
	}
	if !regexp.MustCompile(`^[0-9a-f]{32}:[0-9a-f]{128}$`).MatchString(*acc.Password) {
		t.Errorf("password hash = %q, want <32 hex salt>:<128 hex key>", *acc.Password)
	}
	c := s.Client(t)
	wantError(t, c.Post("/sign-in/email", map[string]any{"email": a.email, "password": "wrong password"}),
		http.StatusUnauthorized, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password")
	wantStatus(t, c.Post("/sign-in/email", map[string]any{"email": a.email, "password": password}), http.StatusOK)
}

func TestSignUpEmailValidation(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	c := s.Client(t)
	const e = "valid@example.com"
	tests := []struct {
		name string
		body any
		msg  string
	}{
		{"missing name", map[string]any{"email": e, "password": password},
			"[body.name] Invalid input: expected string, received undefined"},
		{"name not a string", map[string]any{"name": 42, "email": e, "password": password},
			"[body.name] Invalid input: expected string, received number"},
		{"invalid email", map[string]any{"name": "A", "email": "not-an-email", "password": password},
			"[body.email] Invalid email address"},
		{"email with double dot", map[string]any{"name": "A", "email": "a..b@example.com", "password": password},
			"[body.email] Invalid email address"},
		{"missing password", map[string]any{"name": "A", "email": e},
			"[body.password] Invalid input: expected string, received undefined"},
		{"empty password", map[string]any{"name": "A", "email": e, "password": ""},
			"[body.password] Too small: expected string to have >=1 characters"},
		{"rememberMe not a boolean", map[string]any{"name": "A", "email": e, "password": password, "rememberMe": "yes"},
			"[body.rememberMe] Invalid input: expected boolean, received string"},
		{"image null", map[string]any{"name": "A", "email": e, "password": password, "image": nil},
			"[body.image] Invalid input: expected string, received null"},
		{"several issues joined", map[string]any{"email": "bad"},
			"[body.name] Invalid input: expected string, received undefined; [body.email] Invalid email address; [body.password] Invalid input: expected string, received undefined"},
		{"array body", []any{1, 2}, "[body] Invalid input: expected object, received array"},
		{"no body", nil, "[body] Invalid input: expected object, received undefined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, c.Post("/sign-up/email", tt.body), http.StatusBadRequest, "VALIDATION_ERROR", tt.msg)
		})
	}
	if u := storedUser(t, s, e); u != nil {
		t.Errorf("a rejected sign-up stored user %+v", u)
	}
}

func TestSignUpEmailPasswordLength(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	tests := []struct {
		name, password string
		code, msg      string // "" = accepted
	}{
		{"7 characters", "1234567", "PASSWORD_TOO_SHORT", "Password too short"},
		{"8 characters", "12345678", "", ""},
		{"128 characters", strings.Repeat("a", 128), "", ""},
		{"129 characters", strings.Repeat("a", 129), "PASSWORD_TOO_LONG", "Password too long"},
		// JavaScript counts UTF-16 code units: an emoji is 2.
		{"3 emoji = 6 units", strings.Repeat("😀", 3), "PASSWORD_TOO_SHORT", "Password too short"},
		{"4 emoji = 8 units", strings.Repeat("😀", 4), "", ""},
		{"65 emoji = 130 units", strings.Repeat("😀", 65), "PASSWORD_TOO_LONG", "Password too long"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			email := "len" + string(rune('a'+i)) + "@example.com"
			r := s.Client(t).Post("/sign-up/email", map[string]any{"name": "L", "email": email, "password": tt.password})
			if tt.code == "" {
				wantStatus(t, r, http.StatusOK)
				return
			}
			wantError(t, r, http.StatusBadRequest, tt.code, tt.msg)
			if u := storedUser(t, s, email); u != nil {
				t.Errorf("rejected sign-up stored %+v", u)
			}
		})
	}
}

func TestSignUpEmailDisabled(t *testing.T) {
	t.Parallel()
	for name, configure := range map[string]func(o *authcore.Options){
		"email and password off": func(o *authcore.Options) { o.EmailAndPassword.Enabled = false },
		"sign-up disabled":       func(o *authcore.Options) { o.EmailAndPassword.DisableSignUp = true },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, configure)
			r := s.Client(t).Post("/sign-up/email", map[string]any{"name": "A", "email": "a@example.com", "password": password})
			wantError(t, r, http.StatusBadRequest, "EMAIL_PASSWORD_SIGN_UP_DISABLED", "Email and password sign up is not enabled")
			if u := storedUser(t, s, "a@example.com"); u != nil {
				t.Errorf("stored %+v", u)
			}
		})
	}
}

func TestSignUpEmailExistingUser(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "taken@example.com")
	r := s.Client(t).Post("/sign-up/email", map[string]any{"name": "Eve", "email": "TAKEN@example.com", "password": "another password"})
	wantError(t, r, http.StatusUnprocessableEntity, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL", "User already exists. Use another email.")
	wantNoCookies(t, r)
	if u := storedUser(t, s, a.email); u == nil || u.ID != a.id || u.Name != "Ada" {
		t.Errorf("existing user changed: %+v", u)
	}
}

// With requireEmailVerification a duplicate sign-up looks like a fresh one (spec 2.1 step 4).
func TestSignUpEmailExistingUserEnumerationSafe(t *testing.T) {
	t.Parallel()
	var notified atomic.Value
	s := newServer(t, func(o *authcore.Options) {
		o.EmailAndPassword.RequireEmailVerification = true
		o.EmailAndPassword.OnExistingUserSignUp = func(_ context.Context, u model.User) error {
			notified.Store(u.ID)
			return nil
		}
	})
	c := s.Client(t)
	first := c.Post("/sign-up/email", map[string]any{"name": "Ada", "email": "quiet@example.com", "password": password})
	wantStatus(t, first, http.StatusOK)
	wantNoCookies(t, first)
	owner := storedUser(t, s, "quiet@example.com")
	mails := len(s.Mail.All())

	r := s.Client(t).Post("/sign-up/email", map[string]any{"name": "Eve", "email": "Quiet@Example.com", "password": "another password"})
	wantStatus(t, r, http.StatusOK)
	wantNoCookies(t, r)
	body := r.Map(t)
	if body["token"] != nil {
		t.Errorf("token = %v, want null", body["token"])
	}
	user := body["user"].(map[string]any)
	if diff := cmp.Diff(userKeys, keys(user)); diff != "" {
		t.Errorf("synthetic user keys (-want +got):\n%s", diff)
	}
	if user["id"] == owner.ID || user["name"] != "Eve" || user["email"] != "quiet@example.com" || user["emailVerified"] != false || user["image"] != nil {
		t.Errorf("synthetic user = %v, want a fresh id, name Eve, lowercased email, unverified", user)
	}
	if got := notified.Load(); got != owner.ID {
		t.Errorf("OnExistingUserSignUp got user %v, want %s", got, owner.ID)
	}
	if u := storedUser(t, s, "quiet@example.com"); u.ID != owner.ID || u.Name != "Ada" {
		t.Errorf("stored user changed: %+v", u)
	}
	if got := len(s.Mail.All()); got != mails {
		t.Errorf("duplicate sign-up sent %d mails", got-mails)
	}
}

func TestSignUpEmailNoAutoSignIn(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		configure func(o *authcore.Options)
		wantMail  bool
	}{
		"autoSignIn false": {func(o *authcore.Options) { o.EmailAndPassword.DisableAutoSignIn = true }, true},
		// sendOnSignUp defaults to requireEmailVerification.
		"requireEmailVerification": {func(o *authcore.Options) {
			o.EmailAndPassword.RequireEmailVerification = true
			o.EmailVerification.SendOnSignUp = nil
		}, true},
		"autoSignIn false, no mail by default": {func(o *authcore.Options) {
			o.EmailAndPassword.DisableAutoSignIn = true
			o.EmailVerification.SendOnSignUp = nil
		}, false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, tt.configure)
			c := s.Client(t)
			r := c.Post("/sign-up/email", map[string]any{"name": "N", "email": "n@example.com", "password": password})
			wantStatus(t, r, http.StatusOK)
			wantNoCookies(t, r)
			body := r.Map(t)
			if body["token"] != nil {
				t.Errorf("token = %v, want null", body["token"])
			}
			if u := storedUser(t, s, "n@example.com"); u == nil {
				t.Error("user not stored")
			}
			if _, ok := s.Mail.Last("verification-email"); ok != tt.wantMail {
				t.Errorf("verification mail sent = %v, want %v", ok, tt.wantMail)
			}
			if m := getSession(t, c, nil); m != nil {
				t.Errorf("get-session = %v, want null", m)
			}
		})
	}
}

func TestSignUpEmailRememberMeFalse(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := newServer(t, withClock(clk))
	r := s.Client(t).Post("/sign-up/email", map[string]any{"name": "A", "email": "a@example.com", "password": password, "rememberMe": false})
	wantStatus(t, r, http.StatusOK)
	token := r.Map(t)["token"].(string)
	want := []string{
		tokenCookie + "=" + signed(token) + cookieAttrs,
		dontRemember + "=" + signed("true") + cookieAttrs,
	}
	if diff := cmp.Diff(want, r.Cookies()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
	if sess := storedSession(t, s, token); sess == nil || !sess.ExpiresAt.Equal(t0.Add(24*time.Hour)) {
		t.Errorf("session = %+v, want expiry in one day", sess)
	}
}

func TestSignUpEmailCallbackURL(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	r := s.Client(t).Post("/sign-up/email", map[string]any{"name": "A", "email": "cb@example.com", "password": password, "callbackURL": "/welcome?step=1"})
	wantStatus(t, r, http.StatusOK)
	mail, _ := s.Mail.Last("verification-email")
	if want := "&callbackURL=%2Fwelcome%3Fstep%3D1"; !strings.HasSuffix(mail.URL, want) {
		t.Errorf("mail URL = %s, want suffix %s", mail.URL, want)
	}
	for _, cb := range []string{"https://evil.example/x", "//evil.example"} {
		r := s.Client(t).Post("/sign-up/email", map[string]any{"name": "A", "email": "evil@example.com", "password": password, "callbackURL": cb})
		wantError(t, r, http.StatusForbidden, "INVALID_CALLBACK_URL", "Invalid callbackURL")
	}
	if u := storedUser(t, s, "evil@example.com"); u != nil {
		t.Errorf("sign-up with an untrusted callbackURL stored %+v", u)
	}
}

func TestSignUpEmailImage(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	r := s.Client(t).Post("/sign-up/email", map[string]any{
		"name": "A", "email": "img@example.com", "password": password,
		"image": "https://cdn.example.com/a.png", "emailVerified": true,
	})
	wantStatus(t, r, http.StatusOK)
	user := r.Map(t)["user"].(map[string]any)
	if user["image"] != "https://cdn.example.com/a.png" || user["emailVerified"] != false {
		t.Errorf("user = %v, want the image and emailVerified false (core fields ignored)", user)
	}
}

func TestSignUpEmailFormBody(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	c := s.Client(t)
	form := url.Values{"name": {"Form"}, "email": {"form@example.com"}, "password": {password}}
	r := c.Do(http.MethodPost, "/sign-up/email", "application/x-www-form-urlencoded", []byte(form.Encode()))
	wantStatus(t, r, http.StatusOK)
	if got := sessionUser(t, c)["name"]; got != "Form" {
		t.Errorf("name = %v", got)
	}
	// Form values are strings: a boolean field fails validation.
	form = url.Values{"name": {"Form"}, "email": {"form2@example.com"}, "password": {password}, "rememberMe": {"true"}}
	r = s.Client(t).Do(http.MethodPost, "/sign-up/email", "application/x-www-form-urlencoded", []byte(form.Encode()))
	wantError(t, r, http.StatusBadRequest, "VALIDATION_ERROR", "[body.rememberMe] Invalid input: expected boolean, received string")
}

func TestSignUpEmailMediaType(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	c := s.Client(t)
	body := jsonBody(t, map[string]any{"name": "A", "email": "mt@example.com", "password": password})
	const allowed = "Allowed types: application/x-www-form-urlencoded, application/json"
	wantError(t, c.Do(http.MethodPost, "/sign-up/email", "text/plain;charset=UTF-8", body),
		http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", `Content-Type "text/plain;charset=UTF-8" is not allowed. `+allowed)
	wantError(t, c.Do(http.MethodPost, "/sign-up/email", "", body),
		http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "Content-Type is required. "+allowed)
	wantStatus(t, c.Do(http.MethodPost, "/sign-up/email", "Application/JSON; charset=utf-8", body), http.StatusOK)
}

func TestSignUpEmailAdditionalFields(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) {
		o.User.AdditionalFields = []schema.Field{
			{Name: "phone", Type: schema.String, Required: true},
			{Name: "role", Type: schema.String, NoInput: true},
			{Name: "plan", Type: schema.String, NoInput: true, Default: func() any { return "free" }},
			{Name: "note", Type: schema.String, Hidden: true, Default: func() any { return "internal" }},
		}
	})
	base := func(extra map[string]any) map[string]any {
		m := map[string]any{"name": "F", "email": "fields@example.com", "password": password}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	c := s.Client(t)
	wantError(t, c.Post("/sign-up/email", base(nil)), http.StatusBadRequest, "MISSING_FIELD", "phone is required")
	wantError(t, c.Post("/sign-up/email", base(map[string]any{"phone": "1", "role": "admin"})),
		http.StatusBadRequest, "FIELD_NOT_ALLOWED", "role is not allowed to be set")

	r := c.Post("/sign-up/email", base(map[string]any{"phone": "+1 555", "plan": "pro", "unknown": "dropped"}))
	wantStatus(t, r, http.StatusOK)
	user := r.Map(t)["user"].(map[string]any)
	// Unset additional fields render as null, like image (SQL-adapter shape, spec 2.9).
	want := []string{"createdAt", "email", "emailVerified", "id", "image", "name", "phone", "plan", "role", "updatedAt"}
	if diff := cmp.Diff(want, keys(user)); diff != "" {
		t.Errorf("user keys (-want +got):\n%s", diff)
	}
	if user["phone"] != "+1 555" || user["plan"] != "free" || user["role"] != nil {
		t.Errorf("user = %v, want phone set and plan left at its default", user)
	}
	u := storedUser(t, s, "fields@example.com")
	if u.Fields["note"] != "internal" {
		t.Errorf("hidden field stored as %v, want its default", u.Fields["note"])
	}
}

// Of 32 concurrent sign-ups with one address exactly one creates the user.
func TestSignUpEmailConcurrent(t *testing.T) {
	t.Parallel()
	// The hash comes after the existence check: the barrier makes every racer pass
	// that check before any inserts, so only the database's unique email stops them.
	s := newServer(t, barrierHash(newBarrier(32)))
	body := jsonBody(t, map[string]any{"name": "R", "email": "race@example.com", "password": password})
	h := http.Header{"Content-Type": {"application/json"}, "Origin": {s.URL}}
	rs := race(t, 32, func() (*authtest.Response, error) {
		return send(s, http.MethodPost, "/api/auth/sign-up/email", h, body)
	})
	want := map[string]int{"200 ": 1, "422 USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL": 31}
	if diff := cmp.Diff(want, statusCount(rs)); diff != "" {
		t.Fatalf("outcomes (-want +got):\n%s", diff)
	}
	u := storedUser(t, s, "race@example.com")
	accs, err := s.Auth.Context.Store.Accounts(t.Context(), u.ID)
	if err != nil || len(accs) != 1 {
		t.Errorf("accounts = %d, %v; want exactly 1", len(accs), err)
	}
}

func TestSignUpEmailDatabaseHooks(t *testing.T) {
	t.Parallel()
	var created atomic.Value
	s := newServer(t, func(o *authcore.Options) {
		o.Plugins = []plugin.Plugin{{ID: "names", DatabaseHooks: store.Hooks{
			"user": {Create: store.OpHooks{Before: func(_ context.Context, data db.Record) (db.Record, error) {
				return db.Record{"name": "P-" + data["name"].(string)}, nil
			}}},
		}}}
		// Application hooks run after plugin hooks and see their changes.
		o.DatabaseHooks = store.Hooks{
			"user": {Create: store.OpHooks{
				Before: func(_ context.Context, data db.Record) (db.Record, error) {
					return db.Record{"name": strings.ToUpper(data["name"].(string)), "image": "https://img.example/default.png"}, nil
				},
				After: func(_ context.Context, row db.Record) error { created.Store(row["id"]); return nil },
			}},
			"session": {Create: store.OpHooks{Before: func(context.Context, db.Record) (db.Record, error) {
				return db.Record{"userAgent": "set-by-hook"}, nil
			}}},
		}
	})
	r := s.Client(t).Post("/sign-up/email", map[string]any{"name": "ada", "email": "ada@example.com", "password": password})
	wantStatus(t, r, http.StatusOK)
	body := r.Map(t)
	user := body["user"].(map[string]any)
	if user["name"] != "P-ADA" || user["image"] != "https://img.example/default.png" {
		t.Errorf("user = %v, want the hooks' name and image", user)
	}
	if created.Load() != user["id"] {
		t.Errorf("after-hook saw %v, want %v", created.Load(), user["id"])
	}
	if sess := storedSession(t, s, body["token"].(string)); sess == nil || deref(sess.UserAgent) != "set-by-hook" {
		t.Errorf("session = %+v", sess)
	}
}

// A before-hook returning store.ErrAbort cancels the sign-up: 400 FAILED_TO_CREATE_USER and
// nothing written, even when the user row was already inserted in the transaction.
func TestSignUpEmailDatabaseHookAbort(t *testing.T) {
	t.Parallel()
	abort := func(context.Context, db.Record) (db.Record, error) { return nil, store.ErrAbort }
	for _, model := range []string{"user", "account"} {
		t.Run(model, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, func(o *authcore.Options) {
				o.DatabaseHooks = store.Hooks{model: {Create: store.OpHooks{Before: abort}}}
			})
			r := s.Client(t).Post("/sign-up/email", map[string]any{"name": "A", "email": "a@example.com", "password": password})
			wantError(t, r, http.StatusBadRequest, "FAILED_TO_CREATE_USER", "Failed to create user")
			wantNoCookies(t, r)
			adapter := s.Auth.Context.Store.Adapter(t.Context())
			for _, m := range []string{"user", "account", "session"} {
				n, err := adapter.Count(t.Context(), m, nil)
				if err != nil || n != 0 {
					t.Errorf("%s rows = %d, %v; want 0", m, n, err)
				}
			}
			if n := len(s.Mail.All()); n != 0 {
				t.Errorf("%d mails sent", n)
			}
		})
	}
}

// formCsrfMiddleware guards sign-up like sign-in (spec 5.1).
func TestSignUpEmailCSRF(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	body := jsonBody(t, map[string]any{"name": "A", "email": "csrf@example.com", "password": password})
	tests := []struct {
		name string
		h    http.Header
		code string
		msg  string
	}{
		{"cross-site navigation", http.Header{"Sec-Fetch-Site": {"cross-site"}, "Sec-Fetch-Mode": {"navigate"}},
			"CROSS_SITE_NAVIGATION_LOGIN_BLOCKED", "Cross-site navigation login blocked. This request appears to be a CSRF attack."},
		{"fetch metadata, foreign origin", http.Header{"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}},
			"INVALID_ORIGIN", "Invalid origin"},
		{"cookie, foreign origin", http.Header{"Cookie": {"a=b"}, "Origin": {"https://evil.example"}},
			"INVALID_ORIGIN", "Invalid origin"},
		{"cookie, no origin", http.Header{"Cookie": {"a=b"}},
			"MISSING_OR_NULL_ORIGIN", "Missing or null Origin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.h.Set("Content-Type", "application/json")
			wantError(t, raw(t, s, http.MethodPost, "/api/auth/sign-up/email", tt.h, body), http.StatusForbidden, tt.code, tt.msg)
		})
	}
	if u := storedUser(t, s, "csrf@example.com"); u != nil {
		t.Errorf("refused sign-up stored %+v", u)
	}
}
