package authsqlx

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/goauth-dev/goauth/authcore/db"
)

// Transaction implements db.Adapter with a SQL transaction: committed when fn returns
// nil, rolled back when it returns an error or panics. Transaction on the adapter fn
// receives joins the transaction (no savepoint), and that adapter fails with
// sql.ErrTxDone once Transaction has returned.
//
// On SQLite the transaction holds the database's single write slot from BEGIN
// (IMMEDIATE with a DSN from Open) to COMMIT; reads outside it go on meanwhile (WAL),
// writes outside it wait, and a write outside it made with the context fn received
// fails with ErrTxActive instead of waiting for ever.
func (a *Adapter) Transaction(ctx context.Context, fn func(ctx context.Context, tx db.Adapter) error) error {
	if a.tx != nil {
		if a.txDone != nil && a.txDone.Load() {
			return sql.ErrTxDone
		}
		return fn(ctx, a)
	}
	return a.begin(ctx, func(ctx context.Context, tx *Adapter) error { return fn(ctx, tx) })
}

// begin runs fn in a new transaction.
func (a *Adapter) begin(ctx context.Context, fn func(ctx context.Context, tx *Adapter) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if a.c.writer != nil {
		release, err := a.c.acquire(ctx)
		if err != nil {
			return err
		}
		defer release()
	}
	sqlTx, err := a.c.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("authsqlx: begin: %w", err)
	}
	mark := &txMark{c: a.c, done: make(chan struct{})}
	done := new(atomic.Bool)
	committed := false
	defer func() {
		done.Store(true)
		close(mark.done)
		if !committed {
			_ = sqlTx.Rollback()
		}
	}()
	tx := &Adapter{c: a.c, tx: sqlTx, txDone: done}
	if err := fn(context.WithValue(ctx, txKey{}, mark), tx); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return wrapErr("commit", "transaction", err)
	}
	committed = true
	return nil
}

// inTx runs fn in the adapter's transaction, or in a new one it retries after a
// deadlock (MySQL and MariaDB may pick a racer as the victim).
func (a *Adapter) inTx(ctx context.Context, fn func(tx *Adapter) error) error {
	if a.tx != nil {
		return fn(a)
	}
	var err error
	for range 5 {
		err = a.begin(ctx, func(_ context.Context, tx *Adapter) error { return fn(tx) })
		if !isDeadlock(err) || errors.Is(err, db.ErrConflict) {
			return err
		}
	}
	return err
}
