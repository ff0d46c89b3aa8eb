package social_test

import (
	"context"
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestTikTok(t *testing.T) {
	checkProvider(t, providerCase{
		id: "tiktok", authBase: "https://www.tiktok.com/v2/auth/authorize",
		opts:   social.Options{ClientKey: "cid"},
		params: map[string]string{"scope": "user.info.profile", "client_id": "", "client_key": "cid", "code_challenge": ""},
		token:  "open.tiktokapis.com/v2/oauth/token/",
		profiles: map[string]any{"open.tiktokapis.com/v2/user/info/": map[string]any{"data": map[string]any{"user": map[string]any{
			"open_id": "tt-1", "display_name": "Tikka", "username": "tikka", "avatar_large_url": "https://t/1",
		}}}},
		want: social.User{ID: "tt-1", Name: "Tikka", Email: "tikka", Image: "https://t/1"},
	})
	o := authURLOptions()
	o.ClientKey = "ck"
	checkAuthURL(t, "tiktok", o, []string{"req.scope"}, "https://www.tiktok.com/v2/auth/authorize?scope=user.info.profile,extra:scope,req.scope&response_type=code&client_key=ck&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Ftiktok&state=STATE")
}

// TestTikTokClientKey: the client key identifies the app everywhere, a client id is
// neither needed nor used.
func TestTikTokClientKey(t *testing.T) {
	net := newFakeNet()
	net.json("open.tiktokapis.com/v2/oauth/token/", map[string]any{"access_token": "at", "refresh_token": "rt", "open_id": "tt-1"})
	net.json("open.tiktokapis.com/v2/user/info/", map[string]any{"data": map[string]any{"user": map[string]any{"open_id": "tt-1", "username": "tikka"}}})
	p, err := social.New("tiktok", social.Options{ClientKey: "ck", ClientSecret: "cs", HTTPClient: net.client()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := p.ExchangeCode(ctx, social.CodeExchange{Code: "c", RedirectURI: "https://app/cb"}); err != nil {
		t.Fatal(err)
	}
	f := net.last(t, "open.tiktokapis.com/v2/oauth/token/").Form
	if f.Get("client_key") != "ck" || f.Get("client_secret") != "cs" || f.Get("client_id") != "ck" {
		t.Errorf("exchange form %v", f)
	}
	if _, err := p.(social.Refresher).RefreshAccessToken(ctx, "rt"); err != nil {
		t.Fatal(err)
	}
	f = net.last(t, "open.tiktokapis.com/v2/oauth/token/").Form
	if f.Get("client_key") != "ck" || f.Get("client_secret") != "cs" || f.Get("grant_type") != "refresh_token" {
		t.Errorf("refresh form %v", f)
	}
	info, err := p.UserInfo(ctx, social.Tokens{AccessToken: "at"}, nil)
	if err != nil || info.User.Name != "tikka" || info.User.Email != "tikka" {
		t.Errorf("%+v %v", info, err)
	}
	if u := net.last(t, "open.tiktokapis.com/v2/user/info/").URL; u != "https://open.tiktokapis.com/v2/user/info/?fields=open_id,avatar_large_url,display_name,username" {
		t.Errorf("user info URL %s", u)
	}
	for name, o := range map[string]social.Options{
		"no client key": {ClientID: "cid", ClientSecret: "cs"},
		"no secret":     {ClientKey: "ck"},
	} {
		if _, err := social.New("tiktok", o); err == nil {
			t.Errorf("%s: built", name)
		}
	}
}
