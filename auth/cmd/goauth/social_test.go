package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/outbox"
)

func TestCheckProfile(t *testing.T) {
	for p, ok := range map[string]bool{"core": true, "core+social": true, "social": true, "core+twoFactor": false, "core+social+jwt": false} {
		if err := checkProfile(p); (err == nil) != ok {
			t.Errorf("checkProfile(%q) = %v", p, err)
		}
	}
}

func TestConfigSocialProviders(t *testing.T) {
	path := filepath.Join(t.TempDir(), "goauth.yaml")
	yaml := "socialProviders:\n  github:\n    clientId: gh-id\n    clientSecret: gh-secret\n    scope: [repo]\n  google:\n    enabled: false\n    clientId: g\n"
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	fc, err := loadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	var o authcore.Options
	if err := fc.apply(&o, &outbox.Outbox{}); err != nil {
		t.Fatal(err)
	}
	gh := o.SocialProviders["github"]
	if gh.ClientID != "gh-id" || gh.ClientSecret != "gh-secret" || len(gh.Scopes) != 1 || gh.Disabled {
		t.Errorf("github %+v", gh)
	}
	if !o.SocialProviders["google"].Disabled {
		t.Error("google enabled: false not applied")
	}
}
