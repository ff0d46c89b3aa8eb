package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/model"
)

// Verification values in secondary storage (Better Auth: db/internal-adapter.ts,
// createVerificationValue and friends; spec 6.6): with KV set they are kept under
// "verification:<identifier>" as the JSON row, until expiresAt, and also in the database
// only with StoreVerificationInDatabase. A value kept in KV only is consumed with kv.Take,
// so that of all instances sharing the store exactly one redeems it; with the database
// too, the database's ConsumeOne decides and the KV copy is deleted.

func verificationKey(identifier string) string { return "verification:" + identifier }

// verificationsInDB reports whether verification values are written to the database.
func (s *Store) verificationsInDB() bool {
	return s.cfg.KV == nil || s.cfg.StoreVerificationInDatabase
}

// CreateVerification stores a single-use value under identifier until expiresAt.
func (s *Store) CreateVerification(ctx context.Context, identifier, value string, expiresAt time.Time) (model.Verification, error) {
	data := db.Record{
		"identifier": identifier, "value": value, "expiresAt": expiresAt.UTC().Truncate(time.Millisecond),
	}
	var v model.Verification
	if s.verificationsInDB() {
		row, err := s.create(ctx, VerificationModel, data)
		if err != nil {
			return model.Verification{}, err
		}
		v = model.VerificationFromMap(row)
	} else {
		now := s.now()
		data["id"] = s.cfg.GenerateID(VerificationModel)
		data["createdAt"] = now
		data["updatedAt"] = now
		var err error
		if data, err = s.before(ctx, VerificationModel, opCreate, data); err != nil {
			return model.Verification{}, err
		}
		v = model.VerificationFromMap(data)
		s.after(ctx, VerificationModel, opCreate, data)
	}
	if s.cfg.KV == nil {
		return v, nil
	}
	body, err := json.Marshal(v)
	if err != nil {
		return model.Verification{}, err
	}
	// Better Auth: getTTLSeconds, whole seconds until expiry; nothing is written at 0.
	if ttl := v.ExpiresAt.Sub(s.now()).Truncate(time.Second); ttl > 0 {
		if err := s.cfg.KV.Set(ctx, verificationKey(v.Identifier), string(body), ttl); err != nil {
			return model.Verification{}, fmt.Errorf("store: secondary storage: %w", err)
		}
	}
	return v, nil
}

// Verification returns the newest unexpired value stored under identifier, or nil.
// Expired rows are cleaned up on the way (unless disabled).
func (s *Store) Verification(ctx context.Context, identifier string) (*model.Verification, error) {
	if s.cfg.KV != nil {
		raw, ok, err := s.cfg.KV.Get(ctx, verificationKey(identifier))
		if err != nil {
			return nil, fmt.Errorf("store: secondary storage: %w", err)
		}
		if v, parsed := parseVerification(raw, ok); parsed {
			return s.unexpired(v), nil
		}
		if !s.verificationsInDB() {
			return nil, nil
		}
	}
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
	return s.unexpired(model.VerificationFromMap(rows[0])), nil
}

// ConsumeVerification atomically removes and returns the value stored under identifier.
// Of N concurrent callers, on any number of instances sharing the storage, exactly one
// gets it; the rest (and everyone after an expiry) get nil.
func (s *Store) ConsumeVerification(ctx context.Context, identifier string) (*model.Verification, error) {
	if !s.verificationsInDB() {
		raw, ok, err := s.cfg.KV.Take(ctx, verificationKey(identifier))
		if err != nil {
			return nil, fmt.Errorf("store: secondary storage: %w", err)
		}
		v, parsed := parseVerification(raw, ok)
		if !parsed {
			return nil, nil
		}
		s.after(ctx, VerificationModel, opDelete, v.Map())
		return s.unexpired(v), nil
	}
	if s.cfg.KV != nil {
		// The database decides; the KV copy must not outlive it.
		if err := s.cfg.KV.Delete(ctx, verificationKey(identifier)); err != nil {
			return nil, fmt.Errorf("store: secondary storage: %w", err)
		}
	}
	row, err := s.Adapter(ctx).ConsumeOne(ctx, VerificationModel, []db.Where{{Field: "identifier", Value: identifier}})
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	s.after(ctx, VerificationModel, opDelete, row)
	return s.unexpired(model.VerificationFromMap(row)), nil
}

// DeleteVerification removes every value stored under identifier.
func (s *Store) DeleteVerification(ctx context.Context, identifier string) error {
	if s.cfg.KV != nil {
		if err := s.cfg.KV.Delete(ctx, verificationKey(identifier)); err != nil {
			return fmt.Errorf("store: secondary storage: %w", err)
		}
	}
	if !s.verificationsInDB() {
		return nil
	}
	_, err := s.deleteWhere(ctx, VerificationModel, []db.Where{{Field: "identifier", Value: identifier}})
	return err
}

// parseVerification decodes a KV value; parsed is false when there is none or it is not
// a JSON object (Better Auth: safeJSONParse).
func parseVerification(raw string, ok bool) (v model.Verification, parsed bool) {
	if !ok {
		return v, false
	}
	var m map[string]any
	if json.Unmarshal([]byte(raw), &m) != nil || m == nil {
		return v, false
	}
	return model.VerificationFromMap(m), true
}

// unexpired returns v, or nil when it has expired.
func (s *Store) unexpired(v model.Verification) *model.Verification {
	if !v.ExpiresAt.After(s.now()) {
		return nil
	}
	return &v
}

func (s *Store) cleanupVerifications(ctx context.Context) {
	if s.cfg.DisableVerificationCleanup {
		return
	}
	if _, err := s.Adapter(ctx).DeleteMany(ctx, VerificationModel, []db.Where{{Field: "expiresAt", Op: db.Lt, Value: s.now()}}); err != nil {
		s.cfg.Logger.WarnContext(ctx, "verification cleanup failed", "err", err)
	}
}
