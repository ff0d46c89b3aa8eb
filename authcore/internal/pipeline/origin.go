package pipeline

import (
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
)

// checkOrigin is Better Auth's router-wide originCheckMiddleware (spec 5.1): for methods
// other than GET, OPTIONS and HEAD, the Origin of cookie-carrying requests must be trusted
// and the callback-type URLs of the body (and query) must be trusted.
func (p *Pipeline) checkOrigin(r *endpoint.Request) error {
	switch r.HTTP.Method {
	case http.MethodGet, http.MethodOptions, http.MethodHead:
		return nil
	}
	if err := endpoint.ValidateOrigin(r, false); err != nil {
		return err
	}
	str := func(k string) string {
		s, _ := r.Body[k].(string)
		return s
	}
	cb := str("callbackURL")
	if cb == "" {
		cb = r.Query.Get("callbackURL")
	}
	checks := []struct {
		url  string
		code apierror.Code
	}{
		{cb, apierror.InvalidCallbackURL},
		{str("redirectTo"), apierror.InvalidRedirectURL},
		{str("errorCallbackURL"), apierror.InvalidErrorCallbackURL},
		{str("newUserCallbackURL"), apierror.InvalidNewUserCallbackURL},
	}
	for _, c := range checks {
		if err := endpoint.ValidateCallback(r, c.url, c.code); err != nil {
			return err
		}
	}
	return nil
}
