package endpoint

import (
	"context"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/cookie"
	"github.com/goauth-dev/goauth/authcore/session"
)

// LoadSession runs get-session for a guard: a due refresh updates the stored session but,
// as in Better Auth, no cookie is re-issued on this response (spec 6.3).
func LoadSession(ctx context.Context, r *Request, sensitive bool) (*session.Data, error) {
	if r.Session != nil && !sensitive {
		return r.Session, nil
	}
	res, err := r.Ctx.Sessions.Get(ctx, noCookieIO{r}, session.GetOptions{Sensitive: sensitive, NoCookies: true})
	if err != nil {
		return nil, err
	}
	return res.Data, nil
}

// noCookieIO reads the request's cookies and discards Set-Cookie lines.
type noCookieIO struct{ r *Request }

func (n noCookieIO) Cookies() map[string]string { return n.r.Cookies() }
func (n noCookieIO) CookieHeader() string       { return n.r.CookieHeader() }
func (noCookieIO) SetCookie(cookie.Cookie)      {}

// RequireSession is Better Auth's sessionMiddleware: 401 UNAUTHORIZED without a session;
// the cookie cache may answer.
func RequireSession(ctx context.Context, r *Request) error {
	return requireSession(ctx, r, false)
}

// RequireSensitiveSession is sensitiveSessionMiddleware: like RequireSession but always
// reads the session store (never the cookie cache).
func RequireSensitiveSession(ctx context.Context, r *Request) error {
	return requireSession(ctx, r, true)
}

// RequireFreshSession is freshSessionMiddleware: a session younger than session.freshAge,
// else 403 SESSION_NOT_FRESH.
func RequireFreshSession(ctx context.Context, r *Request) error {
	if err := requireSession(ctx, r, false); err != nil {
		return err
	}
	if !r.Ctx.Sessions.Fresh(r.Session.Session) {
		return apierror.SessionNotFresh.WithStatus(http.StatusForbidden)
	}
	return nil
}

func requireSession(ctx context.Context, r *Request, sensitive bool) error {
	d, err := LoadSession(ctx, r, sensitive)
	if err != nil {
		return err
	}
	if d == nil {
		return apierror.Unauthorized()
	}
	r.Session = d
	return nil
}
