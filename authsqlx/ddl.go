package authsqlx

import (
	"strings"

	"github.com/goauth-dev/goauth/authcore/schema"
)

// DDL in the exact text Better Auth's migrator (Kysely's schema builder) compiles, so
// that a SQLite database created by either side has the same sqlite_master and a script
// from either side can be applied to the other's database.
// Better Auth: packages/better-auth/src/db/get-migration.ts (getType, the column builder).

// columnType returns the SQL type of field f on dialect d (getType). isID marks the
// table's "id" column.
func columnType(d Dialect, f schema.Field, isID bool) string {
	if isID || (f.References != nil && f.References.Field == "id") {
		if d == MySQL {
			return "varchar(36)"
		}
		return "text"
	}
	if len(f.Enum) > 0 {
		return "text" // Better Auth's string-literal array types
	}
	switch f.Type {
	case schema.String:
		if d != MySQL {
			return "text"
		}
		switch {
		case f.Unique:
			return "varchar(255)"
		case f.References != nil:
			return "varchar(36)"
		case f.Sortable, f.Index:
			return "varchar(255)"
		}
		return "text"
	case schema.Boolean:
		if d == SQLite {
			return "integer"
		}
		return "boolean"
	case schema.Number:
		if f.BigInt {
			return "bigint"
		}
		return "integer"
	case schema.Date:
		switch d {
		case Postgres:
			return "timestamptz"
		case MySQL:
			return "timestamp(3)"
		}
		return "date"
	case schema.JSON, schema.StringArray, schema.NumberArray:
		switch d {
		case Postgres:
			return "jsonb"
		case MySQL:
			return "json"
		}
		return "text"
	}
	return "text"
}

// columnDef returns one column definition: name, type, default, not null, unique,
// references (Kysely's order).
func columnDef(d Dialect, s *schema.Schema, f schema.Field) string {
	var sb strings.Builder
	sb.WriteString(d.quote(f.ColumnName()))
	sb.WriteByte(' ')
	sb.WriteString(columnType(d, f, false))
	// Better Auth gives date fields with a function default a database default on
	// Postgres and MySQL.
	if f.Type == schema.Date && f.Default != nil {
		switch d {
		case Postgres:
			sb.WriteString(" default CURRENT_TIMESTAMP")
		case MySQL:
			sb.WriteString(" default CURRENT_TIMESTAMP(3)")
		}
	}
	if f.Required {
		sb.WriteString(" not null")
	}
	if f.Unique {
		sb.WriteString(" unique")
	}
	if r := f.References; r != nil {
		sb.WriteString(" references ")
		sb.WriteString(d.quote(refTable(s, r)))
		sb.WriteString(" (")
		sb.WriteString(d.quote(refColumn(s, r)))
		sb.WriteString(") on delete ")
		sb.WriteString(onDelete(r))
	}
	return sb.String()
}

// refTable is the table a reference points at: the referenced model's table, or the
// model name itself for a table outside the schema.
func refTable(s *schema.Schema, r *schema.Reference) string {
	if t, ok := s.Table(r.Model); ok {
		return t.TableName()
	}
	return r.Model
}

func refColumn(s *schema.Schema, r *schema.Reference) string {
	if t, ok := s.Table(r.Model); ok {
		if f, ok := t.Field(r.Field); ok {
			return f.ColumnName()
		}
	}
	return r.Field
}

func onDelete(r *schema.Reference) string {
	if r.OnDelete == "" {
		return "cascade"
	}
	return strings.ToLower(r.OnDelete)
}

// createTable returns CREATE TABLE for t.
func createTable(d Dialect, s *schema.Schema, t *schema.Table) string {
	var sb strings.Builder
	sb.WriteString("create table ")
	sb.WriteString(d.quote(t.TableName()))
	sb.WriteString(" (")
	sb.WriteString(d.quote("id"))
	sb.WriteByte(' ')
	sb.WriteString(columnType(d, schema.Field{}, true))
	sb.WriteString(" not null primary key")
	for _, f := range t.Fields {
		sb.WriteString(", ")
		sb.WriteString(columnDef(d, s, f))
	}
	sb.WriteByte(')')
	return sb.String()
}

// indexName is Better Auth's index name: <table>_<column>_idx, or _uidx when unique.
func indexName(t *schema.Table, f schema.Field, unique bool) string {
	suffix := "_idx"
	if unique {
		suffix = "_uidx"
	}
	return t.TableName() + "_" + f.ColumnName() + suffix
}

// createIndex returns CREATE [UNIQUE] INDEX for f.
func createIndex(d Dialect, t *schema.Table, f schema.Field, unique bool) string {
	kind := "create index "
	if unique {
		kind = "create unique index "
	}
	return kind + d.quote(indexName(t, f, unique)) + " on " + d.quote(t.TableName()) + " (" + d.quote(f.ColumnName()) + ")"
}

// addColumn returns ALTER TABLE ... ADD COLUMN for f.
func addColumn(d Dialect, s *schema.Schema, t *schema.Table, f schema.Field) string {
	def := columnDef(d, s, f)
	if d == SQLite && f.Unique {
		// SQLite cannot add a UNIQUE column; the plan adds a unique index after it.
		uf := f
		uf.Unique = false
		def = columnDef(d, s, uf)
	}
	return "alter table " + d.quote(t.TableName()) + " add column " + def
}

// GenerateSQL returns the script that creates every table of s on an empty database of
// dialect d, as Better Auth's migrator compiles it (`npx auth migrate` and
// compileMigrations): the tables in order, then their indexes, each statement ended by
// ";" and separated by a blank line. Tables with DisableMigration are left out.
func GenerateSQL(d Dialect, s *schema.Schema) string {
	var stmts []string
	var indexes []string
	for _, t := range migrationOrder(s) {
		stmts = append(stmts, createTable(d, s, t))
		for _, f := range t.Fields {
			if f.Index {
				indexes = append(indexes, createIndex(d, t, f, f.Unique))
			}
		}
	}
	stmts = append(stmts, indexes...)
	if len(stmts) == 0 {
		return ""
	}
	return strings.Join(stmts, ";\n\n") + ";\n"
}
