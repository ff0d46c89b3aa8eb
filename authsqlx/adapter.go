package authsqlx

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/schema"
)

var (
	_ db.Adapter  = (*Adapter)(nil)
	_ db.Migrator = (*Adapter)(nil)
)

// Adapter is a db.Adapter over a SQL database. It is safe for concurrent use. The
// adapter a Transaction passes to its function is also an *Adapter, bound to that
// transaction.
type Adapter struct {
	c      *core
	tx     *sqlx.Tx     // nil outside a transaction
	txDone *atomic.Bool // set when tx has ended
}

// core is what an Adapter and its transactions share.
type core struct {
	db      *sqlx.DB
	dialect Dialect
	schema  *schema.Schema
	tables  map[string]*tableInfo
	log     *slog.Logger
	owned   bool // Close closes db
	stmts   *stmtCache

	// writer is SQLite's single write slot: a write outside a transaction, or a whole
	// transaction, holds it, so writers queue in Go instead of polling SQLite's lock.
	// nil on the other dialects.
	writer chan struct{}

	capsMu sync.Mutex
	caps   *capabilities
}

// capabilities are what the server supports, probed once.
type capabilities struct {
	version   string
	returning bool // INSERT/DELETE ... RETURNING (SQLite >= 3.35, Postgres, MariaDB >= 10.5)
	mariaDB   bool
}

// querier is what an *sqlx.DB and an *sqlx.Tx both do.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// New returns an Adapter over a pool the application owns (Close leaves it open). The
// tables of s must exist (see Migrate); later changes to s are not seen.
//
// Use one Adapter per pool: on SQLite the adapter queues writers in process, and
// adapters sharing a pool would meet only at SQLite's lock (busy_timeout). Options other
// than WithLogger are ignored: the pool is the application's.
//
// The pool must be set up as Open sets up its own: on SQLite, WAL, a busy timeout and
// foreign keys, with at least two connections; on MySQL, parseTime=true, loc=UTC,
// time_zone='+00:00', clientFoundRows=true and a utf8mb4 charset.
func New(dbx *sqlx.DB, dialect Dialect, s *schema.Schema, opts ...Option) (*Adapter, error) {
	if dbx == nil {
		return nil, fmt.Errorf("authsqlx: New: nil *sqlx.DB")
	}
	if !dialect.valid() {
		return nil, fmt.Errorf("authsqlx: unknown dialect %q", dialect)
	}
	if s == nil {
		return nil, fmt.Errorf("authsqlx: New: nil schema")
	}
	o := options{}
	for _, opt := range opts {
		opt(&o)
	}
	s = s.Clone()
	tables, err := compileSchema(dialect, s)
	if err != nil {
		return nil, err
	}
	c := &core{db: dbx, dialect: dialect, schema: s, tables: tables, log: o.logger, stmts: newStmtCache(dialect)}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if dialect == SQLite {
		c.writer = make(chan struct{}, 1)
	}
	return &Adapter{c: c}, nil
}

// DB returns the adapter's pool.
func (a *Adapter) DB() *sqlx.DB { return a.c.db }

// Dialect returns the adapter's dialect.
func (a *Adapter) Dialect() Dialect { return a.c.dialect }

// Schema returns a copy of the schema the adapter serves.
func (a *Adapter) Schema() *schema.Schema { return a.c.schema.Clone() }

// Close releases the adapter's prepared statements and, when Open opened the pool,
// closes it; the pool of an adapter from New stays open. Close on a transaction's
// adapter does nothing.
func (a *Adapter) Close() error {
	if a.tx != nil {
		return nil
	}
	a.c.stmts.close()
	if !a.c.owned {
		return nil
	}
	return a.c.db.Close()
}

// q returns what statements run on: the transaction, or the pool through the statement
// cache.
func (a *Adapter) q() querier {
	if a.tx != nil {
		return a.tx
	}
	if a.c.stmts != nil {
		return stmtQuerier{c: a.c.stmts, db: a.c.db.DB}
	}
	return a.c.db
}

func (a *Adapter) table(op, model string) (*tableInfo, error) {
	if t, ok := a.c.tables[model]; ok {
		return t, nil
	}
	return nil, unknownModel(op, model)
}

