package memdb

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/schema"
)

// tableDef is the immutable description of a model, built once by New.
type tableDef struct {
	model  string
	fields map[string]schema.FieldType // logical name → type; "id" has the empty type
	names  []string                    // "id" then the schema fields, in order
	unique []string                    // "id" then the unique fields
}

func newTableDef(t *schema.Table) *tableDef {
	d := &tableDef{
		model:  t.Model,
		fields: map[string]schema.FieldType{"id": ""},
		names:  []string{"id"},
		unique: []string{"id"},
	}
	for _, f := range t.Fields {
		if f.Name == "id" {
			continue
		}
		d.fields[f.Name] = f.Type
		d.names = append(d.names, f.Name)
		if f.Unique {
			d.unique = append(d.unique, f.Name)
		}
	}
	return d
}

func (d *tableDef) isUnique(field string) bool { return slices.Contains(d.unique, field) }

// values validates and normalises the fields of data (a create's data or a patch).
func (d *tableDef) values(op string, data db.Record) (db.Record, error) {
	out := make(db.Record, len(data))
	for k, v := range data {
		typ, ok := d.fields[k]
		if !ok {
			return nil, fmt.Errorf("memdb: %s %s.%s: %w", op, d.model, k, db.ErrUnknownModel)
		}
		n, err := normalize(typ, v)
		if err != nil {
			return nil, fmt.Errorf("memdb: %s %s.%s: %w", op, d.model, k, err)
		}
		out[k] = n
	}
	return out, nil
}

// newRow returns the row to store for a create: every field present, nil when absent.
func (d *tableDef) newRow(data db.Record) (db.Record, error) {
	vals, err := d.values("create", data)
	if err != nil {
		return nil, err
	}
	if vals["id"] == nil {
		return nil, fmt.Errorf("memdb: create %s: missing id", d.model)
	}
	row := make(db.Record, len(d.names))
	for _, name := range d.names {
		row[name] = vals[name]
	}
	return row, nil
}

// entry is one stored row. Rows are immutable once stored: an update stores a new entry
// with the same seq, so a table copy may share entries with the table it came from.
type entry struct {
	seq uint64 // insertion order
	row db.Record
}

// table holds the rows of one model, in insertion order, with an index per unique field.
type table struct {
	def  *tableDef
	next uint64
	rows []*entry                  // sorted by seq
	idx  map[string]map[any]*entry // unique field → indexKey → row (NULLs are not indexed)
}

func newTable(def *tableDef) *table {
	t := &table{def: def, idx: make(map[string]map[any]*entry, len(def.unique))}
	for _, f := range def.unique {
		t.idx[f] = map[any]*entry{}
	}
	return t
}

// clone returns a copy that shares the immutable entries.
func (t *table) clone() *table {
	c := &table{def: t.def, next: t.next, rows: slices.Clone(t.rows), idx: make(map[string]map[any]*entry, len(t.idx))}
	for f, m := range t.idx {
		c.idx[f] = maps.Clone(m)
	}
	return c
}

func (t *table) conflict(field string) error {
	return fmt.Errorf("memdb: %s.%s: %w", t.def.model, field, db.ErrConflict)
}

// insert stores a new row, or fails with ErrConflict without changing anything.
func (t *table) insert(row db.Record) error {
	for _, f := range t.def.unique {
		if v := row[f]; v != nil {
			if _, dup := t.idx[f][indexKey(v)]; dup {
				return t.conflict(f)
			}
		}
	}
	t.next++
	e := &entry{seq: t.next, row: row}
	t.rows = append(t.rows, e)
	for _, f := range t.def.unique {
		if v := row[f]; v != nil {
			t.idx[f][indexKey(v)] = e
		}
	}
	return nil
}

// scan calls fn for the rows matching m in insertion order until fn returns false.
func (t *table) scan(m *matcher, fn func(*entry) bool) {
	if m.probe != "" {
		if e, ok := t.idx[m.probe][m.probeKey]; ok && m.match(e.row) {
			fn(e)
		}
		return
	}
	for _, e := range t.rows {
		if m.match(e.row) && !fn(e) {
			return
		}
	}
}

// first returns the first matching row, or nil.
func (t *table) first(m *matcher) *entry {
	var found *entry
	t.scan(m, func(e *entry) bool { found = e; return false })
	return found
}

// all returns the matching rows in insertion order.
func (t *table) all(m *matcher) []*entry {
	var out []*entry
	t.scan(m, func(e *entry) bool { out = append(out, e); return true })
	return out
}

// pos returns the index of e in t.rows.
func (t *table) pos(e *entry) int {
	i, _ := slices.BinarySearchFunc(t.rows, e.seq, func(x *entry, seq uint64) int { return cmp.Compare(x.seq, seq) })
	return i
}

// replace stores row in place of e (same position), or fails with ErrConflict without
// changing anything.
func (t *table) replace(e *entry, row db.Record) (*entry, error) {
	for _, f := range t.def.unique {
		if v := row[f]; v != nil {
			if other, dup := t.idx[f][indexKey(v)]; dup && other != e {
				return nil, t.conflict(f)
			}
		}
	}
	ne := &entry{seq: e.seq, row: row}
	t.rows[t.pos(e)] = ne
	for _, f := range t.def.unique {
		if v := e.row[f]; v != nil {
			delete(t.idx[f], indexKey(v))
		}
		if v := row[f]; v != nil {
			t.idx[f][indexKey(v)] = ne
		}
	}
	return ne, nil
}

// remove deletes the given rows.
func (t *table) remove(es []*entry) {
	if len(es) == 0 {
		return
	}
	gone := make(map[uint64]bool, len(es))
	for _, e := range es {
		gone[e.seq] = true
		for _, f := range t.def.unique {
			if v := e.row[f]; v != nil {
				delete(t.idx[f], indexKey(v))
			}
		}
	}
	t.rows = slices.DeleteFunc(t.rows, func(e *entry) bool { return gone[e.seq] })
}

// patched returns a copy of row with patch applied.
func patched(row, patch db.Record) db.Record {
	out := maps.Clone(row)
	maps.Copy(out, patch)
	return out
}

// sortRows orders rows stably by field; NULLs first, then values in compare order.
func sortRows(rows []*entry, s *db.Sort) {
	slices.SortStableFunc(rows, func(a, b *entry) int {
		c := compareSort(a.row[s.Field], b.row[s.Field])
		if s.Desc {
			return -c
		}
		return c
	})
}

func compareSort(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	if c, ok := compare(a, b); ok {
		return c
	}
	return cmp.Compare(fmt.Sprint(a), fmt.Sprint(b))
}
