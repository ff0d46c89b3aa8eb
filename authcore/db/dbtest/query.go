package dbtest

import (
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/goauth-dev/goauth/authcore/db"
)

// whereCase is one where clause over the fixture and the ids it selects.
type whereCase struct {
	name  string
	where []db.Where
	want  []string
}

func w(field string, op db.Op, value any) db.Where {
	return db.Where{Field: field, Op: op, Value: value}
}

func wi(field string, op db.Op, value any) db.Where {
	return db.Where{Field: field, Op: op, Value: value, Insensitive: true}
}

func or(x db.Where) db.Where { x.Connector = db.Or; return x }

var whereCases = []whereCase{
	{"Eq/String", []db.Where{w("label", db.Eq, "bravo")}, []string{"i2"}},
	{"Eq/ZeroOpIsEq", []db.Where{{Field: "label", Value: "bravo"}}, []string{"i2"}},
	{"Eq/CaseSensitive", []db.Where{w("label", db.Eq, "BRAVO")}, nil},
	{"Eq/Insensitive", []db.Where{wi("label", db.Eq, "BRAVO")}, []string{"i2"}},
	{"Eq/Number", []db.Where{w("count", db.Eq, int64(3))}, []string{"i3"}},
	{"Eq/BigNumber", []db.Where{w("big", db.Eq, int64(1<<50))}, []string{"i4"}},
	{"Eq/NegativeNumber", []db.Where{w("big", db.Eq, int64(-(1 << 40)))}, []string{"i2"}},
	{"Eq/True", []db.Where{w("flag", db.Eq, true)}, []string{"i1", "i3", "i5"}},
	{"Eq/False", []db.Where{w("flag", db.Eq, false)}, []string{"i2", "i4"}},
	{"Eq/Date", []db.Where{w("at", db.Eq, t0.Add(time.Hour))}, []string{"i2"}},
	{"Eq/DateOtherZone", []db.Where{w("at", db.Eq, t0.Add(time.Hour).In(time.FixedZone("X", -7*3600)))}, []string{"i2"}},
	{"Eq/ID", []db.Where{w("id", db.Eq, "i4")}, []string{"i4"}},
	{"Eq/UniqueField", []db.Where{w("code", db.Eq, "B_2")}, []string{"i2"}},
	{"Eq/Null", []db.Where{w("note", db.Eq, nil)}, []string{"i2"}},
	{"Eq/NullDate", []db.Where{w("at", db.Eq, nil)}, []string{"i4"}},
	{"Eq/NullUniqueField", []db.Where{w("code", db.Eq, nil)}, []string{"i3"}},
	{"Ne/Null", []db.Where{w("note", db.Ne, nil)}, []string{"i1", "i3", "i4", "i5"}},
	{"Ne/String", []db.Where{w("label", db.Ne, "alpha")}, []string{"i2", "i3", "i4", "i5"}},
	{"Ne/NeverMatchesNull", []db.Where{w("note", db.Ne, "world")}, []string{"i1", "i3", "i5"}},
	{"Ne/Insensitive", []db.Where{wi("note", db.Ne, "WORLD")}, []string{"i1", "i3", "i5"}},
	{"Ne/Number", []db.Where{w("count", db.Ne, int64(3))}, []string{"i1", "i2", "i4", "i5"}},
	{"Lt/Number", []db.Where{w("count", db.Lt, int64(3))}, []string{"i1", "i2"}},
	{"Lte/Number", []db.Where{w("count", db.Lte, int64(3))}, []string{"i1", "i2", "i3"}},
	{"Gt/Number", []db.Where{w("count", db.Gt, int64(3))}, []string{"i4", "i5"}},
	{"Gte/Number", []db.Where{w("count", db.Gte, int64(3))}, []string{"i3", "i4", "i5"}},
	{"Gt/BigNumberSkipsNull", []db.Where{w("big", db.Gt, int64(0))}, []string{"i1", "i4"}},
	{"Lt/BigNumber", []db.Where{w("big", db.Lt, int64(0))}, []string{"i2"}},
	{"Lt/Date", []db.Where{w("at", db.Lt, t0.Add(time.Hour))}, []string{"i1"}},
	{"Lte/Date", []db.Where{w("at", db.Lte, t0.Add(time.Hour))}, []string{"i1", "i2"}},
	{"Gt/Date", []db.Where{w("at", db.Gt, t0.Add(time.Hour))}, []string{"i3", "i5"}},
	{"Gte/DateSkipsNull", []db.Where{w("at", db.Gte, t0.Add(2*time.Hour))}, []string{"i3", "i5"}},
	{"Lt/String", []db.Where{w("label", db.Lt, "charlie")}, []string{"i1", "i2"}},
	{"Gt/String", []db.Where{w("label", db.Gt, "charlie")}, []string{"i4", "i5"}},
	{"Gt/NullValue", []db.Where{w("count", db.Gt, nil)}, nil},
	{"In/Strings", []db.Where{w("label", db.In, []string{"alpha", "echo", "zulu"})}, []string{"i1", "i5"}},
	{"In/Any", []db.Where{w("label", db.In, []any{"alpha", "echo"})}, []string{"i1", "i5"}},
	{"In/Numbers", []db.Where{w("count", db.In, []any{int64(2), int64(4)})}, []string{"i2", "i4"}},
	{"In/IDs", []db.Where{w("id", db.In, []string{"i1", "i3"})}, []string{"i1", "i3"}},
	{"In/CaseSensitive", []db.Where{w("label", db.In, []string{"ALPHA", "Echo"})}, nil},
	{"In/Insensitive", []db.Where{wi("label", db.In, []string{"ALPHA", "Echo"})}, []string{"i1", "i5"}},
	{"In/NeverMatchesNull", []db.Where{w("note", db.In, []string{"world", "hello world"})}, []string{"i1", "i4"}},
	{"In/Empty", []db.Where{w("label", db.In, []string{})}, nil},
	{"NotIn/Strings", []db.Where{w("label", db.NotIn, []string{"alpha", "bravo"})}, []string{"i3", "i4", "i5"}},
	{"NotIn/Numbers", []db.Where{w("count", db.NotIn, []any{int64(1), int64(2), int64(3)})}, []string{"i4", "i5"}},
	{"NotIn/NeverMatchesNull", []db.Where{w("note", db.NotIn, []string{"world"})}, []string{"i1", "i3", "i5"}},
	{"NotIn/Insensitive", []db.Where{wi("note", db.NotIn, []string{"HELLO WORLD"})}, []string{"i3", "i4", "i5"}},
	{"NotIn/Empty", []db.Where{w("label", db.NotIn, []string{})}, []string{"i1", "i2", "i3", "i4", "i5"}},
	{"Contains", []db.Where{w("note", db.Contains, "world")}, []string{"i1", "i4"}},
	{"Contains/CaseSensitive", []db.Where{w("note", db.Contains, "hello")}, []string{"i1"}},
	{"Contains/Insensitive", []db.Where{wi("note", db.Contains, "HELLO")}, []string{"i1", "i3"}},
	{"Contains/PercentIsLiteral", []db.Where{w("note", db.Contains, "%")}, []string{"i5"}},
	{"Contains/UnderscoreIsLiteral", []db.Where{w("code", db.Contains, "_")}, []string{"i2"}},
	{"Contains/DotIsLiteral", []db.Where{w("code", db.Contains, ".")}, []string{"i5"}},
	{"Contains/BackslashIsLiteral", []db.Where{w("note", db.Contains, `\o`)}, []string{"i5"}},
	{"Contains/EmptyMatchesNonNull", []db.Where{w("code", db.Contains, "")}, []string{"i1", "i2", "i4", "i5"}},
	{"StartsWith", []db.Where{w("label", db.StartsWith, "ch")}, []string{"i3"}},
	{"StartsWith/CaseSensitive", []db.Where{w("label", db.StartsWith, "CH")}, nil},
	{"StartsWith/Insensitive", []db.Where{wi("label", db.StartsWith, "CH")}, []string{"i3"}},
	{"StartsWith/PercentIsLiteral", []db.Where{w("code", db.StartsWith, "d%")}, []string{"i4"}},
	{"StartsWith/PercentAloneIsLiteral", []db.Where{w("code", db.StartsWith, "%")}, nil},
	{"EndsWith", []db.Where{w("note", db.EndsWith, "world")}, []string{"i1", "i4"}},
	{"EndsWith/Insensitive", []db.Where{wi("note", db.EndsWith, "THERE")}, []string{"i3"}},
	{"EndsWith/UnderscoreIsLiteral", []db.Where{w("code", db.EndsWith, "_2")}, []string{"i2"}},
	{"EndsWith/UnderscoreAloneIsLiteral", []db.Where{w("code", db.EndsWith, "_")}, nil},
	{"And", []db.Where{w("flag", db.Eq, true), w("count", db.Gt, int64(1))}, []string{"i3", "i5"}},
	{"And/ExplicitConnector", []db.Where{
		{Field: "flag", Value: true, Connector: db.And},
		{Field: "count", Op: db.Gt, Value: int64(1), Connector: db.And},
	}, []string{"i3", "i5"}},
	{"And/NullTerms", []db.Where{w("note", db.Eq, nil), w("flag", db.Eq, false)}, []string{"i2"}},
	{"Or", []db.Where{or(w("label", db.Eq, "alpha")), or(w("label", db.Eq, "echo"))}, []string{"i1", "i5"}},
	{"Or/NullTerms", []db.Where{or(w("note", db.Eq, nil)), or(w("at", db.Eq, nil))}, []string{"i2", "i4"}},
	{"Or/NotNullTerm", []db.Where{or(w("code", db.Ne, nil)), or(w("label", db.Eq, "charlie"))}, []string{"i1", "i2", "i3", "i4", "i5"}},
	{"AndOr/Grouping", []db.Where{
		w("flag", db.Eq, true), or(w("label", db.Eq, "alpha")), or(w("count", db.Eq, int64(4))),
	}, []string{"i1"}},
	{"AndOr/SingleOrTermIsAnded", []db.Where{w("flag", db.Eq, true), or(w("label", db.Eq, "bravo"))}, nil},
	{"AndOr/OrTermsFirst", []db.Where{
		or(w("label", db.Eq, "alpha")), or(w("label", db.Eq, "bravo")), w("flag", db.Eq, false),
	}, []string{"i2"}},
	{"Empty", nil, []string{"i1", "i2", "i3", "i4", "i5"}},
	{"Insensitive/IgnoredForNumbers", []db.Where{wi("count", db.Eq, int64(3))}, []string{"i3"}},
}

