package routes

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/session"
	"github.com/goauth-dev/goauth/authcore/social"
)

// CallbackInput is the query of GET /callback/{id} (a POST carries the same fields in
// its body and is redirected to the GET).
type CallbackInput struct {
	Code             *string `query:"code"`
	Error            *string `query:"error"`
	DeviceID         *string `query:"device_id"`
	ErrorDescription *string `query:"error_description"`
	State            *string `query:"state"`
	User             *string `query:"user"`
}

// callbackParams are the callback fields in Better Auth's schema order, which is the
// order the POST → GET redirect writes them.
var callbackParams = []string{"code", "error", "device_id", "error_description", "state", "user"}

// Better Auth: api/routes/callback.ts (callbackOAuth). Every failure is a 302 to the
// error URL with ?error=<code>.
func callbackOAuth(s *Social) *endpoint.Endpoint {
	return endpoint.New("callbackOAuth", http.MethodGet, "/callback/{id}", endpoint.Meta{
		OperationID: "handleOAuthCallback",
		MediaTypes:  []string{"application/x-www-form-urlencoded", "application/json"},
	}, func(ctx context.Context, r *endpoint.Request, in CallbackInput) (*endpoint.Redirect, error) {
		id := r.Params["id"]
		if r.HTTP != nil && r.HTTP.Method == http.MethodPost {
			return postToGet(r, id), nil
		}
		return s.callback(ctx, r, id, in), nil
	}).WithMethods(http.MethodGet, http.MethodPost)
}

// postToGet turns a form_post callback into a GET of the same route, so the browser
// sends its SameSite=Lax cookies: body and query merged (query wins), in schema order.
func postToGet(r *endpoint.Request, id string) *endpoint.Redirect {
	var pairs [][2]string
	for _, k := range callbackParams {
		v, ok := r.Query[k]
		if ok && len(v) > 0 {
			pairs = append(pairs, [2]string{k, v[0]})
			continue
		}
		if bv, ok := r.Body[k].(string); ok {
			pairs = append(pairs, [2]string{k, bv})
		}
	}
	return &endpoint.Redirect{URL: r.Ctx.BaseURL + "/callback/" + id + "?" + social.FormEncode(pairs)}
}

func (s *Social) callback(ctx context.Context, r *endpoint.Request, id string, in CallbackInput) *endpoint.Redirect {
	defaultErrorURL := r.Ctx.BaseURL + "/error"
	state := str(in.State)
	if state == "" {
		sep := "?"
		if strings.Contains(defaultErrorURL, "?") {
			sep = "&"
		}
		return &endpoint.Redirect{URL: defaultErrorURL + sep + "state=state_not_found"}
	}
	if s == nil || s.States == nil {
		return &endpoint.Redirect{URL: defaultErrorURL + "?error=please_restart_the_process"}
	}
	d, err := s.States.Consume(ctx, r, state, id)
	if err != nil {
		var se *social.StateError
		if errors.As(err, &se) {
			r.Ctx.Logger.InfoContext(ctx, "oauth callback refused", "reason", se.Reason)
			return &endpoint.Redirect{URL: defaultErrorURL + "?error=" + se.Code}
		}
		r.Ctx.Logger.ErrorContext(ctx, "oauth callback: reading state failed", "err", err)
		return &endpoint.Redirect{URL: defaultErrorURL + "?error=please_restart_the_process"}
	}
	errorURL := d.ErrorURL
	if errorURL == "" {
		errorURL = defaultErrorURL
	}
	fail := func(code, description string) *endpoint.Redirect { return errorRedirect(errorURL, code, description) }
	if e := str(in.Error); e != "" {
		return fail(e, str(in.ErrorDescription))
	}
	code := str(in.Code)
	if code == "" {
		return fail("no_code", "")
	}
	p := s.provider(id)
	if p == nil {
		return fail("oauth_provider_not_found", "")
	}
	redirectURI := r.Ctx.BaseURL + "/callback/" + p.ID()
	tokens, err := p.ExchangeCode(ctx, social.CodeExchange{
		Code: code, CodeVerifier: d.CodeVerifier, RedirectURI: redirectURI,
		DeviceID: str(in.DeviceID), Nonce: d.Nonce,
	})
	if err != nil || tokens == nil {
		r.Ctx.Logger.WarnContext(ctx, "oauth code exchange failed", "provider", id, "err", err)
		return fail("invalid_code", "")
	}
	var hint *social.UserHint
	if u := str(in.User); u != "" {
		var h social.UserHint
		if json.Unmarshal([]byte(u), &h) == nil {
			hint = &h
		}
	}
	info, err := p.UserInfo(ctx, *tokens, hint)
	if err != nil || info == nil || info.User.ID == "" {
		r.Ctx.Logger.WarnContext(ctx, "oauth user info failed", "provider", id, "err", err)
		return fail("unable_to_get_user_info", "")
	}
	if d.CallbackURL == "" {
		return fail("no_callback_url", "")
	}
	acc := oauthAccount{ProviderID: p.ID(), AccountID: info.User.ID, Tokens: *tokens}
	if d.Link != nil {
		return s.linkCallback(ctx, r, d, info.User, acc, fail)
	}
	if info.User.Email == "" {
		return fail("email_not_found", "")
	}
	pol := p.Policy()
	requestSignUp := d.RequestSignUp != nil && *d.RequestSignUp
	res, reason, err := s.handleOAuthUserInfo(ctx, r, info.User, acc, d.CallbackURL,
		(pol.DisableImplicitSignUp && !requestSignUp) || pol.DisableSignUp, pol.OverrideUserInfoOnSignIn)
	if err != nil {
		r.Ctx.Logger.ErrorContext(ctx, "oauth sign-in failed", "provider", id, "err", err)
		return &endpoint.Redirect{URL: defaultErrorURL + "?error=internal_server_error"}
	}
	if reason != "" {
		return fail(strings.ReplaceAll(reason, " ", "_"), "")
	}
	r.SetSessionCookie(session.Data{Session: res.Session, User: res.User}, nil)
	to := d.CallbackURL
	if res.IsRegister && d.NewUserURL != "" {
		to = d.NewUserURL
	}
	return &endpoint.Redirect{URL: to}
}

