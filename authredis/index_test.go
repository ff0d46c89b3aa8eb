package authredis_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/kv"
	"github.com/goauth-dev/goauth/authcore/kv/memkv"
	"github.com/goauth-dev/goauth/authredis"
)

// indexPair runs the same index edits on Redis and on memkv, the reference. memkv's clock
// stands still, so only the now passed to the edits ages entries, in both.
type indexPair struct {
	t     *testing.T
	redis *authredis.Store
	ttl   func(ctx context.Context, key string) (time.Duration, bool, error)
	mem   *memkv.Store
	now   int64
}

func newIndexPair(t *testing.T) *indexPair {
	c := newClient(t)
	prefix := testPrefix(t, c)
	frozen := time.UnixMilli(1_700_000_000_000)
	return &indexPair{
		t: t, redis: authredis.New(c, authredis.WithKeyPrefix(prefix)), ttl: pttl(c, prefix),
		mem: memkv.New(memkv.WithClock(func() time.Time { return frozen })),
		now: 1_767_000_000_000,
	}
}

func (p *indexPair) both(name string, fn func(s kv.IndexStore) error) {
	p.t.Helper()
	if err := fn(p.redis); err != nil {
		p.t.Fatalf("%s on Redis: %v", name, err)
	}
	if err := fn(p.mem); err != nil {
		p.t.Fatalf("%s on memkv: %v", name, err)
	}
}

// same fails unless both stores hold the same bytes under key, with the same ttl (Redis's
// counts down in real time, so it may be slightly less).
func (p *indexPair) same(step string) (present bool) {
	p.t.Helper()
	ctx := p.t.Context()
	rv, rok, err := p.redis.Get(ctx, "idx")
	if err != nil {
		p.t.Fatal(err)
	}
	mv, mok, _ := p.mem.Get(ctx, "idx")
	if rv != mv || rok != mok {
		p.t.Fatalf("%s:\nredis %v %s\nmemkv %v %s", step, rok, rv, mok, mv)
	}
	if !mok {
		return false
	}
	rt, _, err := p.ttl(ctx, "idx")
	if err != nil {
		p.t.Fatal(err)
	}
	mt, _, _ := p.mem.TTL(ctx, "idx")
	if rt > mt || rt < mt-2*time.Second {
		p.t.Fatalf("%s: ttl on Redis %v, on memkv %v", step, rt, mt)
	}
	return true
}

// TestIndexMatchesReference drives random adds, removes, expiries and foreign values
// through the Lua script and memkv's implementation of kv.IndexStore, comparing the
// stored bytes after every step.
func TestIndexMatchesReference(t *testing.T) {
	p := newIndexPair(t)
	rng := rand.New(rand.NewPCG(1, 2))
	names := []string{"a", "b", "c", "d", "e", "f", "tok/with/slash", `q"uote`, "back\\slash", "ctl\x01\n\t", "ünï"}
	foreign := []string{
		`not json`, `{"token":"a","expiresAt":1}`, `null`, `[]`, `[1,"x",null,{"token":3,"expiresAt":5},{"token":"t"}]`,
		`[{"token":"huge","expiresAt":1e300},{"token":"big","expiresAt":8640000000000001},{"token":"neg","expiresAt":-1e300}]`,
	}
	ctx := t.Context()
	present := 0
	for i := range 400 {
		step := ""
		switch r := rng.IntN(20); {
		case r < 11:
			tok := names[rng.IntN(len(names))]
			exp := p.now + rng.Int64N(60_000) - 5_000
			step = fmt.Sprintf("%d: add %q at now%+d", i, tok, exp-p.now)
			p.both(step, func(s kv.IndexStore) error { return s.IndexAdd(ctx, "idx", tok, exp, p.now) })
		case r < 17:
			toks := []string{names[rng.IntN(len(names))], names[rng.IntN(len(names))]}
			step = fmt.Sprintf("%d: remove %q", i, toks)
			p.both(step, func(s kv.IndexStore) error { return s.IndexRemove(ctx, "idx", toks, p.now) })
		case r < 19:
			d := rng.Int64N(10_000)
			p.now += d
			step = fmt.Sprintf("%d: now += %dms", i, d)
		default:
			// A value written by someone else: Better Auth, or damage. Entries of a
			// well-formed array are made live, in the future of now.
			v := foreign[rng.IntN(len(foreign))]
			if rng.IntN(2) == 0 {
				v = fmt.Sprintf(`[{"token":"x","expiresAt":%d},{"token":"a","expiresAt":%d.5,"extra":[1]},{"token":"x","expiresAt":%d}]`,
					p.now+50_000, p.now+20_000, p.now+10_000)
			}
			step = fmt.Sprintf("%d: foreign value %s", i, v)
			p.both(step, func(s kv.IndexStore) error { return s.(kv.Store).Set(ctx, "idx", v, time.Minute) })
		}
		if p.same(step) {
			present++
		}
	}
	if present < 200 {
		t.Errorf("the index existed after only %d of 400 steps: the sequence tests too little", present)
	}
}

