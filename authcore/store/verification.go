package store

import (
	"context"
	"errors"
	"time"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/model"
)

// CreateVerification stores a single-use value under identifier until expiresAt.
func (s *Store) CreateVerification(ctx context.Context, identifier, value string, expiresAt time.Time) (model.Verification, error) {
	row, err := s.create(ctx, VerificationModel, db.Record{
		"identifier": identifier, "value": value, "expiresAt": expiresAt.UTC().Truncate(time.Millisecond),
	})
	if err != nil {
		return model.Verification{}, err
	}
	return model.VerificationFromMap(row), nil
}

// Verification returns the newest unexpired value stored under identifier, or nil.
// Expired rows are cleaned up on the way (unless disabled).
func (s *Store) Verification(ctx context.Context, identifier string) (*model.Verification, error) {
	rows, err := s.Adapter(ctx).FindMany(ctx, VerificationModel, db.Query{
		Where: []db.Where{{Field: "identifier", Value: identifier}},
		Sort:  &db.Sort{Field: "createdAt", Desc: true},
		Limit: 1,
	})
	if err != nil {
		return nil, err
	}
	s.cleanupVerifications(ctx)
	if len(rows) == 0 {
		return nil, nil
	}
	v := model.VerificationFromMap(rows[0])
	if !v.ExpiresAt.After(s.now()) {
		return nil, nil
	}
	return &v, nil
}

// ConsumeVerification atomically removes and returns the value stored under identifier.
// Of N concurrent callers exactly one gets it; the rest (and everyone after an expiry)
// get nil.
func (s *Store) ConsumeVerification(ctx context.Context, identifier string) (*model.Verification, error) {
	row, err := s.Adapter(ctx).ConsumeOne(ctx, VerificationModel, []db.Where{{Field: "identifier", Value: identifier}})
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	v := model.VerificationFromMap(row)
	s.after(ctx, VerificationModel, opDelete, row)
	if !v.ExpiresAt.After(s.now()) {
		return nil, nil
	}
	return &v, nil
}

// DeleteVerification removes every value stored under identifier.
func (s *Store) DeleteVerification(ctx context.Context, identifier string) error {
	_, err := s.deleteWhere(ctx, VerificationModel, []db.Where{{Field: "identifier", Value: identifier}})
	return err
}

func (s *Store) cleanupVerifications(ctx context.Context) {
	if s.cfg.DisableVerificationCleanup {
		return
	}
	if _, err := s.Adapter(ctx).DeleteMany(ctx, VerificationModel, []db.Where{{Field: "expiresAt", Op: db.Lt, Value: s.now()}}); err != nil {
		s.cfg.Logger.WarnContext(ctx, "verification cleanup failed", "err", err)
	}
}
