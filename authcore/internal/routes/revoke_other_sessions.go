package routes

import (
	"context"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/endpoint"
)

// Better Auth: api/routes/session.ts (revokeOtherSessions).
func revokeOtherSessions() *endpoint.Endpoint {
	return endpoint.New("revokeOtherSessions", http.MethodPost, "/revoke-other-sessions", endpoint.Meta{
		OperationID: "revokeOtherSessions", Description: "Revoke all other sessions for the user except the current one",
	}, func(ctx context.Context, r *endpoint.Request, _ EmptyInput) (status, error) {
		if err := r.Ctx.Store.DeleteOtherSessions(ctx, r.Session.User.ID, r.Session.Session.Token); err != nil {
			return status{}, err
		}
		return status{Status: true}, nil
	}, endpoint.RequireSensitiveSession)
}
