package authsqlx

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// HistoryTable records every migration Apply runs: id, applied_at, checksum (SHA-256 of
// the script), summary (one line per step) and statements (the script).
const HistoryTable = "goauth_migrations"

// historyDDL creates HistoryTable when it is missing.
func historyDDL(d Dialect) string {
	q := d.quote
	types := map[Dialect][3]string{ // id, date, long text
		SQLite:   {"text", "date", "text"},
		Postgres: {"text", "timestamptz", "text"},
		MySQL:    {"varchar(64)", "timestamp(3)", "longtext"},
	}[d]
	return "create table if not exists " + q(HistoryTable) + " (" +
		q("id") + " " + types[0] + " not null primary key, " +
		q("applied_at") + " " + types[1] + " not null, " +
		q("checksum") + " " + types[0] + " not null, " +
		q("summary") + " " + types[2] + " not null, " +
		q("statements") + " " + types[2] + " not null)"
}

// Migrate brings the database up to the adapter's schema: under the migration lock it
// plans, applies the plan and records it in HistoryTable. It returns the plan it applied,
// empty when there was nothing to do (for instance because another instance migrated
// first). Drift fails with a *DriftError and changes nothing.
func Migrate(ctx context.Context, a *Adapter) (*Plan, error) {
	return a.migrate(ctx, nil)
}

// Migrate implements db.Migrator (authcore's Auth.Migrate calls it): it runs the
// package-level Migrate and reports only the error.
func (a *Adapter) Migrate(ctx context.Context) error {
	_, err := a.migrate(ctx, nil)
	return err
}

// Apply runs plan p under the migration lock and records it in HistoryTable. The
// database is planned again under the lock: when that plan is empty (another instance
// applied it) Apply does nothing; when it differs from p Apply fails with ErrStalePlan.
//
// Postgres and SQLite apply a plan in one transaction. MySQL commits each DDL statement
// on its own, so a failure there leaves the steps before it applied; planning again
// lists what is left.
func (a *Adapter) Apply(ctx context.Context, p *Plan) error {
	if p == nil {
		return errors.New("authsqlx: Apply: nil plan")
	}
	_, err := a.migrate(ctx, p)
	return err
}

// migrate locks, plans, checks the plan against want (when not nil), applies and
// records it.
func (a *Adapter) migrate(ctx context.Context, want *Plan) (*Plan, error) {
	if a.tx != nil {
		return nil, errors.New("authsqlx: migrations cannot run inside a transaction")
	}
	var applied *Plan
	run := func(q querier) error {
		if _, err := q.ExecContext(ctx, historyDDL(a.c.dialect)); err != nil {
			return fmt.Errorf("authsqlx: creating %s: %w", HistoryTable, err)
		}
		p, err := a.plan(ctx, q)
		if err != nil {
			return err
		}
		if want != nil && !p.Empty() && p.SQL() != want.SQL() {
			return ErrStalePlan
		}
		applied = p
		if p.Empty() {
			return nil
		}
		for _, s := range p.Steps {
			start := time.Now()
			_, err := q.ExecContext(ctx, s.SQL)
			a.c.logQuery(ctx, s.SQL, 0, start, err)
			if err != nil {
				return fmt.Errorf("authsqlx: migration step %q: %w", s.SQL, err)
			}
		}
		return a.record(ctx, q, p)
	}
	var err error
	switch a.c.dialect {
	case SQLite:
		err = a.withSQLiteLock(ctx, run)
	case Postgres:
		err = a.withPostgresLock(ctx, run)
	case MySQL:
		err = a.withMySQLLock(ctx, run)
	}
	if err != nil {
		return nil, err
	}
	if !applied.Empty() {
		a.c.log.LogAttrs(ctx, slog.LevelInfo, "authsqlx: migrated", slog.String("dialect", string(a.c.dialect)),
			slog.Int("steps", len(applied.Steps)), slog.String("summary", applied.Summary()))
	}
	return applied, nil
}

// record inserts p into HistoryTable.
func (a *Adapter) record(ctx context.Context, q querier, p *Plan) error {
	script := p.SQL()
	sum := sha256.Sum256([]byte(script))
	checksum := hex.EncodeToString(sum[:])
	now := time.Now().UTC().Truncate(time.Millisecond)
	var at any = now
	if a.c.dialect == SQLite {
		at = now.Format(isoMillis)
	}
	d := a.c.dialect
	b := newBuilder(d).w("INSERT INTO ", d.quote(HistoryTable), " (", d.quote("id"), ", ", d.quote("applied_at"), ", ",
		d.quote("checksum"), ", ", d.quote("summary"), ", ", d.quote("statements"), ") VALUES (")
	b.arg(now.Format("20060102T150405.000Z") + "-" + checksum[:12]).w(", ").arg(at).w(", ").arg(checksum).w(", ").
		arg(p.Summary()).w(", ").arg(script).w(")")
	if _, err := q.ExecContext(ctx, b.String(), b.args...); err != nil {
		return fmt.Errorf("authsqlx: recording the migration: %w", err)
	}
	return nil
}

// withSQLiteLock runs fn in an exclusive transaction on one connection, holding the
// adapter's write slot; other processes wait on SQLite's lock (busy_timeout).
func (a *Adapter) withSQLiteLock(ctx context.Context, fn func(querier) error) error {
	release, err := a.c.acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
	conn, err := a.c.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
		return fmt.Errorf("authsqlx: migration lock: %w", err)
	}
	if err := fn(conn); err != nil {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return fmt.Errorf("authsqlx: migration commit: %w", err)
	}
	return nil
}

// withPostgresLock runs fn in a transaction holding a transaction-level advisory lock
// keyed by the current schema.
func (a *Adapter) withPostgresLock(ctx context.Context, fn func(querier) error) error {
	tx, err := a.c.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtext('"+HistoryTable+".' || current_schema()))"); err != nil {
		return fmt.Errorf("authsqlx: migration lock: %w", err)
	}
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("authsqlx: migration commit: %w", err)
	}
	return nil
}

// withMySQLLock runs fn on one connection holding a named lock (GET_LOCK) keyed by the
// current database.
func (a *Adapter) withMySQLLock(ctx context.Context, fn func(querier) error) error {
	conn, err := a.c.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	const name = "CONCAT('" + HistoryTable + ".', DATABASE())"
	for {
		var got sql.NullInt64
		if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK("+name+", 5)").Scan(&got); err != nil {
			return fmt.Errorf("authsqlx: migration lock: %w", err)
		}
		if got.Valid && got.Int64 == 1 {
			break
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	defer func() { _, _ = conn.ExecContext(context.WithoutCancel(ctx), "DO RELEASE_LOCK("+name+")") }()
	// Without it, MySQL 5.7 and MariaDB < 10.10 give the first TIMESTAMP NOT NULL column
	// of a table DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, and nullable
	// TIMESTAMP columns NOT NULL. Best effort: older servers refuse the session variable.
	_, _ = conn.ExecContext(ctx, "SET SESSION explicit_defaults_for_timestamp = 1")
	return fn(conn)
}
