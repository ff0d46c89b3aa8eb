package dbtest

import (
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/db"
)

// snapshot returns every row of model by id.
func (h *harness) snapshot(model string) map[string]db.Record {
	h.t.Helper()
	out := map[string]db.Record{}
	for _, r := range h.findMany(model, db.Query{Limit: 1000}) {
		out[r["id"].(string)] = r
	}
	return out
}

// unchanged fails the test when model's rows differ from before.
func (h *harness) unchanged(what, model string, before map[string]db.Record) {
	h.t.Helper()
	if diff := cmp.Diff(before, h.snapshot(model)); diff != "" {
		h.t.Errorf("%s changed %s rows (-before +after):\n%s", what, model, diff)
	}
}

var updateTests = []test{
	{"ReturnsUpdatedRow", func(h *harness) {
		u := user("u1", "ann@example.com")
		h.create("user", u)
		h.create("user", user("u2", "bob@example.com"))
		later := t0.Add(time.Minute)
		patch := db.Record{"name": "Ann B", "emailVerified": true, "image": "https://example.com/a.png", "updatedAt": later}
		got, err := h.a.Update(h.t.Context(), "user", []db.Where{db.EqWhere("id", "u1")}, patch)
		if err != nil {
			h.t.Fatalf("Update: %v", err)
		}
		h.check("user", got)
		h.same("Update", got, "user", with(u, patch))
		h.same("FindOne", h.get("user", "u1"), "user", with(u, patch))
		h.same("other row", h.get("user", "u2"), "user", user("u2", "bob@example.com"))
	}},
	{"WhereOnUpdatedField", func(h *harness) {
		h.create("user", user("u1", "ann@example.com"))
		got, err := h.a.Update(h.t.Context(), "user", []db.Where{db.EqWhere("email", "ann@example.com")},
			db.Record{"email": "ann@example.org", "name": "Ann"})
		if err != nil {
			h.t.Fatalf("Update: %v", err)
		}
		if got["id"] != "u1" || got["email"] != "ann@example.org" || got["name"] != "Ann" {
			h.t.Errorf("Update returned %v, want u1 with the new email and name", got)
		}
		if h.findOne("user", db.EqWhere("email", "ann@example.org"))["id"] != "u1" {
			h.t.Error("row not found by its new email")
		}
		_, err = h.a.FindOne(h.t.Context(), "user", []db.Where{db.EqWhere("email", "ann@example.com")})
		wantErr(h.t, "FindOne by the old email", err, db.ErrNotFound)
	}},
	{"WhereNull", func(h *harness) {
		h.create("user", user("u1", "ann@example.com"))
		got, err := h.a.Update(h.t.Context(), "user",
			[]db.Where{db.EqWhere("id", "u1"), db.EqWhere("image", nil)}, db.Record{"name": "null-where"})
		if err != nil || got["name"] != "null-where" {
			h.t.Errorf("Update where image IS NULL = %v, %v", got, err)
		}
	}},
	{"SetNull", func(h *harness) {
		u := with(user("u1", "ann@example.com"), db.Record{"image": "https://example.com/a.png"})
		h.create("user", u)
		got, err := h.a.Update(h.t.Context(), "user", []db.Where{db.EqWhere("id", "u1")}, db.Record{"image": nil})
		if err != nil {
			h.t.Fatalf("Update: %v", err)
		}
		h.same("Update", got, "user", with(u, db.Record{"image": nil}))
		if n := h.count("user", db.EqWhere("image", nil)); n != 1 {
			h.t.Errorf("Count(image IS NULL) = %d, want 1", n)
		}
	}},
	{"DateIsNormalised", func(h *harness) {
		h.fixture()
		at := time.Date(2030, 1, 2, 3, 4, 5, 678_900_000, time.FixedZone("X", 3600))
		got, err := h.a.Update(h.t.Context(), itemModel, []db.Where{db.EqWhere("id", "i4")}, db.Record{"at": at})
		if err != nil {
			h.t.Fatalf("Update: %v", err)
		}
		want := at.UTC().Truncate(time.Millisecond)
		for what, r := range map[string]db.Record{"Update": got, "FindOne": h.get(itemModel, "i4")} {
			if tm, ok := r["at"].(time.Time); !ok || !tm.Equal(want) {
				h.t.Errorf("%s: at = %v, want %v", what, r["at"], want)
			}
		}
	}},
	{"NotFound", func(h *harness) {
		h.fixture()
		before := h.snapshot(itemModel)
		got, err := h.a.Update(h.t.Context(), itemModel, []db.Where{db.EqWhere("id", "nope")}, db.Record{"label": "x"})
		wantErr(h.t, "Update of a missing row", err, db.ErrNotFound)
		if got != nil {
			h.t.Errorf("Update of a missing row returned %v", got)
		}
		h.unchanged("Update of a missing row", itemModel, before)
	}},
	{"UniqueConflict", func(h *harness) {
		h.create("user", user("u1", "ann@example.com"))
		h.create("user", user("u2", "bob@example.com"))
		before := h.snapshot("user")
		_, err := h.a.Update(h.t.Context(), "user", []db.Where{db.EqWhere("id", "u2")},
			db.Record{"email": "ann@example.com", "name": "x"})
		wantErr(h.t, "Update to a taken email", err, db.ErrConflict)
		_, err = h.a.Update(h.t.Context(), "user", []db.Where{db.EqWhere("id", "u2")}, db.Record{"id": "u1"})
		wantErr(h.t, "Update to a taken id", err, db.ErrConflict)
		h.unchanged("a conflicting Update", "user", before)
	}},
	{"SameUniqueValue", func(h *harness) {
		h.create("user", user("u1", "ann@example.com"))
		if _, err := h.a.Update(h.t.Context(), "user", []db.Where{db.EqWhere("id", "u1")},
			db.Record{"email": "ann@example.com"}); err != nil {
			h.t.Errorf("Update of a unique field to its own value: %v", err)
		}
	}},
	{"ChangesOneRow", func(h *harness) {
		h.fixture()
		got, err := h.a.Update(h.t.Context(), itemModel, []db.Where{db.EqWhere("flag", true)}, db.Record{"note": "changed"})
		if err != nil {
			h.t.Fatalf("Update: %v", err)
		}
		changed := ids(h.findMany(itemModel, db.Query{Where: []db.Where{db.EqWhere("note", "changed")}}))
		if len(changed) != 1 || changed[0] != got["id"] {
			h.t.Errorf("Update changed %v and returned %v; want exactly the returned row changed", changed, got["id"])
		}
		if got["flag"] != true {
			h.t.Errorf("Update returned a row that does not match: %v", got)
		}
	}},
	{"UnknownPatchField", func(h *harness) {
		h.create("user", user("u1", "ann@example.com"))
		before := h.snapshot("user")
		_, err := h.a.Update(h.t.Context(), "user", []db.Where{db.EqWhere("id", "u1")}, db.Record{"nickname": "x"})
		wantErr(h.t, "Update with an unknown field", err, db.ErrUnknownModel)
		_, err = h.a.UpdateMany(h.t.Context(), "user", nil, db.Record{"nickname": "x"})
		wantErr(h.t, "UpdateMany with an unknown field", err, db.ErrUnknownModel)
		h.unchanged("Update with an unknown field", "user", before)
	}},
	{"UnknownModel", func(h *harness) {
		_, err := h.a.Update(h.t.Context(), "nope", []db.Where{db.EqWhere("id", "x")}, db.Record{"a": 1})
		wantErr(h.t, "Update(nope)", err, db.ErrUnknownModel)
	}},
}

