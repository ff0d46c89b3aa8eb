package kvtest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/kv"
)

// Harness is one store under test and the optional hooks the expiry tests need.
type Harness struct {
	// Store is the store under test.
	Store kv.Store
	// Advance moves the store's clock forward by d. nil when the store runs on the real
	// clock; the "Expiry" tests are then skipped.
	Advance func(d time.Duration)
	// TTL returns the time key has left to live: ok is false when the key is absent, and
	// ttl is 0 when the key never expires (Redis's PTTL). nil when the store cannot tell;
	// the "TTL" tests are then skipped.
	TTL func(ctx context.Context, key string) (ttl time.Duration, ok bool, err error)
}

// Run runs the conformance suite. newStore is called at the start of every subtest, and
// once more by each group that needs a hook, to find out whether the harness has it.
func Run(t *testing.T, newStore func(t *testing.T) Harness) {
	t.Helper()
	groups := []struct {
		name  string
		need  string // "advance", "ttl" or ""
		tests []test
	}{
		{"Basic", "", basicTests},
		{"Incr", "", incrTests},
		{"Expiry", "advance", expiryTests},
		{"TTL", "ttl", ttlTests},
		{"Concurrency", "", concurrencyTests},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			if g.need != "" {
				switch h := newStore(t); {
				case g.need == "advance" && h.Advance == nil:
					t.Skip("Harness.Advance is nil: the store's clock cannot be moved, so expiry is checked through Harness.TTL instead")
				case g.need == "ttl" && h.TTL == nil:
					t.Skip("Harness.TTL is nil: the store cannot report a key's ttl")
				}
			}
			for _, tc := range g.tests {
				t.Run(tc.name, func(t *testing.T) {
					tc.fn(&env{t: t, h: newStore(t), prefix: "kvtest:" + t.Name() + ":"})
				})
			}
		})
	}
}

// test is one subtest.
type test struct {
	name string
	fn   func(e *env)
}

// env wraps a harness with helpers that fail the test.
type env struct {
	t      *testing.T
	h      Harness
	prefix string
}

// key returns the subtest's key for name.
func (e *env) key(name string) string { return e.prefix + name }

func (e *env) ctx() context.Context { return e.t.Context() }

func (e *env) set(name, value string, ttl time.Duration) {
	e.t.Helper()
	if err := e.h.Store.Set(e.ctx(), e.key(name), value, ttl); err != nil {
		e.t.Fatalf("Set(%s): %v", name, err)
	}
}

// want fails the test unless name holds value.
func (e *env) want(name, value string) {
	e.t.Helper()
	got, ok, err := e.h.Store.Get(e.ctx(), e.key(name))
	if err != nil || !ok || got != value {
		e.t.Errorf("Get(%s) = %q, %v, %v; want %q, true, nil", name, got, ok, err, value)
	}
}

// absent fails the test unless name is absent.
func (e *env) absent(name string) {
	e.t.Helper()
	got, ok, err := e.h.Store.Get(e.ctx(), e.key(name))
	if err != nil || ok || got != "" {
		e.t.Errorf("Get(%s) = %q, %v, %v; want \"\", false, nil", name, got, ok, err)
	}
}

func (e *env) setNX(name, value string, ttl time.Duration) bool {
	e.t.Helper()
	ok, err := e.h.Store.SetNX(e.ctx(), e.key(name), value, ttl)
	if err != nil {
		e.t.Fatalf("SetNX(%s): %v", name, err)
	}
	return ok
}

func (e *env) incr(name string, ttl time.Duration) int64 {
	e.t.Helper()
	n, err := e.h.Store.Incr(e.ctx(), e.key(name), ttl)
	if err != nil {
		e.t.Fatalf("Incr(%s): %v", name, err)
	}
	return n
}

func (e *env) take(name string) (string, bool) {
	e.t.Helper()
	v, ok, err := e.h.Store.Take(e.ctx(), e.key(name))
	if err != nil {
		e.t.Fatalf("Take(%s): %v", name, err)
	}
	return v, ok
}

