package routes

import (
	"context"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
)

// RevokeSessionInput is the body of POST /revoke-session.
type RevokeSessionInput struct {
	Token string `json:"token" validate:"required" doc:"The token to revoke"`
}

// Better Auth: api/routes/session.ts (revokeSession). Unknown tokens and tokens of other
// users are ignored; the answer is always {status: true}.
func revokeSession() *endpoint.Endpoint {
	return endpoint.New("revokeSession", http.MethodPost, "/revoke-session", endpoint.Meta{
		OperationID: "revokeSession", Description: "Revoke a single session",
	}, func(ctx context.Context, r *endpoint.Request, in RevokeSessionInput) (status, error) {
		sess, _, err := r.Ctx.Store.SessionByToken(ctx, in.Token)
		if err != nil {
			return status{}, err
		}
		if sess != nil && sess.UserID == r.Session.User.ID {
			if err := r.Ctx.Store.DeleteSession(ctx, in.Token); err != nil {
				r.Ctx.Logger.ErrorContext(ctx, "revoke-session failed", "err", err)
				return status{}, apierror.New(http.StatusInternalServerError, apierror.InternalServerError, "Internal Server Error")
			}
		}
		return status{Status: true}, nil
	}, endpoint.RequireSensitiveSession)
}
