package routes

import (
	"context"
	"net/http"
	"strings"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/social"
)

// LinkIDTokenInput is the idToken object of /link-social.
type LinkIDTokenInput struct {
	Token        string   `json:"token" validate:"required"`
	Nonce        *string  `json:"nonce"`
	AccessToken  *string  `json:"accessToken"`
	RefreshToken *string  `json:"refreshToken"`
	Scopes       []string `json:"scopes"`
}

// LinkSocialInput is the body of POST /link-social.
type LinkSocialInput struct {
	CallbackURL      *string           `json:"callbackURL" doc:"The URL to redirect to after the user has signed in"`
	Provider         string            `json:"provider" validate:"required"`
	IDToken          *LinkIDTokenInput `json:"idToken"`
	RequestSignUp    *bool             `json:"requestSignUp"`
	Scopes           []string          `json:"scopes" doc:"Additional scopes to request from the provider"`
	ErrorCallbackURL *string           `json:"errorCallbackURL" doc:"The URL to redirect to if there is an error during the link process"`
	DisableRedirect  *bool             `json:"disableRedirect" doc:"Disable automatic redirection to the provider. Useful for handling the redirection yourself"`
	AdditionalData   map[string]any    `json:"additionalData"`
}

// LinkSocialOutput is the answer of POST /link-social.
type LinkSocialOutput struct {
	URL      string `json:"url"`
	Redirect bool   `json:"redirect"`
	Status   *bool  `json:"status,omitempty"`
}

// Better Auth: api/routes/account.ts (linkSocialAccount).
//
// GoAuth refuses an ID token whose provider account already belongs to another user
// (401 SOCIAL_ACCOUNT_ALREADY_LINKED; Better Auth 1.6.9 creates a second account row)
// and stores its tokens encrypted when account.encryptOAuthTokens is on (1.6.9 stores
// them in plain text on this path).
func linkSocial(s *Social) *endpoint.Endpoint {
	return endpoint.New("linkSocialAccount", http.MethodPost, "/link-social", endpoint.Meta{
		OperationID: "linkSocialAccount", Description: "Link a social account to the user",
	}, func(ctx context.Context, r *endpoint.Request, in LinkSocialInput) (LinkSocialOutput, error) {
		user := r.Session.User
		p := s.provider(in.Provider)
		if p == nil {
			r.Ctx.Logger.WarnContext(ctx, "provider not found; add it to SocialProviders", "provider", in.Provider)
			return LinkSocialOutput{}, apierror.ProviderNotFound.WithStatus(http.StatusNotFound)
		}
		if in.IDToken != nil {
			return s.linkIDToken(ctx, r, p, in.IDToken)
		}
		d := &social.StateData{
			CallbackURL: str(in.CallbackURL), ErrorURL: str(in.ErrorCallbackURL),
			Link:           &social.Link{Email: user.Email, UserID: user.ID},
			RequestSignUp:  in.RequestSignUp,
			AdditionalData: in.AdditionalData,
		}
		url, err := s.startFlow(ctx, r, p, d, in.Scopes, "")
		if err != nil {
			return LinkSocialOutput{}, err
		}
		redirect := in.DisableRedirect == nil || !*in.DisableRedirect
		if redirect {
			r.ResponseHeader.Set("Location", url)
		}
		return LinkSocialOutput{URL: url, Redirect: redirect}, nil
	}, endpoint.RequireSession)
}

func (s *Social) linkIDToken(ctx context.Context, r *endpoint.Request, p social.Provider, it *LinkIDTokenInput) (LinkSocialOutput, error) {
	user := r.Session.User
	t := social.Tokens{AccessToken: str(it.AccessToken), RefreshToken: str(it.RefreshToken)}
	info, err := idTokenUser(ctx, r, p, it.Token, str(it.Nonce), t, nil)
	if err != nil {
		return LinkSocialOutput{}, err
	}
	done := LinkSocialOutput{Status: ptr(true)}
	st := r.Ctx.Store
	existing, err := st.AccountByProvider(ctx, p.ID(), info.User.ID)
	if err != nil {
		return LinkSocialOutput{}, err
	}
	if existing != nil {
		if existing.UserID == user.ID {
			return done, nil
		}
		return LinkSocialOutput{}, apierror.SocialAccountAlreadyLinked.WithStatus(http.StatusUnauthorized)
	}
	linking := r.Ctx.Account.AccountLinking
	if !social.CanLinkExplicitly(linking, p.ID(), info.User.EmailVerified) {
		return LinkSocialOutput{}, apierror.New(http.StatusUnauthorized, "LINKING_NOT_ALLOWED", "Account not linked - linking not allowed")
	}
	if !strings.EqualFold(info.User.Email, user.Email) && !linking.AllowDifferentEmails {
		return LinkSocialOutput{}, apierror.New(http.StatusUnauthorized, "LINKING_DIFFERENT_EMAILS_NOT_ALLOWED", "Account not linked - different emails not allowed")
	}
	rec, err := s.accountRecord(oauthAccount{ProviderID: p.ID(), AccountID: info.User.ID, Tokens: social.Tokens{
		AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, IDToken: it.Token,
	}}, true)
	if err != nil {
		return LinkSocialOutput{}, err
	}
	if it.Scopes != nil {
		rec["scope"] = strings.Join(it.Scopes, ",")
	}
	rec["userId"] = user.ID
	if _, err := st.CreateAccount(ctx, rec); err != nil {
		r.Ctx.Logger.ErrorContext(ctx, "link-social: creating account failed", "err", err)
		return LinkSocialOutput{}, apierror.New(http.StatusExpectationFailed, "LINKING_FAILED", "Account not linked - unable to create account")
	}
	if linking.UpdateUserInfoOnLink {
		if _, err := st.UpdateUser(ctx, user.ID, userInfoOnLink(info.User)); err != nil {
			r.Ctx.Logger.WarnContext(ctx, "link-social: updating user info failed", "err", err)
		}
	}
	return done, nil
}
