package routes

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/secret"
	"github.com/goauth-dev/goauth/authcore/store"
)

// SignUpEmailInput is the body of POST /sign-up/email. Additional user fields travel in
// the raw body and are parsed against the schema.
type SignUpEmailInput struct {
	Name        string  `json:"name" validate:"required" doc:"The name of the user"`
	Email       string  `json:"email" validate:"required,email" doc:"The email of the user"`
	Password    string  `json:"password" validate:"required,nonempty" doc:"The password of the user"`
	Image       *string `json:"image" doc:"The profile image URL of the user"`
	CallbackURL *string `json:"callbackURL" doc:"The URL to use for email verification callback"`
	RememberMe  *bool   `json:"rememberMe" doc:"If this is false, the session will not be remembered"`
}

// SignUpEmailOutput is the response of POST /sign-up/email.
type SignUpEmailOutput struct {
	Token *string    `json:"token"`
	User  model.User `json:"user"`
}

// Better Auth: api/routes/sign-up.ts (signUpEmail).
func signUpEmail() *endpoint.Endpoint {
	ep := endpoint.New("signUpEmail", http.MethodPost, "/sign-up/email", endpoint.Meta{
		OperationID: "signUpWithEmailAndPassword",
		Description: "Sign up a user using email and password",
		MediaTypes:  []string{"application/x-www-form-urlencoded", "application/json"},
	}, handleSignUpEmail, endpoint.FormCSRF)
	return ep
}

func handleSignUpEmail(ctx context.Context, r *endpoint.Request, in SignUpEmailInput) (SignUpEmailOutput, error) {
	ep := r.Ctx.EmailAndPassword
	if !ep.Enabled || ep.DisableSignUp {
		return SignUpEmailOutput{}, apierror.New(http.StatusBadRequest, apierror.EmailPasswordSignUpDisabled, "Email and password sign up is not enabled")
	}
	if !endpoint.ValidEmail(in.Email) {
		return SignUpEmailOutput{}, apierror.InvalidEmail.WithStatus(http.StatusBadRequest)
	}
	if err := checkPasswordLength(r, in.Password); err != nil {
		return SignUpEmailOutput{}, err
	}
	extra, err := parseInput(r, store.UserModel, r.Body, true, signUpReserved)
	if err != nil {
		return SignUpEmailOutput{}, err
	}
	email := strings.ToLower(in.Email)
	existing, err := r.Ctx.Store.UserByEmail(ctx, email)
	if err != nil {
		return SignUpEmailOutput{}, err
	}
	if existing != nil {
		r.Ctx.Logger.InfoContext(ctx, "sign-up attempt for an existing email")
		if ep.RequireEmailVerification {
			return syntheticSignUp(ctx, r, in, email, extra, *existing)
		}
		return SignUpEmailOutput{}, apierror.UserAlreadyExistsUseAnotherEmail.WithStatus(http.StatusUnprocessableEntity)
	}
	hash, err := r.Ctx.Hasher.Hash(ctx, in.Password)
	if err != nil {
		return SignUpEmailOutput{}, err
	}
	var user model.User
	err = r.Ctx.Store.Tx(ctx, func(ctx context.Context) error {
		data := db.Record{}
		for k, v := range extra {
			data[k] = v
		}
		data["name"] = in.Name
		data["email"] = email
		data["emailVerified"] = false
		data["image"] = nilIfEmpty(in.Image)
		u, err := r.Ctx.Store.CreateUser(ctx, data)
		if err != nil {
			return err
		}
		if _, err := r.Ctx.Store.CreateAccount(ctx, db.Record{
			"providerId": "credential", "accountId": u.ID, "userId": u.ID, "password": hash,
		}); err != nil {
			return err
		}
		user = u
		return nil
	})
	switch {
	case errors.Is(err, db.ErrConflict):
		return SignUpEmailOutput{}, apierror.UserAlreadyExistsUseAnotherEmail.WithStatus(http.StatusUnprocessableEntity)
	case errors.Is(err, store.ErrAbort):
		return SignUpEmailOutput{}, apierror.FailedToCreateUser.WithStatus(http.StatusBadRequest)
	case err != nil:
		if _, ok := apierror.As(err); ok {
			return SignUpEmailOutput{}, err
		}
		r.Ctx.Logger.ErrorContext(ctx, "sign-up: creating user failed", "err", err)
		return SignUpEmailOutput{}, apierror.FailedToCreateUser.WithStatus(http.StatusUnprocessableEntity)
	}
	if sendOnSignUp(r) && r.Ctx.EmailVerification.SendVerificationEmail != nil {
		if err := sendVerification(ctx, r, user, str(in.CallbackURL)); err != nil {
			return SignUpEmailOutput{}, err
		}
	}
	if ep.DisableAutoSignIn || ep.RequireEmailVerification {
		return SignUpEmailOutput{Token: nil, User: userOut(r, user)}, nil
	}
	dontRemember := in.RememberMe != nil && !*in.RememberMe
	sess, err := createSession(ctx, r, user, dontRemember, nil)
	if err != nil {
		r.Ctx.Logger.ErrorContext(ctx, "sign-up: creating session failed", "err", err)
		return SignUpEmailOutput{}, apierror.FailedToCreateSession.WithStatus(http.StatusBadRequest)
	}
	return SignUpEmailOutput{Token: &sess.Token, User: userOut(r, user)}, nil
}

func sendOnSignUp(r *endpoint.Request) bool {
	if v := r.Ctx.EmailVerification.SendOnSignUp; v != nil {
		return *v
	}
	return r.Ctx.EmailAndPassword.RequireEmailVerification
}

// syntheticSignUp answers a duplicate sign-up exactly like a fresh one when verification
// is required (Better Auth's enumeration-safe path): the password is hashed for timing,
// the owner may be notified, and a synthetic user is returned with no session.
func syntheticSignUp(ctx context.Context, r *endpoint.Request, in SignUpEmailInput, email string, extra map[string]any, existing model.User) (SignUpEmailOutput, error) {
	if _, err := r.Ctx.Hasher.Hash(ctx, in.Password); err != nil {
		return SignUpEmailOutput{}, err
	}
	if f := r.Ctx.EmailAndPassword.OnExistingUserSignUp; f != nil {
		if err := f(ctx, existing); err != nil {
			r.Ctx.Logger.ErrorContext(ctx, "onExistingUserSignUp failed", "err", err)
		}
	}
	now := r.Now()
	u := model.User{
		ID: secret.GenerateID(), Name: in.Name, Email: email, Image: nilIfEmptyPtr(in.Image),
		CreatedAt: now, UpdatedAt: now, Fields: extra,
	}
	return SignUpEmailOutput{User: userOut(r, u)}, nil
}

var signUpReserved = map[string]bool{
	"name": true, "email": true, "password": true, "image": true, "callbackURL": true, "rememberMe": true,
}

func nilIfEmpty(p *string) any {
	if p == nil || *p == "" {
		return nil
	}
	return *p
}

func nilIfEmptyPtr(p *string) *string {
	if p == nil || *p == "" {
		return nil
	}
	return p
}
