package routes

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/social"
)

// Better Auth: api/routes/account.ts (refreshToken). The answer lists the new tokens in
// plain text; the stored account gets them (encrypted when configured).
func refreshToken(s *Social) *endpoint.Endpoint {
	return endpoint.New("refreshToken", http.MethodPost, "/refresh-token", endpoint.Meta{
		OperationID: "refreshToken", Description: "Refresh the access token using a refresh token",
	}, func(ctx context.Context, r *endpoint.Request, in AccountTokenInput) (map[string]any, error) {
		userID, err := tokenUser(ctx, r, in, apierror.New(http.StatusBadRequest, "USER_ID_OR_SESSION_REQUIRED", "Either userId or session is required"))
		if err != nil {
			return nil, err
		}
		p := s.provider(in.ProviderID)
		if p == nil {
			return nil, providerNotSupported(in.ProviderID)
		}
		notSupported := apierror.New(http.StatusBadRequest, "TOKEN_REFRESH_NOT_SUPPORTED", fmt.Sprintf("Provider %s does not support token refreshing.", in.ProviderID))
		rf, ok := p.(social.Refresher)
		if !ok {
			return nil, notSupported
		}
		acc, _, err := s.findTokenAccount(ctx, r, userID, in, false)
		if err != nil {
			return nil, err
		}
		if acc.RefreshToken == nil || *acc.RefreshToken == "" {
			return nil, apierror.New(http.StatusBadRequest, "REFRESH_TOKEN_NOT_FOUND", "Refresh token not found")
		}
		res, err := s.refresh(ctx, r, rf, acc)
		if errors.Is(err, social.ErrRefreshNotSupported) {
			return nil, notSupported
		}
		if err != nil {
			r.Ctx.Logger.WarnContext(ctx, "refresh-token failed", "provider", in.ProviderID, "err", err)
			return nil, apierror.New(http.StatusBadRequest, "FAILED_TO_REFRESH_ACCESS_TOKEN", "Failed to refresh access token")
		}
		if r.Ctx.Account.StoreAccountCookie {
			if err := social.SetAccountCookie(r, r.Ctx.Cookies, r.Ctx.Keys, res.account, r.Ctx.Now()); err != nil {
				return nil, err
			}
		}
		t := res.tokens
		out := map[string]any{
			"accessToken":  t.AccessToken,
			"refreshToken": res.plainRefresh,
			"providerId":   acc.ProviderID,
			"accountId":    acc.AccountID,
		}
		if !t.AccessTokenExpiresAt.IsZero() {
			out["accessTokenExpiresAt"] = model.FormatTime(t.AccessTokenExpiresAt)
		}
		switch {
		case !t.RefreshTokenExpiresAt.IsZero():
			out["refreshTokenExpiresAt"] = model.FormatTime(t.RefreshTokenExpiresAt)
		case acc.RefreshTokenExpiresAt != nil:
			out["refreshTokenExpiresAt"] = model.FormatTime(*acc.RefreshTokenExpiresAt)
		default:
			out["refreshTokenExpiresAt"] = nil
		}
		out["scope"] = nullable(acc.Scope)
		if len(t.Scopes) > 0 {
			out["scope"] = joinScopes(t.Scopes)
		}
		out["idToken"] = nullable(acc.IDToken)
		if t.IDToken != "" {
			out["idToken"] = t.IDToken
		}
		return out, nil
	})
}

func nullable(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}
