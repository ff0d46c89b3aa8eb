package routes

import (
	"context"
	"net/http"
	"sort"
	"strings"

	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/model"
)

// AccountOutput is one entry of GET /list-accounts: the account without its secrets, plus
// scopes split on commas.
type AccountOutput struct {
	ID         string         `json:"id"`
	AccountID  string         `json:"accountId"`
	ProviderID string         `json:"providerId"`
	UserID     string         `json:"userId"`
	CreatedAt  string         `json:"createdAt"`
	UpdatedAt  string         `json:"updatedAt"`
	Scopes     []string       `json:"scopes"`
	Fields     map[string]any `json:"-"`
}

// Better Auth: api/routes/account.ts (listUserAccounts).
func listAccounts() *endpoint.Endpoint {
	return endpoint.New("listUserAccounts", http.MethodGet, "/list-accounts", endpoint.Meta{
		OperationID: "listUserAccounts", Description: "List all accounts linked to the user",
	}, func(ctx context.Context, r *endpoint.Request, _ struct{}) ([]AccountOutput, error) {
		accs, err := r.Ctx.Store.Accounts(ctx, r.Session.User.ID)
		if err != nil {
			return nil, err
		}
		sort.SliceStable(accs, func(i, j int) bool { return accs[i].CreatedAt.Before(accs[j].CreatedAt) })
		out := make([]AccountOutput, len(accs))
		for i, a := range accs {
			out[i] = accountOut(a)
		}
		return out, nil
	}, endpoint.RequireSession)
}

func accountOut(a model.Account) AccountOutput {
	scopes := []string{}
	if a.Scope != nil && *a.Scope != "" {
		scopes = strings.Split(*a.Scope, ",")
	}
	return AccountOutput{
		ID: a.ID, AccountID: a.AccountID, ProviderID: a.ProviderID, UserID: a.UserID,
		CreatedAt: model.FormatTime(a.CreatedAt), UpdatedAt: model.FormatTime(a.UpdatedAt),
		Scopes: scopes,
	}
}
