package authsqlx_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authsqlx"
)

// Databases the tests use for real. In CI (CI=true) a database that cannot be reached
// fails the test; elsewhere the test is skipped with the reason.
const (
	defaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	defaultMySQL    = "root@tcp(127.0.0.1:3306)/test"
)

// unavailable fails (CI) or skips the test because a database cannot be used.
func unavailable(t testing.TB, what string, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is unavailable in CI: %v (start it with scripts/test-services.sh)", what, err)
	}
	t.Skipf("%s is unavailable: %v (start it with scripts/test-services.sh, or set GOAUTH_TEST_POSTGRES / GOAUTH_TEST_MYSQL)", what, err)
}

func randomName(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// dialects lists the databases every cross-database test runs on.
var dialects = []authsqlx.Dialect{authsqlx.SQLite, authsqlx.Postgres, authsqlx.MySQL}

// freshDSN returns the DSN of a new, empty database of dialect d, removed when t ends:
// a SQLite file in t.TempDir(), a Postgres schema with a random name (search_path), a
// MySQL/MariaDB database with a random name.
func freshDSN(t testing.TB, d authsqlx.Dialect) string {
	t.Helper()
	switch d {
	case authsqlx.Postgres:
		return postgresDSN(t)
	case authsqlx.MySQL:
		return mysqlDSN(t)
	}
	return "file:" + filepath.Join(t.TempDir(), "goauth.db")
}

func postgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv("GOAUTH_TEST_POSTGRES")
	if base == "" {
		base = defaultPostgres
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		unavailable(t, "Postgres", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		unavailable(t, "Postgres at "+base, err)
	}
	name := randomName("goauth_test_")
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA "`+name+`"`); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA "` + name + `" CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", name, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("GOAUTH_TEST_POSTGRES: %v", err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// mysqlConfig reads GOAUTH_TEST_MYSQL: go-sql-driver's DSN or a mysql:// URL.
func mysqlConfig(t testing.TB) *mysql.Config {
	t.Helper()
	base := os.Getenv("GOAUTH_TEST_MYSQL")
	if base == "" {
		base = defaultMySQL
	}
	if strings.HasPrefix(base, "mysql://") {
		u, err := url.Parse(base)
		if err != nil {
			t.Fatalf("GOAUTH_TEST_MYSQL: %v", err)
		}
		cfg := mysql.NewConfig()
		cfg.Net, cfg.Addr, cfg.DBName = "tcp", u.Host, strings.TrimPrefix(u.Path, "/")
		if u.User != nil {
			cfg.User = u.User.Username()
			cfg.Passwd, _ = u.User.Password()
		}
		return cfg
	}
	cfg, err := mysql.ParseDSN(base)
	if err != nil {
		t.Fatalf("GOAUTH_TEST_MYSQL: %v", err)
	}
	return cfg
}

func mysqlDSN(t testing.TB) string {
	t.Helper()
	cfg := mysqlConfig(t)
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		unavailable(t, "MySQL", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		unavailable(t, "MySQL/MariaDB at "+cfg.Addr, err)
	}
	name := randomName("goauth_test_")
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE `"+name+"` CHARACTER SET utf8mb4"); err != nil {
		admin.Close()
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP DATABASE `" + name + "`"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
		admin.Close()
	})
	u := url.URL{Scheme: "mysql", Host: cfg.Addr, Path: "/" + name}
	if cfg.Passwd != "" {
		u.User = url.UserPassword(cfg.User, cfg.Passwd)
	} else {
		u.User = url.User(cfg.User)
	}
	return u.String()
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
