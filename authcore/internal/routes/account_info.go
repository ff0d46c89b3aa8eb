package routes

import (
	"context"
	"fmt"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/social"
)

// AccountInfoInput is the query of GET /account-info.
type AccountInfoInput struct {
	AccountID *string `query:"accountId" doc:"The provider given account id for which to get the account info"`
}

// Better Auth: api/routes/account.ts (accountInfo): the provider's profile of one of the
// user's accounts, fetched with a valid (refreshed if needed) access token.
func accountInfo(s *Social) *endpoint.Endpoint {
	return endpoint.New("accountInfo", http.MethodGet, "/account-info", endpoint.Meta{
		OperationID: "getAccountInfo", Description: "Get the account info provided by the provider",
	}, func(ctx context.Context, r *endpoint.Request, in AccountInfoInput) (*social.UserInfo, error) {
		var acc *model.Account
		if in.AccountID == nil || *in.AccountID == "" {
			if r.Ctx.Account.StoreAccountCookie {
				if a, ok := social.ReadAccountCookie(r, r.Ctx.Cookies, r.Ctx.Keys, r.Ctx.Now()); ok {
					acc = a
				}
			}
		} else {
			a, err := r.Ctx.Store.AccountByAccountID(ctx, *in.AccountID)
			if err != nil {
				return nil, err
			}
			acc = a
		}
		if acc == nil || acc.UserID != r.Session.User.ID {
			return nil, apierror.AccountNotFound.WithStatus(http.StatusBadRequest)
		}
		p := s.provider(acc.ProviderID)
		if p == nil {
			return nil, apierror.New(http.StatusInternalServerError, "PROVIDER_NOT_CONFIGURED",
				fmt.Sprintf("Provider account provider is %s but it is not configured", acc.ProviderID))
		}
		tok, err := s.accessToken(ctx, r, AccountTokenInput{ProviderID: acc.ProviderID, AccountID: &acc.AccountID})
		if err != nil {
			return nil, err
		}
		if tok.AccessToken == "" {
			return nil, apierror.New(http.StatusBadRequest, "ACCESS_TOKEN_NOT_FOUND", "Access token not found")
		}
		t := social.Tokens{AccessToken: tok.AccessToken, Scopes: tok.Scopes, IDToken: str(tok.IDToken)}
		info, err := p.UserInfo(ctx, t, nil)
		if err != nil {
			r.Ctx.Logger.WarnContext(ctx, "account-info: provider user info failed", "provider", acc.ProviderID, "err", err)
			return nil, nil
		}
		return info, nil
	}, endpoint.RequireSession)
}
