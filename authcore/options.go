package authcore

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/kv"
	"github.com/goauth-dev/goauth/authcore/plugin"
	"github.com/goauth-dev/goauth/authcore/secret"
	"github.com/goauth-dev/goauth/authcore/social"
	"github.com/goauth-dev/goauth/authcore/store"
)

// Options configures an Auth. The zero value of every field is Better Auth 1.6.9's default.
type Options struct {
	// AppName names the application (TOTP issuer, emails). Default "Better Auth".
	AppName string
	// BaseURL is the public origin (or full URL) of the server, e.g. https://example.com.
	// Required.
	BaseURL string
	// BasePath is where the routes are mounted. Default "/api/auth".
	BasePath string
	// Secret signs cookies and tokens and derives encryption keys.
	//
	// SECURITY: at least 32 random characters; New refuses a short or default secret in
	// production.
	Secret string
	// Secrets are versioned secrets for rotation (first = current); Secret, if set, stays
	// the legacy secret for decryption.
	Secrets []secret.Version
	// Production turns on production defaults and checks (Better Auth's NODE_ENV=production):
	// rate limiting on, secure secret required, /error redirects.
	Production bool

	// Database stores the records. Nil uses an in-memory database (development only).
	Database db.Adapter
	// SecondaryStorage keeps sessions (and rate limits) in a key-value store.
	SecondaryStorage kv.Store

	EmailAndPassword  config.EmailAndPassword
	EmailVerification config.EmailVerification
	User              config.User
	Session           config.Session
	Account           config.Account
	Verification      config.Verification
	RateLimit         config.RateLimit
	Advanced          config.Advanced

	// TrustedOrigins are origins (or wildcard patterns) allowed besides the base URL's.
	TrustedOrigins []string
	// TrustedOriginsFunc adds origins per request.
	TrustedOriginsFunc func(r *http.Request) []string
	// DisabledPaths answer 404 (e.g. "/sign-up/email").
	DisabledPaths []string

	// Hooks run before and after every endpoint, before plugin hooks.
	Hooks Hooks
	// DatabaseHooks run around database writes, after plugin database hooks.
	DatabaseHooks store.Hooks
	// Plugins extend the runtime, in order.
	Plugins []plugin.Plugin

	// SocialProviders configures Better Auth's built-in social providers by id ("github",
	// "google", ... all 35 of Better Auth 1.6.9). An unknown id is an error at New.
	SocialProviders map[string]social.Options
	// Providers adds providers the application built (social.NewOIDC, or its own
	// social.Provider implementations); an id may not repeat one of SocialProviders.
	Providers []social.Provider
	// HTTPClient makes the outbound calls of the built-in providers that have no
	// HTTPClient of their own. Default social.NewClient(social.ClientOptions{}): bounded
	// time and size, no redirects, public addresses only.
	HTTPClient *http.Client

	// OnAPIError observes every error answered to a client.
	OnAPIError func(ctx context.Context, err error)
	// Logger receives operational logs. Default slog.Default(). Failures of requests
	// whose client went away (the request's context cancelled) are logged at debug level.
	Logger *slog.Logger
	// Now is the clock. Default time.Now.
	Now func() time.Time
	// MaxBodyBytes bounds request bodies. Default 1 MiB.
	MaxBodyBytes int64
	// PasswordHashConcurrency bounds simultaneous scrypt computations (each ~32 MiB).
	// Default GOMAXPROCS.
	PasswordHashConcurrency int
}

// Hooks are the application's endpoint hooks (Better Auth's hooks.before/after).
type Hooks struct {
	Before func(ctx context.Context, r *Request) (any, error)
	After  func(ctx context.Context, r *Request, result any, err error) (any, error)
}

func (o *Options) resolve() {
	if o.AppName == "" {
		o.AppName = "Better Auth"
	}
	if o.BasePath == "" {
		o.BasePath = "/api/auth"
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	o.Logger = quietClientGone(o.Logger)
	if o.Now == nil {
		o.Now = time.Now
	}
	ep := &o.EmailAndPassword
	if ep.MinPasswordLength == 0 {
		ep.MinPasswordLength = 8
	}
	if ep.MaxPasswordLength == 0 {
		ep.MaxPasswordLength = 128
	}
	if ep.ResetPasswordTokenExpiresIn == 0 {
		ep.ResetPasswordTokenExpiresIn = time.Hour
	}
	if o.EmailVerification.ExpiresIn == 0 {
		o.EmailVerification.ExpiresIn = time.Hour
	}
	if o.User.DeleteUser.DeleteTokenExpiresIn == 0 {
		o.User.DeleteUser.DeleteTokenExpiresIn = 24 * time.Hour
	}
	s := &o.Session
	if s.ExpiresIn == 0 {
		s.ExpiresIn = 7 * 24 * time.Hour
	}
	s.UpdateAge = durationDefault(s.UpdateAge, 24*time.Hour)
	s.FreshAge = durationDefault(s.FreshAge, 24*time.Hour)
	if s.CookieCache.MaxAge == 0 {
		s.CookieCache.MaxAge = 5 * time.Minute
	}
	if s.CookieCache.Strategy == "" || s.CookieCache.Strategy == "base64-hmac" {
		s.CookieCache.Strategy = "compact"
	}
	if o.RateLimit.Window == 0 {
		o.RateLimit.Window = 10 * time.Second
	}
	if o.RateLimit.Max == 0 {
		o.RateLimit.Max = 100
	}
	if o.Advanced.CookiePrefix == "" {
		o.Advanced.CookiePrefix = "better-auth"
	}
	if o.Advanced.IPAddress.IPv6Subnet == 0 {
		o.Advanced.IPAddress.IPv6Subnet = 64
	}
	if len(o.Advanced.IPAddress.Headers) == 0 {
		o.Advanced.IPAddress.Headers = []string{"x-forwarded-for"}
	}
}

// durationDefault maps Better Auth's "0 means off" for durations whose Go zero value is
// the default: 0 → def, negative → 0.
func durationDefault(d, def time.Duration) time.Duration {
	switch {
	case d == 0:
		return def
	case d < 0:
		return 0
	}
	return d
}
