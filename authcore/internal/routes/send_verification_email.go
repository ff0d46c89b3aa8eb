package routes

import (
	"context"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
)

// SendVerificationEmailInput is the body of POST /send-verification-email.
type SendVerificationEmailInput struct {
	Email       string  `json:"email" validate:"required,email" doc:"The email to send the verification email to"`
	CallbackURL *string `json:"callbackURL" doc:"The URL to use for email verification callback"`
}

// Better Auth: api/routes/email-verification.ts (sendVerificationEmail). Without a
// session the answer never reveals whether the address exists.
func sendVerificationEmail() *endpoint.Endpoint {
	return endpoint.New("sendVerificationEmail", http.MethodPost, "/send-verification-email", endpoint.Meta{
		OperationID: "sendVerificationEmail", Description: "Send a verification email to the user",
	}, func(ctx context.Context, r *endpoint.Request, in SendVerificationEmailInput) (status, error) {
		if r.Ctx.EmailVerification.SendVerificationEmail == nil {
			return status{}, apierror.VerificationEmailNotEnabled.WithStatus(http.StatusBadRequest)
		}
		d, err := endpoint.LoadSession(ctx, r, false)
		if err != nil {
			return status{}, err
		}
		if d == nil {
			u, err := r.Ctx.Store.UserByEmail(ctx, in.Email)
			if err != nil {
				return status{}, err
			}
			if u == nil || u.EmailVerified {
				if _, err := emailVerificationToken(r, in.Email, "", ""); err != nil {
					return status{}, err
				}
				return status{Status: true}, nil
			}
			if err := sendVerification(ctx, r, *u, str(in.CallbackURL)); err != nil {
				return status{}, err
			}
			return status{Status: true}, nil
		}
		if d.User.Email != in.Email {
			return status{}, apierror.EmailMismatch.WithStatus(http.StatusBadRequest)
		}
		if d.User.EmailVerified {
			return status{}, apierror.EmailAlreadyVerified.WithStatus(http.StatusBadRequest)
		}
		if err := sendVerification(ctx, r, d.User, str(in.CallbackURL)); err != nil {
			return status{}, err
		}
		return status{Status: true}, nil
	})
}