var updateManyTests = []test{
	{"ReturnsCount", func(h *harness) {
		h.fixture()
		before := h.snapshot(itemModel)
		n, err := h.a.UpdateMany(h.t.Context(), itemModel, []db.Where{db.EqWhere("flag", true)}, db.Record{"note": "many", "count": int64(9)})
		if err != nil || n != 3 {
			h.t.Fatalf("UpdateMany = %d, %v; want 3", n, err)
		}
		after := h.snapshot(itemModel)
		for id, r := range before {
			want := r
			if r["flag"] == true {
				want = with(r, db.Record{"note": "many", "count": int64(9)})
			}
			if diff := cmp.Diff(want, after[id]); diff != "" {
				h.t.Errorf("row %s (-want +got):\n%s", id, diff)
			}
		}
	}},
	{"EmptyWhere", func(h *harness) {
		h.fixture()
		n, err := h.a.UpdateMany(h.t.Context(), itemModel, nil, db.Record{"label": "all"})
		if err != nil || n != 5 {
			h.t.Errorf("UpdateMany(no where) = %d, %v; want 5", n, err)
		}
		if c := h.count(itemModel, db.EqWhere("label", "all")); c != 5 {
			h.t.Errorf("Count(label = all) = %d, want 5", c)
		}
	}},
	{"Or", func(h *harness) {
		h.fixture()
		n, err := h.a.UpdateMany(h.t.Context(), itemModel,
			[]db.Where{or(db.EqWhere("id", "i1")), or(db.EqWhere("id", "i2"))}, db.Record{"label": "x"})
		if err != nil || n != 2 {
			h.t.Errorf("UpdateMany(i1 OR i2) = %d, %v; want 2", n, err)
		}
		if got := ids(h.findMany(itemModel, db.Query{Where: []db.Where{db.EqWhere("label", "x")}})); len(got) != 2 || got[0] != "i1" || got[1] != "i2" {
			h.t.Errorf("updated rows = %v, want [i1 i2]", got)
		}
	}},
	{"NoMatch", func(h *harness) {
		h.fixture()
		before := h.snapshot(itemModel)
		n, err := h.a.UpdateMany(h.t.Context(), itemModel, []db.Where{db.EqWhere("label", "zulu")}, db.Record{"label": "x"})
		if err != nil || n != 0 {
			h.t.Errorf("UpdateMany without matches = %d, %v; want 0, nil", n, err)
		}
		h.unchanged("UpdateMany without matches", itemModel, before)
	}},
	{"UniqueConflictChangesNothing", func(h *harness) {
		h.fixture()
		before := h.snapshot(itemModel)
		_, err := h.a.UpdateMany(h.t.Context(), itemModel, []db.Where{db.EqWhere("flag", true)}, db.Record{"code": "SAME", "note": "x"})
		wantErr(h.t, "UpdateMany giving rows one unique value", err, db.ErrConflict)
		_, err = h.a.UpdateMany(h.t.Context(), itemModel, []db.Where{db.EqWhere("id", "i1")}, db.Record{"code": "B_2"})
		wantErr(h.t, "UpdateMany to a taken unique value", err, db.ErrConflict)
		h.unchanged("a conflicting UpdateMany", itemModel, before)
	}},
	{"UniqueFieldToNull", func(h *harness) {
		h.fixture()
		n, err := h.a.UpdateMany(h.t.Context(), itemModel, []db.Where{db.EqWhere("flag", false)}, db.Record{"code": nil})
		if err != nil || n != 2 {
			h.t.Errorf("UpdateMany(code = NULL) = %d, %v; want 2", n, err)
		}
	}},
}

