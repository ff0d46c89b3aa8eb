package dbtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/schema"
)

// itemModel is the suite's own table, with a field of every storable type.
const itemModel = "testItem"

// Schema returns the schema Run passes to newAdapter: schema.Core() plus the suite's test
// table. Each call returns a new copy.
func Schema() *schema.Schema {
	s := schema.Core()
	err := s.Add(schema.Table{
		Model: itemModel,
		Name:  "dbtest_item",
		Order: 10,
		Fields: []schema.Field{
			{Name: "label", Column: "item_label", Type: schema.String, Required: true, Sortable: true},
			{Name: "code", Type: schema.String, Unique: true},
			{Name: "count", Type: schema.Number},
			{Name: "big", Type: schema.Number, BigInt: true},
			{Name: "flag", Type: schema.Boolean},
			{Name: "at", Type: schema.Date},
			{Name: "note", Type: schema.String},
			{Name: "meta", Type: schema.JSON},
		},
	})
	if err != nil {
		panic(err) // a new model cannot clash
	}
	return s
}

// Run runs the conformance suite. newAdapter is called at the start of every subtest and
// must return an adapter over empty, migrated tables for s.
func Run(t *testing.T, newAdapter func(t *testing.T, s *schema.Schema) db.Adapter) {
	t.Helper()
	groups := []struct {
		name  string
		tests []test
	}{
		{"Create", createTests},
		{"Types", typeTests},
		{"FindOne", findOneTests},
		{"FindWithRef", refTests},
		{"Where", whereTests()},
		{"FindMany", findManyTests},
		{"Count", countTests},
		{"Update", updateTests},
		{"UpdateMany", updateManyTests},
		{"Delete", deleteTests},
		{"ConsumeOne", consumeTests},
		{"IncrementOne", incrementTests},
		{"Transaction", txTests},
		{"Context", contextTests},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, tc := range g.tests {
				t.Run(tc.name, func(t *testing.T) {
					s := Schema()
					h := &harness{t: t, a: newAdapter(t, s), s: s}
					tc.fn(h)
				})
			}
		})
	}
}

// test is one subtest.
type test struct {
	name string
	fn   func(h *harness)
}

// harness wraps an adapter with helpers that fail the test and check every row read
// against the read contract.
type harness struct {
	t *testing.T
	a db.Adapter
	s *schema.Schema
}

// t0 is the suite's reference time, at millisecond precision.
var t0 = time.Date(2025, 3, 4, 5, 6, 7, 8_000_000, time.UTC)

// user returns a complete user row.
func user(id, email string) db.Record {
	return db.Record{
		"id": id, "name": "User " + id, "email": email, "emailVerified": false,
		"image": nil, "createdAt": t0, "updatedAt": t0,
	}
}

// verification returns a complete verification row.
func verification(id, identifier string, expiresAt time.Time) db.Record {
	return db.Record{
		"id": id, "identifier": identifier, "value": "value-" + id,
		"expiresAt": expiresAt, "createdAt": t0, "updatedAt": t0,
	}
}

// item returns a test item row.
func item(id, label string, code any, count int64, big any, flag bool, at any, note any) db.Record {
	return db.Record{
		"id": id, "label": label, "code": code, "count": count, "big": big,
		"flag": flag, "at": at, "note": note, "meta": nil,
	}
}

// fixture creates the five items the operator tests query.
//
//	id  label    code   count big      flag  at      note
//	i1  alpha    A-1    1     1<<40    true  t0      hello world
//	i2  bravo    B_2    2     -(1<<40) false t0+1h   NULL
//	i3  charlie  NULL   3     0        true  t0+2h   Hello There
//	i4  delta    d%4    4     1<<50    false NULL    world
//	i5  echo     E.5    5     NULL     true  t0+4h   50% off \o/
func (h *harness) fixture() {
	h.t.Helper()
	for _, r := range []db.Record{
		item("i1", "alpha", "A-1", 1, int64(1<<40), true, t0, "hello world"),
		item("i2", "bravo", "B_2", 2, int64(-(1 << 40)), false, t0.Add(time.Hour), nil),
		item("i3", "charlie", nil, 3, int64(0), true, t0.Add(2*time.Hour), "Hello There"),
		item("i4", "delta", "d%4", 4, int64(1<<50), false, nil, "world"),
		item("i5", "echo", "E.5", 5, nil, true, t0.Add(4*time.Hour), `50% off \o/`),
	} {
		h.create(itemModel, r)
	}
}

func (h *harness) create(model string, data db.Record) db.Record {
	h.t.Helper()
	got, err := h.a.Create(h.t.Context(), model, data)
	if err != nil {
		h.t.Fatalf("Create(%s, %v): %v", model, data["id"], err)
	}
	h.check(model, got)
	return got
}

func (h *harness) findOne(model string, where ...db.Where) db.Record {
	h.t.Helper()
	got, err := h.a.FindOne(h.t.Context(), model, where)
	if err != nil {
		h.t.Fatalf("FindOne(%s, %v): %v", model, where, err)
	}
	h.check(model, got)
	return got
}

