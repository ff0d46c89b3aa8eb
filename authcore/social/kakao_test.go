package social_test

import (
	"context"
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestKakao(t *testing.T) {
	checkProvider(t, providerCase{
		id: "kakao", authBase: "https://kauth.kakao.com/oauth/authorize",
		params: map[string]string{"scope": "account_email profile_image profile_nickname", "code_challenge": ""},
		token:  "kauth.kakao.com/oauth/token",
		profiles: map[string]any{"kapi.kakao.com/v2/user/me": map[string]any{
			"id": 123456789,
			"kakao_account": map[string]any{
				"name": "Kim", "email": "kim@example.com", "is_email_valid": true, "is_email_verified": true,
				"profile": map[string]any{"nickname": "kimmy", "thumbnail_image_url": "https://k/t"},
			},
		}},
		want: social.User{ID: "123456789", Name: "kimmy", Email: "kim@example.com", Image: "https://k/t", EmailVerified: true},
	})
	checkAuthURL(t, "kakao", authURLOptions(), []string{"req.scope"}, "https://kauth.kakao.com/oauth/authorize?response_type=code&client_id=cid&state=STATE&scope=account_email+profile_image+profile_nickname+extra%3Ascope+req.scope&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fkakao")
}

// TestKakaoEmailVerified: verified needs both is_email_valid and is_email_verified.
func TestKakaoEmailVerified(t *testing.T) {
	net := newFakeNet()
	net.json("kapi.kakao.com/v2/user/me", map[string]any{"id": 1, "kakao_account": map[string]any{
		"name": "Kim", "email": "kim@example.com", "is_email_valid": false, "is_email_verified": true,
		"profile": map[string]any{"profile_image_url": "https://k/p", "thumbnail_image_url": "https://k/t"},
	}})
	p, _ := social.New("kakao", social.Options{ClientID: "cid", HTTPClient: net.client()})
	info, err := p.UserInfo(context.Background(), social.Tokens{AccessToken: "at"}, nil)
	if err != nil || info.User.EmailVerified || info.User.Name != "Kim" || info.User.Image != "https://k/p" {
		t.Errorf("%+v %v", info, err)
	}
}
