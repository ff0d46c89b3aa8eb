package social

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/goauth-dev/goauth/authcore/model"
)

// Errors a Provider returns for operations it does not offer. The routes map them to
// Better Auth's answers (404 ID_TOKEN_NOT_SUPPORTED, 400 TOKEN_REFRESH_NOT_SUPPORTED).
var (
	ErrIDTokenNotSupported = errors.New("social: provider does not support ID-token sign-in")
	ErrRefreshNotSupported = errors.New("social: provider does not support token refresh")
	// ErrNoUserInfo means the provider answered but gave no usable profile.
	ErrNoUserInfo = errors.New("social: provider returned no user info")
)

// Tokens are the tokens a provider issued (Better Auth's OAuth2Tokens). Zero times
// mean "not given".
type Tokens struct {
	TokenType             string
	AccessToken           string
	RefreshToken          string
	IDToken               string
	AccessTokenExpiresAt  time.Time
	RefreshTokenExpiresAt time.Time
	// Scopes are the granted scopes as the token response listed them; nil when the
	// response had no scope field.
	Scopes []string
	// Raw is the token response's JSON object (nil for tokens not from a response).
	Raw map[string]any
}

// User is a provider's user mapped onto Better Auth's user fields.
type User struct {
	// ID is the provider's account id (account.accountId).
	ID            string
	Name          string
	Email         string
	Image         string
	EmailVerified bool
	// Fields are further user fields set by MapProfileToUser (additional fields of the
	// user table; anything else is ignored when the user is created).
	Fields map[string]any
}

// MarshalJSON renders the user as Better Auth's getUserInfo returns it: id, name,
// email (null when unknown), image (omitted when unknown), emailVerified, then Fields.
func (u User) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, 5+len(u.Fields))
	for k, v := range u.Fields {
		m[k] = v
	}
	m["id"] = u.ID
	m["name"] = u.Name
	m["email"] = nil
	if u.Email != "" {
		m["email"] = u.Email
	}
	if u.Image != "" {
		m["image"] = u.Image
	}
	m["emailVerified"] = u.EmailVerified
	return marshalJS(m)
}

// UserInfo is a mapped user with the raw profile it came from (Better Auth's
// getUserInfo result, also the body of GET /account-info).
type UserInfo struct {
	User User           `json:"user"`
	Data map[string]any `json:"data"`
}

