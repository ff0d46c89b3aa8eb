package social_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestVK(t *testing.T) {
	checkProvider(t, providerCase{
		id: "vk", authBase: "https://id.vk.com/authorize", pkce: true,
		opts:   social.Options{Prompt: "consent"},
		params: map[string]string{"scope": "email phone", "prompt": ""},
		token:  "id.vk.com/oauth2/auth",
		profiles: map[string]any{"id.vk.com/oauth2/user_info": map[string]any{"user": map[string]any{
			"user_id": "1234567", "first_name": "Ivan", "last_name": "Petrov", "email": "ivan@example.com",
			"avatar": "https://vk/1", "sex": 2, "birthday": "01.02.1990",
		}}},
		want: social.User{ID: "1234567", Name: "Ivan Petrov", Email: "ivan@example.com", Image: "https://vk/1",
			Fields: map[string]any{"first_name": "Ivan", "last_name": "Petrov", "birthday": "01.02.1990", "sex": json.Number("2")}},
	})
	checkAuthURL(t, "vk", authURLOptions(), []string{"req.scope"}, "https://id.vk.com/authorize?response_type=code&client_id=cid&state=STATE&scope=email+phone+extra%3Ascope+req.scope&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fvk&code_challenge_method=S256&code_challenge=rxPiyZz8P240xCXTZCn7w9huUtn-Efu70HAeOJkMu_I")
}

// TestVKExchangeAndProfile: the callback's device_id goes to the exchange; the profile is
// a form POST; a profile without an email is refused unless MapProfileToUser sets one.
func TestVKExchangeAndProfile(t *testing.T) {
	net := newFakeNet()
	net.json("id.vk.com/oauth2/auth", map[string]any{"access_token": "at", "refresh_token": "rt"})
	net.json("id.vk.com/oauth2/user_info", map[string]any{"user": map[string]any{"user_id": "1", "first_name": "A", "last_name": "B"}})
	p, _ := social.New("vk", social.Options{ClientID: "cid", HTTPClient: net.client()})
	ctx := context.Background()
	if _, err := p.ExchangeCode(ctx, social.CodeExchange{Code: "c", CodeVerifier: "v", RedirectURI: "https://app/cb", DeviceID: "dev-1"}); err != nil {
		t.Fatal(err)
	}
	if f := net.last(t, "id.vk.com/oauth2/auth").Form; f.Get("device_id") != "dev-1" || f.Get("code_verifier") != "v" {
		t.Errorf("exchange form %v", f)
	}
	if _, err := p.UserInfo(ctx, social.Tokens{AccessToken: "at"}, nil); err == nil {
		t.Error("profile without an email accepted")
	}
	req := net.last(t, "id.vk.com/oauth2/user_info")
	if req.Method != "POST" || req.Form.Get("access_token") != "at" || req.Form.Get("client_id") != "cid" ||
		req.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		t.Errorf("user_info request %+v", req)
	}
	p, _ = social.New("vk", social.Options{ClientID: "cid", HTTPClient: net.client(),
		MapProfileToUser: func(_ context.Context, _ map[string]any, u *social.User) error {
			u.Email = "a@example.com"
			return nil
		}})
	info, err := p.UserInfo(ctx, social.Tokens{AccessToken: "at"}, nil)
	if err != nil || info.User.Email != "a@example.com" || info.User.Name != "A B" {
		t.Errorf("%+v %v", info, err)
	}
	if _, err := p.UserInfo(ctx, social.Tokens{}, nil); err == nil {
		t.Error("user info without an access token")
	}
}

// TestDeviceIDOnlyForVK: other providers do not forward the callback's device_id.
func TestDeviceIDOnlyForVK(t *testing.T) {
	net := newFakeNet()
	net.json("github.com/login/oauth/access_token", map[string]any{"access_token": "at"})
	p, _ := social.New("github", social.Options{ClientID: "cid", HTTPClient: net.client()})
	if _, err := p.ExchangeCode(context.Background(), social.CodeExchange{Code: "c", RedirectURI: "https://app/cb", DeviceID: "dev-1"}); err != nil {
		t.Fatal(err)
	}
	if f := net.last(t, "github.com/login/oauth/access_token").Form; f.Has("device_id") {
		t.Errorf("exchange form %v", f)
	}
}
