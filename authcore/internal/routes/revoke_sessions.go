package routes

import (
	"context"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/endpoint"
)

// EmptyInput is the body of routes that take no fields.
type EmptyInput struct{}

// Better Auth: api/routes/session.ts (revokeSessions). The current session is revoked too;
// cookies are left as they are.
func revokeSessions() *endpoint.Endpoint {
	return endpoint.New("revokeSessions", http.MethodPost, "/revoke-sessions", endpoint.Meta{
		OperationID: "revokeSessions", Description: "Revoke all sessions for the user",
	}, func(ctx context.Context, r *endpoint.Request, _ EmptyInput) (status, error) {
		if err := r.Ctx.Store.DeleteUserSessions(ctx, r.Session.User.ID); err != nil {
			return status{}, err
		}
		return status{Status: true}, nil
	}, endpoint.RequireSensitiveSession)
}
