package authredis_test

import (
	"context"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/kv/memkv"
	"github.com/goauth-dev/goauth/authcore/ratelimit"
	"github.com/goauth-dev/goauth/authredis"
)

// t0 is a whole millisecond: the Redis store keeps milliseconds.
var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func at(d time.Duration) time.Time { return t0.Add(d) }

// rateStores returns a constructor per store the shared tests run on: the Redis store
// alone, two Redis stores (two instances) taking turns on one prefix, and authcore's
// memory store, the reference the others must agree with.
func rateStores(t *testing.T) map[string]func(t *testing.T) func(i int) ratelimit.Store {
	c := newClient(t)
	return map[string]func(t *testing.T) func(i int) ratelimit.Store{
		"redis": func(t *testing.T) func(int) ratelimit.Store {
			s := authredis.NewRateLimitStore(c, authredis.WithKeyPrefix(testPrefix(t, c)))
			return func(int) ratelimit.Store { return s }
		},
		"redis-two-instances": func(t *testing.T) func(int) ratelimit.Store {
			p := testPrefix(t, c)
			a := authredis.NewRateLimitStore(c, authredis.WithKeyPrefix(p))
			b := authredis.New(newClient(t), authredis.WithKeyPrefix(p)).RateLimitStore()
			return func(i int) ratelimit.Store {
				if i%2 == 0 {
					return a
				}
				return b
			}
		},
		"memory": func(*testing.T) func(int) ratelimit.Store {
			s := ratelimit.NewMemoryStore()
			return func(int) ratelimit.Store { return s }
		},
	}
}

type rateStep struct {
	at    time.Duration
	allow bool
	retry time.Duration // when denied
}