// linkCallback attaches the provider account to the signed-in user who started
// /link-social.
func (s *Social) linkCallback(ctx context.Context, r *endpoint.Request, d *social.StateData, u social.User, acc oauthAccount, fail func(code, desc string) *endpoint.Redirect) *endpoint.Redirect {
	linking := r.Ctx.Account.AccountLinking
	if !social.CanLinkExplicitly(linking, acc.ProviderID, u.EmailVerified) {
		return fail("unable_to_link_account", "")
	}
	if !strings.EqualFold(u.Email, d.Link.Email) && !linking.AllowDifferentEmails {
		return fail("email_doesn't_match", "")
	}
	st := r.Ctx.Store
	existing, err := st.AccountByProvider(ctx, acc.ProviderID, acc.AccountID)
	if err != nil {
		r.Ctx.Logger.ErrorContext(ctx, "oauth link failed", "err", err)
		return fail("unable_to_link_account", "")
	}
	if existing != nil {
		if existing.UserID != d.Link.UserID {
			return fail("account_already_linked_to_different_user", "")
		}
		rec, err := s.accountRecord(acc, false)
		if err == nil && len(rec) > 0 {
			_, err = st.UpdateAccount(ctx, existing.ID, rec)
		}
		if err != nil {
			r.Ctx.Logger.ErrorContext(ctx, "oauth link: updating account failed", "err", err)
			return fail("unable_to_link_account", "")
		}
	} else {
		rec, err := s.accountRecord(acc, true)
		if err == nil {
			rec["userId"] = d.Link.UserID
			_, err = st.CreateAccount(ctx, rec)
		}
		if err != nil {
			r.Ctx.Logger.ErrorContext(ctx, "oauth link: creating account failed", "err", err)
			return fail("unable_to_link_account", "")
		}
	}
	if linking.UpdateUserInfoOnLink {
		if _, err := st.UpdateUser(ctx, d.Link.UserID, userInfoOnLink(u)); err != nil {
			r.Ctx.Logger.WarnContext(ctx, "oauth link: updating user info failed", "err", err)
		}
	}
	return &endpoint.Redirect{URL: d.CallbackURL}
}

// userInfoOnLink is the user patch of accountLinking.updateUserInfoOnLink.
func userInfoOnLink(u social.User) map[string]any {
	patch := map[string]any{}
	if u.Name != "" {
		patch["name"] = u.Name
	}
	if u.Image != "" {
		patch["image"] = u.Image
	}
	return patch
}
