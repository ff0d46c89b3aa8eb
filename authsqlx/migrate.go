package authsqlx

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/goauth-dev/goauth/authcore/schema"
)

// StepKind is what a migration step does.
type StepKind string

// Step kinds. Plans are additive: they never drop or alter what exists.
const (
	CreateTable StepKind = "create table"
	AddColumn   StepKind = "add column"
	CreateIndex StepKind = "create index"
)

// Step is one statement of a Plan.
type Step struct {
	Kind   StepKind
	Table  string // database table name
	Column string // the column added or indexed; empty for CreateTable
	SQL    string // the statement, without a trailing ";"
}

// Plan is what a database lacks compared with the adapter's schema: the tables, columns
// and indexes to create, in the order Better Auth's migrator would run them (new columns,
// new tables in table order, then indexes).
type Plan struct {
	Dialect Dialect
	Steps   []Step
	// Notes are differences the plan tolerates and leaves alone, such as a nullable
	// column for a required field.
	Notes []string
}

// Empty reports whether the plan has nothing to do.
func (p *Plan) Empty() bool { return p == nil || len(p.Steps) == 0 }

// SQL returns the plan's statements as a script in GenerateSQL's format ("" when empty).
func (p *Plan) SQL() string {
	if p.Empty() {
		return ""
	}
	stmts := make([]string, len(p.Steps))
	for i, s := range p.Steps {
		stmts[i] = s.SQL
	}
	return strings.Join(stmts, ";\n\n") + ";\n"
}

// Summary returns one short line per step ("create table user", "add column
// user.nickname", "create index session_userId_idx on session(userId)").
func (p *Plan) Summary() string {
	if p.Empty() {
		return ""
	}
	lines := make([]string, len(p.Steps))
	for i, s := range p.Steps {
		switch s.Kind {
		case CreateTable:
			lines[i] = "create table " + s.Table
		case AddColumn:
			lines[i] = "add column " + s.Table + "." + s.Column
		default:
			lines[i] = "create index on " + s.Table + "(" + s.Column + ")"
		}
	}
	return strings.Join(lines, "\n")
}

// ErrDrift is matched (errors.Is) by every *DriftError.
var ErrDrift = errors.New("authsqlx: the database schema differs from the application's in a way migrations cannot fix")

// ErrStalePlan is returned by Apply when the database changed after the plan was made
// (another instance migrated it differently); make a new plan.
var ErrStalePlan = errors.New("authsqlx: the database changed since the plan was made")

// Drift is one difference between the database and the schema that a migration cannot
// fix safely.
type Drift struct {
	Table   string
	Column  string // empty for a table-level problem
	Problem string
}

// String returns "table.column: problem".
func (d Drift) String() string {
	if d.Column == "" {
		return d.Table + ": " + d.Problem
	}
	return d.Table + "." + d.Column + ": " + d.Problem
}

// DriftError lists the drift that stopped a plan. errors.Is(err, ErrDrift) matches it.
type DriftError struct {
	Drifts []Drift
}

// Error lists every drift.
func (e *DriftError) Error() string {
	parts := make([]string, len(e.Drifts))
	for i, d := range e.Drifts {
		parts[i] = d.String()
	}
	return "authsqlx: schema drift the migration will not fix: " + strings.Join(parts, "; ")
}

// Is reports whether target is ErrDrift.
func (e *DriftError) Is(target error) bool { return target == ErrDrift }

// Plan compares the adapter's schema with the live database and returns the steps that
// bring the database up to it. It fails with a *DriftError when the database holds
// something a migration cannot fix safely: a column whose type cannot hold its field's
// values, a required column missing on a table with rows (SQLite: on any table, as it
// cannot add a NOT NULL column without a default), a NOT NULL column without a default
// that writes would leave empty.
//
// A database created by Better Auth 1.6.9's migrator for the same configuration plans
// empty.
func (a *Adapter) Plan(ctx context.Context) (*Plan, error) {
	return a.plan(ctx, a.c.db)
}

