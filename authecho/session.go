package authecho

import (
	"fmt"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/labstack/echo/v4"
)

// contextKey is the echo.Context key of the loaded session. A request is served by one
// Auth, so one key suffices.
const contextKey = "github.com/goauth-dev/goauth/authecho.session"

// loaded records that the session was loaded, so a request without one is not looked up
// again by the next guard.
type loaded struct{ s *authcore.Session }

// Middleware returns Echo middleware that loads the request's session, if any, once per
// request: Session and User read it from the echo.Context, authcore.SessionFrom from the
// request's context, and the guards of this package reuse it. A session refresh is applied
// to the store but no cookie is written (as authcore.Auth.Middleware). A failure to load
// the session (storage down) is returned to Echo's HTTPErrorHandler.
//
// Register it with e.Use for the whole application, or on a group. It leaves requests for
// the auth routes themselves (Skipper) alone: they read the session on their own. The
// guards load the session themselves when it has not run.
func Middleware(a *authcore.Auth) echo.MiddlewareFunc {
	skip := Skipper(a)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if skip(c) {
				return next(c)
			}
			if _, err := load(c, a); err != nil {
				return err
			}
			return next(c)
		}
	}
}

// load returns the request's session, loading it on the first call.
func load(c echo.Context, a *authcore.Auth) (*authcore.Session, error) {
	if l, ok := c.Get(contextKey).(loaded); ok {
		return l.s, nil
	}
	r := c.Request()
	s, err := a.SessionOf(r)
	if err != nil {
		return nil, fmt.Errorf("authecho: loading the session: %w", err)
	}
	c.Set(contextKey, loaded{s})
	if s != nil && authcore.SessionFrom(r.Context()) != s {
		c.SetRequest(r.WithContext(authcore.ContextWithSession(r.Context(), s)))
	}
	return s, nil
}

// Session returns the request's session as loaded by Middleware or a guard, or nil when
// the request has none (or neither has run). It also finds a session loaded by
// authcore.Auth.Middleware wrapped with echo.WrapMiddleware.
func Session(c echo.Context) *authcore.Session {
	if l, ok := c.Get(contextKey).(loaded); ok {
		return l.s
	}
	return authcore.SessionFrom(c.Request().Context())
}

// User returns the signed-in user (Session(c).User), or nil without a session.
func User(c echo.Context) *model.User {
	s := Session(c)
	if s == nil {
		return nil
	}
	return &s.User
}
