package social

import (
	"context"
	"net/http"
	"strings"
)

// VK is VK ID (key "vk"): PKCE, default scopes email phone, the device_id of the
// callback sent with the exchange, profile by POST to id.vk.com/oauth2/user_info
// ("first last" as the name; first_name, last_name, birthday and sex as further user
// fields), emailVerified always false, refresh. No ID-token sign-in. A profile without an
// email is refused unless MapProfileToUser sets one.
//
// Better Auth: packages/core/src/social-providers/vk.ts.
func VK(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "vk", name: "VK", opts: opts,
		authURL:       "https://id.vk.com/authorize",
		tokenURL:      "https://id.vk.com/oauth2/auth",
		defaultScopes: []string{"email", "phone"},
		pkce:          true,
		sendDeviceID:  true,
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) { a.loginHint, a.prompt = "", "" }
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		if t.AccessToken == "" {
			return User{}, nil, ErrNoUserInfo
		}
		body := FormEncode([][2]string{{"access_token", t.AccessToken}, {"client_id", opts.ClientID}})
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://id.vk.com/oauth2/user_info", strings.NewReader(body))
		if err != nil {
			return User{}, nil, err
		}
		var profile map[string]any
		if err := p.do(req, http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, &profile); err != nil {
			return User{}, nil, err
		}
		user := mapOf(profile, "user")
		if user == nil {
			return User{}, nil, ErrNoUserInfo
		}
		fields := map[string]any{}
		for _, k := range []string{"first_name", "last_name", "birthday", "sex"} {
			if v, ok := user[k]; ok && v != nil {
				fields[k] = v
			}
		}
		return User{
			ID: strOf(user, "user_id"), Name: strOf(user, "first_name") + " " + strOf(user, "last_name"),
			Email: strOf(user, "email"), Image: strOf(user, "avatar"), Fields: fields,
		}, profile, nil
	}
	return &vk{p}
}

type vk struct{ *oauthProvider }

// UserInfo implements Provider: as the common one, then a user without an email (after
// MapProfileToUser) is refused.
func (v *vk) UserInfo(ctx context.Context, t Tokens, hint *UserHint) (*UserInfo, error) {
	info, err := v.oauthProvider.UserInfo(ctx, t, hint)
	if err != nil || v.opts.GetUserInfo != nil {
		return info, err
	}
	if info.User.Email == "" {
		return nil, ErrNoUserInfo
	}
	return info, nil
}
