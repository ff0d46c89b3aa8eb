package authsqlx_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authsqlx"
)

// syncBuffer is a bytes.Buffer safe for the logger's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestLoggerNeverLogsValues: statements are logged at debug level without their values
// (tokens, password hashes); migrations at info level.
func TestLoggerNeverLogsValues(t *testing.T) {
	var buf syncBuffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx := context.Background()
	a := open(t, freshDSN(t, authsqlx.SQLite), schema.Core(), authsqlx.WithLogger(log))
	if _, err := authsqlx.Migrate(ctx, a); err != nil {
		t.Fatal(err)
	}
	const secret = "salt-0123:hash-s3cr3t"
	u := testUser("u1", "ann@example.com")
	if _, err := a.Create(ctx, "user", u); err != nil {
		t.Fatal(err)
	}
	_, err := a.Create(ctx, "account", db.Record{"id": "a1", "accountId": "u1", "providerId": "credential", "userId": "u1",
		"password": secret, "createdAt": u["createdAt"], "updatedAt": u["updatedAt"]})
	if err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "s3cr3t") || strings.Contains(out, "ann@example.com") {
		t.Errorf("the log shows bound values:\n%s", out)
	}
	if !strings.Contains(out, `INSERT INTO \"account\"`) || !strings.Contains(out, "authsqlx: migrated") {
		t.Errorf("the log lacks the statement or the migration:\n%s", out)
	}
}

// TestInMemorySQLite: "sqlite::memory:" is one database on one connection.
func TestInMemorySQLite(t *testing.T) {
	ctx := context.Background()
	a := open(t, "sqlite::memory:", schema.Core())
	if _, err := authsqlx.Migrate(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Create(ctx, "user", testUser("u1", "ann@example.com")); err != nil {
		t.Fatal(err)
	}
	if n, err := a.Count(ctx, "user", nil); err != nil || n != 1 {
		t.Errorf("Count = %d, %v", n, err)
	}
	if a.DB().Stats().MaxOpenConnections != 1 {
		t.Errorf("MaxOpenConnections = %d, want 1", a.DB().Stats().MaxOpenConnections)
	}
}

// TestPoolOptions: the options reach the pool.
func TestPoolOptions(t *testing.T) {
	a := open(t, freshDSN(t, authsqlx.SQLite), schema.Core(), authsqlx.WithMaxOpenConns(3), authsqlx.WithConnMaxLifetime(0))
	if got := a.DB().Stats().MaxOpenConnections; got != 3 {
		t.Errorf("MaxOpenConnections = %d, want 3", got)
	}
}

// TestServerPoolSize: 4 connections per processor, between 8 and 25.
func TestServerPoolSize(t *testing.T) {
	for procs, want := range map[int]int{1: 8, 2: 8, 3: 12, 4: 16, 6: 24, 7: 25, 64: 25} {
		if got := authsqlx.ServerPoolSize(procs); got != want {
			t.Errorf("ServerPoolSize(%d) = %d, want %d", procs, got, want)
		}
	}
}

// TestNewChecksNames: New refuses names the databases would mangle.
func TestNewChecksNames(t *testing.T) {
	a := open(t, freshDSN(t, authsqlx.SQLite), schema.Core())
	s := schema.Core()
	if err := s.Rename("user", "users\x00", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := authsqlx.New(a.DB(), authsqlx.SQLite, s); err == nil {
		t.Error("New accepted a table name with NUL")
	}
	s = schema.Core()
	if err := s.Rename("session", "", map[string]string{"token": "userId"}); err != nil {
		t.Fatal(err)
	}
	if _, err := authsqlx.New(a.DB(), authsqlx.SQLite, s); err == nil {
		t.Error("New accepted two fields on one column")
	}
	if _, err := authsqlx.New(a.DB(), "oracle", schema.Core()); err == nil {
		t.Error("New accepted an unknown dialect")
	}
}

// TestTransactionDone: the adapter a transaction received fails after it ends, also for
// a nested Transaction.
func TestTransactionDone(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d authsqlx.Dialect) {
		a := migrated(t, d, schema.Core())
		var kept db.Adapter
		_ = a.Transaction(t.Context(), func(_ context.Context, tx db.Adapter) error { kept = tx; return nil })
		called := false
		err := kept.Transaction(t.Context(), func(context.Context, db.Adapter) error { called = true; return nil })
		if err == nil || called {
			t.Errorf("Transaction on an ended transaction's adapter = %v (fn called: %v), want an error", err, called)
		}
		if _, err := kept.FindMany(t.Context(), "user", db.Query{}); err == nil {
			t.Error("FindMany on an ended transaction's adapter succeeded")
		}
		if errors.Is(err, db.ErrNotFound) {
			t.Error("an ended transaction reads as not found")
		}
	})
}

// TestFirstUseInsideTransaction: an adapter from New probes the server on first use. When
// that use is inside a transaction holding the pool's last connection, the probe runs in
// the transaction; through the pool it would wait for a connection forever.
func TestFirstUseInsideTransaction(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d authsqlx.Dialect) {
		shared := migrated(t, d, schema.Core())
		shared.DB().SetMaxOpenConns(1)
		a, err := authsqlx.New(shared.DB(), d, schema.Core())
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		err = a.Transaction(ctx, func(ctx context.Context, tx db.Adapter) error {
			_, err := tx.Create(ctx, "user", testUser("u1", "ann@example.com"))
			return err
		})
		if err != nil {
			t.Fatalf("Create in the first transaction: %v", err)
		}
	})
}
