package authsqlx

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Dialect is a SQL database family. The names are Better Auth's KyselyDatabaseType values.
type Dialect string

// Dialects.
const (
	// SQLite through modernc.org/sqlite (pure Go): dates are ISO-8601 text with
	// milliseconds and "Z", booleans 0/1, JSON as text, as Better Auth's Kysely adapter
	// writes them.
	SQLite Dialect = "sqlite"
	// Postgres through pgx's database/sql driver: timestamptz, boolean, jsonb.
	Postgres Dialect = "postgres"
	// MySQL and MariaDB through go-sql-driver/mysql: timestamp(3), boolean (tinyint),
	// json; varchar(255) for unique, sortable and indexed strings.
	MySQL Dialect = "mysql"
)

// valid reports whether d is one of the dialects above.
func (d Dialect) valid() bool { return d == SQLite || d == Postgres || d == MySQL }

// quote returns name as a quoted identifier: backticks on MySQL, double quotes elsewhere,
// with the quote character doubled inside.
func (d Dialect) quote(name string) string {
	q := `"`
	if d == MySQL {
		q = "`"
	}
	return q + strings.ReplaceAll(name, q, q+q) + q
}

// maxIdentifier is the longest identifier every dialect keeps intact: Postgres truncates
// names past 63 bytes (NAMEDATALEN-1), MySQL refuses names past 64 characters.
const maxIdentifier = 63

// checkIdentifier reports why name cannot be a table or column name. Names come from the
// schema (trusted configuration) and are always quoted; the check catches mistakes that
// quoting cannot: empty names, NUL and control characters, names a database would
// truncate or reject.
func checkIdentifier(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("empty name")
	case len(name) > maxIdentifier:
		return fmt.Errorf("name %q is longer than %d bytes", name, maxIdentifier)
	case !utf8.ValidString(name):
		return fmt.Errorf("name %q is not valid UTF-8", name)
	case strings.TrimSpace(name) != name:
		return fmt.Errorf("name %q starts or ends with a space", name)
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f || r == '"' || r == '`' {
			return fmt.Errorf("name %q contains %q", name, r)
		}
	}
	return nil
}

// builder accumulates one statement and its bind parameters.
type builder struct {
	d    Dialect
	sb   strings.Builder
	args []any
	// alias qualifies the column names of where clauses (a join); empty for none.
	alias string
}

// col returns c's quoted name as conditions write it.
func (b *builder) col(c *column) string {
	if b.alias == "" {
		return c.quoted
	}
	return b.alias + "." + c.quoted
}

func newBuilder(d Dialect) *builder { return &builder{d: d} }

// w writes SQL text.
func (b *builder) w(s ...string) *builder {
	for _, x := range s {
		b.sb.WriteString(x)
	}
	return b
}

// arg writes a placeholder for v and records v.
func (b *builder) arg(v any) *builder {
	b.args = append(b.args, v)
	if b.d == Postgres {
		b.sb.WriteByte('$')
		b.sb.WriteString(strconv.Itoa(len(b.args)))
	} else {
		b.sb.WriteByte('?')
	}
	return b
}

// int writes an integer literal (limits and offsets, never user strings).
func (b *builder) int(n int) *builder {
	b.sb.WriteString(strconv.Itoa(n))
	return b
}

func (b *builder) String() string { return b.sb.String() }

// likeEscape is the escape character of every LIKE pattern the adapter writes: '!' is
// not special in any dialect's string literals, unlike '\' (MySQL) .
const likeEscape = "!"

// escapeLike returns s with LIKE's wildcards and the escape character escaped.
func escapeLike(s string) string {
	if !strings.ContainsAny(s, "%_!") {
		return s
	}
	var sb strings.Builder
	for _, r := range s {
		if r == '%' || r == '_' || r == '!' {
			sb.WriteByte('!')
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// escapeGlob returns s with SQLite GLOB's special characters turned into one-character
// classes, so that the pattern matches s literally and case-sensitively.
func escapeGlob(s string) string {
	if !strings.ContainsAny(s, "*?[") {
		return s
	}
	var sb strings.Builder
	for _, r := range s {
		switch r {
		case '*', '?', '[':
			sb.WriteByte('[')
			sb.WriteRune(r)
			sb.WriteByte(']')
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// asciiLower lowercases ASCII letters only, as SQLite's lower() does.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// lower lowercases s as the dialect's lower() does, for Insensitive comparisons.
func (d Dialect) lower(s string) string {
	if d == SQLite {
		return asciiLower(s)
	}
	return strings.ToLower(s)
}
