package routes

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"golang.org/x/sync/singleflight"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/social"
	"github.com/goauth-dev/goauth/authcore/store"
)

// Social is the runtime of the social routes: the configured providers by id, the
// OAuth state store and the token cipher. authcore.New builds it.
type Social struct {
	Providers map[string]social.Provider
	States    *social.States
	Tokens    social.TokenCipher

	// refreshes coalesces concurrent refreshes of one account into one provider call.
	refreshes singleflight.Group
}

// SocialRoutes returns /sign-in/social, /callback/{id}, /link-social, /get-access-token,
// /refresh-token and /account-info. Better Auth always routes them; with no provider
// configured they answer PROVIDER_NOT_FOUND and the like.
func SocialRoutes(s *Social) []*endpoint.Endpoint {
	return []*endpoint.Endpoint{
		signInSocial(s), callbackOAuth(s), linkSocial(s),
		getAccessToken(s), refreshToken(s), accountInfo(s),
	}
}

func (s *Social) provider(id string) social.Provider {
	if s == nil {
		return nil
	}
	return s.Providers[id]
}

// oauthAccount is the provider account handleOAuthUserInfo signs in with (plain tokens).
type oauthAccount struct {
	ProviderID string
	AccountID  string
	Tokens     social.Tokens
}

// oauthResult is a signed-in user.
type oauthResult struct {
	Session    model.Session
	User       model.User
	IsRegister bool
}

// errInternal marks a database failure during handleOAuthUserInfo (the callback answers
// internal_server_error).
var errInternal = errors.New("routes: oauth user lookup failed")

// handleOAuthUserInfo finds or creates the user of a provider account, links or
// refreshes the account and creates a session. A non-empty reason is Better Auth's
// error text ("account not linked", "signup disabled", "unable to link account",
// "unable to create user", "unable to create session").
//
// Better Auth: src/oauth2/link-account.ts (handleOAuthUserInfo), with the local
// email-verification gate of later releases (social.CanLinkImplicitly).
func (s *Social) handleOAuthUserInfo(ctx context.Context, r *endpoint.Request, info social.User, acc oauthAccount, callbackURL string, disableSignUp, override bool) (*oauthResult, string, error) {
	st := r.Ctx.Store
	email := strings.ToLower(info.Email)
	var user *model.User
	var linked *model.Account
	found, err := st.AccountByProvider(ctx, acc.ProviderID, acc.AccountID)
	if err != nil {
		return nil, "", errors.Join(errInternal, err)
	}
	if found != nil {
		if user, err = st.UserByID(ctx, found.UserID); err != nil {
			return nil, "", errors.Join(errInternal, err)
		}
		if user != nil {
			linked = found
		}
	}
	if user == nil {
		// GoAuth: an account row whose user is gone does not sign in whoever has the
		// email (Better Auth 1.6.9 treats it as linked to that user); the linking rules
		// decide, and the orphan row is re-attached instead of duplicated.
		if user, err = st.UserByEmail(ctx, email); err != nil {
			return nil, "", errors.Join(errInternal, err)
		}
	}
	cfg := r.Ctx.Account
	registered := false
	if user != nil {
		if linked == nil {
			if !social.CanLinkImplicitly(cfg.AccountLinking, acc.ProviderID, info.EmailVerified, user.EmailVerified) {
				r.Ctx.Logger.InfoContext(ctx, "oauth: existing user not linked", "provider", acc.ProviderID)
				return nil, "account not linked", nil
			}
			rec, err := s.accountRecord(acc, found == nil)
			if err != nil {
				return nil, "", err
			}
			rec["userId"] = user.ID
			if found != nil {
				_, err = st.UpdateAccount(ctx, found.ID, rec)
			} else {
				_, err = st.CreateAccount(ctx, rec)
			}
			if err != nil {
				r.Ctx.Logger.ErrorContext(ctx, "oauth: linking account failed", "err", err)
				return nil, "unable to link account", nil
			}
		} else {
			fresh := db.Record{}
			if !cfg.DisableUpdateAccountOnSignIn {
				if fresh, err = s.accountRecord(acc, false); err != nil {
					return nil, "", err
				}
			}
			if cfg.StoreAccountCookie {
				merged := model.AccountFromMap(mergeRecord(linked.Map(), fresh))
				if err := social.SetAccountCookie(r, r.Ctx.Cookies, r.Ctx.Keys, merged, r.Ctx.Now()); err != nil {
					return nil, "", err
				}
			}
			if len(fresh) > 0 {
				if _, err := st.UpdateAccount(ctx, linked.ID, fresh); err != nil {
					return nil, "", err
				}
			}
		}
		if info.EmailVerified && !user.EmailVerified && email == user.Email {
			if _, err := st.MarkEmailVerified(ctx, user.ID); err != nil {
				return nil, "", err
			}
			user.EmailVerified = true
		}
		if override {
			patch := userFields(r, info)
			patch["email"] = email
			patch["emailVerified"] = info.EmailVerified || (email == user.Email && user.EmailVerified)
			u, err := st.UpdateUser(ctx, user.ID, patch)
			if err != nil {
				return nil, "", err
			}
			user = &u
		}
	} else {
		if disableSignUp {
			return nil, "signup disabled", nil
		}
		if found != nil {
			// An orphaned account row of this provider account: drop it so the new user
			// gets a fresh one.
			if err := st.DeleteAccount(ctx, found.ID); err != nil {
				return nil, "", err
			}
		}
		created, reason, err := s.createOAuthUser(ctx, r, info, acc, callbackURL)
		if err != nil || reason != "" {
			return nil, reason, err
		}
		user, registered = created, true
	}
	sess, err := r.Ctx.Sessions.Create(ctx, user.ID, false, r.SessionIP(), r.UserAgent(), nil)
	if err != nil {
		r.Ctx.Logger.ErrorContext(ctx, "oauth: creating session failed", "err", err)
		return nil, "unable to create session", nil
	}
	return &oauthResult{Session: sess, User: *user, IsRegister: registered}, "", nil
}

