package social_test

import (
	"context"
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestNaver(t *testing.T) {
	checkProvider(t, providerCase{
		id: "naver", authBase: "https://nid.naver.com/oauth2.0/authorize",
		params: map[string]string{"scope": "profile email", "code_challenge": ""},
		token:  "nid.naver.com/oauth2.0/token",
		profiles: map[string]any{"openapi.naver.com/v1/nid/me": map[string]any{
			"resultcode": "00", "message": "success",
			"response": map[string]any{"id": "nv-1", "nickname": "navi", "email": "navi@example.com", "profile_image": "https://n/1"},
		}},
		want: social.User{ID: "nv-1", Name: "navi", Email: "navi@example.com", Image: "https://n/1"},
	})
	checkAuthURL(t, "naver", authURLOptions(), []string{"req.scope"}, "https://nid.naver.com/oauth2.0/authorize?response_type=code&client_id=cid&state=STATE&scope=profile+email+extra%3Ascope+req.scope&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fnaver")

	net := newFakeNet()
	net.json("openapi.naver.com/v1/nid/me", map[string]any{"resultcode": "024", "message": "Authentication failed"})
	p, _ := social.New("naver", social.Options{ClientID: "cid", HTTPClient: net.client()})
	if _, err := p.UserInfo(context.Background(), social.Tokens{AccessToken: "at"}, nil); err == nil {
		t.Error("resultcode 024 accepted")
	}
}
