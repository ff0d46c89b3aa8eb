package routes

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/goauth-dev/goauth/authcore/endpoint"
)

// ResetPasswordCallbackInput is the query of GET /reset-password/{token}.
type ResetPasswordCallbackInput struct {
	CallbackURL string `query:"callbackURL" validate:"required"`
}

// Better Auth: api/routes/password.ts (requestPasswordResetCallback). The redirect is
// absolute: callbackURL resolved against the base URL.
func resetPasswordCallback() *endpoint.Endpoint {
	return endpoint.New("requestPasswordResetCallback", http.MethodGet, "/reset-password/{token}", endpoint.Meta{
		OperationID: "resetPasswordCallback", Description: "Redirects the user to the callback URL with the token",
	}, func(ctx context.Context, r *endpoint.Request, in ResetPasswordCallbackInput) (any, error) {
		token := r.Params["token"]
		base, err := url.Parse(r.Ctx.BaseURL)
		if err != nil {
			return nil, err
		}
		target, err := base.Parse(in.CallbackURL)
		if err != nil {
			return nil, err
		}
		v, err := r.Ctx.Store.Verification(ctx, "reset-password:"+token)
		if err != nil {
			return nil, err
		}
		if token == "" || v == nil {
			setParam(target, "error", "INVALID_TOKEN")
		} else {
			setParam(target, "token", token)
		}
		return &endpoint.Redirect{URL: target.String()}, nil
	}, endpoint.CallbackGuard(func(r *endpoint.Request) []string { return []string{r.Query.Get("callbackURL")} }))
}

// setParam is URLSearchParams#set: the first pair with key gets the value in place (later
// duplicates are dropped), otherwise the pair is appended; other pairs keep their order.
// (url.Values.Encode would sort the keys.)
func setParam(u *url.URL, key, value string) {
	pair := url.QueryEscape(key) + "=" + url.QueryEscape(value)
	var out []string
	found := false
	for _, p := range strings.Split(u.RawQuery, "&") {
		if p == "" {
			continue
		}
		k, _, _ := strings.Cut(p, "=")
		if dk, err := url.QueryUnescape(k); err == nil && dk == key {
			if !found {
				out = append(out, pair)
				found = true
			}
			continue
		}
		out = append(out, p)
	}
	if !found {
		out = append(out, pair)
	}
	u.RawQuery = strings.Join(out, "&")
}
