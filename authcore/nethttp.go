package authcore

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/internal/pipeline"
)

// Route protection for plain net/http applications (and chi, or gin through its adapter):
// Require and RequireRole build on Middleware and SessionFrom. The Echo integration
// (authecho) uses the same Authorizer, HasRole and Forbidden, so a guard written once works
// with both. Better Auth has no server-side guard of its own; its docs show getSession in
// a middleware, which is what these do.

// ContextWithSession returns a copy of ctx carrying s, where SessionFrom and SessionOf find
// it. Middleware does this for every request with a session; framework integrations that
// load the session themselves (authecho) use it so code below them sees the same session
// without loading it again.
func ContextWithSession(ctx context.Context, s *Session) context.Context {
	return context.WithValue(ctx, sessionKey{}, s)
}

// An Authorizer decides whether a signed-in request may go on. It returns nil to allow
// it, an *apierror.Error to deny it with that status and body (Forbidden for the usual
// 403), or any other error for a failure, which is logged and answered 500 without
// details. s is never nil.
//
// Authorizers are the extension point of Require and of authecho's guards: HasRole reads
// the user's roles, and plugins (admin permissions, organization membership) provide
// their own. r.Context() carries the session and is the context for any I/O.
type Authorizer func(r *http.Request, s *Session) error

// Forbidden is the 403 answered when an Authorizer denies a request:
// {"message":"Forbidden","code":"FORBIDDEN"}.
func Forbidden() *apierror.Error {
	return &apierror.Error{Status: http.StatusForbidden, Code: "FORBIDDEN", Message: "Forbidden"}
}

// HasRole allows users who have at least one of roles. A user's roles are the user field
// "role", which Better Auth's admin plugin keeps as a comma-separated list ("admin,user");
// an application without that plugin can declare "role" as an additional user field
// (Options.User.AdditionalFields). A user without the field has no role and is denied.
func HasRole(roles ...string) Authorizer {
	return func(_ *http.Request, s *Session) error {
		for _, have := range userRoles(s) {
			if slices.Contains(roles, have) {
				return nil
			}
		}
		return Forbidden()
	}
}

// userRoles splits the user's "role" field as Better Auth's admin plugin does
// (Better Auth: plugins/admin/has-permission.ts, role.split(",")).
func userRoles(s *Session) []string {
	var out []string
	switch v := s.User.Fields["role"].(type) {
	case string:
		for _, r := range strings.Split(v, ",") {
			if r = strings.TrimSpace(r); r != "" {
				out = append(out, r)
			}
		}
	case []string:
		out = v
	}
	return out
}

// GuardOptions configures Require. The zero value requires a session and answers 401 JSON
// otherwise, as RequireSession does.
type GuardOptions struct {
	// Authorize, when set, must also allow the signed-in request (see Authorizer).
	// Default: any session is enough.
	Authorize Authorizer
	// RedirectTo, when set, is where page navigations without a session are sent (303 See
	// Other), with the page they asked for as the callbackURL query parameter
	// ("/sign-in?callbackURL=%2Fprofile"). Other requests (fetch, XHR, non-GET) still get the
	// 401 JSON body, so one guard serves pages and the API calls they make. A page
	// navigation is a GET or HEAD with Sec-Fetch-Mode "navigate" or an Accept header that
	// names text/html. Default "": never redirect.
	//
	// SECURITY: callbackURL is the request's own path and query, always starting with a
	// single "/"; a sign-in page should still accept only such same-origin paths before
	// navigating to it.
	RedirectTo string
	// OnDenied, when set, answers every denied request instead of the defaults above. err
	// is Unauthorized (no session), Forbidden, or the *apierror.Error an Authorizer
	// returned. Default nil.
	OnDenied func(w http.ResponseWriter, r *http.Request, err *apierror.Error)
}

// Require returns middleware that lets a request through only when it has a session (and
// opts.Authorize allows it), with the session in its context for next (SessionFrom).
// Denied requests get Better Auth's error body: 401 {"message":"Unauthorized",
// "code":"UNAUTHORIZED"} without a session, 403 {"message":"Forbidden","code":"FORBIDDEN"}
// when the Authorizer denies; see GuardOptions for redirects and custom answers.
func (a *Auth) Require(opts GuardOptions) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s, err := a.SessionOf(r)
			if err != nil {
				a.Context.Logger.ErrorContext(r.Context(), "loading session failed", "err", err)
				w.WriteHeader(http.StatusInternalServerError)
				return
			}
			if s == nil {
				deny(w, r, opts, apierror.Unauthorized())
				return
			}
			if SessionFrom(r.Context()) != s {
				r = r.WithContext(ContextWithSession(r.Context(), s))
			}
			if opts.Authorize != nil {
				if err := opts.Authorize(r, s); err != nil {
					ae, ok := apierror.As(err)
					if !ok {
						a.Context.Logger.ErrorContext(r.Context(), "authorizing request failed", "err", err)
						w.WriteHeader(http.StatusInternalServerError)
						return
					}
					deny(w, r, opts, ae)
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// RequireRole is Require with HasRole(roles...): 401 without a session, 403 unless the
// user has one of roles.
func (a *Auth) RequireRole(roles ...string) func(http.Handler) http.Handler {
	return a.Require(GuardOptions{Authorize: HasRole(roles...)})
}

func deny(w http.ResponseWriter, r *http.Request, opts GuardOptions, e *apierror.Error) {
	switch {
	case opts.OnDenied != nil:
		opts.OnDenied(w, r, e)
	case opts.RedirectTo != "" && e.Status == http.StatusUnauthorized:
		w.Header().Add("Vary", "Accept, Sec-Fetch-Mode")
		if !IsNavigation(r) {
			WriteError(w, e)
			return
		}
		http.Redirect(w, r, SignInRedirect(opts.RedirectTo, r), http.StatusSeeOther)
	default:
		WriteError(w, e)
	}
}

// IsNavigation reports whether r is a browser loading a page (rather than fetch, XHR or a
// form post): a GET or HEAD with Sec-Fetch-Mode "navigate", or, from browsers that do not
// send fetch metadata, an Accept header naming text/html. Guards redirect such requests
// and answer others with JSON.
func IsNavigation(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if mode := r.Header.Get("Sec-Fetch-Mode"); mode != "" {
		return mode == "navigate"
	}
	return strings.Contains(r.Header.Get("Accept"), "text/html")
}

// SignInRedirect returns to with r's path and query added as the callbackURL parameter.
// The callback always starts with exactly one "/" (leading slashes and backslashes of the
// request path are collapsed), so it cannot name another origin.
func SignInRedirect(to string, r *http.Request) string {
	cb := "/" + strings.TrimLeft(r.URL.EscapedPath(), `/\`)
	if r.URL.RawQuery != "" {
		cb += "?" + r.URL.RawQuery
	}
	sep := "?"
	if strings.Contains(to, "?") {
		sep = "&"
	}
	return to + sep + "callbackURL=" + url.QueryEscape(cb)
}

// WriteError writes e as GoAuth's routes do: its status, its headers, Content-Type
// application/json and the body {"message","code"} (or no body for an EmptyBody error).
func WriteError(w http.ResponseWriter, e *apierror.Error) {
	for k, vs := range e.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.Status)
	if e.EmptyBody {
		return
	}
	body, _ := pipeline.Marshal(pipeline.ErrorBody(e))
	_, _ = w.Write(body)
}