// createOAuthUser creates the user and its account in one transaction, then sends the
// verification mail when configured (Better Auth's createOAuthUser).
func (s *Social) createOAuthUser(ctx context.Context, r *endpoint.Request, info social.User, acc oauthAccount, callbackURL string) (*model.User, string, error) {
	rec, err := s.accountRecord(acc, true)
	if err != nil {
		return nil, "", err
	}
	var user model.User
	var account model.Account
	err = r.Ctx.Store.Tx(ctx, func(ctx context.Context) error {
		data := userFields(r, info)
		data["email"] = strings.ToLower(info.Email)
		data["emailVerified"] = info.EmailVerified
		u, err := r.Ctx.Store.CreateUser(ctx, data)
		if err != nil {
			return err
		}
		rec["userId"] = u.ID
		a, err := r.Ctx.Store.CreateAccount(ctx, rec)
		if err != nil {
			return err
		}
		user, account = u, a
		return nil
	})
	if err != nil {
		r.Ctx.Logger.ErrorContext(ctx, "oauth: creating user failed", "err", err)
		if ae, ok := apierror.As(err); ok {
			return nil, ae.Message, nil
		}
		return nil, "unable to create user", nil
	}
	if r.Ctx.Account.StoreAccountCookie {
		if err := social.SetAccountCookie(r, r.Ctx.Cookies, r.Ctx.Keys, account, r.Ctx.Now()); err != nil {
			return nil, "", err
		}
	}
	ev := r.Ctx.EmailVerification
	if !info.EmailVerified && ev.SendOnSignUp != nil && *ev.SendOnSignUp && ev.SendVerificationEmail != nil {
		if err := sendVerification(ctx, r, user, callbackURL); err != nil {
			r.Ctx.Logger.ErrorContext(ctx, "oauth: verification email failed", "err", err)
			return nil, "unable to create user", nil
		}
	}
	return &user, "", nil
}

