package endpoint

import (
	"context"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/origin"
)

// Trusted returns the trusted origins for this request.
func (r *Request) Trusted() []string {
	if r.Ctx.TrustedOrigins == nil {
		return []string{r.Ctx.Origin}
	}
	return r.Ctx.TrustedOrigins(r.HTTP)
}

// ValidateOrigin is Better Auth's validateOrigin: the Origin header (else Referer) must
// be a trusted origin. It applies only to HTTP requests that carry cookies, unless force
// is set (fetch-metadata checks on sign-in and sign-up).
func ValidateOrigin(r *Request, force bool) error {
	if r.HTTP == nil || r.Ctx.Advanced.DisableCSRFCheck {
		return nil
	}
	if !force && r.Header.Get("Cookie") == "" {
		return nil
	}
	src := r.Header.Get("Origin")
	if src == "" {
		src = r.Header.Get("Referer")
	}
	if src == "" || src == "null" {
		return apierror.MissingOrNullOrigin.WithStatus(http.StatusForbidden)
	}
	if !origin.Trusted(src, r.Trusted(), false) {
		return apierror.InvalidOrigin.WithStatus(http.StatusForbidden)
	}
	return nil
}

// ValidateCallback checks a callback-type URL against the trusted origins (relative paths
// allowed). It returns code with status 403 when the URL is not trusted.
func ValidateCallback(r *Request, u string, code apierror.Code) error {
	if u == "" || r.Ctx.Advanced.DisableOriginCheck {
		return nil
	}
	if !origin.Trusted(u, r.Trusted(), true) {
		return code.WithStatus(http.StatusForbidden)
	}
	return nil
}

// FormCSRF is Better Auth's formCsrfMiddleware (sign-in and sign-up): with cookies, the
// origin is validated; without cookies but with fetch metadata, a cross-site navigation
// is blocked and any other request must carry a trusted Origin.
func FormCSRF(_ context.Context, r *Request) error {
	if r.HTTP == nil || r.Ctx.Advanced.DisableCSRFCheck {
		return nil
	}
	if r.Header.Get("Cookie") != "" {
		return ValidateOrigin(r, false)
	}
	site := r.Header.Get("Sec-Fetch-Site")
	mode := r.Header.Get("Sec-Fetch-Mode")
	dest := r.Header.Get("Sec-Fetch-Dest")
	if site == "" && mode == "" && dest == "" {
		return nil
	}
	if site == "cross-site" && mode == "navigate" {
		return apierror.CrossSiteNavigationLoginBlocked.WithStatus(http.StatusForbidden)
	}
	return ValidateOrigin(r, true)
}

// CallbackGuard is Better Auth's per-endpoint originCheck(getter): the URLs get returns
// must be trusted (relative paths allowed), even on GET.
func CallbackGuard(get func(r *Request) []string) Guard {
	return func(_ context.Context, r *Request) error {
		if r.HTTP == nil {
			return nil
		}
		for _, u := range get(r) {
			if err := ValidateCallback(r, u, apierror.InvalidCallbackURL); err != nil {
				return err
			}
		}
		return nil
	}
}
