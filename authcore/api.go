package authcore

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/goauth-dev/goauth/authcore/internal/pipeline"
	"github.com/goauth-dev/goauth/authcore/internal/routes"
)

// Input and output types of the core routes.
type (
	SignUpEmailInput           = routes.SignUpEmailInput
	SignUpEmailOutput          = routes.SignUpEmailOutput
	SignInEmailInput           = routes.SignInEmailInput
	SignInEmailOutput          = routes.SignInEmailOutput
	ChangePasswordInput        = routes.ChangePasswordInput
	ChangePasswordOutput       = routes.ChangePasswordOutput
	RequestPasswordResetInput  = routes.RequestPasswordResetInput
	RequestPasswordResetOutput = routes.RequestPasswordResetOutput
	ResetPasswordInput         = routes.ResetPasswordInput
	SendVerificationEmailInput = routes.SendVerificationEmailInput
	ChangeEmailInput           = routes.ChangeEmailInput
	DeleteUserInput            = routes.DeleteUserInput
	DeleteUserOutput           = routes.DeleteUserOutput
	RevokeSessionInput         = routes.RevokeSessionInput
	UnlinkAccountInput         = routes.UnlinkAccountInput
	VerifyPasswordInput        = routes.VerifyPasswordInput
	SetPasswordInput           = routes.SetPasswordInput
	AccountOutput              = routes.AccountOutput
)

// API calls routes in-process: the same hooks, validation, guards and handlers as over
// HTTP, without origin checks or rate limits (as Better Auth's auth.api). Each method
// takes the caller's request headers (cookies for the session; may be nil) and returns the
// response headers (Set-Cookie lines) beside the result.
type API struct {
	p *pipeline.Pipeline
}

// Call invokes any endpoint by key with a body (a struct or map, nil for none) and query.
func (api *API) Call(ctx context.Context, key string, h http.Header, body any, query url.Values) (any, http.Header, error) {
	res, r, err := api.p.Invoke(ctx, key, h, body, query)
	if r == nil {
		return nil, nil, err
	}
	return res, r.ResponseHeader, err
}

func call[Out any](ctx context.Context, api *API, key string, h http.Header, body any) (Out, http.Header, error) {
	var zero Out
	res, hdr, err := api.Call(ctx, key, h, body, nil)
	if err != nil {
		return zero, hdr, err
	}
	out, ok := res.(Out)
	if !ok {
		return zero, hdr, fmt.Errorf("authcore: %s returned %T, not %T", key, res, zero)
	}
	return out, hdr, nil
}

// SignUpEmail is POST /sign-up/email.
func (api *API) SignUpEmail(ctx context.Context, h http.Header, in SignUpEmailInput) (SignUpEmailOutput, http.Header, error) {
	return call[SignUpEmailOutput](ctx, api, "signUpEmail", h, in)
}

// SignInEmail is POST /sign-in/email.
func (api *API) SignInEmail(ctx context.Context, h http.Header, in SignInEmailInput) (SignInEmailOutput, http.Header, error) {
	return call[SignInEmailOutput](ctx, api, "signInEmail", h, in)
}

// GetSession is GET /get-session: nil when the headers carry no valid session.
func (api *API) GetSession(ctx context.Context, h http.Header) (*Session, http.Header, error) {
	res, hdr, err := api.Call(ctx, "getSession", h, nil, nil)
	if err != nil || res == nil {
		return nil, hdr, err
	}
	s, ok := routes.AsSession(res)
	if !ok {
		return nil, hdr, nil
	}
	return &s, hdr, nil
}

// SignOut is POST /sign-out.
func (api *API) SignOut(ctx context.Context, h http.Header) (http.Header, error) {
	_, hdr, err := api.Call(ctx, "signOut", h, map[string]any{}, nil)
	return hdr, err
}

// ChangePassword is POST /change-password.
func (api *API) ChangePassword(ctx context.Context, h http.Header, in ChangePasswordInput) (ChangePasswordOutput, http.Header, error) {
	return call[ChangePasswordOutput](ctx, api, "changePassword", h, in)
}

