package memdb

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/goauth-dev/goauth/authcore/db"
)

// cond is one compiled db.Where term.
type cond struct {
	field string
	op    db.Op
	value any   // strings lowered when fold is set
	list  []any // In, NotIn
	fold  bool  // case-insensitive: the stored string is lowered before comparing
}

// matcher is a compiled where clause: every and term, plus any or term when there is one.
type matcher struct {
	and, or []cond
	// probe, when set, is an Eq term on an indexed field: only the row under probeKey in
	// that index can match.
	probe    string
	probeKey any
}

// compile validates where against the table and prepares it for matching.
func (d *tableDef) compile(where []db.Where) (*matcher, error) {
	m := &matcher{}
	for _, w := range where {
		if _, ok := d.fields[w.Field]; !ok {
			return nil, fmt.Errorf("memdb: where %s.%s: %w", d.model, w.Field, db.ErrUnknownModel)
		}
		c := cond{field: w.Field, op: w.Op, value: w.Value}
		if c.op == "" {
			c.op = db.Eq
		}
		switch c.op {
		case db.Lt, db.Lte, db.Gt, db.Gte:
			// Insensitive does not apply to comparisons (Better Auth ignores it too).
		case db.Eq, db.Ne, db.Contains, db.StartsWith, db.EndsWith:
			if s, ok := asString(w.Value); ok && w.Insensitive {
				c.fold, c.value = true, strings.ToLower(s)
			}
		case db.In, db.NotIn:
			c.list = toList(w.Value)
			c.value = nil
			if w.Insensitive && allStrings(c.list) {
				c.fold = true
				for i, e := range c.list {
					s, _ := asString(e)
					c.list[i] = strings.ToLower(s)
				}
			}
		default:
			return nil, fmt.Errorf("memdb: where %s.%s: unknown operator %q", d.model, w.Field, w.Op)
		}
		switch w.Connector {
		case "", db.And:
			m.and = append(m.and, c)
			if m.probe == "" && c.op == db.Eq && !c.fold && c.value != nil && d.isUnique(c.field) {
				m.probe, m.probeKey = c.field, indexKey(c.value)
			}
		case db.Or:
			m.or = append(m.or, c)
		default:
			return nil, fmt.Errorf("memdb: where %s.%s: unknown connector %q", d.model, w.Field, w.Connector)
		}
	}
	return m, nil
}

// toList returns the elements of an In/NotIn value: a slice or array, or a single value.
func toList(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		return append([]any(nil), x...)
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	}
	rv := reflect.ValueOf(v)
	if k := rv.Kind(); k != reflect.Slice && k != reflect.Array {
		return []any{v}
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out
}

func allStrings(list []any) bool {
	for _, e := range list {
		if _, ok := asString(e); !ok {
			return false
		}
	}
	return true
}

// match reports whether the row satisfies the clause.
func (m *matcher) match(r db.Record) bool {
	for i := range m.and {
		if !m.and[i].match(r) {
			return false
		}
	}
	if len(m.or) == 0 {
		return true
	}
	for i := range m.or {
		if m.or[i].match(r) {
			return true
		}
	}
	return false
}

// match evaluates the term with SQL's NULL semantics: a NULL field only matches Eq nil.
func (c *cond) match(r db.Record) bool {
	v := r[c.field]
	if c.op == db.Eq && c.value == nil {
		return v == nil
	}
	if c.op == db.Ne && c.value == nil {
		return v != nil
	}
	if c.op == db.NotIn && len(c.list) == 0 {
		return true // x NOT IN () is true, even for NULL
	}
	if v == nil {
		return false
	}
	if c.fold {
		s, ok := asString(v)
		if !ok {
			return false
		}
		v = strings.ToLower(s)
	}
	switch c.op {
	case db.Eq:
		return equal(v, c.value)
	case db.Ne:
		return !equal(v, c.value)
	case db.Lt, db.Lte, db.Gt, db.Gte:
		if c.value == nil {
			return false
		}
		n, ok := compare(v, c.value)
		if !ok {
			return false
		}
		switch c.op {
		case db.Lt:
			return n < 0
		case db.Lte:
			return n <= 0
		case db.Gt:
			return n > 0
		}
		return n >= 0
	case db.In:
		for _, e := range c.list {
			if e != nil && equal(v, e) {
				return true
			}
		}
		return false
	case db.NotIn:
		for _, e := range c.list {
			if e == nil || equal(v, e) {
				return false
			}
		}
		return true
	}
	s, ok := asString(v)
	if !ok {
		return false
	}
	sub, ok := asString(c.value)
	if !ok {
		return false
	}
	switch c.op {
	case db.Contains:
		return strings.Contains(s, sub)
	case db.StartsWith:
		return strings.HasPrefix(s, sub)
	}
	return strings.HasSuffix(s, sub)
}
