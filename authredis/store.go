package authredis

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/goauth-dev/goauth/authcore/kv"
	"github.com/goauth-dev/goauth/authcore/ratelimit"
)

// DefaultKeyPrefix is @better-auth/redis-storage's default key prefix.
const DefaultKeyPrefix = "better-auth:"

// DefaultTimeout bounds each call when WithTimeout is not given.
const DefaultTimeout = 2 * time.Second

// Option configures a Store or a RateLimitStore.
type Option func(*settings)

type settings struct {
	prefix  string
	timeout time.Duration
	logger  *slog.Logger
}

// WithKeyPrefix sets the prefix put before every key (default "better-auth:", as
// @better-auth/redis-storage). Instances sharing sessions must use the same prefix.
func WithKeyPrefix(prefix string) Option { return func(s *settings) { s.prefix = prefix } }

// WithTimeout bounds each call to Redis (default 2 s; 0 or less: only the caller's
// context and the client's own timeouts bound it). The client must have
// ContextTimeoutEnabled for the bound to cover socket reads and writes.
func WithTimeout(d time.Duration) Option { return func(s *settings) { s.timeout = d } }

// WithLogger sets where outages are logged, once each (default slog.Default()).
func WithLogger(l *slog.Logger) Option { return func(s *settings) { s.logger = l } }

// conn is what a Store and its RateLimitStore share: the client, the settings and the
// outage state.
type conn struct {
	c       redis.UniversalClient
	prefix  string
	timeout time.Duration
	h       *health
}

func newConn(client redis.UniversalClient, opts []Option) *conn {
	s := settings{prefix: DefaultKeyPrefix, timeout: DefaultTimeout}
	for _, o := range opts {
		o(&s)
	}
	if s.logger == nil {
		s.logger = slog.Default()
	}
	return &conn{c: client, prefix: s.prefix, timeout: s.timeout, h: &health{log: s.logger}}
}

// call runs fn with the call's deadline and classifies its error. fn returns redis.Nil
// as nil.
func (c *conn) call(ctx context.Context, op string, fn func(ctx context.Context) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	cctx := ctx
	if c.timeout > 0 {
		var cancel context.CancelFunc
		cctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	err := fn(cctx)
	if err != nil && ctx.Err() == nil && errors.Is(cctx.Err(), context.DeadlineExceeded) {
		err = fmt.Errorf("no answer within %v: %w", c.timeout, err)
	}
	switch {
	case err == nil:
		c.h.ok(ctx)
		return nil
	case ctx.Err() != nil:
		// The caller gave up (client gone, request deadline): not an outage.
		return fmt.Errorf("authredis: %s: %w", op, ctx.Err())
	case !isOutage(err):
		c.h.ok(ctx) // the server answered, refusing this command
		return fmt.Errorf("authredis: %s: %w", op, err)
	}
	c.h.fail(ctx, op, err)
	return &unavailableError{op: op, err: err}
}

// Store is a kv.Store in Redis (Better Auth: @better-auth/redis-storage) with the atomic
// session-index operations of kv.IndexStore, and a RateLimitStore on the same client. It
// is safe for concurrent use.
type Store struct {
	*conn
	rl *RateLimitStore
}

var (
	_ kv.Store      = (*Store)(nil)
	_ kv.IndexStore = (*Store)(nil)
)

// New returns a Store over client. Used as authcore.Options.SecondaryStorage it keeps
// sessions, verification values and (through RateLimitStore) rate limits in Redis. It does
// not connect: the first call does, and a Redis that is down is reported by each call.
func New(client redis.UniversalClient, opts ...Option) *Store {
	c := newConn(client, opts)
	return &Store{conn: c, rl: &RateLimitStore{conn: c}}
}

// RateLimitStore returns the rate-limit store sharing the client, prefix, timeout and
// outage log of s. authcore uses it for rate limiting when s is the secondary storage.
func (s *Store) RateLimitStore() ratelimit.Store { return s.rl }

func (s *Store) key(k string) string { return s.prefix + k }

// Get implements kv.Store.
func (s *Store) Get(ctx context.Context, key string) (v string, ok bool, err error) {
	err = s.call(ctx, "get", func(ctx context.Context) error {
		var e error
		v, e = s.c.Get(ctx, s.key(key)).Result()
		if errors.Is(e, redis.Nil) {
			return nil
		}
		ok = e == nil
		return e
	})
	return v, ok && err == nil, err
}

// Set implements kv.Store (SET with a millisecond TTL; ttl 0 clears any TTL). A negative
// ttl is an error.
func (s *Store) Set(ctx context.Context, key, value string, ttl time.Duration) error {
	if ttl < 0 {
		return fmt.Errorf("authredis: negative ttl %v", ttl)
	}
	return s.call(ctx, "set", func(ctx context.Context) error {
		return s.c.Set(ctx, s.key(key), value, ttl).Err()
	})
}

// Delete implements kv.Store.
func (s *Store) Delete(ctx context.Context, key string) error {
	return s.call(ctx, "del", func(ctx context.Context) error {
		return s.c.Del(ctx, s.key(key)).Err()
	})
}

// SetNX implements kv.Store (SET NX). A negative ttl is an error.
func (s *Store) SetNX(ctx context.Context, key, value string, ttl time.Duration) (ok bool, err error) {
	if ttl < 0 {
		return false, fmt.Errorf("authredis: negative ttl %v", ttl)
	}
	err = s.call(ctx, "setnx", func(ctx context.Context) error {
		var e error
		ok, e = s.c.SetNX(ctx, s.key(key), value, ttl).Result()
		return e
	})
	return ok && err == nil, err
}

// Take implements kv.Store (GETDEL, Redis 6.2 or later).
func (s *Store) Take(ctx context.Context, key string) (v string, ok bool, err error) {
	err = s.call(ctx, "getdel", func(ctx context.Context) error {
		var e error
		v, e = s.c.GetDel(ctx, s.key(key)).Result()
		if errors.Is(e, redis.Nil) {
			return nil
		}
		ok = e == nil
		return e
	})
	return v, ok && err == nil, err
}

// incrScript creates an absent key at 1 with the ttl, or increments an existing one
// keeping its expiry (INCR alone cannot set a ttl only on creation).
var incrScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then
	if ARGV[1] == '0' then
		redis.call('SET', KEYS[1], '1')
	else
		redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
	end
	return 1
end
return redis.call('INCR', KEYS[1])
`)

// Incr implements kv.Store. A value that is not a base-10 int64, and overflow, are
// errors (Redis INCR). A negative ttl is an error.
func (s *Store) Incr(ctx context.Context, key string, ttl time.Duration) (n int64, err error) {
	if ttl < 0 {
		return 0, fmt.Errorf("authredis: negative ttl %v", ttl)
	}
	err = s.call(ctx, "incr", func(ctx context.Context) error {
		var e error
		n, e = incrScript.Run(ctx, s.c, []string{s.key(key)}, millis(ttl)).Int64()
		return e
	})
	return n, err
}

// millis is ttl in whole milliseconds, rounded up (so that a positive ttl stays positive).
func millis(ttl time.Duration) int64 {
	return int64((ttl + time.Millisecond - 1) / time.Millisecond)
}
