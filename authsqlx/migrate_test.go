package authsqlx_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authsqlx"
)

// withUserField returns schema.Core() with one more user field.
func withUserField(f schema.Field) *schema.Schema {
	s := schema.Core()
	if err := s.Add(schema.Table{Model: "user", Fields: []schema.Field{f}}); err != nil {
		panic(err)
	}
	return s
}

// kinds returns the kinds of p's steps.
func kinds(p *authsqlx.Plan) []string {
	var out []string
	for _, s := range p.Steps {
		out = append(out, string(s.Kind)+" "+s.Table+"."+s.Column)
	}
	return out
}

func historyRows(t testing.TB, a *authsqlx.Adapter) int {
	t.Helper()
	var n int
	if err := a.DB().QueryRow("SELECT COUNT(*) FROM " + quote(a.Dialect(), authsqlx.HistoryTable)).Scan(&n); err != nil {
		t.Fatalf("count history: %v", err)
	}
	return n
}

// TestMigrate: an empty database plans the full script, Migrate applies and records it,
// and the database then plans empty.
func TestMigrate(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d authsqlx.Dialect) {
		ctx := context.Background()
		a := open(t, freshDSN(t, d), schema.Core())
		p, err := a.Plan(ctx)
		if err != nil {
			t.Fatalf("Plan: %v", err)
		}
		want := []string{
			"create table user.", "create table session.", "create table account.", "create table verification.",
			"create index session.userId", "create index account.userId", "create index verification.identifier",
		}
		if diff := cmp.Diff(want, kinds(p)); diff != "" {
			t.Errorf("plan on an empty database (-want +got):\n%s", diff)
		}
		if got := p.SQL(); got != authsqlx.GenerateSQL(d, schema.Core()) {
			t.Errorf("plan.SQL() differs from GenerateSQL:\n%s", got)
		}
		if err := a.Apply(ctx, p); err != nil {
			t.Fatalf("Apply: %v", err)
		}
		again, err := a.Plan(ctx)
		if err != nil || !again.Empty() {
			t.Fatalf("Plan after Apply = %v, %v; want empty", kinds(again), err)
		}
		if applied, err := authsqlx.Migrate(ctx, a); err != nil || !applied.Empty() {
			t.Errorf("Migrate on a migrated database = %v, %v; want nothing to do", kinds(applied), err)
		}
		if n := historyRows(t, a); n != 1 {
			t.Errorf("%s has %d rows, want 1", authsqlx.HistoryTable, n)
		}
		if _, err := a.Create(ctx, "user", testUser("u1", "ann@example.com")); err != nil {
			t.Errorf("Create after Migrate: %v", err)
		}
	})
}