func (a *Adapter) plan(ctx context.Context, q querier) (*Plan, error) {
	d, s := a.c.dialect, a.c.schema
	live, err := introspect(ctx, q, d)
	if err != nil {
		return nil, err
	}
	p := &Plan{Dialect: d}
	var adds, creates, indexes []Step
	var drifts []Drift
	for _, t := range migrationOrder(s) {
		name := t.TableName()
		lt := live[name]
		if lt == nil {
			creates = append(creates, Step{Kind: CreateTable, Table: name, SQL: createTable(d, s, t)})
			for _, f := range t.Fields {
				if f.Index {
					indexes = append(indexes, Step{Kind: CreateIndex, Table: name, Column: f.ColumnName(), SQL: createIndex(d, t, f, f.Unique)})
				}
			}
			continue
		}
		rows := func() (bool, error) {
			var one int
			err := q.QueryRowContext(ctx, "SELECT 1 FROM "+d.quote(name)+" LIMIT 1").Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				return false, nil
			}
			return err == nil, err
		}
		tAdds, tIndexes, tDrifts, notes, err := planTable(d, s, t, lt, rows)
		if err != nil {
			return nil, err
		}
		adds, indexes, drifts = append(adds, tAdds...), append(indexes, tIndexes...), append(drifts, tDrifts...)
		p.Notes = append(p.Notes, notes...)
	}
	if len(drifts) > 0 {
		return nil, &DriftError{Drifts: drifts}
	}
	p.Steps = append(append(adds, creates...), indexes...)
	return p, nil
}

// planTable compares one existing table with its schema.
func planTable(d Dialect, s *schema.Schema, t *schema.Table, lt *liveTable, hasRows func() (bool, error)) (adds, indexes []Step, drifts []Drift, notes []string, err error) {
	name := t.TableName()
	drift := func(col, format string, args ...any) {
		drifts = append(drifts, Drift{Table: name, Column: col, Problem: fmt.Sprintf(format, args...)})
	}
	if id := lt.columns["id"]; id == nil {
		drift("id", "the table has no id column")
	} else if !compatible(d, schema.Field{}, true, id.typ) {
		drift("id", "type %s cannot hold string ids (want %s)", id.typ, columnType(d, schema.Field{}, true))
	}
	known := map[string]bool{"id": true}
	var rows *bool
	for _, f := range t.Fields {
		col := f.ColumnName()
		known[col] = true
		lc := lt.columns[col]
		if lc == nil {
			if f.Required {
				if d == SQLite {
					drift(col, "required column missing: SQLite cannot add a NOT NULL column without a default (make the field optional, or recreate the table)")
					continue
				}
				if rows == nil {
					r, err := hasRows()
					if err != nil {
						return nil, nil, nil, nil, fmt.Errorf("authsqlx: counting rows of %s: %w", name, err)
					}
					rows = &r
				}
				if *rows {
					drift(col, "required column missing on a table with rows, and the field has no database default (make the field optional, or add the column with a default yourself)")
					continue
				}
			}
			adds = append(adds, Step{Kind: AddColumn, Table: name, Column: col, SQL: addColumn(d, s, t, f)})
			switch {
			case f.Unique && (d == SQLite || f.Index):
				indexes = append(indexes, Step{Kind: CreateIndex, Table: name, Column: col, SQL: createIndex(d, t, f, true)})
			case f.Index:
				indexes = append(indexes, Step{Kind: CreateIndex, Table: name, Column: col, SQL: createIndex(d, t, f, false)})
			}
			continue
		}
		if !compatible(d, f, false, lc.typ) {
			drift(col, "type %s cannot hold a %s field (want %s)", lc.typ, f.Type, columnType(d, f, false))
			continue
		}
		switch {
		case lc.notNull && !f.Required && !lc.hasDefault:
			drift(col, "column is NOT NULL without a default but the field is optional: writes without a value would fail (make the field required, or drop NOT NULL)")
		case !lc.notNull && f.Required:
			notes = append(notes, fmt.Sprintf("%s.%s is nullable but the field is required", name, col))
		}
		switch {
		case f.Unique && !lt.hasIndex(col, true):
			indexes = append(indexes, Step{Kind: CreateIndex, Table: name, Column: col, SQL: createIndex(d, t, f, true)})
		case f.Index && !lt.hasIndex(col, false):
			indexes = append(indexes, Step{Kind: CreateIndex, Table: name, Column: col, SQL: createIndex(d, t, f, false)})
		}
	}
	for _, col := range lt.order {
		if lc := lt.columns[col]; !known[col] && lc.notNull && !lc.hasDefault {
			drift(col, "NOT NULL column without a default that the schema does not know: inserts would fail (add the field to the schema, or give the column a default)")
		}
	}
	return adds, indexes, drifts, notes, nil
}