// whereTests checks each where case through FindMany, Count, FindOne and FindWithRef.
func whereTests() []test {
	tests := make([]test, 0, len(whereCases))
	for _, c := range whereCases {
		tests = append(tests, test{c.name, func(h *harness) {
			h.fixture()
			got := ids(h.findMany(itemModel, db.Query{Where: c.where}))
			if !slices.Equal(got, c.want) && len(got)+len(c.want) > 0 {
				h.t.Errorf("FindMany(%v) = %v, want %v", c.where, got, c.want)
			}
			if n := h.count(itemModel, c.where...); n != int64(len(c.want)) {
				h.t.Errorf("Count(%v) = %d, want %d", c.where, n, len(c.want))
			}
			// FindOne, and the same condition where the row is read with the row it
			// refers to (a join in SQL adapters, where columns are qualified).
			reads := map[string]func() (db.Record, error){
				"FindOne": func() (db.Record, error) { return h.a.FindOne(h.t.Context(), itemModel, c.where) },
				"FindWithRef": func() (db.Record, error) {
					r, _, err := db.FindWithRef(h.t.Context(), h.a, itemModel, c.where, db.Ref{Model: "user", Field: "id", Via: "note"})
					return r, err
				},
			}
			for name, read := range reads {
				one, err := read()
				switch {
				case len(c.want) == 0:
					wantErr(h.t, name, err, db.ErrNotFound)
				case err != nil:
					h.t.Errorf("%s(%v): %v", name, c.where, err)
				case !slices.Contains(c.want, one["id"].(string)):
					h.t.Errorf("%s(%v) = %v, want one of %v", name, c.where, one["id"], c.want)
				}
			}
		}})
	}
	return tests
}

