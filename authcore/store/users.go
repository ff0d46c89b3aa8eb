package store

import (
	"context"
	"errors"
	"strings"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/model"
)

// CreateUser inserts a user. The email is lowercased; emailVerified defaults to false.
// A taken email yields an error wrapping db.ErrConflict.
func (s *Store) CreateUser(ctx context.Context, data db.Record) (model.User, error) {
	if e, ok := data["email"].(string); ok {
		data["email"] = strings.ToLower(e)
	}
	if _, ok := data["emailVerified"]; !ok {
		data["emailVerified"] = false
	}
	row, err := s.create(ctx, UserModel, data)
	if err != nil {
		return model.User{}, err
	}
	return model.UserFromMap(row), nil
}

// UserByEmail returns the user with the (lowercased) email, or nil.
func (s *Store) UserByEmail(ctx context.Context, email string) (*model.User, error) {
	return findOne(ctx, s, UserModel, []db.Where{{Field: "email", Value: strings.ToLower(email)}}, model.UserFromMap)
}

// UserByID returns the user, or nil.
func (s *Store) UserByID(ctx context.Context, id string) (*model.User, error) {
	return findOne(ctx, s, UserModel, []db.Where{{Field: "id", Value: id}}, model.UserFromMap)
}

// UpdateUser patches a user and refreshes the cached copies in secondary storage.
func (s *Store) UpdateUser(ctx context.Context, id string, patch db.Record) (model.User, error) {
	if e, ok := patch["email"].(string); ok {
		patch["email"] = strings.ToLower(e)
	}
	row, err := s.update(ctx, UserModel, []db.Where{{Field: "id", Value: id}}, patch)
	if err != nil {
		return model.User{}, err
	}
	u := model.UserFromMap(row)
	if s.cfg.KV != nil {
		if err := s.refreshCachedUser(ctx, u); err != nil {
			return u, err
		}
	}
	return u, nil
}

// DeleteUser deletes the user's sessions, accounts and the user.
func (s *Store) DeleteUser(ctx context.Context, id string) error {
	if err := s.DeleteUserSessions(ctx, id); err != nil {
		return err
	}
	if _, err := s.deleteWhere(ctx, AccountModel, []db.Where{{Field: "userId", Value: id}}); err != nil {
		return err
	}
	_, err := s.deleteWhere(ctx, UserModel, []db.Where{{Field: "id", Value: id}})
	return err
}

// CreateAccount inserts an account.
func (s *Store) CreateAccount(ctx context.Context, data db.Record) (model.Account, error) {
	row, err := s.create(ctx, AccountModel, data)
	if err != nil {
		return model.Account{}, err
	}
	return model.AccountFromMap(row), nil
}

// Accounts lists the accounts of a user.
func (s *Store) Accounts(ctx context.Context, userID string) ([]model.Account, error) {
	rows, err := s.Adapter(ctx).FindMany(ctx, AccountModel, db.Query{Where: []db.Where{{Field: "userId", Value: userID}}})
	if err != nil {
		return nil, err
	}
	out := make([]model.Account, len(rows))
	for i, r := range rows {
		out[i] = model.AccountFromMap(r)
	}
	return out, nil
}

// CredentialAccount returns the user's "credential" account, or nil.
func (s *Store) CredentialAccount(ctx context.Context, userID string) (*model.Account, error) {
	return findOne(ctx, s, AccountModel, []db.Where{
		{Field: "userId", Value: userID}, {Field: "providerId", Value: "credential"},
	}, model.AccountFromMap)
}

// UpdatePassword sets the password hash on every credential account of the user.
func (s *Store) UpdatePassword(ctx context.Context, userID, hash string) error {
	_, err := s.updateMany(ctx, AccountModel, []db.Where{
		{Field: "userId", Value: userID}, {Field: "providerId", Value: "credential"},
	}, db.Record{"password": hash})
	return err
}

// DeleteAccount deletes one account by id.
func (s *Store) DeleteAccount(ctx context.Context, id string) error {
	_, err := s.deleteWhere(ctx, AccountModel, []db.Where{{Field: "id", Value: id}})
	return err
}

// MarkEmailVerified sets emailVerified on the user if it is not set yet, atomically: it
// reports true only to the one caller that changed it.
func (s *Store) MarkEmailVerified(ctx context.Context, userID string) (bool, error) {
	n, err := s.updateMany(ctx, UserModel, []db.Where{
		{Field: "id", Value: userID}, {Field: "emailVerified", Value: false},
	}, db.Record{"emailVerified": true})
	if err != nil {
		return false, err
	}
	if n > 0 && s.cfg.KV != nil {
		if u, err := s.UserByID(ctx, userID); err == nil && u != nil {
			if err := s.refreshCachedUser(ctx, *u); err != nil {
				return true, err
			}
		}
	}
	return n > 0, nil
}

// AccountByProvider returns the account of a provider's user (accountId, providerId), or
// nil.
func (s *Store) AccountByProvider(ctx context.Context, providerID, accountID string) (*model.Account, error) {
	return findOne(ctx, s, AccountModel, []db.Where{
		{Field: "accountId", Value: accountID}, {Field: "providerId", Value: providerID},
	}, model.AccountFromMap)
}

// AccountByAccountID returns the first account with the provider account id, or nil
// (Better Auth's findAccount).
func (s *Store) AccountByAccountID(ctx context.Context, accountID string) (*model.Account, error) {
	return findOne(ctx, s, AccountModel, []db.Where{{Field: "accountId", Value: accountID}}, model.AccountFromMap)
}

// UpdateAccount patches one account by id and returns it.
func (s *Store) UpdateAccount(ctx context.Context, id string, patch db.Record) (model.Account, error) {
	row, err := s.update(ctx, AccountModel, []db.Where{{Field: "id", Value: id}}, patch)
	if err != nil {
		return model.Account{}, err
	}
	return model.AccountFromMap(row), nil
}

// findOne reads the first row of m matching where through decode; nil when none matches.
func findOne[T any](ctx context.Context, s *Store, m string, where []db.Where, decode func(db.Record) T) (*T, error) {
	row, err := s.Adapter(ctx).FindOne(ctx, m, where)
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	v := decode(row)
	return &v, nil
}
