package routes_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/authtest"
	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authcore/model"
)

// Cookie names of the default configuration (spec 3.1).
const (
	tokenCookie    = "better-auth.session_token"
	dataCookie     = "better-auth.session_data"
	dontRemember   = "better-auth.dont_remember"
	password       = "correct horse battery"
	newPassword    = "staple battery horse"
	sessionMaxAge  = "604800"
	cookieAttrs    = "; Path=/; HttpOnly; SameSite=Lax"
	expiredAttrs   = "; Max-Age=0" + cookieAttrs
	resetOKMessage = "If this email exists in our system, check your email for the reset link"
)

// quiet drops the implementation's logs (expected errors are logged by design).
var quiet = slog.New(slog.DiscardHandler)

// t0 is the start of every injected clock.
var t0 = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// clock is an injected clock (o.Now); tests move it instead of sleeping.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: t0} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// fastHash replaces scrypt (≈1 s per hash under -race) with a SHA-256 hasher that still
// tells right from wrong passwords. The scrypt path is covered by TestSignUpEmailStoresScryptHash
// and TestSignInEmailScrypt.
func fastHash(o *authcore.Options) {
	o.EmailAndPassword.Password = &config.PasswordFuncs{
		Hash: func(_ context.Context, pw string) (string, error) {
			sum := sha256.Sum256([]byte(pw))
			return "sha256:" + hex.EncodeToString(sum[:]), nil
		},
		Verify: func(_ context.Context, h, pw string) (bool, error) {
			sum := sha256.Sum256([]byte(pw))
			return h == "sha256:"+hex.EncodeToString(sum[:]), nil
		},
	}
}

// newServer starts an authtest server with the fast hasher, then applies configure.
func newServer(t *testing.T, configure func(o *authcore.Options)) *authtest.Server {
	t.Helper()
	return authtest.New(t, func(o *authcore.Options) {
		fastHash(o)
		o.Logger = quiet
		if configure != nil {
			configure(o)
		}
	})
}

// withClock returns a configure func installing c (and then more).
func withClock(c *clock, more ...func(o *authcore.Options)) func(o *authcore.Options) {
	return func(o *authcore.Options) {
		o.Now = c.Now
		for _, f := range more {
			f(o)
		}
	}
}

// account is a signed-up user with its browser.
type account struct {
	c     *authtest.Client
	id    string
	email string
	token string
}

// signUp signs up email (name "Ada") with password on a fresh client.
func signUp(t *testing.T, s *authtest.Server, email string) account {
	t.Helper()
	c := s.Client(t)
	r := c.SignUp("Ada", email, password)
	var body struct {
		Token string `json:"token"`
		User  struct {
			ID string `json:"id"`
		} `json:"user"`
	}
	r.JSON(t, &body)
	if body.Token == "" || body.User.ID == "" {
		t.Fatalf("sign-up body %s: no token or user id", r.Body)
	}
	return account{c: c, id: body.User.ID, email: strings.ToLower(email), token: body.Token}
}

// signInAgain opens a second browser session for a.
func signInAgain(t *testing.T, s *authtest.Server, a account) account {
	t.Helper()
	c := s.Client(t)
	r := c.SignIn(a.email, password)
	var body struct {
		Token string `json:"token"`
	}
	r.JSON(t, &body)
	return account{c: c, id: a.id, email: a.email, token: body.Token}
}

// cookieHeader returns the request headers carrying c's cookies (for in-process calls).
func cookieHeader(c *authtest.Client) http.Header {
	return http.Header{"Cookie": {c.CookieHeader()}}
}

