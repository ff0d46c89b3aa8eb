package authsqlx

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/goauth-dev/goauth/authcore/schema"
)

// idType is the field type of the "id" column, which schema.Table does not list.
const idType schema.FieldType = "id"

// column is one column of a table: a schema field, or the "id" column.
type column struct {
	field  schema.Field // Name "id", Type idType for the id column
	name   string       // logical field name
	col    string       // database column name
	quoted string       // col quoted for the dialect
}

// isString reports whether the column holds text the string operators apply to.
func (c *column) isString() bool { return c.field.Type == schema.String || c.field.Type == idType }

// tableInfo is a schema table compiled for one dialect.
type tableInfo struct {
	t       *schema.Table
	model   string
	name    string // database table name
	quoted  string
	cols    []*column // "id" first, then the schema's fields in order
	byName  map[string]*column
	id      *column
	selects string // the quoted column list every read selects
	// refSelects are the column lists of FindOneWithRef, qualified with its two aliases.
	refSelects [2]string
}

// Aliases of the two tables in FindOneWithRef's statement.
const (
	rowAlias = "r"
	refAlias = "j"
)

// compileSchema checks the names of s and compiles its tables for d.
func compileSchema(d Dialect, s *schema.Schema) (map[string]*tableInfo, error) {
	out := make(map[string]*tableInfo, len(s.Tables))
	names := map[string]string{}
	for _, t := range s.Tables {
		ti, err := compileTable(d, t)
		if err != nil {
			return nil, err
		}
		if _, dup := out[t.Model]; dup {
			return nil, fmt.Errorf("authsqlx: model %q defined twice", t.Model)
		}
		if other, dup := names[ti.name]; dup {
			return nil, fmt.Errorf("authsqlx: models %q and %q share table %q", other, t.Model, ti.name)
		}
		names[ti.name] = t.Model
		out[t.Model] = ti
	}
	return out, nil
}

func compileTable(d Dialect, t *schema.Table) (*tableInfo, error) {
	ti := &tableInfo{t: t, model: t.Model, name: t.TableName(), byName: make(map[string]*column, len(t.Fields)+1)}
	if err := checkIdentifier(ti.name); err != nil {
		return nil, fmt.Errorf("authsqlx: table of model %q: %w", t.Model, err)
	}
	ti.quoted = d.quote(ti.name)
	ti.id = &column{field: schema.Field{Name: "id", Type: idType, Required: true}, name: "id", col: "id", quoted: d.quote("id")}
	ti.cols = append(ti.cols, ti.id)
	ti.byName["id"] = ti.id
	seen := map[string]string{"id": "id"}
	for _, f := range t.Fields {
		if _, dup := ti.byName[f.Name]; dup {
			return nil, fmt.Errorf("authsqlx: field %s.%s defined twice", t.Model, f.Name)
		}
		col := f.ColumnName()
		if err := checkIdentifier(col); err != nil {
			return nil, fmt.Errorf("authsqlx: column of field %s.%s: %w", t.Model, f.Name, err)
		}
		if other, dup := seen[col]; dup {
			return nil, fmt.Errorf("authsqlx: fields %s.%s and %s.%s share column %q", t.Model, other, t.Model, f.Name, col)
		}
		seen[col] = f.Name
		if !knownType(f.Type) {
			return nil, fmt.Errorf("authsqlx: field %s.%s: unsupported type %q", t.Model, f.Name, f.Type)
		}
		c := &column{field: f, name: f.Name, col: col, quoted: d.quote(col)}
		ti.cols = append(ti.cols, c)
		ti.byName[f.Name] = c
	}
	ti.selects = selectList(d, ti.cols, "")
	ti.refSelects = [2]string{selectList(d, ti.cols, rowAlias), selectList(d, ti.cols, refAlias)}
	return ti, nil
}

// selectList returns the quoted column list of a read, each column qualified with alias
// unless it is empty.
func selectList(d Dialect, cols []*column, alias string) string {
	quoted := make([]string, len(cols))
	for i, c := range cols {
		q := c.quoted
		if alias != "" {
			q = alias + "." + q
		}
		quoted[i] = q
		if d == SQLite && c.field.Type == schema.Date {
			// Unary + leaves the value and its storage class alone but drops the
			// declared type, so that modernc.org/sqlite hands the text over as it is
			// instead of trying its time layouts one by one (several failed
			// time.Parse calls per value); decodeDate reads it as the driver would.
			quoted[i] = "+" + q + " AS " + c.quoted
		}
	}
	return strings.Join(quoted, ", ")
}

func knownType(t schema.FieldType) bool {
	switch t {
	case schema.String, schema.Number, schema.Boolean, schema.Date, schema.JSON, schema.StringArray, schema.NumberArray:
		return true
	}
	return false
}

// migrationOrder returns the tables of s that migrations create, ordered as Better
// Auth's migrator orders them: by Order (0 meaning last), ties in schema order.
func migrationOrder(s *schema.Schema) []*schema.Table {
	var out []*schema.Table
	for _, t := range s.Tables {
		if !t.DisableMigration {
			out = append(out, t)
		}
	}
	order := func(t *schema.Table) int {
		if t.Order <= 0 {
			return int(^uint(0) >> 1)
		}
		return t.Order
	}
	slices.SortStableFunc(out, func(a, b *schema.Table) int { return cmp.Compare(order(a), order(b)) })
	return out
}
