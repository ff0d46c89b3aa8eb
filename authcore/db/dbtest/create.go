package dbtest

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/goauth-dev/goauth/authcore/db"
)

var createTests = []test{
	{"ReturnsStoredRow", func(h *harness) {
		u := user("u1", "ann@example.com")
		got := h.create("user", u)
		h.same("Create", got, "user", u)
		h.same("FindOne", h.findOne("user", db.EqWhere("id", "u1")), "user", u)
	}},
	{"EveryCoreTable", func(h *harness) {
		h.create("user", user("u1", "ann@example.com"))
		expires := t0.Add(7 * 24 * time.Hour)
		rows := map[string]db.Record{
			"session": {
				"id": "s1", "expiresAt": expires, "token": "tok-1", "createdAt": t0, "updatedAt": t0,
				"ipAddress": "203.0.113.7", "userAgent": "Go-http-client/1.1", "userId": "u1",
			},
			"account": {
				"id": "a1", "accountId": "u1", "providerId": "credential", "userId": "u1",
				"accessToken": "at", "refreshToken": "rt", "idToken": "it",
				"accessTokenExpiresAt": expires, "refreshTokenExpiresAt": expires,
				"scope": "openid,email", "password": "salt:hash", "createdAt": t0, "updatedAt": t0,
			},
			"verification": verification("v1", "reset-password:abc", expires),
		}
		for _, model := range []string{"session", "account", "verification"} {
			got := h.create(model, rows[model])
			h.same("Create "+model, got, model, rows[model])
			id := rows[model]["id"].(string)
			h.same("FindOne "+model, h.get(model, id), model, rows[model])
		}
	}},
	{"OmittedFieldsAreNull", func(h *harness) {
		got := h.create("user", db.Record{
			"id": "u1", "name": "Ann", "email": "ann@example.com", "emailVerified": true,
			"createdAt": t0, "updatedAt": t0,
		})
		if v, ok := got["image"]; !ok || v != nil {
			h.t.Errorf("Create: image = %v (present %v), want a nil value", v, ok)
		}
	}},
	{"IsolatedFromCaller", func(h *harness) {
		meta := map[string]any{"tags": []any{"a"}, "n": map[string]any{"k": "v"}}
		in := item("i1", "alpha", "A", 1, nil, true, t0, "note")
		in["meta"] = meta
		want := h.expect(itemModel, in)
		out := h.create(itemModel, in)
		in["label"] = "changed"
		meta["tags"].([]any)[0] = "changed"
		meta["n"].(map[string]any)["k"] = "changed"
		out["label"] = "changed"
		if m, ok := out["meta"].(map[string]any); ok {
			m["n"] = "changed"
		}
		got := h.get(itemModel, "i1")
		if got["label"] != "alpha" {
			h.t.Errorf("stored label = %v after the caller changed its maps", got["label"])
		}
		if a, b := mustJSON(h, want["meta"]), mustJSON(h, got["meta"]); a != b {
			h.t.Errorf("stored meta = %s after the caller changed its maps, want %s", b, a)
		}
	}},
	{"DuplicateID", func(h *harness) {
		h.create("user", user("u1", "ann@example.com"))
		_, err := h.a.Create(h.t.Context(), "user", user("u1", "bob@example.com"))
		wantErr(h.t, "Create with a taken id", err, db.ErrConflict)
		if n := h.count("user"); n != 1 {
			h.t.Errorf("Count = %d, want 1", n)
		}
	}},
	{"DuplicateUniqueField", func(h *harness) {
		u := user("u1", "ann@example.com")
		h.create("user", u)
		_, err := h.a.Create(h.t.Context(), "user", user("u2", "ann@example.com"))
		wantErr(h.t, "Create with a taken email", err, db.ErrConflict)
		if got := h.ids("user"); len(got) != 1 || got[0] != "u1" {
			h.t.Errorf("ids = %v, want [u1]", got)
		}
		h.same("FindOne", h.get("user", "u1"), "user", u)
	}},
	{"UniqueFieldAllowsManyNulls", func(h *harness) {
		h.create(itemModel, item("i1", "a", nil, 1, nil, true, nil, nil))
		h.create(itemModel, item("i2", "b", nil, 2, nil, true, nil, nil))
		if n := h.count(itemModel, db.EqWhere("code", nil)); n != 2 {
			h.t.Errorf("Count(code IS NULL) = %d, want 2", n)
		}
	}},
	{"UnknownModel", func(h *harness) {
		_, err := h.a.Create(h.t.Context(), "nope", db.Record{"id": "x"})
		wantErr(h.t, "Create(nope)", err, db.ErrUnknownModel)
	}},
	{"UnknownField", func(h *harness) {
		_, err := h.a.Create(h.t.Context(), "user", with(user("u1", "ann@example.com"), db.Record{"nickname": "a"}))
		wantErr(h.t, "Create with an unknown field", err, db.ErrUnknownModel)
		if n := h.count("user"); n != 0 {
			h.t.Errorf("Count = %d, want 0", n)
		}
	}},
}

