package ratelimit

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/schema"
)

// Model is the logical model of the database store.
const Model = "rateLimit"

// dbAttempts bounds the optimistic retries of DBStore.Consume; each retry means another
// request changed the row in between.
const dbAttempts = 8

// Table returns the "rateLimit" table the database store needs (Better Auth:
// core/db/get-tables.ts, added when rateLimit.storage is "database"): key (unique),
// count, and lastRequest in Unix milliseconds (bigint). Better Auth gives lastRequest a
// runtime default of Date.now(); the store always supplies it, so the table has none.
func Table() schema.Table {
	return schema.Table{Model: Model, Fields: []schema.Field{
		{Name: "key", Type: schema.String, Required: true, Unique: true},
		{Name: "count", Type: schema.Number, Required: true},
		{Name: "lastRequest", Type: schema.Number, Required: true, BigInt: true},
	}}
}

// DBStore is a [Store] in the database (Better Auth: rateLimit.storage "database"); add
// [Table] to the schema. Rows are never deleted, as in Better Auth.
//
// Better Auth reads the row and writes it back in two steps. DBStore uses the adapter's
// atomic IncrementOne with the limit in its condition ("count < max and lastRequest
// within the window"), so concurrent requests cannot exceed the limit; a window restart
// is a second conditional IncrementOne that only the first of concurrent restarters
// wins, and a new key is a Create that only one request wins (the unique key). When the
// row keeps changing under it for 8 attempts, Consume denies the request with a
// RetryAfter of 1 s.
type DBStore struct {
	db db.Adapter
	// GenerateID returns the id of a new row; an empty id leaves it to the database. Set
	// it before first use. Default: 32 random characters [a-zA-Z0-9] from crypto/rand
	// (Better Auth's generateId).
	GenerateID func() string
}

var _ Store = (*DBStore)(nil)

// NewDBStore returns a store over a, which must know the "rateLimit" model ([Table]).
func NewDBStore(a db.Adapter) *DBStore {
	return &DBStore{db: a, GenerateID: generateID}
}

// Consume implements [Store]. Times are stored in milliseconds, as Better Auth does. It
// fails when the adapter fails or a row holds values that are not numbers.
func (s *DBStore) Consume(ctx context.Context, key string, rule Rule, now time.Time) (Decision, error) {
	if rule.Window <= 0 {
		return Decision{Allowed: true}, nil
	}
	nowMS := now.UnixMilli()
	windowStart := nowMS - rule.Window.Milliseconds() // a request after it is in the window
	byKey := db.EqWhere("key", key)
	touch := db.Record{"lastRequest": nowMS}
	for range dbAttempts {
		// Count the request if the row is in its window and has room.
		_, err := s.db.IncrementOne(ctx, Model, []db.Where{
			byKey,
			{Field: "lastRequest", Op: db.Gt, Value: windowStart},
			{Field: "count", Op: db.Lt, Value: int64(rule.Max)},
		}, "count", 1, touch)
		if err == nil {
			return Decision{Allowed: true}, nil
		}
		if !errors.Is(err, db.ErrNotFound) {
			return Decision{}, fmt.Errorf("ratelimit: increment: %w", err)
		}

		row, err := s.db.FindOne(ctx, Model, []db.Where{byKey})
		if errors.Is(err, db.ErrNotFound) {
			data := db.Record{"key": key, "count": int64(1), "lastRequest": nowMS}
			if id := s.newID(); id != "" {
				data["id"] = id
			}
			_, err := s.db.Create(ctx, Model, data)
			if err == nil {
				return Decision{Allowed: true}, nil
			}
			if errors.Is(err, db.ErrConflict) {
				continue // another request created it
			}
			return Decision{}, fmt.Errorf("ratelimit: create: %w", err)
		}
		if err != nil {
			return Decision{}, fmt.Errorf("ratelimit: find: %w", err)
		}
		count, err1 := toInt64(row["count"])
		last, err2 := toInt64(row["lastRequest"])
		if err := errors.Join(err1, err2); err != nil {
			return Decision{}, fmt.Errorf("ratelimit: row %q: %w", key, err)
		}
		d, next := step(true, int(min(count, math.MaxInt32)), millis(nowMS-last), rule)
		if !d.Allowed {
			return d, nil
		}
		if next != 1 {
			continue // the row changed since the increment: try it again
		}
		// Restart the window, unless a concurrent request already did.
		_, err = s.db.IncrementOne(ctx, Model, []db.Where{
			byKey,
			{Field: "lastRequest", Op: db.Lte, Value: windowStart},
		}, "count", 1-count, touch)
		if err == nil {
			return Decision{Allowed: true}, nil
		}
		if !errors.Is(err, db.ErrNotFound) {
			return Decision{}, fmt.Errorf("ratelimit: restart: %w", err)
		}
	}
	return Decision{RetryAfter: time.Second}, nil
}

func (s *DBStore) newID() string {
	if s.GenerateID == nil {
		return generateID()
	}
	return s.GenerateID()
}

// toInt64 reads a numeric column as the adapters return it.
func toInt64(v any) (int64, error) {
	switch n := v.(type) {
	case int64:
		return n, nil
	case int:
		return int64(n), nil
	case int32:
		return int64(n), nil
	case float64:
		if n != math.Trunc(n) || math.Abs(n) > 1<<53 {
			return 0, fmt.Errorf("not an integer: %v", n)
		}
		return int64(n), nil
	case json.Number:
		return n.Int64()
	}
	return 0, fmt.Errorf("unexpected %T", v)
}

// generateID returns 32 characters from [a-zA-Z0-9] (Better Auth: generateId()).
func generateID() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	const size = 32
	out := make([]byte, 0, size)
	var buf [64]byte
	for len(out) < size {
		rand.Read(buf[:]) // never fails (crypto/rand, Go 1.24+)
		for _, b := range buf {
			// 248 = 4*62: reject the top bytes so every character is equally likely.
			if b < 248 && len(out) < size {
				out = append(out, alphabet[b%62])
			}
		}
	}
	return string(out)
}