// get returns the row with the id, or nil when there is none.
func (h *harness) get(model, id string) db.Record {
	h.t.Helper()
	got, err := h.a.FindOne(h.t.Context(), model, []db.Where{db.EqWhere("id", id)})
	if errors.Is(err, db.ErrNotFound) {
		return nil
	}
	if err != nil {
		h.t.Fatalf("FindOne(%s, id=%s): %v", model, id, err)
	}
	h.check(model, got)
	return got
}

func (h *harness) findMany(model string, q db.Query) []db.Record {
	h.t.Helper()
	got, err := h.a.FindMany(h.t.Context(), model, q)
	if err != nil {
		h.t.Fatalf("FindMany(%s, %+v): %v", model, q, err)
	}
	for _, r := range got {
		h.check(model, r)
	}
	return got
}

func (h *harness) count(model string, where ...db.Where) int64 {
	h.t.Helper()
	n, err := h.a.Count(h.t.Context(), model, where)
	if err != nil {
		h.t.Fatalf("Count(%s, %v): %v", model, where, err)
	}
	return n
}

// ids returns every id of model, sorted.
func (h *harness) ids(model string) []string {
	h.t.Helper()
	return ids(h.findMany(model, db.Query{Limit: 1000}))
}

// ids returns the ids of rows, sorted.
func ids(rows []db.Record) []string {
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, fmt.Sprint(r["id"]))
	}
	slices.Sort(out)
	return out
}

// orderedIDs returns the ids of rows in order.
func orderedIDs(rows []db.Record) []string {
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, fmt.Sprint(r["id"]))
	}
	return out
}

// check reports where a row read back breaks the read contract.
func (h *harness) check(model string, r db.Record) {
	h.t.Helper()
	tbl, ok := h.s.Table(model)
	if !ok {
		h.t.Fatalf("check: no model %q", model)
	}
	want := map[string]schema.FieldType{"id": schema.String}
	for _, f := range tbl.Fields {
		want[f.Name] = f.Type
	}
	for k := range r {
		if _, ok := want[k]; !ok {
			h.t.Errorf("%s row %v: unexpected key %q", model, r["id"], k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(want)) {
		v, present := r[k]
		if !present {
			h.t.Errorf("%s row %v: key %q missing (a NULL column must be present with a nil value)", model, r["id"], k)
			continue
		}
		if v == nil {
			continue
		}
		switch want[k] {
		case schema.String:
			if _, ok := v.(string); !ok {
				h.t.Errorf("%s.%s = %#v (%T), want a string", model, k, v, v)
			}
		case schema.Number:
			if _, ok := v.(int64); !ok {
				h.t.Errorf("%s.%s = %#v (%T), want an int64", model, k, v, v)
			}
		case schema.Boolean:
			if _, ok := v.(bool); !ok {
				h.t.Errorf("%s.%s = %#v (%T), want a bool", model, k, v, v)
			}
		case schema.Date:
			tm, ok := v.(time.Time)
			switch {
			case !ok:
				h.t.Errorf("%s.%s = %#v (%T), want a time.Time", model, k, v, v)
			case tm.Location() != time.UTC:
				h.t.Errorf("%s.%s = %v: location %v, want UTC", model, k, tm, tm.Location())
			case tm.Nanosecond()%int(time.Millisecond) != 0:
				h.t.Errorf("%s.%s = %v: finer than a millisecond", model, k, tm)
			}
		case schema.JSON:
			if _, ok := v.(string); ok {
				h.t.Errorf("%s.%s = %#v: a json field must be decoded, not returned as text", model, k, v)
			}
		}
	}
}

// expect returns the row a read must return after data was written to model: every
// field present, dates in UTC at millisecond precision, json as decoded.
func (h *harness) expect(model string, data db.Record) db.Record {
	h.t.Helper()
	tbl, _ := h.s.Table(model)
	out := db.Record{"id": data["id"]}
	for _, f := range tbl.Fields {
		v := data[f.Name]
		switch x := v.(type) {
		case time.Time:
			v = x.UTC().Truncate(time.Millisecond)
		}
		if f.Type == schema.JSON && v != nil {
			v = jsonValue(h.t, v)
		}
		out[f.Name] = v
	}
	return out
}

// jsonValue returns v as encoding/json decodes it.
func jsonValue(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json: %v", err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("json: %v", err)
	}
	return out
}

// same fails the test when got is not the row data describes.
func (h *harness) same(what string, got db.Record, model string, data db.Record) {
	h.t.Helper()
	if diff := cmp.Diff(h.expect(model, data), got); diff != "" {
		h.t.Errorf("%s: row mismatch (-want +got):\n%s", what, diff)
	}
}

// wantErr fails the test unless errors.Is(err, target).
func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: error %v, want %v", what, err, target)
	}
}

// with returns a copy of r with the fields of patch set.
func with(r, patch db.Record) db.Record {
	out := maps.Clone(r)
	maps.Copy(out, patch)
	return out
}
