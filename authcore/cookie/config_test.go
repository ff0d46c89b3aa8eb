package cookie_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/cookie"
)

func TestConfigName(t *testing.T) {
	cfg := cookie.Config{Prefix: "app", Overrides: map[string]cookie.Override{"session_token": {Name: "sid"}}}
	if got := cfg.Name("session_data"); got != "app.session_data" {
		t.Errorf("Name = %q", got)
	}
	if got := cfg.Name("session_token"); got != "sid" {
		t.Errorf("override Name = %q", got)
	}
	cfg.Secure = true
	if got := cfg.Name("session_token"); got != "__Secure-sid" {
		t.Errorf("secure override Name = %q", got)
	}
	if got := (cookie.Config{}).Name("state"); got != "better-auth.state" {
		t.Errorf("default Name = %q", got)
	}
}

func TestConfigAttributesMergeOrder(t *testing.T) {
	cfg := cookie.Config{
		Secure: true, CrossSubDomain: true, Domain: "example.com",
		DefaultAttributes: cookie.PartialAttributes{MaxAge: ptr(1), Secure: ptr(false), Domain: ptr("")},
		Overrides: map[string]cookie.Override{
			"a": {Attributes: cookie.PartialAttributes{MaxAge: ptr(3), HTTPOnly: ptr(false)}},
		},
	}
	want := cookie.Attributes{MaxAge: ptr(2), Path: "/", HTTPOnly: true, SameSite: "Lax"}
	if diff := cmp.Diff(want, cfg.Attributes("b", ptr(2))); diff != "" {
		t.Errorf("b (-want +got):\n%s", diff)
	}
	want = cookie.Attributes{MaxAge: ptr(3), Path: "/", SameSite: "Lax"}
	if diff := cmp.Diff(want, cfg.Attributes("a", ptr(2))); diff != "" {
		t.Errorf("a (-want +got):\n%s", diff)
	}
	want = cookie.Attributes{MaxAge: ptr(1), Path: "/", HTTPOnly: true, SameSite: "Lax"}
	if diff := cmp.Diff(want, cfg.Attributes("c", nil)); diff != "" {
		t.Errorf("c (-want +got):\n%s", diff)
	}
	// Results do not alias the configuration.
	a := cfg.Attributes("a", nil)
	*a.MaxAge = 99
	if got := *cfg.Attributes("a", nil).MaxAge; got != 3 {
		t.Errorf("configuration changed through a result: %d", got)
	}
}

func TestConfigExpire(t *testing.T) {
	cfg := cookie.Config{Overrides: map[string]cookie.Override{"session_data": {Attributes: cookie.PartialAttributes{MaxAge: ptr(60)}}}}
	want := "better-auth.session_data=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"
	if got := cfg.Expire("session_data").String(); got != want {
		t.Errorf("Expire = %q, want %q", got, want)
	}
}
