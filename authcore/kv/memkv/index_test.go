package memkv_test

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/kv"
	"github.com/goauth-dev/goauth/authcore/kv/memkv"
)

// indexEnv is a memkv store on a fake clock whose now is t0 + the clock's advance.
type indexEnv struct {
	t     *testing.T
	s     *memkv.Store
	clock *fakeClock
}

func newIndexEnv(t *testing.T) *indexEnv {
	clock := newFakeClock()
	return &indexEnv{t: t, s: memkv.New(memkv.WithClock(clock.Now)), clock: clock}
}

func (e *indexEnv) now() int64 { return e.clock.Now().UnixMilli() }

func (e *indexEnv) add(token string, expiresIn time.Duration) {
	e.t.Helper()
	if err := e.s.IndexAdd(e.t.Context(), "idx", token, e.now()+expiresIn.Milliseconds(), e.now()); err != nil {
		e.t.Fatalf("IndexAdd(%s): %v", token, err)
	}
}

func (e *indexEnv) remove(tokens ...string) {
	e.t.Helper()
	if err := e.s.IndexRemove(e.t.Context(), "idx", tokens, e.now()); err != nil {
		e.t.Fatalf("IndexRemove(%v): %v", tokens, err)
	}
}

// want checks the stored index against entries given as "token@offset-from-t0" and its ttl.
func (e *indexEnv) want(entries ...string) {
	e.t.Helper()
	got, ok, err := e.s.Get(e.t.Context(), "idx")
	if err != nil {
		e.t.Fatal(err)
	}
	if len(entries) == 0 {
		if ok {
			e.t.Errorf("index = %s, want it deleted", got)
		}
		return
	}
	t0 := newFakeClock().Now().UnixMilli()
	var parts []string
	var last int64
	for _, x := range entries {
		tok, off, _ := strings.Cut(x, "@")
		d, err := time.ParseDuration(off)
		if err != nil {
			e.t.Fatal(err)
		}
		last = t0 + d.Milliseconds()
		parts = append(parts, fmt.Sprintf(`{"token":%q,"expiresAt":%d}`, tok, last))
	}
	if want := "[" + strings.Join(parts, ",") + "]"; !ok || got != want {
		e.t.Errorf("index = %s, %v\n          want %s", got, ok, want)
	}
	ttl, _, _ := e.s.TTL(e.t.Context(), "idx")
	if want := time.Duration(last-e.now()) * time.Millisecond; ttl != want {
		e.t.Errorf("index ttl = %v, want %v (until the furthest expiry)", ttl, want)
	}
}

func TestIndexAddSortsAndReplaces(t *testing.T) {
	e := newIndexEnv(t)
	e.add("b", 2*time.Hour)
	e.add("a", time.Hour)
	e.add("c", 3*time.Hour)
	e.want("a@1h", "b@2h", "c@3h")
	// Re-adding a token moves it to its new expiry (a refreshed session).
	e.add("a", 4*time.Hour)
	e.want("b@2h", "c@3h", "a@4h")
	// Equal expiries keep their order (JavaScript's sort is stable).
	e.add("z", 5*time.Hour)
	e.add("y", 5*time.Hour)
	e.want("b@2h", "c@3h", "a@4h", "z@5h", "y@5h")
}

func TestIndexPrunesExpired(t *testing.T) {
	e := newIndexEnv(t)
	e.add("a", time.Minute)
	e.add("b", time.Hour)
	e.clock.Advance(time.Minute) // "a" expires exactly now: pruned (expiresAt > now is kept)
	e.add("c", 2*time.Hour)
	e.want("b@1h", "c@2h1m")
	// An already expired entry is not added, and an index left empty is deleted.
	e.clock.Advance(3 * time.Hour)
	e.add("d", -time.Second)
	e.want()
}

func TestIndexRemove(t *testing.T) {
	e := newIndexEnv(t)
	e.remove("x") // an absent index stays absent
	e.want()
	e.add("a", time.Hour)
	e.add("b", 2*time.Hour)
	e.add("c", 3*time.Hour)
	e.remove("b", "missing")
	e.want("a@1h", "c@3h")
	e.remove("c")
	e.want("a@1h") // the ttl shrinks to the new furthest expiry
	e.remove("a")
	e.want()
}

