package routes

import (
	"context"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/model"
)

// ChangePasswordInput is the body of POST /change-password.
type ChangePasswordInput struct {
	NewPassword         string `json:"newPassword" validate:"required" doc:"The new password to set"`
	CurrentPassword     string `json:"currentPassword" validate:"required" doc:"The current password"`
	RevokeOtherSessions *bool  `json:"revokeOtherSessions" doc:"Revoke every other session of the user"`
}

// ChangePasswordOutput is the response of POST /change-password.
type ChangePasswordOutput struct {
	Token *string    `json:"token"`
	User  model.User `json:"user"`
}

// Better Auth: api/routes/update-user.ts (changePassword).
func changePassword() *endpoint.Endpoint {
	return endpoint.New("changePassword", http.MethodPost, "/change-password", endpoint.Meta{
		OperationID: "changePassword", Description: "Change the password of the user",
	}, func(ctx context.Context, r *endpoint.Request, in ChangePasswordInput) (ChangePasswordOutput, error) {
		if err := checkPasswordLength(r, in.NewPassword); err != nil {
			return ChangePasswordOutput{}, err
		}
		user := r.Session.User
		acc, err := r.Ctx.Store.CredentialAccount(ctx, user.ID)
		if err != nil {
			return ChangePasswordOutput{}, err
		}
		if acc == nil || acc.Password == nil || *acc.Password == "" {
			return ChangePasswordOutput{}, apierror.CredentialAccountNotFound.WithStatus(http.StatusBadRequest)
		}
		hash, err := r.Ctx.Hasher.Hash(ctx, in.NewPassword)
		if err != nil {
			return ChangePasswordOutput{}, err
		}
		ok, err := r.Ctx.Hasher.Verify(ctx, *acc.Password, in.CurrentPassword)
		if err != nil {
			return ChangePasswordOutput{}, err
		}
		if !ok {
			return ChangePasswordOutput{}, apierror.InvalidPassword.WithStatus(http.StatusBadRequest)
		}
		if err := r.Ctx.Store.UpdatePassword(ctx, user.ID, hash); err != nil {
			return ChangePasswordOutput{}, err
		}
		out := ChangePasswordOutput{User: userOut(r, user)}
		if in.RevokeOtherSessions != nil && *in.RevokeOtherSessions {
			if err := r.Ctx.Store.DeleteUserSessions(ctx, user.ID); err != nil {
				return ChangePasswordOutput{}, err
			}
			sess, err := createSessionKeepRemember(ctx, r, user)
			if err != nil {
				r.Ctx.Logger.ErrorContext(ctx, "change-password: creating session failed", "err", err)
				return ChangePasswordOutput{}, apierror.FailedToGetSession.WithStatus(http.StatusInternalServerError)
			}
			out.Token = &sess.Token
		}
		return out, nil
	}, endpoint.RequireSensitiveSession)
}