// capabilities probes the server once (again after a failure).
//
// q is what the probe runs on: the caller's transaction when it is in one. Probing
// through the pool there could deadlock: with every connection held by a transaction
// whose goroutine waits for capsMu, the probe would wait for a connection forever.
func (c *core) capabilities(ctx context.Context, q querier) (*capabilities, error) {
	c.capsMu.Lock()
	defer c.capsMu.Unlock()
	if c.caps != nil {
		return c.caps, nil
	}
	caps := &capabilities{}
	var err error
	switch c.dialect {
	case SQLite:
		err = q.QueryRowContext(ctx, "SELECT sqlite_version()").Scan(&caps.version)
		caps.returning = err == nil && versionAtLeast(caps.version, 3, 35)
	case Postgres:
		err = q.QueryRowContext(ctx, "SHOW server_version").Scan(&caps.version)
		caps.returning = true
	case MySQL:
		err = q.QueryRowContext(ctx, "SELECT VERSION()").Scan(&caps.version)
		caps.mariaDB = strings.Contains(strings.ToLower(caps.version), "mariadb")
		caps.returning = caps.mariaDB && versionAtLeast(caps.version, 10, 5)
	}
	if err != nil {
		return nil, fmt.Errorf("authsqlx: probing the server: %w", err)
	}
	c.caps = caps
	return caps, nil
}

// versionAtLeast reports whether a version string starting "major.minor" is at least
// major.minor.
func versionAtLeast(v string, major, minor int) bool {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return false
	}
	ma, err1 := strconv.Atoi(parts[0])
	mi, err2 := strconv.Atoi(strings.TrimLeft(parts[1], " "))
	if err1 != nil || err2 != nil {
		return false
	}
	return ma > major || (ma == major && mi >= minor)
}

// txKey marks the context of an open transaction.
type txKey struct{}

// txMark is the value under txKey.
type txMark struct {
	c    *core
	done chan struct{} // closed when the transaction ends
}

// lockWrite takes SQLite's write slot for a write outside a transaction and returns its
// release; elsewhere it does nothing.
func (a *Adapter) lockWrite(ctx context.Context) (func(), error) {
	if a.tx != nil || a.c.writer == nil {
		return func() {}, nil
	}
	return a.c.acquire(ctx)
}

func (c *core) acquire(ctx context.Context) (func(), error) {
	if m, ok := ctx.Value(txKey{}).(*txMark); ok && m.c == c {
		select {
		case <-m.done:
		default:
			return nil, ErrTxActive
		}
	}
	select {
	case c.writer <- struct{}{}:
		return func() { <-c.writer }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// logQuery logs a statement at debug level. SECURITY: bound values (tokens, password
// hashes) are never logged, only their number.
func (c *core) logQuery(ctx context.Context, query string, args int, start time.Time, err error) {
	if !c.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{slog.String("sql", query), slog.Int("args", args), slog.Duration("took", time.Since(start))}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.log.LogAttrs(ctx, slog.LevelDebug, "authsqlx: query", attrs...)
}

func (a *Adapter) exec(ctx context.Context, q querier, b *builder) (sql.Result, error) {
	start := time.Now()
	res, err := q.ExecContext(ctx, b.String(), b.args...)
	a.c.logQuery(ctx, b.String(), len(b.args), start, err)
	return res, err
}

// queryRows runs b and decodes every row with t's columns.
func (a *Adapter) queryRows(ctx context.Context, q querier, t *tableInfo, b *builder) ([]db.Record, error) {
	start := time.Now()
	rows, err := q.QueryContext(ctx, b.String(), b.args...)
	a.c.logQuery(ctx, b.String(), len(b.args), start, err)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []db.Record
	vals := make([]any, len(t.cols))
	ptrs := make([]any, len(t.cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		clear(vals)
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		r, err := decodeRow(t, vals)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// queryOne runs b and returns its first row, or ErrNotFound.
func (a *Adapter) queryOne(ctx context.Context, q querier, t *tableInfo, b *builder, op string) (db.Record, error) {
	rows, err := a.queryRows(ctx, q, t, b)
	if err != nil {
		return nil, wrapErr(op, t.model, err)
	}
	if len(rows) == 0 {
		return nil, notFound(op, t.model)
	}
	return rows[0], nil
}
