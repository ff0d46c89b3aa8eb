package memkv

import (
	"context"
	"slices"
	"time"

	"github.com/goauth-dev/goauth/authcore/kv"
)

var _ kv.IndexStore = (*Store)(nil)

// IndexAdd implements kv.IndexStore under the store's lock.
func (s *Store) IndexAdd(ctx context.Context, key, token string, expiresAt, now int64) error {
	t, err := s.lock(ctx, 0)
	if err != nil {
		return err
	}
	defer s.mu.Unlock()
	var list []kv.IndexEntry
	if it := s.live(key, t); it != nil {
		list = kv.ParseIndex(it.value)
	}
	list = slices.DeleteFunc(list, func(e kv.IndexEntry) bool { return e.Token == token })
	s.writeIndex(key, append(list, kv.IndexEntry{Token: token, ExpiresAt: expiresAt}), now, t)
	return nil
}

// IndexRemove implements kv.IndexStore under the store's lock.
func (s *Store) IndexRemove(ctx context.Context, key string, tokens []string, now int64) error {
	t, err := s.lock(ctx, 0)
	if err != nil {
		return err
	}
	defer s.mu.Unlock()
	it := s.live(key, t)
	if it == nil {
		return nil
	}
	list := slices.DeleteFunc(kv.ParseIndex(it.value), func(e kv.IndexEntry) bool {
		return slices.Contains(tokens, e.Token)
	})
	s.writeIndex(key, list, now, t)
	return nil
}

// writeIndex stores the pruned index, or deletes it when empty. The caller holds mu.
func (s *Store) writeIndex(key string, list []kv.IndexEntry, now int64, t time.Time) {
	v, ttl, ok := kv.EncodeIndex(list, now)
	if !ok {
		s.remove(key)
		return
	}
	s.put(key, v, ttl, t)
}

// Replace implements kv.IndexStore. A negative ttl is an error.
func (s *Store) Replace(ctx context.Context, key, value string, ttl time.Duration) (bool, error) {
	t, err := s.lock(ctx, ttl)
	if err != nil {
		return false, err
	}
	defer s.mu.Unlock()
	if s.live(key, t) == nil {
		return false, nil
	}
	s.put(key, value, ttl, t)
	return true, nil
}