// Values written by Better Auth (or damaged) are read as its safeJSONParse reads them.
func TestIndexReadsForeignValues(t *testing.T) {
	t0 := newFakeClock().Now().UnixMilli()
	h := strconv.FormatInt(t0+time.Hour.Milliseconds(), 10)
	tests := map[string]string{
		"not json":       `{{{`,
		"object":         `{"token":"x","expiresAt":` + h + `}`,
		"null":           `null`,
		"bad items":      `[1,"s",null,{"token":5,"expiresAt":` + h + `},{"token":"t"},{"expiresAt":` + h + `}]`,
		"duplicates":     `[{"token":"d","expiresAt":` + h + `},{"token":"d","expiresAt":` + h + `}]`,
		"extra fields":   `[{"token":"d","expiresAt":` + h + `,"other":true}]`,
		"fractional ms":  `[{"token":"d","expiresAt":` + h + `.75}]`,
		"unsorted input": `[{"token":"d","expiresAt":` + h + `},{"token":"e","expiresAt":` + strconv.FormatInt(t0+1000, 10) + `}]`,
	}
	want := map[string][]string{
		"duplicates":     {"d@1h", "n@2h"},
		"extra fields":   {"d@1h", "n@2h"},
		"fractional ms":  {"d@1h", "n@2h"},
		"unsorted input": {"e@1s", "d@1h", "n@2h"},
	}
	for name, raw := range tests {
		t.Run(name, func(t *testing.T) {
			e := newIndexEnv(t)
			if err := e.s.Set(t.Context(), "idx", raw, 0); err != nil {
				t.Fatal(err)
			}
			e.add("n", 2*time.Hour)
			w, ok := want[name]
			if !ok {
				w = []string{"n@2h"}
			}
			e.want(w...)
		})
	}
}

func TestIndexEscapesLikeJSONStringify(t *testing.T) {
	e := newIndexEnv(t)
	tok := "q\"b\\s/é\x01\b\t\n\f\r\x1f<>&\u2028"
	e.add(tok, time.Hour)
	got, _, _ := e.s.Get(t.Context(), "idx")
	want := `[{"token":"q\"b\\s/é\u0001\b\t\n\f\r\u001f<>&` + "\u2028" + `","expiresAt":` +
		strconv.FormatInt(e.now()+time.Hour.Milliseconds(), 10) + `}]`
	if got != want {
		t.Errorf("index = %s\n want %s", got, want)
	}
	if l := kv.ParseIndex(got); len(l) != 1 || l[0].Token != tok {
		t.Errorf("ParseIndex round trip = %+v", l)
	}
}

// N instances adding and removing at once lose no update: the point of IndexStore.
func TestIndexConcurrentEdits(t *testing.T) {
	e := newIndexEnv(t)
	const n = 64
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			tok := "t" + strconv.Itoa(i)
			if err := e.s.IndexAdd(t.Context(), "idx", tok, e.now()+int64(i+1)*1000, e.now()); err != nil {
				t.Error(err)
			}
			if i%2 == 1 {
				if err := e.s.IndexRemove(t.Context(), "idx", []string{tok}, e.now()); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	raw, _, _ := e.s.Get(t.Context(), "idx")
	list := kv.ParseIndex(raw)
	if len(list) != n/2 {
		t.Fatalf("%d entries after %d adds and %d removes, want %d: %s", len(list), n, n/2, n/2, raw)
	}
	for i, en := range list {
		if en.Token != "t"+strconv.Itoa(2*i) {
			t.Fatalf("entry %d = %s, want t%d (sorted by expiry)", i, en.Token, 2*i)
		}
	}
}

func TestReplace(t *testing.T) {
	clock := newFakeClock()
	s := memkv.New(memkv.WithClock(clock.Now))
	ctx := t.Context()
	if ok, err := s.Replace(ctx, "k", "v", time.Hour); err != nil || ok {
		t.Fatalf("Replace of an absent key = %v, %v; want false", ok, err)
	}
	if _, ok, _ := s.Get(ctx, "k"); ok {
		t.Fatal("Replace created an absent key")
	}
	if err := s.Set(ctx, "k", "v1", time.Minute); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.Replace(ctx, "k", "v2", time.Hour); err != nil || !ok {
		t.Fatalf("Replace of a live key = %v, %v; want true", ok, err)
	}
	if ttl, _, _ := s.TTL(ctx, "k"); ttl != time.Hour {
		t.Errorf("ttl after Replace = %v, want 1h", ttl)
	}
	clock.Advance(time.Hour)
	if ok, _ := s.Replace(ctx, "k", "v3", time.Hour); ok {
		t.Error("Replace of an expired key = true")
	}
	if _, err := s.Replace(ctx, "k", "v", -time.Second); err == nil {
		t.Error("Replace with a negative ttl succeeded")
	}
}
