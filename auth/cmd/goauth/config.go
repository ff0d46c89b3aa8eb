package main

import (
	"fmt"
	"os"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/outbox"
	"github.com/goauth-dev/goauth/authcore/social"
)

// fileConfig is the documented shape of goauth.yaml. Every key maps onto an
// authcore.Options field of the same (Better Auth) name; durations are Go durations
// ("168h"). Unset keys keep Better Auth's defaults, with three exceptions that make the
// standalone server usable out of the box: emailAndPassword.enabled, and the reset and
// verification mails (sent through the development mailer) default to true.
type fileConfig struct {
	AppName        string   `yaml:"appName"`
	BaseURL        string   `yaml:"baseURL"`
	BasePath       string   `yaml:"basePath"`
	Secret         string   `yaml:"secret"`
	TrustedOrigins []string `yaml:"trustedOrigins"`
	Outbox         string   `yaml:"outbox"`
	// DatabaseURL is file:PATH / sqlite:PATH, postgres://… or mysql://… (DATABASE_URL wins).
	DatabaseURL string `yaml:"databaseURL"`
	// Redis, when a URL is set here or in REDIS_URL, keeps sessions, verification values
	// and rate limits in Redis (Better Auth's secondaryStorage with
	// @better-auth/redis-storage), so that several goauth processes serve as one.
	Redis redisConfig `yaml:"redis"`

	EmailAndPassword struct {
		Enabled                       *bool `yaml:"enabled"`
		DisableSignUp                 bool  `yaml:"disableSignUp"`
		RequireEmailVerification      bool  `yaml:"requireEmailVerification"`
		MinPasswordLength             int   `yaml:"minPasswordLength"`
		MaxPasswordLength             int   `yaml:"maxPasswordLength"`
		AutoSignIn                    *bool `yaml:"autoSignIn"`
		RevokeSessionsOnPasswordReset bool  `yaml:"revokeSessionsOnPasswordReset"`
		SendResetPassword             *bool `yaml:"sendResetPassword"`
	} `yaml:"emailAndPassword"`
	EmailVerification struct {
		SendVerificationEmail       *bool         `yaml:"sendVerificationEmail"`
		SendOnSignUp                *bool         `yaml:"sendOnSignUp"`
		SendOnSignIn                bool          `yaml:"sendOnSignIn"`
		AutoSignInAfterVerification bool          `yaml:"autoSignInAfterVerification"`
		ExpiresIn                   time.Duration `yaml:"expiresIn"`
	} `yaml:"emailVerification"`
	User struct {
		ChangeEmail struct {
			Enabled                        bool `yaml:"enabled"`
			SendChangeEmailConfirmation    bool `yaml:"sendChangeEmailConfirmation"`
			UpdateEmailWithoutVerification bool `yaml:"updateEmailWithoutVerification"`
		} `yaml:"changeEmail"`
		DeleteUser struct {
			Enabled                       bool `yaml:"enabled"`
			SendDeleteAccountVerification bool `yaml:"sendDeleteAccountVerification"`
		} `yaml:"deleteUser"`
	} `yaml:"user"`
	Session struct {
		ExpiresIn           time.Duration `yaml:"expiresIn"`
		UpdateAge           time.Duration `yaml:"updateAge"`
		FreshAge            time.Duration `yaml:"freshAge"`
		DeferSessionRefresh bool          `yaml:"deferSessionRefresh"`
		CookieCache         struct {
			Enabled  bool          `yaml:"enabled"`
			MaxAge   time.Duration `yaml:"maxAge"`
			Strategy string        `yaml:"strategy"`
		} `yaml:"cookieCache"`
	} `yaml:"session"`
	RateLimit struct {
		Enabled *bool         `yaml:"enabled"`
		Window  time.Duration `yaml:"window"`
		Max     int           `yaml:"max"`
	} `yaml:"rateLimit"`
	Advanced struct {
		CookiePrefix       string   `yaml:"cookiePrefix"`
		UseSecureCookies   *bool    `yaml:"useSecureCookies"`
		DisableCSRFCheck   bool     `yaml:"disableCSRFCheck"`
		DisableOriginCheck bool     `yaml:"disableOriginCheck"`
		IPAddressHeaders   []string `yaml:"ipAddressHeaders"`
		TrustedProxies     []string `yaml:"trustedProxies"`
	} `yaml:"advanced"`
	// SocialProviders configures built-in social providers by id (Better Auth's
	// socialProviders), e.g. github: {clientId, clientSecret}.
	SocialProviders map[string]socialProviderConfig `yaml:"socialProviders"`
}

