package routes

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/social"
)

// AccountTokenInput is the body of POST /get-access-token and POST /refresh-token.
type AccountTokenInput struct {
	ProviderID string  `json:"providerId" validate:"required" doc:"The provider ID for the OAuth provider"`
	AccountID  *string `json:"accountId" doc:"The account ID associated with the refresh token"`
	UserID     *string `json:"userId" doc:"The user ID associated with the account"`
}

// AccessTokenOutput is the answer of POST /get-access-token.
type AccessTokenOutput struct {
	AccessToken          string   `json:"accessToken"`
	AccessTokenExpiresAt *string  `json:"accessTokenExpiresAt,omitempty"`
	Scopes               []string `json:"scopes"`
	IDToken              *string  `json:"idToken,omitempty"`
}

// refreshWindow is how close to expiry an access token is refreshed.
const refreshWindow = 5 * time.Second

// Better Auth: api/routes/account.ts (getAccessToken). Concurrent calls that need the
// same account refreshed share one provider call.
func getAccessToken(s *Social) *endpoint.Endpoint {
	return endpoint.New("getAccessToken", http.MethodPost, "/get-access-token", endpoint.Meta{
		OperationID: "getAccessToken", Description: "Get a valid access token, doing a refresh if needed",
	}, s.accessToken)
}

func (s *Social) accessToken(ctx context.Context, r *endpoint.Request, in AccountTokenInput) (AccessTokenOutput, error) {
	userID, err := tokenUser(ctx, r, in, apierror.Empty(http.StatusUnauthorized))
	if err != nil {
		return AccessTokenOutput{}, err
	}
	p := s.provider(in.ProviderID)
	if p == nil {
		return AccessTokenOutput{}, providerNotSupported(in.ProviderID)
	}
	acc, _, err := s.findTokenAccount(ctx, r, userID, in, true)
	if err != nil {
		return AccessTokenOutput{}, err
	}
	failed := apierror.New(http.StatusBadRequest, "FAILED_TO_GET_ACCESS_TOKEN", "Failed to get a valid access token")
	var fresh *social.Tokens
	if acc.RefreshToken != nil && *acc.RefreshToken != "" && acc.AccessTokenExpiresAt != nil &&
		acc.AccessTokenExpiresAt.Sub(r.Ctx.Now()) < refreshWindow {
		if rf, ok := p.(social.Refresher); ok {
			res, err := s.refresh(ctx, r, rf, acc)
			if err != nil && !errors.Is(err, social.ErrRefreshNotSupported) {
				r.Ctx.Logger.WarnContext(ctx, "get-access-token: refresh failed", "provider", in.ProviderID, "err", err)
				return AccessTokenOutput{}, failed
			}
			if err == nil {
				fresh = res.tokens
				acc = res.account
			}
		}
	}
	out := AccessTokenOutput{Scopes: splitScopes(acc.Scope), IDToken: acc.IDToken}
	if fresh != nil {
		out.AccessToken = fresh.AccessToken
	} else {
		plain, err := s.Tokens.Open(str(acc.AccessToken))
		if err != nil {
			r.Ctx.Logger.WarnContext(ctx, "get-access-token: decrypting token failed", "err", err)
			return AccessTokenOutput{}, failed
		}
		out.AccessToken = plain
	}
	if acc.AccessTokenExpiresAt != nil {
		out.AccessTokenExpiresAt = ptr(model.FormatTime(*acc.AccessTokenExpiresAt))
	}
	if out.IDToken != nil && *out.IDToken == "" {
		out.IDToken = nil
	}
	if r.Ctx.Account.StoreAccountCookie && fresh != nil {
		if err := social.SetAccountCookie(r, r.Ctx.Cookies, r.Ctx.Keys, acc, r.Ctx.Now()); err != nil {
			return AccessTokenOutput{}, err
		}
	}
	return out, nil
}

// tokenUser resolves the user of a token call: the session's, else (in-process calls
// only) body.userId. HTTP calls without a session get unauth.
func tokenUser(ctx context.Context, r *endpoint.Request, in AccountTokenInput, missing error) (string, error) {
	d, err := endpoint.LoadSession(ctx, r, false)
	if err != nil {
		return "", err
	}
	if r.HTTP != nil && d == nil {
		return "", apierror.Empty(http.StatusUnauthorized)
	}
	if d != nil {
		return d.User.ID, nil
	}
	if in.UserID != nil && *in.UserID != "" {
		return *in.UserID, nil
	}
	return "", missing
}

