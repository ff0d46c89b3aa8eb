package dbtest

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/goauth-dev/goauth/authcore/db"
)

var errRollback = errors.New("dbtest: roll back")

// txFixture creates three users and returns the user rows, by id.
func (h *harness) txFixture() map[string]db.Record {
	h.t.Helper()
	h.create("user", user("u1", "ann@example.com"))
	h.create("user", user("u2", "bob@example.com"))
	h.create("user", user("u3", "cat@example.com"))
	return h.snapshot("user")
}

// writeAll makes one write of each kind through tx, checking each worked.
func writeAll(h *harness, ctx context.Context, tx db.Adapter) {
	h.t.Helper()
	if _, err := tx.Create(ctx, "user", user("u4", "dan@example.com")); err != nil {
		h.t.Fatalf("tx.Create: %v", err)
	}
	if _, err := tx.Update(ctx, "user", []db.Where{db.EqWhere("id", "u1")}, db.Record{"name": "changed"}); err != nil {
		h.t.Fatalf("tx.Update: %v", err)
	}
	if n, err := tx.UpdateMany(ctx, "user", []db.Where{db.EqWhere("id", "u3")}, db.Record{"emailVerified": true}); err != nil || n != 1 {
		h.t.Fatalf("tx.UpdateMany = %d, %v", n, err)
	}
	if err := tx.Delete(ctx, "user", []db.Where{db.EqWhere("id", "u2")}); err != nil {
		h.t.Fatalf("tx.Delete: %v", err)
	}
}

// afterWriteAll is the user table writeAll leaves.
func (h *harness) afterWriteAll(before map[string]db.Record) map[string]db.Record {
	return map[string]db.Record{
		"u1": with(before["u1"], db.Record{"name": "changed"}),
		"u3": with(before["u3"], db.Record{"emailVerified": true}),
		"u4": h.expect("user", user("u4", "dan@example.com")),
	}
}

