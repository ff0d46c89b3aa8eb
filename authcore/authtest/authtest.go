// Package authtest is a test harness for GoAuth and its plugins: an Auth on an in-memory
// database behind an httptest server, a recording mailer, and a cookie-keeping client that
// sends the Origin header a browser would.
package authtest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/config"
)

// Secret is the secret test servers use.
const Secret = "authtest-secret-0123456789abcdefghijklmnopqrstuvwxyz"

// Mail is one message the recording mailer received.
type Mail struct {
	Kind     string // "verification-email", "reset-password", "change-email-confirmation", "delete-account-verification"
	To       string
	URL      string
	Token    string
	NewEmail string
}

// Mailbox records messages. It is safe for concurrent use.
type Mailbox struct {
	mu   sync.Mutex
	mail []Mail
}

func (m *Mailbox) add(x Mail) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.mail = append(m.mail, x)
	return nil
}

// All returns every message so far.
func (m *Mailbox) All() []Mail {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Mail(nil), m.mail...)
}

// Last returns the newest message of a kind, or false.
func (m *Mailbox) Last(kind string) (Mail, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := len(m.mail) - 1; i >= 0; i-- {
		if m.mail[i].Kind == kind {
			return m.mail[i], true
		}
	}
	return Mail{}, false
}

// Server is an Auth behind an httptest server.
type Server struct {
	*httptest.Server
	Auth *authcore.Auth
	Mail *Mailbox
}

// Options returns options like the Better Auth conformance reference's core profile:
// email/password on, verification mail on sign-up, change-email with confirmation, user
// deletion, every mail going to box. BaseURL is filled in by New.
func Options(box *Mailbox) authcore.Options {
	return authcore.Options{
		AppName: "authtest",
		Secret:  Secret,
		EmailAndPassword: config.EmailAndPassword{
			Enabled: true,
			SendResetPassword: func(_ context.Context, e config.Email) error {
				return box.add(Mail{Kind: "reset-password", To: e.User.Email, URL: e.URL, Token: e.Token})
			},
		},
		EmailVerification: config.EmailVerification{
			SendOnSignUp: ptr(true),
			SendVerificationEmail: func(_ context.Context, e config.Email) error {
				return box.add(Mail{Kind: "verification-email", To: e.User.Email, URL: e.URL, Token: e.Token})
			},
		},
		User: config.User{
			ChangeEmail: config.ChangeEmailOptions{
				Enabled: true,
				SendChangeEmailConfirmation: func(_ context.Context, e config.ChangeEmail) error {
					return box.add(Mail{Kind: "change-email-confirmation", To: e.User.Email, URL: e.URL, Token: e.Token, NewEmail: e.NewEmail})
				},
			},
			DeleteUser: config.DeleteUserOptions{Enabled: true},
		},
	}
}

// New starts a server. configure (may be nil) edits the options (prefilled by Options)
// before the Auth is built; the server is closed when the test ends.
func New(t testing.TB, configure func(o *authcore.Options)) *Server {
	t.Helper()
	box := &Mailbox{}
	opts := Options(box)
	s := &Server{Mail: box}
	var handler http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Auth.ServeHTTP(w, r)
	})
	s.Server = httptest.NewServer(handler)
	t.Cleanup(s.Server.Close)
	opts.BaseURL = s.Server.URL
	if configure != nil {
		configure(&opts)
	}
	a, err := authcore.New(opts)
	if err != nil {
		t.Fatalf("authtest: authcore.New: %v", err)
	}
	s.Auth = a
	return s
}

// Client is a browser-like client: it keeps cookies and sends Origin on every request.
type Client struct {
	t      testing.TB
	s      *Server
	http   *http.Client
	Origin string
	// Header is added to every request.
	Header http.Header
}

// Client returns a new client with an empty cookie jar.
func (s *Server) Client(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{
		t: t, s: s, Origin: s.URL, Header: http.Header{},
		http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
	}
}

// Response is a recorded response.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test on error.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("authtest: decoding %q: %v", r.Body, err)
	}
}

// Map decodes the body as a JSON object.
func (r *Response) Map(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	r.JSON(t, &m)
	return m
}

// Code returns the "code" of an error body ("" when absent).
func (r *Response) Code() string {
	var m map[string]any
	_ = json.Unmarshal(r.Body, &m)
	s, _ := m["code"].(string)
	return s
}

// Cookies returns the Set-Cookie lines.
func (r *Response) Cookies() []string { return r.Header.Values("Set-Cookie") }

// Do sends a request with a raw body and content type (both may be empty).
func (c *Client) Do(method, path string, contentType string, body []byte) *Response {
	c.t.Helper()
	u := c.s.URL + c.s.Auth.Context.BasePath + path
	req, err := http.NewRequest(method, u, bytes.NewReader(body))
	if err != nil {
		c.t.Fatalf("authtest: %v", err)
	}
	if body == nil {
		req.Body = http.NoBody
	}
	for k, vs := range c.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if c.Origin != "" {
		req.Header.Set("Origin", c.Origin)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("authtest: %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// Post sends body as JSON (nil sends no body).
func (c *Client) Post(path string, body any) *Response {
	c.t.Helper()
	if body == nil {
		return c.Do(http.MethodPost, path, "", nil)
	}
	b, err := json.Marshal(body)
	if err != nil {
		c.t.Fatalf("authtest: %v", err)
	}
	return c.Do(http.MethodPost, path, "application/json", b)
}

// Get sends a GET with query parameters.
func (c *Client) Get(path string, query url.Values) *Response {
	c.t.Helper()
	if len(query) > 0 {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		path += sep + query.Encode()
	}
	return c.Do(http.MethodGet, path, "", nil)
}

// SignUp signs up a user with name, email and password and fails the test unless it
// succeeds.
func (c *Client) SignUp(name, email, password string) *Response {
	c.t.Helper()
	r := c.Post("/sign-up/email", map[string]any{"name": name, "email": email, "password": password})
	if r.Status != http.StatusOK {
		c.t.Fatalf("authtest: sign-up %s: %d %s", email, r.Status, r.Body)
	}
	return r
}

// SignIn signs in and fails the test unless it succeeds.
func (c *Client) SignIn(email, password string) *Response {
	c.t.Helper()
	r := c.Post("/sign-in/email", map[string]any{"email": email, "password": password})
	if r.Status != http.StatusOK {
		c.t.Fatalf("authtest: sign-in %s: %d %s", email, r.Status, r.Body)
	}
	return r
}

// CookieHeader returns the Cookie header the client would send to the server.
func (c *Client) CookieHeader() string {
	u, _ := url.Parse(c.s.URL + "/")
	var parts []string
	for _, ck := range c.http.Jar.Cookies(u) {
		parts = append(parts, ck.Name+"="+ck.Value)
	}
	return strings.Join(parts, "; ")
}

// ClearCookies forgets every cookie.
func (c *Client) ClearCookies() {
	jar, _ := cookiejar.New(nil)
	c.http.Jar = jar
}

func ptr[T any](v T) *T { return &v }