var basicTests = []test{
	{"GetMissing", func(e *env) { e.absent("missing") }},
	{"SetGet", func(e *env) {
		e.set("k", "v1", 0)
		e.want("k", "v1")
		e.set("k", "v2", 0)
		e.want("k", "v2")
	}},
	{"Values", func(e *env) {
		for i, v := range []string{"", " ", `{"session":{"id":"s1"},"user":null}`, "héllo ✓ 世界", "bytes \x00\xff\r\n", string(make([]byte, 64<<10))} {
			name := string(rune('a' + i))
			e.set(name, v, 0)
			got, ok, err := e.h.Store.Get(e.ctx(), e.key(name))
			if err != nil || !ok || got != v {
				e.t.Errorf("value %d (%d bytes) read back as %d bytes, %v, %v", i, len(v), len(got), ok, err)
			}
		}
	}},
	{"KeysAreIndependent", func(e *env) {
		e.set("a", "1", 0)
		e.set("a:b", "2", 0)
		e.set("A", "3", 0)
		if err := e.h.Store.Delete(e.ctx(), e.key("a")); err != nil {
			e.t.Fatalf("Delete: %v", err)
		}
		e.absent("a")
		e.want("a:b", "2")
		e.want("A", "3")
	}},
	{"Delete", func(e *env) {
		e.set("k", "v", 0)
		if err := e.h.Store.Delete(e.ctx(), e.key("k")); err != nil {
			e.t.Fatalf("Delete: %v", err)
		}
		e.absent("k")
		if err := e.h.Store.Delete(e.ctx(), e.key("k")); err != nil {
			e.t.Errorf("Delete of an absent key: %v", err)
		}
	}},
	{"SetNX", func(e *env) {
		if !e.setNX("k", "first", 0) {
			e.t.Error("SetNX on an absent key = false")
		}
		e.want("k", "first")
		if e.setNX("k", "second", 0) {
			e.t.Error("SetNX on a present key = true")
		}
		e.want("k", "first")
		e.set("e", "", 0)
		if e.setNX("e", "x", 0) {
			e.t.Error("SetNX on a key holding the empty string = true")
		}
		if err := e.h.Store.Delete(e.ctx(), e.key("k")); err != nil {
			e.t.Fatal(err)
		}
		if !e.setNX("k", "third", 0) {
			e.t.Error("SetNX after Delete = false")
		}
		e.want("k", "third")
	}},
	{"Take", func(e *env) {
		e.set("k", "v", 0)
		if v, ok := e.take("k"); !ok || v != "v" {
			e.t.Errorf("Take = %q, %v; want v, true", v, ok)
		}
		e.absent("k")
		if v, ok := e.take("k"); ok || v != "" {
			e.t.Errorf("second Take = %q, %v; want \"\", false", v, ok)
		}
		if v, ok := e.take("missing"); ok || v != "" {
			e.t.Errorf("Take of a missing key = %q, %v", v, ok)
		}
		e.set("empty", "", 0)
		if v, ok := e.take("empty"); !ok || v != "" {
			e.t.Errorf("Take of the empty string = %q, %v; want \"\", true", v, ok)
		}
	}},
	{"LongTTLIsReadable", func(e *env) {
		e.set("set", "v", time.Hour)
		e.want("set", "v")
		e.setNX("nx", "v", time.Hour)
		e.want("nx", "v")
		e.incr("n", time.Hour)
		e.want("n", "1")
	}},
	{"NegativeTTL", func(e *env) {
		// A negative ttl is a caller's mistake: refused, and nothing is stored.
		s, k := e.h.Store, e.key("k")
		if err := s.Set(e.ctx(), k, "v", -time.Second); err == nil {
			e.t.Error("Set with a negative ttl succeeded")
		}
		if _, err := s.SetNX(e.ctx(), k, "v", -time.Second); err == nil {
			e.t.Error("SetNX with a negative ttl succeeded")
		}
		if _, err := s.Incr(e.ctx(), k, -time.Second); err == nil {
			e.t.Error("Incr with a negative ttl succeeded")
		}
		if is, ok := s.(kv.IndexStore); ok {
			if _, err := is.Replace(e.ctx(), k, "v", -time.Second); err == nil {
				e.t.Error("Replace with a negative ttl succeeded")
			}
		}
		e.absent("k")
	}},
	{"CancelledContext", func(e *env) {
		e.set("k", "v", 0)
		ctx, cancel := context.WithCancel(e.ctx())
		cancel()
		s, k := e.h.Store, e.key("k")
		if _, _, err := s.Get(ctx, k); !errors.Is(err, context.Canceled) {
			e.t.Errorf("Get = %v, want context.Canceled", err)
		}
		if err := s.Set(ctx, k, "x", 0); !errors.Is(err, context.Canceled) {
			e.t.Errorf("Set = %v, want context.Canceled", err)
		}
		if _, _, err := s.Take(ctx, k); !errors.Is(err, context.Canceled) {
			e.t.Errorf("Take = %v, want context.Canceled", err)
		}
		e.want("k", "v")
	}},
}

var incrTests = []test{
	{"FromAbsent", func(e *env) {
		for want := int64(1); want <= 3; want++ {
			if n := e.incr("n", 0); n != want {
				e.t.Errorf("Incr = %d, want %d", n, want)
			}
		}
		e.want("n", "3")
	}},
	{"ExistingValue", func(e *env) {
		e.set("a", "41", 0)
		if n := e.incr("a", 0); n != 42 {
			e.t.Errorf("Incr(41) = %d, want 42", n)
		}
		e.set("b", "-5", 0)
		if n := e.incr("b", 0); n != -4 {
			e.t.Errorf("Incr(-5) = %d, want -4", n)
		}
		e.set("c", "9007199254740993", 0) // 2^53+1: not a float64
		if n := e.incr("c", 0); n != 9007199254740994 {
			e.t.Errorf("Incr(2^53+1) = %d, want 2^53+2", n)
		}
	}},
	{"NotAnInteger", func(e *env) {
		for i, v := range []string{"abc", "1.5", "", " 1"} {
			name := string(rune('a' + i))
			e.set(name, v, 0)
			if n, err := e.h.Store.Incr(e.ctx(), e.key(name), 0); err == nil {
				e.t.Errorf("Incr(%q) = %d, want an error", v, n)
			}
			e.want(name, v)
		}
	}},
	{"AfterTake", func(e *env) {
		e.incr("n", 0)
		e.incr("n", 0)
		if v, ok := e.take("n"); !ok || v != "2" {
			e.t.Errorf("Take = %q, %v; want 2", v, ok)
		}
		if n := e.incr("n", 0); n != 1 {
			e.t.Errorf("Incr after Take = %d, want 1", n)
		}
	}},
}