// wantError checks an error response: status, application/json and exactly
// {"message","code"} (or {"message"} when code is "").
func wantError(t *testing.T, r *authtest.Response, status int, code, message string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status = %d, want %d (body %s)", r.Status, status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	want := map[string]any{"message": message}
	if code != "" {
		want["code"] = code
	}
	var got map[string]any
	if err := json.Unmarshal(r.Body, &got); err != nil {
		t.Fatalf("error body %q: %v", r.Body, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("error body mismatch (-want +got):\n%s", diff)
	}
}

// wantJSON checks a 200 application/json response whose body decodes to want.
func wantJSON(t *testing.T, r *authtest.Response, want any) {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("status = %d, want 200 (body %s)", r.Status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var got any
	if err := json.Unmarshal(r.Body, &got); err != nil {
		t.Fatalf("body %q: %v", r.Body, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("body mismatch (-want +got):\n%s", diff)
	}
}

// wantStatus fails unless r has status.
func wantStatus(t *testing.T, r *authtest.Response, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status = %d, want %d (body %s)", r.Status, status, r.Body)
	}
}

// wantNoCookies fails when r sets any cookie.
func wantNoCookies(t *testing.T, r *authtest.Response) {
	t.Helper()
	if got := r.Cookies(); len(got) != 0 {
		t.Errorf("Set-Cookie = %q, want none", got)
	}
}

// cookieLines returns the Set-Cookie lines for name, in order.
func cookieLines(r *authtest.Response, name string) []string {
	var out []string
	for _, l := range r.Cookies() {
		if strings.HasPrefix(l, name+"=") {
			out = append(out, l)
		}
	}
	return out
}

// cookieValue returns the (still URI-encoded) value of the last Set-Cookie for name.
func cookieValue(t *testing.T, r *authtest.Response, name string) string {
	t.Helper()
	lines := cookieLines(r, name)
	if len(lines) == 0 {
		t.Fatalf("no Set-Cookie for %s in %q", name, r.Cookies())
	}
	v, _, _ := strings.Cut(strings.TrimPrefix(lines[len(lines)-1], name+"="), ";")
	return v
}

// clearedCookies are the Set-Cookie lines of deleteSessionCookie without cache chunks
// (spec 3.7).
var clearedCookies = []string{
	tokenCookie + "=" + expiredAttrs,
	dataCookie + "=" + expiredAttrs,
	dontRemember + "=" + expiredAttrs,
}

// signed is better-call's signed cookie value, URI-encoded, computed independently of
// the implementation: raw "." base64std(HMAC-SHA256(secret, raw)) (spec 3.3).
func signed(raw string) string {
	m := hmac.New(sha256.New, []byte(authtest.Secret))
	m.Write([]byte(raw))
	v := raw + "." + base64.StdEncoding.EncodeToString(m.Sum(nil))
	return strings.NewReplacer("+", "%2B", "/", "%2F", "=", "%3D").Replace(v)
}

// sessionCookie is the Set-Cookie line of a remembered session token.
func sessionCookie(token string) string {
	return tokenCookie + "=" + signed(token) + "; Max-Age=" + sessionMaxAge + cookieAttrs
}

// raw sends a request without a cookie jar or automatic Origin.
func raw(t *testing.T, s *authtest.Server, method, path string, h http.Header, body []byte) *authtest.Response {
	t.Helper()
	r, err := send(s, method, path, h, body)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// send is raw for goroutines: it reports errors instead of failing the test.
func send(s *authtest.Server, method, path string, h http.Header, body []byte) (*authtest.Response, error) {
	req, err := http.NewRequest(method, s.URL+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if body == nil {
		req.Body = http.NoBody
	}
	for k, vs := range h {
		req.Header[k] = vs
	}
	cl := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := cl.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &authtest.Response{Status: resp.StatusCode, Header: resp.Header, Body: b}, nil
}

// race runs n copies of f at once (released together) and returns their responses.
func race(t *testing.T, n int, f func() (*authtest.Response, error)) []*authtest.Response {
	t.Helper()
	out := make([]*authtest.Response, n)
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			out[i], errs[i] = f()
		})
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// statusCount tallies responses by "status code" (e.g. "200 ", "400 INVALID_TOKEN").
func statusCount(rs []*authtest.Response) map[string]int {
	m := map[string]int{}
	for _, r := range rs {
		m[fmt.Sprintf("%d %s", r.Status, r.Code())]++
	}
	return m
}

// jsonBody encodes v.
func jsonBody(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// jwtClaims decodes the claims of a JWT without verifying it.
func jwtClaims(t *testing.T, tok string) map[string]any {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q is not a JWS", tok)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatalf("token payload: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("token payload: %v", err)
	}
	return m
}

// getSession returns the decoded get-session body (nil for null).
func getSession(t *testing.T, c *authtest.Client, q url.Values) map[string]any {
	t.Helper()
	r := c.Get("/get-session", q)
	wantStatus(t, r, http.StatusOK)
	var m map[string]any
	r.JSON(t, &m)
	return m
}

// sessionUser returns the user of c's session (fails when signed out).
func sessionUser(t *testing.T, c *authtest.Client) map[string]any {
	t.Helper()
	m := getSession(t, c, url.Values{"disableCookieCache": {"true"}})
	if m == nil {
		t.Fatal("get-session = null, want a session")
	}
	return m["user"].(map[string]any)
}

// storedSession reads a session row by token (nil when gone).
func storedSession(t *testing.T, s *authtest.Server, token string) *model.Session {
	t.Helper()
	sess, _, err := s.Auth.Context.Store.SessionByToken(t.Context(), token)
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

// storedUser reads a user by email (nil when absent).
func storedUser(t *testing.T, s *authtest.Server, email string) *model.User {
	t.Helper()
	u, err := s.Auth.Context.Store.UserByEmail(t.Context(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// dropCredential deletes the user's credential account (a social-only user).
func dropCredential(t *testing.T, s *authtest.Server, userID string) {
	t.Helper()
	acc, err := s.Auth.Context.Store.CredentialAccount(t.Context(), userID)
	if err != nil || acc == nil {
		t.Fatalf("credential account: %v, %v", acc, err)
	}
	if err := s.Auth.Context.Store.DeleteAccount(t.Context(), acc.ID); err != nil {
		t.Fatal(err)
	}
}

// keys returns the sorted keys of a JSON object.
func keys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

// userKeys and sessionKeys are the wire keys of a user and a session (spec 2.9).
var (
	userKeys    = []string{"createdAt", "email", "emailVerified", "id", "image", "name", "updatedAt"}
	sessionKeys = []string{"createdAt", "expiresAt", "id", "ipAddress", "token", "updatedAt", "userAgent", "userId"}
)

// isoTime formats t as Date#toISOString.
func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// wantAPIError checks an in-process error.
func wantAPIError(t *testing.T, err error, status int, code string) {
	t.Helper()
	ae, ok := apierror.As(err)
	if !ok {
		t.Fatalf("error = %v, want an API error %d %s", err, status, code)
	}
	if ae.Status != status || string(ae.Code) != code {
		t.Errorf("error = %d %s (%q), want %d %s", ae.Status, ae.Code, ae.Message, status, code)
	}
	if !errors.Is(err, apierror.Code(code).WithStatus(status)) {
		t.Errorf("errors.Is(%v, %s) = false", err, code)
	}
}

func asAPIError(err error) (*apierror.Error, bool) { return apierror.As(err) }

// recorder records the mails of one callback (e.g. SendDeleteAccountVerification).
type recorder struct {
	mu    sync.Mutex
	mails []config.Email
}

func (r *recorder) send(_ context.Context, e config.Email) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.mails = append(r.mails, e)
	return nil
}

// last returns the newest mail, failing the test when there is none.
func (r *recorder) last(t *testing.T) config.Email {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.mails) == 0 {
		t.Fatal("no mail recorded")
	}
	return r.mails[len(r.mails)-1]
}

// barrier lines concurrent requests up inside a callback the implementation calls before
// redeeming a credential (a password hash, beforeEmailVerification), so that every racer
// has passed its checks before any of them writes. It releases its callers once n have
// arrived; a generous timeout keeps a changed implementation from hanging the test.
type barrier struct {
	n       int32
	arrived atomic.Int32
	all     chan struct{}
}

func newBarrier(n int) *barrier { return &barrier{n: int32(n), all: make(chan struct{})} }

// Wait reports whether all n callers arrived.
func (b *barrier) Wait() bool {
	if b.arrived.Add(1) == b.n {
		close(b.all)
	}
	select {
	case <-b.all:
		return true
	case <-time.After(30 * time.Second):
		return false
	}
}

// barrierHash is fastHash whose Hash waits at b.
func barrierHash(b *barrier) func(o *authcore.Options) {
	return func(o *authcore.Options) {
		fastHash(o)
		hash := o.EmailAndPassword.Password.Hash
		o.EmailAndPassword.Password.Hash = func(ctx context.Context, pw string) (string, error) {
			b.Wait()
			return hash(ctx, pw)
		}
	}
}
