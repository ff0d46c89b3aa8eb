package routes

import (
	"context"
	"errors"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/secret"
	"github.com/goauth-dev/goauth/authcore/session"
)

// VerifyEmailInput is the query of GET /verify-email.
type VerifyEmailInput struct {
	Token       string  `query:"token" validate:"required"`
	CallbackURL *string `query:"callbackURL"`
}

// VerifyEmailOutput is {status, user}.
type VerifyEmailOutput struct {
	Status bool        `json:"status"`
	User   *model.User `json:"user"`
}

// Better Auth: api/routes/email-verification.ts (verifyEmail).
//
// Difference on purpose: marking the email verified is a conditional update, so when one
// link is followed many times at once exactly one request performs the verification (and
// its hooks and auto sign-in); the others see an already verified address.
func verifyEmail() *endpoint.Endpoint {
	return endpoint.New("verifyEmail", http.MethodGet, "/verify-email", endpoint.Meta{
		OperationID: "verifyEmail", Description: "Verify the email of the user",
	}, handleVerifyEmail, endpoint.CallbackGuard(func(r *endpoint.Request) []string { return []string{r.Query.Get("callbackURL")} }))
}

func handleVerifyEmail(ctx context.Context, r *endpoint.Request, in VerifyEmailInput) (any, error) {
	cb := str(in.CallbackURL)
	fail := func(code apierror.Code) (any, error) {
		if cb != "" {
			return &endpoint.Redirect{URL: withError(cb, string(code))}, nil
		}
		return nil, code.WithStatus(http.StatusUnauthorized)
	}
	done := func(body any) (any, error) {
		if cb != "" {
			return &endpoint.Redirect{URL: cb}, nil
		}
		return body, nil
	}
	claims, err := r.Ctx.Keys.VerifyJWT(in.Token, r.Ctx.Now())
	if errors.Is(err, secret.ErrTokenExpired) {
		return fail(apierror.TokenExpired)
	}
	if err != nil {
		return fail(apierror.InvalidToken)
	}
	email, _ := claims["email"].(string)
	updateTo, _ := claims["updateTo"].(string)
	requestType, _ := claims["requestType"].(string)
	if !endpoint.ValidEmail(email) {
		return fail(apierror.InvalidToken)
	}
	user, err := r.Ctx.Store.UserByEmail(ctx, email)
	if err != nil {
		return nil, err
	}
	if user == nil {
		return fail(apierror.UserNotFound)
	}
	if updateTo != "" {
		return changeEmailLink(ctx, r, *user, email, updateTo, requestType, cb, fail, done)
	}
	if user.EmailVerified {
		return done(VerifyEmailOutput{Status: true})
	}
	ev := r.Ctx.EmailVerification
	if ev.BeforeEmailVerification != nil {
		if err := ev.BeforeEmailVerification(ctx, *user); err != nil {
			return nil, err
		}
	}
	won, err := r.Ctx.Store.MarkEmailVerified(ctx, user.ID)
	if err != nil {
		return nil, err
	}
	if !won {
		return done(VerifyEmailOutput{Status: true})
	}
	updated, err := r.Ctx.Store.UserByID(ctx, user.ID)
	if err != nil || updated == nil {
		return nil, err
	}
	if ev.AfterEmailVerification != nil {
		if err := ev.AfterEmailVerification(ctx, *updated); err != nil {
			return nil, err
		}
	}
	if ev.AutoSignInAfterVerification {
		cur, err := endpoint.LoadSession(ctx, r, false)
		if err != nil {
			return nil, err
		}
		if cur == nil || cur.User.Email != email {
			if _, err := createSessionKeepRemember(ctx, r, *updated); err != nil {
				return nil, apierror.FailedToCreateSession.WithStatus(http.StatusInternalServerError)
			}
		} else {
			r.SetSessionCookie(session.Data{Session: cur.Session, User: *updated}, nil)
		}
	}
	return done(VerifyEmailOutput{Status: true})
}

// changeEmailLink handles verification links that carry updateTo.
func changeEmailLink(ctx context.Context, r *endpoint.Request, user model.User, email, updateTo, requestType, cb string,
	fail func(apierror.Code) (any, error), done func(any) (any, error)) (any, error) {
	cur, err := endpoint.LoadSession(ctx, r, false)
	if err != nil {
		return nil, err
	}
	if cur != nil && cur.User.Email != email {
		return fail(apierror.InvalidUser)
	}
	callback := cb
	if callback == "" {
		callback = "/"
	}
	if requestType == "change-email-confirmation" {
		token, err := emailVerificationToken(r, email, updateTo, "change-email-verification")
		if err != nil {
			return nil, err
		}
		if send := r.Ctx.EmailVerification.SendVerificationEmail; send != nil {
			to := user
			to.Email = updateTo
			link := r.Ctx.BaseURL + "/verify-email?token=" + token + "&callbackURL=" + encodeURIComponent(callback)
			msg := emailFor(r, to, link, token)
			if err := r.Deliver(ctx, func(ctx context.Context) error { return send(ctx, msg) }); err != nil {
				return nil, err
			}
		}
		return done(status{Status: true})
	}
	verified := requestType == "change-email-verification"
	active := cur
	if active == nil {
		sess, err := r.Ctx.Sessions.Create(ctx, user.ID, false, r.SessionIP(), r.UserAgent(), nil)
		if err != nil {
			return nil, apierror.FailedToCreateSession.WithStatus(http.StatusInternalServerError)
		}
		active = &session.Data{Session: sess, User: user}
	}
	updated, err := r.Ctx.Store.UpdateUser(ctx, user.ID, db.Record{"email": updateTo, "emailVerified": verified})
	if err != nil {
		if errors.Is(err, db.ErrConflict) {
			return fail(apierror.InvalidToken)
		}
		return nil, err
	}
	if verified {
		if f := r.Ctx.EmailVerification.AfterEmailVerification; f != nil {
			if err := f(ctx, updated); err != nil {
				return nil, err
			}
		}
	} else if send := r.Ctx.EmailVerification.SendVerificationEmail; send != nil {
		token, err := emailVerificationToken(r, updateTo, "", "")
		if err != nil {
			return nil, err
		}
		link := r.Ctx.BaseURL + "/verify-email?token=" + token + "&callbackURL=" + encodeURIComponent(callback)
		msg := emailFor(r, updated, link, token)
		if err := r.Deliver(ctx, func(ctx context.Context) error { return send(ctx, msg) }); err != nil {
			return nil, err
		}
	}
	r.SetSessionCookie(session.Data{Session: active.Session, User: updated}, nil)
	out := userOut(r, updated)
	return done(VerifyEmailOutput{Status: true, User: &out})
}
