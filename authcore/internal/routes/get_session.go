package routes

import (
	"context"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/session"
)

// GetSessionInput is the query of GET /get-session (z.coerce.boolean: any non-empty value,
// "false" included, is true).
type GetSessionInput struct {
	DisableCookieCache bool `query:"disableCookieCache"`
	DisableRefresh     bool `query:"disableRefresh"`
}

// Better Auth: api/routes/session.ts (getSession).
func getSession() *endpoint.Endpoint {
	return endpoint.New("getSession", http.MethodGet, "/get-session", endpoint.Meta{
		OperationID: "getSession", Description: "Get the current session",
	}, handleGetSession).WithMethods(http.MethodGet, http.MethodPost)
}

func handleGetSession(ctx context.Context, r *endpoint.Request, in GetSessionInput) (*sessionBody, error) {
	deferred := r.Ctx.Session.DeferSessionRefresh
	post := r.HTTP != nil && r.HTTP.Method == http.MethodPost
	if post && !deferred {
		return nil, apierror.MethodNotAllowedDeferSessionRequired.WithStatus(http.StatusMethodNotAllowed)
	}
	res, err := r.Ctx.Sessions.Get(ctx, r, session.GetOptions{
		DisableCookieCache: in.DisableCookieCache,
		DisableRefresh:     in.DisableRefresh,
		Deferred:           deferred && !post,
	})
	if err != nil {
		if _, ok := apierror.As(err); ok {
			return nil, err
		}
		r.Ctx.Logger.ErrorContext(ctx, "get-session failed", "err", err)
		return nil, apierror.FailedToGetSession.WithStatus(http.StatusInternalServerError)
	}
	if res.Data == nil {
		return nil, nil
	}
	body := sessionData(r, *res.Data)
	if deferred && !post {
		body.NeedsRefresh = ptr(res.NeedsRefresh)
	}
	return &body, nil
}

// AsSession extracts the session and user from a get-session result.
func AsSession(v any) (session.Data, bool) {
	b, ok := v.(*sessionBody)
	if !ok || b == nil {
		return session.Data{}, false
	}
	return session.Data{Session: b.Session, User: b.User}, true
}
