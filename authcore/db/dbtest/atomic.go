package dbtest

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/goauth-dev/goauth/authcore/db"
)

// racers is how many goroutines the race tests start.
const racers = 32

// race runs fn in n goroutines released together and waits for them.
func race(n int, fn func(i int)) {
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			fn(i)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
}

var consumeTests = []test{
	{"ReturnsAndDeletes", func(h *harness) {
		v := verification("v1", "reset-password:abc", t0)
		h.create("verification", v)
		h.create("verification", verification("v2", "other", t0))
		got, err := h.a.ConsumeOne(h.t.Context(), "verification", []db.Where{db.EqWhere("identifier", "reset-password:abc")})
		if err != nil {
			h.t.Fatalf("ConsumeOne: %v", err)
		}
		h.check("verification", got)
		h.same("ConsumeOne", got, "verification", v)
		if h.get("verification", "v1") != nil {
			h.t.Error("consumed row still there")
		}
		_, err = h.a.ConsumeOne(h.t.Context(), "verification", []db.Where{db.EqWhere("identifier", "reset-password:abc")})
		wantErr(h.t, "second ConsumeOne", err, db.ErrNotFound)
		if got := h.ids("verification"); len(got) != 1 || got[0] != "v2" {
			h.t.Errorf("left %v, want [v2]", got)
		}
	}},
	{"NotFound", func(h *harness) {
		h.create("verification", verification("v1", "a", t0))
		got, err := h.a.ConsumeOne(h.t.Context(), "verification", []db.Where{db.EqWhere("identifier", "b")})
		wantErr(h.t, "ConsumeOne without matches", err, db.ErrNotFound)
		if got != nil {
			h.t.Errorf("ConsumeOne without matches returned %v", got)
		}
		if n := h.count("verification"); n != 1 {
			h.t.Errorf("Count = %d, want 1", n)
		}
	}},
	{"OneOfMany", func(h *harness) {
		h.create("verification", verification("v1", "same", t0))
		h.create("verification", verification("v2", "same", t0))
		got, err := h.a.ConsumeOne(h.t.Context(), "verification", []db.Where{db.EqWhere("identifier", "same")})
		if err != nil {
			h.t.Fatalf("ConsumeOne: %v", err)
		}
		left := h.ids("verification")
		if len(left) != 1 || left[0] == got["id"] {
			h.t.Errorf("ConsumeOne took %v and left %v; want exactly that row gone", got["id"], left)
		}
	}},
	{"UnknownModel", func(h *harness) {
		_, err := h.a.ConsumeOne(h.t.Context(), "nope", []db.Where{db.EqWhere("id", "x")})
		wantErr(h.t, "ConsumeOne(nope)", err, db.ErrUnknownModel)
	}},
	{"Race", func(h *harness) {
		h.create("verification", verification("v1", "otp:ann", t0))
		var mu sync.Mutex
		wins := 0
		race(racers, func(int) {
			got, err := h.a.ConsumeOne(h.t.Context(), "verification", []db.Where{db.EqWhere("identifier", "otp:ann")})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil && got["id"] == "v1":
				wins++
			case errors.Is(err, db.ErrNotFound):
			default:
				h.t.Errorf("ConsumeOne = %v, %v; want the row or ErrNotFound", got, err)
			}
		})
		if wins != 1 {
			h.t.Errorf("%d of %d racing ConsumeOne calls got the row, want exactly 1", wins, racers)
		}
		if n := h.count("verification"); n != 0 {
			h.t.Errorf("Count = %d after the race, want 0", n)
		}
	}},
}