var txTests = []test{
	{"Commit", func(h *harness) {
		before := h.txFixture()
		err := h.a.Transaction(h.t.Context(), func(ctx context.Context, tx db.Adapter) error {
			writeAll(h, ctx, tx)
			return nil
		})
		if err != nil {
			h.t.Fatalf("Transaction: %v", err)
		}
		h.unchanged("a committed transaction", "user", h.afterWriteAll(before))
	}},
	{"RollbackOnError", func(h *harness) {
		before := h.txFixture()
		err := h.a.Transaction(h.t.Context(), func(ctx context.Context, tx db.Adapter) error {
			writeAll(h, ctx, tx)
			return fmt.Errorf("wrapped: %w", errRollback)
		})
		wantErr(h.t, "Transaction", err, errRollback)
		h.unchanged("a rolled-back transaction", "user", before)
	}},
	{"RollbackOnPanic", func(h *harness) {
		before := h.txFixture()
		recovered := func() (r any) {
			defer func() { r = recover() }()
			_ = h.a.Transaction(h.t.Context(), func(ctx context.Context, tx db.Adapter) error {
				writeAll(h, ctx, tx)
				panic(errRollback)
			})
			return nil
		}()
		if recovered != errRollback {
			h.t.Errorf("recovered %v, want the panic value to propagate", recovered)
		}
		h.unchanged("a panicking transaction", "user", before)
		// The adapter is still usable after the panic.
		h.create("user", user("u9", "zed@example.com"))
	}},
	{"ReadsOwnWrites", func(h *harness) {
		h.txFixture()
		_ = h.a.Transaction(h.t.Context(), func(ctx context.Context, tx db.Adapter) error {
			writeAll(h, ctx, tx)
			got, err := tx.FindMany(ctx, "user", db.Query{})
			if want := []string{"u1", "u3", "u4"}; err != nil || !slices.Equal(ids(got), want) {
				h.t.Errorf("tx.FindMany = %v, %v; want %v", ids(got), err, want)
			}
			if r, err := tx.FindOne(ctx, "user", []db.Where{db.EqWhere("id", "u1")}); err != nil || r["name"] != "changed" {
				h.t.Errorf("tx.FindOne(u1) = %v, %v; want the updated row", r, err)
			}
			if n, err := tx.Count(ctx, "user", nil); err != nil || n != 3 {
				h.t.Errorf("tx.Count = %d, %v; want 3", n, err)
			}
			return errRollback
		})
	}},
	{"Isolation", func(h *harness) {
		before := h.txFixture()
		outer := h.t.Context()
		err := h.a.Transaction(h.t.Context(), func(ctx context.Context, tx db.Adapter) error {
			writeAll(h, ctx, tx)
			_, err := h.a.FindOne(outer, "user", []db.Where{db.EqWhere("id", "u4")})
			wantErr(h.t, "outer FindOne of a row created in an open transaction", err, db.ErrNotFound)
			h.unchanged("an open transaction, seen from outside,", "user", before)
			return nil
		})
		if err != nil {
			h.t.Fatalf("Transaction: %v", err)
		}
		h.unchanged("a committed transaction", "user", h.afterWriteAll(before))
	}},
	{"NestedJoins", func(h *harness) {
		before := h.txFixture()
		err := h.a.Transaction(h.t.Context(), func(ctx context.Context, tx db.Adapter) error {
			if _, err := tx.Create(ctx, "user", user("u5", "eve@example.com")); err != nil {
				return err
			}
			err := tx.Transaction(ctx, func(ctx context.Context, inner db.Adapter) error {
				if _, err := inner.FindOne(ctx, "user", []db.Where{db.EqWhere("id", "u5")}); err != nil {
					h.t.Errorf("nested transaction cannot see the outer one's row: %v", err)
				}
				_, err := inner.Create(ctx, "user", user("u6", "fay@example.com"))
				return err
			})
			if err != nil {
				h.t.Fatalf("nested Transaction: %v", err)
			}
			if _, err := tx.FindOne(ctx, "user", []db.Where{db.EqWhere("id", "u6")}); err != nil {
				h.t.Errorf("outer transaction cannot see the nested one's row: %v", err)
			}
			return errRollback
		})
		wantErr(h.t, "Transaction", err, errRollback)
		h.unchanged("a rolled-back transaction with a nested one", "user", before)
	}},
	{"NestedError", func(h *harness) {
		before := h.txFixture()
		err := h.a.Transaction(h.t.Context(), func(ctx context.Context, tx db.Adapter) error {
			return tx.Transaction(ctx, func(ctx context.Context, inner db.Adapter) error {
				if _, err := inner.Create(ctx, "user", user("u5", "eve@example.com")); err != nil {
					h.t.Errorf("nested Create: %v", err)
				}
				return errRollback
			})
		})
		wantErr(h.t, "Transaction", err, errRollback)
		h.unchanged("a transaction whose nested one failed", "user", before)
	}},
	{"ErrorFromWriteRollsBack", func(h *harness) {
		before := h.txFixture()
		err := h.a.Transaction(h.t.Context(), func(ctx context.Context, tx db.Adapter) error {
			if _, err := tx.Update(ctx, "user", []db.Where{db.EqWhere("id", "u1")}, db.Record{"name": "changed"}); err != nil {
				h.t.Errorf("tx.Update: %v", err)
			}
			_, err := tx.Create(ctx, "user", user("u9", "bob@example.com"))
			return err
		})
		wantErr(h.t, "Transaction with a conflicting Create", err, db.ErrConflict)
		h.unchanged("a transaction that hit a conflict", "user", before)
	}},
	{"AtomicOpsRollBack", func(h *harness) {
		h.fixture()
		h.create("verification", verification("v1", "otp", t0))
		items, verifications := h.snapshot(itemModel), h.snapshot("verification")
		err := h.a.Transaction(h.t.Context(), func(ctx context.Context, tx db.Adapter) error {
			if _, err := tx.ConsumeOne(ctx, "verification", []db.Where{db.EqWhere("identifier", "otp")}); err != nil {
				h.t.Errorf("tx.ConsumeOne: %v", err)
			}
			if _, err := tx.IncrementOne(ctx, itemModel, []db.Where{db.EqWhere("id", "i1")}, "count", 1, nil); err != nil {
				h.t.Errorf("tx.IncrementOne: %v", err)
			}
			if n, err := tx.DeleteMany(ctx, itemModel, []db.Where{db.EqWhere("flag", false)}); err != nil || n != 2 {
				h.t.Errorf("tx.DeleteMany = %d, %v", n, err)
			}
			return errRollback
		})
		wantErr(h.t, "Transaction", err, errRollback)
		h.unchanged("a rolled-back transaction", itemModel, items)
		h.unchanged("a rolled-back transaction", "verification", verifications)
	}},
	{"AdapterDoneAfterReturn", func(h *harness) {
		var kept db.Adapter
		var keptCtx context.Context
		if err := h.a.Transaction(h.t.Context(), func(ctx context.Context, tx db.Adapter) error {
			kept, keptCtx = tx, ctx
			return nil
		}); err != nil {
			h.t.Fatalf("Transaction: %v", err)
		}
		if _, err := kept.Create(keptCtx, "user", user("u1", "ann@example.com")); err == nil {
			h.t.Error("Create on a committed transaction's adapter succeeded")
		}
		if n := h.count("user"); n != 0 {
			h.t.Errorf("Count = %d, want 0", n)
		}
	}},
	{"Concurrent", func(h *harness) {
		const n = 8
		errs := make([]error, n)
		race(n, func(i int) {
			errs[i] = h.a.Transaction(h.t.Context(), func(ctx context.Context, tx db.Adapter) error {
				id := fmt.Sprintf("u%d", i)
				if _, err := tx.Create(ctx, "user", user(id, id+"@example.com")); err != nil {
					return err
				}
				_, err := tx.Update(ctx, "user", []db.Where{db.EqWhere("id", id)}, db.Record{"name": "tx"})
				return err
			})
		})
		for i, err := range errs {
			if err != nil {
				h.t.Errorf("transaction %d: %v", i, err)
			}
		}
		if c := h.count("user", db.EqWhere("name", "tx")); c != n {
			h.t.Errorf("Count = %d after %d concurrent transactions, want %d", c, n, n)
		}
	}},
	{"ConcurrentWithWrites", func(h *harness) {
		h.create(itemModel, item("c", "counter", nil, 0, nil, false, nil, nil))
		race(racers, func(i int) {
			if i%2 == 0 {
				err := h.a.Transaction(h.t.Context(), func(ctx context.Context, tx db.Adapter) error {
					_, err := tx.IncrementOne(ctx, itemModel, []db.Where{db.EqWhere("id", "c")}, "count", 1, nil)
					return err
				})
				if err != nil {
					h.t.Errorf("Transaction: %v", err)
				}
				return
			}
			if _, err := h.a.IncrementOne(h.t.Context(), itemModel, []db.Where{db.EqWhere("id", "c")}, "count", 1, nil); err != nil {
				h.t.Errorf("IncrementOne: %v", err)
			}
		})
		if got := h.get(itemModel, "c")["count"]; got != int64(racers) {
			h.t.Errorf("count = %v, want %d", got, racers)
		}
	}},
}
