package authsqlx

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// liveTable is a table as the database describes it.
type liveTable struct {
	name    string
	columns map[string]*liveColumn
	order   []string // column names in table order
	indexes []liveIndex
}

type liveColumn struct {
	name       string
	typ        string // declared type, lowercased ("varchar(255)", "timestamp with time zone")
	notNull    bool
	hasDefault bool
}

type liveIndex struct {
	name    string
	columns []string
	unique  bool // unique and not partial
}

// hasIndex reports whether an index starts with column (unique: a unique index on
// exactly that column).
func (t *liveTable) hasIndex(column string, unique bool) bool {
	for _, ix := range t.indexes {
		if len(ix.columns) == 0 || ix.columns[0] != column {
			continue
		}
		if !unique || (ix.unique && len(ix.columns) == 1) {
			return true
		}
	}
	return false
}

// introspect reads the tables of the current database (Postgres: the current schema,
// the first of search_path).
func introspect(ctx context.Context, q querier, d Dialect) (map[string]*liveTable, error) {
	tables := map[string]*liveTable{}
	get := func(name string) *liveTable {
		t := tables[name]
		if t == nil {
			t = &liveTable{name: name, columns: map[string]*liveColumn{}}
			tables[name] = t
		}
		return t
	}
	addColumn := func(table string, c *liveColumn) {
		t := get(table)
		c.typ = strings.ToLower(strings.TrimSpace(c.typ))
		t.columns[c.name] = c
		t.order = append(t.order, c.name)
	}
	var err error
	switch d {
	case SQLite:
		err = introspectSQLite(ctx, q, get, addColumn)
	case Postgres:
		err = introspectPostgres(ctx, q, get, addColumn)
	case MySQL:
		err = introspectMySQL(ctx, q, get, addColumn)
	}
	if err != nil {
		return nil, fmt.Errorf("authsqlx: reading the database schema: %w", err)
	}
	return tables, nil
}

// scanAll runs query and calls fn for every row.
func scanAll(ctx context.Context, q querier, fn func(*sql.Rows) error, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func introspectSQLite(ctx context.Context, q querier, get func(string) *liveTable, addColumn func(string, *liveColumn)) error {
	var names []string
	err := scanAll(ctx, q, func(r *sql.Rows) error {
		var n string
		err := r.Scan(&n)
		names = append(names, n)
		return err
	}, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return err
	}
	for _, table := range names {
		get(table)
		err := scanAll(ctx, q, func(r *sql.Rows) error {
			var c liveColumn
			var notNull, pk int
			var def sql.NullString
			if err := r.Scan(&c.name, &c.typ, &notNull, &def, &pk); err != nil {
				return err
			}
			// A text primary key may hold NULL in SQLite unless declared NOT NULL.
			c.notNull, c.hasDefault = notNull != 0, def.Valid
			addColumn(table, &c)
			return nil
		}, `SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid`, table)
		if err != nil {
			return err
		}
		var idx []liveIndex
		err = scanAll(ctx, q, func(r *sql.Rows) error {
			var ix liveIndex
			var unique, partial int
			if err := r.Scan(&ix.name, &unique, &partial); err != nil {
				return err
			}
			ix.unique = unique != 0 && partial == 0
			idx = append(idx, ix)
			return nil
		}, `SELECT name, "unique", partial FROM pragma_index_list(?)`, table)
		if err != nil {
			return err
		}
		for i := range idx {
			err := scanAll(ctx, q, func(r *sql.Rows) error {
				var col sql.NullString
				if err := r.Scan(&col); err != nil {
					return err
				}
				idx[i].columns = append(idx[i].columns, col.String)
				return nil
			}, `SELECT name FROM pragma_index_info(?) ORDER BY seqno`, idx[i].name)
			if err != nil {
				return err
			}
		}
		get(table).indexes = idx
	}
	return nil
}

func introspectPostgres(ctx context.Context, q querier, get func(string) *liveTable, addColumn func(string, *liveColumn)) error {
	err := scanAll(ctx, q, func(r *sql.Rows) error {
		var table string
		var c liveColumn
		if err := r.Scan(&table, &c.name, &c.typ, &c.notNull, &c.hasDefault); err != nil {
			return err
		}
		addColumn(table, &c)
		return nil
	}, `SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atthasdef
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum`)
	if err != nil {
		return err
	}
	return scanAll(ctx, q, func(r *sql.Rows) error {
		var table, cols string
		var ix liveIndex
		if err := r.Scan(&table, &ix.name, &ix.unique, &cols); err != nil {
			return err
		}
		if cols != "" {
			ix.columns = strings.Split(cols, "\x1f")
		}
		t := get(table)
		t.indexes = append(t.indexes, ix)
		return nil
	}, `SELECT t.relname, i.relname, ix.indisunique AND ix.indpred IS NULL,
  array_to_string(ARRAY(
    SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord), chr(31))
FROM pg_index ix
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = current_schema()
ORDER BY t.relname, i.relname`)
}

func introspectMySQL(ctx context.Context, q querier, get func(string) *liveTable, addColumn func(string, *liveColumn)) error {
	err := scanAll(ctx, q, func(r *sql.Rows) error {
		var table, nullable string
		var c liveColumn
		if err := r.Scan(&table, &c.name, &c.typ, &nullable, &c.hasDefault); err != nil {
			return err
		}
		c.notNull = strings.EqualFold(nullable, "NO")
		addColumn(table, &c)
		return nil
	}, `SELECT c.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE,
  c.COLUMN_DEFAULT IS NOT NULL OR c.EXTRA LIKE '%auto_increment%'
FROM information_schema.COLUMNS c
JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
WHERE c.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE'
ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`)
	if err != nil {
		return err
	}
	type key struct{ table, index string }
	pos := map[key]int{}
	return scanAll(ctx, q, func(r *sql.Rows) error {
		var table, index string
		var col sql.NullString
		var nonUnique int
		if err := r.Scan(&table, &index, &nonUnique, &col); err != nil {
			return err
		}
		t := get(table)
		k := key{table, index}
		i, ok := pos[k]
		if !ok {
			t.indexes = append(t.indexes, liveIndex{name: index, unique: nonUnique == 0})
			i = len(t.indexes) - 1
			pos[k] = i
		}
		t.indexes[i].columns = append(t.indexes[i].columns, col.String)
		return nil
	}, `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`)
}