var incrementTests = []test{
	{"AddsDelta", func(h *harness) {
		h.fixture()
		where := []db.Where{db.EqWhere("id", "i3")}
		for _, c := range []struct{ delta, want int64 }{{1, 4}, {5, 9}, {-10, -1}, {0, -1}} {
			got, err := h.a.IncrementOne(h.t.Context(), itemModel, where, "count", c.delta, nil)
			if err != nil {
				h.t.Fatalf("IncrementOne(%d): %v", c.delta, err)
			}
			h.check(itemModel, got)
			if got["count"] != c.want {
				h.t.Errorf("IncrementOne(%d) returned count %v, want %d", c.delta, got["count"], c.want)
			}
		}
		if got := h.get(itemModel, "i3")["count"]; got != int64(-1) {
			h.t.Errorf("stored count = %v, want -1", got)
		}
		if got := h.get(itemModel, "i2")["count"]; got != int64(2) {
			h.t.Errorf("another row's count = %v, want 2", got)
		}
	}},
	{"BigNumber", func(h *harness) {
		h.fixture()
		got, err := h.a.IncrementOne(h.t.Context(), itemModel, []db.Where{db.EqWhere("id", "i4")}, "big", 1, nil)
		if err != nil || got["big"] != int64(1<<50+1) {
			h.t.Errorf("IncrementOne(big) = %v, %v; want %d", got["big"], err, int64(1<<50+1))
		}
	}},
	{"AppliesPatch", func(h *harness) {
		h.fixture()
		before := h.get(itemModel, "i1")
		at := t0.Add(time.Minute + 123456789)
		patch := db.Record{"at": at, "note": "seen"}
		got, err := h.a.IncrementOne(h.t.Context(), itemModel, []db.Where{db.EqWhere("code", "A-1")}, "count", 2, patch)
		if err != nil {
			h.t.Fatalf("IncrementOne: %v", err)
		}
		want := with(before, db.Record{"count": int64(3), "at": at, "note": "seen"})
		h.same("IncrementOne", got, itemModel, want)
		h.same("FindOne", h.get(itemModel, "i1"), itemModel, want)
	}},
	{"NotFound", func(h *harness) {
		h.fixture()
		before := h.snapshot(itemModel)
		got, err := h.a.IncrementOne(h.t.Context(), itemModel, []db.Where{db.EqWhere("id", "nope")}, "count", 1, db.Record{"note": "x"})
		wantErr(h.t, "IncrementOne without matches", err, db.ErrNotFound)
		if got != nil {
			h.t.Errorf("IncrementOne without matches returned %v", got)
		}
		h.unchanged("IncrementOne without matches", itemModel, before)
	}},
	{"UnknownField", func(h *harness) {
		h.fixture()
		before := h.snapshot(itemModel)
		_, err := h.a.IncrementOne(h.t.Context(), itemModel, []db.Where{db.EqWhere("id", "i1")}, "nope", 1, nil)
		wantErr(h.t, "IncrementOne(nope)", err, db.ErrUnknownModel)
		_, err = h.a.IncrementOne(h.t.Context(), itemModel, []db.Where{db.EqWhere("id", "i1")}, "count", 1, db.Record{"nope": 1})
		wantErr(h.t, "IncrementOne with an unknown patch field", err, db.ErrUnknownModel)
		_, err = h.a.IncrementOne(h.t.Context(), "nope", nil, "count", 1, nil)
		wantErr(h.t, "IncrementOne on an unknown model", err, db.ErrUnknownModel)
		h.unchanged("a failed IncrementOne", itemModel, before)
	}},
	{"RaceWithReaders", readersAndWriters},
	{"Race", func(h *harness) {
		h.create(itemModel, item("c", "counter", nil, 0, nil, false, nil, nil))
		var mu sync.Mutex
		var seen []int64
		race(racers, func(int) {
			got, err := h.a.IncrementOne(h.t.Context(), itemModel, []db.Where{db.EqWhere("id", "c")}, "count", 1, nil)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				h.t.Errorf("IncrementOne: %v", err)
				return
			}
			n, _ := got["count"].(int64)
			seen = append(seen, n)
		})
		if got := h.get(itemModel, "c")["count"]; got != int64(racers) {
			h.t.Errorf("count = %v after %d racing increments, want %d", got, racers, racers)
		}
		slices.Sort(seen)
		for i, n := range seen {
			if n != int64(i+1) {
				h.t.Errorf("racing IncrementOne calls returned %v, want each of 1..%d once", seen, racers)
				break
			}
		}
	}},
}

// readersAndWriters races increments with reads of the same row: reads never fail and
// see a count between 0 and the number of increments.
func readersAndWriters(h *harness) {
	h.create(itemModel, item("c", "counter", nil, 0, nil, false, nil, nil))
	byID := []db.Where{db.EqWhere("id", "c")}
	race(2*racers, func(i int) {
		ctx := h.t.Context()
		if i%2 == 0 {
			if _, err := h.a.IncrementOne(ctx, itemModel, byID, "count", 1, db.Record{"note": "n"}); err != nil {
				h.t.Errorf("IncrementOne: %v", err)
			}
			return
		}
		r, err := h.a.FindOne(ctx, itemModel, byID)
		if err != nil {
			h.t.Errorf("FindOne: %v", err)
			return
		}
		if n, _ := r["count"].(int64); n < 0 || n > racers {
			h.t.Errorf("FindOne read count %v", r["count"])
		}
		if _, err := h.a.FindMany(ctx, itemModel, db.Query{Where: []db.Where{db.EqWhere("label", "counter")}}); err != nil {
			h.t.Errorf("FindMany: %v", err)
		}
		if n, err := h.a.Count(ctx, itemModel, nil); err != nil || n != 1 {
			h.t.Errorf("Count = %d, %v; want 1", n, err)
		}
	})
	if got := h.get(itemModel, "c")["count"]; got != int64(racers) {
		h.t.Errorf("count = %v, want %d", got, racers)
	}
}

var contextTests = []test{
	{"Cancelled", func(h *harness) {
		h.create("user", user("u1", "ann@example.com"))
		ctx, cancel := context.WithCancel(h.t.Context())
		cancel()
		_, err := h.a.FindOne(ctx, "user", []db.Where{db.EqWhere("id", "u1")})
		wantErr(h.t, "FindOne with a cancelled context", err, context.Canceled)
		_, err = h.a.FindMany(ctx, "user", db.Query{})
		wantErr(h.t, "FindMany with a cancelled context", err, context.Canceled)
		_, err = h.a.Create(ctx, "user", user("u2", "bob@example.com"))
		if err == nil {
			h.t.Error("Create with a cancelled context succeeded")
		}
		err = h.a.Transaction(ctx, func(context.Context, db.Adapter) error { return nil })
		if err == nil {
			h.t.Error("Transaction with a cancelled context succeeded")
		}
		if got := h.ids("user"); len(got) != 1 {
			h.t.Errorf("users = %v, want [u1]", got)
		}
	}},
}