func runRateSteps(t *testing.T, pick func(int) ratelimit.Store, key string, rule ratelimit.Rule, steps []rateStep) {
	t.Helper()
	for i, st := range steps {
		d, err := pick(i).Consume(t.Context(), key, rule, at(st.at))
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

// The tables of authcore/ratelimit's store tests, on Redis.
func TestRateLimitAlgorithm(t *testing.T) {
	rule := ratelimit.Rule{Window: 10 * time.Second, Max: 3}
	s := time.Second
	ms := time.Millisecond
	tests := map[string][]rateStep{
		// Spec 5.4 (obs): requests 1-3 pass, the 4th within the window is rejected.
		"fourth is denied": {
			{0, true, 0}, {1 * s, true, 0}, {2 * s, true, 0},
			{3 * s, false, 9 * s},
		},
		// Denied requests are not counted: the window still ends 10 s after the 3rd.
		"denied not counted": {
			{0, true, 0}, {0, true, 0}, {2 * s, true, 0},
			{5 * s, false, 7 * s}, {11*s + 999*ms, false, ms},
			{12 * s, true, 0},
			{12*s + 500*ms, true, 0}, {13 * s, true, 0},
			{13*s + 500*ms, false, 9*s + 500*ms},
		},
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
	for name, newStore := range rateStores(t) {
		for tname, steps := range tests {
			t.Run(name+"/"+tname, func(t *testing.T) {
				runRateSteps(t, newStore(t), "192.0.2.1|/sign-in/email", rule, steps)
			})
		}
	}
}

func TestRateLimitKeysAreIndependent(t *testing.T) {
	rule := ratelimit.Rule{Window: time.Minute, Max: 1}
	for name, newStore := range rateStores(t) {
		t.Run(name, func(t *testing.T) {
			pick := newStore(t)
			for _, key := range []string{"192.0.2.1|/a", "192.0.2.1|/b", "192.0.2.2|/a"} {
				runRateSteps(t, pick, key, rule, []rateStep{{0, true, 0}, {time.Second, false, 59 * time.Second}})
			}
		})
	}
}

func TestRateLimitEdgeRules(t *testing.T) {
	for name, newStore := range rateStores(t) {
		t.Run(name+"/zero window never limits", func(t *testing.T) {
			runRateSteps(t, newStore(t), "k", ratelimit.Rule{Window: 0, Max: 1},
				[]rateStep{{0, true, 0}, {0, true, 0}, {0, true, 0}})
		})
		t.Run(name+"/max zero", func(t *testing.T) {
			runRateSteps(t, newStore(t), "k", ratelimit.Rule{Window: time.Second, Max: 0},
				[]rateStep{{0, true, 0}, {0, false, time.Second}})
		})
		t.Run(name+"/clock behind last request", func(t *testing.T) {
			runRateSteps(t, newStore(t), "k", ratelimit.Rule{Window: 10 * time.Second, Max: 2},
				[]rateStep{{5 * time.Second, true, 0}, {4 * time.Second, true, 0}, {3 * time.Second, false, 11 * time.Second}})
		})
		t.Run(name+"/sub-millisecond window", func(t *testing.T) {
			runRateSteps(t, newStore(t), "k", ratelimit.Rule{Window: 1500 * time.Microsecond, Max: 1},
				[]rateStep{{0, true, 0}, {time.Millisecond, false, 500 * time.Microsecond}, {2 * time.Millisecond, true, 0}})
		})
	}
}

// Of 64 concurrent requests with room for 3, spread over two instances, exactly 3 pass.
func TestRateLimitConcurrent(t *testing.T) {
	rule := ratelimit.Rule{Window: 10 * time.Second, Max: 3}
	for name, newStore := range rateStores(t) {
		t.Run(name, func(t *testing.T) {
			pick := newStore(t)
			var (
				wg      sync.WaitGroup
				mu      sync.Mutex
				allowed int
				start   = make(chan struct{})
			)
			for i := range 64 {
				wg.Go(func() {
					<-start
					d, err := pick(i).Consume(context.Background(), "192.0.2.1|/sign-in/email", rule, at(time.Duration(i)*time.Millisecond))
					if err != nil {
						t.Error(err)
						return
					}
					if !d.Allowed && (d.RetryAfter <= 0 || d.RetryAfter > rule.Window+64*time.Millisecond) {
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
			if allowed != rule.Max {
				t.Fatalf("%d of 64 concurrent requests allowed, want exactly %d", allowed, rule.Max)
			}
		})
	}
}

// Random request sequences get the same decisions from Redis as from the memory store.
func TestRateLimitMatchesMemoryStore(t *testing.T) {
	c := newClient(t)
	r := authredis.NewRateLimitStore(c, authredis.WithKeyPrefix(testPrefix(t, c)))
	m := ratelimit.NewMemoryStore()
	rng := rand.New(rand.NewPCG(3, 4))
	rules := []ratelimit.Rule{{Window: time.Second, Max: 1}, {Window: 10 * time.Second, Max: 3}, {Window: 250 * time.Millisecond, Max: 5}, {Window: time.Minute, Max: 100}}
	now := t0
	denied := 0
	for i := range 2000 {
		now = now.Add(time.Duration(rng.IntN(400)) * time.Millisecond)
		// A key's path fixes its rule, as in the limiter (the memory store sweeps an
		// entry by the window it was written with).
		path := rng.IntN(len(rules))
		key := "192.0.2." + strconv.Itoa(rng.IntN(3)) + "|/p" + strconv.Itoa(path)
		rule := rules[path]
		want, _ := m.Consume(t.Context(), key, rule, now)
		got, err := r.Consume(t.Context(), key, rule, now)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("request %d (%s, %+v, t0+%v): redis %+v, memory %+v", i, key, rule, now.Sub(t0), got, want)
		}
		if !got.Allowed {
			denied++
		}
	}
	if denied < 200 || denied > 1800 {
		t.Errorf("%d of 2000 requests denied: the sequence tests too little", denied)
	}
}

// The record is Better Auth's, byte for byte as authcore's KVStore writes it, with a TTL
// of the window.
func TestRateLimitRecord(t *testing.T) {
	c := newClient(t)
	prefix := testPrefix(t, c)
	r := authredis.NewRateLimitStore(c, authredis.WithKeyPrefix(prefix))
	mem := memkv.New()
	ref := ratelimit.NewKVStore(mem, "")
	rule := ratelimit.Rule{Window: 60 * time.Second, Max: 3}
	key := "192.0.2.1|/request-password-reset"
	for i := range 2 {
		for _, s := range []ratelimit.Store{r, ref} {
			if d, err := s.Consume(t.Context(), key, rule, at(time.Duration(i)*time.Second)); err != nil || !d.Allowed {
				t.Fatalf("Consume: %+v, %v", d, err)
			}
		}
	}
	want, _, _ := mem.Get(t.Context(), key)
	got, err := c.Get(t.Context(), prefix+key).Result()
	if err != nil || got != want {
		t.Fatalf("record = %s, %v\n  want %s", got, err, want)
	}
	if want := `{"key":"192.0.2.1|/request-password-reset","count":2,"lastRequest":` + strconv.FormatInt(at(time.Second).UnixMilli(), 10) + `}`; got != want {
		t.Fatalf("record = %s, want %s", got, want)
	}
	if d := c.PTTL(t.Context(), prefix+key).Val(); d > rule.Window || d < rule.Window-5*time.Second {
		t.Errorf("ttl = %v, want the window (%v)", d, rule.Window)
	}
	if keys := keysUnder(t, c, prefix); len(keys) != 1 {
		t.Errorf("keys = %v, want only the record (no lock key)", keys)
	}
}

// A record Better Auth wrote is honoured; a value that is not a record counts as absent.
func TestRateLimitReadsUpstreamValues(t *testing.T) {
	c := newClient(t)
	prefix := testPrefix(t, c)
	r := authredis.NewRateLimitStore(c, authredis.WithKeyPrefix(prefix))
	rule := ratelimit.Rule{Window: 10 * time.Second, Max: 3}
	key := "192.0.2.1|/sign-in/email"
	last := at(-4 * time.Second).UnixMilli()
	set := func(v string) {
		t.Helper()
		if err := c.Set(t.Context(), prefix+key, v, time.Minute).Err(); err != nil {
			t.Fatal(err)
		}
	}
	set(`{"key":"192.0.2.1|/sign-in/email","count":3,"lastRequest":` + strconv.FormatInt(last, 10) + `}`)
	if d, err := r.Consume(t.Context(), key, rule, t0); err != nil || d != (ratelimit.Decision{RetryAfter: 6 * time.Second}) {
		t.Fatalf("upstream entry: %+v, %v", d, err)
	}
	for _, garbage := range []string{"", "null", "not json", `{"count":"x"}`, `[1,2]`, `{"count":3,"lastRequest":"x"}`, `{"count":3,"lastRequest":1e300}`} {
		set(garbage)
		if d, err := r.Consume(t.Context(), key, rule, t0); err != nil || !d.Allowed {
			t.Fatalf("value %q: %+v, %v", garbage, d, err)
		}
	}
}
