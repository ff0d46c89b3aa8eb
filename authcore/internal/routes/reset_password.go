package routes

import (
	"context"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/endpoint"
)

// ResetPasswordInput is the body (and query) of POST /reset-password.
type ResetPasswordInput struct {
	NewPassword string  `json:"newPassword" validate:"required" doc:"The new password to set"`
	Token       *string `json:"token" doc:"The token to reset the password"`
	QueryToken  *string `query:"token"`
}

// Better Auth: api/routes/password.ts (resetPassword).
//
// Difference on purpose: the token is consumed atomically before the password changes, so
// one token resets a password once even under concurrent requests.
func resetPassword() *endpoint.Endpoint {
	return endpoint.New("resetPassword", http.MethodPost, "/reset-password", endpoint.Meta{
		OperationID: "resetPassword", Description: "Reset the password for a user",
	}, handleResetPassword)
}

func handleResetPassword(ctx context.Context, r *endpoint.Request, in ResetPasswordInput) (status, error) {
	token := str(in.Token)
	if token == "" {
		token = str(in.QueryToken)
	}
	invalid := apierror.InvalidToken.WithStatus(http.StatusBadRequest)
	if token == "" {
		return status{}, invalid
	}
	if err := checkPasswordLength(r, in.NewPassword); err != nil {
		return status{}, err
	}
	hash, err := r.Ctx.Hasher.Hash(ctx, in.NewPassword)
	if err != nil {
		return status{}, err
	}
	v, err := r.Ctx.Store.ConsumeVerification(ctx, "reset-password:"+token)
	if err != nil {
		return status{}, err
	}
	if v == nil {
		return status{}, invalid
	}
	userID := v.Value
	user, err := r.Ctx.Store.UserByID(ctx, userID)
	if err != nil {
		return status{}, err
	}
	if user == nil {
		return status{}, invalid
	}
	err = r.Ctx.Store.Tx(ctx, func(ctx context.Context) error {
		acc, err := r.Ctx.Store.CredentialAccount(ctx, userID)
		if err != nil {
			return err
		}
		if acc == nil {
			_, err = r.Ctx.Store.CreateAccount(ctx, db.Record{
				"userId": userID, "providerId": "credential", "accountId": userID, "password": hash,
			})
			return err
		}
		return r.Ctx.Store.UpdatePassword(ctx, userID, hash)
	})
	if err != nil {
		return status{}, err
	}
	if f := r.Ctx.EmailAndPassword.OnPasswordReset; f != nil {
		if err := f(ctx, *user); err != nil {
			r.Ctx.Logger.ErrorContext(ctx, "onPasswordReset failed", "err", err)
		}
	}
	if r.Ctx.EmailAndPassword.RevokeSessionsOnPasswordReset {
		if err := r.Ctx.Store.DeleteUserSessions(ctx, userID); err != nil {
			return status{}, err
		}
	}
	return status{Status: true}, nil
}
