package kvtest

import (
	"time"
)

// slack is how much of a ttl may pass between setting a key and reading its ttl.
const slack = 5 * time.Second

// ttlOf returns the key's remaining ttl (0: no expiry) and whether it exists.
func (e *env) ttlOf(name string) (time.Duration, bool) {
	e.t.Helper()
	d, ok, err := e.h.TTL(e.ctx(), e.key(name))
	if err != nil {
		e.t.Fatalf("TTL(%s): %v", name, err)
	}
	return d, ok
}

// wantTTL fails the test unless the key expires within (want-slack, want].
func (e *env) wantTTL(name string, want time.Duration) {
	e.t.Helper()
	d, ok := e.ttlOf(name)
	if !ok || d > want || d <= want-min(slack, want/3) {
		e.t.Errorf("TTL(%s) = %v, %v; want about %v", name, d, ok, want)
	}
}

// wantNoTTL fails the test unless the key exists without an expiry.
func (e *env) wantNoTTL(name string) {
	e.t.Helper()
	if d, ok := e.ttlOf(name); !ok || d != 0 {
		e.t.Errorf("TTL(%s) = %v, %v; want no expiry", name, d, ok)
	}
}

// ttlTests need Harness.TTL.
var ttlTests = []test{
	{"Set", func(e *env) {
		e.set("k", "v", 90*time.Second)
		e.wantTTL("k", 90*time.Second)
	}},
	{"Milliseconds", func(e *env) {
		e.set("k", "v", 1500*time.Millisecond)
		e.wantTTL("k", 1500*time.Millisecond)
	}},
	{"Zero", func(e *env) {
		e.set("k", "v", 0)
		e.wantNoTTL("k")
	}},
	{"Absent", func(e *env) {
		if d, ok := e.ttlOf("missing"); ok {
			e.t.Errorf("TTL of a missing key = %v, true", d)
		}
	}},
	{"SetZeroClearsTTL", func(e *env) {
		e.set("k", "v", time.Hour)
		e.set("k", "v", 0)
		e.wantNoTTL("k")
	}},
	{"SetReplacesTTL", func(e *env) {
		e.set("k", "v", time.Hour)
		e.set("k", "v", time.Minute)
		e.wantTTL("k", time.Minute)
	}},
	{"SetNX", func(e *env) {
		e.setNX("k", "v", time.Minute)
		e.wantTTL("k", time.Minute)
		e.setNX("k", "v", time.Hour)
		e.wantTTL("k", time.Minute)
		e.set("p", "v", 0)
		e.setNX("p", "v", time.Hour)
		e.wantNoTTL("p")
	}},
	{"Incr", func(e *env) {
		e.incr("n", time.Minute)
		e.wantTTL("n", time.Minute)
		e.incr("n", time.Hour)
		e.wantTTL("n", time.Minute)
		e.set("p", "1", 0)
		e.incr("p", time.Hour)
		e.wantNoTTL("p")
	}},
	{"TakeAndDelete", func(e *env) {
		e.set("a", "v", time.Hour)
		e.set("b", "v", time.Hour)
		e.take("a")
		if err := e.h.Store.Delete(e.ctx(), e.key("b")); err != nil {
			e.t.Fatal(err)
		}
		for _, k := range []string{"a", "b"} {
			if d, ok := e.ttlOf(k); ok {
				e.t.Errorf("TTL(%s) after removal = %v, true", k, d)
			}
		}
	}},
}
