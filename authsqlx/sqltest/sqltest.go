// Package sqltest gives tests fresh, isolated databases on the real servers the test suite
// runs against (scripts/test-services.sh starts them): a Postgres schema or a MySQL/MariaDB
// database with a random name, dropped when the test ends. GOAUTH_TEST_POSTGRES and
// GOAUTH_TEST_MYSQL point them elsewhere. In CI (CI=true) a server that cannot be reached
// fails the test; elsewhere the test is skipped with the reason.
package sqltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver of the admin connection
)

// Servers used when the environment names none.
const (
	DefaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	DefaultMySQL    = "root@tcp(127.0.0.1:3306)/test"
)

// Unavailable fails (CI) or skips the test because a service cannot be used.
func Unavailable(tb testing.TB, what string, err error) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf("%s is unavailable in CI: %v (start it with scripts/test-services.sh)", what, err)
	}
	tb.Skipf("%s is unavailable: %v (start it with scripts/test-services.sh, or set GOAUTH_TEST_POSTGRES / GOAUTH_TEST_MYSQL)", what, err)
}

// RandomName returns prefix followed by 12 random hex digits.
func RandomName(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// PostgresDSN returns the DSN of a new, empty Postgres schema (search_path), dropped when
// tb ends.
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv("GOAUTH_TEST_POSTGRES")
	if base == "" {
		base = DefaultPostgres
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		Unavailable(tb, "Postgres", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		Unavailable(tb, "Postgres at "+base, err)
	}
	name := RandomName("goauth_test_")
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA "`+name+`"`); err != nil {
		admin.Close()
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA "` + name + `" CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", name, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("GOAUTH_TEST_POSTGRES: %v", err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// MySQLConfig reads GOAUTH_TEST_MYSQL: go-sql-driver's DSN or a mysql:// URL.
func MySQLConfig(tb testing.TB) *mysql.Config {
	tb.Helper()
	base := os.Getenv("GOAUTH_TEST_MYSQL")
	if base == "" {
		base = DefaultMySQL
	}
	if strings.HasPrefix(base, "mysql://") {
		u, err := url.Parse(base)
		if err != nil {
			tb.Fatalf("GOAUTH_TEST_MYSQL: %v", err)
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
		tb.Fatalf("GOAUTH_TEST_MYSQL: %v", err)
	}
	return cfg
}

// MySQLDSN returns the mysql:// URL of a new, empty MySQL/MariaDB database, dropped when
// tb ends.
func MySQLDSN(tb testing.TB) string {
	tb.Helper()
	cfg := MySQLConfig(tb)
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		Unavailable(tb, "MySQL", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		Unavailable(tb, "MySQL/MariaDB at "+cfg.Addr, err)
	}
	name := RandomName("goauth_test_")
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE `"+name+"` CHARACTER SET utf8mb4"); err != nil {
		admin.Close()
		tb.Fatalf("create database: %v", err)
	}
	tb.Cleanup(func() {
		if _, err := admin.Exec("DROP DATABASE `" + name + "`"); err != nil {
			tb.Errorf("drop database %s: %v", name, err)
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
