package authsqlx

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"runtime"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/jmoiron/sqlx"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/goauth-dev/goauth/authcore/schema"
)

// Option configures Open (and, for the logger only, New).
type Option func(*options)

type options struct {
	maxOpen, maxIdle    int
	maxLifetime         time.Duration
	maxLifetimeSet      bool
	logger              *slog.Logger
	maxOpenSet, idleSet bool
}

// WithMaxOpenConns sets the pool's maximum number of open connections. Default on
// Postgres and MySQL: 4 per GOMAXPROCS, at least 8 and at most 25 (see serverPoolSize);
// on a SQLite file max(4, GOMAXPROCS), on an in-memory SQLite database 1 (each connection
// would open its own database; a read on the adapter while one of its transactions is
// open then waits for the transaction). A SQLite file needs at least 2 for the same
// reason. Raise it when the database is far away (each connection carries at most one
// round trip at a time) and the server has CPU to spare.
func WithMaxOpenConns(n int) Option {
	return func(o *options) { o.maxOpen, o.maxOpenSet = n, true }
}

// WithMaxIdleConns sets the pool's maximum number of idle connections. Default: the
// maximum number of open connections, so that a busy pool does not reconnect.
func WithMaxIdleConns(n int) Option {
	return func(o *options) { o.maxIdle, o.idleSet = n, true }
}

// WithConnMaxLifetime sets how long a connection may be reused. Default: 30 minutes on
// Postgres and MySQL (under most proxies' and servers' idle timeouts), unlimited on
// SQLite. Zero means unlimited.
func WithConnMaxLifetime(d time.Duration) Option {
	return func(o *options) { o.maxLifetime, o.maxLifetimeSet = d, true }
}

// WithLogger sets the logger: statements at debug level (never their values),
// migrations at info level. Default: no logging.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) { o.logger = l }
}

// Open opens a database by URL and returns an adapter serving the tables of s; Close
// closes the pool. The tables must exist: run Migrate, or apply GenerateSQL's script.
//
//	file:PATH or sqlite:PATH   SQLite (modernc.org/sqlite, no cgo), the embedded default.
//	                           Unless the DSN sets them: journal_mode WAL, busy_timeout
//	                           5000 ms, foreign_keys on, synchronous NORMAL, transactions
//	                           BEGIN IMMEDIATE. "file:" keeps SQLite URI parameters.
//	postgres://... or postgresql://...   Postgres through pgx (any pgx connection string
//	                           parameter, e.g. sslmode, search_path).
//	mysql://user:pass@host:port/db?params   MySQL or MariaDB; params are go-sql-driver's.
//	                           Unless set: parseTime, loc UTC, time_zone '+00:00',
//	                           clientFoundRows (the driver's default collation is
//	                           utf8mb4_general_ci).
func Open(ctx context.Context, dsn string, s *schema.Schema, opts ...Option) (*Adapter, error) {
	o := options{}
	for _, opt := range opts {
		opt(&o)
	}
	d, driverName, driverDSN, memory, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	var sqlDB *sql.DB
	if d == MySQL {
		cfg, err := mysql.ParseDSN(driverDSN)
		if err != nil {
			return nil, fmt.Errorf("authsqlx: mysql DSN: %w", err)
		}
		conn, err := mysql.NewConnector(cfg)
		if err != nil {
			return nil, fmt.Errorf("authsqlx: mysql DSN: %w", err)
		}
		sqlDB = sql.OpenDB(conn)
	} else if sqlDB, err = sql.Open(driverName, driverDSN); err != nil {
		return nil, fmt.Errorf("authsqlx: open: %w", err)
	}
	maxOpen, lifetime := serverPoolSize(runtime.GOMAXPROCS(0)), 30*time.Minute
	maxIdle := maxOpen
	if d == SQLite {
		maxOpen, lifetime = max(4, runtime.GOMAXPROCS(0)), 0
		if memory {
			maxOpen = 1
		}
		maxIdle = maxOpen
	}
	if o.maxOpenSet {
		maxOpen = o.maxOpen
		if !o.idleSet {
			maxIdle = maxOpen
		}
	}
	if o.idleSet {
		maxIdle = o.maxIdle
	}
	if o.maxLifetimeSet {
		lifetime = o.maxLifetime
	}
	sqlDB.SetMaxOpenConns(maxOpen)
	sqlDB.SetMaxIdleConns(maxIdle)
	sqlDB.SetConnMaxLifetime(lifetime)
	dbx := sqlx.NewDb(sqlDB, driverName)
	a, err := New(dbx, d, s, opts...)
	if err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	a.c.owned = true
	if err := sqlDB.PingContext(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("authsqlx: connect: %w", err)
	}
	if _, err := a.c.capabilities(ctx, a.q()); err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	return a, nil
}