func mustJSON(h *harness, v any) string {
	h.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		h.t.Fatalf("json: %v", err)
	}
	return string(b)
}

var typeTests = []test{
	{"Date", func(h *harness) {
		zone := time.FixedZone("UTC+5:30", 5*3600+1800)
		at := time.Date(2025, 12, 31, 23, 59, 59, 999_999_999, zone)
		got := h.create(itemModel, item("i1", "a", nil, 0, nil, false, at, nil))
		want := at.UTC().Truncate(time.Millisecond) // 2025-12-31T18:29:59.999Z
		for what, r := range map[string]db.Record{"Create": got, "FindOne": h.get(itemModel, "i1")} {
			if tm, ok := r["at"].(time.Time); !ok || !tm.Equal(want) {
				h.t.Errorf("%s: at = %v, want %v (truncated, not rounded)", what, r["at"], want)
			}
		}
		if n := h.count(itemModel, db.EqWhere("at", want)); n != 1 {
			h.t.Errorf("Count(at = stored value) = %d, want 1", n)
		}
	}},
	{"DateRange", func(h *harness) {
		for i, at := range []time.Time{
			// MySQL's TIMESTAMP, which Better Auth's migrations use, ends the range.
			time.Date(1970, 1, 2, 0, 0, 0, 1_000_000, time.UTC),
			time.Date(2000, 2, 29, 12, 34, 56, 789_000_000, time.UTC),
			time.Date(2038, 1, 18, 23, 59, 59, 999_000_000, time.UTC),
		} {
			id := string(rune('a' + i))
			h.create(itemModel, item(id, id, nil, 0, nil, false, at, nil))
			if tm, ok := h.get(itemModel, id)["at"].(time.Time); !ok || !tm.Equal(at) {
				h.t.Errorf("at = %v, want %v", tm, at)
			}
		}
	}},
	{"Number", func(h *harness) {
		rows := []db.Record{
			item("i1", "a", nil, 0, int64(0), false, nil, nil),
			item("i2", "b", nil, -7, int64(-(1<<53)-1), false, nil, nil),
			item("i3", "c", nil, 2147483647, int64(1<<62), false, nil, nil),
		}
		for _, r := range rows {
			h.create(itemModel, r)
			h.same("FindOne", h.get(itemModel, r["id"].(string)), itemModel, r)
		}
	}},
	{"Boolean", func(h *harness) {
		for _, r := range []db.Record{
			item("t", "t", nil, 0, nil, true, nil, nil),
			item("f", "f", nil, 0, nil, false, nil, nil),
		} {
			h.create(itemModel, r)
			h.same("FindOne", h.get(itemModel, r["id"].(string)), itemModel, r)
		}
		if got := ids(h.findMany(itemModel, db.Query{Where: []db.Where{db.EqWhere("flag", false)}})); len(got) != 1 || got[0] != "f" {
			h.t.Errorf("flag = false: %v, want [f]", got)
		}
	}},
	{"String", func(h *harness) {
		for i, s := range []string{"", "héllo ✓ 世界 🙂", `quote ' double " back \ nul-free`, "line\nbreak\ttab"} {
			id := string(rune('a' + i))
			r := item(id, id, nil, 0, nil, false, nil, s)
			h.create(itemModel, r)
			h.same("FindOne", h.get(itemModel, id), itemModel, r)
			if got := ids(h.findMany(itemModel, db.Query{Where: []db.Where{db.EqWhere("note", s)}})); len(got) != 1 || got[0] != id {
				h.t.Errorf("note = %q: %v, want [%s]", s, got, id)
			}
		}
		if n := h.count(itemModel, db.EqWhere("note", nil)); n != 0 {
			h.t.Errorf("an empty string must not read as NULL: Count(note IS NULL) = %d", n)
		}
	}},
	{"JSON", func(h *harness) {
		r := item("i1", "a", nil, 0, nil, false, nil, nil)
		r["meta"] = map[string]any{
			"int": int64(1), "float": 1.5, "str": "s", "bool": true, "null": nil,
			"list": []any{"x", int64(2), false}, "obj": map[string]any{"k": []string{"v"}},
		}
		h.create(itemModel, r)
		got := h.get(itemModel, "i1")
		if a, b := mustJSON(h, r["meta"]), mustJSON(h, got["meta"]); a != b {
			h.t.Errorf("meta = %s, want %s", b, a)
		}
		if _, ok := got["meta"].(map[string]any); !ok {
			h.t.Errorf("meta is %T, want map[string]any", got["meta"])
		}
		r2 := item("i2", "b", nil, 0, nil, false, nil, nil)
		r2["meta"] = []any{int64(1), "two"}
		h.create(itemModel, r2)
		if a, b := mustJSON(h, r2["meta"]), mustJSON(h, h.get(itemModel, "i2")["meta"]); a != b {
			h.t.Errorf("meta = %s, want %s", b, a)
		}
	}},
	{"Null", func(h *harness) {
		r := db.Record{"id": "i1", "label": "a"}
		h.create(itemModel, r)
		h.same("FindOne", h.get(itemModel, "i1"), itemModel, r)
	}},
}