// SetPassword is Better Auth's server-only setPassword: adds a password to a user who has
// none (e.g. signed up with a social provider).
func (api *API) SetPassword(ctx context.Context, h http.Header, in SetPasswordInput) error {
	_, _, err := api.Call(ctx, "setPassword", h, in, nil)
	return err
}

// VerifyPassword is POST /verify-password.
func (api *API) VerifyPassword(ctx context.Context, h http.Header, in VerifyPasswordInput) error {
	_, _, err := api.Call(ctx, "verifyPassword", h, in, nil)
	return err
}

// RequestPasswordReset is POST /request-password-reset.
func (api *API) RequestPasswordReset(ctx context.Context, in RequestPasswordResetInput) (RequestPasswordResetOutput, error) {
	out, _, err := call[RequestPasswordResetOutput](ctx, api, "requestPasswordReset", nil, in)
	return out, err
}

// ResetPassword is POST /reset-password.
func (api *API) ResetPassword(ctx context.Context, in ResetPasswordInput) error {
	_, _, err := api.Call(ctx, "resetPassword", nil, in, nil)
	return err
}

// SendVerificationEmail is POST /send-verification-email.
func (api *API) SendVerificationEmail(ctx context.Context, h http.Header, in SendVerificationEmailInput) error {
	_, _, err := api.Call(ctx, "sendVerificationEmail", h, in, nil)
	return err
}

// VerifyEmail is GET /verify-email with a token.
func (api *API) VerifyEmail(ctx context.Context, h http.Header, token string) (http.Header, error) {
	_, hdr, err := api.Call(ctx, "verifyEmail", h, nil, url.Values{"token": {token}})
	return hdr, err
}

// ChangeEmail is POST /change-email.
func (api *API) ChangeEmail(ctx context.Context, h http.Header, in ChangeEmailInput) error {
	_, _, err := api.Call(ctx, "changeEmail", h, in, nil)
	return err
}

// UpdateUser is POST /update-user with a record of fields (name, image, additional fields).
func (api *API) UpdateUser(ctx context.Context, h http.Header, fields map[string]any) (http.Header, error) {
	_, hdr, err := api.Call(ctx, "updateUser", h, fields, nil)
	return hdr, err
}

// DeleteUser is POST /delete-user.
func (api *API) DeleteUser(ctx context.Context, h http.Header, in DeleteUserInput) (DeleteUserOutput, http.Header, error) {
	return call[DeleteUserOutput](ctx, api, "deleteUser", h, in)
}

// ListSessions is GET /list-sessions.
func (api *API) ListSessions(ctx context.Context, h http.Header) ([]SessionRecord, error) {
	out, _, err := call[[]SessionRecord](ctx, api, "listSessions", h, nil)
	return out, err
}

// RevokeSession is POST /revoke-session.
func (api *API) RevokeSession(ctx context.Context, h http.Header, token string) error {
	_, _, err := api.Call(ctx, "revokeSession", h, RevokeSessionInput{Token: token}, nil)
	return err
}

// RevokeSessions is POST /revoke-sessions.
func (api *API) RevokeSessions(ctx context.Context, h http.Header) error {
	_, _, err := api.Call(ctx, "revokeSessions", h, map[string]any{}, nil)
	return err
}

// RevokeOtherSessions is POST /revoke-other-sessions.
func (api *API) RevokeOtherSessions(ctx context.Context, h http.Header) error {
	_, _, err := api.Call(ctx, "revokeOtherSessions", h, map[string]any{}, nil)
	return err
}

// ListAccounts is GET /list-accounts.
func (api *API) ListAccounts(ctx context.Context, h http.Header) ([]AccountOutput, error) {
	out, _, err := call[[]AccountOutput](ctx, api, "listUserAccounts", h, nil)
	return out, err
}

// UnlinkAccount is POST /unlink-account.
func (api *API) UnlinkAccount(ctx context.Context, h http.Header, in UnlinkAccountInput) error {
	_, _, err := api.Call(ctx, "unlinkAccount", h, in, nil)
	return err
}
