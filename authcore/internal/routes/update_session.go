package routes

import (
	"context"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/session"
	"github.com/goauth-dev/goauth/authcore/store"
)

// UpdateSessionOutput is the response of POST /update-session.
type UpdateSessionOutput struct {
	Session model.Session `json:"session"`
}

// Better Auth: api/routes/update-session.ts. Only session additional fields can change.
func updateSession() *endpoint.Endpoint {
	return endpoint.New("updateSession", http.MethodPost, "/update-session", endpoint.Meta{
		OperationID: "updateSession", Description: "Update the current session's additional fields",
		RecordBody: true,
	}, func(ctx context.Context, r *endpoint.Request, _ struct{}) (UpdateSessionOutput, error) {
		if r.Body == nil {
			return UpdateSessionOutput{}, apierror.BodyMustBeAnObject.WithStatus(http.StatusBadRequest)
		}
		patch, err := parseInput(r, store.SessionModel, r.Body, false, nil)
		if err != nil {
			return UpdateSessionOutput{}, err
		}
		if len(patch) == 0 {
			return UpdateSessionOutput{}, apierror.MessageOnly(http.StatusBadRequest, "No fields to update")
		}
		sess, err := r.Ctx.Store.UpdateSession(ctx, r.Session.Session.Token, patch)
		if err != nil {
			return UpdateSessionOutput{}, err
		}
		if sess == nil {
			return UpdateSessionOutput{}, apierror.Unauthorized()
		}
		r.SetSessionCookie(session.Data{Session: *sess, User: r.Session.User}, nil)
		return UpdateSessionOutput{Session: sessionOut(r, *sess)}, nil
	}, endpoint.RequireSession)
}