// userFields returns the user columns taken from a provider profile: name, image and
// the additional user fields the schema declares (other profile keys are dropped, as
// Better Auth does since it applied input rules to provider profiles).
func userFields(r *endpoint.Request, info social.User) db.Record {
	out := db.Record{"name": info.Name}
	if info.Image != "" {
		out["image"] = info.Image
	}
	if len(info.Fields) == 0 {
		return out
	}
	if t, ok := r.Ctx.Schema.Table(store.UserModel); ok {
		for _, f := range t.Fields {
			if coreFields[store.UserModel][f.Name] {
				continue
			}
			if v, ok := info.Fields[f.Name]; ok {
				out[f.Name] = v
			}
		}
	}
	return out
}

// accountRecord returns the account columns of acc's tokens, sealed when tokens are
// encrypted at rest. With create it includes the identity columns; absent tokens are
// left out (Better Auth filters undefined values).
func (s *Social) accountRecord(acc oauthAccount, create bool) (db.Record, error) {
	rec := db.Record{}
	if create {
		rec["providerId"] = acc.ProviderID
		rec["accountId"] = acc.AccountID
	}
	t := acc.Tokens
	if err := s.putToken(rec, "accessToken", t.AccessToken); err != nil {
		return nil, err
	}
	if err := s.putToken(rec, "refreshToken", t.RefreshToken); err != nil {
		return nil, err
	}
	if t.IDToken != "" {
		rec["idToken"] = t.IDToken
	}
	if !t.AccessTokenExpiresAt.IsZero() {
		rec["accessTokenExpiresAt"] = model.Now(t.AccessTokenExpiresAt)
	}
	if !t.RefreshTokenExpiresAt.IsZero() {
		rec["refreshTokenExpiresAt"] = model.Now(t.RefreshTokenExpiresAt)
	}
	if t.Scopes != nil {
		rec["scope"] = strings.Join(t.Scopes, ",")
	}
	return rec, nil
}

func (s *Social) putToken(rec db.Record, key, token string) error {
	if token == "" {
		return nil
	}
	v, err := s.Tokens.Seal(token)
	if err != nil {
		return err
	}
	rec[key] = v
	return nil
}

func mergeRecord(base map[string]any, patch db.Record) map[string]any {
	for k, v := range patch {
		base[k] = v
	}
	return base
}

// errorRedirect appends error (and error_description) to base the way Better Auth's
// callback does: URLSearchParams encoding, '&' when base already has a query.
func errorRedirect(base, code, description string) *endpoint.Redirect {
	pairs := [][2]string{{"error", code}}
	if description != "" {
		pairs = append(pairs, [2]string{"error_description", description})
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return &endpoint.Redirect{URL: base + sep + social.FormEncode(pairs)}
}

// idTokenUser verifies a client-supplied ID token and fetches its user (the shared
// first half of the ID-token paths of /sign-in/social and /link-social).
func idTokenUser(ctx context.Context, r *endpoint.Request, p social.Provider, token, nonce string, t social.Tokens, hint *social.UserHint) (*social.UserInfo, error) {
	v, ok := p.(social.IDTokenVerifier)
	if !ok {
		return nil, apierror.IDTokenNotSupported.WithStatus(http.StatusNotFound)
	}
	valid, err := v.VerifyIDToken(ctx, token, nonce)
	if errors.Is(err, social.ErrIDTokenNotSupported) {
		return nil, apierror.IDTokenNotSupported.WithStatus(http.StatusNotFound)
	}
	if err != nil || !valid {
		if err != nil {
			r.Ctx.Logger.WarnContext(ctx, "id token verification failed", "provider", p.ID(), "err", err)
		}
		return nil, apierror.InvalidToken.WithStatus(http.StatusUnauthorized)
	}
	t.IDToken = token
	info, err := p.UserInfo(ctx, t, hint)
	if err != nil || info == nil {
		if err != nil {
			r.Ctx.Logger.WarnContext(ctx, "provider user info failed", "provider", p.ID(), "err", err)
		}
		return nil, apierror.FailedToGetUserInfo.WithStatus(http.StatusUnauthorized)
	}
	if info.User.Email == "" {
		return nil, apierror.UserEmailNotFound.WithStatus(http.StatusUnauthorized)
	}
	return info, nil
}
