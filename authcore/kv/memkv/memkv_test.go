package memkv_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/kv/kvtest"
	"github.com/goauth-dev/goauth/authcore/kv/memkv"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestConformance(t *testing.T) {
	kvtest.Run(t, func(t *testing.T) kvtest.Harness {
		clock := newFakeClock()
		s := memkv.New(memkv.WithClock(clock.Now))
		return kvtest.Harness{Store: s, Advance: clock.Advance, TTL: s.TTL}
	})
}

// TestConformanceRealClock runs the suite as a Redis harness would: on the real clock,
// with expiry observed through TTL only.
func TestConformanceRealClock(t *testing.T) {
	kvtest.Run(t, func(t *testing.T) kvtest.Harness {
		s := memkv.New()
		return kvtest.Harness{Store: s, TTL: s.TTL}
	})
}

func TestIncrOverflow(t *testing.T) {
	s := memkv.New()
	ctx := context.Background()
	if err := s.Set(ctx, "n", "9223372036854775807", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Incr(ctx, "n", 0); err == nil {
		t.Error("Incr past MaxInt64 succeeded")
	}
	if v, _, _ := s.Get(ctx, "n"); v != "9223372036854775807" {
		t.Errorf("value = %q after a failed Incr", v)
	}
}
