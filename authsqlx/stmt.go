package authsqlx

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements for the queries an adapter runs outside
// transactions, so that SQLite does not parse, and MySQL does not prepare and close, each
// statement on every call (pgx caches statements per connection itself). The adapter
// builds a bounded set of statement texts (one per where shape); past max, statements
// are not cached. MySQL's bound is low to stay far from max_prepared_stmt_count (16382 by
// default) with several instances and full pools.
type stmtCache struct {
	mu  sync.RWMutex
	m   map[string]*sql.Stmt
	max int
}

func newStmtCache(d Dialect) *stmtCache {
	switch d {
	case SQLite:
		return &stmtCache{m: map[string]*sql.Stmt{}, max: 256}
	case MySQL:
		return &stmtCache{m: map[string]*sql.Stmt{}, max: 64}
	}
	return nil
}

// get returns the prepared statement for query, preparing it when there is room; nil
// means: run the query unprepared.
func (c *stmtCache) get(ctx context.Context, db *sql.DB, query string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.RLock()
	s, ok := c.m[query]
	full := len(c.m) >= c.max
	c.mu.RUnlock()
	if ok || full {
		return s
	}
	s, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil // the unprepared run reports the error
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[query]; ok {
		_ = s.Close()
		return old
	}
	if len(c.m) >= c.max {
		_ = s.Close()
		return nil
	}
	c.m[query] = s
	return s
}

// close closes every cached statement.
func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, s := range c.m {
		_ = s.Close()
		delete(c.m, q)
	}
}

// stmtQuerier runs statements through the cache, falling back to the pool.
type stmtQuerier struct {
	c  *stmtCache
	db *sql.DB
}

func (q stmtQuerier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := q.c.get(ctx, q.db, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return q.db.ExecContext(ctx, query, args...)
}

func (q stmtQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := q.c.get(ctx, q.db, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return q.db.QueryContext(ctx, query, args...)
}

func (q stmtQuerier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := q.c.get(ctx, q.db, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return q.db.QueryRowContext(ctx, query, args...)
}
