package routes

import (
	"context"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/secret"
)

// RequestPasswordResetInput is the body of POST /request-password-reset.
type RequestPasswordResetInput struct {
	Email      string  `json:"email" validate:"required,email" doc:"The email address of the user to send a password reset email to"`
	RedirectTo *string `json:"redirectTo" doc:"The URL to redirect the user to reset their password"`
}

// RequestPasswordResetOutput is the identical answer for known and unknown addresses.
type RequestPasswordResetOutput struct {
	Status  bool   `json:"status"`
	Message string `json:"message"`
}

const resetMessage = "If this email exists in our system, check your email for the reset link"

// Better Auth: api/routes/password.ts (requestPasswordReset).
func requestPasswordReset() *endpoint.Endpoint {
	return endpoint.New("requestPasswordReset", http.MethodPost, "/request-password-reset", endpoint.Meta{
		OperationID: "requestPasswordReset", Description: "Send a password reset email to the user",
	}, handleRequestPasswordReset, endpoint.CallbackGuard(func(r *endpoint.Request) []string {
		s, _ := r.Body["redirectTo"].(string)
		return []string{s}
	}))
}

func handleRequestPasswordReset(ctx context.Context, r *endpoint.Request, in RequestPasswordResetInput) (RequestPasswordResetOutput, error) {
	send := r.Ctx.EmailAndPassword.SendResetPassword
	if send == nil {
		return RequestPasswordResetOutput{}, apierror.New(http.StatusBadRequest, apierror.ResetPasswordDisabled, "Reset password isn't enabled")
	}
	ok := RequestPasswordResetOutput{Status: true, Message: resetMessage}
	token := secret.RandomString(24, secret.AlphaNum)
	user, err := r.Ctx.Store.UserByEmail(ctx, in.Email)
	if err != nil {
		return RequestPasswordResetOutput{}, err
	}
	if user == nil {
		r.Ctx.Logger.InfoContext(ctx, "password reset requested for an unknown email")
		return ok, nil
	}
	exp := after(r.Now(), r.Ctx.EmailAndPassword.ResetPasswordTokenExpiresIn)
	if _, err := r.Ctx.Store.CreateVerification(ctx, "reset-password:"+token, user.ID, exp); err != nil {
		return RequestPasswordResetOutput{}, err
	}
	link := r.Ctx.BaseURL + "/reset-password/" + token + "?callbackURL=" + encodeURIComponent(str(in.RedirectTo))
	msg := emailFor(r, *user, link, token)
	if err := r.Deliver(ctx, func(ctx context.Context) error { return send(ctx, msg) }); err != nil {
		return RequestPasswordResetOutput{}, err
	}
	return ok, nil
}
