package main

import (
	"context"
	"log/slog"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/outbox"
)

func writeConfig(t *testing.T, yaml string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "goauth.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// load reads yaml and applies it to fresh Options with an outbox at a temp path.
func load(t *testing.T, yaml string) (authcore.Options, string) {
	t.Helper()
	fc, err := loadConfig(writeConfig(t, yaml))
	if err != nil {
		t.Fatalf("loadConfig: %v", err)
	}
	obPath := filepath.Join(t.TempDir(), "outbox.jsonl")
	var o authcore.Options
	if err := fc.apply(&o, outbox.New(obPath, nil)); err != nil {
		t.Fatalf("apply: %v", err)
	}
	return o, obPath
}

func TestLoadConfigEmptyPath(t *testing.T) {
	fc, err := loadConfig("")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fc, fileConfig{}) {
		t.Errorf("loadConfig(\"\") = %+v, want the zero config", fc)
	}
}

func TestLoadConfigRejectsUnknownKeys(t *testing.T) {
	tests := map[string]string{
		"top level":   "baseURL: http://localhost:3000\nsecrte: x\n",
		"nested":      "session:\n  expiresInn: 1h\n",
		"deep":        "session:\n  cookieCache:\n    enabled: true\n    maxage: 5m\n",
		"wrong case":  "BaseURL: http://localhost:3000\n",
		"better-auth": "emailAndPassword:\n  autoSignIn: true\n  password:\n    hash: x\n",
	}
	for name, yaml := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := loadConfig(writeConfig(t, yaml))
			if err == nil {
				t.Fatal("loadConfig accepted an unknown key")
			}
			if !strings.Contains(err.Error(), "not found") {
				t.Errorf("error %q does not name the unknown field", err)
			}
		})
	}
}

func TestLoadConfigErrors(t *testing.T) {
	if _, err := loadConfig(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Error("loadConfig of a missing file succeeded")
	}
	if _, err := loadConfig(writeConfig(t, "session:\n  expiresIn: soon\n")); err == nil {
		t.Error("loadConfig accepted an invalid duration")
	}
	if _, err := loadConfig(writeConfig(t, "trustedOrigins: [\n")); err == nil {
		t.Error("loadConfig accepted malformed YAML")
	}
}

func TestApplyMapsKeys(t *testing.T) {
	o, _ := load(t, `
appName: My App
baseURL: https://auth.example.com
basePath: /auth
secret: s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t
trustedOrigins: [https://app.example.com]
emailAndPassword:
  enabled: true
  disableSignUp: true
  requireEmailVerification: true
  minPasswordLength: 10
  maxPasswordLength: 64
  autoSignIn: false
  revokeSessionsOnPasswordReset: true
emailVerification:
  sendOnSignUp: true
  sendOnSignIn: true
  autoSignInAfterVerification: true
  expiresIn: 30m
user:
  changeEmail:
    enabled: true
    updateEmailWithoutVerification: true
  deleteUser:
    enabled: true
session:
  expiresIn: 1h
  updateAge: 10m
  freshAge: 5m
  deferSessionRefresh: true
  cookieCache:
    enabled: true
    maxAge: 2m
    strategy: jwe
rateLimit:
  enabled: false
  window: 30s
  max: 50
advanced:
  cookiePrefix: myapp
  useSecureCookies: true
  disableCSRFCheck: true
  disableOriginCheck: true
  ipAddressHeaders: [x-real-ip]
  trustedProxies: ["10.0.0.0/8", "127.0.0.1", "::1"]
`)
	check := func(name string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", name, got, want)
		}
	}
	check("AppName", o.AppName, "My App")
	check("BaseURL", o.BaseURL, "https://auth.example.com")
	check("BasePath", o.BasePath, "/auth")
	check("Secret", o.Secret, "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t")
	check("TrustedOrigins", o.TrustedOrigins, []string{"https://app.example.com"})

	ep := o.EmailAndPassword
	check("EmailAndPassword.Enabled", ep.Enabled, true)
	check("EmailAndPassword.DisableSignUp", ep.DisableSignUp, true)
	check("EmailAndPassword.RequireEmailVerification", ep.RequireEmailVerification, true)
	check("EmailAndPassword.MinPasswordLength", ep.MinPasswordLength, 10)
	check("EmailAndPassword.MaxPasswordLength", ep.MaxPasswordLength, 64)
	check("EmailAndPassword.DisableAutoSignIn", ep.DisableAutoSignIn, true)
	check("EmailAndPassword.RevokeSessionsOnPasswordReset", ep.RevokeSessionsOnPasswordReset, true)

	ev := o.EmailVerification
	check("EmailVerification.SendOnSignUp", ev.SendOnSignUp, ptr(true))
	check("EmailVerification.SendOnSignIn", ev.SendOnSignIn, true)
	check("EmailVerification.AutoSignInAfterVerification", ev.AutoSignInAfterVerification, true)
	check("EmailVerification.ExpiresIn", ev.ExpiresIn, 30*time.Minute)

	check("User.ChangeEmail.Enabled", o.User.ChangeEmail.Enabled, true)
	check("User.ChangeEmail.UpdateEmailWithoutVerification", o.User.ChangeEmail.UpdateEmailWithoutVerification, true)
	check("User.DeleteUser.Enabled", o.User.DeleteUser.Enabled, true)

	s := o.Session
	check("Session.ExpiresIn", s.ExpiresIn, time.Hour)
	check("Session.UpdateAge", s.UpdateAge, 10*time.Minute)
	check("Session.FreshAge", s.FreshAge, 5*time.Minute)
	check("Session.DeferSessionRefresh", s.DeferSessionRefresh, true)
	check("Session.CookieCache", s.CookieCache, config.CookieCache{Enabled: true, MaxAge: 2 * time.Minute, Strategy: "jwe"})

	check("RateLimit.Enabled", o.RateLimit.Enabled, ptr(false))
	check("RateLimit.Window", o.RateLimit.Window, 30*time.Second)
	check("RateLimit.Max", o.RateLimit.Max, 50)

	a := o.Advanced
	check("Advanced.CookiePrefix", a.CookiePrefix, "myapp")
	check("Advanced.UseSecureCookies", a.UseSecureCookies, ptr(true))
	check("Advanced.DisableCSRFCheck", a.DisableCSRFCheck, true)
	check("Advanced.DisableOriginCheck", a.DisableOriginCheck, true)
	check("Advanced.IPAddress.Headers", a.IPAddress.Headers, []string{"x-real-ip"})
	check("Advanced.IPAddress.TrustedProxies", a.IPAddress.TrustedProxies, []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("127.0.0.1/32"),
		netip.MustParsePrefix("::1/128"),
	})
}

