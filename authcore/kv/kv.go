// Package kv is GoAuth's secondary-storage contract (Better Auth's secondaryStorage, spec
// section 6.6) with the atomic operations the runtime needs across instances: SetNX, Take
// (get-and-delete) and Incr. Implementations: kv/memkv (in memory) and authredis. Every
// implementation must pass kv/kvtest.
package kv

import (
	"context"
	"time"
)

// Store is a string key-value store with per-key expiry. A ttl of 0 means no expiry; a
// negative ttl is an error and stores nothing.
type Store interface {
	// Get returns the value and true, or "" and false when the key is absent or expired.
	Get(ctx context.Context, key string) (string, bool, error)
	// Set stores value under key.
	Set(ctx context.Context, key, value string, ttl time.Duration) error
	// Delete removes key; deleting an absent key succeeds.
	Delete(ctx context.Context, key string) error
	// SetNX stores value only if key is absent and reports whether it did.
	SetNX(ctx context.Context, key, value string, ttl time.Duration) (bool, error)
	// Take atomically returns and deletes the value: of N concurrent callers exactly one
	// gets it.
	Take(ctx context.Context, key string) (string, bool, error)
	// Incr atomically adds 1 to the integer stored at key (0 when absent) and returns the
	// new value; ttl is applied when the key is created.
	Incr(ctx context.Context, key string, ttl time.Duration) (int64, error)
}
