package ratelimit_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/ratelimit"
)

// The memory store forgets entries older than their window without a goroutine: a flood
// of distinct keys (one client rotating addresses) cannot grow it without bound.
func TestMemoryStoreIsBounded(t *testing.T) {
	s := ratelimit.NewMemoryStore()
	ctx := context.Background()
	rule := ratelimit.Rule{Window: 10 * time.Millisecond, Max: 1}
	const n = 200_000
	for i := range n {
		// One new key per millisecond: at most 10 are inside their window at any time.
		now := at(time.Duration(i) * time.Millisecond)
		if _, err := s.Consume(ctx, "192.0.2."+strconv.Itoa(i)+"|/x", rule, now); err != nil {
			t.Fatal(err)
		}
	}
	// Each of the 64 shards sweeps at least when it doubles past 1024 entries.
	if got := s.Len(); got > 64*2048 {
		t.Fatalf("%d entries held after %d one-off requests", got, n)
	}
	s.Sweep(at(n * time.Millisecond))
	if got := s.Len(); got > 10 {
		t.Fatalf("%d entries after Sweep, want <= 10", got)
	}
}

// Idle entries are swept by the first request their shard sees 10 s later.
func TestMemoryStoreTimeSweep(t *testing.T) {
	s := ratelimit.NewMemoryStore()
	ctx := context.Background()
	rule := ratelimit.Rule{Window: time.Second, Max: 1}
	consume := func(key string, now time.Time) {
		if _, err := s.Consume(ctx, key, rule, now); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 1000 {
		consume("old"+strconv.Itoa(i), t0)
	}
	// 5000 new keys reach every one of the 64 shards (all but surely: the chance that
	// one is missed is below 1e-33) a minute later.
	for i := range 5000 {
		consume("new"+strconv.Itoa(i), at(time.Minute))
	}
	if got := s.Len(); got != 5000 {
		t.Fatalf("Len = %d, want 5000 (old entries swept)", got)
	}
	s.Sweep(at(time.Minute + time.Second))
	if got := s.Len(); got != 0 {
		t.Fatalf("Len = %d after Sweep, want 0", got)
	}
}