func TestApplyDefaults(t *testing.T) {
	o, _ := load(t, "baseURL: http://localhost:3000\n")
	// The server's defaults match the conformance reference server: email/password on.
	if !o.EmailAndPassword.Enabled {
		t.Error("emailAndPassword.enabled absent: want enabled")
	}
	if o.EmailAndPassword.DisableAutoSignIn {
		t.Error("emailAndPassword.autoSignIn absent: want auto sign-in")
	}
	if o.RateLimit.Enabled != nil {
		t.Errorf("rateLimit.enabled absent: got %v, want nil (Better Auth's production default)", *o.RateLimit.Enabled)
	}
	if o.Advanced.UseSecureCookies != nil || o.Advanced.IPAddress.TrustedProxies != nil {
		t.Error("absent advanced keys were set")
	}
	if o.Session.ExpiresIn != 0 || o.EmailVerification.SendOnSignUp != nil {
		t.Error("absent durations or switches were set; they must keep authcore's defaults")
	}
	o.Logger = slog.New(slog.DiscardHandler) // no secret configured: New warns
	if _, err := authcore.New(o); err != nil {
		t.Errorf("authcore.New with the applied defaults: %v", err)
	}
}

func TestApplyKeepsPresetValues(t *testing.T) {
	fc, err := loadConfig(writeConfig(t, "trustedOrigins: [https://b.example]\n"))
	if err != nil {
		t.Fatal(err)
	}
	o := authcore.Options{BaseURL: "http://from-env:3000", Secret: "from-env", TrustedOrigins: []string{"https://a.example"}}
	if err := fc.apply(&o, outbox.New("", nil)); err != nil {
		t.Fatal(err)
	}
	if o.BaseURL != "http://from-env:3000" || o.Secret != "from-env" {
		t.Errorf("absent keys overwrote preset values: BaseURL %q Secret %q", o.BaseURL, o.Secret)
	}
	if want := []string{"https://a.example", "https://b.example"}; !reflect.DeepEqual(o.TrustedOrigins, want) {
		t.Errorf("TrustedOrigins = %v, want %v", o.TrustedOrigins, want)
	}
}

func TestApplyRateLimitEnabled(t *testing.T) {
	o, _ := load(t, "rateLimit:\n  enabled: true\n")
	if o.RateLimit.Enabled == nil || !*o.RateLimit.Enabled {
		t.Errorf("rateLimit.enabled true: got %v", o.RateLimit.Enabled)
	}
}

