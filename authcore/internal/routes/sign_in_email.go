package routes

import (
	"context"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/model"
)

// SignInEmailInput is the body of POST /sign-in/email.
type SignInEmailInput struct {
	Email       string  `json:"email" validate:"required" doc:"Email of the user"`
	Password    string  `json:"password" validate:"required" doc:"Password of the user"`
	CallbackURL *string `json:"callbackURL" doc:"Callback URL to use as a redirect for email verification"`
	RememberMe  *bool   `json:"rememberMe" doc:"If this is false, the session will not be remembered. Default is true."`
}

// SignInEmailOutput is the response of POST /sign-in/email.
type SignInEmailOutput struct {
	Redirect bool       `json:"redirect"`
	Token    string     `json:"token"`
	URL      *string    `json:"url,omitempty"`
	User     model.User `json:"user"`
}

// signInEmail is the worked example of an endpoint: a typed input with validation tags, a
// guard (FormCSRF), a handler returning a typed output or an apierror.
//
// Better Auth: api/routes/sign-in.ts (signInEmail).
func signInEmail() *endpoint.Endpoint {
	return endpoint.New("signInEmail", http.MethodPost, "/sign-in/email", endpoint.Meta{
		OperationID: "signInEmail",
		Description: "Sign in with email and password",
		MediaTypes:  []string{"application/x-www-form-urlencoded", "application/json"},
	}, handleSignInEmail, endpoint.FormCSRF)
}

func handleSignInEmail(ctx context.Context, r *endpoint.Request, in SignInEmailInput) (SignInEmailOutput, error) {
	if !r.Ctx.EmailAndPassword.Enabled {
		return SignInEmailOutput{}, apierror.New(http.StatusBadRequest, apierror.EmailPasswordDisabled, "Email and password is not enabled")
	}
	if !endpoint.ValidEmail(in.Email) {
		return SignInEmailOutput{}, apierror.InvalidEmail.WithStatus(http.StatusBadRequest)
	}
	invalid := apierror.InvalidEmailOrPassword.WithStatus(http.StatusUnauthorized)
	user, err := r.Ctx.Store.UserByEmail(ctx, in.Email)
	if err != nil {
		return SignInEmailOutput{}, err
	}
	var hash string
	if user != nil {
		acc, err := r.Ctx.Store.CredentialAccount(ctx, user.ID)
		if err != nil {
			return SignInEmailOutput{}, err
		}
		if acc != nil && acc.Password != nil {
			hash = *acc.Password
		}
	}
	if hash == "" {
		// Same cost as a real check, so the response time does not reveal whether the
		// account exists.
		if _, err := r.Ctx.Hasher.Hash(ctx, in.Password); err != nil {
			return SignInEmailOutput{}, err
		}
		return SignInEmailOutput{}, invalid
	}
	ok, err := r.Ctx.Hasher.Verify(ctx, hash, in.Password)
	if err != nil {
		return SignInEmailOutput{}, err
	}
	if !ok {
		return SignInEmailOutput{}, invalid
	}
	if r.Ctx.EmailAndPassword.RequireEmailVerification && !user.EmailVerified {
		if r.Ctx.EmailVerification.SendVerificationEmail != nil && r.Ctx.EmailVerification.SendOnSignIn {
			if err := sendVerification(ctx, r, *user, str(in.CallbackURL)); err != nil {
				return SignInEmailOutput{}, err
			}
		}
		return SignInEmailOutput{}, apierror.EmailNotVerified.WithStatus(http.StatusForbidden)
	}
	dontRemember := in.RememberMe != nil && !*in.RememberMe
	sess, err := createSession(ctx, r, *user, dontRemember, nil)
	if err != nil {
		r.Ctx.Logger.ErrorContext(ctx, "sign-in: creating session failed", "err", err)
		return SignInEmailOutput{}, apierror.FailedToCreateSession.WithStatus(http.StatusUnauthorized)
	}
	out := SignInEmailOutput{Token: sess.Token, User: userOut(r, *user)}
	if in.CallbackURL != nil && *in.CallbackURL != "" {
		out.Redirect = true
		out.URL = in.CallbackURL
		r.ResponseHeader.Set("Location", *in.CallbackURL)
	}
	return out, nil
}
