// Package plugin is GoAuth's plugin contract (Better Auth's BetterAuthPlugin, spec 7.1).
// A plugin is a struct, not an interface: endpoints, hooks, schema, rate-limit rules,
// error codes, database hooks and request/response interceptors. Core routes are
// assembled as a plugin through this same API.
package plugin

import (
	"context"
	"net/http"
	"time"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authcore/store"
)

// Plugin extends GoAuth.
type Plugin struct {
	// ID is unique among the plugins of one Auth.
	ID string
	// Endpoints are routed under the base path. An endpoint whose Key equals an earlier
	// one's replaces it.
	Endpoints []*endpoint.Endpoint
	// Schema adds tables or fields (fields of an existing model are appended).
	Schema []schema.Table
	// Hooks run before and after matching endpoints.
	Hooks Hooks
	// DatabaseHooks run around database writes.
	DatabaseHooks store.Hooks
	// RateLimits are the plugin's rate-limit rules (first matching plugin rule wins).
	RateLimits []RateLimit
	// ErrorCodes documents the plugin's error codes (merged into Auth.ErrorCodes).
	ErrorCodes map[apierror.Code]string
	// Middlewares run for matching routes after the origin check and before the hooks
	// (Better Auth's plugin middlewares).
	Middlewares []Middleware
	// OnRequest runs first for every request; returning a non-nil response short-circuits.
	OnRequest func(ctx context.Context, r *http.Request) (*http.Response, error)
	// OnResponse runs for every response under the base path just before its status line
	// is written; it may change the headers.
	OnResponse func(ctx context.Context, r *http.Request, status int, header http.Header)
	// Init runs once when the Auth is built, after the runtime context exists. It may
	// return trusted origins to add.
	Init func(c *endpoint.Context) (InitResult, error)
}

// Middleware runs for the routes whose path matches Path: an exact route path such as
// "/sign-in/email", or a prefix ending in "/*" ("/two-factor/*"), or "*" for every route.
// Returning an error answers with it.
type Middleware struct {
	Path    string
	Handler func(ctx context.Context, r *endpoint.Request) error
}

// Matches reports whether the middleware applies to a route path.
func (m Middleware) Matches(path string) bool {
	switch {
	case m.Path == "*" || m.Path == "/*" || m.Path == "/**":
		return true
	case len(m.Path) > 2 && m.Path[len(m.Path)-2:] == "/*":
		prefix := m.Path[:len(m.Path)-1]
		return len(path) >= len(prefix) && path[:len(prefix)] == prefix
	}
	return path == m.Path
}

// InitResult is what Init may contribute.
type InitResult struct {
	TrustedOrigins []string
}

// Matcher selects the requests a hook applies to.
type Matcher func(r *endpoint.Request) bool

// BeforeHook runs before the endpoint with the unvalidated body. Returning a non-nil
// value short-circuits with that response; returning an error answers with the error.
type BeforeHook struct {
	Matcher Matcher
	Handler func(ctx context.Context, r *endpoint.Request) (any, error)
}

// AfterHook runs after the endpoint. It sees the result (value or error) and may replace
// it by returning a non-nil value or an error; headers it sets are merged.
type AfterHook struct {
	Matcher Matcher
	Handler func(ctx context.Context, r *endpoint.Request, result any, err error) (any, error)
}

// Hooks are a plugin's before and after hooks.
type Hooks struct {
	Before []BeforeHook
	After  []AfterHook
}

// RateLimit is a plugin rate-limit rule.
type RateLimit struct {
	Window time.Duration
	Max    int
	Match  func(path string) bool
}
