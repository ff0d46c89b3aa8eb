package authsqlx_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authsqlx"
)

// Open a SQLite file (created when missing), create Better Auth's tables and use the
// adapter. Postgres and MySQL take "postgres://..." and "mysql://user:pass@host:3306/db".
func ExampleOpen() {
	dir, _ := os.MkdirTemp("", "goauth-example")
	defer os.RemoveAll(dir)
	ctx := context.Background()

	a, err := authsqlx.Open(ctx, "file:"+filepath.Join(dir, "goauth.db"), schema.Core())
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()
	if _, err := authsqlx.Migrate(ctx, a); err != nil {
		log.Fatal(err)
	}
	now := time.Now()
	_, err = a.Create(ctx, "user", db.Record{
		"id": "u1", "name": "Ann", "email": "ann@example.com", "emailVerified": false, "createdAt": now, "updatedAt": now,
	})
	if err != nil {
		log.Fatal(err)
	}
	u, err := a.FindOne(ctx, "user", []db.Where{db.EqWhere("email", "ann@example.com")})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u["name"], u["emailVerified"])
	// Output: Ann false
}

// Migrate plans against the live database and applies the plan under a lock; a second
// run finds nothing to do. Plan and Apply split the two, e.g. to review the SQL first.
func ExampleMigrate() {
	dir, _ := os.MkdirTemp("", "goauth-example")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	a, err := authsqlx.Open(ctx, "sqlite:"+filepath.Join(dir, "goauth.db"), schema.Core())
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()

	applied, err := authsqlx.Migrate(ctx, a)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(applied.Summary())
	again, _ := authsqlx.Migrate(ctx, a)
	fmt.Println("second run empty:", again.Empty())
	// Output:
	// create table user
	// create table session
	// create table account
	// create table verification
	// create index on session(userId)
	// create index on account(userId)
	// create index on verification(identifier)
	// second run empty: true
}

// A plan shows what a migration would run; this one adds a column for a new field.
func ExampleAdapter_Plan() {
	dir, _ := os.MkdirTemp("", "goauth-example")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	dsn := "file:" + filepath.Join(dir, "goauth.db")
	a, _ := authsqlx.Open(ctx, dsn, schema.Core())
	defer a.Close()
	if _, err := authsqlx.Migrate(ctx, a); err != nil {
		log.Fatal(err)
	}

	s := schema.Core()
	_ = s.Add(schema.Table{Model: "user", Fields: []schema.Field{{Name: "nickname", Type: schema.String}}})
	b, _ := authsqlx.Open(ctx, dsn, s)
	defer b.Close()
	p, err := b.Plan(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(p.SQL())
	// Output: alter table "user" add column "nickname" text;
}

// GenerateSQL writes the CREATE script for teams that apply migrations themselves.
func ExampleGenerateSQL() {
	fmt.Print(authsqlx.GenerateSQL(authsqlx.Postgres, &schema.Schema{Tables: []*schema.Table{{
		Model: "rateLimit",
		Fields: []schema.Field{
			{Name: "key", Type: schema.String, Required: true, Unique: true},
			{Name: "count", Type: schema.Number, Required: true},
			{Name: "lastRequest", Type: schema.Number, Required: true, BigInt: true},
		},
	}}}))
	// Output: create table "rateLimit" ("id" text not null primary key, "key" text not null unique, "count" integer not null, "lastRequest" bigint not null);
}

// New serves tables from a pool the application owns and configures.
func ExampleNew() {
	dir, _ := os.MkdirTemp("", "goauth-example")
	defer os.RemoveAll(dir)
	pool, err := sqlx.Open("sqlite", filepath.Join(dir, "app.db")+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_txlock=immediate")
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	a, err := authsqlx.New(pool, authsqlx.SQLite, schema.Core())
	if err != nil {
		log.Fatal(err)
	}
	p, err := authsqlx.Migrate(context.Background(), a)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(p.Steps), "steps")
	// Output: 7 steps
}
