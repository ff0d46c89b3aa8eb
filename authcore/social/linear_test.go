package social_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestLinear(t *testing.T) {
	checkProvider(t, providerCase{
		id: "linear", authBase: "https://linear.app/oauth/authorize",
		opts:   social.Options{Prompt: "consent"},
		params: map[string]string{"scope": "read", "prompt": "", "code_challenge": ""},
		token:  "api.linear.app/oauth/token",
		profiles: map[string]any{"api.linear.app/graphql": map[string]any{"data": map[string]any{"viewer": map[string]any{
			"id": "lin-1", "name": "Lena", "email": "lena@example.com", "avatarUrl": "https://l/1", "active": true,
		}}}},
		want: social.User{ID: "lin-1", Name: "Lena", Email: "lena@example.com", Image: "https://l/1"},
	})
	checkAuthURL(t, "linear", authURLOptions(), []string{"req.scope"}, "https://linear.app/oauth/authorize?response_type=code&client_id=cid&state=STATE&scope=read+extra%3Ascope+req.scope&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Flinear&login_hint=a+b%40example.com")
}

// TestLinearGraphQL: the profile is a POST of the viewer query; no viewer is no user.
func TestLinearGraphQL(t *testing.T) {
	net := newFakeNet()
	var query string
	var method, contentType string
	net.handle("api.linear.app/graphql", func(w http.ResponseWriter, r *http.Request) {
		method, contentType = r.Method, r.Header.Get("Content-Type")
		b, _ := io.ReadAll(r.Body)
		var body struct{ Query string }
		_ = json.Unmarshal(b, &body)
		query = body.Query
		_, _ = w.Write([]byte(`{"data":{"viewer":null}}`))
	})
	p, _ := social.New("linear", social.Options{ClientID: "cid", HTTPClient: net.client()})
	if _, err := p.UserInfo(context.Background(), social.Tokens{AccessToken: "at"}, nil); err == nil {
		t.Error("null viewer accepted")
	}
	if method != http.MethodPost || contentType != "application/json" || !strings.Contains(query, "viewer { id name email avatarUrl") {
		t.Errorf("%s %s %q", method, contentType, query)
	}
}
