package authsqlx

import (
	"context"
	"fmt"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/schema"
)

// Single-row writes. SQLite and Postgres pick the row with a sub-select and return it
// with RETURNING in one statement:
//
//	UPDATE t SET ... WHERE "id" IN (SELECT "id" FROM t WHERE ... LIMIT 1) RETURNING ...
//	DELETE FROM t WHERE "id" IN (SELECT "id" FROM t WHERE ... LIMIT 1 FOR UPDATE) RETURNING ...
//
// (SQLite runs one writer at a time; on Postgres FOR UPDATE makes a racer wait for the
// row and skip it once deleted.) MariaDB >= 10.5 deletes with DELETE ... LIMIT 1
// RETURNING; MySQL, and MariaDB's updates, run in a transaction: SELECT ... FOR UPDATE,
// then the write by id with a count check, then the read back.

// oneRow writes the sub-select choosing one matching row's id.
func (a *Adapter) oneRow(b *builder, t *tableInfo, where []db.Where, lock bool) error {
	b.w(" WHERE ", t.id.quoted, " IN (SELECT ", t.id.quoted, " FROM ", t.quoted)
	if err := b.where(t, where); err != nil {
		return err
	}
	b.w(" LIMIT 1")
	if lock && a.c.dialect == Postgres {
		b.w(" FOR UPDATE")
	}
	b.w(")")
	return nil
}

// updateReturning reports whether UPDATE ... RETURNING is available.
func (c *capabilities) updateReturning(d Dialect) bool { return c.returning && d != MySQL }

// Update implements db.Adapter: it changes one matching row and returns it.
func (a *Adapter) Update(ctx context.Context, model string, where []db.Where, patch db.Record) (db.Record, error) {
	return a.updateOne(ctx, "update", model, where, "", 0, patch)
}

// IncrementOne implements db.Adapter: field = field + delta and patch, in one step, on
// one matching row.
func (a *Adapter) IncrementOne(ctx context.Context, model string, where []db.Where, field string, delta int64, patch db.Record) (db.Record, error) {
	t, err := a.table("increment", model)
	if err != nil {
		return nil, err
	}
	c, ok := t.byName[field]
	switch {
	case !ok:
		return nil, fmt.Errorf("authsqlx: increment %s.%s: %w", model, field, db.ErrUnknownModel)
	case c.field.Type != schema.Number:
		return nil, fmt.Errorf("authsqlx: increment %s.%s: a %s field is not a number", model, field, c.field.Type)
	}
	if _, ok := patch[field]; ok {
		return nil, fmt.Errorf("authsqlx: increment %s.%s: patch sets the incremented field", model, field)
	}
	return a.updateOne(ctx, "increment", model, where, field, delta, patch)
}

// updateOne updates one row matching where: field += delta when field is set, and patch.
func (a *Adapter) updateOne(ctx context.Context, op, model string, where []db.Where, field string, delta int64, patch db.Record) (db.Record, error) {
	t, err := a.table(op, model)
	if err != nil {
		return nil, err
	}
	if err := checkPatch(op, t, patch); err != nil {
		return nil, err
	}
	if err := checkWhere(t, where); err != nil {
		return nil, err
	}
	if field == "" && len(patch) == 0 {
		return a.FindOne(ctx, model, where)
	}
	caps, err := a.c.capabilities(ctx, a.q())
	if err != nil {
		return nil, err
	}
	setList := func(b *builder) error {
		first := true
		if field != "" {
			c := t.byName[field]
			b.w(c.quoted, " = ", c.quoted, " + ").arg(delta)
			first = false
		}
		if _, err := b.set(t, patch, first); err != nil {
			return fmt.Errorf("authsqlx: %s %s: %w", op, model, err)
		}
		return nil
	}
	if caps.updateReturning(a.c.dialect) {
		b := newBuilder(a.c.dialect).w("UPDATE ", t.quoted, " SET ")
		if err := setList(b); err != nil {
			return nil, err
		}
		if err := a.oneRow(b, t, where, false); err != nil {
			return nil, err
		}
		b.w(" RETURNING ", t.selects)
		release, err := a.lockWrite(ctx)
		if err != nil {
			return nil, err
		}
		defer release()
		return a.queryOne(ctx, a.q(), t, b, op)
	}
	var out db.Record
	err = a.inTx(ctx, func(tx *Adapter) error {
		id, err := tx.lockOne(ctx, op, t, where)
		if err != nil {
			return err
		}
		b := newBuilder(a.c.dialect).w("UPDATE ", t.quoted, " SET ")
		if err := setList(b); err != nil {
			return err
		}
		b.w(" WHERE ", t.id.quoted, " = ").arg(id)
		if _, err := tx.exec(ctx, tx.q(), b); err != nil {
			return wrapErr(op, model, err)
		}
		if v, ok := patch["id"]; ok {
			if id, err = encode(a.c.dialect, t.id, v); err != nil {
				return err
			}
		}
		sel := newBuilder(a.c.dialect).w("SELECT ", t.selects, " FROM ", t.quoted, " WHERE ", t.id.quoted, " = ").arg(id)
		out, err = tx.queryOne(ctx, tx.q(), t, sel, op)
		return err
	})
	return out, err
}

