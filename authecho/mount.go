package authecho

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/labstack/echo/v4"
)

// Handler returns an Echo handler that serves a. Register it for every method at the base
// path and below (Mount and MountGroup do); the request reaches a unchanged, so paths,
// trailing slashes, bodies and cookies behave exactly as when a is served directly.
//
// When the Echo instance has an IPExtractor (echo.ExtractIPDirect,
// echo.ExtractIPFromXFFHeader, echo.ExtractIPFromRealIPHeader or the application's own),
// the client IP GoAuth sees is the one it extracts: a receives a copy of the request whose
// RemoteAddr carries that IP and from which the forwarding headers GoAuth reads
// (Options.Advanced.IPAddress.Headers, default X-Forwarded-For) are removed, so the
// extractor's trust decisions are the only ones made. Without an IPExtractor, GoAuth
// resolves the IP itself (Options.Advanced.IPAddress.TrustedProxies).
//
// SECURITY: Echo's fallback without an IPExtractor (Context.RealIP) believes
// X-Forwarded-For and X-Real-IP from anyone; Handler never uses it. With
// echo.ExtractIPDirect a forwarding header is ignored even from a loopback proxy.
func Handler(a *authcore.Auth) echo.HandlerFunc {
	headers := a.Context.Advanced.IPAddress.Headers
	return func(c echo.Context) error {
		r := c.Request()
		if e := c.Echo(); e != nil && e.IPExtractor != nil {
			r = withClientIP(r, e.IPExtractor(r), headers)
		}
		a.ServeHTTP(c.Response(), r)
		return nil
	}
}

// withClientIP returns a copy of r whose peer address is ip (keeping r's port) and without
// the forwarding headers, or r itself when ip is not an IP address.
func withClientIP(r *http.Request, ip string, headers []string) *http.Request {
	addr, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(ip, "["), "]"))
	if err != nil {
		return r
	}
	port := "0"
	if _, p, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		port = p
	}
	r2 := r.WithContext(r.Context())
	r2.Header = r.Header.Clone()
	for _, h := range headers {
		r2.Header.Del(h)
	}
	r2.RemoteAddr = net.JoinHostPort(addr.WithZone("").String(), port)
	return r2
}

// Mount serves a on e at its base path (a.Context.BasePath, default /api/auth): the base
// path itself and everything below it, for every method Echo routes (echo.Echo.Any). m are
// route middleware for the auth routes only (for example CORS for a separate front-end
// origin). It returns the registered routes.
//
// Echo middleware registered with Pre runs before routing and can rewrite the path; give
// such middleware (AddTrailingSlash, RemoveTrailingSlash, Rewrite) Skipper(a) so the auth
// routes keep Better Auth's paths. The same goes for middleware.CSRF, whose token the
// Better Auth client does not send (GoAuth checks the Origin header itself).
func Mount(e *echo.Echo, a *authcore.Auth, m ...echo.MiddlewareFunc) []*echo.Route {
	h := Handler(a)
	base := a.Context.BasePath
	routes := e.Any(base+"/*", h, m...)
	if base != "" {
		routes = append(routes, e.Any(base, h, m...)...)
	}
	return routes
}

// MountGroup serves a on g, a group created with the given prefix (Echo does not expose a
// group's prefix, so it is passed again). a's base path must equal prefix or lie below it:
// with e.Group("/api") and the default base path, the routes are /api/auth and /api/auth/*.
// Group middleware runs for the auth routes, then m. It returns an error, registering
// nothing, when the base path is outside prefix, and an error when the routes Echo
// registered do not land on the base path (prefix is not g's prefix).
func MountGroup(g *echo.Group, prefix string, a *authcore.Auth, m ...echo.MiddlewareFunc) ([]*echo.Route, error) {
	base := a.Context.BasePath
	prefix = strings.TrimRight(prefix, "/")
	if base != prefix && !strings.HasPrefix(base, prefix+"/") {
		return nil, fmt.Errorf("authecho: the base path %q is not below the group prefix %q", base, prefix)
	}
	rel := strings.TrimPrefix(base, prefix)
	h := Handler(a)
	routes := g.Any(rel+"/*", h, m...)
	if base != "" {
		routes = append(routes, g.Any(rel, h, m...)...)
	}
	for _, r := range routes {
		if r.Path != base+"/*" && r.Path != base {
			return routes, fmt.Errorf("authecho: the group's prefix is not %q: GoAuth's routes landed on %q instead of %q", prefix, r.Path, base+"/*")
		}
	}
	return routes, nil
}

// Skipper reports whether a request is for a's routes (its path is the base path or below
// it). Give it to Echo middleware that must leave the auth routes alone, such as
// middleware.TrailingSlashConfig.Skipper or middleware.CSRFConfig.Skipper; its type
// converts to middleware.Skipper.
func Skipper(a *authcore.Auth) func(c echo.Context) bool {
	base := a.Context.BasePath
	return func(c echo.Context) bool {
		p := c.Request().URL.Path
		return p == base || strings.HasPrefix(p, base+"/")
	}
}
