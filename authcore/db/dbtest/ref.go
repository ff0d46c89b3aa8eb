package dbtest

import (
	"context"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/db"
)

// plain hides an adapter's optional interfaces, so that db.FindWithRef takes its
// two-FindOne path: the answer every RefFinder must give.
type plain struct{ db.Adapter }

var sessionUser = db.Ref{Model: "user", Field: "id", Via: "userId"}

// session returns a complete session row.
func session(id, token, userID string) db.Record {
	return db.Record{
		"id": id, "expiresAt": t0.Add(7 * 24 * time.Hour), "token": token, "createdAt": t0, "updatedAt": t0,
		"ipAddress": nil, "userAgent": "ua", "userId": userID,
	}
}

// findWithRef reads through a and through the two-FindOne path, fails the test when
// the two disagree, checks the rows against the read contract, and returns a's answer.
func (h *harness) findWithRef(ctx context.Context, a db.Adapter, model string, where []db.Where, ref db.Ref) (row, refRow db.Record, err error) {
	h.t.Helper()
	row, refRow, err = db.FindWithRef(ctx, a, model, where, ref)
	wantRow, wantRef, wantErr := db.FindWithRef(ctx, plain{a}, model, where, ref)
	if (err == nil) != (wantErr == nil) {
		h.t.Fatalf("FindWithRef(%s, %v, %+v): error %v; two FindOne calls give %v", model, where, ref, err, wantErr)
	}
	if diff := cmp.Diff(wantRow, row); diff != "" {
		h.t.Errorf("FindWithRef(%s, %v, %+v): row differs from FindOne (-FindOne +got):\n%s", model, where, ref, diff)
	}
	if diff := cmp.Diff(wantRef, refRow); diff != "" {
		h.t.Errorf("FindWithRef(%s, %v, %+v): referenced row differs from FindOne (-FindOne +got):\n%s", model, where, ref, diff)
	}
	if row != nil {
		h.check(model, row)
	}
	if refRow != nil {
		h.check(ref.Model, refRow)
	}
	return row, refRow, err
}

