package routes

import (
	"context"
	"net/http"
	"strings"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/session"
)

// ChangeEmailInput is the body of POST /change-email.
type ChangeEmailInput struct {
	NewEmail    string  `json:"newEmail" validate:"required,email" doc:"The new email address to set"`
	CallbackURL *string `json:"callbackURL" doc:"The URL to redirect to after email verification"`
}

// Better Auth: api/routes/update-user.ts (changeEmail). In the links this route builds,
// callbackURL is appended without URL-encoding, as upstream does.
func changeEmail() *endpoint.Endpoint {
	return endpoint.New("changeEmail", http.MethodPost, "/change-email", endpoint.Meta{
		OperationID: "changeEmail", Description: "Change the email of the user",
	}, handleChangeEmail, endpoint.RequireSensitiveSession)
}

func handleChangeEmail(ctx context.Context, r *endpoint.Request, in ChangeEmailInput) (status, error) {
	opts := r.Ctx.User.ChangeEmail
	if !opts.Enabled {
		return status{}, apierror.MessageOnly(http.StatusBadRequest, "Change email is disabled")
	}
	user := r.Session.User
	newEmail := strings.ToLower(in.NewEmail)
	if newEmail == user.Email {
		return status{}, apierror.MessageOnly(http.StatusBadRequest, "Email is the same")
	}
	withoutVerification := !user.EmailVerified && opts.UpdateEmailWithoutVerification
	confirm := user.EmailVerified && opts.SendChangeEmailConfirmation != nil
	verify := r.Ctx.EmailVerification.SendVerificationEmail
	if !withoutVerification && !confirm && verify == nil {
		return status{}, apierror.MessageOnly(http.StatusBadRequest, "Verification email isn't enabled")
	}
	existing, err := r.Ctx.Store.UserByEmail(ctx, newEmail)
	if err != nil {
		return status{}, err
	}
	if existing != nil {
		// Same work as the success path, so the answer does not reveal the address is taken.
		if _, err := emailVerificationToken(r, user.Email, newEmail, ""); err != nil {
			return status{}, err
		}
		return status{Status: true}, nil
	}
	callback := str(in.CallbackURL)
	if callback == "" {
		callback = "/"
	}
	link := func(token string) string {
		return r.Ctx.BaseURL + "/verify-email?token=" + token + "&callbackURL=" + callback
	}
	switch {
	case withoutVerification:
		u, err := r.Ctx.Store.UpdateUser(ctx, user.ID, db.Record{"email": newEmail})
		if err != nil {
			return status{}, err
		}
		r.SetSessionCookie(session.Data{Session: r.Session.Session, User: u}, nil)
		if verify != nil {
			token, err := emailVerificationToken(r, newEmail, "", "")
			if err != nil {
				return status{}, err
			}
			if err := r.Deliver(ctx, func(ctx context.Context) error { return verify(ctx, emailFor(r, u, link(token), token)) }); err != nil {
				return status{}, err
			}
		}
	case confirm:
		token, err := emailVerificationToken(r, user.Email, newEmail, "change-email-confirmation")
		if err != nil {
			return status{}, err
		}
		msg := config.ChangeEmail{Email: emailFor(r, user, link(token), token), NewEmail: newEmail}
		if err := r.Deliver(ctx, func(ctx context.Context) error { return opts.SendChangeEmailConfirmation(ctx, msg) }); err != nil {
			return status{}, err
		}
	default:
		token, err := emailVerificationToken(r, user.Email, newEmail, "change-email-verification")
		if err != nil {
			return status{}, err
		}
		to := user
		to.Email = newEmail
		if err := r.Deliver(ctx, func(ctx context.Context) error { return verify(ctx, emailFor(r, to, link(token), token)) }); err != nil {
			return status{}, err
		}
	}
	return status{Status: true}, nil
}
