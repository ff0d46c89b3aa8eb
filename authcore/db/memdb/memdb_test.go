package memdb_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/db/dbtest"
	"github.com/goauth-dev/goauth/authcore/db/memdb"
	"github.com/goauth-dev/goauth/authcore/schema"
)

func TestConformance(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, s *schema.Schema) db.Adapter { return memdb.New(s) })
}

// testSchema is the core schema plus a table with the types dbtest leaves out.
func testSchema(t *testing.T) *schema.Schema {
	t.Helper()
	s := schema.Core()
	err := s.Add(schema.Table{Model: "thing", Fields: []schema.Field{
		{Name: "n", Type: schema.Number},
		{Name: "tags", Type: schema.StringArray},
		{Name: "nums", Type: schema.NumberArray},
		{Name: "meta", Type: schema.JSON},
		{Name: "when", Type: schema.Date},
		{Name: "ok", Type: schema.Boolean},
		{Name: "s", Type: schema.String},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

type label string

func TestNormalisesValues(t *testing.T) {
	d := memdb.New(testSchema(t))
	ctx := t.Context()
	tags := []string{"a", "b"}
	when := time.Date(2025, 1, 2, 3, 4, 5, 6_789_000, time.FixedZone("X", 3600))
	got, err := d.Create(ctx, "thing", db.Record{
		"id": 7, "n": int32(3), "tags": tags, "nums": []int{1, 2},
		"meta": map[string]int{"k": 1}, "when": when, "ok": true, "s": label("x"),
	})
	if err != nil {
		t.Fatal(err)
	}
	tags[0] = "changed"
	want := db.Record{
		"id": int64(7), "n": int64(3), "tags": []string{"a", "b"}, "nums": []any{1.0, 2.0},
		"meta": map[string]any{"k": 1.0}, "when": when.UTC().Truncate(time.Millisecond), "ok": true, "s": "x",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Create (-want +got):\n%s", diff)
	}
	if r, err := d.FindOne(ctx, "thing", []db.Where{db.EqWhere("id", int64(7)), db.EqWhere("n", 3.0)}); err != nil {
		t.Errorf("FindOne by normalised values: %v", err)
	} else if diff := cmp.Diff(want, r); diff != "" {
		t.Errorf("FindOne (-want +got):\n%s", diff)
	}
	got["tags"].([]string)[0] = "changed"
	got["meta"].(map[string]any)["k"] = "changed"
	r, _ := d.FindOne(ctx, "thing", nil)
	if diff := cmp.Diff(want, r); diff != "" {
		t.Errorf("stored row changed through a returned one (-want +got):\n%s", diff)
	}
}

func TestRejectsBadValues(t *testing.T) {
	d := memdb.New(testSchema(t))
	ctx := t.Context()
	for _, data := range []db.Record{
		{"n": 1},                          // no id
		{"id": "x", "n": "1"},             // string in a number field
		{"id": "x", "when": "2025-01-01"}, // string in a date field
		{"id": "x", "ok": 1},              // int in a boolean field
		{"id": "x", "s": 1},               // int in a string field
		{"id": "x", "tags": []any{1}},     // int in a string[] field
		{"id": "x", "meta": func() {}},    // not json
	} {
		if _, err := d.Create(ctx, "thing", data); err == nil {
			t.Errorf("Create(%v) succeeded", data)
		}
	}
	if n := d.Len("thing"); n != 0 {
		t.Errorf("Len = %d, want 0", n)
	}
}

func TestFirstMatchIsInsertionOrder(t *testing.T) {
	d := memdb.New(testSchema(t))
	ctx := t.Context()
	for i := range 5 {
		if _, err := d.Create(ctx, "thing", db.Record{"id": fmt.Sprint(i), "n": int64(i % 2)}); err != nil {
			t.Fatal(err)
		}
	}
	odd := []db.Where{db.EqWhere("n", int64(1))}
	if r, _ := d.Update(ctx, "thing", odd, db.Record{"s": "u"}); r["id"] != "1" {
		t.Errorf("Update changed %v, want 1", r["id"])
	}
	if r, _ := d.ConsumeOne(ctx, "thing", odd); r["id"] != "1" {
		t.Errorf("ConsumeOne took %v, want 1", r["id"])
	}
	if r, _ := d.IncrementOne(ctx, "thing", odd, "n", 1, nil); r["id"] != "3" {
		t.Errorf("IncrementOne changed %v, want 3", r["id"])
	}
	rows, _ := d.FindMany(ctx, "thing", db.Query{})
	var got []any
	for _, r := range rows {
		got = append(got, r["id"])
	}
	if diff := cmp.Diff([]any{"0", "2", "3", "4"}, got); diff != "" {
		t.Errorf("FindMany order (-want +got):\n%s", diff)
	}
}

func TestNotInWithNull(t *testing.T) {
	d := memdb.New(testSchema(t))
	ctx := t.Context()
	if _, err := d.Create(ctx, "thing", db.Record{"id": "a", "s": "x"}); err != nil {
		t.Fatal(err)
	}
	// SQL: 'x' NOT IN ('y', NULL) is NULL, so no row matches.
	n, err := d.Count(ctx, "thing", []db.Where{{Field: "s", Op: db.NotIn, Value: []any{"y", nil}}})
	if err != nil || n != 0 {
		t.Errorf("Count(s NOT IN (y, NULL)) = %d, %v; want 0", n, err)
	}
}

func TestBadQuery(t *testing.T) {
	d := memdb.New(testSchema(t))
	ctx := t.Context()
	for _, q := range []db.Query{
		{Where: []db.Where{{Field: "s", Op: "like", Value: "x"}}},
		{Where: []db.Where{{Field: "s", Value: "x", Connector: "XOR"}}},
		{Limit: -1},
		{Offset: -1},
	} {
		if _, err := d.FindMany(ctx, "thing", q); err == nil {
			t.Errorf("FindMany(%+v) succeeded", q)
		}
	}
	if _, err := d.Update(ctx, "thing", nil, db.Record{"id": nil}); err == nil || errors.Is(err, db.ErrNotFound) {
		t.Errorf("Update setting id to NULL = %v, want an error", err)
	}
	if _, err := d.IncrementOne(ctx, "thing", nil, "s", 1, nil); err == nil {
		t.Error("IncrementOne of a string field succeeded")
	}
	if _, err := d.IncrementOne(ctx, "thing", nil, "n", 1, db.Record{"n": int64(1)}); err == nil {
		t.Error("IncrementOne with a patch of the same field succeeded")
	}
}

func TestIncrementNullAndOverflow(t *testing.T) {
	d := memdb.New(testSchema(t))
	ctx := t.Context()
	if _, err := d.Create(ctx, "thing", db.Record{"id": "null"}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Create(ctx, "thing", db.Record{"id": "max", "n": int64(1<<63 - 1)}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"null", "max"} {
		if _, err := d.IncrementOne(ctx, "thing", []db.Where{db.EqWhere("id", id)}, "n", 1, nil); err == nil || errors.Is(err, db.ErrNotFound) {
			t.Errorf("IncrementOne(%s) = %v, want an error", id, err)
		}
	}
}

func TestTxActive(t *testing.T) {
	d := memdb.New(testSchema(t))
	err := d.Transaction(t.Context(), func(ctx context.Context, tx db.Adapter) error {
		if _, err := d.Create(ctx, "thing", db.Record{"id": "a"}); !errors.Is(err, memdb.ErrTxActive) {
			t.Errorf("outer Create with the transaction's ctx = %v, want ErrTxActive", err)
		}
		if err := d.Transaction(ctx, func(context.Context, db.Adapter) error { return nil }); !errors.Is(err, memdb.ErrTxActive) {
			t.Errorf("outer Transaction with the transaction's ctx = %v, want ErrTxActive", err)
		}
		if _, err := d.Count(ctx, "thing", nil); err != nil {
			t.Errorf("outer Count with the transaction's ctx: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestTxDone(t *testing.T) {
	d := memdb.New(testSchema(t))
	var kept db.Adapter
	_ = d.Transaction(t.Context(), func(_ context.Context, tx db.Adapter) error { kept = tx; return nil })
	ctx := t.Context()
	if _, err := kept.FindOne(ctx, "thing", nil); !errors.Is(err, memdb.ErrTxDone) {
		t.Errorf("FindOne = %v, want ErrTxDone", err)
	}
	if _, err := kept.Create(ctx, "thing", db.Record{"id": "a"}); !errors.Is(err, memdb.ErrTxDone) {
		t.Errorf("Create = %v, want ErrTxDone", err)
	}
	if err := kept.Transaction(ctx, func(context.Context, db.Adapter) error { return nil }); !errors.Is(err, memdb.ErrTxDone) {
		t.Errorf("Transaction = %v, want ErrTxDone", err)
	}
}

func TestTxCancelledBeforeCommit(t *testing.T) {
	d := memdb.New(testSchema(t))
	ctx, cancel := context.WithCancel(t.Context())
	err := d.Transaction(ctx, func(ctx context.Context, tx db.Adapter) error {
		if _, err := tx.Create(ctx, "thing", db.Record{"id": "a"}); err != nil {
			t.Errorf("Create: %v", err)
		}
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Transaction = %v, want context.Canceled", err)
	}
	if n := d.Len("thing"); n != 0 {
		t.Errorf("Len = %d, want 0 (rolled back)", n)
	}
}

func TestWritesWaitForTransaction(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := memdb.New(testSchema(t))
		done := make(chan error)
		err := d.Transaction(t.Context(), func(ctx context.Context, tx db.Adapter) error {
			if _, err := tx.Create(ctx, "thing", db.Record{"id": "a", "n": int64(1)}); err != nil {
				return err
			}
			go func() {
				_, err := d.Update(context.Background(), "thing", []db.Where{db.EqWhere("id", "a")}, db.Record{"n": int64(2)})
				done <- err
			}()
			synctest.Wait()
			select {
			case err := <-done:
				t.Errorf("outer Update did not wait for the transaction: %v", err)
			default:
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := <-done; err != nil {
			t.Errorf("outer Update after commit: %v", err)
		}
		if r, _ := d.FindOne(t.Context(), "thing", nil); r["n"] != int64(2) {
			t.Errorf("n = %v, want 2", r["n"])
		}
	})
}

func TestWaitHonoursContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := memdb.New(testSchema(t))
		_ = d.Transaction(t.Context(), func(ctx context.Context, tx db.Adapter) error {
			wctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			_, err := d.Create(wctx, "thing", db.Record{"id": "b"})
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("Create while a transaction is open = %v, want DeadlineExceeded", err)
			}
			return nil
		})
	})
}

func TestDumpAndLen(t *testing.T) {
	d := memdb.New(testSchema(t))
	ctx := t.Context()
	for _, id := range []string{"b", "a"} {
		if _, err := d.Create(ctx, "thing", db.Record{"id": id}); err != nil {
			t.Fatal(err)
		}
	}
	_ = d.Transaction(ctx, func(ctx context.Context, tx db.Adapter) error {
		if _, err := tx.Create(ctx, "thing", db.Record{"id": "c"}); err != nil {
			t.Fatal(err)
		}
		if n := tx.(*memdb.DB).Len("thing"); n != 3 {
			t.Errorf("tx Len = %d, want 3", n)
		}
		if n := d.Len("thing"); n != 2 {
			t.Errorf("outer Len during the transaction = %d, want 2", n)
		}
		return errors.New("roll back")
	})
	dump := d.Dump()
	if len(dump) != 1 || len(dump["thing"]) != 2 || dump["thing"][0]["id"] != "b" || dump["thing"][1]["id"] != "a" {
		t.Errorf("Dump = %v", dump)
	}
	if n := d.Len("nope"); n != 0 {
		t.Errorf("Len(nope) = %d", n)
	}
}
