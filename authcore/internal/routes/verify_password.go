package routes

import (
	"context"
	"errors"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
)

// VerifyPasswordInput is the body of POST /verify-password.
type VerifyPasswordInput struct {
	Password string `json:"password" validate:"required" doc:"The password to verify"`
}

// Better Auth: api/routes/password.ts (verifyPassword). Scope "server", still routed.
func verifyPassword() *endpoint.Endpoint {
	return endpoint.New("verifyPassword", http.MethodPost, "/verify-password", endpoint.Meta{
		OperationID: "verifyPassword", Description: "Verify the current user's password",
	}, func(ctx context.Context, r *endpoint.Request, in VerifyPasswordInput) (status, error) {
		if err := checkUserPassword(ctx, r, r.Session.User.ID, in.Password); err != nil {
			// Better Auth's validatePassword reports a missing credential account as a
			// wrong password.
			if errors.Is(err, &apierror.Error{Code: apierror.CredentialAccountNotFound}) {
				return status{}, apierror.InvalidPassword.WithStatus(http.StatusBadRequest)
			}
			return status{}, err
		}
		return status{Status: true}, nil
	}, endpoint.RequireSensitiveSession)
}

// checkUserPassword verifies password against the user's credential account: 400
// CREDENTIAL_ACCOUNT_NOT_FOUND or 400 INVALID_PASSWORD.
func checkUserPassword(ctx context.Context, r *endpoint.Request, userID, password string) error {
	acc, err := r.Ctx.Store.CredentialAccount(ctx, userID)
	if err != nil {
		return err
	}
	if acc == nil || acc.Password == nil {
		return apierror.CredentialAccountNotFound.WithStatus(http.StatusBadRequest)
	}
	ok, err := r.Ctx.Hasher.Verify(ctx, *acc.Password, password)
	if err != nil {
		return err
	}
	if !ok {
		return apierror.InvalidPassword.WithStatus(http.StatusBadRequest)
	}
	return nil
}
