// Package schema describes GoAuth's tables as data: Better Auth 1.6.9's core tables
// (user, session, account, verification), plugin tables and additional fields, with the
// mapping from logical model and field names to database table and column names.
//
// Better Auth: packages/core/src/db/get-tables.ts and DBFieldAttribute.
package schema

import (
	"fmt"
	"slices"
)

// FieldType is a Better Auth field type.
type FieldType string

// Field types, as Better Auth names them.
const (
	String      FieldType = "string"
	Number      FieldType = "number"
	Boolean     FieldType = "boolean"
	Date        FieldType = "date"
	JSON        FieldType = "json"
	StringArray FieldType = "string[]"
	NumberArray FieldType = "number[]"
)

// Reference is a foreign key.
type Reference struct {
	Model    string // logical model name, e.g. "user"
	Field    string // logical field name, e.g. "id"
	OnDelete string // "cascade" (default), "set null", "restrict", "no action"
}

// Field is one column of a table, described by its logical name.
type Field struct {
	// Name is the logical (wire) name, e.g. "emailVerified".
	Name string
	// Column is the database column name; empty means Name.
	Column string
	Type   FieldType
	// Required makes the column NOT NULL and the field mandatory on create.
	Required bool
	Unique   bool
	Index    bool
	Sortable bool
	BigInt   bool
	// Hidden is Better Auth's returned:false: the field never reaches a client.
	Hidden bool
	// NoInput is Better Auth's input:false: clients may not set the field.
	NoInput bool
	// Default returns the value used on create when the field is absent (nil: none).
	Default func() any
	// OnUpdate returns the value set on every update (nil: none).
	OnUpdate   func() any
	References *Reference
	// Enum, for string fields, lists the allowed values (Better Auth's string-literal arrays).
	Enum []string
}

// ColumnName returns the database column of the field.
func (f Field) ColumnName() string {
	if f.Column != "" {
		return f.Column
	}
	return f.Name
}

// Table is one model.
type Table struct {
	// Model is the logical model name ("user").
	Model string
	// Name is the database table name; empty means Model.
	Name string
	// Fields lists the columns other than "id", in migration order.
	Fields []Field
	// DisableMigration leaves the table out of generated migrations.
	DisableMigration bool
	// Order sorts tables in migrations (referenced tables first).
	Order int
}

// TableName returns the database table name.
func (t *Table) TableName() string {
	if t.Name != "" {
		return t.Name
	}
	return t.Model
}

// Field returns the field with the logical name.
func (t *Table) Field(name string) (*Field, bool) {
	for i := range t.Fields {
		if t.Fields[i].Name == name {
			return &t.Fields[i], true
		}
	}
	return nil, false
}

// Schema is the whole set of tables.
type Schema struct {
	Tables []*Table
}

// Table returns the table of a logical model name.
func (s *Schema) Table(model string) (*Table, bool) {
	for _, t := range s.Tables {
		if t.Model == model {
			return t, true
		}
	}
	return nil, false
}

// Add merges a table into the schema: a new model is appended; fields of an existing model
// are appended. A field defined twice is an error and leaves the schema unchanged.
func (s *Schema) Add(t Table) error {
	cur, exists := s.Table(t.Model)
	seen := make(map[string]bool, len(t.Fields))
	for _, f := range t.Fields {
		dup := seen[f.Name]
		if exists && !dup {
			_, dup = cur.Field(f.Name)
		}
		if dup {
			return fmt.Errorf("schema: field %s.%s defined twice", t.Model, f.Name)
		}
		seen[f.Name] = true
	}
	if exists {
		cur.Fields = append(cur.Fields, t.Fields...)
		if t.Name != "" {
			cur.Name = t.Name
		}
		return nil
	}
	cp := t
	cp.Fields = slices.Clone(t.Fields)
	s.Tables = append(s.Tables, &cp)
	return nil
}

// Clone returns a deep copy of the schema (tables and their field slices).
func (s *Schema) Clone() *Schema {
	out := &Schema{Tables: make([]*Table, len(s.Tables))}
	for i, t := range s.Tables {
		cp := *t
		cp.Fields = slices.Clone(t.Fields)
		out.Tables[i] = &cp
	}
	return out
}

// Rename applies a model's table name and per-field column names.
func (s *Schema) Rename(model, tableName string, columns map[string]string) error {
	t, ok := s.Table(model)
	if !ok {
		return fmt.Errorf("schema: unknown model %q", model)
	}
	if tableName != "" {
		t.Name = tableName
	}
	for field, col := range columns {
		f, ok := t.Field(field)
		if !ok {
			return fmt.Errorf("schema: unknown field %s.%s", model, field)
		}
		f.Column = col
	}
	return nil
}
