package authredis_test

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/kv/memkv"
	"github.com/goauth-dev/goauth/authcore/ratelimit"
	"github.com/goauth-dev/goauth/authcore/ratelimit/ratelimittest"
	"github.com/goauth-dev/goauth/authredis"
)

// t0 is a whole millisecond: the Redis store keeps milliseconds.
var (
	t0 = ratelimittest.T0
	at = ratelimittest.At
)

// rateStores returns a constructor per store the shared tests run on: the Redis store
// alone, two Redis stores (two instances) taking turns on one prefix, and authcore's
// memory store, the reference the others must agree with.
func rateStores(t *testing.T) map[string]func(t *testing.T) ratelimittest.Pick {
	c := newClient(t)
	return map[string]func(t *testing.T) ratelimittest.Pick{
		"redis": func(t *testing.T) ratelimittest.Pick {
			s := authredis.NewRateLimitStore(c, authredis.WithKeyPrefix(testPrefix(t, c)))
			return func(int) ratelimit.Store { return s }
		},
		"redis-two-instances": func(t *testing.T) ratelimittest.Pick {
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
		"memory": func(*testing.T) ratelimittest.Pick {
			s := ratelimit.NewMemoryStore()
			return func(int) ratelimit.Store { return s }
		},
	}
}

// The Store conformance suite (ratelimittest) on Redis, alone and as two instances on one
// prefix, beside authcore's memory store: the concurrent group sends 64 requests with room
// for 3, spread over both instances, and exactly 3 pass.
func TestRateLimitStores(t *testing.T) {
	for name, newStore := range rateStores(t) {
		t.Run(name, func(t *testing.T) { ratelimittest.Run(t, newStore) })
	}
}

// A window finer than the millisecond the stored values keep.
func TestRateLimitSubMillisecondWindow(t *testing.T) {
	for name, newStore := range rateStores(t) {
		t.Run(name, func(t *testing.T) {
			ratelimittest.RunSteps(t, newStore(t), "k", ratelimit.Rule{Window: 1500 * time.Microsecond, Max: 1},
				[]ratelimittest.Step{
					{At: 0, Allow: true}, {At: time.Millisecond, Retry: 500 * time.Microsecond}, {At: 2 * time.Millisecond, Allow: true},
				})
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