var findOneTests = []test{
	{"ByID", func(h *harness) {
		h.create("user", user("u1", "ann@example.com"))
		u2 := user("u2", "bob@example.com")
		h.create("user", u2)
		h.same("FindOne", h.findOne("user", db.EqWhere("id", "u2")), "user", u2)
	}},
	{"ByUniqueField", func(h *harness) {
		h.create("user", user("u1", "ann@example.com"))
		u2 := user("u2", "bob@example.com")
		h.create("user", u2)
		h.same("FindOne", h.findOne("user", db.Where{Field: "email", Op: db.Eq, Value: "bob@example.com"}), "user", u2)
	}},
	{"ByReferenceAndTwoFields", func(h *harness) {
		h.create("user", user("u1", "ann@example.com"))
		for _, a := range []db.Record{
			{"id": "a1", "accountId": "u1", "providerId": "credential", "userId": "u1", "createdAt": t0, "updatedAt": t0},
			{"id": "a2", "accountId": "gh-9", "providerId": "github", "userId": "u1", "createdAt": t0, "updatedAt": t0},
		} {
			h.create("account", a)
		}
		got := h.findOne("account", db.EqWhere("userId", "u1"), db.EqWhere("providerId", "github"))
		if got["id"] != "a2" {
			h.t.Errorf("FindOne = %v, want a2", got["id"])
		}
	}},
	{"NotFound", func(h *harness) {
		h.create("user", user("u1", "ann@example.com"))
		for _, w := range [][]db.Where{
			{db.EqWhere("id", "nope")},
			{db.EqWhere("email", "nope@example.com")},
			{db.EqWhere("id", "u1"), db.EqWhere("email", "nope@example.com")},
		} {
			got, err := h.a.FindOne(h.t.Context(), "user", w)
			wantErr(h.t, "FindOne of a missing row", err, db.ErrNotFound)
			if got != nil {
				h.t.Errorf("FindOne of a missing row returned %v", got)
			}
		}
	}},
	{"EmptyTable", func(h *harness) {
		_, err := h.a.FindOne(h.t.Context(), "user", nil)
		wantErr(h.t, "FindOne on an empty table", err, db.ErrNotFound)
	}},
	{"ReturnsCopy", func(h *harness) {
		u := user("u1", "ann@example.com")
		h.create("user", u)
		got := h.findOne("user", db.EqWhere("id", "u1"))
		got["name"] = "changed"
		h.same("FindOne after changing a returned row", h.get("user", "u1"), "user", u)
	}},
	{"UnknownModel", func(h *harness) {
		_, err := h.a.FindOne(h.t.Context(), "nope", []db.Where{db.EqWhere("id", "x")})
		wantErr(h.t, "FindOne(nope)", err, db.ErrUnknownModel)
	}},
	{"UnknownField", func(h *harness) {
		h.create("user", user("u1", "ann@example.com"))
		ctx, bad := h.t.Context(), []db.Where{db.EqWhere("nickname", "x")}
		_, err := h.a.FindOne(ctx, "user", bad)
		wantErr(h.t, "FindOne", err, db.ErrUnknownModel)
		_, err = h.a.FindMany(ctx, "user", db.Query{Where: bad})
		wantErr(h.t, "FindMany", err, db.ErrUnknownModel)
		_, err = h.a.Count(ctx, "user", bad)
		wantErr(h.t, "Count", err, db.ErrUnknownModel)
		_, err = h.a.Update(ctx, "user", bad, db.Record{"name": "x"})
		wantErr(h.t, "Update", err, db.ErrUnknownModel)
		_, err = h.a.UpdateMany(ctx, "user", bad, db.Record{"name": "x"})
		wantErr(h.t, "UpdateMany", err, db.ErrUnknownModel)
		err = h.a.Delete(ctx, "user", bad)
		wantErr(h.t, "Delete", err, db.ErrUnknownModel)
		_, err = h.a.DeleteMany(ctx, "user", bad)
		wantErr(h.t, "DeleteMany", err, db.ErrUnknownModel)
		_, err = h.a.ConsumeOne(ctx, "user", bad)
		wantErr(h.t, "ConsumeOne", err, db.ErrUnknownModel)
		if n := h.count("user"); n != 1 {
			h.t.Errorf("Count = %d after failed writes, want 1", n)
		}
		if errors.Is(err, db.ErrNotFound) {
			h.t.Errorf("an unknown field must not read as not found")
		}
	}},
}
