// Package ratelimittest is the conformance suite of ratelimit.Store: Better Auth's sliding
// window (spec 5.4) step by step, independent keys, edge rules, and exactly Max of many
// concurrent requests allowed. Every Store implementation runs it (authcore's memory, kv
// and database stores; authredis's Lua store, alone and as two instances on one prefix).
package ratelimittest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/ratelimit"
)

// T0 is the suite's clock origin, a whole millisecond: the kv and database stores keep
// milliseconds.
var T0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// At returns T0 + d.
func At(d time.Duration) time.Time { return T0.Add(d) }

// Step is one request of a scenario: its time after T0, whether it is allowed, and the
// RetryAfter of a denial.
type Step struct {
	At    time.Duration
	Allow bool
	Retry time.Duration
}

// Pick returns the store request i goes to: one store, or several instances sharing
// state (a deployment) that take turns.
type Pick func(i int) ratelimit.Store

// RunSteps sends steps to key under rule and fails t at the first unexpected decision.
func RunSteps(t *testing.T, pick Pick, key string, rule ratelimit.Rule, steps []Step) {
	t.Helper()
	for i, st := range steps {
		d, err := pick(i).Consume(context.Background(), key, rule, At(st.At))
		if err != nil {
			t.Fatalf("step %d (t0+%v): %v", i, st.At, err)
		}
		want := ratelimit.Decision{Allowed: st.Allow}
		if !st.Allow {
			want.RetryAfter = st.Retry
		}
		if d != want {
			t.Fatalf("step %d (t0+%v): got %+v, want %+v", i, st.At, d, want)
		}
	}
}

// Run runs the suite; newStore is called at the start of every subtest and returns
// fresh, empty stores.
func Run(t *testing.T, newStore func(t *testing.T) Pick) {
	t.Run("Algorithm", func(t *testing.T) { algorithm(t, newStore) })
	t.Run("KeysAreIndependent", func(t *testing.T) {
		pick := newStore(t)
		for _, key := range []string{"192.0.2.1|/a", "192.0.2.1|/b", "192.0.2.2|/a"} {
			RunSteps(t, pick, key, ratelimit.Rule{Window: time.Minute, Max: 1}, []Step{{0, true, 0}, {time.Second, false, 59 * time.Second}})
		}
	})
	t.Run("EdgeRules", func(t *testing.T) { edgeRules(t, newStore) })
	t.Run("Concurrent", func(t *testing.T) {
		rule := ratelimit.Rule{Window: 10 * time.Second, Max: 3}
		if got := ConsumeConcurrently(t, 64, newStore(t), rule); got != rule.Max {
			t.Fatalf("%d of 64 concurrent requests allowed, want exactly %d", got, rule.Max)
		}
	})
}

func algorithm(t *testing.T, newStore func(t *testing.T) Pick) {
	rule := ratelimit.Rule{Window: 10 * time.Second, Max: 3}
	s := time.Second
	ms := time.Millisecond
	tests := map[string][]Step{
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
	for name, steps := range tests {
		t.Run(name, func(t *testing.T) {
			RunSteps(t, newStore(t), "192.0.2.1|/sign-in/email", rule, steps)
		})
	}
}

func edgeRules(t *testing.T, newStore func(t *testing.T) Pick) {
	t.Run("zero window never limits", func(t *testing.T) {
		RunSteps(t, newStore(t), "k", ratelimit.Rule{Window: 0, Max: 1},
			[]Step{{0, true, 0}, {0, true, 0}, {0, true, 0}})
	})
	// Better Auth: the first request finds no entry and passes; then count 1 >= 0.
	t.Run("max zero", func(t *testing.T) {
		RunSteps(t, newStore(t), "k", ratelimit.Rule{Window: time.Second, Max: 0},
			[]Step{{0, true, 0}, {0, false, time.Second}})
	})
	// Requests carry their own clock; one that was stamped before the last counted
	// request is still inside the window.
	t.Run("clock behind last request", func(t *testing.T) {
		RunSteps(t, newStore(t), "k", ratelimit.Rule{Window: 10 * time.Second, Max: 2},
			[]Step{{5 * time.Second, true, 0}, {4 * time.Second, true, 0}, {3 * time.Second, false, 11 * time.Second}})
	})
}

// ConsumeConcurrently runs n concurrent Consume calls on one key, request i through
// pick(i), and returns how many were allowed. It fails t on an error or a denial whose
// RetryAfter is outside the window.
func ConsumeConcurrently(t *testing.T, n int, pick Pick, rule ratelimit.Rule) int {
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
			d, err := pick(i).Consume(context.Background(), "192.0.2.1|/sign-in/email", rule, At(time.Duration(i)*time.Millisecond))
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
