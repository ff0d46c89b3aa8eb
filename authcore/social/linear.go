package social

import (
	"bytes"
	"context"
	"net/http"
)

// linearViewer is the GraphQL query for the signed-in Linear user.
const linearViewer = `{"query":"query { viewer { id name email avatarUrl active createdAt updatedAt } }"}`

// Linear is the Linear provider: no PKCE, default scope read, login_hint, profile from
// the GraphQL viewer (api.linear.app/graphql), emailVerified always false (Linear does
// not say), refresh. No ID-token sign-in.
//
// Better Auth: packages/core/src/social-providers/linear.ts.
func Linear(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "linear", name: "Linear", opts: opts,
		authURL:       "https://linear.app/oauth/authorize",
		tokenURL:      "https://api.linear.app/oauth/token",
		defaultScopes: []string{"read"},
	}
	p.customize = func(_ AuthorizationRequest, a *authParams) { a.prompt = "" }
	p.fetchUser = func(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://api.linear.app/graphql", bytes.NewReader([]byte(linearViewer)))
		if err != nil {
			return User{}, nil, err
		}
		hdr := bearer(t.AccessToken)
		hdr.Set("Content-Type", "application/json")
		var out struct {
			Data struct {
				Viewer map[string]any `json:"viewer"`
			} `json:"data"`
		}
		if err := p.do(req, hdr, &out); err != nil {
			return User{}, nil, err
		}
		viewer := out.Data.Viewer
		if viewer == nil {
			return User{}, nil, ErrNoUserInfo
		}
		return User{
			ID: strOf(viewer, "id"), Name: strOf(viewer, "name"),
			Email: strOf(viewer, "email"), Image: strOf(viewer, "avatarUrl"),
		}, viewer, nil
	}
	return p
}