// TestMigrateAddsColumn: a new optional field becomes ALTER TABLE ... ADD COLUMN on a
// table with rows; a new unique indexed field also gets its index.
func TestMigrateAddsColumn(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d authsqlx.Dialect) {
		ctx := context.Background()
		dsn := freshDSN(t, d)
		base := open(t, dsn, schema.Core())
		if _, err := authsqlx.Migrate(ctx, base); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
		if _, err := base.Create(ctx, "user", testUser("u1", "ann@example.com")); err != nil {
			t.Fatal(err)
		}
		s := withUserField(schema.Field{Name: "nickname", Type: schema.String})
		if err := s.Add(schema.Table{Model: "user", Fields: []schema.Field{{Name: "handle", Column: "user_handle", Type: schema.String, Unique: true, Index: true}}}); err != nil {
			t.Fatal(err)
		}
		a := open(t, dsn, s)
		p, err := a.Plan(ctx)
		if err != nil {
			t.Fatalf("Plan: %v", err)
		}
		q := func(n string) string { return quote(d, n) }
		wantSQL := "alter table " + q("user") + " add column " + q("nickname") + " text"
		if p.Steps[0].SQL != wantSQL {
			t.Errorf("first step = %q, want %q", p.Steps[0].SQL, wantSQL)
		}
		wantKinds := []string{"add column user.nickname", "add column user.user_handle", "create index user.user_handle"}
		if diff := cmp.Diff(wantKinds, kinds(p)); diff != "" {
			t.Errorf("plan (-want +got):\n%s\n%s", diff, p.SQL())
		}
		if !strings.Contains(p.SQL(), "create unique index "+q("user_user_handle_uidx")) {
			t.Errorf("plan lacks the unique index:\n%s", p.SQL())
		}
		if applied, err := authsqlx.Migrate(ctx, a); err != nil || len(applied.Steps) != 3 {
			t.Fatalf("Migrate = %v, %v", kinds(applied), err)
		}
		if again, err := a.Plan(ctx); err != nil || !again.Empty() {
			t.Errorf("Plan after Migrate = %v, %v; want empty", kinds(again), err)
		}
		r, err := a.Update(ctx, "user", []db.Where{db.EqWhere("id", "u1")}, db.Record{"nickname": "annie", "handle": "ann"})
		if err != nil || r["nickname"] != "annie" {
			t.Errorf("Update of the new columns = %v, %v", r, err)
		}
		u2 := testUser("u2", "bob@example.com")
		u2["handle"] = "ann"
		if _, err := a.Create(ctx, "user", u2); !errors.Is(err, db.ErrConflict) {
			t.Errorf("Create with a taken handle: %v, want ErrConflict (the new column is unique)", err)
		}
		if n := historyRows(t, a); n != 2 {
			t.Errorf("%s has %d rows, want 2", authsqlx.HistoryTable, n)
		}
	})
}

// TestMigrateRequiredColumn: a required field is added NOT NULL to an empty table (not on
// SQLite, which cannot), and refused on a table with rows.
func TestMigrateRequiredColumn(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d authsqlx.Dialect) {
		ctx := context.Background()
		dsn := freshDSN(t, d)
		if _, err := authsqlx.Migrate(ctx, open(t, dsn, schema.Core())); err != nil {
			t.Fatal(err)
		}
		a := open(t, dsn, withUserField(schema.Field{Name: "tenant", Type: schema.String, Required: true}))
		p, err := a.Plan(ctx)
		if d == authsqlx.SQLite {
			var drift *authsqlx.DriftError
			if !errors.As(err, &drift) || drift.Drifts[0].Column != "tenant" {
				t.Fatalf("Plan on SQLite = %v, %v; want drift on user.tenant", p, err)
			}
			return
		}
		if err != nil || len(p.Steps) != 1 || !strings.HasSuffix(p.Steps[0].SQL, " text not null") {
			t.Fatalf("Plan on an empty table = %v, %v; want one ADD COLUMN ... not null", p.SQL(), err)
		}
		// Another required field, now that user has a row.
		if err := a.Apply(ctx, p); err != nil {
			t.Fatalf("Apply: %v", err)
		}
		u := testUser("u1", "ann@example.com")
		u["tenant"] = "t1"
		if _, err := a.Create(ctx, "user", u); err != nil {
			t.Fatal(err)
		}
		_, err = open(t, dsn, requiredTwice()).Plan(ctx)
		var drift *authsqlx.DriftError
		if !errors.As(err, &drift) || !errors.Is(err, authsqlx.ErrDrift) || drift.Drifts[0].Column != "region" {
			t.Fatalf("Plan on a table with rows: %v; want a DriftError naming user.region", err)
		}
		if !strings.Contains(err.Error(), "rows") {
			t.Errorf("drift message %q does not say why", err)
		}
	})
}

// requiredTwice is schema.Core() with user.tenant and user.region, both required.
func requiredTwice() *schema.Schema {
	s := withUserField(schema.Field{Name: "tenant", Type: schema.String, Required: true})
	if err := s.Add(schema.Table{Model: "user", Fields: []schema.Field{{Name: "region", Type: schema.String, Required: true}}}); err != nil {
		panic(err)
	}
	return s
}

