package endpoint

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authcore/cookie"
	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authcore/secret"
	"github.com/goauth-dev/goauth/authcore/session"
	"github.com/goauth-dev/goauth/authcore/store"
)

// PasswordHasher hashes and verifies passwords (password.Hasher, or the application's
// own functions).
type PasswordHasher interface {
	Hash(ctx context.Context, password string) (string, error)
	Verify(ctx context.Context, hash, password string) (bool, error)
}

// Context is the runtime shared by every request (Better Auth's AuthContext). It is built
// once by authcore.New and never mutated afterwards.
type Context struct {
	AppName string
	// BaseURL is the full URL of the auth handler, e.g. http://localhost:3000/api/auth.
	BaseURL string
	// Origin is the base URL's origin, e.g. http://localhost:3000.
	Origin   string
	BasePath string
	// Production is true under GOAUTH_ENV=production (Better Auth's NODE_ENV=production).
	Production bool

	Keys     *secret.Keyring
	Cookies  cookie.Config
	Store    *store.Store
	Sessions *session.Manager
	Hasher   PasswordHasher
	Schema   *schema.Schema
	Logger   *slog.Logger
	Now      func() time.Time

	EmailAndPassword  config.EmailAndPassword
	EmailVerification config.EmailVerification
	User              config.User
	Session           config.Session
	Account           config.Account
	Advanced          config.Advanced

	// TrustedOrigins returns the trusted origins for a request (static list plus the
	// application's per-request function).
	TrustedOrigins func(r *http.Request) []string
	// ClientIP returns the normalised client IP of a request ("" when unknown); it keys
	// rate limits.
	ClientIP func(r *http.Request) string
	// SessionIP returns the IP recorded in session.ipAddress: the forwarded client address
	// when the peer is a trusted proxy that sent one, "" when a trusted proxy sent none
	// (Better Auth's behaviour without a forwarding header), else the socket peer.
	SessionIP func(r *http.Request) string
}

// Request is one call of an endpoint, over HTTP or in-process.
type Request struct {
	Ctx *Context
	// HTTP is the incoming request; nil for in-process calls.
	HTTP *http.Request
	// Header holds the request headers (never nil).
	Header http.Header
	// Path is the route path relative to the base path.
	Path   string
	Params map[string]string
	Query  url.Values
	// Body is the decoded request body before validation (nil when absent).
	Body        map[string]any
	bodyPresent bool
	bodyKind    string

	// Session is set by the session guards.
	Session *session.Data
	// NewSession is set when the handler issued session cookies for a new session
	// (Better Auth's ctx.context.newSession).
	NewSession *session.Data

	// ResponseHeader collects headers for the response, Set-Cookie lines included.
	ResponseHeader http.Header
	// Values is free storage for plugins' per-request state.
	Values map[string]any

	cookies map[string]string
}

// NewRequest builds a request. body may be nil (no body).
func NewRequest(c *Context, hr *http.Request, header http.Header, path string, query url.Values, body map[string]any, bodyPresent bool) *Request {
	if header == nil {
		header = http.Header{}
	}
	if query == nil {
		query = url.Values{}
	}
	return &Request{
		Ctx: c, HTTP: hr, Header: header, Path: path, Query: query,
		Body: body, bodyPresent: bodyPresent,
		ResponseHeader: http.Header{},
	}
}

// Cookies returns the request cookies, parsed once (first occurrence of a name wins).
func (r *Request) Cookies() map[string]string {
	if r.cookies == nil {
		r.cookies = cookie.Parse(r.Header.Get("Cookie"))
	}
	return r.cookies
}

// AddRequestCookie makes a cookie visible to later readers of Cookies (used by plugins
// such as bearer, which turn a header into a session cookie). An existing cookie of the
// same name wins, as in Better Auth.
func (r *Request) AddRequestCookie(name, value string) {
	c := r.Cookies()
	if _, ok := c[name]; !ok {
		c[name] = value
	}
}

// SetCookie appends a Set-Cookie line to the response.
func (r *Request) SetCookie(c cookie.Cookie) {
	r.ResponseHeader.Add("Set-Cookie", c.String())
}

// ClientIP is the normalised client IP ("" for in-process calls or when unknown).
func (r *Request) ClientIP() string {
	if r.HTTP == nil || r.Ctx.ClientIP == nil {
		return ""
	}
	return r.Ctx.ClientIP(r.HTTP)
}

// Deliver runs an email send: in the background when Advanced.BackgroundTasks is set (the
// task gets a context detached from the request's cancellation; its error is logged),
// otherwise now, returning its error.
func (r *Request) Deliver(ctx context.Context, send func(ctx context.Context) error) error {
	bg := r.Ctx.Advanced.BackgroundTasks
	if bg == nil {
		return send(ctx)
	}
	log := r.Ctx.Logger
	bg(context.WithoutCancel(ctx), func(ctx context.Context) {
		if err := send(ctx); err != nil {
			log.ErrorContext(ctx, "background email send failed", "err", err)
		}
	})
	return nil
}

// SessionIP is the IP to record on a new session ("" for in-process calls).
func (r *Request) SessionIP() string {
	if r.HTTP == nil || r.Ctx.SessionIP == nil {
		return ""
	}
	return r.Ctx.SessionIP(r.HTTP)
}

// UserAgent is the User-Agent header ("" when absent).
func (r *Request) UserAgent() string { return r.Header.Get("User-Agent") }

// SetSessionCookie issues the session cookies for d and records it as the request's new
// session. dontRemember nil means "as the request's dont_remember cookie says".
func (r *Request) SetSessionCookie(d session.Data, dontRemember *bool) {
	r.Ctx.Sessions.SetCookies(r, d, dontRemember, nil)
	r.NewSession = &d
}

// DeleteSessionCookie expires every session cookie.
func (r *Request) DeleteSessionCookie() { r.Ctx.Sessions.ClearCookies(r, false) }

// Now is the current time (truncated to milliseconds, UTC).
func (r *Request) Now() time.Time { return r.Ctx.Now().UTC().Truncate(time.Millisecond) }

// MarkBodyPresent records that the request carried a body (used by the pipeline). kind
// names a body that is not a JSON object, as zod would ("array", "string", "null", ...);
// it is "" for an object.
func MarkBodyPresent(r *Request, kind string) {
	r.bodyPresent = true
	r.bodyKind = kind
}

// BodyPresent reports whether the request carried a body.
func (r *Request) BodyPresent() bool { return r.bodyPresent }

// CookieHeader returns the raw Cookie header of the request.
func (r *Request) CookieHeader() string { return r.Header.Get("Cookie") }
