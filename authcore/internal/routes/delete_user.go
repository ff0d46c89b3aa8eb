package routes

import (
	"context"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/secret"
)

// DeleteUserInput is the body of POST /delete-user.
type DeleteUserInput struct {
	CallbackURL *string `json:"callbackURL" doc:"The callback URL to redirect to after the user is deleted"`
	Password    *string `json:"password" doc:"The user's password, required when the user has one and the session is not fresh"`
	Token       *string `json:"token" doc:"The deletion token from the confirmation email"`
}

// DeleteUserOutput is Better Auth's {success, message}.
type DeleteUserOutput struct {
	Success bool   `json:"success"`
	Message string `json:"message"`
}

// Better Auth: api/routes/update-user.ts (deleteUser).
func deleteUser() *endpoint.Endpoint {
	return endpoint.New("deleteUser", http.MethodPost, "/delete-user", endpoint.Meta{
		OperationID: "deleteUser", Description: "Delete the user",
	}, handleDeleteUser, endpoint.RequireSensitiveSession, deleteEnabled)
}

// deleteEnabled answers 404 with an empty body when user deletion is off. It runs after the
// session guard, as Better Auth checks the option in the handler: without a session the
// answer is 401 either way.
func deleteEnabled(_ context.Context, r *endpoint.Request) error {
	if !r.Ctx.User.DeleteUser.Enabled {
		return apierror.Empty(http.StatusNotFound)
	}
	return nil
}

func handleDeleteUser(ctx context.Context, r *endpoint.Request, in DeleteUserInput) (DeleteUserOutput, error) {
	opts := r.Ctx.User.DeleteUser
	user := r.Session.User
	if in.Password != nil {
		if err := checkUserPassword(ctx, r, user.ID, *in.Password); err != nil {
			return DeleteUserOutput{}, err
		}
	}
	if in.Token != nil {
		if err := deleteWithToken(ctx, r, *in.Token); err != nil {
			return DeleteUserOutput{}, err
		}
		return DeleteUserOutput{Success: true, Message: "User deleted"}, nil
	}
	if opts.SendDeleteAccountVerification != nil {
		token := secret.RandomString(32, secret.LowerNum)
		if _, err := r.Ctx.Store.CreateVerification(ctx, "delete-account-"+token, user.ID, after(r.Now(), opts.DeleteTokenExpiresIn)); err != nil {
			return DeleteUserOutput{}, err
		}
		cb := str(in.CallbackURL)
		if cb == "" {
			cb = "/"
		}
		link := r.Ctx.BaseURL + "/delete-user/callback?token=" + token + "&callbackURL=" + encodeURIComponent(cb)
		msg := emailFor(r, user, link, token)
		if err := r.Deliver(ctx, func(ctx context.Context) error { return opts.SendDeleteAccountVerification(ctx, msg) }); err != nil {
			return DeleteUserOutput{}, err
		}
		return DeleteUserOutput{Success: true, Message: "Verification email sent"}, nil
	}
	if in.Password == nil && !r.Ctx.Sessions.Fresh(r.Session.Session) {
		return DeleteUserOutput{}, apierror.SessionExpired.WithStatus(http.StatusBadRequest)
	}
	if err := removeUser(ctx, r, user); err != nil {
		return DeleteUserOutput{}, err
	}
	return DeleteUserOutput{Success: true, Message: "User deleted"}, nil
}

// deleteWithToken redeems a delete-account token of the signed-in user, atomically.
func deleteWithToken(ctx context.Context, r *endpoint.Request, token string) error {
	invalid := apierror.InvalidToken.WithStatus(http.StatusNotFound)
	id := "delete-account-" + token
	v, err := r.Ctx.Store.Verification(ctx, id)
	if err != nil {
		return err
	}
	if v == nil || v.Value != r.Session.User.ID {
		return invalid
	}
	v, err = r.Ctx.Store.ConsumeVerification(ctx, id)
	if err != nil {
		return err
	}
	if v == nil || v.Value != r.Session.User.ID {
		return invalid
	}
	return removeUser(ctx, r, r.Session.User)
}

// removeUser runs beforeDelete, deletes sessions, accounts and the user, clears the
// cookies and runs afterDelete.
func removeUser(ctx context.Context, r *endpoint.Request, u model.User) error {
	opts := r.Ctx.User.DeleteUser
	if opts.BeforeDelete != nil {
		if err := opts.BeforeDelete(ctx, u); err != nil {
			return err
		}
	}
	if err := r.Ctx.Store.Tx(ctx, func(ctx context.Context) error {
		return r.Ctx.Store.DeleteUser(ctx, u.ID)
	}); err != nil {
		return err
	}
	r.DeleteSessionCookie()
	if opts.AfterDelete != nil {
		if err := opts.AfterDelete(ctx, u); err != nil {
			return err
		}
	}
	return nil
}
