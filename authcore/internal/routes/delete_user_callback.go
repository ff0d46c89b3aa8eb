package routes

import (
	"context"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
)

// DeleteUserCallbackInput is the query of GET /delete-user/callback.
type DeleteUserCallbackInput struct {
	Token       string  `query:"token" validate:"required"`
	CallbackURL *string `query:"callbackURL"`
}

// Better Auth: api/routes/update-user.ts (deleteUserCallback). The token is redeemed
// atomically: of concurrent requests with one token exactly one deletes the user.
func deleteUserCallback() *endpoint.Endpoint {
	return endpoint.New("deleteUserCallback", http.MethodGet, "/delete-user/callback", endpoint.Meta{
		OperationID: "deleteUserCallback", Description: "Callback to complete user deletion with a token",
	}, func(ctx context.Context, r *endpoint.Request, in DeleteUserCallbackInput) (any, error) {
		if !r.Ctx.User.DeleteUser.Enabled {
			return nil, apierror.New(http.StatusNotFound, apierror.NotFound, "Not found")
		}
		d, err := endpoint.LoadSession(ctx, r, false)
		if err != nil {
			return nil, err
		}
		if d == nil {
			return nil, apierror.FailedToGetUserInfo.WithStatus(http.StatusNotFound)
		}
		r.Session = d
		if err := deleteWithToken(ctx, r, in.Token); err != nil {
			return nil, err
		}
		if cb := str(in.CallbackURL); cb != "" {
			return &endpoint.Redirect{URL: cb}, nil
		}
		return DeleteUserOutput{Success: true, Message: "User deleted"}, nil
	}, endpoint.CallbackGuard(func(r *endpoint.Request) []string { return []string{r.Query.Get("callbackURL")} }))
}