// lockOne selects the id of one row matching where FOR UPDATE (inside a transaction).
func (a *Adapter) lockOne(ctx context.Context, op string, t *tableInfo, where []db.Where) (any, error) {
	b := newBuilder(a.c.dialect).w("SELECT ", t.id.quoted, " FROM ", t.quoted)
	if err := b.where(t, where); err != nil {
		return nil, err
	}
	b.w(" LIMIT 1")
	if a.c.dialect != SQLite {
		b.w(" FOR UPDATE")
	}
	var id any
	rows, err := a.q().QueryContext(ctx, b.String(), b.args...)
	if err != nil {
		return nil, wrapErr(op, t.model, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, wrapErr(op, t.model, err)
		}
		return nil, notFound(op, t.model)
	}
	if err := rows.Scan(&id); err != nil {
		return nil, wrapErr(op, t.model, err)
	}
	if b, ok := id.([]byte); ok {
		id = string(b)
	}
	return id, rows.Close()
}

// ConsumeOne implements db.Adapter: it deletes one matching row and returns it; of N
// racers for one row exactly one gets it, the others get db.ErrNotFound.
func (a *Adapter) ConsumeOne(ctx context.Context, model string, where []db.Where) (db.Record, error) {
	t, err := a.table("consume", model)
	if err != nil {
		return nil, err
	}
	if err := checkWhere(t, where); err != nil {
		return nil, err
	}
	caps, err := a.c.capabilities(ctx, a.q())
	if err != nil {
		return nil, err
	}
	if caps.returning {
		b := newBuilder(a.c.dialect).w("DELETE FROM ", t.quoted)
		if a.c.dialect == MySQL { // MariaDB
			if err := b.where(t, where); err != nil {
				return nil, err
			}
			b.w(" LIMIT 1")
		} else if err := a.oneRow(b, t, where, true); err != nil {
			return nil, err
		}
		b.w(" RETURNING ", t.selects)
		release, err := a.lockWrite(ctx)
		if err != nil {
			return nil, err
		}
		defer release()
		return a.queryOne(ctx, a.q(), t, b, "consume")
	}
	var out db.Record
	err = a.inTx(ctx, func(tx *Adapter) error {
		sel, err := tx.selectWhere(t, where)
		if err != nil {
			return err
		}
		sel.w(" LIMIT 1")
		if a.c.dialect != SQLite {
			sel.w(" FOR UPDATE")
		}
		row, err := tx.queryOne(ctx, tx.q(), t, sel, "consume")
		if err != nil {
			return err
		}
		id, _ := encode(a.c.dialect, t.id, row["id"])
		del := newBuilder(a.c.dialect).w("DELETE FROM ", t.quoted, " WHERE ", t.id.quoted, " = ").arg(id)
		res, err := tx.exec(ctx, tx.q(), del)
		if err != nil {
			return wrapErr("consume", model, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return notFound("consume", model) // taken by another caller
		}
		out = row
		return nil
	})
	return out, err
}
