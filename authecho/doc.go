// Package authecho integrates GoAuth with Echo v4 (github.com/labstack/echo/v4).
//
// Mount (or MountGroup) serves an *authcore.Auth at its base path, for every method, so
// /api/auth/* reaches it exactly as if it were served directly; Better Auth's JavaScript
// client talks to it unchanged. Middleware loads the request's session once and Session
// and User read it from the echo.Context. RequireSession, RequireRole and Require protect
// application routes: 401 {"message":"Unauthorized","code":"UNAUTHORIZED"} for API calls,
// a redirect to a sign-in page for page navigations when GuardConfig.RedirectTo is set, and
// authcore.Authorizer functions (authcore.HasRole, or a plugin's) for finer checks.
//
// Auth routes always answer with Better Auth's own responses and error bodies. Echo's
// HTTPErrorHandler sees the errors of this package's middleware: a failure to load the
// session always, and denied requests when GuardConfig.OnDenied is ReturnError.
//
// The client IP that GoAuth records on sessions and uses for rate limiting comes from
// Echo's IPExtractor when the application sets one (see Handler); otherwise GoAuth resolves
// it itself, trusting forwarding headers only from the proxies in
// Options.Advanced.IPAddress.TrustedProxies (loopback by default).
//
// The same helpers for plain net/http are methods of authcore.Auth (Middleware,
// RequireSession, Require, RequireRole) and authcore.SessionFrom.
package authecho