// TestMigrateRefusesDrift: a column whose type cannot hold its field, and a NOT NULL
// column the schema does not know, stop the plan and change nothing.
func TestMigrateRefusesDrift(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d authsqlx.Dialect) {
		ctx := context.Background()
		dsn := freshDSN(t, d)
		base := open(t, dsn, schema.Core())
		if _, err := authsqlx.Migrate(ctx, base); err != nil {
			t.Fatal(err)
		}
		// The schema says name is a number; the column is text.
		s := schema.Core()
		u, _ := s.Table("user")
		f, _ := u.Field("name")
		f.Type = schema.Number
		a := open(t, dsn, s)
		_, err := authsqlx.Migrate(ctx, a)
		var drift *authsqlx.DriftError
		if !errors.As(err, &drift) || len(drift.Drifts) != 1 || drift.Drifts[0].Table != "user" || drift.Drifts[0].Column != "name" {
			t.Fatalf("Migrate with an incompatible type: %v; want a DriftError naming user.name", err)
		}
		// A NOT NULL column without a default that the schema lacks.
		if _, err := base.DB().Exec("ALTER TABLE " + quote(d, "session") + " ADD COLUMN " + quote(d, "tenant") + " integer NOT NULL"); err != nil {
			t.Fatal(err)
		}
		_, err = base.Plan(ctx)
		if !errors.As(err, &drift) || drift.Drifts[0].Column != "tenant" {
			t.Fatalf("Plan with an unknown NOT NULL column: %v; want a DriftError naming session.tenant", err)
		}
		if n := historyRows(t, base); n != 1 {
			t.Errorf("%s has %d rows after refused migrations, want 1", authsqlx.HistoryTable, n)
		}
	})
}

// TestMigrateConcurrent: two instances migrating one database at once: one applies the
// plan, the other finds nothing to do.
func TestMigrateConcurrent(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d authsqlx.Dialect) {
		dsn := freshDSN(t, d)
		instances := []*authsqlx.Adapter{open(t, dsn, schema.Core()), open(t, dsn, schema.Core())}
		plans := make([]*authsqlx.Plan, len(instances))
		errs := make([]error, len(instances))
		var wg sync.WaitGroup
		for i, a := range instances {
			wg.Go(func() { plans[i], errs[i] = authsqlx.Migrate(context.Background(), a) })
		}
		wg.Wait()
		applied := 0
		for i := range instances {
			if errs[i] != nil {
				t.Fatalf("instance %d: %v", i, errs[i])
			}
			if !plans[i].Empty() {
				applied++
			}
		}
		if applied != 1 {
			t.Errorf("%d instances applied a plan, want 1", applied)
		}
		if n := historyRows(t, instances[0]); n != 1 {
			t.Errorf("%s has %d rows, want 1", authsqlx.HistoryTable, n)
		}
	})
}

// TestApplyStalePlan: Apply re-plans under the lock: a plan already applied elsewhere is
// a no-op, one the database has moved away from fails with ErrStalePlan.
func TestApplyStalePlan(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d authsqlx.Dialect) {
		ctx := context.Background()
		dsn := freshDSN(t, d)
		core := open(t, dsn, schema.Core())
		bigger := open(t, dsn, withUserField(schema.Field{Name: "nickname", Type: schema.String}))
		stale, err := bigger.Plan(ctx) // creates user with nickname
		if err != nil {
			t.Fatal(err)
		}
		same, err := core.Plan(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := authsqlx.Migrate(ctx, core); err != nil {
			t.Fatal(err)
		}
		if err := core.Apply(ctx, same); err != nil {
			t.Errorf("Apply of a plan another instance applied: %v, want nil", err)
		}
		if err := bigger.Apply(ctx, stale); !errors.Is(err, authsqlx.ErrStalePlan) {
			t.Errorf("Apply of a stale plan: %v, want ErrStalePlan", err)
		}
	})
}