// UserHint is the user object some providers post to the callback or the client sends
// with an ID token (Apple sends the name only on the first sign-in).
type UserHint struct {
	Name *struct {
		FirstName string `json:"firstName,omitempty"`
		LastName  string `json:"lastName,omitempty"`
	} `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
}

// AuthorizationRequest is what the flow hands a provider to build its authorization URL.
type AuthorizationRequest struct {
	// State is the 32-character OAuth state.
	State string
	// CodeVerifier is the 128-character PKCE verifier; providers that use PKCE send
	// its S256 challenge.
	CodeVerifier string
	// RedirectURI is <baseURL>/callback/<id> (Options.RedirectURI overrides it).
	RedirectURI string
	// Scopes are requested on top of the provider's default and configured scopes.
	Scopes []string
	// LoginHint is sent as login_hint when set.
	LoginHint string
	// Display is sent as display by providers that support it.
	Display string
	// Nonce is a fresh random value; OpenID providers that bind the ID token to the
	// request (the generic OIDC provider) send it and check it at the exchange.
	Nonce string
}

// CodeExchange is the authorization-code exchange of a callback.
type CodeExchange struct {
	Code         string
	CodeVerifier string
	RedirectURI  string
	// DeviceID is the device_id parameter some providers return to the callback.
	DeviceID string
	// Nonce is the value given to AuthorizationURL for this flow.
	Nonce string
}

// Policy is how the sign-in flow treats users of a provider.
type Policy struct {
	DisableImplicitSignUp    bool
	DisableSignUp            bool
	OverrideUserInfoOnSignIn bool
}

// Provider is one OAuth 2.0 / OpenID Connect identity provider. The built-in providers
// and the generic OIDC provider implement it, and also Refresher and IDTokenVerifier
// (answering ErrRefreshNotSupported / ErrIDTokenNotSupported when they do not offer
// them). An application may implement it for anything else.
type Provider interface {
	// ID is the provider id used in routes and account.providerId ("github").
	ID() string
	// AuthorizationURL returns the URL the browser is sent to.
	AuthorizationURL(ctx context.Context, r AuthorizationRequest) (string, error)
	// ExchangeCode trades an authorization code for tokens.
	ExchangeCode(ctx context.Context, x CodeExchange) (*Tokens, error)
	// UserInfo fetches and maps the user the tokens belong to. hint may be nil.
	UserInfo(ctx context.Context, t Tokens, hint *UserHint) (*UserInfo, error)
	// Policy reports the provider's sign-up settings.
	Policy() Policy
}

// Refresher is a Provider that can refresh access tokens.
type Refresher interface {
	RefreshAccessToken(ctx context.Context, refreshToken string) (*Tokens, error)
}

// IDTokenVerifier is a Provider that accepts ID tokens minted for the client (sign-in
// with an ID token obtained by a native or front-end SDK).
type IDTokenVerifier interface {
	// VerifyIDToken reports whether token is a valid ID token for this client; nonce,
	// when not empty, must match its nonce claim.
	VerifyIDToken(ctx context.Context, token, nonce string) (bool, error)
}

// Options are the settings every built-in provider accepts (Better Auth's
// ProviderOptions) plus the provider-specific ones, which say which provider reads them.
// The zero value of each field is Better Auth's default.
type Options struct {
	// Disabled leaves the provider out (Better Auth's enabled: false).
	Disabled bool
	// ClientID is the OAuth client id. Required.
	ClientID string
	// AdditionalClientIDs are further audiences accepted in ID tokens (Better Auth's
	// clientId array: ClientID is its first entry, used for the redirect flow).
	AdditionalClientIDs []string
	// ClientSecret is the OAuth client secret.
	ClientSecret string
	// ClientKey is sent as client_key. TikTok identifies apps by it: it is required there,
	// and ClientID is not used.
	ClientKey string
	// Scopes are requested on top of the default scopes (Better Auth's scope).
	Scopes []string
	// DisableDefaultScope drops the provider's default scopes.
	DisableDefaultScope bool
	// RedirectURI replaces <baseURL>/callback/<id> in the authorization request and the
	// code exchange.
	RedirectURI string
	// AuthorizationEndpoint replaces the provider's authorization endpoint (not for the
	// providers whose URL Better Auth writes by hand: Discord, Roblox, Slack, TikTok,
	// WeChat, Zoom).
	AuthorizationEndpoint string
	// Prompt is sent as prompt ("select_account", "consent", "login", "none").
	Prompt string
	// AccessType is sent as access_type by Google ("offline" for a refresh token).
	AccessType string
	// Display is sent as display (Google, Facebook) unless the request sets one.
	Display string
	// ResponseMode is sent as response_mode ("query" or "form_post") where supported.
	ResponseMode string

	// DisableImplicitSignUp refuses to create users unless the sign-in request says
	// requestSignUp.
	DisableImplicitSignUp bool
	// DisableSignUp never creates users through this provider.
	DisableSignUp bool
	// OverrideUserInfoOnSignIn overwrites the user's name, image and email with the
	// provider's on every sign-in.
	OverrideUserInfoOnSignIn bool
	// DisableIDTokenSignIn refuses ID tokens (sign-in and link answer INVALID_TOKEN).
	DisableIDTokenSignIn bool

	// MapProfileToUser adjusts the mapped user from the raw profile (Better Auth spreads
	// its result over the mapped user; here it edits u in place).
	MapProfileToUser func(ctx context.Context, profile map[string]any, u *User) error
	// GetUserInfo replaces the provider's profile fetch.
	GetUserInfo func(ctx context.Context, t Tokens) (*UserInfo, error)
	// VerifyIDToken replaces the provider's ID-token verification.
	VerifyIDToken func(ctx context.Context, token, nonce string) (bool, error)
	// RefreshAccessToken replaces the provider's refresh.
	RefreshAccessToken func(ctx context.Context, refreshToken string) (*Tokens, error)

	// HostedDomain is Google's hd parameter.
	HostedDomain string
	// TenantID is Microsoft Entra ID's tenant ("common" by default).
	TenantID string
	// Authority is Microsoft's login host (default https://login.microsoftonline.com).
	Authority string
	// DisableProfilePhoto skips Microsoft's photo download.
	DisableProfilePhoto bool
	// ProfilePhotoSize is Microsoft's photo size (default 48).
	ProfilePhotoSize int
	// AppBundleIdentifier is an extra audience accepted in Apple ID tokens.
	AppBundleIdentifier string
	// Audience lists further audiences accepted in Apple ID tokens.
	Audience []string
	// IssuerURL is GitLab's instance URL (default https://gitlab.com/) and Paybin's
	// issuer (default https://idp.paybin.io).
	IssuerURL string
	// Fields are extra Facebook Graph fields to fetch.
	Fields []string
	// ConfigID is Facebook Login for Business's config_id.
	ConfigID string
	// Permissions is Discord's bot permissions integer, sent with the "bot" scope.
	Permissions *int
	// Domain is Amazon Cognito's hosted UI domain ("my-app.auth.us-east-1.amazoncognito.com",
	// a scheme is dropped). Required for Cognito.
	Domain string
	// Region is Amazon Cognito's AWS region ("us-east-1"). Required for Cognito.
	Region string
	// UserPoolID is Amazon Cognito's user pool ("us-east-1_AbCdEf"). Required for Cognito.
	UserPoolID string
	// RequireClientSecret makes Cognito refuse to start without a ClientSecret.
	RequireClientSecret bool
	// Environment selects PayPal's "sandbox" (the default) or "live" servers, and
	// Salesforce's "production" (the default) or "sandbox" login host.
	Environment string
	// LoginURL is Salesforce's My Domain host ("mycompany.my.salesforce.com"), used
	// instead of the Environment's login host.
	LoginURL string
	// Duration is Reddit's duration parameter ("permanent" for a refresh token).
	Duration string
	// Lang is WeChat's QR-login page language, "cn" (the default) or "en".
	Lang string
	// DisablePKCE stops Zoom sending a PKCE challenge (Better Auth's pkce: false).
	DisablePKCE bool

	// HTTPClient makes the provider's outbound calls. Default: NewClient(ClientOptions{}).
	HTTPClient *http.Client
	// Now is the clock for token expiry times. Default time.Now.
	Now func() time.Time
	// Logger receives provider errors. Default slog.Default().
	Logger *slog.Logger
}

// audiences returns ClientID followed by AdditionalClientIDs.
func (o *Options) audiences() []string {
	out := make([]string, 0, 1+len(o.AdditionalClientIDs))
	if o.ClientID != "" {
		out = append(out, o.ClientID)
	}
	return append(out, o.AdditionalClientIDs...)
}

func (o *Options) fill() {
	if o.HTTPClient == nil {
		o.HTTPClient = NewClient(ClientOptions{})
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
}

// marshalJS encodes v as JSON.stringify does (no HTML escaping).
func marshalJS(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := model.WriteJSON(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
