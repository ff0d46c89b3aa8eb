package ratelimit_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/db/memdb"
	"github.com/goauth-dev/goauth/authcore/kv/memkv"
	"github.com/goauth-dev/goauth/authcore/ratelimit"
	"github.com/goauth-dev/goauth/authcore/schema"
)

// t0 is a whole millisecond: the kv and database stores keep milliseconds.
var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func at(d time.Duration) time.Time { return t0.Add(d) }

// stores returns a constructor per Store implementation; every one must pass the shared
// tests below.
func stores() map[string]func() ratelimit.Store {
	return map[string]func() ratelimit.Store{
		"memory":    func() ratelimit.Store { return ratelimit.NewMemoryStore() },
		"kv":        func() ratelimit.Store { return ratelimit.NewKVStore(newFakeKV(), "") },
		"kv-prefix": func() ratelimit.Store { return ratelimit.NewKVStore(newFakeKV(), "goauth:") },
		"memkv":     func() ratelimit.Store { return ratelimit.NewKVStore(memkv.New(), "") },
		"db":        func() ratelimit.Store { return ratelimit.NewDBStore(newFakeDB()) },
		"memdb": func() ratelimit.Store {
			tbl := ratelimit.Table()
			return ratelimit.NewDBStore(memdb.New(&schema.Schema{Tables: []*schema.Table{&tbl}}))
		},
	}
}

type step struct {
	at    time.Duration
	allow bool
	retry time.Duration // when denied
}

func runSteps(t *testing.T, s ratelimit.Store, key string, rule ratelimit.Rule, steps []step) {
	t.Helper()
	for i, st := range steps {
		d, err := s.Consume(context.Background(), key, rule, at(st.at))
		if err != nil {
			t.Fatalf("step %d (t0+%v): %v", i, st.at, err)
		}
		want := ratelimit.Decision{Allowed: st.allow}
		if !st.allow {
			want.RetryAfter = st.retry
		}
		if d != want {
			t.Fatalf("step %d (t0+%v): got %+v, want %+v", i, st.at, d, want)
		}
	}
}

func TestStoreAlgorithm(t *testing.T) {
	rule := ratelimit.Rule{Window: 10 * time.Second, Max: 3}
	s := time.Second
	ms := time.Millisecond
	tests := map[string][]step{
		// Spec 5.4 (obs): requests 1-3 pass, the 4th within the window is rejected.
		"fourth is denied": {
			{0, true, 0}, {1 * s, true, 0}, {2 * s, true, 0},
			{3 * s, false, 9 * s}, // last counted at 2 s: 2+10-3
		},
		// Denied requests are not counted: the window still ends 10 s after the 3rd.
		"denied not counted": {
			{0, true, 0}, {0, true, 0}, {2 * s, true, 0},
			{5 * s, false, 7 * s}, {11*s + 999*ms, false, ms},
			{12 * s, true, 0}, // exactly one window after the last counted request: restart
			{12*s + 500*ms, true, 0}, {13 * s, true, 0},
			{13*s + 500*ms, false, 9*s + 500*ms},
		},
		// The window slides from the most recent request rather than resetting on a
		// fixed grid: 9 s apart, every request stays within the previous one's window.
		"window slides": {
			{0, true, 0}, {9 * s, true, 0}, {18 * s, true, 0},
			{27 * s, false, s}, {28 * s, true, 0},
		},
		"restart after quiet period": {
			{0, true, 0}, {0, true, 0}, {0, true, 0}, {0, false, 10 * s},
			{10*s + ms, true, 0}, {10*s + 2*ms, true, 0}, {10*s + 3*ms, true, 0},
			{10*s + 4*ms, false, 10*s - ms},
		},
	}
	for name, newStore := range stores() {
		for tname, steps := range tests {
			t.Run(name+"/"+tname, func(t *testing.T) {
				runSteps(t, newStore(), "192.0.2.1|/sign-in/email", rule, steps)
			})
		}
	}
}

func TestStoreKeysAreIndependent(t *testing.T) {
	rule := ratelimit.Rule{Window: time.Minute, Max: 1}
	for name, newStore := range stores() {
		t.Run(name, func(t *testing.T) {
			s := newStore()
			for _, key := range []string{"192.0.2.1|/a", "192.0.2.1|/b", "192.0.2.2|/a"} {
				runSteps(t, s, key, rule, []step{{0, true, 0}, {time.Second, false, 59 * time.Second}})
			}
		})
	}
}

func TestStoreEdgeRules(t *testing.T) {
	for name, newStore := range stores() {
		t.Run(name+"/zero window never limits", func(t *testing.T) {
			runSteps(t, newStore(), "k", ratelimit.Rule{Window: 0, Max: 1},
				[]step{{0, true, 0}, {0, true, 0}, {0, true, 0}})
		})
		// Better Auth: the first request finds no entry and passes; then count 1 >= 0.
		t.Run(name+"/max zero", func(t *testing.T) {
			runSteps(t, newStore(), "k", ratelimit.Rule{Window: time.Second, Max: 0},
				[]step{{0, true, 0}, {0, false, time.Second}})
		})
		// Requests carry their own clock; one that was stamped before the last counted
		// request is still inside the window.
		t.Run(name+"/clock behind last request", func(t *testing.T) {
			runSteps(t, newStore(), "k", ratelimit.Rule{Window: 10 * time.Second, Max: 2},
				[]step{{5 * time.Second, true, 0}, {4 * time.Second, true, 0}, {3 * time.Second, false, 11 * time.Second}})
		})
	}
}

// consumeConcurrently runs n concurrent Consume calls on one key and returns how many
// were allowed.
func consumeConcurrently(t *testing.T, n int, pick func(i int) ratelimit.Store, rule ratelimit.Rule) int {
	t.Helper()
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		allowed int
		start   = make(chan struct{})
	)
	for i := range n {
		wg.Go(func() {
			<-start
			d, err := pick(i).Consume(context.Background(), "192.0.2.1|/sign-in/email", rule, at(time.Duration(i)*time.Millisecond))
			if err != nil {
				t.Error(err)
				return
			}
			// Requests are stamped up to n ms apart, in any order.
			if !d.Allowed && (d.RetryAfter <= 0 || d.RetryAfter > rule.Window+time.Duration(n)*time.Millisecond) {
				t.Errorf("denied with RetryAfter %v", d.RetryAfter)
			}
			if d.Allowed {
				mu.Lock()
				allowed++
				mu.Unlock()
			}
		})
	}
	close(start)
	wg.Wait()
	return allowed
}

func TestStoreConcurrentConsume(t *testing.T) {
	rule := ratelimit.Rule{Window: 10 * time.Second, Max: 3}
	for name, newStore := range stores() {
		t.Run(name, func(t *testing.T) {
			s := newStore()
			if got := consumeConcurrently(t, 64, func(int) ratelimit.Store { return s }, rule); got != rule.Max {
				t.Fatalf("%d of 64 concurrent requests allowed, want exactly %d", got, rule.Max)
			}
		})
	}
}