func TestApplyBadTrustedProxy(t *testing.T) {
	for _, bad := range []string{"10.0.0.0/33", "not-an-ip", "10.0.0"} {
		fc, err := loadConfig(writeConfig(t, "advanced:\n  trustedProxies: [\""+bad+"\"]\n"))
		if err != nil {
			t.Fatal(err)
		}
		var o authcore.Options
		if err := fc.apply(&o, outbox.New("", nil)); err == nil || !strings.Contains(err.Error(), "advanced.trustedProxies") {
			t.Errorf("trustedProxies %q: err %v, want an error naming the key", bad, err)
		}
	}
}

func TestApplyMailerCallbacks(t *testing.T) {
	type callbacks struct{ reset, verify, changeEmail, deleteAccount bool }
	tests := []struct {
		name string
		yaml string
		want callbacks
	}{
		{"defaults", "{}\n", callbacks{reset: true, verify: true}},
		{"all off", `
emailAndPassword: {sendResetPassword: false}
emailVerification: {sendVerificationEmail: false}
user:
  changeEmail: {sendChangeEmailConfirmation: false}
  deleteUser: {sendDeleteAccountVerification: false}
`, callbacks{}},
		{"all on", `
emailAndPassword: {sendResetPassword: true}
emailVerification: {sendVerificationEmail: true}
user:
  changeEmail: {sendChangeEmailConfirmation: true}
  deleteUser: {sendDeleteAccountVerification: true}
`, callbacks{true, true, true, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, _ := load(t, tt.yaml)
			got := callbacks{
				reset:         o.EmailAndPassword.SendResetPassword != nil,
				verify:        o.EmailVerification.SendVerificationEmail != nil,
				changeEmail:   o.User.ChangeEmail.SendChangeEmailConfirmation != nil,
				deleteAccount: o.User.DeleteUser.SendDeleteAccountVerification != nil,
			}
			if got != tt.want {
				t.Errorf("callbacks set = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestApplyMailerWritesToOutbox(t *testing.T) {
	o, obPath := load(t, `
user:
  changeEmail: {sendChangeEmailConfirmation: true}
  deleteUser: {sendDeleteAccountVerification: true}
`)
	ctx := context.Background()
	e := config.Email{User: model.User{Email: "a@x.co"}, URL: "http://h/x", Token: "t"}
	steps := []error{
		o.EmailAndPassword.SendResetPassword(ctx, e),
		o.EmailVerification.SendVerificationEmail(ctx, e),
		o.User.ChangeEmail.SendChangeEmailConfirmation(ctx, config.ChangeEmail{Email: e, NewEmail: "b@x.co"}),
		o.User.DeleteUser.SendDeleteAccountVerification(ctx, e),
	}
	for i, err := range steps {
		if err != nil {
			t.Fatalf("callback %d: %v", i, err)
		}
	}
	raw, err := os.ReadFile(obPath)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		_, rest, _ := strings.Cut(line, `"kind":"`)
		kind, _, _ := strings.Cut(rest, `"`)
		kinds = append(kinds, kind)
	}
	want := []string{"reset-password", "verification-email", "change-email-confirmation", "delete-account-verification"}
	if !reflect.DeepEqual(kinds, want) {
		t.Errorf("outbox kinds = %v, want %v", kinds, want)
	}
}

func TestParsePrefix(t *testing.T) {
	tests := map[string]string{
		"10.0.0.0/8":  "10.0.0.0/8",
		"127.0.0.1":   "127.0.0.1/32",
		"::1":         "::1/128",
		"fd00::/8":    "fd00::/8",
		"192.168.1.1": "192.168.1.1/32",
	}
	for in, want := range tests {
		got, err := parsePrefix(in)
		if err != nil || got.String() != want {
			t.Errorf("parsePrefix(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
}

// Provider-specific keys reach social.Options, so providers such as Cognito and TikTok
// can be configured from the file.
func TestApplySocialProviderKeys(t *testing.T) {
	o, _ := load(t, `
socialProviders:
  cognito:
    clientId: cid
    clientSecret: sec
    domain: auth.example.com
    region: eu-west-1
    userPoolId: eu-west-1_abc
  tiktok:
    clientKey: ck
    clientSecret: ts
  google:
    clientId: g
    hd: example.com
    additionalClientIds: [ios-id]
`)
	c := o.SocialProviders["cognito"]
	if c.Domain != "auth.example.com" || c.Region != "eu-west-1" || c.UserPoolID != "eu-west-1_abc" || c.ClientSecret != "sec" {
		t.Errorf("cognito options = %+v", c)
	}
	if tt := o.SocialProviders["tiktok"]; tt.ClientKey != "ck" {
		t.Errorf("tiktok clientKey = %q", tt.ClientKey)
	}
	g := o.SocialProviders["google"]
	if g.HostedDomain != "example.com" || len(g.AdditionalClientIDs) != 1 || g.AdditionalClientIDs[0] != "ios-id" {
		t.Errorf("google options = %+v", g)
	}
}
