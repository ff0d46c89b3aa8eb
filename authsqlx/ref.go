package authsqlx

import (
	"context"
	"fmt"
	"time"

	"github.com/goauth-dev/goauth/authcore/db"
)

// FindOneWithRef implements db.RefFinder in one statement: the row left-joined to the row
// it refers to. It is how get-session reads a session and its user in one round trip.
func (a *Adapter) FindOneWithRef(ctx context.Context, model string, where []db.Where, ref db.Ref) (db.Record, db.Record, error) {
	t, err := a.table("find", model)
	if err != nil {
		return nil, nil, err
	}
	rt, err := a.table("find", ref.Model)
	if err != nil {
		return nil, nil, err
	}
	via, ok := t.byName[ref.Via]
	if !ok {
		return nil, nil, fmt.Errorf("authsqlx: find %s.%s: %w", model, ref.Via, db.ErrUnknownModel)
	}
	field, ok := rt.byName[ref.Field]
	if !ok {
		return nil, nil, fmt.Errorf("authsqlx: find %s.%s: %w", ref.Model, ref.Field, db.ErrUnknownModel)
	}
	if !via.isString() || !field.isString() {
		// A join compares columns as the database does, FindOne compares a value encoded
		// for the column; only text references are sure to agree.
		return db.FindWithRef(ctx, noRefs{a}, model, where, ref)
	}
	b := newBuilder(a.c.dialect)
	b.w("SELECT ", t.refSelects[0], ", ", rt.refSelects[1], " FROM ", t.quoted, " ", rowAlias,
		" LEFT JOIN ", rt.quoted, " ", refAlias, " ON ", refAlias, ".", field.quoted, " = ", rowAlias, ".", via.quoted)
	if b.binary(field) {
		// MySQL compares with the column's collation, case-insensitive by default.
		b.w(" AND CAST(", refAlias, ".", field.quoted, " AS BINARY) = CAST(", rowAlias, ".", via.quoted, " AS BINARY)")
	}
	b.alias = rowAlias
	if err := b.where(t, where); err != nil {
		return nil, nil, err
	}
	b.w(" LIMIT 1")
	row, refRow, err := a.queryRef(ctx, t, rt, b)
	if err != nil {
		return nil, nil, wrapErr("find", model, err)
	}
	if row == nil {
		return nil, nil, notFound("find", model)
	}
	return row, refRow, nil
}

// noRefs hides FindOneWithRef, for db.FindWithRef's two-statement path.
type noRefs struct{ db.Adapter }

// queryRef runs FindOneWithRef's statement and decodes its row: t's columns, then rt's,
// all NULL when the join found nothing (rt's id is never NULL otherwise).
func (a *Adapter) queryRef(ctx context.Context, t, rt *tableInfo, b *builder) (db.Record, db.Record, error) {
	start := time.Now()
	rows, err := a.q().QueryContext(ctx, b.String(), b.args...)
	a.c.logQuery(ctx, b.String(), len(b.args), start, err)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, nil, rows.Err()
	}
	n := len(t.cols)
	vals := make([]any, n+len(rt.cols))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, nil, err
	}
	row, err := decodeRow(t, vals[:n])
	if err != nil {
		return nil, nil, err
	}
	var refRow db.Record
	if vals[n] != nil { // rt's id
		if refRow, err = decodeRow(rt, vals[n:]); err != nil {
			return nil, nil, err
		}
	}
	return row, refRow, rows.Close()
}

// decodeRow decodes the scanned values of t's columns.
func decodeRow(t *tableInfo, vals []any) (db.Record, error) {
	r := make(db.Record, len(t.cols))
	for i, c := range t.cols {
		v, err := decode(c, vals[i])
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", t.model, c.name, err)
		}
		r[c.name] = v
	}
	return r, nil
}
