package memdb

import (
	"context"
	"errors"
	"maps"
	"sync"

	"github.com/goauth-dev/goauth/authcore/db"
)

var (
	// ErrTxDone is returned by the adapter of a transaction that has already committed or
	// rolled back (like database/sql's ErrTxDone).
	ErrTxDone = errors.New("memdb: transaction has already been committed or rolled back")
	// ErrTxActive is returned by a write or Transaction called on the outer DB with the
	// context of one of its open transactions: it would wait for that transaction, which
	// waits for it. Use the transaction's adapter.
	ErrTxActive = errors.New("memdb: write outside the open transaction of this context")
)

// txState is one open transaction.
type txState struct {
	c      *core
	mu     sync.Mutex
	done   bool
	tables map[string]*table // copies of the tables written so far
}

type txKey struct{}

// acquire takes the write token, failing fast when ctx belongs to an open transaction of
// this database (the token's holder).
func (c *core) acquire(ctx context.Context) error {
	if tx, ok := ctx.Value(txKey{}).(*txState); ok && tx.c == c {
		tx.mu.Lock()
		open := !tx.done
		tx.mu.Unlock()
		if open {
			return ErrTxActive
		}
	}
	select {
	case c.token <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *core) release() { <-c.token }

// Transaction implements db.Adapter. See the package comment for the isolation it gives.
// The context passed to fn marks the transaction: writes on the outer DB with it fail
// with ErrTxActive. When ctx is done by the time fn returns nil, the transaction is
// rolled back and ctx's error returned.
func (d *DB) Transaction(ctx context.Context, fn func(ctx context.Context, tx db.Adapter) error) error {
	if tx := d.tx; tx != nil {
		tx.mu.Lock()
		done := tx.done
		tx.mu.Unlock()
		if done {
			return ErrTxDone
		}
		return fn(ctx, d)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := d.c.acquire(ctx); err != nil {
		return err
	}
	tx := &txState{c: d.c, tables: map[string]*table{}}
	commit := false
	defer func() {
		tx.mu.Lock()
		tx.done = true
		if commit {
			d.c.mu.Lock()
			maps.Copy(d.c.tables, tx.tables)
			d.c.mu.Unlock()
		}
		tx.tables = nil
		tx.mu.Unlock()
		d.c.release()
	}()
	if err := fn(context.WithValue(ctx, txKey{}, tx), &DB{c: d.c, tx: tx}); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	commit = true
	return nil
}
