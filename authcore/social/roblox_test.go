package social_test

import (
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestRoblox(t *testing.T) {
	checkProvider(t, providerCase{
		id: "roblox", authBase: "https://apis.roblox.com/oauth/v1/authorize",
		params: map[string]string{"scope": "openid profile", "prompt": "select_account consent", "response_type": "code", "code_challenge": ""},
		token:  "apis.roblox.com/oauth/v1/token",
		profiles: map[string]any{"apis.roblox.com/oauth/v1/userinfo": map[string]any{
			"sub": "1234", "preferred_username": "builder", "nickname": "", "picture": "https://r/1",
		}},
		want: social.User{ID: "1234", Name: "builder", Email: "builder", Image: "https://r/1"},
	})
	checkAuthURL(t, "roblox", social.Options{ClientID: "cid", Scopes: []string{"extra:scope"}}, []string{"req.scope"}, "https://apis.roblox.com/oauth/v1/authorize?scope=openid+profile+extra:scope+req.scope&response_type=code&client_id=cid&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Froblox&state=STATE&prompt=select_account%20consent")
	checkAuthURL(t, "roblox", authURLOptions(), nil, "https://apis.roblox.com/oauth/v1/authorize?scope=openid+profile+extra:scope&response_type=code&client_id=cid&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Froblox&state=STATE&prompt=login")
}
