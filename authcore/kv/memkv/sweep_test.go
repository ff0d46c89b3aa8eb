package memkv

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestSweepBoundsExpiredKeys checks that expired keys are reclaimed by later writes, a
// bounded number at a time, so the store cannot grow from them.
func TestSweepBoundsExpiredKeys(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	s := New(WithClock(func() time.Time { return now }))
	ctx := context.Background()
	const n = 10 * sweepBatch
	for i := range n {
		if err := s.Set(ctx, fmt.Sprint("k", i), "v", time.Second); err != nil {
			t.Fatal(err)
		}
	}
	now = now.Add(2 * time.Second)
	// Each write removes sweepBatch expired keys and adds at most one.
	for i := range n/sweepBatch + 1 {
		before := len(s.items)
		if err := s.Set(ctx, "live", "v", 0); err != nil {
			t.Fatal(err)
		}
		if i < n/sweepBatch && len(s.items) > before-sweepBatch+1 {
			t.Fatalf("write %d: %d keys before, %d after; want at least %d reclaimed", i, before, len(s.items), sweepBatch-1)
		}
	}
	if len(s.items) != 1 || len(s.exp) != 0 {
		t.Errorf("after the sweep: %d keys, %d expiries; want 1 and 0", len(s.items), len(s.exp))
	}

	// A steady stream of short-lived keys stays bounded by the live ones.
	for i := range 100_000 {
		if err := s.Set(ctx, fmt.Sprint("t", i), "v", time.Millisecond); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Millisecond)
		if len(s.items) > 3 {
			t.Fatalf("after %d short-lived keys the store holds %d", i+1, len(s.items))
		}
	}
}

// TestOverwriteKeepsOneExpiry checks that setting a key again does not leave its old
// expiry behind.
func TestOverwriteKeepsOneExpiry(t *testing.T) {
	s := New()
	ctx := context.Background()
	for range 1000 {
		if err := s.Set(ctx, "k", "v", time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Incr(ctx, "n", time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.Set(ctx, "n", "1", 0); err != nil {
		t.Fatal(err)
	}
	if len(s.exp) != 1 || len(s.items) != 2 {
		t.Errorf("%d expiries for %d keys, want 1 for 2", len(s.exp), len(s.items))
	}
	for i, it := range s.exp {
		if it.index != i {
			t.Errorf("heap item %d records index %d", i, it.index)
		}
	}
}
