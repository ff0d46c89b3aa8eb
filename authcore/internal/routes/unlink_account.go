package routes

import (
	"context"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
)

// UnlinkAccountInput is the body of POST /unlink-account.
type UnlinkAccountInput struct {
	ProviderID string  `json:"providerId" validate:"required" doc:"The provider ID of the account to unlink"`
	AccountID  *string `json:"accountId" doc:"The provider's account ID of the account to unlink"`
}

// Better Auth: api/routes/account.ts (unlinkAccount).
func unlinkAccount() *endpoint.Endpoint {
	return endpoint.New("unlinkAccount", http.MethodPost, "/unlink-account", endpoint.Meta{
		OperationID: "unlinkAccount", Description: "Unlink an account",
	}, func(ctx context.Context, r *endpoint.Request, in UnlinkAccountInput) (status, error) {
		accs, err := r.Ctx.Store.Accounts(ctx, r.Session.User.ID)
		if err != nil {
			return status{}, err
		}
		if len(accs) == 1 && !r.Ctx.Account.AccountLinking.AllowUnlinkingAll {
			return status{}, apierror.FailedToUnlinkLastAccount.WithStatus(http.StatusBadRequest)
		}
		for _, a := range accs {
			if a.ProviderID != in.ProviderID {
				continue
			}
			if in.AccountID != nil && a.AccountID != *in.AccountID {
				continue
			}
			if err := r.Ctx.Store.DeleteAccount(ctx, a.ID); err != nil {
				return status{}, err
			}
			return status{Status: true}, nil
		}
		return status{}, apierror.AccountNotFound.WithStatus(http.StatusBadRequest)
	}, endpoint.RequireFreshSession)
}
