package social

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// WeChat is Website App login for WeChat (key "wechat"): the QR-code page
// (open.weixin.qq.com/connect/qrconnect, appid instead of client_id, scopes joined with
// ',', lang from Lang, default "cn", the #wechat_redirect fragment), no PKCE, the code
// exchange and refresh as GET requests with appid and secret in the query, profile from
// sns/userinfo with the openid of the token response (unionid, else openid, as the account
// id), emailVerified always false. No ID-token sign-in.
//
// WeChat gives no email address and sign-in needs one: set it with MapProfileToUser (as
// in Better Auth 1.6.9, where the email is null).
//
// Better Auth: packages/core/src/social-providers/wechat.ts.
func WeChat(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "wechat", name: "WeChat", opts: opts,
		authURL:       "https://open.weixin.qq.com/connect/qrconnect",
		tokenURL:      "https://api.weixin.qq.com/sns/oauth2/access_token",
		defaultScopes: []string{"snsapi_login"},
	}
	w := &wechat{p}
	p.exchange = func(ctx context.Context, x CodeExchange) (*Tokens, error) {
		return w.token(ctx, p.tokenURL, [][2]string{
			{"appid", opts.ClientID}, {"secret", opts.ClientSecret}, {"code", x.Code}, {"grant_type", "authorization_code"},
		})
	}
	p.refresh = func(ctx context.Context, refreshToken string) (*Tokens, error) {
		return w.token(ctx, "https://api.weixin.qq.com/sns/oauth2/refresh_token", [][2]string{
			{"appid", opts.ClientID}, {"grant_type", "refresh_token"}, {"refresh_token", refreshToken},
		})
	}
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		openid := strOf(t.Raw, "openid")
		if openid == "" {
			return User{}, nil, ErrNoUserInfo
		}
		q := FormEncode([][2]string{{"access_token", t.AccessToken}, {"openid", openid}, {"lang", "zh_CN"}})
		var profile map[string]any
		if err := p.getJSON(ctx, "https://api.weixin.qq.com/sns/userinfo?"+q, nil, &profile); err != nil {
			return User{}, nil, err
		}
		if profile == nil || truthy(profile, "errcode") {
			return User{}, nil, fmt.Errorf("social: wechat: userinfo: %s", strOf(profile, "errmsg"))
		}
		id := firstOf(profile, "unionid", "openid")
		if id == "" {
			id = openid
		}
		return User{
			ID: id, Name: strOf(profile, "nickname"), Email: strOf(profile, "email"),
			Image: strOf(profile, "headimgurl"),
		}, profile, nil
	}
	return w
}

type wechat struct{ *oauthProvider }

// AuthorizationURL implements Provider.
func (w *wechat) AuthorizationURL(_ context.Context, r AuthorizationRequest) (string, error) {
	o := w.opts
	redirect := r.RedirectURI
	if o.RedirectURI != "" {
		redirect = o.RedirectURI
	}
	lang := o.Lang
	if lang == "" {
		lang = "cn"
	}
	return w.authURL + "?" + FormEncode([][2]string{
		{"scope", strings.Join(w.scopes(r.Scopes), ",")}, {"response_type", "code"}, {"appid", o.ClientID},
		{"redirect_uri", redirect}, {"state", r.State}, {"lang", lang},
	}) + "#wechat_redirect", nil
}

// token calls WeChat's token endpoint (a GET) and maps its answer; the openid and
// unionid stay in Tokens.Raw for the profile fetch.
func (w *wechat) token(ctx context.Context, endpoint string, query [][2]string) (*Tokens, error) {
	var raw map[string]any
	if err := w.getJSON(ctx, endpoint+"?"+FormEncode(query), nil, &raw); err != nil {
		return nil, err
	}
	if raw == nil || truthy(raw, "errcode") {
		return nil, fmt.Errorf("social: wechat: token: %s", strOf(raw, "errmsg"))
	}
	if strOf(raw, "access_token") == "" {
		return nil, errors.New("social: wechat: token response has no access_token")
	}
	t := &Tokens{
		TokenType: "Bearer", AccessToken: strOf(raw, "access_token"), RefreshToken: strOf(raw, "refresh_token"),
		Raw: raw,
	}
	if s, ok := number(raw["expires_in"]); ok {
		t.AccessTokenExpiresAt = w.opts.Now().Add(time.Duration(s * float64(time.Second))).UTC().Truncate(time.Millisecond)
	}
	if sc, ok := raw["scope"].(string); ok {
		t.Scopes = strings.Split(sc, ",")
	}
	return t, nil
}
