package authsqlx

import (
	"net/url"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

func TestParseDSN(t *testing.T) {
	for _, c := range []struct {
		dsn     string
		dialect Dialect
		driver  string
		memory  bool
		check   func(t *testing.T, out string)
	}{
		{"sqlite:./data/goauth.db", SQLite, "sqlite", false, func(t *testing.T, out string) {
			path, query, _ := strings.Cut(out, "?")
			q, _ := url.ParseQuery(query)
			if path != "./data/goauth.db" || q.Get("_txlock") != "immediate" || len(q["_pragma"]) != 4 {
				t.Errorf("got %q", out)
			}
		}},
		{"sqlite:///var/lib/goauth.db", SQLite, "sqlite", false, func(t *testing.T, out string) {
			if !strings.HasPrefix(out, "/var/lib/goauth.db?") {
				t.Errorf("got %q", out)
			}
		}},
		{"file:/tmp/x.db?_pragma=synchronous(FULL)&_txlock=deferred&mode=rwc", SQLite, "sqlite", false, func(t *testing.T, out string) {
			q, _ := url.ParseQuery(strings.SplitN(out, "?", 2)[1])
			if !strings.HasPrefix(out, "file:/tmp/x.db?") || q.Get("_txlock") != "deferred" || q.Get("mode") != "rwc" {
				t.Errorf("got %q", out)
			}
			for _, p := range q["_pragma"] {
				if strings.HasPrefix(p, "synchronous") && p != "synchronous(FULL)" {
					t.Errorf("default overrode the DSN's %q", p)
				}
			}
		}},
		{"sqlite::memory:", SQLite, "sqlite", true, func(t *testing.T, out string) {
			if strings.Contains(out, "journal_mode") {
				t.Errorf("in-memory DSN %q sets WAL", out)
			}
		}},
		{"postgres://u:p@db:5432/app?sslmode=disable", Postgres, "pgx", false, func(t *testing.T, out string) {
			if out != "postgres://u:p@db:5432/app?sslmode=disable" {
				t.Errorf("got %q", out)
			}
		}},
		{"postgresql://db/app", Postgres, "pgx", false, nil},
		{"mysql://root:s%40cret@db.example:3307/auth?tls=false&parseTime=false", MySQL, "mysql", false, func(t *testing.T, out string) {
			cfg, err := mysql.ParseDSN(out)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.User != "root" || cfg.Passwd != "s@cret" || cfg.Addr != "db.example:3307" || cfg.DBName != "auth" ||
				cfg.ParseTime || !cfg.ClientFoundRows || cfg.Loc.String() != "UTC" || cfg.Params["time_zone"] != "'+00:00'" {
				t.Errorf("config %+v", cfg)
			}
		}},
		{"mysql://root@localhost/auth", MySQL, "mysql", false, func(t *testing.T, out string) {
			cfg, _ := mysql.ParseDSN(out)
			if cfg.Addr != "localhost:3306" || !cfg.ParseTime {
				t.Errorf("config %+v", cfg)
			}
		}},
	} {
		d, driver, out, memory, err := parseDSN(c.dsn)
		if err != nil || d != c.dialect || driver != c.driver || memory != c.memory {
			t.Errorf("parseDSN(%q) = %s, %s, %v, %v", c.dsn, d, driver, memory, err)
			continue
		}
		if c.check != nil {
			t.Run(c.dsn, func(t *testing.T) { c.check(t, out) })
		}
	}
	for _, bad := range []string{"goauth.db", "redis://x", "mssql://sa:secret@db/x"} {
		_, _, _, _, err := parseDSN(bad)
		if err == nil {
			t.Errorf("parseDSN(%q) succeeded", bad)
		} else if strings.Contains(err.Error(), "secret") {
			t.Errorf("parseDSN(%q) error %q shows the password", bad, err)
		}
	}
}

func TestCheckIdentifier(t *testing.T) {
	for _, ok := range []string{"user", "rateLimit", "dbtest_item", "Ünïcode", strings.Repeat("a", 63)} {
		if err := checkIdentifier(ok); err != nil {
			t.Errorf("checkIdentifier(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", " user", "user ", `a"b`, "a`b", "a\x00b", "a\nb", strings.Repeat("a", 64), "\xff"} {
		if err := checkIdentifier(bad); err == nil {
			t.Errorf("checkIdentifier(%q) accepted", bad)
		}
	}
}