// socialProviderConfig is one entry of socialProviders (Better Auth's provider options).
type socialProviderConfig struct {
	Enabled                  *bool    `yaml:"enabled"`
	ClientID                 string   `yaml:"clientId"`
	ClientSecret             string   `yaml:"clientSecret"`
	Scope                    []string `yaml:"scope"`
	DisableDefaultScope      bool     `yaml:"disableDefaultScope"`
	RedirectURI              string   `yaml:"redirectURI"`
	Prompt                   string   `yaml:"prompt"`
	AccessType               string   `yaml:"accessType"`
	DisableImplicitSignUp    bool     `yaml:"disableImplicitSignUp"`
	DisableSignUp            bool     `yaml:"disableSignUp"`
	OverrideUserInfoOnSignIn bool     `yaml:"overrideUserInfoOnSignIn"`
	DisableIDTokenSignIn     bool     `yaml:"disableIdTokenSignIn"`
	// Provider-specific keys, named as in Better Auth's provider options.
	TenantID            string   `yaml:"tenantId"`
	Authority           string   `yaml:"authority"`
	HostedDomain        string   `yaml:"hd"`
	ClientKey           string   `yaml:"clientKey"`
	AdditionalClientIDs []string `yaml:"additionalClientIds"`
	AppBundleIdentifier string   `yaml:"appBundleIdentifier"`
	Audience            []string `yaml:"audience"`
	IssuerURL           string   `yaml:"issuer"`
	Domain              string   `yaml:"domain"`
	Region              string   `yaml:"region"`
	UserPoolID          string   `yaml:"userPoolId"`
	RequireClientSecret bool     `yaml:"requireClientSecret"`
	Environment         string   `yaml:"environment"`
	LoginURL            string   `yaml:"loginUrl"`
	Duration            string   `yaml:"duration"`
	Lang                string   `yaml:"lang"`
	DisablePKCE         bool     `yaml:"disablePKCE"`
	Fields              []string `yaml:"fields"`
	ConfigID            string   `yaml:"configId"`
}

// redisConfig is the redis section of goauth.yaml.
type redisConfig struct {
	// URL is redis://[user:pass@]host:port/db or rediss:// (TLS); REDIS_URL wins.
	URL string `yaml:"url"`
	// KeyPrefix is put before every key (default "better-auth:", as
	// @better-auth/redis-storage; set it to share keys with a Better Auth deployment that
	// uses another prefix).
	KeyPrefix *string `yaml:"keyPrefix"`
	// DialTimeout (default 2s), ReadTimeout and WriteTimeout (default 1s) bound the
	// socket operations; Timeout (default 2s) bounds each call as a whole, retries
	// included. When Redis is unreachable or slower than that, requests fail with a 500.
	DialTimeout  time.Duration `yaml:"dialTimeout"`
	ReadTimeout  time.Duration `yaml:"readTimeout"`
	WriteTimeout time.Duration `yaml:"writeTimeout"`
	Timeout      time.Duration `yaml:"timeout"`
	// StoreSessionInDatabase keeps sessions in the database too (Better Auth's
	// session.storeSessionInDatabase): the database stays the source of truth and a
	// session missing from Redis is read from it and written back.
	StoreSessionInDatabase bool `yaml:"storeSessionInDatabase"`
}

func loadConfig(path string) (fileConfig, error) {
	var fc fileConfig
	if path == "" {
		return fc, nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return fc, fmt.Errorf("reading config: %w", err)
	}
	dec := yaml.NewDecoder(bytesReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&fc); err != nil {
		return fc, fmt.Errorf("config %s: %w", path, err)
	}
	return fc, nil
}

