package routes

import (
	"context"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/model"
)

// ListSessionsInput is the (empty) query of GET /list-sessions.
type ListSessionsInput struct{}

// Better Auth: api/routes/session.ts (listSessions).
func listSessions() *endpoint.Endpoint {
	return endpoint.New("listSessions", http.MethodGet, "/list-sessions", endpoint.Meta{
		OperationID: "listUserSessions", Description: "List all active sessions for the user",
	}, func(ctx context.Context, r *endpoint.Request, _ ListSessionsInput) ([]model.Session, error) {
		list, err := r.Ctx.Store.Sessions(ctx, r.Session.User.ID)
		if err != nil {
			r.Ctx.Logger.ErrorContext(ctx, "list-sessions failed", "err", err)
			return nil, apierror.Empty(http.StatusInternalServerError)
		}
		out := make([]model.Session, len(list))
		for i, s := range list {
			out[i] = sessionOut(r, s)
		}
		return out, nil
	}, endpoint.RequireSession)
}
