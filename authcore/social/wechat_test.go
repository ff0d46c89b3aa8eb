package social_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestWeChatAuthorizationURL(t *testing.T) {
	checkAuthURL(t, "wechat", authURLOptions(), []string{"req.scope"}, "https://open.weixin.qq.com/connect/qrconnect?scope=snsapi_login%2Cextra%3Ascope%2Creq.scope&response_type=code&appid=cid&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fwechat&state=STATE&lang=cn#wechat_redirect")
	checkAuthURL(t, "wechat", social.Options{ClientID: "cid", Lang: "en", RedirectURI: "https://override.example/cb"}, nil, "https://open.weixin.qq.com/connect/qrconnect?scope=snsapi_login&response_type=code&appid=cid&redirect_uri=https%3A%2F%2Foverride.example%2Fcb&state=STATE&lang=en#wechat_redirect")
}

// TestWeChat: GET token requests with appid/secret, the openid of the token response
// used for the profile, refresh, and WeChat's errcode answers.
func TestWeChat(t *testing.T) {
	net := newFakeNet()
	net.json("api.weixin.qq.com/sns/oauth2/access_token", map[string]any{
		"access_token": "at-1", "expires_in": 7200, "refresh_token": "rt-1", "openid": "o-1", "scope": "snsapi_login", "unionid": "un-1",
	})
	net.json("api.weixin.qq.com/sns/userinfo", map[string]any{
		"openid": "o-1", "unionid": "un-1", "nickname": "Wei", "headimgurl": "https://w/1", "privilege": []any{},
	})
	net.json("api.weixin.qq.com/sns/oauth2/refresh_token", map[string]any{
		"access_token": "at-2", "expires_in": 60, "refresh_token": "rt-2", "openid": "o-1", "scope": "snsapi_base,snsapi_login",
	})
	p, err := social.New("wechat", social.Options{ClientID: "wx-app", ClientSecret: "wx-secret", HTTPClient: net.client(), Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tok, err := p.ExchangeCode(ctx, social.CodeExchange{Code: "code-1", RedirectURI: "https://app/cb"})
	if err != nil {
		t.Fatal(err)
	}
	req := net.last(t, "api.weixin.qq.com/sns/oauth2/access_token")
	if want := "https://api.weixin.qq.com/sns/oauth2/access_token?appid=wx-app&secret=wx-secret&code=code-1&grant_type=authorization_code"; req.Method != "GET" || req.URL != want {
		t.Errorf("exchange %s %s", req.Method, req.URL)
	}
	if tok.AccessToken != "at-1" || tok.RefreshToken != "rt-1" || tok.TokenType != "Bearer" ||
		!tok.AccessTokenExpiresAt.Equal(t0.Add(2*time.Hour)) || !cmp.Equal(tok.Scopes, []string{"snsapi_login"}) {
		t.Errorf("tokens %+v", tok)
	}
	info, err := p.UserInfo(ctx, *tok, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(social.User{ID: "un-1", Name: "Wei", Image: "https://w/1"}, info.User); diff != "" {
		t.Errorf("user (-want +got):\n%s", diff)
	}
	u, _ := url.Parse(net.last(t, "api.weixin.qq.com/sns/userinfo").URL)
	if q := u.Query(); q.Get("access_token") != "at-1" || q.Get("openid") != "o-1" || q.Get("lang") != "zh_CN" {
		t.Errorf("userinfo query %v", q)
	}
	// Tokens without the openid (a stored account) cannot fetch the profile.
	if _, err := p.UserInfo(ctx, social.Tokens{AccessToken: "at-1"}, nil); err == nil {
		t.Error("user info without openid")
	}

	rt, err := p.(social.Refresher).RefreshAccessToken(ctx, "rt-1")
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://api.weixin.qq.com/sns/oauth2/refresh_token?appid=wx-app&grant_type=refresh_token&refresh_token=rt-1"; net.last(t, "api.weixin.qq.com/sns/oauth2/refresh_token").URL != want {
		t.Errorf("refresh %s", net.last(t, "api.weixin.qq.com/sns/oauth2/refresh_token").URL)
	}
	if rt.AccessToken != "at-2" || rt.RefreshToken != "rt-2" || !cmp.Equal(rt.Scopes, []string{"snsapi_base", "snsapi_login"}) {
		t.Errorf("refreshed %+v", rt)
	}

	// The openid stands in for a profile without ids; errcode answers are failures.
	net.json("api.weixin.qq.com/sns/userinfo", map[string]any{"nickname": "Anon"})
	if info, err := p.UserInfo(ctx, *tok, nil); err != nil || info.User.ID != "o-1" {
		t.Errorf("%+v %v", info, err)
	}
	net.json("api.weixin.qq.com/sns/userinfo", map[string]any{"errcode": 40003, "errmsg": "invalid openid"})
	if _, err := p.UserInfo(ctx, *tok, nil); err == nil {
		t.Error("userinfo errcode accepted")
	}
	net.json("api.weixin.qq.com/sns/oauth2/access_token", map[string]any{"errcode": 40029, "errmsg": "invalid code"})
	if _, err := p.ExchangeCode(ctx, social.CodeExchange{Code: "bad"}); err == nil {
		t.Error("token errcode accepted")
	}
	net.json("api.weixin.qq.com/sns/oauth2/refresh_token", map[string]any{"errcode": 42002, "errmsg": "refresh_token expired"})
	if _, err := p.(social.Refresher).RefreshAccessToken(ctx, "rt-1"); err == nil {
		t.Error("refresh errcode accepted")
	}
}
