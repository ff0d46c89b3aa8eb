package ratelimit

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/goauth-dev/goauth/authcore/kv"
)

// Cross-instance lock parameters of KVStore. They are wall-clock times, unrelated to the
// request clock passed to Consume.
const (
	// kvLockTTL bounds how long a crashed holder blocks a key.
	kvLockTTL = 2 * time.Second
	// kvLockWait is how long Consume waits for another instance's lock; longer than
	// kvLockTTL, so an abandoned lock expires while we wait.
	kvLockWait = 3 * time.Second
	// kvLockBusyRetryAfter is the RetryAfter of a request denied because the lock stayed
	// busy for kvLockWait.
	kvLockBusyRetryAfter = time.Second
	kvMaxBackoff         = 25 * time.Millisecond
)

// KVStore is a [Store] in secondary storage (Better Auth: rateLimit.storage
// "secondary-storage"), shared by every instance using the same kv.Store.
//
// Each key prefix+"<ip>|<path>" holds Better Auth's JSON value
// {"key":"<ip>|<path>","count":n,"lastRequest":<unix ms>} with a TTL of the rule's window
// (rounded up to whole seconds), so with an empty prefix GoAuth and Better Auth instances
// can share one store.
//
// kv.Store has no compare-and-set, so Consume serialises the read-modify-write of a key
// with two locks: a per-key lock inside the process (so requests of one instance queue
// without touching the store), then a lock key prefix+"rate-limit-lock:<ip>|<path>" taken
// with SetNX and a 2 s TTL for the other instances, polled with jittered backoff for up to
// 3 s. A request that cannot get the lock in that time is denied with a RetryAfter of 1 s:
// only the client whose own key is that contended is affected. The remaining races are a
// holder stalled beyond the lock TTL (its lock expires and a second instance may enter)
// and lock release, which cannot check ownership: a holder deletes the lock only when it
// held it for less than half its TTL, so it never deletes a successor's lock unless its
// Delete itself stalls. Better Auth instances sharing the store do not take the lock. An
// authredis store with a server-side script has none of these limits.
type KVStore struct {
	kv     kv.Store
	prefix string

	lockTTL, lockWait time.Duration

	mu    sync.Mutex
	local map[string]*keyLock
}

type keyLock struct {
	ch   chan struct{} // holds one token while the key is locked
	refs int
}

// kvRecord is Better Auth's RateLimit value.
type kvRecord struct {
	Key         string `json:"key"`
	Count       int    `json:"count"`
	LastRequest int64  `json:"lastRequest"`
}

var _ Store = (*KVStore)(nil)

// NewKVStore returns a store keeping its entries in s under prefix ("" matches Better
// Auth's keys).
func NewKVStore(s kv.Store, prefix string) *KVStore {
	return &KVStore{kv: s, prefix: prefix, lockTTL: kvLockTTL, lockWait: kvLockWait, local: make(map[string]*keyLock)}
}

// Consume implements [Store]. Times are stored in milliseconds, as Better Auth does. It
// fails when the kv store fails or ctx ends while waiting for the lock.
func (s *KVStore) Consume(ctx context.Context, key string, rule Rule, now time.Time) (Decision, error) {
	if rule.Window <= 0 {
		return Decision{Allowed: true}, nil
	}
	unlock, err := s.lockLocal(ctx, key)
	if err != nil {
		return Decision{}, err
	}
	defer unlock()

	lockKey := s.prefix + "rate-limit-lock:" + key
	held, err := s.lockRemote(ctx, lockKey)
	if err != nil {
		return Decision{}, err
	}
	if !held {
		return Decision{RetryAfter: kvLockBusyRetryAfter}, nil
	}
	acquired := time.Now()
	defer func() {
		if time.Since(acquired) < s.lockTTL/2 {
			// Best effort: on failure the lock expires with its TTL.
			_ = s.kv.Delete(context.WithoutCancel(ctx), lockKey)
		}
	}()

	dataKey := s.prefix + key
	var rec kvRecord
	raw, ok, err := s.kv.Get(ctx, dataKey)
	if err != nil {
		return Decision{}, fmt.Errorf("ratelimit: kv get: %w", err)
	}
	// A value that is not a record counts as absent (Better Auth: safeJSONParse → null).
	if ok && json.Unmarshal([]byte(raw), &rec) != nil {
		ok = false
	}
	nowMS := now.UnixMilli()
	d, count := step(ok, rec.Count, millis(nowMS-rec.LastRequest), rule)
	if !d.Allowed {
		return d, nil
	}
	val, err := json.Marshal(kvRecord{Key: key, Count: count, LastRequest: nowMS})
	if err != nil {
		return Decision{}, fmt.Errorf("ratelimit: encode: %w", err)
	}
	// Better Auth's TTL is the window in whole seconds; rounding up keeps backends with
	// second granularity from turning a sub-second window into "no expiry".
	ttl := (rule.Window + time.Second - 1).Truncate(time.Second)
	if err := s.kv.Set(ctx, dataKey, string(val), ttl); err != nil {
		return Decision{}, fmt.Errorf("ratelimit: kv set: %w", err)
	}
	return d, nil
}

// lockLocal queues the callers of this process on key.
func (s *KVStore) lockLocal(ctx context.Context, key string) (unlock func(), err error) {
	s.mu.Lock()
	l := s.local[key]
	if l == nil {
		l = &keyLock{ch: make(chan struct{}, 1)}
		s.local[key] = l
	}
	l.refs++
	s.mu.Unlock()

	select {
	case l.ch <- struct{}{}:
		return func() {
			<-l.ch
			s.release(key, l)
		}, nil
	case <-ctx.Done():
		s.release(key, l)
		return nil, ctx.Err()
	}
}

func (s *KVStore) release(key string, l *keyLock) {
	s.mu.Lock()
	l.refs--
	if l.refs == 0 {
		delete(s.local, key)
	}
	s.mu.Unlock()
}

// lockRemote takes the cross-instance lock, waiting up to s.lockWait; it reports false
// when the lock stayed busy.
func (s *KVStore) lockRemote(ctx context.Context, lockKey string) (bool, error) {
	deadline := time.Now().Add(s.lockWait)
	backoff := time.Millisecond
	for {
		ok, err := s.kv.SetNX(ctx, lockKey, "1", s.lockTTL)
		if err != nil {
			return false, fmt.Errorf("ratelimit: kv lock: %w", err)
		}
		if ok {
			return true, nil
		}
		remaining := time.Until(deadline)
		if remaining <= 0 {
			return false, nil
		}
		wait := min(backoff/2+rand.N(backoff), remaining)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return false, ctx.Err()
		case <-t.C:
		}
		backoff = min(2*backoff, kvMaxBackoff)
	}
}
