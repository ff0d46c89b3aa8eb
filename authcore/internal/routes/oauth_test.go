package routes_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/authtest"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/social"
	"github.com/goauth-dev/goauth/authcore/social/socialtest"
)

// oauthEnv is a GoAuth server with the generic OIDC provider "op" pointed at an
// in-process OpenID Provider.
type oauthEnv struct {
	t  *testing.T
	s  *authtest.Server
	op *socialtest.OP
	ck *clock
}

// newOAuthEnv starts the OP and a server whose "op" provider uses it; configure edits
// the options afterwards.
func newOAuthEnv(t *testing.T, configure func(o *authcore.Options)) *oauthEnv {
	t.Helper()
	ck := newClock()
	op := socialtest.New(t, "goauth-client", "goauth-secret")
	op.Now = ck.Now
	p, err := social.NewOIDC(context.Background(), social.OIDCConfig{
		ID: "op", Issuer: op.Issuer,
		Options: social.Options{ClientID: op.ClientID, ClientSecret: op.ClientSecret, HTTPClient: op.Client(), Now: ck.Now, Logger: quiet},
	})
	if err != nil {
		t.Fatalf("NewOIDC: %v", err)
	}
	s := newServer(t, withClock(ck, func(o *authcore.Options) {
		o.Providers = append(o.Providers, p)
		if configure != nil {
			configure(o)
		}
	}))
	return &oauthEnv{t: t, s: s, op: op, ck: ck}
}

// start posts path (/sign-in/social or /link-social) and returns the authorization URL.
func (e *oauthEnv) start(c *authtest.Client, path string, body map[string]any) string {
	e.t.Helper()
	if _, ok := body["provider"]; !ok {
		body["provider"] = "op"
	}
	r := c.Post(path, body)
	if r.Status != http.StatusOK {
		e.t.Fatalf("%s: %d %s", path, r.Status, r.Body)
	}
	var out struct {
		URL      string `json:"url"`
		Redirect bool   `json:"redirect"`
	}
	r.JSON(e.t, &out)
	if !out.Redirect || r.Header.Get("Location") != out.URL {
		e.t.Fatalf("%s: redirect %v, Location %q, url %q", path, out.Redirect, r.Header.Get("Location"), out.URL)
	}
	return out.URL
}

// authorize visits the authorization URL at the OP and returns the callback path (under
// the base path) the OP redirects to.
func (e *oauthEnv) authorize(authURL string) string {
	e.t.Helper()
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Get(authURL)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		e.t.Fatalf("OP authorize: %d", resp.StatusCode)
	}
	return e.local(resp.Header.Get("Location"))
}

// local strips the server URL and base path from an absolute URL of the server.
func (e *oauthEnv) local(u string) string {
	e.t.Helper()
	prefix := e.s.URL + e.s.Auth.Context.BasePath
	rest, ok := strings.CutPrefix(u, prefix)
	if !ok {
		e.t.Fatalf("%q is not under %q", u, prefix)
	}
	return rest
}

// signIn runs the whole browser flow and returns the callback's response.
func (e *oauthEnv) signIn(c *authtest.Client, body map[string]any) *authtest.Response {
	e.t.Helper()
	return c.Get(e.authorize(e.start(c, "/sign-in/social", body)), nil)
}

// wantRedirect checks a 302 to location.
func wantFound(t *testing.T, r *authtest.Response, location string) {
	t.Helper()
	if r.Status != http.StatusFound || r.Header.Get("Location") != location {
		t.Fatalf("got %d Location %q, want 302 %q (body %s)", r.Status, r.Header.Get("Location"), location, r.Body)
	}
}

// accountsOf lists the stored accounts of a user.
func accountsOf(t *testing.T, s *authtest.Server, userID string) []model.Account {
	t.Helper()
	accs, err := s.Auth.Context.Store.Accounts(context.Background(), userID)
	if err != nil {
		t.Fatal(err)
	}
	return accs
}

// providerAccount returns the stored "op" account of a user.
func providerAccount(t *testing.T, s *authtest.Server, userID string) model.Account {
	t.Helper()
	for _, a := range accountsOf(t, s, userID) {
		if a.ProviderID == "op" {
			return a
		}
	}
	t.Fatalf("user %s has no op account", userID)
	return model.Account{}
}

func query(t *testing.T, rawURL string) url.Values {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

func verifyEmail(t *testing.T, s *authtest.Server, userID string) {
	t.Helper()
	if _, err := s.Auth.Context.Store.MarkEmailVerified(context.Background(), userID); err != nil {
		t.Fatal(err)
	}
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
