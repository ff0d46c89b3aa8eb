package authsqlx_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authsqlx"
	"github.com/goauth-dev/goauth/authsqlx/sqltest"
)

// dialects lists the databases every cross-database test runs on.
var dialects = []authsqlx.Dialect{authsqlx.SQLite, authsqlx.Postgres, authsqlx.MySQL}

// freshDSN returns the DSN of a new, empty database of dialect d, removed when t ends:
// a SQLite file in t.TempDir(), a Postgres schema with a random name (search_path), a
// MySQL/MariaDB database with a random name.
func freshDSN(t testing.TB, d authsqlx.Dialect) string {
	t.Helper()
	switch d {
	case authsqlx.Postgres:
		return sqltest.PostgresDSN(t)
	case authsqlx.MySQL:
		return sqltest.MySQLDSN(t)
	}
	return "file:" + filepath.Join(t.TempDir(), "goauth.db")
}

// open opens dsn for s and closes the adapter when t ends.
func open(t testing.TB, dsn string, s *schema.Schema, opts ...authsqlx.Option) *authsqlx.Adapter {
	t.Helper()
	a, err := authsqlx.Open(context.Background(), dsn, s, opts...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// migrated opens a fresh database of dialect d with s migrated.
func migrated(t testing.TB, d authsqlx.Dialect, s *schema.Schema) *authsqlx.Adapter {
	t.Helper()
	a := open(t, freshDSN(t, d), s)
	if _, err := authsqlx.Migrate(context.Background(), a); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return a
}

// forEachDialect runs fn as a subtest per dialect.
func forEachDialect(t *testing.T, fn func(t *testing.T, d authsqlx.Dialect)) {
	for _, d := range dialects {
		t.Run(string(d), func(t *testing.T) { fn(t, d) })
	}
}

// quote quotes an identifier for d (tests only write trusted names).
func quote(d authsqlx.Dialect, name string) string {
	if d == authsqlx.MySQL {
		return "`" + name + "`"
	}
	return `"` + name + `"`
}
