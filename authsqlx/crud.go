package authsqlx

import (
	"context"
	"errors"
	"fmt"

	"github.com/goauth-dev/goauth/authcore/db"
)

// Create implements db.Adapter. The row returned is the one stored, read back with
// RETURNING (or by id on MySQL, which lacks it).
func (a *Adapter) Create(ctx context.Context, model string, data db.Record) (db.Record, error) {
	t, err := a.table("create", model)
	if err != nil {
		return nil, err
	}
	for k := range data {
		if _, ok := t.byName[k]; !ok {
			return nil, fmt.Errorf("authsqlx: create %s.%s: %w", model, k, db.ErrUnknownModel)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	caps, err := a.c.capabilities(ctx, a.q())
	if err != nil {
		return nil, err
	}
	b := newBuilder(a.c.dialect).w("INSERT INTO ", t.quoted)
	var cols []*column
	var params []any
	for _, c := range t.cols {
		if v, ok := data[c.name]; ok {
			p, err := encode(a.c.dialect, c, v)
			if err != nil {
				return nil, fmt.Errorf("authsqlx: create %s: %w", model, err)
			}
			cols = append(cols, c)
			params = append(params, p)
		}
	}
	switch {
	case len(cols) == 0 && a.c.dialect == MySQL:
		b.w(" () VALUES ()")
	case len(cols) == 0:
		b.w(" DEFAULT VALUES")
	default:
		for i, c := range cols {
			if i == 0 {
				b.w(" (")
			} else {
				b.w(", ")
			}
			b.w(c.quoted)
		}
		b.w(") VALUES (")
		for i, p := range params {
			if i > 0 {
				b.w(", ")
			}
			b.arg(p)
		}
		b.w(")")
	}
	release, err := a.lockWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	if caps.returning {
		b.w(" RETURNING ", t.selects)
		return a.queryOne(ctx, a.q(), t, b, "create")
	}
	if _, err := a.exec(ctx, a.q(), b); err != nil {
		return nil, wrapErr("create", model, err)
	}
	if id, ok := data["id"]; ok {
		sel := newBuilder(a.c.dialect).w("SELECT ", t.selects, " FROM ", t.quoted)
		if err := sel.where(t, []db.Where{db.EqWhere("id", id)}); err != nil {
			return nil, err
		}
		if r, err := a.queryOne(ctx, a.q(), t, sel.w(" LIMIT 1"), "create"); err == nil || !errors.Is(err, db.ErrNotFound) {
			return r, err
		}
	}
	// Deleted before it could be read back, or no id: return what was written.
	out := make(db.Record, len(t.cols))
	for _, c := range t.cols {
		p, _ := encode(a.c.dialect, c, data[c.name])
		if out[c.name], err = decode(c, p); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// selectWhere returns SELECT <columns> FROM t WHERE where.
func (a *Adapter) selectWhere(t *tableInfo, where []db.Where) (*builder, error) {
	b := newBuilder(a.c.dialect).w("SELECT ", t.selects, " FROM ", t.quoted)
	if err := b.where(t, where); err != nil {
		return nil, err
	}
	return b, nil
}

// FindOne implements db.Adapter.
func (a *Adapter) FindOne(ctx context.Context, model string, where []db.Where) (db.Record, error) {
	t, err := a.table("find", model)
	if err != nil {
		return nil, err
	}
	b, err := a.selectWhere(t, where)
	if err != nil {
		return nil, err
	}
	return a.queryOne(ctx, a.q(), t, b.w(" LIMIT 1"), "find")
}

// FindMany implements db.Adapter. A zero Limit is db.DefaultLimit.
func (a *Adapter) FindMany(ctx context.Context, model string, q db.Query) ([]db.Record, error) {
	t, err := a.table("find many", model)
	if err != nil {
		return nil, err
	}
	b, err := a.selectWhere(t, q.Where)
	if err != nil {
		return nil, err
	}
	if q.Sort != nil {
		c, ok := t.byName[q.Sort.Field]
		if !ok {
			return nil, fmt.Errorf("authsqlx: sort %s.%s: %w", model, q.Sort.Field, db.ErrUnknownModel)
		}
		b.w(" ORDER BY ", c.quoted)
		if q.Sort.Desc {
			b.w(" DESC")
		} else {
			b.w(" ASC")
		}
	}
	limit := q.Limit
	if limit <= 0 {
		limit = db.DefaultLimit
	}
	b.w(" LIMIT ").int(limit)
	if q.Offset > 0 {
		b.w(" OFFSET ").int(q.Offset)
	}
	rows, err := a.queryRows(ctx, a.q(), t, b)
	if err != nil {
		return nil, wrapErr("find many", model, err)
	}
	if rows == nil {
		rows = []db.Record{}
	}
	return rows, nil
}

// Count implements db.Adapter.
func (a *Adapter) Count(ctx context.Context, model string, where []db.Where) (int64, error) {
	t, err := a.table("count", model)
	if err != nil {
		return 0, err
	}
	b := newBuilder(a.c.dialect).w("SELECT COUNT(*) FROM ", t.quoted)
	if err := b.where(t, where); err != nil {
		return 0, err
	}
	var n int64
	if err := a.q().QueryRowContext(ctx, b.String(), b.args...).Scan(&n); err != nil {
		return 0, wrapErr("count", model, err)
	}
	return n, nil
}

// set writes the SET list of patch (in column order) and returns how many columns it
// sets.
func (b *builder) set(t *tableInfo, patch db.Record, first bool) (int, error) {
	n := 0
	for _, c := range t.cols {
		v, ok := patch[c.name]
		if !ok {
			continue
		}
		p, err := encode(b.d, c, v)
		if err != nil {
			return 0, err
		}
		if !first || n > 0 {
			b.w(", ")
		}
		b.w(c.quoted, " = ").arg(p)
		n++
	}
	return n, nil
}

// checkPatch reports the first field of patch that t does not have.
func checkPatch(op string, t *tableInfo, patch db.Record) error {
	for k := range patch {
		if _, ok := t.byName[k]; !ok {
			return fmt.Errorf("authsqlx: %s %s.%s: %w", op, t.model, k, db.ErrUnknownModel)
		}
	}
	return nil
}

// UpdateMany implements db.Adapter. On MySQL the count is of matched rows only when the
// connection sets clientFoundRows (Open does).
func (a *Adapter) UpdateMany(ctx context.Context, model string, where []db.Where, patch db.Record) (int64, error) {
	t, err := a.table("update many", model)
	if err != nil {
		return 0, err
	}
	if err := checkPatch("update many", t, patch); err != nil {
		return 0, err
	}
	if err := checkWhere(t, where); err != nil {
		return 0, err
	}
	if len(patch) == 0 {
		return a.Count(ctx, model, where)
	}
	b := newBuilder(a.c.dialect).w("UPDATE ", t.quoted, " SET ")
	if _, err := b.set(t, patch, true); err != nil {
		return 0, fmt.Errorf("authsqlx: update many %s: %w", model, err)
	}
	if err := b.where(t, where); err != nil {
		return 0, err
	}
	release, err := a.lockWrite(ctx)
	if err != nil {
		return 0, err
	}
	defer release()
	res, err := a.exec(ctx, a.q(), b)
	if err != nil {
		return 0, wrapErr("update many", model, err)
	}
	return res.RowsAffected()
}

// Delete implements db.Adapter: it removes every matching row.
func (a *Adapter) Delete(ctx context.Context, model string, where []db.Where) error {
	_, err := a.deleteWhere(ctx, "delete", model, where)
	return err
}

// DeleteMany implements db.Adapter.
func (a *Adapter) DeleteMany(ctx context.Context, model string, where []db.Where) (int64, error) {
	return a.deleteWhere(ctx, "delete many", model, where)
}

func (a *Adapter) deleteWhere(ctx context.Context, op, model string, where []db.Where) (int64, error) {
	t, err := a.table(op, model)
	if err != nil {
		return 0, err
	}
	b := newBuilder(a.c.dialect).w("DELETE FROM ", t.quoted)
	if err := b.where(t, where); err != nil {
		return 0, err
	}
	release, err := a.lockWrite(ctx)
	if err != nil {
		return 0, err
	}
	defer release()
	res, err := a.exec(ctx, a.q(), b)
	if err != nil {
		return 0, wrapErr(op, model, err)
	}
	return res.RowsAffected()
}