func providerNotSupported(id string) error {
	return apierror.New(http.StatusBadRequest, "PROVIDER_NOT_SUPPORTED", fmt.Sprintf("Provider %s is not supported.", id))
}

// findTokenAccount finds the account of a token call: the account_data cookie when it
// matches, else the user's accounts. fromCookie reports the cookie was used.
func (s *Social) findTokenAccount(ctx context.Context, r *endpoint.Request, userID string, in AccountTokenInput, matchAccountID bool) (model.Account, bool, error) {
	if r.Ctx.Account.StoreAccountCookie {
		if a, ok := social.ReadAccountCookie(r, r.Ctx.Cookies, r.Ctx.Keys, r.Ctx.Now()); ok &&
			a.UserID == userID && a.ProviderID == in.ProviderID &&
			(!matchAccountID || in.AccountID == nil || a.AccountID == *in.AccountID) {
			return *a, true, nil
		}
	}
	accs, err := r.Ctx.Store.Accounts(ctx, userID)
	if err != nil {
		return model.Account{}, false, err
	}
	for _, a := range accs {
		if a.ProviderID != in.ProviderID {
			continue
		}
		if in.AccountID != nil && a.AccountID != *in.AccountID {
			continue
		}
		return a, false, nil
	}
	return model.Account{}, false, apierror.AccountNotFound.WithStatus(http.StatusBadRequest)
}

// refreshed is the outcome of a shared refresh.
type refreshed struct {
	tokens  *social.Tokens
	account model.Account
	// plainRefresh is the refresh token in effect after the refresh.
	plainRefresh string
}

// refresh refreshes acc's tokens with the provider and stores them. Concurrent callers
// for the same account wait for one provider call and share its result.
func (s *Social) refresh(ctx context.Context, r *endpoint.Request, p social.Refresher, acc model.Account) (*refreshed, error) {
	key := acc.ProviderID + "\x00" + acc.AccountID + "\x00" + acc.UserID
	v, err, _ := s.refreshes.Do(key, func() (any, error) {
		// Detached from one caller's cancellation: the result is shared.
		ctx := context.WithoutCancel(ctx)
		stored := str(acc.RefreshToken)
		plain, err := s.Tokens.Open(stored)
		if err != nil {
			return nil, err
		}
		t, err := p.RefreshAccessToken(ctx, plain)
		if err != nil {
			return nil, err
		}
		patch := db.Record{}
		access, err := s.Tokens.Seal(t.AccessToken)
		if err != nil {
			return nil, err
		}
		patch["accessToken"] = access
		if !t.AccessTokenExpiresAt.IsZero() {
			patch["accessTokenExpiresAt"] = model.Now(t.AccessTokenExpiresAt)
		} else {
			patch["accessTokenExpiresAt"] = nil
		}
		newPlain := plain
		if t.RefreshToken != "" && t.RefreshToken != plain {
			sealed, err := s.Tokens.Seal(t.RefreshToken)
			if err != nil {
				return nil, err
			}
			patch["refreshToken"] = sealed
			newPlain = t.RefreshToken
		}
		if !t.RefreshTokenExpiresAt.IsZero() {
			patch["refreshTokenExpiresAt"] = model.Now(t.RefreshTokenExpiresAt)
		}
		if len(t.Scopes) > 0 {
			patch["scope"] = joinScopes(t.Scopes)
		}
		if t.IDToken != "" {
			patch["idToken"] = t.IDToken
		}
		updated := model.AccountFromMap(mergeRecord(acc.Map(), patch))
		if acc.ID != "" {
			u, err := r.Ctx.Store.UpdateAccount(ctx, acc.ID, patch)
			if err != nil {
				return nil, err
			}
			updated = u
		}
		return &refreshed{tokens: t, account: updated, plainRefresh: newPlain}, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*refreshed), nil
}

func joinScopes(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ","
		}
		out += x
	}
	return out
}
