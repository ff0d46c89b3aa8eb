// Package config holds the option sections of GoAuth, one struct per Better Auth option
// section (emailAndPassword, emailVerification, user, session, account, rateLimit,
// advanced). authcore.Options is composed of them; the runtime context hands the resolved
// sections to routes and plugins.
//
// The zero value of every field is Better Auth 1.6.9's default; Resolve fills the defaults
// that are not zero (durations, lengths).
package config

import (
	"context"
	"net/http"
	"net/netip"
	"time"

	"github.com/goauth-dev/goauth/authcore/cookie"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/schema"
)

// Email is one outgoing message handed to an application callback. Request is the HTTP
// request that caused it (nil for in-process calls).
type Email struct {
	User    model.User
	URL     string
	Token   string
	Request *http.Request
}

// ChangeEmail is the change-email confirmation sent to the current address.
type ChangeEmail struct {
	Email
	NewEmail string
}

// EmailAndPassword is Better Auth's emailAndPassword section.
type EmailAndPassword struct {
	// Enabled turns on email/password sign-up and sign-in. Default false (Better Auth).
	Enabled bool
	// DisableSignUp refuses new sign-ups.
	DisableSignUp bool
	// RequireEmailVerification refuses sign-in until the email is verified and makes
	// sign-up enumeration-safe.
	RequireEmailVerification bool
	// MinPasswordLength defaults to 8; MaxPasswordLength to 128 (UTF-16 code units, as in JS).
	MinPasswordLength int
	MaxPasswordLength int
	// DisableAutoSignIn is Better Auth's autoSignIn:false (no session after sign-up).
	DisableAutoSignIn bool
	// SendResetPassword sends the reset link. Nil disables /request-password-reset.
	SendResetPassword func(ctx context.Context, e Email) error
	// ResetPasswordTokenExpiresIn defaults to 1 hour.
	ResetPasswordTokenExpiresIn time.Duration
	// OnPasswordReset runs after a successful reset.
	OnPasswordReset func(ctx context.Context, u model.User) error
	// RevokeSessionsOnPasswordReset deletes every session of the user after a reset.
	RevokeSessionsOnPasswordReset bool
	// OnExistingUserSignUp runs when a sign-up hits an existing email while
	// RequireEmailVerification is on (e.g. to mail the owner).
	OnExistingUserSignUp func(ctx context.Context, u model.User) error
	// Password overrides the password hasher (both or neither).
	Password *PasswordFuncs
}

// PasswordFuncs replaces the default scrypt hasher.
type PasswordFuncs struct {
	Hash   func(ctx context.Context, password string) (string, error)
	Verify func(ctx context.Context, hash, password string) (bool, error)
}

// EmailVerification is Better Auth's emailVerification section.
type EmailVerification struct {
	// SendVerificationEmail sends the verification link. Nil disables verification mails.
	SendVerificationEmail func(ctx context.Context, e Email) error
	// SendOnSignUp sends a verification mail after sign-up. Nil means "as
	// RequireEmailVerification" (Better Auth's default).
	SendOnSignUp *bool
	// SendOnSignIn re-sends the mail when an unverified user signs in while verification is
	// required.
	SendOnSignIn bool
	// AutoSignInAfterVerification creates a session when the link is followed.
	AutoSignInAfterVerification bool
	// ExpiresIn is the token lifetime, default 1 hour.
	ExpiresIn time.Duration
	// BeforeEmailVerification and AfterEmailVerification run around marking the email verified.
	BeforeEmailVerification func(ctx context.Context, u model.User) error
	AfterEmailVerification  func(ctx context.Context, u model.User) error
}

// ChangeEmailOptions is Better Auth's user.changeEmail section.
type ChangeEmailOptions struct {
	Enabled bool
	// SendChangeEmailConfirmation mails the current address of a verified user.
	SendChangeEmailConfirmation func(ctx context.Context, e ChangeEmail) error
	// UpdateEmailWithoutVerification changes an unverified user's email at once.
	UpdateEmailWithoutVerification bool
}

