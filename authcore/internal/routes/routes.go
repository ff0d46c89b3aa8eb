// Package routes holds Better Auth 1.6.9's core routes (spec section 2), one file per
// route, assembled into a plugin through the public endpoint and plugin packages, exactly
// as a third-party plugin would be.
package routes

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/plugin"
	"github.com/goauth-dev/goauth/authcore/session"
)

// Core returns the core routes as a plugin. ok and error are returned separately by Tail
// because Better Auth registers them after every plugin.
func Core() plugin.Plugin {
	return plugin.Plugin{
		ID: "core",
		Endpoints: []*endpoint.Endpoint{
			signUpEmail(), signInEmail(), getSession(), signOut(),
			listSessions(), revokeSession(), revokeSessions(), revokeOtherSessions(),
			updateSession(), updateUser(), changePassword(), verifyPassword(),
			changeEmail(), deleteUser(), deleteUserCallback(),
			sendVerificationEmail(), verifyEmail(),
			requestPasswordReset(), resetPasswordCallback(), resetPassword(),
			listAccounts(), unlinkAccount(), setPassword(),
		},
	}
}

// Tail returns /ok and /error, which Better Auth always routes last.
func Tail() []*endpoint.Endpoint { return []*endpoint.Endpoint{ok(), errorPage()} }

// jsLen is the length of s in UTF-16 code units, as JavaScript's String#length.
func jsLen(s string) int {
	n := 0
	for _, r := range s {
		n += len(utf16.Encode([]rune{r}))
	}
	return n
}

func checkPasswordLength(r *endpoint.Request, pw string) error {
	n := jsLen(pw)
	if n < r.Ctx.EmailAndPassword.MinPasswordLength {
		return apierror.PasswordTooShort.WithStatus(http.StatusBadRequest)
	}
	if n > r.Ctx.EmailAndPassword.MaxPasswordLength {
		return apierror.PasswordTooLong.WithStatus(http.StatusBadRequest)
	}
	return nil
}

// userOut is the user as sent to clients (hidden fields removed).
func userOut(r *endpoint.Request, u model.User) model.User { return r.Ctx.Sessions.PublicUser(u) }

func sessionOut(r *endpoint.Request, s model.Session) model.Session { return r.Ctx.Sessions.Public(s) }

// sessionBody is {session, user} as get-session returns it.
type sessionBody struct {
	Session      model.Session `json:"session"`
	User         model.User    `json:"user"`
	NeedsRefresh *bool         `json:"needsRefresh,omitempty"`
}

func sessionData(r *endpoint.Request, d session.Data) sessionBody {
	return sessionBody{Session: sessionOut(r, d.Session), User: userOut(r, d.User)}
}

// status is Better Auth's {status: true}.
type status struct {
	Status bool `json:"status"`
}

// createSession creates a session for u and issues its cookies.
func createSession(ctx context.Context, r *endpoint.Request, u model.User, dontRemember bool, fields map[string]any) (model.Session, error) {
	sess, err := r.Ctx.Sessions.Create(ctx, u.ID, dontRemember, r.SessionIP(), r.UserAgent(), fields)
	if err != nil {
		return model.Session{}, err
	}
	dr := dontRemember
	r.SetSessionCookie(session.Data{Session: sess, User: u}, &dr)
	return sess, nil
}

// createSessionKeepRemember creates a normal session for u and issues its cookies the way
// the request's dont_remember cookie says (Better Auth: createSession(userId) followed by
// setSessionCookie without dontRememberMe, as in changePassword and verifyEmail).
func createSessionKeepRemember(ctx context.Context, r *endpoint.Request, u model.User) (model.Session, error) {
	sess, err := r.Ctx.Sessions.Create(ctx, u.ID, false, r.SessionIP(), r.UserAgent(), nil)
	if err != nil {
		return model.Session{}, err
	}
	r.SetSessionCookie(session.Data{Session: sess, User: u}, nil)
	return sess, nil
}

// withError appends error=<code> to a callback URL.
func withError(callback, code string) string {
	if strings.Contains(callback, "?") {
		return callback + "&error=" + code
	}
	return callback + "?error=" + code
}

// emailVerificationToken mints Better Auth's verification JWT.
func emailVerificationToken(r *endpoint.Request, email, updateTo, requestType string) (string, error) {
	claims := map[string]any{"email": strings.ToLower(email)}
	if updateTo != "" {
		claims["updateTo"] = updateTo
	}
	if requestType != "" {
		claims["requestType"] = requestType
	}
	return r.Ctx.Keys.SignJWT(claims, r.Ctx.Now(), r.Ctx.EmailVerification.ExpiresIn)
}

// sendVerification mails a verification link for u (Better Auth's sendVerificationEmailFn).
func sendVerification(ctx context.Context, r *endpoint.Request, u model.User, callbackURL string) error {
	send := r.Ctx.EmailVerification.SendVerificationEmail
	if send == nil {
		return apierror.VerificationEmailNotEnabled.WithStatus(http.StatusBadRequest)
	}
	token, err := emailVerificationToken(r, u.Email, "", "")
	if err != nil {
		return err
	}
	if callbackURL == "" {
		callbackURL = "/"
	}
	link := r.Ctx.BaseURL + "/verify-email?token=" + token + "&callbackURL=" + encodeURIComponent(callbackURL)
	msg := emailFor(r, u, link, token)
	return r.Deliver(ctx, func(ctx context.Context) error { return send(ctx, msg) })
}

func encodeURIComponent(s string) string {
	e := url.QueryEscape(s)
	e = strings.ReplaceAll(e, "+", "%20")
	for _, c := range []string{"!", "'", "(", ")", "*"} {
		e = strings.ReplaceAll(e, url.QueryEscape(c), c)
	}
	return e
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func ptr[T any](v T) *T { return &v }

func after(t time.Time, d time.Duration) time.Time { return t.Add(d).UTC().Truncate(time.Millisecond) }