var findManyTests = []test{
	{"Sort", func(h *harness) {
		h.fixture()
		for _, c := range []struct {
			q    db.Query
			want []string
		}{
			{db.Query{Sort: &db.Sort{Field: "label"}}, []string{"i1", "i2", "i3", "i4", "i5"}},
			{db.Query{Sort: &db.Sort{Field: "label", Desc: true}}, []string{"i5", "i4", "i3", "i2", "i1"}},
			{db.Query{Sort: &db.Sort{Field: "id", Desc: true}}, []string{"i5", "i4", "i3", "i2", "i1"}},
			{db.Query{Sort: &db.Sort{Field: "count", Desc: true}}, []string{"i5", "i4", "i3", "i2", "i1"}},
			{db.Query{Where: []db.Where{w("big", db.Ne, nil)}, Sort: &db.Sort{Field: "big"}}, []string{"i2", "i3", "i1", "i4"}},
			{db.Query{Where: []db.Where{w("at", db.Ne, nil)}, Sort: &db.Sort{Field: "at"}}, []string{"i1", "i2", "i3", "i5"}},
			{db.Query{Where: []db.Where{w("at", db.Ne, nil)}, Sort: &db.Sort{Field: "at", Desc: true}}, []string{"i5", "i3", "i2", "i1"}},
		} {
			if got := orderedIDs(h.findMany(itemModel, c.q)); !slices.Equal(got, c.want) {
				h.t.Errorf("FindMany(sort %+v, where %v) = %v, want %v", *c.q.Sort, c.q.Where, got, c.want)
			}
		}
	}},
	{"LimitOffset", func(h *harness) {
		h.fixture()
		byLabel := &db.Sort{Field: "label"}
		for _, c := range []struct {
			q    db.Query
			want []string
		}{
			{db.Query{Sort: byLabel, Limit: 2}, []string{"i1", "i2"}},
			{db.Query{Sort: byLabel, Limit: 2, Offset: 1}, []string{"i2", "i3"}},
			{db.Query{Sort: byLabel, Offset: 3}, []string{"i4", "i5"}},
			{db.Query{Sort: byLabel, Limit: 10, Offset: 4}, []string{"i5"}},
			{db.Query{Sort: byLabel, Offset: 5}, []string{}},
			{db.Query{Sort: byLabel, Offset: 50, Limit: 1}, []string{}},
			{db.Query{Sort: &db.Sort{Field: "count", Desc: true}, Limit: 2}, []string{"i5", "i4"}},
			{db.Query{Where: []db.Where{w("flag", db.Eq, true)}, Sort: &db.Sort{Field: "label", Desc: true}, Limit: 2}, []string{"i5", "i3"}},
			{db.Query{Where: []db.Where{w("flag", db.Eq, true)}, Sort: &db.Sort{Field: "label", Desc: true}, Limit: 2, Offset: 1}, []string{"i3", "i1"}},
		} {
			if got := orderedIDs(h.findMany(itemModel, c.q)); !slices.Equal(got, c.want) {
				h.t.Errorf("FindMany(%+v) = %v, want %v", c.q, got, c.want)
			}
		}
		got := h.findMany(itemModel, db.Query{Limit: 3})
		if all := ids(got); len(all) != 3 || len(slices.Compact(all)) != 3 {
			h.t.Errorf("FindMany(limit 3) = %v, want 3 distinct rows", ids(got))
		}
	}},
	{"DefaultLimit", func(h *harness) {
		n := db.DefaultLimit + 5
		for i := range n {
			id := "i" + strconv.Itoa(1000+i)
			h.create(itemModel, item(id, id, nil, int64(i), nil, false, nil, nil))
		}
		if got := h.findMany(itemModel, db.Query{}); len(got) != db.DefaultLimit {
			h.t.Errorf("FindMany(limit 0) returned %d rows, want db.DefaultLimit (%d)", len(got), db.DefaultLimit)
		}
		if got := h.findMany(itemModel, db.Query{Limit: n + 10}); len(got) != n {
			h.t.Errorf("FindMany(limit %d) returned %d rows, want %d", n+10, len(got), n)
		}
		if got := h.count(itemModel); got != int64(n) {
			h.t.Errorf("Count = %d, want %d (Count has no limit)", got, n)
		}
	}},
	{"NoRows", func(h *harness) {
		got, err := h.a.FindMany(h.t.Context(), "user", db.Query{})
		if err != nil || len(got) != 0 {
			h.t.Errorf("FindMany on an empty table = %v, %v; want no rows and no error", got, err)
		}
		h.fixture()
		got, err = h.a.FindMany(h.t.Context(), itemModel, db.Query{Where: []db.Where{w("label", db.Eq, "zulu")}})
		if err != nil || len(got) != 0 {
			h.t.Errorf("FindMany without matches = %v, %v; want no rows and no error", got, err)
		}
	}},
	{"ReturnsCopies", func(h *harness) {
		h.fixture()
		for _, r := range h.findMany(itemModel, db.Query{}) {
			r["label"] = "changed"
		}
		if n := h.count(itemModel, w("label", db.Eq, "changed")); n != 0 {
			h.t.Errorf("changing returned rows changed %d stored rows", n)
		}
	}},
	{"UnknownModel", func(h *harness) {
		_, err := h.a.FindMany(h.t.Context(), "nope", db.Query{})
		wantErr(h.t, "FindMany(nope)", err, db.ErrUnknownModel)
	}},
	{"UnknownSortField", func(h *harness) {
		h.fixture()
		_, err := h.a.FindMany(h.t.Context(), itemModel, db.Query{Sort: &db.Sort{Field: "nope"}})
		wantErr(h.t, "FindMany(sort nope)", err, db.ErrUnknownModel)
	}},
}

var countTests = []test{
	{"Empty", func(h *harness) {
		if n := h.count("user"); n != 0 {
			h.t.Errorf("Count = %d, want 0", n)
		}
	}},
	{"AllAndWhere", func(h *harness) {
		h.fixture()
		if n := h.count(itemModel); n != 5 {
			h.t.Errorf("Count = %d, want 5", n)
		}
		if n := h.count(itemModel, w("flag", db.Eq, true)); n != 3 {
			h.t.Errorf("Count(flag) = %d, want 3", n)
		}
	}},
	{"UnknownModel", func(h *harness) {
		_, err := h.a.Count(h.t.Context(), "nope", nil)
		wantErr(h.t, "Count(nope)", err, db.ErrUnknownModel)
		if errors.Is(err, db.ErrNotFound) {
			h.t.Error("an unknown model must not read as not found")
		}
	}},
}