// apply maps the file onto Options; the dev mailer (ob) backs every enabled email callback.
func (fc fileConfig) apply(o *authcore.Options, ob *outbox.Outbox) error {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&o.AppName, fc.AppName)
	set(&o.BaseURL, fc.BaseURL)
	set(&o.BasePath, fc.BasePath)
	set(&o.Secret, fc.Secret)
	o.TrustedOrigins = append(o.TrustedOrigins, fc.TrustedOrigins...)

	ep := &o.EmailAndPassword
	ep.Enabled = fc.EmailAndPassword.Enabled == nil || *fc.EmailAndPassword.Enabled
	ep.DisableSignUp = fc.EmailAndPassword.DisableSignUp
	ep.RequireEmailVerification = fc.EmailAndPassword.RequireEmailVerification
	ep.MinPasswordLength = fc.EmailAndPassword.MinPasswordLength
	ep.MaxPasswordLength = fc.EmailAndPassword.MaxPasswordLength
	ep.DisableAutoSignIn = fc.EmailAndPassword.AutoSignIn != nil && !*fc.EmailAndPassword.AutoSignIn
	ep.RevokeSessionsOnPasswordReset = fc.EmailAndPassword.RevokeSessionsOnPasswordReset
	if fc.EmailAndPassword.SendResetPassword == nil || *fc.EmailAndPassword.SendResetPassword {
		ep.SendResetPassword = ob.ResetPassword
	}

	ev := &o.EmailVerification
	if fc.EmailVerification.SendVerificationEmail == nil || *fc.EmailVerification.SendVerificationEmail {
		ev.SendVerificationEmail = ob.VerificationEmail
	}
	ev.SendOnSignUp = fc.EmailVerification.SendOnSignUp
	ev.SendOnSignIn = fc.EmailVerification.SendOnSignIn
	ev.AutoSignInAfterVerification = fc.EmailVerification.AutoSignInAfterVerification
	ev.ExpiresIn = fc.EmailVerification.ExpiresIn

	ce := fc.User.ChangeEmail
	o.User.ChangeEmail.Enabled = ce.Enabled
	o.User.ChangeEmail.UpdateEmailWithoutVerification = ce.UpdateEmailWithoutVerification
	if ce.SendChangeEmailConfirmation {
		o.User.ChangeEmail.SendChangeEmailConfirmation = ob.ChangeEmailConfirmation
	}
	o.User.DeleteUser.Enabled = fc.User.DeleteUser.Enabled
	if fc.User.DeleteUser.SendDeleteAccountVerification {
		o.User.DeleteUser.SendDeleteAccountVerification = ob.DeleteAccountVerification
	}

	s := &o.Session
	s.ExpiresIn = fc.Session.ExpiresIn
	s.UpdateAge = fc.Session.UpdateAge
	s.FreshAge = fc.Session.FreshAge
	s.DeferSessionRefresh = fc.Session.DeferSessionRefresh
	s.CookieCache.Enabled = fc.Session.CookieCache.Enabled
	s.CookieCache.MaxAge = fc.Session.CookieCache.MaxAge
	s.CookieCache.Strategy = fc.Session.CookieCache.Strategy

	if fc.RateLimit.Enabled != nil {
		o.RateLimit.Enabled = fc.RateLimit.Enabled
	}
	o.RateLimit.Window = fc.RateLimit.Window
	o.RateLimit.Max = fc.RateLimit.Max

	a := &o.Advanced
	a.CookiePrefix = fc.Advanced.CookiePrefix
	a.UseSecureCookies = fc.Advanced.UseSecureCookies
	a.DisableCSRFCheck = fc.Advanced.DisableCSRFCheck
	a.DisableOriginCheck = fc.Advanced.DisableOriginCheck
	a.IPAddress.Headers = fc.Advanced.IPAddressHeaders
	for _, p := range fc.Advanced.TrustedProxies {
		pfx, err := parsePrefix(p)
		if err != nil {
			return fmt.Errorf("advanced.trustedProxies: %w", err)
		}
		a.IPAddress.TrustedProxies = append(a.IPAddress.TrustedProxies, pfx)
	}
	for id, sp := range fc.SocialProviders {
		if o.SocialProviders == nil {
			o.SocialProviders = map[string]social.Options{}
		}
		o.SocialProviders[id] = social.Options{
			Disabled: sp.Enabled != nil && !*sp.Enabled,
			ClientID: sp.ClientID, ClientSecret: sp.ClientSecret, Scopes: sp.Scope,
			DisableDefaultScope: sp.DisableDefaultScope, RedirectURI: sp.RedirectURI,
			Prompt: sp.Prompt, AccessType: sp.AccessType,
			DisableImplicitSignUp: sp.DisableImplicitSignUp, DisableSignUp: sp.DisableSignUp,
			OverrideUserInfoOnSignIn: sp.OverrideUserInfoOnSignIn,
			DisableIDTokenSignIn:     sp.DisableIDTokenSignIn, TenantID: sp.TenantID,
			Authority: sp.Authority, HostedDomain: sp.HostedDomain, ClientKey: sp.ClientKey,
			AdditionalClientIDs: sp.AdditionalClientIDs, AppBundleIdentifier: sp.AppBundleIdentifier,
			Audience: sp.Audience, IssuerURL: sp.IssuerURL, Domain: sp.Domain, Region: sp.Region,
			UserPoolID: sp.UserPoolID, RequireClientSecret: sp.RequireClientSecret,
			Environment: sp.Environment, LoginURL: sp.LoginURL, Duration: sp.Duration, Lang: sp.Lang,
			DisablePKCE: sp.DisablePKCE, Fields: sp.Fields, ConfigID: sp.ConfigID,
		}
	}
	return nil
}
