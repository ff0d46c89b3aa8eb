package routes

import (
	"context"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/endpoint"
)

// SetPasswordInput is the body of the server-only setPassword endpoint.
type SetPasswordInput struct {
	NewPassword string `json:"newPassword" validate:"required"`
}

// Better Auth: api/routes/update-user.ts (setPassword): no path, callable in-process only.
func setPassword() *endpoint.Endpoint {
	return endpoint.New("setPassword", http.MethodPost, "", endpoint.Meta{
		OperationID: "setPassword", ServerOnly: true,
	}, func(ctx context.Context, r *endpoint.Request, in SetPasswordInput) (status, error) {
		if err := checkPasswordLength(r, in.NewPassword); err != nil {
			return status{}, err
		}
		acc, err := r.Ctx.Store.CredentialAccount(ctx, r.Session.User.ID)
		if err != nil {
			return status{}, err
		}
		if acc != nil {
			return status{}, apierror.PasswordAlreadySet.WithStatus(http.StatusBadRequest)
		}
		hash, err := r.Ctx.Hasher.Hash(ctx, in.NewPassword)
		if err != nil {
			return status{}, err
		}
		if _, err := r.Ctx.Store.CreateAccount(ctx, db.Record{
			"userId": r.Session.User.ID, "providerId": "credential", "accountId": r.Session.User.ID, "password": hash,
		}); err != nil {
			return status{}, err
		}
		return status{Status: true}, nil
	}, endpoint.RequireSensitiveSession)
}
