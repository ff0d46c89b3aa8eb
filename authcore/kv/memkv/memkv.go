package memkv

import (
	"container/heap"
	"context"
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/goauth-dev/goauth/authcore/kv"
)

var _ kv.Store = (*Store)(nil)

// sweepBatch bounds the expired keys one write removes.
const sweepBatch = 64

// Store is an in-memory kv.Store. It is safe for concurrent use.
type Store struct {
	now func() time.Time

	mu    sync.RWMutex
	items map[string]*item
	exp   expiryHeap // the items with an expiry, soonest first
}

// item is one key's value and expiry.
type item struct {
	key   string
	value string
	at    time.Time // expiry; zero means none
	index int       // position in Store.exp, -1 when not there
}

// Option configures a Store.
type Option func(*Store)

// WithClock sets the clock expiry is measured with (default time.Now). It must be safe
// for concurrent use. Tests inject a fake clock to expire keys without sleeping.
func WithClock(now func() time.Time) Option {
	return func(s *Store) { s.now = now }
}

// New returns an empty Store.
func New(opts ...Option) *Store {
	s := &Store{now: time.Now, items: map[string]*item{}}
	for _, o := range opts {
		o(s)
	}
	return s
}

// live returns the unexpired item under key, or nil. The caller holds mu.
func (s *Store) live(key string, now time.Time) *item {
	it, ok := s.items[key]
	if !ok || (!it.at.IsZero() && !now.Before(it.at)) {
		return nil
	}
	return it
}

// Get implements kv.Store.
func (s *Store) Get(ctx context.Context, key string) (string, bool, error) {
	if err := ctx.Err(); err != nil {
		return "", false, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if it := s.live(key, s.now()); it != nil {
		return it.value, true, nil
	}
	return "", false, nil
}

// TTL returns the time key has left to live: ok is false when the key is absent or
// expired, and ttl is 0 when it never expires (Redis's PTTL). It is not part of kv.Store;
// kvtest uses it to observe expiry.
func (s *Store) TTL(ctx context.Context, key string) (ttl time.Duration, ok bool, err error) {
	if err := ctx.Err(); err != nil {
		return 0, false, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	now := s.now()
	it := s.live(key, now)
	switch {
	case it == nil:
		return 0, false, nil
	case it.at.IsZero():
		return 0, true, nil
	}
	return it.at.Sub(now), true, nil
}

// lock takes the write lock and sweeps expired keys; it returns the current time.
func (s *Store) lock(ctx context.Context, ttl time.Duration) (time.Time, error) {
	if err := ctx.Err(); err != nil {
		return time.Time{}, err
	}
	if ttl < 0 {
		return time.Time{}, fmt.Errorf("memkv: negative ttl %v", ttl)
	}
	s.mu.Lock()
	now := s.now()
	for i := 0; i < sweepBatch && len(s.exp) > 0 && !now.Before(s.exp[0].at); i++ {
		it := heap.Pop(&s.exp).(*item)
		delete(s.items, it.key)
	}
	return now, nil
}

// put stores value under key, replacing any previous value and expiry.
func (s *Store) put(key, value string, ttl time.Duration, now time.Time) {
	it, ok := s.items[key]
	if !ok {
		it = &item{key: key, index: -1}
		s.items[key] = it
	}
	it.value = value
	s.expire(it, ttl, now)
}

// expire sets the item's expiry (ttl 0: none).
func (s *Store) expire(it *item, ttl time.Duration, now time.Time) {
	if it.index >= 0 {
		heap.Remove(&s.exp, it.index)
	}
	it.at = time.Time{}
	if ttl > 0 {
		it.at = now.Add(ttl)
		heap.Push(&s.exp, it)
	}
}

// remove deletes the item under key, if any.
func (s *Store) remove(key string) {
	if it, ok := s.items[key]; ok {
		if it.index >= 0 {
			heap.Remove(&s.exp, it.index)
		}
		delete(s.items, key)
	}
}

// Set implements kv.Store. A negative ttl is an error.
func (s *Store) Set(ctx context.Context, key, value string, ttl time.Duration) error {
	now, err := s.lock(ctx, ttl)
	if err != nil {
		return err
	}
	defer s.mu.Unlock()
	s.put(key, value, ttl, now)
	return nil
}

// Delete implements kv.Store.
func (s *Store) Delete(ctx context.Context, key string) error {
	if _, err := s.lock(ctx, 0); err != nil {
		return err
	}
	defer s.mu.Unlock()
	s.remove(key)
	return nil
}

// SetNX implements kv.Store. A negative ttl is an error.
func (s *Store) SetNX(ctx context.Context, key, value string, ttl time.Duration) (bool, error) {
	now, err := s.lock(ctx, ttl)
	if err != nil {
		return false, err
	}
	defer s.mu.Unlock()
	if s.live(key, now) != nil {
		return false, nil
	}
	s.put(key, value, ttl, now)
	return true, nil
}

// Take implements kv.Store.
func (s *Store) Take(ctx context.Context, key string) (string, bool, error) {
	now, err := s.lock(ctx, 0)
	if err != nil {
		return "", false, err
	}
	defer s.mu.Unlock()
	it := s.live(key, now)
	s.remove(key)
	if it == nil {
		return "", false, nil
	}
	return it.value, true, nil
}

// Incr implements kv.Store. The value must be a base-10 int64; Incr fails on any other
// value and on overflow, leaving the key unchanged. A negative ttl is an error.
func (s *Store) Incr(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	now, err := s.lock(ctx, ttl)
	if err != nil {
		return 0, err
	}
	defer s.mu.Unlock()
	it := s.live(key, now)
	if it == nil {
		s.put(key, "1", ttl, now)
		return 1, nil
	}
	n, err := strconv.ParseInt(it.value, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("memkv: incr %q: value is not an integer", key)
	}
	if n == math.MaxInt64 {
		return 0, fmt.Errorf("memkv: incr %q: integer overflow", key)
	}
	n++
	it.value = strconv.FormatInt(n, 10)
	return n, nil
}

// expiryHeap is a min-heap of items by expiry (container/heap).
type expiryHeap []*item

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h expiryHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}

func (h *expiryHeap) Push(x any) {
	it := x.(*item)
	it.index = len(*h)
	*h = append(*h, it)
}

func (h *expiryHeap) Pop() any {
	old := *h
	it := old[len(old)-1]
	old[len(old)-1] = nil
	it.index = -1
	*h = old[:len(old)-1]
	return it
}
