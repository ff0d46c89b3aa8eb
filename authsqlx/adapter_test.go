package authsqlx_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/db/dbtest"
	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authsqlx"
)

// TestConformance runs db/dbtest against every database: SQLite gets a new file per
// subtest; Postgres and MariaDB get one fresh schema/database per run, emptied before
// each subtest.
func TestConformance(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		dbtest.Run(t, func(t *testing.T, s *schema.Schema) db.Adapter {
			return migrated(t, authsqlx.SQLite, s)
		})
	})
	for _, d := range []authsqlx.Dialect{authsqlx.Postgres, authsqlx.MySQL} {
		t.Run(string(d), func(t *testing.T) {
			shared := migrated(t, d, dbtest.Schema())
			dbtest.Run(t, func(t *testing.T, s *schema.Schema) db.Adapter {
				empty(t, shared, s)
				a, err := authsqlx.New(shared.DB(), d, s)
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				t.Cleanup(func() { a.Close() })
				return a
			})
		})
	}
}

// TestConformanceWithoutReturning runs db/dbtest with RETURNING disabled, through the
// transactional paths MySQL (which lacks RETURNING) and SQLite before 3.35 take.
func TestConformanceWithoutReturning(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d authsqlx.Dialect) {
		shared := migrated(t, d, dbtest.Schema())
		dbtest.Run(t, func(t *testing.T, s *schema.Schema) db.Adapter {
			empty(t, shared, s)
			a, err := authsqlx.New(shared.DB(), d, s)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			t.Cleanup(func() { a.Close() })
			if err := authsqlx.DisableReturning(t.Context(), a); err != nil {
				t.Fatalf("DisableReturning: %v", err)
			}
			return a
		})
	})
}

// empty deletes every row of s's tables, referencing tables first.
func empty(t testing.TB, a *authsqlx.Adapter, s *schema.Schema) {
	t.Helper()
	tables := slices.Clone(s.Tables)
	slices.SortStableFunc(tables, func(x, y *schema.Table) int { return y.Order - x.Order })
	for _, tbl := range tables {
		if _, err := a.DB().Exec("DELETE FROM " + quote(a.Dialect(), tbl.TableName())); err != nil {
			t.Fatalf("empty %s: %v", tbl.TableName(), err)
		}
	}
}

func testUser(id, email string) db.Record {
	now := time.Date(2025, 3, 4, 5, 6, 7, 8_000_000, time.UTC)
	return db.Record{"id": id, "name": "User " + id, "email": email, "emailVerified": false, "createdAt": now, "updatedAt": now}
}

// race runs fn in n goroutines released together.
func race(n int, fn func(i int)) {
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			fn(i)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
}

const racers = 32

// TestCreateRace: of 32 concurrent sign-ups with one email, one succeeds and 31 fail
// with db.ErrConflict.
func TestCreateRace(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d authsqlx.Dialect) {
		a := migrated(t, d, schema.Core())
		errs := make([]error, racers)
		race(racers, func(i int) {
			_, errs[i] = a.Create(t.Context(), "user", testUser(fmt.Sprintf("u%02d", i), "same@example.com"))
		})
		ok, conflicts := 0, 0
		for i, err := range errs {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, db.ErrConflict):
				conflicts++
			default:
				t.Errorf("racer %d: %v", i, err)
			}
		}
		if ok != 1 || conflicts != racers-1 {
			t.Errorf("%d created, %d conflicts; want 1 and %d", ok, conflicts, racers-1)
		}
		if n, err := a.Count(t.Context(), "user", nil); err != nil || n != 1 {
			t.Errorf("Count = %d, %v; want 1", n, err)
		}
	})
}

// TestConsumeRace: 32 racers redeem one verification row, ten times over; each time
// exactly one wins.
func TestConsumeRace(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d authsqlx.Dialect) {
		a := migrated(t, d, schema.Core())
		now := time.Now()
		for round := range 10 {
			id := fmt.Sprintf("v%d", round)
			_, err := a.Create(t.Context(), "verification", db.Record{
				"id": id, "identifier": "otp:ann", "value": "123456", "expiresAt": now, "createdAt": now, "updatedAt": now,
			})
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			var mu sync.Mutex
			var winners []string
			race(racers, func(int) {
				r, err := a.ConsumeOne(t.Context(), "verification", []db.Where{db.EqWhere("identifier", "otp:ann")})
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					winners = append(winners, r["id"].(string))
				case !errors.Is(err, db.ErrNotFound):
					t.Errorf("ConsumeOne: %v", err)
				}
			})
			if len(winners) != 1 || winners[0] != id {
				t.Fatalf("round %d: winners %v, want [%s]", round, winners, id)
			}
		}
	})
}

// TestStoredEncoding checks the bytes Better Auth reads: on SQLite ISO-8601 text with
// milliseconds and Z, and 0/1 booleans; on MySQL tinyint booleans.
func TestStoredEncoding(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d authsqlx.Dialect) {
		a := migrated(t, d, schema.Core())
		u := testUser("u1", "ann@example.com")
		u["createdAt"] = time.Date(2025, 12, 31, 23, 59, 59, 999_999_999, time.FixedZone("X", 3600))
		u["emailVerified"] = true
		if _, err := a.Create(t.Context(), "user", u); err != nil {
			t.Fatalf("Create: %v", err)
		}
		var created, verified string
		row := a.DB().QueryRow("SELECT CAST(" + quote(d, "emailVerified") + " AS CHAR(5)) FROM " + quote(d, "user"))
		if d == authsqlx.Postgres {
			row = a.DB().QueryRow(`SELECT "emailVerified"::text FROM "user"`)
		}
		if err := row.Scan(&verified); err != nil {
			t.Fatalf("read emailVerified: %v", err)
		}
		want := map[authsqlx.Dialect]string{authsqlx.SQLite: "1", authsqlx.MySQL: "1", authsqlx.Postgres: "true"}[d]
		if verified != want {
			t.Errorf("stored emailVerified = %q, want %q", verified, want)
		}
		if d != authsqlx.SQLite {
			return
		}
		if err := a.DB().QueryRow(`SELECT CAST("createdAt" AS TEXT) || ' ' || typeof("createdAt") FROM "user"`).Scan(&created); err != nil {
			t.Fatalf("read createdAt: %v", err)
		}
		if created != "2025-12-31T22:59:59.999Z text" {
			t.Errorf("stored createdAt = %q, want 2025-12-31T22:59:59.999Z as text", created)
		}
	})
}

// TestErrTxActive: on SQLite a write on the outer adapter with an open transaction's
// context fails at once instead of waiting for the transaction.
func TestErrTxActive(t *testing.T) {
	a := migrated(t, authsqlx.SQLite, schema.Core())
	err := a.Transaction(t.Context(), func(ctx context.Context, tx db.Adapter) error {
		_, err := a.Create(ctx, "user", testUser("u1", "ann@example.com"))
		if !errors.Is(err, authsqlx.ErrTxActive) {
			t.Errorf("outer Create with the transaction's context: %v, want ErrTxActive", err)
		}
		_, err = tx.Create(ctx, "user", testUser("u2", "bob@example.com"))
		return err
	})
	if err != nil {
		t.Fatalf("Transaction: %v", err)
	}
	if n, _ := a.Count(t.Context(), "user", nil); n != 1 {
		t.Errorf("Count = %d, want 1", n)
	}
}
