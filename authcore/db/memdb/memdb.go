package memdb

import (
	"context"
	"fmt"
	"sync"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/schema"
)

var _ db.Adapter = (*DB)(nil)

// DB is an in-memory db.Adapter. It is safe for concurrent use. The adapter a
// Transaction passes to its fn is also a *DB, bound to that transaction.
type DB struct {
	c  *core
	tx *txState // nil outside a transaction
}

// core is the state shared by a DB and its transactions.
type core struct {
	defs  map[string]*tableDef // immutable
	token chan struct{}        // held by the one writer: a write or a whole transaction
	mu    sync.RWMutex         // guards tables; writers also hold token
	// tables are the committed tables. A holder of token may read them without mu, as no
	// one else can change them.
	tables map[string]*table
}

// New returns an empty database holding the tables of s. Tables and fields added to s
// afterwards are not seen.
func New(s *schema.Schema) *DB {
	c := &core{
		defs:   make(map[string]*tableDef, len(s.Tables)),
		token:  make(chan struct{}, 1),
		tables: make(map[string]*table, len(s.Tables)),
	}
	for _, t := range s.Tables {
		d := newTableDef(t)
		c.defs[t.Model] = d
		c.tables[t.Model] = newTable(d)
	}
	return &DB{c: c}
}

func (d *DB) def(op, model string) (*tableDef, error) {
	if td, ok := d.c.defs[model]; ok {
		return td, nil
	}
	return nil, fmt.Errorf("memdb: %s %q: %w", op, model, db.ErrUnknownModel)
}

// read runs fn on the table as this adapter sees it.
func (d *DB) read(ctx context.Context, model string, fn func(*table) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if tx := d.tx; tx != nil {
		tx.mu.Lock()
		defer tx.mu.Unlock()
		if tx.done {
			return ErrTxDone
		}
		t, ok := tx.tables[model]
		if !ok {
			t = d.c.tables[model]
		}
		return fn(t)
	}
	d.c.mu.RLock()
	defer d.c.mu.RUnlock()
	return fn(d.c.tables[model])
}

// write runs fn on the table as this adapter sees it, as the single writer. fn must
// leave the table unchanged when it fails.
func (d *DB) write(ctx context.Context, model string, fn func(*table) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if tx := d.tx; tx != nil {
		tx.mu.Lock()
		defer tx.mu.Unlock()
		if tx.done {
			return ErrTxDone
		}
		t, ok := tx.tables[model]
		if !ok {
			t = d.c.tables[model].clone()
			tx.tables[model] = t
		}
		return fn(t)
	}
	if err := d.c.acquire(ctx); err != nil {
		return err
	}
	defer d.c.release()
	d.c.mu.Lock()
	defer d.c.mu.Unlock()
	return fn(d.c.tables[model])
}

// Create implements db.Adapter.
func (d *DB) Create(ctx context.Context, model string, data db.Record) (db.Record, error) {
	td, err := d.def("create", model)
	if err != nil {
		return nil, err
	}
	row, err := td.newRow(data)
	if err != nil {
		return nil, err
	}
	if err := d.write(ctx, model, func(t *table) error { return t.insert(row) }); err != nil {
		return nil, err
	}
	return copyRecord(row), nil
}

// FindOne implements db.Adapter.
func (d *DB) FindOne(ctx context.Context, model string, where []db.Where) (db.Record, error) {
	td, err := d.def("find", model)
	if err != nil {
		return nil, err
	}
	m, err := td.compile(where)
	if err != nil {
		return nil, err
	}
	var e *entry
	if err := d.read(ctx, model, func(t *table) error { e = t.first(m); return nil }); err != nil {
		return nil, err
	}
	if e == nil {
		return nil, notFound("find", model)
	}
	return copyRecord(e.row), nil
}

func notFound(op, model string) error {
	return fmt.Errorf("memdb: %s %s: %w", op, model, db.ErrNotFound)
}

