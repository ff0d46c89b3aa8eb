package authredis_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authcore/kv/kvtest"
	"github.com/goauth-dev/goauth/authcore/ratelimit"
	"github.com/goauth-dev/goauth/authredis"
)

// pttl reads a key's remaining ttl as kvtest.Harness.TTL wants it.
func pttl(c redis.UniversalClient, prefix string) func(ctx context.Context, key string) (time.Duration, bool, error) {
	return func(ctx context.Context, key string) (time.Duration, bool, error) {
		d, err := c.PTTL(ctx, prefix+key).Result()
		switch {
		case err != nil:
			return 0, false, err
		case d == -2 || d == -2*time.Millisecond: // absent
			return 0, false, nil
		case d == -1 || d == -1*time.Millisecond: // no expiry
			return 0, true, nil
		}
		return d, true, nil
	}
}

// TestConformance runs authcore's kv suite against the real Redis, under a key prefix of
// its own.
func TestConformance(t *testing.T) {
	c := newClient(t)
	prefix := testPrefix(t, c)
	kvtest.Run(t, func(t *testing.T) kvtest.Harness {
		return kvtest.Harness{Store: authredis.New(c, authredis.WithKeyPrefix(prefix)), TTL: pttl(c, prefix)}
	})
}

// Keys are Better Auth's, under @better-auth/redis-storage's default prefix.
func TestDefaultPrefix(t *testing.T) {
	c := newClient(t)
	s := authredis.New(c)
	ctx := t.Context()
	key := randomName("goauth-test-default-prefix-")
	t.Cleanup(func() { c.Del(context.Background(), "better-auth:"+key) })
	if err := s.Set(ctx, key, "v", time.Minute); err != nil {
		t.Fatal(err)
	}
	if v, err := c.Get(ctx, "better-auth:"+key).Result(); err != nil || v != "v" {
		t.Fatalf("better-auth:%s = %q, %v", key, v, err)
	}
	// A value Better Auth's SETEX wrote (whole seconds) reads back.
	if err := c.Do(ctx, "SETEX", "better-auth:"+key, 60, "from-better-auth").Err(); err != nil {
		t.Fatal(err)
	}
	if v, ok, err := s.Get(ctx, key); err != nil || !ok || v != "from-better-auth" {
		t.Fatalf("Get = %q, %v, %v", v, ok, err)
	}
}

// A command Redis refuses (wrong type) is an ordinary error, not an outage.
func TestRefusedCommandIsNotAnOutage(t *testing.T) {
	c := newClient(t)
	prefix := testPrefix(t, c)
	s := authredis.New(c, authredis.WithKeyPrefix(prefix))
	if err := c.HSet(t.Context(), prefix+"h", "f", "v").Err(); err != nil {
		t.Fatal(err)
	}
	_, _, err := s.Get(t.Context(), "h")
	if err == nil || errors.Is(err, authredis.ErrUnavailable) {
		t.Fatalf("Get of a hash = %v, want a WRONGTYPE error that is not ErrUnavailable", err)
	}
}

// countingLimits counts the Consume calls of the rate-limit store it wraps.
type countingLimits struct {
	ratelimit.Store
	n atomic.Int64
}

func (c *countingLimits) Consume(ctx context.Context, key string, rule ratelimit.Rule, now time.Time) (ratelimit.Decision, error) {
	c.n.Add(1)
	return c.Store.Consume(ctx, key, rule, now)
}

// withLimits is a Store whose RateLimitStore is replaced.
type withLimits struct {
	*authredis.Store
	limits ratelimit.Store
}

func (w withLimits) RateLimitStore() ratelimit.Store { return w.limits }

// authcore rate-limits with the store's own RateLimitStore (one script per request), not
// with its generic lock-based KVStore, when the store is the secondary storage.
func TestAuthcoreUsesTheRateLimitStore(t *testing.T) {
	c := newClient(t)
	st := authredis.New(c, authredis.WithKeyPrefix(testPrefix(t, c)))
	limits := &countingLimits{Store: st.RateLimitStore()}
	a, err := authcore.New(authcore.Options{
		BaseURL: "http://localhost:3000", Secret: "authredis-test-secret-0123456789abcdefghijklmnop",
		SecondaryStorage: withLimits{st, limits}, RateLimit: config.RateLimit{Enabled: ptr(true)},
		Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		rec := httptest.NewRecorder()
		a.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://localhost:3000/api/auth/ok", nil))
		if rec.Code != 200 {
			t.Fatalf("/ok: %d", rec.Code)
		}
	}
	if n := limits.n.Load(); n != 3 {
		t.Fatalf("the store's RateLimitStore counted %d of 3 requests", n)
	}
}
