package authecho

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/labstack/echo/v4"
)

// GuardConfig configures Require. The zero value requires a session and answers 401 JSON
// otherwise.
type GuardConfig struct {
	// Skipper, when it returns true, lets the request through unchecked. Default nil.
	Skipper func(c echo.Context) bool
	// Authorize, when set, must also allow the signed-in request: authcore.HasRole, a
	// plugin's authorizer, or the application's own (see authcore.Authorizer; it receives
	// c.Request()). An *apierror.Error it returns is the answer; any other error goes to
	// Echo's HTTPErrorHandler. Checks that need Echo's path parameters belong in a
	// middleware after the guard, reading Session(c). Default: any session is enough.
	Authorize authcore.Authorizer
	// RedirectTo, when set, is where page navigations without a session are sent (303 See
	// Other), with the page they asked for as the callbackURL query parameter; fetch and
	// XHR calls still get 401 JSON. authcore.IsNavigation tells them apart and
	// authcore.SignInRedirect builds the URL. Default "": never redirect.
	RedirectTo string
	// OnDenied, when set, answers denied requests instead: err is apierror.Unauthorized()
	// (no session), authcore.Forbidden(), or the *apierror.Error the Authorizer returned,
	// and the error OnDenied returns goes to Echo's HTTPErrorHandler. ReturnError hands
	// every denial to that handler. Default nil: write Better Auth's error body (or
	// redirect, see RedirectTo).
	OnDenied func(c echo.Context, err *apierror.Error) error
}

// RequireSession returns middleware that answers 401 {"message":"Unauthorized",
// "code":"UNAUTHORIZED"} unless the request has a session. Behind it Session(c) and
// User(c) are not nil.
func RequireSession(a *authcore.Auth) echo.MiddlewareFunc {
	return Require(a, GuardConfig{})
}

// RequireRole returns middleware that requires a session (401) whose user has one of roles
// (403 {"message":"Forbidden","code":"FORBIDDEN"}); see authcore.HasRole for where roles
// come from.
func RequireRole(a *authcore.Auth, roles ...string) echo.MiddlewareFunc {
	return Require(a, GuardConfig{Authorize: authcore.HasRole(roles...)})
}

// Require returns middleware that lets a request through only when it has a session and
// cfg.Authorize (if set) allows it. The session is loaded once per request (see
// Middleware) and is available to the handler through Session and User.
func Require(a *authcore.Auth, cfg GuardConfig) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if cfg.Skipper != nil && cfg.Skipper(c) {
				return next(c)
			}
			s, err := load(c, a)
			if err != nil {
				return err
			}
			if s == nil {
				return deny(c, cfg, apierror.Unauthorized())
			}
			if cfg.Authorize != nil {
				if err := cfg.Authorize(c.Request(), s); err != nil {
					ae, ok := apierror.As(err)
					if !ok {
						return fmt.Errorf("authecho: authorizing the request: %w", err)
					}
					return deny(c, cfg, ae)
				}
			}
			return next(c)
		}
	}
}

func deny(c echo.Context, cfg GuardConfig, e *apierror.Error) error {
	if cfg.OnDenied != nil {
		return cfg.OnDenied(c, e)
	}
	if cfg.RedirectTo != "" && e.Status == http.StatusUnauthorized {
		c.Response().Header().Add("Vary", "Accept, Sec-Fetch-Mode")
		if authcore.IsNavigation(c.Request()) {
			return c.Redirect(http.StatusSeeOther, authcore.SignInRedirect(cfg.RedirectTo, c.Request()))
		}
	}
	authcore.WriteError(c.Response(), e)
	return nil
}

// ReturnError is a GuardConfig.OnDenied that hands every denial to Echo's HTTPErrorHandler
// as HTTPError(err), after setting err's extra headers on the response.
func ReturnError(c echo.Context, err *apierror.Error) error {
	for k, vs := range err.Header {
		for _, v := range vs {
			c.Response().Header().Add(k, v)
		}
	}
	return HTTPError(err)
}

// HTTPError converts a GoAuth error for Echo: Code is err.Status, Message encodes as
// Better Auth's body ({"message","code"}; Echo's DefaultHTTPErrorHandler writes it as is),
// and Internal is err, so a custom HTTPErrorHandler finds it with errors.As or
// apierror.As.
func HTTPError(err *apierror.Error) *echo.HTTPError {
	return &echo.HTTPError{Code: err.Status, Message: errorBody{err}, Internal: err}
}

// errorBody renders an *apierror.Error as Better Auth's error body.
type errorBody struct{ e *apierror.Error }

// MarshalJSON implements json.Marshaler.
func (b errorBody) MarshalJSON() ([]byte, error) {
	if b.e.Code == "" {
		return json.Marshal(struct {
			Message string `json:"message"`
		}{b.e.Message})
	}
	return json.Marshal(struct {
		Message string `json:"message"`
		Code    string `json:"code"`
	}{b.e.Message, string(b.e.Code)})
}

// String returns the message, for logs that print an HTTPError.
func (b errorBody) String() string { return b.e.Message }
