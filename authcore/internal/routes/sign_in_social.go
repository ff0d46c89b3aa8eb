package routes

import (
	"context"
	"net/http"
	"strings"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/secret"
	"github.com/goauth-dev/goauth/authcore/session"
	"github.com/goauth-dev/goauth/authcore/social"
)

// IDTokenInput is the idToken object of /sign-in/social.
type IDTokenInput struct {
	Token        string           `json:"token" validate:"required" doc:"ID token from the provider"`
	Nonce        *string          `json:"nonce" doc:"Nonce used to generate the token"`
	AccessToken  *string          `json:"accessToken" doc:"Access token from the provider"`
	RefreshToken *string          `json:"refreshToken" doc:"Refresh token from the provider"`
	ExpiresAt    *float64         `json:"expiresAt" doc:"Expiry date of the token"`
	User         *social.UserHint `json:"user" doc:"The user object from the provider. Only available for some providers like Apple."`
}

// SignInSocialInput is the body of POST /sign-in/social.
type SignInSocialInput struct {
	CallbackURL        *string        `json:"callbackURL" doc:"Callback URL to redirect to after the user has signed in"`
	NewUserCallbackURL *string        `json:"newUserCallbackURL"`
	ErrorCallbackURL   *string        `json:"errorCallbackURL" doc:"Callback URL to redirect to if an error happens"`
	Provider           string         `json:"provider" validate:"required"`
	DisableRedirect    *bool          `json:"disableRedirect" doc:"Disable automatic redirection to the provider. Useful for handling the redirection yourself"`
	IDToken            *IDTokenInput  `json:"idToken"`
	Scopes             []string       `json:"scopes" doc:"Array of scopes to request from the provider. This will override the default scopes passed."`
	RequestSignUp      *bool          `json:"requestSignUp" doc:"Explicitly request sign-up. Useful when disableImplicitSignUp is true for this provider"`
	LoginHint          *string        `json:"loginHint" doc:"The login hint to use for the authorization code request"`
	AdditionalData     map[string]any `json:"additionalData" doc:"Additional data to be passed through the OAuth flow"`
}

// SignInSocialOutput is the answer of POST /sign-in/social: {url, redirect} for the
// redirect flow, {redirect:false, token, user} for an ID token.
type SignInSocialOutput struct {
	URL      *string     `json:"url,omitempty"`
	Redirect bool        `json:"redirect"`
	Token    *string     `json:"token,omitempty"`
	User     *model.User `json:"user,omitempty"`
}

// Better Auth: api/routes/sign-in.ts (signInSocial).
func signInSocial(s *Social) *endpoint.Endpoint {
	return endpoint.New("signInSocial", http.MethodPost, "/sign-in/social", endpoint.Meta{
		OperationID: "socialSignIn", Description: "Sign in with a social provider",
	}, func(ctx context.Context, r *endpoint.Request, in SignInSocialInput) (SignInSocialOutput, error) {
		p := s.provider(in.Provider)
		if p == nil {
			r.Ctx.Logger.WarnContext(ctx, "provider not found; add it to SocialProviders", "provider", in.Provider)
			return SignInSocialOutput{}, apierror.ProviderNotFound.WithStatus(http.StatusNotFound)
		}
		requestSignUp := in.RequestSignUp != nil && *in.RequestSignUp
		if in.IDToken != nil {
			return s.signInIDToken(ctx, r, p, in, requestSignUp)
		}
		d := &social.StateData{
			CallbackURL: str(in.CallbackURL), ErrorURL: str(in.ErrorCallbackURL),
			NewUserURL: str(in.NewUserCallbackURL), RequestSignUp: in.RequestSignUp,
			AdditionalData: in.AdditionalData,
		}
		url, err := s.startFlow(ctx, r, p, d, in.Scopes, str(in.LoginHint))
		if err != nil {
			return SignInSocialOutput{}, err
		}
		redirect := in.DisableRedirect == nil || !*in.DisableRedirect
		if redirect {
			r.ResponseHeader.Set("Location", url)
		}
		return SignInSocialOutput{URL: &url, Redirect: redirect}, nil
	})
}

// startFlow issues the state of a redirect flow and returns the provider's
// authorization URL (Better Auth's generateState + createAuthorizationURL).
func (s *Social) startFlow(ctx context.Context, r *endpoint.Request, p social.Provider, d *social.StateData, scopes []string, loginHint string) (string, error) {
	if d.CallbackURL == "" {
		d.CallbackURL = r.Ctx.Origin
	}
	if d.CallbackURL == "" {
		return "", apierror.CallbackURLRequired.WithStatus(http.StatusBadRequest)
	}
	d.ProviderID = p.ID()
	d.Nonce = secret.RandomString(32, secret.URLSafe)
	state, err := s.States.Issue(ctx, r, d)
	if err != nil {
		r.Ctx.Logger.ErrorContext(ctx, "oauth: creating state failed", "err", err)
		return "", apierror.New(http.StatusInternalServerError, "", "Unable to create verification")
	}
	return p.AuthorizationURL(ctx, social.AuthorizationRequest{
		State: state, CodeVerifier: d.CodeVerifier, Nonce: d.Nonce,
		RedirectURI: r.Ctx.BaseURL + "/callback/" + p.ID(),
		Scopes:      scopes, LoginHint: loginHint,
	})
}

// signInIDToken signs in with an ID token the client obtained itself.
func (s *Social) signInIDToken(ctx context.Context, r *endpoint.Request, p social.Provider, in SignInSocialInput, requestSignUp bool) (SignInSocialOutput, error) {
	it := in.IDToken
	t := social.Tokens{AccessToken: str(it.AccessToken), RefreshToken: str(it.RefreshToken)}
	info, err := idTokenUser(ctx, r, p, it.Token, str(it.Nonce), t, it.User)
	if err != nil {
		return SignInSocialOutput{}, err
	}
	pol := p.Policy()
	u := info.User
	res, reason, err := s.handleOAuthUserInfo(ctx, r, u, oauthAccount{
		ProviderID: p.ID(), AccountID: u.ID,
		Tokens: social.Tokens{AccessToken: str(it.AccessToken)},
	}, str(in.CallbackURL), (pol.DisableImplicitSignUp && !requestSignUp) || pol.DisableSignUp, false)
	if err != nil {
		return SignInSocialOutput{}, err
	}
	if reason != "" {
		return SignInSocialOutput{}, apierror.New(http.StatusUnauthorized, "OAUTH_LINK_ERROR", reason)
	}
	r.SetSessionCookie(session.Data{Session: res.Session, User: res.User}, nil)
	user := userOut(r, res.User)
	return SignInSocialOutput{Token: &res.Session.Token, User: &user}, nil
}

// splitScopes reads a stored comma-joined scope.
func splitScopes(scope *string) []string {
	if scope == nil || *scope == "" {
		return []string{}
	}
	return strings.Split(*scope, ",")
}