// DeleteUserOptions is Better Auth's user.deleteUser section.
type DeleteUserOptions struct {
	Enabled bool
	// SendDeleteAccountVerification mails a confirmation link instead of deleting at once.
	SendDeleteAccountVerification func(ctx context.Context, e Email) error
	// DeleteTokenExpiresIn defaults to 24 hours.
	DeleteTokenExpiresIn time.Duration
	BeforeDelete         func(ctx context.Context, u model.User) error
	AfterDelete          func(ctx context.Context, u model.User) error
}

// User is Better Auth's user section.
type User struct {
	ModelName        string
	Fields           map[string]string
	AdditionalFields []schema.Field
	ChangeEmail      ChangeEmailOptions
	DeleteUser       DeleteUserOptions
}

// CookieCache is Better Auth's session.cookieCache section.
type CookieCache struct {
	Enabled bool
	// MaxAge defaults to 5 minutes.
	MaxAge time.Duration
	// Strategy is "compact" (default), "jwt" or "jwe".
	Strategy string
	// Version is the cache version (default "1"); a mismatch invalidates cached values.
	Version string
}

// Session is Better Auth's session section.
type Session struct {
	ModelName        string
	Fields           map[string]string
	AdditionalFields []schema.Field
	// ExpiresIn defaults to 7 days.
	ExpiresIn time.Duration
	// UpdateAge defaults to 1 day; a negative value is Better Auth's 0 (refresh on every use).
	UpdateAge time.Duration
	// FreshAge defaults to 1 day; a negative value is Better Auth's 0 (always fresh).
	FreshAge              time.Duration
	DisableSessionRefresh bool
	DeferSessionRefresh   bool
	// StoreSessionInDatabase keeps sessions in the database too when secondary storage is set.
	StoreSessionInDatabase    bool
	PreserveSessionInDatabase bool
	CookieCache               CookieCache
}

// Account is Better Auth's account section.
type Account struct {
	ModelName string
	Fields    map[string]string
	// EncryptOAuthTokens stores access and refresh tokens encrypted (XChaCha20-Poly1305
	// envelopes of the secret). Plain tokens stored earlier stay readable.
	EncryptOAuthTokens bool
	// DisableUpdateAccountOnSignIn keeps a linked account's stored tokens when its user
	// signs in again (Better Auth's updateAccountOnSignIn: false).
	DisableUpdateAccountOnSignIn bool
	// StoreAccountCookie keeps the signed-in account in an encrypted account_data cookie
	// (5 minutes), read by get-access-token, refresh-token and account-info.
	StoreAccountCookie bool
	// StoreStateStrategy is where the OAuth state lives: "database" (default: a
	// verification row plus a signed state cookie) or "cookie" (an encrypted
	// oauth_state cookie).
	StoreStateStrategy string
	// SkipStateCookieCheck accepts a database OAuth state without its state cookie.
	//
	// SECURITY: removes the binding of an OAuth flow to the browser that started it
	// (login CSRF). Only for proxies that cannot forward the cookie.
	SkipStateCookieCheck bool
	// AccountLinking controls linking of social accounts.
	AccountLinking AccountLinking
}

