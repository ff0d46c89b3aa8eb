package ratelimit_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/kv"
	"github.com/goauth-dev/goauth/authcore/kv/memkv"
	"github.com/goauth-dev/goauth/authcore/ratelimit"
	"github.com/goauth-dev/goauth/authcore/ratelimit/ratelimittest"
)

func TestKVStoreRecord(t *testing.T) {
	kv := newFakeKV()
	s := ratelimit.NewKVStore(kv, "")
	ctx := context.Background()
	rule := ratelimit.Rule{Window: 60 * time.Second, Max: 3}
	key := "192.0.2.1|/request-password-reset"
	for i := range 2 {
		if d, err := s.Consume(ctx, key, rule, at(time.Duration(i)*time.Second)); err != nil || !d.Allowed {
			t.Fatalf("Consume: %+v, %v", d, err)
		}
	}
	// Better Auth's value (spec 5.4), TTL = window, and no lock left behind.
	ms := strconv.FormatInt(at(time.Second).UnixMilli(), 10)
	want := map[string]string{key: `{"key":"192.0.2.1|/request-password-reset","count":2,"lastRequest":` + ms + `}`}
	if diff := cmp.Diff(want, kv.snapshot()); diff != "" {
		t.Errorf("kv contents (-want +got):\n%s", diff)
	}
	if kv.ttls[key] != rule.Window {
		t.Errorf("TTL %v, want %v", kv.ttls[key], rule.Window)
	}
}

func TestKVStorePrefix(t *testing.T) {
	kv := newFakeKV()
	s := ratelimit.NewKVStore(kv, "goauth:")
	if _, err := s.Consume(context.Background(), "192.0.2.1|/x", ratelimit.Rule{Window: time.Second, Max: 1}, t0); err != nil {
		t.Fatal(err)
	}
	ms := strconv.FormatInt(t0.UnixMilli(), 10)
	want := map[string]string{"goauth:192.0.2.1|/x": `{"key":"192.0.2.1|/x","count":1,"lastRequest":` + ms + `}`}
	if diff := cmp.Diff(want, kv.snapshot()); diff != "" {
		t.Errorf("kv contents (-want +got):\n%s", diff)
	}
}

// An entry written by a Better Auth instance sharing the store is honoured; a value that
// is not a record counts as absent, as upstream's safeJSONParse makes it.
func TestKVStoreReadsUpstreamValues(t *testing.T) {
	ctx := context.Background()
	rule := ratelimit.Rule{Window: 10 * time.Second, Max: 3}
	key := "192.0.2.1|/sign-in/email"
	last := at(-4 * time.Second).UnixMilli()

	kv := newFakeKV()
	kv.vals[key] = `{"key":"192.0.2.1|/sign-in/email","count":3,"lastRequest":` + strconv.FormatInt(last, 10) + `}`
	d, err := ratelimit.NewKVStore(kv, "").Consume(ctx, key, rule, t0)
	if err != nil || d != (ratelimit.Decision{RetryAfter: 6 * time.Second}) {
		t.Fatalf("upstream entry: %+v, %v", d, err)
	}

	for _, garbage := range []string{"", "null", "not json", `{"count":"x"}`} {
		kv.vals[key] = garbage
		d, err := ratelimit.NewKVStore(kv, "").Consume(ctx, key, rule, t0)
		if err != nil || !d.Allowed {
			t.Fatalf("value %q: %+v, %v", garbage, d, err)
		}
	}
}

// Instances sharing one kv.Store serialise on the lock key: across two instances, 64
// concurrent requests with room for 3 still let exactly 3 through.
func TestKVStoreConcurrentAcrossInstances(t *testing.T) {
	for name, store := range map[string]kv.Store{"fake": newFakeKV(), "memkv": memkv.New()} {
		t.Run(name, func(t *testing.T) {
			a, b := ratelimit.NewKVStore(store, ""), ratelimit.NewKVStore(store, "")
			rule := ratelimit.Rule{Window: 10 * time.Second, Max: 3}
			got := ratelimittest.ConsumeConcurrently(t, 64, func(i int) ratelimit.Store {
				if i%2 == 0 {
					return a
				}
				return b
			}, rule)
			if got != rule.Max {
				t.Fatalf("%d of 64 allowed, want exactly %d", got, rule.Max)
			}
			// The lock is released: the next request is handled at once, and denied.
			d, err := a.Consume(context.Background(), "192.0.2.1|/sign-in/email", rule, at(time.Second))
			if err != nil || d.Allowed {
				t.Fatalf("after the burst: %+v, %v", d, err)
			}
			if _, held, _ := store.Get(context.Background(), "rate-limit-lock:192.0.2.1|/sign-in/email"); held {
				t.Fatal("lock left behind")
			}
		})
	}
}

// A lock another instance holds (or abandoned, until its TTL) blocks the key: the
// request is denied rather than counted without the lock.
func TestKVStoreLockBusy(t *testing.T) {
	kv := newFakeKV()
	s := ratelimit.NewKVStore(kv, "p:")
	ratelimit.SetKVLockTiming(s, time.Second, 5*time.Millisecond)
	ctx := context.Background()
	rule := ratelimit.Rule{Window: 10 * time.Second, Max: 3}
	const lockKey = "p:rate-limit-lock:192.0.2.1|/x"
	kv.vals[lockKey] = "1"

	d, err := s.Consume(ctx, "192.0.2.1|/x", rule, t0)
	if err != nil || d != (ratelimit.Decision{RetryAfter: time.Second}) {
		t.Fatalf("busy lock: %+v, %v", d, err)
	}
	if _, ok := kv.snapshot()["p:192.0.2.1|/x"]; ok {
		t.Fatal("counted without the lock")
	}
	if kv.snapshot()[lockKey] != "1" {
		t.Fatal("another instance's lock was released")
	}

	// Once the lock is gone (released or expired) the request is counted.
	if err := kv.Delete(ctx, lockKey); err != nil {
		t.Fatal(err)
	}
	if d, err := s.Consume(ctx, "192.0.2.1|/x", rule, t0); err != nil || !d.Allowed {
		t.Fatalf("free lock: %+v, %v", d, err)
	}
}

func TestKVStoreContextCanceled(t *testing.T) {
	kv := newFakeKV()
	s := ratelimit.NewKVStore(kv, "")
	kv.vals["rate-limit-lock:k"] = "1"
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Consume(ctx, "k", ratelimit.Rule{Window: time.Second, Max: 1}, t0)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
