package authsqlx

import (
	"slices"
	"strings"

	"github.com/goauth-dev/goauth/authcore/schema"
)

// baseType returns a declared column type without lengths and sign modifiers:
// "varchar(255)" → "varchar", "timestamp(3) with time zone" → "timestamp with time zone".
func baseType(t string) string {
	var sb strings.Builder
	depth := 0
	for _, r := range strings.ToLower(t) {
		switch {
		case r == '(':
			depth++
		case r == ')':
			depth--
		case depth == 0:
			sb.WriteRune(r)
		}
	}
	words := strings.Fields(sb.String())
	words = slices.DeleteFunc(words, func(w string) bool { return w == "unsigned" || w == "signed" || w == "zerofill" })
	return strings.Join(words, " ")
}

// textual reports whether a SQLite declared type has TEXT affinity.
func textual(t string) bool {
	return strings.Contains(t, "char") || strings.Contains(t, "clob") || strings.Contains(t, "text")
}

// compatible reports whether a live column of declared type typ can hold field f (the
// id column when isID) as the adapter reads and writes it. It accepts what Better Auth's
// migrator and its type check (matchType) accept, except where values would not round
// trip: a date column holding only a day or epoch integers (the adapter writes ISO text
// on SQLite), a bigint field in a 32-bit column.
func compatible(d Dialect, f schema.Field, isID bool, typ string) bool {
	t := baseType(typ)
	in := func(types ...string) bool { return slices.Contains(types, t) }
	kind := f.Type
	if isID || len(f.Enum) > 0 {
		kind = schema.String
	}
	switch d {
	case SQLite:
		switch kind {
		case schema.String:
			return textual(t)
		case schema.Number:
			return strings.Contains(t, "int") || in("real", "numeric", "decimal", "double", "double precision", "float")
		case schema.Boolean:
			return strings.Contains(t, "int") || in("boolean", "bool", "numeric")
		case schema.Date:
			return in("date", "datetime", "timestamp", "text")
		case schema.JSON, schema.StringArray, schema.NumberArray:
			return textual(t) || in("json", "jsonb")
		}
	case Postgres:
		switch kind {
		case schema.String:
			return in("text", "character varying", "varchar", "character", "char", "uuid", "citext", "name")
		case schema.Number:
			if f.BigInt {
				return in("bigint", "numeric")
			}
			return in("integer", "bigint", "smallint", "numeric", "real", "double precision")
		case schema.Boolean:
			return in("boolean")
		case schema.Date:
			return in("timestamp with time zone", "timestamp without time zone", "timestamptz", "timestamp")
		case schema.JSON, schema.StringArray, schema.NumberArray:
			return in("jsonb", "json", "text")
		}
	case MySQL:
		switch kind {
		case schema.String:
			return in("varchar", "char", "text", "tinytext", "mediumtext", "longtext")
		case schema.Number:
			if f.BigInt {
				return in("bigint", "decimal")
			}
			return in("int", "integer", "bigint", "smallint", "mediumint", "decimal", "float", "double")
		case schema.Boolean:
			return in("tinyint", "boolean", "bool", "bit")
		case schema.Date:
			return in("timestamp", "datetime")
		case schema.JSON, schema.StringArray, schema.NumberArray:
			return in("json", "longtext", "mediumtext", "text")
		}
	}
	return false
}
