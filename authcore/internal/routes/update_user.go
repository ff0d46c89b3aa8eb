package routes

import (
	"context"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/session"
	"github.com/goauth-dev/goauth/authcore/store"
)

// UpdateUserInput is the body of POST /update-user (plus additional user fields).
type UpdateUserInput struct {
	Name  *string `json:"name" doc:"The name of the user"`
	Image *string `json:"image" validate:"nullable" doc:"The image of the user"`
}

// Better Auth: api/routes/update-user.ts (updateUser).
func updateUser() *endpoint.Endpoint {
	return endpoint.New("updateUser", http.MethodPost, "/update-user", endpoint.Meta{
		OperationID: "updateUser", Description: "Update the current user",
		RecordBody: true,
	}, func(ctx context.Context, r *endpoint.Request, in UpdateUserInput) (status, error) {
		if r.Body == nil {
			return status{}, apierror.BodyMustBeAnObject.WithStatus(http.StatusBadRequest)
		}
		if truthy(r.Body["email"]) {
			return status{}, apierror.EmailCanNotBeUpdated.WithStatus(http.StatusBadRequest)
		}
		extra, err := parseInput(r, store.UserModel, r.Body, false, map[string]bool{"name": true, "image": true})
		if err != nil {
			return status{}, err
		}
		patch := db.Record{}
		for k, v := range extra {
			patch[k] = v
		}
		if in.Name != nil {
			patch["name"] = *in.Name
		}
		if v, ok := r.Body["image"]; ok {
			patch["image"] = v
		}
		if len(patch) == 0 {
			return status{}, apierror.MessageOnly(http.StatusBadRequest, "No fields to update")
		}
		u, err := r.Ctx.Store.UpdateUser(ctx, r.Session.User.ID, patch)
		if err != nil {
			return status{}, err
		}
		r.SetSessionCookie(session.Data{Session: r.Session.Session, User: u}, nil)
		return status{Status: true}, nil
	}, endpoint.RequireSession)
}
