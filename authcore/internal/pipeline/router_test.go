package pipeline

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/endpoint"
)

func testEndpoint(key, method, path string) *endpoint.Endpoint {
	return endpoint.New(key, method, path, endpoint.Meta{},
		func(context.Context, *endpoint.Request, struct{}) (any, error) { return nil, nil })
}

func TestRouterMatch(t *testing.T) {
	ok := testEndpoint("ok", http.MethodGet, "/ok")
	getSession := testEndpoint("getSession", http.MethodGet, "/get-session").WithMethods(http.MethodGet, http.MethodPost)
	signIn := testEndpoint("signIn", http.MethodPost, "/sign-in/email")
	resetCallback := testEndpoint("resetCallback", http.MethodGet, "/reset-password/{token}")
	callback := testEndpoint("callback", http.MethodGet, "/callback/{id}").WithMethods(http.MethodGet, http.MethodPost)
	twoParams := testEndpoint("two", http.MethodGet, "/org/{orgId}/member/{memberId}")
	serverOnly := testEndpoint("serverOnly", http.MethodPost, "/server-only")
	serverOnly.Meta.ServerOnly = true
	noPath := testEndpoint("setPassword", http.MethodPost, "")

	r := newRouter([]*endpoint.Endpoint{ok, getSession, signIn, resetCallback, callback, twoParams, serverOnly, noPath})

	tests := []struct {
		name   string
		method string
		path   string
		want   *endpoint.Endpoint
		params map[string]string
	}{
		{"static", "GET", "/ok", ok, nil},
		{"static, second method", "POST", "/get-session", getSession, nil},
		{"static, nested", "POST", "/sign-in/email", signIn, nil},
		{"param", "GET", "/reset-password/abc123", resetCallback, map[string]string{"token": "abc123"}},
		{"param, POST", "POST", "/callback/github", callback, map[string]string{"id": "github"}},
		{"two params", "GET", "/org/o1/member/m2", twoParams, map[string]string{"orgId": "o1", "memberId": "m2"}},

		{"method mismatch", "POST", "/ok", nil, nil},
		{"method mismatch on a param route", "POST", "/reset-password/abc", nil, nil},
		{"HEAD is not GET", "HEAD", "/ok", nil, nil},
		{"OPTIONS", "OPTIONS", "/sign-in/email", nil, nil},
		{"unknown path", "GET", "/nope", nil, nil},
		{"trailing slash", "GET", "/ok/", nil, nil},
		{"trailing slash on a param route", "GET", "/reset-password/abc/", nil, nil},
		{"extra segment", "GET", "/reset-password/abc/def", nil, nil},
		{"missing segment", "GET", "/reset-password", nil, nil},
		{"empty param", "GET", "/reset-password/", nil, nil},
		{"empty first of two params", "GET", "/org//member/m", nil, nil},
		{"double slash", "GET", "//ok", nil, nil},
		{"static segment mismatch", "GET", "/org/o1/members/m2", nil, nil},
		{"no leading slash", "GET", "reset-password/abc", nil, nil},
		{"case sensitive", "GET", "/OK", nil, nil},
		{"server-only never routed", "POST", "/server-only", nil, nil},
		{"pathless never routed", "POST", "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, params := r.match(tt.method, tt.path)
			if got != tt.want {
				t.Errorf("match(%s %q) = %v, want %v", tt.method, tt.path, key(got), key(tt.want))
			}
			if diff := cmp.Diff(tt.params, params); diff != "" {
				t.Errorf("params (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRouterFirstParamRouteWins(t *testing.T) {
	a := testEndpoint("a", http.MethodGet, "/item/{id}")
	b := testEndpoint("b", http.MethodGet, "/item/{name}")
	r := newRouter([]*endpoint.Endpoint{a, b})
	got, params := r.match("GET", "/item/x")
	if got != a || params["id"] != "x" {
		t.Errorf("match = %v %v, want the first registered route", key(got), params)
	}
}

func TestRouterStaticBeatsParam(t *testing.T) {
	param := testEndpoint("param", http.MethodGet, "/reset-password/{token}")
	static := testEndpoint("static", http.MethodGet, "/reset-password/special")
	r := newRouter([]*endpoint.Endpoint{param, static})
	if got, _ := r.match("GET", "/reset-password/special"); got != static {
		t.Errorf("match = %v, want the static route", key(got))
	}
	if got, _ := r.match("GET", "/reset-password/other"); got != param {
		t.Errorf("match = %v, want the param route", key(got))
	}
}

func TestRouterEmpty(t *testing.T) {
	r := newRouter(nil)
	if got, params := r.match("GET", "/ok"); got != nil || params != nil {
		t.Errorf("empty router matched %v %v", key(got), params)
	}
}

func key(e *endpoint.Endpoint) string {
	if e == nil {
		return "<nil>"
	}
	return e.Key
}
