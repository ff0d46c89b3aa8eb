package authsqlx

import (
	"fmt"
	"reflect"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/schema"
)

// where writes the WHERE clause of where (nothing when it is empty) with Better Auth's
// grouping: (all AND terms) AND (any OR term).
// Better Auth: kysely-adapter convertWhereClause.
func (b *builder) where(t *tableInfo, where []db.Where) error {
	if len(where) == 0 {
		return nil
	}
	var and, or []db.Where
	for _, w := range where {
		if w.Connector == db.Or {
			or = append(or, w)
		} else {
			and = append(and, w)
		}
	}
	b.w(" WHERE ")
	first := true
	for _, w := range and {
		if !first {
			b.w(" AND ")
		}
		first = false
		if err := b.cond(t, w); err != nil {
			return err
		}
	}
	if len(or) > 0 {
		if !first {
			b.w(" AND ")
		}
		b.w("(")
		for i, w := range or {
			if i > 0 {
				b.w(" OR ")
			}
			if err := b.cond(t, w); err != nil {
				return err
			}
		}
		b.w(")")
	}
	return nil
}

// checkWhere reports the first field of where that t does not have.
func checkWhere(t *tableInfo, where []db.Where) error {
	for _, w := range where {
		if _, ok := t.byName[w.Field]; !ok {
			return fmt.Errorf("authsqlx: where %s.%s: %w", t.model, w.Field, db.ErrUnknownModel)
		}
	}
	return nil
}

// cond writes one condition.
func (b *builder) cond(t *tableInfo, w db.Where) error {
	c, ok := t.byName[w.Field]
	if !ok {
		return fmt.Errorf("authsqlx: where %s.%s: %w", t.model, w.Field, db.ErrUnknownModel)
	}
	op := w.Op
	if op == "" {
		op = db.Eq
	}
	var err error
	switch op {
	case db.Eq, db.Ne, db.Lt, db.Lte, db.Gt, db.Gte:
		err = b.compare(c, op, w.Value, w.Insensitive)
	case db.In, db.NotIn:
		err = b.in(c, op, w.Value, w.Insensitive)
	case db.Contains, db.StartsWith, db.EndsWith:
		err = b.like(c, op, w.Value, w.Insensitive)
	default:
		err = fmt.Errorf("unknown operator %q", op)
	}
	if err != nil {
		return fmt.Errorf("authsqlx: where %s.%s: %w", t.model, w.Field, err)
	}
	return nil
}

var sqlOps = map[db.Op]string{db.Eq: " = ", db.Ne: " <> ", db.Lt: " < ", db.Lte: " <= ", db.Gt: " > ", db.Gte: " >= "}

// folds reports whether an Insensitive condition on c with value v compares lowered
// strings: only string columns with string values fold.
func folds(c *column, insensitive bool, v any) bool {
	if !insensitive || !c.isString() {
		return false
	}
	_, ok := asString(v)
	return ok
}

// binary reports whether string comparisons on c need a byte-wise cast: MySQL and
// MariaDB compare with the column's collation, case-insensitive by default.
func (b *builder) binary(c *column) bool { return b.d == MySQL && c.isString() }

// compare writes Eq, Ne and the ordering operators.
func (b *builder) compare(c *column, op db.Op, v any, insensitive bool) error {
	if v == nil {
		switch op {
		case db.Eq:
			b.w(b.col(c), " IS NULL")
		case db.Ne:
			b.w(b.col(c), " IS NOT NULL")
		default:
			b.w("1 = 0") // a comparison with NULL is never true
		}
		return nil
	}
	if folds(c, insensitive, v) {
		s, _ := asString(v)
		if b.d == MySQL {
			b.w("CAST(LOWER(", b.col(c), ") AS BINARY)")
		} else {
			b.w("LOWER(", b.col(c), ")")
		}
		b.w(sqlOps[op]).arg(b.d.lower(s))
		return nil
	}
	p, err := encode(b.d, c, v)
	if err != nil {
		return err
	}
	switch {
	case b.binary(c) && op == db.Eq:
		// The plain term lets MySQL use an index; the binary one makes it exact.
		b.w("(", b.col(c), " = ").arg(p).w(" AND CAST(", b.col(c), " AS BINARY) = ").arg(p).w(")")
	case b.binary(c):
		b.w("CAST(", b.col(c), " AS BINARY)", sqlOps[op]).arg(p)
	default:
		b.w(b.col(c), sqlOps[op]).arg(p)
	}
	return nil
}