// parseDSN returns the dialect, database/sql driver name and driver DSN of a URL.
func parseDSN(dsn string) (d Dialect, driver, driverDSN string, memory bool, err error) {
	scheme, rest, ok := strings.Cut(dsn, ":")
	if !ok {
		return "", "", "", false, fmt.Errorf("authsqlx: DSN %q has no scheme (file:, sqlite:, postgres://, mysql://)", redact(dsn))
	}
	switch strings.ToLower(scheme) {
	case "file", "sqlite", "sqlite3":
		out, memory := sqliteDSN(strings.ToLower(scheme) == "file", rest)
		return SQLite, "sqlite", out, memory, nil
	case "postgres", "postgresql":
		return Postgres, "pgx", dsn, false, nil
	case "mysql", "mariadb":
		out, err := mysqlDSN(dsn)
		return MySQL, "mysql", out, false, err
	}
	return "", "", "", false, fmt.Errorf("authsqlx: DSN scheme %q not supported (file:, sqlite:, postgres://, mysql://)", scheme)
}

// redact hides a password in a DSN for error messages.
func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		return u.Redacted()
	}
	return dsn
}

// sqliteDefaults are the pragmas Open sets unless the DSN does.
var sqliteDefaults = []struct{ name, pragma string }{
	{"busy_timeout", "busy_timeout(5000)"},
	{"journal_mode", "journal_mode(WAL)"},
	{"foreign_keys", "foreign_keys(1)"},
	{"synchronous", "synchronous(NORMAL)"},
}

// sqliteDSN turns "PATH?params" after "file:" or "sqlite:" into modernc's DSN with the
// defaults added. A "file:" DSN stays a SQLite URI; a "sqlite:" one becomes a path.
func sqliteDSN(uri bool, rest string) (string, bool) {
	if !uri {
		rest = strings.TrimPrefix(rest, "//")
	}
	path, query, _ := strings.Cut(rest, "?")
	q, err := url.ParseQuery(query)
	if err != nil {
		q = url.Values{}
	}
	set := map[string]bool{}
	for _, p := range q["_pragma"] {
		name, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(p)), "(")
		name, _, _ = strings.Cut(name, "=")
		set[strings.TrimSpace(name)] = true
	}
	for _, alias := range [][2]string{{"_busy_timeout", "busy_timeout"}, {"_timeout", "busy_timeout"}, {"_journal_mode", "journal_mode"},
		{"_journal", "journal_mode"}, {"_foreign_keys", "foreign_keys"}, {"_fk", "foreign_keys"}, {"_synchronous", "synchronous"}, {"_sync", "synchronous"}} {
		if q.Has(alias[0]) {
			set[alias[1]] = true
		}
	}
	memory := path == ":memory:" || path == "" || strings.Contains(path, ":memory:") || q.Get("mode") == "memory"
	for _, p := range sqliteDefaults {
		if set[p.name] || (memory && p.name == "journal_mode") {
			continue
		}
		q.Add("_pragma", p.pragma)
	}
	if !q.Has("_txlock") {
		q.Set("_txlock", "immediate")
	}
	if uri {
		return "file:" + path + "?" + q.Encode(), memory
	}
	return path + "?" + q.Encode(), memory
}

// mysqlDSN turns mysql://user:pass@host:port/db?params into go-sql-driver's DSN with the
// adapter's defaults.
func mysqlDSN(dsn string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", fmt.Errorf("authsqlx: mysql DSN: %w", err)
	}
	cfg := mysql.NewConfig()
	if u.User != nil {
		cfg.User = u.User.Username()
		cfg.Passwd, _ = u.User.Password()
	}
	host := u.Host
	if host == "" {
		host = "127.0.0.1"
	}
	if _, _, err := net.SplitHostPort(host); err != nil {
		host = net.JoinHostPort(strings.Trim(host, "[]"), "3306")
	}
	cfg.Net, cfg.Addr = "tcp", host
	cfg.DBName = strings.TrimPrefix(u.Path, "/")
	base := cfg.FormatDSN()
	q := u.Query()
	for k, v := range map[string]string{
		"parseTime": "true", "loc": "UTC", "time_zone": "'+00:00'", "clientFoundRows": "true",
	} {
		if !q.Has(k) {
			q.Set(k, v)
		}
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + q.Encode(), nil
}

// serverPoolSize is the default pool size for Postgres and MySQL with procs Go
// processors: 4 per processor, at least 8, at most 25. More connections than the
// server can feed only queue in the database: with Postgres on the same two cores,
// get-session answered 0.72x the requests per second with 25 connections that it
// answers with 8 (scripts/bench, docs/performance.md).
func serverPoolSize(procs int) int {
	return min(25, max(8, 4*procs))
}