var deleteTests = []test{
	{"ByID", func(h *harness) {
		h.fixture()
		if err := h.a.Delete(h.t.Context(), itemModel, []db.Where{db.EqWhere("id", "i2")}); err != nil {
			h.t.Fatalf("Delete: %v", err)
		}
		if got := h.ids(itemModel); len(got) != 4 || h.get(itemModel, "i2") != nil {
			h.t.Errorf("after Delete(i2): %v", got)
		}
	}},
	{"EveryMatchingRow", func(h *harness) {
		h.fixture()
		if err := h.a.Delete(h.t.Context(), itemModel, []db.Where{db.EqWhere("flag", true)}); err != nil {
			h.t.Fatalf("Delete: %v", err)
		}
		if got := h.ids(itemModel); len(got) != 2 || got[0] != "i2" || got[1] != "i4" {
			h.t.Errorf("after Delete(flag): %v, want [i2 i4]", got)
		}
	}},
	{"NoMatch", func(h *harness) {
		h.fixture()
		if err := h.a.Delete(h.t.Context(), itemModel, []db.Where{db.EqWhere("id", "nope")}); err != nil {
			h.t.Errorf("Delete without matches: %v, want nil", err)
		}
		if n := h.count(itemModel); n != 5 {
			h.t.Errorf("Count = %d, want 5", n)
		}
	}},
	{"UnknownModel", func(h *harness) {
		err := h.a.Delete(h.t.Context(), "nope", []db.Where{db.EqWhere("id", "x")})
		wantErr(h.t, "Delete(nope)", err, db.ErrUnknownModel)
		_, err = h.a.DeleteMany(h.t.Context(), "nope", nil)
		wantErr(h.t, "DeleteMany(nope)", err, db.ErrUnknownModel)
	}},
	{"ManyReturnsCount", func(h *harness) {
		now := t0.Add(time.Hour)
		h.create("verification", verification("v1", "a", now.Add(-time.Millisecond)))
		h.create("verification", verification("v2", "b", now.Add(-time.Hour)))
		h.create("verification", verification("v3", "c", now))
		h.create("verification", verification("v4", "d", now.Add(time.Hour)))
		n, err := h.a.DeleteMany(h.t.Context(), "verification", []db.Where{{Field: "expiresAt", Op: db.Lt, Value: now}})
		if err != nil || n != 2 {
			h.t.Errorf("DeleteMany(expiresAt < now) = %d, %v; want 2", n, err)
		}
		if got := h.ids("verification"); len(got) != 2 || got[0] != "v3" || got[1] != "v4" {
			h.t.Errorf("left %v, want [v3 v4]", got)
		}
	}},
	{"ManyNoMatch", func(h *harness) {
		h.fixture()
		n, err := h.a.DeleteMany(h.t.Context(), itemModel, []db.Where{db.EqWhere("label", "zulu")})
		if err != nil || n != 0 {
			h.t.Errorf("DeleteMany without matches = %d, %v; want 0, nil", n, err)
		}
	}},
	{"ManyEmptyWhere", func(h *harness) {
		h.fixture()
		n, err := h.a.DeleteMany(h.t.Context(), itemModel, nil)
		if err != nil || n != 5 {
			h.t.Errorf("DeleteMany(no where) = %d, %v; want 5", n, err)
		}
		if c := h.count(itemModel); c != 0 {
			h.t.Errorf("Count = %d, want 0", c)
		}
	}},
	{"FreesUniqueValue", func(h *harness) {
		h.create("user", user("u1", "ann@example.com"))
		if err := h.a.Delete(h.t.Context(), "user", []db.Where{db.EqWhere("id", "u1")}); err != nil {
			h.t.Fatalf("Delete: %v", err)
		}
		h.create("user", user("u1", "ann@example.com"))
	}},
}