// Entries written by Better Auth, with its layout, are kept and re-sorted.
func TestIndexReadsBetterAuthLayout(t *testing.T) {
	p := newIndexPair(t)
	ctx := t.Context()
	// Better Auth's createSession after two sign-ins (JSON.stringify of the sorted list).
	v := fmt.Sprintf(`[{"token":"early","expiresAt":%d},{"token":"late","expiresAt":%d}]`, p.now+1000, p.now+9000)
	p.both("set", func(s kv.IndexStore) error { return s.(kv.Store).Set(ctx, "idx", v, 9*time.Second) })
	p.both("add", func(s kv.IndexStore) error { return s.IndexAdd(ctx, "idx", "mid", p.now+5000, p.now) })
	want := fmt.Sprintf(`[{"token":"early","expiresAt":%d},{"token":"mid","expiresAt":%d},{"token":"late","expiresAt":%d}]`,
		p.now+1000, p.now+5000, p.now+9000)
	if got, _, _ := p.redis.Get(ctx, "idx"); got != want {
		t.Fatalf("index = %s\n want %s", got, want)
	}
	p.same("after add")
}

// Instances editing one user's index at the same time lose nothing: each edit is one
// script. (A get-then-set, as Better Auth does, loses most of these.)
func TestIndexConcurrentAcrossInstances(t *testing.T) {
	c := newClient(t)
	prefix := testPrefix(t, c)
	a := authredis.New(c, authredis.WithKeyPrefix(prefix))
	b := authredis.New(newClient(t), authredis.WithKeyPrefix(prefix))
	ctx := t.Context()
	now := time.Now().UnixMilli()
	const n = 64
	var wg sync.WaitGroup
	for i := range n {
		s := a
		if i%2 == 1 {
			s = b
		}
		wg.Go(func() {
			tok := "t" + strconv.Itoa(i)
			if err := s.IndexAdd(ctx, "idx", tok, now+int64(i+1)*1000, now); err != nil {
				t.Error(err)
			}
			if i%4 == 3 {
				if err := s.IndexRemove(ctx, "idx", []string{tok}, now); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	raw, _, err := a.Get(ctx, "idx")
	if err != nil {
		t.Fatal(err)
	}
	list := kv.ParseIndex(raw)
	if len(list) != n-n/4 {
		t.Fatalf("%d entries after %d adds and %d removes: %s", len(list), n, n/4, raw)
	}
	for i := 1; i < len(list); i++ {
		if list[i-1].ExpiresAt >= list[i].ExpiresAt {
			t.Fatalf("index not sorted: %s", raw)
		}
	}
}

func TestIndexRemoveLeavesAbsentIndexAbsent(t *testing.T) {
	c := newClient(t)
	prefix := testPrefix(t, c)
	s := authredis.New(c, authredis.WithKeyPrefix(prefix))
	if err := s.IndexRemove(t.Context(), "idx", []string{"a"}, time.Now().UnixMilli()); err != nil {
		t.Fatal(err)
	}
	if n := c.Exists(t.Context(), prefix+"idx").Val(); n != 0 {
		t.Fatal("IndexRemove created the index")
	}
}

func TestReplace(t *testing.T) {
	c := newClient(t)
	prefix := testPrefix(t, c)
	s := authredis.New(c, authredis.WithKeyPrefix(prefix))
	ctx := t.Context()
	if ok, err := s.Replace(ctx, "k", "v", time.Hour); err != nil || ok {
		t.Fatalf("Replace of an absent key = %v, %v", ok, err)
	}
	if n := c.Exists(ctx, prefix+"k").Val(); n != 0 {
		t.Fatal("Replace created the key")
	}
	if err := s.Set(ctx, "k", "v1", time.Minute); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.Replace(ctx, "k", "v2", 1500*time.Millisecond); err != nil || !ok {
		t.Fatalf("Replace of a present key = %v, %v", ok, err)
	}
	if v, _, _ := s.Get(ctx, "k"); v != "v2" {
		t.Errorf("value after Replace = %q", v)
	}
	if d := c.PTTL(ctx, prefix+"k").Val(); d > 1500*time.Millisecond || d < time.Second {
		t.Errorf("ttl after Replace = %v, want about 1.5s", d)
	}
}