// list returns the elements of an In/NotIn value; nil elements never match and are
// dropped.
func list(v any) []any {
	if v == nil {
		return nil
	}
	switch x := v.(type) {
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			if e != nil {
				out = append(out, e)
			}
		}
		return out
	case []string:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return []any{v} // Better Auth wraps a single value
	}
	out := make([]any, 0, rv.Len())
	for i := range rv.Len() {
		if e := rv.Index(i).Interface(); e != nil {
			out = append(out, e)
		}
	}
	return out
}

// in writes In and NotIn.
func (b *builder) in(c *column, op db.Op, v any, insensitive bool) error {
	items := list(v)
	if len(items) == 0 {
		if op == db.In {
			b.w("1 = 0")
		} else {
			b.w("1 = 1")
		}
		return nil
	}
	fold := insensitive && c.isString()
	for _, e := range items {
		if _, ok := asString(e); !ok {
			fold = false // a non-string element: compare as stored
		}
	}
	params := make([]any, len(items))
	for i, e := range items {
		if fold {
			s, _ := asString(e)
			params[i] = b.d.lower(s)
		} else {
			p, err := encode(b.d, c, e)
			if err != nil {
				return err
			}
			params[i] = p
		}
	}
	lhs := b.col(c)
	switch {
	case fold && b.d == MySQL:
		lhs = "CAST(LOWER(" + b.col(c) + ") AS BINARY)"
	case fold:
		lhs = "LOWER(" + b.col(c) + ")"
	case b.binary(c):
		lhs = "CAST(" + b.col(c) + " AS BINARY)"
	}
	if b.binary(c) && !fold && op == db.In {
		b.w("(")
		b.inList(b.col(c), " IN (", params)
		b.w(" AND ")
		b.inList(lhs, " IN (", params)
		b.w(")")
		return nil
	}
	if op == db.In {
		b.inList(lhs, " IN (", params)
	} else {
		b.inList(lhs, " NOT IN (", params)
	}
	return nil
}

func (b *builder) inList(lhs, op string, params []any) {
	b.w(lhs, op)
	for i, p := range params {
		if i > 0 {
			b.w(", ")
		}
		b.arg(p)
	}
	b.w(")")
}

// like writes Contains, StartsWith and EndsWith, matching the value literally: case-
// sensitively unless insensitive (SQLite: GLOB; MySQL: a binary LIKE; Postgres: LIKE),
// else with ILIKE or LOWER(...) LIKE.
func (b *builder) like(c *column, op db.Op, v any, insensitive bool) error {
	s, ok := asString(v)
	if !ok {
		return fmt.Errorf("%s: the value is %T, not a string", op, v)
	}
	lhs := b.col(c)
	if b.d == Postgres && c.field.Type != schema.String && c.field.Type != idType {
		lhs = "CAST(" + b.col(c) + " AS text)"
	}
	if b.d == SQLite && !insensitive {
		p := escapeGlob(s)
		b.w(lhs, " GLOB ").arg(wrap(op, p, "*"))
		return nil
	}
	p := escapeLike(s)
	switch {
	case insensitive && b.d == Postgres:
		b.w(lhs, " ILIKE ")
	case insensitive && b.d == MySQL:
		// Lowered and compared as bytes: MySQL's default collations also ignore accents.
		p = b.d.lower(p)
		b.w("CAST(LOWER(", lhs, ") AS BINARY) LIKE ")
	case insensitive:
		p = b.d.lower(p)
		b.w("LOWER(", lhs, ") LIKE ")
	case b.d == MySQL:
		b.w("CAST(", lhs, " AS BINARY) LIKE ")
	default:
		b.w(lhs, " LIKE ")
	}
	b.arg(wrap(op, p, "%")).w(" ESCAPE '", likeEscape, "'")
	return nil
}

// wrap adds the wildcard around p as op needs.
func wrap(op db.Op, p, any string) string {
	switch op {
	case db.StartsWith:
		return p + any
	case db.EndsWith:
		return any + p
	}
	return any + p + any
}