// AccountLinking is Better Auth's account.accountLinking section.
type AccountLinking struct {
	// Disabled turns linking off (Better Auth's enabled: false).
	Disabled bool
	// DisableImplicitLinking never links a provider account to an existing user found by
	// email during sign-in; link-social still works.
	DisableImplicitLinking bool
	// TrustedProviders are provider ids whose email is trusted even when the provider
	// does not say it is verified.
	//
	// SECURITY: trust only providers that verify email ownership.
	TrustedProviders []string
	// AllowDifferentEmails lets link-social attach a provider account whose email
	// differs from the user's.
	AllowDifferentEmails bool
	// AllowUnlinkingAll lets a user unlink their last account.
	AllowUnlinkingAll bool
	// UpdateUserInfoOnLink copies the provider's name and image to the user on
	// link-social.
	UpdateUserInfoOnLink bool
	// AllowUnverifiedLocalLinking lets sign-in link a provider account to an existing
	// user whose own email is not verified (Better Auth 1.6.9's behaviour; later
	// releases added requireLocalEmailVerified, default true).
	//
	// SECURITY: off by default. With it on, whoever registered an address first without
	// proving it (e.g. an attacker pre-registering a victim's email with a password)
	// keeps access after the real owner signs in with a provider.
	AllowUnverifiedLocalLinking bool
}

// Verification is Better Auth's verification section.
type Verification struct {
	ModelName      string
	Fields         map[string]string
	DisableCleanup bool
	// StoreInDatabase keeps verification values in the database too when secondary
	// storage is set; without it they live in secondary storage only (default false).
	StoreInDatabase bool
}

// RateLimitRule is one custom rule; Disabled turns the limit off for that path.
type RateLimitRule struct {
	Window   time.Duration
	Max      int
	Disabled bool
}

// RateLimit is Better Auth's rateLimit section.
type RateLimit struct {
	// Enabled: nil means Better Auth's default (on in production only).
	Enabled *bool
	// Window defaults to 10 s and Max to 100.
	Window      time.Duration
	Max         int
	CustomRules map[string]RateLimitRule
	// Storage is "memory" (default), "secondary-storage" or "database".
	Storage string
}

// IPAddress is Better Auth's advanced.ipAddress section, plus TrustedProxies.
type IPAddress struct {
	// Headers are the forwarding headers to read (default x-forwarded-for).
	Headers []string
	// TrustedProxies lists the proxies whose forwarding headers are believed. Nil means
	// loopback only (a reverse proxy on the same host); an empty non-nil slice trusts none.
	//
	// SECURITY: a forwarding header from any other peer is ignored, so the client IP is the
	// socket peer and cannot be spoofed with a header. Better Auth trusts the header
	// unconditionally.
	TrustedProxies    []netip.Prefix
	DisableIPTracking bool
	// IPv6Subnet is the prefix length IPv6 addresses are grouped by (default 64).
	IPv6Subnet int
}

// Advanced is Better Auth's advanced section.
type Advanced struct {
	// CookiePrefix defaults to "better-auth".
	CookiePrefix string
	// UseSecureCookies: nil means "when the base URL is https (or in production without a
	// base URL)".
	UseSecureCookies      *bool
	CrossSubDomainCookies struct {
		Enabled bool
		Domain  string
	}
	// Cookies renames cookies or changes their attributes, by key ("session_token", ...).
	Cookies map[string]cookie.Override
	// DefaultCookieAttributes are laid over the built-in attributes of every cookie.
	DefaultCookieAttributes cookie.PartialAttributes
	// DisableCSRFCheck turns off origin and fetch-metadata checks.
	//
	// SECURITY: leave false in production.
	DisableCSRFCheck bool
	// DisableOriginCheck turns off callback/redirect URL validation.
	//
	// SECURITY: leave false in production.
	DisableOriginCheck  bool
	TrustedProxyHeaders bool
	SkipTrailingSlashes bool
	IPAddress           IPAddress
	// GenerateID replaces the row id generator (default 32 alphanumeric characters).
	GenerateID func(model string) string
	// BackgroundTasks, when set, receives the email sends (verification, reset,
	// change-email, delete-account) instead of the request awaiting them, so that response
	// times do not depend on whether a message was sent (Better Auth's
	// advanced.backgroundTasks.handler). background.Queue is a bounded implementation.
	// Nil awaits every send before answering, as Better Auth does by default.
	BackgroundTasks func(ctx context.Context, task func(ctx context.Context))
}