var refTests = []test{
	{"SessionAndUser", func(h *harness) {
		u := h.create("user", user("u1", "ann@example.com"))
		h.create("user", user("u2", "bob@example.com"))
		s := h.create("session", session("s1", "tok-1", "u1"))
		h.create("session", session("s2", "tok-2", "u2"))
		row, ref, err := h.findWithRef(h.t.Context(), h.a, "session", []db.Where{db.EqWhere("token", "tok-1")}, sessionUser)
		if err != nil {
			h.t.Fatalf("FindWithRef: %v", err)
		}
		if diff := cmp.Diff(s, row); diff != "" {
			h.t.Errorf("session (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(u, ref); diff != "" {
			h.t.Errorf("user (-want +got):\n%s", diff)
		}
	}},
	{"NoRow", func(h *harness) {
		h.create("user", user("u1", "ann@example.com"))
		h.create("session", session("s1", "tok-1", "u1"))
		_, _, err := h.findWithRef(h.t.Context(), h.a, "session", []db.Where{db.EqWhere("token", "TOK-1")}, sessionUser)
		wantErr(h.t, "FindWithRef of an unknown token", err, db.ErrNotFound)
	}},
	{"DanglingAndNullReferences", func(h *harness) {
		// A reference without a foreign key: item.note holds a user id, or not.
		h.create("user", user("u1", "ann@example.com"))
		h.create(itemModel, item("i1", "alpha", nil, 1, nil, true, t0, "u1"))
		h.create(itemModel, item("i2", "bravo", nil, 2, nil, true, t0, "u-gone"))
		h.create(itemModel, item("i3", "charlie", nil, 3, nil, true, t0, nil))
		ref := db.Ref{Model: "user", Field: "id", Via: "note"}
		for id, wantUser := range map[string]bool{"i1": true, "i2": false, "i3": false} {
			row, refRow, err := h.findWithRef(h.t.Context(), h.a, itemModel, []db.Where{db.EqWhere("id", id)}, ref)
			if err != nil || row["id"] != id {
				h.t.Fatalf("FindWithRef(%s) = %v, %v", id, row, err)
			}
			if (refRow != nil) != wantUser {
				h.t.Errorf("FindWithRef(%s): referenced row %v, want one: %v", id, refRow, wantUser)
			}
		}
	}},
	{"MappedColumnsAndOtherFields", func(h *harness) {
		// Via a field with its own column name (label is item_label), to a field other
		// than id, with a where of several terms.
		h.create("user", user("u1", "ann@example.com"))
		h.create("user", user("u2", "bob@example.com"))
		h.create(itemModel, item("i1", "User u2", "A", 1, int64(1<<40), true, t0, "x"))
		h.create(itemModel, item("i2", "User u1", "B", 2, nil, false, nil, "x"))
		ref := db.Ref{Model: "user", Field: "name", Via: "label"}
		where := []db.Where{db.EqWhere("note", "x"), {Field: "count", Op: db.Gt, Value: int64(1)}}
		row, refRow, err := h.findWithRef(h.t.Context(), h.a, itemModel, where, ref)
		if err != nil || row["id"] != "i2" || refRow == nil || refRow["id"] != "u1" {
			h.t.Errorf("FindWithRef = %v, %v, %v; want i2 and u1", row, refRow, err)
		}
		ref = db.Ref{Model: itemModel, Field: "label", Via: "name"}
		row, refRow, err = h.findWithRef(h.t.Context(), h.a, "user", []db.Where{db.EqWhere("email", "bob@example.com")}, ref)
		if err != nil || row["id"] != "u2" || refRow == nil || refRow["id"] != "i1" {
			h.t.Errorf("FindWithRef = %v, %v, %v; want u2 and i1", row, refRow, err)
		}
	}},
	{"UnknownNames", func(h *harness) {
		h.create("user", user("u1", "ann@example.com"))
		h.create("session", session("s1", "tok-1", "u1"))
		ctx := h.t.Context()
		where := []db.Where{db.EqWhere("token", "tok-1")}
		for _, tc := range []struct {
			model string
			where []db.Where
			ref   db.Ref
		}{
			{"nope", where, sessionUser},
			{"session", []db.Where{db.EqWhere("nope", "x")}, sessionUser},
			{"session", where, db.Ref{Model: "nope", Field: "id", Via: "userId"}},
			{"session", where, db.Ref{Model: "user", Field: "nope", Via: "userId"}},
			{"session", where, db.Ref{Model: "user", Field: "id", Via: "nope"}},
		} {
			_, _, err := db.FindWithRef(ctx, h.a, tc.model, tc.where, tc.ref)
			wantErr(h.t, "FindWithRef("+tc.model+", "+tc.ref.Model+"."+tc.ref.Field+" via "+tc.ref.Via+")", err, db.ErrUnknownModel)
		}
	}},
	{"InTransaction", func(h *harness) {
		h.create("user", user("u1", "ann@example.com"))
		err := h.a.Transaction(h.t.Context(), func(ctx context.Context, tx db.Adapter) error {
			if _, err := tx.Create(ctx, "session", session("s1", "tok-1", "u1")); err != nil {
				return err
			}
			if _, err := tx.Update(ctx, "user", []db.Where{db.EqWhere("id", "u1")}, db.Record{"name": "in tx"}); err != nil {
				return err
			}
			row, refRow, err := h.findWithRef(ctx, tx, "session", []db.Where{db.EqWhere("token", "tok-1")}, sessionUser)
			if err != nil || row["id"] != "s1" || refRow == nil || refRow["name"] != "in tx" {
				h.t.Errorf("FindWithRef in the transaction = %v, %v, %v; want its own writes", row, refRow, err)
			}
			return errRollback
		})
		wantErr(h.t, "Transaction", err, errRollback)
		_, _, err = h.findWithRef(h.t.Context(), h.a, "session", []db.Where{db.EqWhere("token", "tok-1")}, sessionUser)
		wantErr(h.t, "FindWithRef after the rollback", err, db.ErrNotFound)
	}},
}
