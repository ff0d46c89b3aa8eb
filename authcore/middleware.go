package authcore

import (
	"context"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/internal/pipeline"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/session"
)

// Session is a session with its user.
type Session = session.Data

// SessionRecord is one stored session.
type SessionRecord = model.Session

type sessionKey struct{}

// SessionFrom returns the session Middleware loaded into ctx, or nil.
func SessionFrom(ctx context.Context) *Session {
	s, _ := ctx.Value(sessionKey{}).(*Session)
	return s
}

// Middleware loads the request's session (if any) into its context, for application
// routes outside the auth base path. Read it with SessionFrom. Session refreshes are
// applied to the store but no cookie is written.
func (a *Auth) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := a.SessionOf(r)
		if err != nil {
			a.Context.Logger.ErrorContext(r.Context(), "loading session failed", "err", err)
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		if s != nil {
			r = r.WithContext(context.WithValue(r.Context(), sessionKey{}, s))
		}
		next.ServeHTTP(w, r)
	})
}

// SessionOf reads the session of an incoming request (nil when there is none).
func (a *Auth) SessionOf(r *http.Request) (*Session, error) {
	if s := SessionFrom(r.Context()); s != nil {
		return s, nil
	}
	res, err := a.Context.Sessions.Get(r.Context(), discardIO{cookies: parseCookies(r), header: r.Header.Get("Cookie")}, session.GetOptions{NoCookies: true})
	if err != nil {
		return nil, err
	}
	return res.Data, nil
}

// RequireSession answers 401 {"message":"Unauthorized","code":"UNAUTHORIZED"} unless the
// request has a session; otherwise the session is in the context for next.
func (a *Auth) RequireSession(next http.Handler) http.Handler {
	return a.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if SessionFrom(r.Context()) == nil {
			body, _ := pipeline.Marshal(pipeline.ErrorBody(apierror.Unauthorized()))
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write(body)
			return
		}
		next.ServeHTTP(w, r)
	}))
}