// FindMany implements db.Adapter.
func (d *DB) FindMany(ctx context.Context, model string, q db.Query) ([]db.Record, error) {
	td, err := d.def("find", model)
	if err != nil {
		return nil, err
	}
	m, err := td.compile(q.Where)
	if err != nil {
		return nil, err
	}
	if q.Sort != nil {
		if _, ok := td.fields[q.Sort.Field]; !ok {
			return nil, fmt.Errorf("memdb: sort %s.%s: %w", model, q.Sort.Field, db.ErrUnknownModel)
		}
	}
	if q.Limit < 0 || q.Offset < 0 {
		return nil, fmt.Errorf("memdb: find %s: negative limit or offset", model)
	}
	limit := q.Limit
	if limit == 0 {
		limit = db.DefaultLimit
	}
	var rows []*entry
	err = d.read(ctx, model, func(t *table) error {
		if q.Sort != nil {
			rows = t.all(m)
			sortRows(rows, q.Sort)
			return nil
		}
		t.scan(m, func(e *entry) bool {
			rows = append(rows, e)
			return len(rows) < q.Offset+limit
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	rows = rows[min(q.Offset, len(rows)):]
	rows = rows[:min(limit, len(rows))]
	out := make([]db.Record, len(rows))
	for i, e := range rows {
		out[i] = copyRecord(e.row)
	}
	return out, nil
}

// Count implements db.Adapter.
func (d *DB) Count(ctx context.Context, model string, where []db.Where) (int64, error) {
	td, err := d.def("count", model)
	if err != nil {
		return 0, err
	}
	m, err := td.compile(where)
	if err != nil {
		return 0, err
	}
	var n int64
	err = d.read(ctx, model, func(t *table) error {
		t.scan(m, func(*entry) bool { n++; return true })
		return nil
	})
	return n, err
}

// prepare resolves the model, where clause and patch of a write.
func (d *DB) prepare(op, model string, where []db.Where, patch db.Record) (*tableDef, *matcher, db.Record, error) {
	td, err := d.def(op, model)
	if err != nil {
		return nil, nil, nil, err
	}
	m, err := td.compile(where)
	if err != nil {
		return nil, nil, nil, err
	}
	vals, err := td.values(op, patch)
	if err != nil {
		return nil, nil, nil, err
	}
	if id, ok := vals["id"]; ok && id == nil {
		return nil, nil, nil, fmt.Errorf("memdb: %s %s: id set to NULL", op, model)
	}
	return td, m, vals, nil
}

// Update implements db.Adapter: it changes the first matching row in insertion order.
func (d *DB) Update(ctx context.Context, model string, where []db.Where, patch db.Record) (db.Record, error) {
	_, m, vals, err := d.prepare("update", model, where, patch)
	if err != nil {
		return nil, err
	}
	var updated *entry
	err = d.write(ctx, model, func(t *table) error {
		e := t.first(m)
		if e == nil {
			return notFound("update", model)
		}
		updated, err = t.replace(e, patched(e.row, vals))
		return err
	})
	if err != nil {
		return nil, err
	}
	return copyRecord(updated.row), nil
}

// UpdateMany implements db.Adapter. Setting a unique field to one non-NULL value on two
// or more rows fails with ErrConflict and changes nothing.
func (d *DB) UpdateMany(ctx context.Context, model string, where []db.Where, patch db.Record) (int64, error) {
	td, m, vals, err := d.prepare("update", model, where, patch)
	if err != nil {
		return 0, err
	}
	var n int64
	err = d.write(ctx, model, func(t *table) error {
		rows := t.all(m)
		if len(rows) > 1 {
			for _, f := range td.unique {
				if v, ok := vals[f]; ok && v != nil {
					return t.conflict(f)
				}
			}
		}
		for _, e := range rows {
			if _, err := t.replace(e, patched(e.row, vals)); err != nil {
				return err // only possible for a single row: nothing changed
			}
		}
		n = int64(len(rows))
		return nil
	})
	return n, err
}

// Delete implements db.Adapter.
func (d *DB) Delete(ctx context.Context, model string, where []db.Where) error {
	_, err := d.DeleteMany(ctx, model, where)
	return err
}

// DeleteMany implements db.Adapter.
func (d *DB) DeleteMany(ctx context.Context, model string, where []db.Where) (int64, error) {
	td, err := d.def("delete", model)
	if err != nil {
		return 0, err
	}
	m, err := td.compile(where)
	if err != nil {
		return 0, err
	}
	var n int64
	err = d.write(ctx, model, func(t *table) error {
		rows := t.all(m)
		t.remove(rows)
		n = int64(len(rows))
		return nil
	})
	return n, err
}

// ConsumeOne implements db.Adapter: it deletes and returns the first matching row in
// insertion order.
func (d *DB) ConsumeOne(ctx context.Context, model string, where []db.Where) (db.Record, error) {
	td, err := d.def("consume", model)
	if err != nil {
		return nil, err
	}
	m, err := td.compile(where)
	if err != nil {
		return nil, err
	}
	var e *entry
	err = d.write(ctx, model, func(t *table) error {
		if e = t.first(m); e == nil {
			return notFound("consume", model)
		}
		t.remove([]*entry{e})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return copyRecord(e.row), nil
}

// IncrementOne implements db.Adapter. The field must be a number field holding a
// non-NULL integer, and patch must not set it.
func (d *DB) IncrementOne(ctx context.Context, model string, where []db.Where, field string, delta int64, patch db.Record) (db.Record, error) {
	td, m, vals, err := d.prepare("increment", model, where, patch)
	if err != nil {
		return nil, err
	}
	switch typ, ok := td.fields[field]; {
	case !ok:
		return nil, fmt.Errorf("memdb: increment %s.%s: %w", model, field, db.ErrUnknownModel)
	case typ != schema.Number:
		return nil, fmt.Errorf("memdb: increment %s.%s: a %s field is not a number", model, field, typ)
	}
	if _, ok := vals[field]; ok {
		return nil, fmt.Errorf("memdb: increment %s.%s: patch sets the incremented field", model, field)
	}
	var updated *entry
	err = d.write(ctx, model, func(t *table) error {
		e := t.first(m)
		if e == nil {
			return notFound("increment", model)
		}
		cur, ok := e.row[field].(int64)
		if !ok {
			return fmt.Errorf("memdb: increment %s.%s: value %v is not an integer", model, field, e.row[field])
		}
		sum := cur + delta
		if (delta > 0 && sum < cur) || (delta < 0 && sum > cur) {
			return fmt.Errorf("memdb: increment %s.%s: integer overflow", model, field)
		}
		row := patched(e.row, vals)
		row[field] = sum
		updated, err = t.replace(e, row)
		return err
	})
	if err != nil {
		return nil, err
	}
	return copyRecord(updated.row), nil
}

// Len returns the number of rows of model this adapter sees (0 for an unknown model).
func (d *DB) Len(model string) int {
	n := 0
	_ = d.read(context.Background(), model, func(t *table) error {
		if t != nil {
			n = len(t.rows)
		}
		return nil
	})
	return n
}

// Dump returns a copy of every row this adapter sees, by model, in insertion order.
// Models without rows are left out.
func (d *DB) Dump() map[string][]db.Record {
	out := map[string][]db.Record{}
	for model := range d.c.defs {
		_ = d.read(context.Background(), model, func(t *table) error {
			for _, e := range t.rows {
				out[model] = append(out[model], copyRecord(e.row))
			}
			return nil
		})
	}
	return out
}
