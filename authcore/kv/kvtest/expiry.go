package kvtest

import (
	"strconv"
	"time"
)

const ttl = 10 * time.Second

// advance moves the store's clock.
func (e *env) advance(d time.Duration) { e.h.Advance(d) }

// expiryTests need Harness.Advance. Keys are checked just before and after their
// deadline, never at it.
var expiryTests = []test{
	{"Set", func(e *env) {
		e.set("k", "v", ttl)
		e.advance(ttl - time.Millisecond)
		e.want("k", "v")
		e.advance(2 * time.Millisecond)
		e.absent("k")
	}},
	{"SubSecond", func(e *env) {
		e.set("k", "v", 1500*time.Millisecond)
		e.advance(1400 * time.Millisecond)
		e.want("k", "v")
		e.advance(200 * time.Millisecond)
		e.absent("k")
	}},
	{"ZeroNeverExpires", func(e *env) {
		e.set("k", "v", 0)
		e.advance(10_000 * time.Hour)
		e.want("k", "v")
	}},
	{"SetZeroClearsTTL", func(e *env) {
		e.set("k", "v1", ttl)
		e.set("k", "v2", 0)
		e.advance(2 * ttl)
		e.want("k", "v2")
	}},
	{"SetReplacesTTL", func(e *env) {
		e.set("k", "v1", ttl)
		e.advance(ttl / 2)
		e.set("k", "v2", ttl)
		e.advance(ttl - time.Second)
		e.want("k", "v2")
		e.advance(2 * time.Second)
		e.absent("k")
	}},
	{"SetAddsTTL", func(e *env) {
		e.set("k", "v1", 0)
		e.set("k", "v2", ttl)
		e.advance(ttl + time.Millisecond)
		e.absent("k")
	}},
	{"SetNX", func(e *env) {
		if !e.setNX("k", "v1", ttl) {
			e.t.Fatal("SetNX on an absent key = false")
		}
		e.advance(ttl - time.Millisecond)
		if e.setNX("k", "v2", ttl) {
			e.t.Error("SetNX on a live key = true")
		}
		e.advance(2 * time.Millisecond)
		e.absent("k")
		if !e.setNX("k", "v3", ttl) {
			e.t.Error("SetNX on an expired key = false")
		}
		e.want("k", "v3")
	}},
	{"SetNXKeepsTTL", func(e *env) {
		e.set("k", "v", ttl)
		e.setNX("k", "x", 0)
		e.advance(ttl + time.Millisecond)
		e.absent("k")
	}},
	{"Take", func(e *env) {
		e.set("k", "v", ttl)
		e.advance(ttl + time.Millisecond)
		if v, ok := e.take("k"); ok || v != "" {
			e.t.Errorf("Take of an expired key = %q, %v", v, ok)
		}
	}},
	{"Delete", func(e *env) {
		e.set("k", "v", ttl)
		e.advance(ttl + time.Millisecond)
		if err := e.h.Store.Delete(e.ctx(), e.key("k")); err != nil {
			e.t.Errorf("Delete of an expired key: %v", err)
		}
		e.absent("k")
	}},
	{"IncrSetsTTLOnCreate", func(e *env) {
		if n := e.incr("n", ttl); n != 1 {
			e.t.Fatalf("Incr = %d, want 1", n)
		}
		e.advance(ttl / 2)
		if n := e.incr("n", ttl); n != 2 {
			e.t.Errorf("Incr = %d, want 2", n)
		}
		e.advance(ttl/2 - time.Millisecond)
		e.want("n", "2")
		e.advance(2 * time.Millisecond)
		e.absent("n")
		if n := e.incr("n", ttl); n != 1 {
			e.t.Errorf("Incr on an expired counter = %d, want 1", n)
		}
		e.advance(ttl - time.Millisecond)
		e.want("n", "1")
	}},
	{"IncrKeepsNoExpiry", func(e *env) {
		e.set("n", "5", 0)
		if n := e.incr("n", time.Second); n != 6 {
			e.t.Errorf("Incr = %d, want 6", n)
		}
		e.advance(2 * time.Second)
		e.want("n", "6")
	}},
	{"IncrKeepsExistingTTL", func(e *env) {
		e.set("n", "5", ttl)
		e.incr("n", 100*ttl)
		e.advance(ttl + time.Millisecond)
		e.absent("n")
	}},
	{"ManyExpire", func(e *env) {
		name := func(i int) string { return "k" + strconv.Itoa(i) }
		const n = 200
		for i := range n {
			e.set(name(i), "v", time.Duration(i+1)*time.Millisecond)
		}
		e.set("live", "v", 0)
		e.advance(time.Second)
		for i := range n {
			e.absent(name(i))
		}
		e.want("live", "v")
		// Expired keys a store has not reclaimed yet still read as absent to writes.
		if !e.setNX(name(n-1), "x", 0) {
			e.t.Error("SetNX on an expired key = false")
		}
		if got := e.incr(name(n-2), 0); got != 1 {
			e.t.Errorf("Incr on an expired key = %d, want 1", got)
		}
		if _, ok := e.take(name(n - 3)); ok {
			e.t.Error("Take of an expired key succeeded")
		}
	}},
}
