package authsqlx_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authsqlx"
)

// betterAuthDB restores testdata/betterauth/takeover-sqlite.sql, the dump of a database
// the Better Auth 1.6.9 reference server wrote (see testdata/betterauth/README.md), into a
// new file and returns its path.
func betterAuthDB(t testing.TB) string {
	t.Helper()
	dump, err := os.ReadFile(filepath.Join("testdata", "betterauth", "takeover-sqlite.sql"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "better-auth.db")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(string(dump)); err != nil {
		t.Fatalf("restore: %v", err)
	}
	return path
}

func ms(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestTakeoverBetterAuthSQLite opens a database Better Auth created and wrote: it plans
// empty, its rows read with the contract's types, and rows GoAuth writes are stored in
// Better Auth's encoding.
func TestTakeoverBetterAuthSQLite(t *testing.T) {
	ctx := context.Background()
	path := betterAuthDB(t)
	a := open(t, "file:"+path, schema.Core())
	if p, err := a.Plan(ctx); err != nil || !p.Empty() || len(p.Notes) != 0 {
		t.Fatalf("Plan on Better Auth's database = %v, %v; want empty, no notes", p, err)
	}

	ann := "nda22rVBDWJVPSu3OJc6WgWFa0NTLSkU"
	bob, err := a.FindOne(ctx, "user", []db.Where{db.EqWhere("email", "bob@example.com")})
	if err != nil {
		t.Fatalf("FindOne(bob): %v", err)
	}
	wantBob := db.Record{
		"id": "GSSdpvuUwTab8tVqQlZH2T8iRwDlPPMO", "name": "Bob Ünïcode 🙂", "email": "bob@example.com",
		"emailVerified": true, "image": "https://example.com/bob.png",
		"createdAt": ms("2026-11-26T19:34:53.962Z"), "updatedAt": ms("2026-11-26T19:34:55.935Z"),
	}
	if diff := cmp.Diff(wantBob, bob); diff != "" {
		t.Errorf("user bob (-want +got):\n%s", diff)
	}
	if u, err := a.FindOne(ctx, "user", []db.Where{db.EqWhere("id", ann)}); err != nil || u["emailVerified"] != false || u["image"] != nil {
		t.Errorf("user ann = %v, %v", u, err)
	}

	sessions, err := a.FindMany(ctx, "session", db.Query{Where: []db.Where{db.EqWhere("userId", ann)}, Sort: &db.Sort{Field: "createdAt", Desc: true}})
	if err != nil || len(sessions) != 2 {
		t.Fatalf("Ann's sessions = %v, %v; want 2", sessions, err)
	}
	wantSession := db.Record{
		"id": "vuggN71A97JR9Mpa3Uat0nlneFfq0m1V", "token": "y3jkOrygXTzpD2nZHyzgKf5RxIL68N5g",
		"expiresAt": ms("2026-12-03T19:34:54.100Z"), "createdAt": ms("2026-11-26T19:34:54.100Z"), "updatedAt": ms("2026-11-26T19:34:54.100Z"),
		"ipAddress": "127.0.0.1", "userAgent": "FixtureAgent/2.0", "userId": ann,
	}
	if diff := cmp.Diff(wantSession, sessions[0]); diff != "" {
		t.Errorf("newest session (-want +got):\n%s", diff)
	}
	// Date comparisons work on Better Auth's ISO text.
	if n, err := a.Count(ctx, "session", []db.Where{{Field: "expiresAt", Op: db.Gt, Value: ms("2026-12-03T19:34:53.900Z")}}); err != nil || n != 2 {
		t.Errorf("Count(expiresAt > ...) = %d, %v; want 2", n, err)
	}

	acct, err := a.FindOne(ctx, "account", []db.Where{db.EqWhere("userId", ann), db.EqWhere("providerId", "credential")})
	if err != nil {
		t.Fatalf("Ann's credential account: %v", err)
	}
	if acct["accountId"] != ann || acct["accessToken"] != nil || acct["accessTokenExpiresAt"] != nil ||
		acct["password"] != "21d1605717d73672d513cc20aa6cafce:1040e87a9b7eff3e0074e903459879a0c9a8bcd2406aa7867f5e24e82504ea7cad985e855cf755460323ba5c66d2052e20fc774f550bc0e8a8580bf998e3cba7" {
		t.Errorf("account = %v", acct)
	}
	v, err := a.ConsumeOne(ctx, "verification", []db.Where{db.EqWhere("identifier", "reset-password:FORoo2cF2db0Rd9MFokGiyW9")})
	if err != nil || v["value"] != ann || !v["expiresAt"].(time.Time).Equal(ms("2026-11-26T20:34:54.122Z")) {
		t.Errorf("ConsumeOne(reset-password) = %v, %v", v, err)
	}

	// A row GoAuth writes is stored as Better Auth stores its own.
	at := ms("2026-11-27T08:00:00.5Z")
	_, err = a.Create(ctx, "session", db.Record{
		"id": "goauthSession", "expiresAt": at, "token": "goauth-token", "createdAt": at, "updatedAt": at, "userId": ann,
	})
	if err != nil {
		t.Fatal(err)
	}
	var stored, kind string
	if err := a.DB().QueryRow(`SELECT CAST("expiresAt" AS TEXT), typeof("expiresAt") FROM "session" WHERE "id" = 'goauthSession'`).Scan(&stored, &kind); err != nil {
		t.Fatal(err)
	}
	if stored != "2026-11-27T08:00:00.500Z" || kind != "text" {
		t.Errorf("stored expiresAt = %q (%s), want 2026-11-27T08:00:00.500Z (text)", stored, kind)
	}
}

// TestTakeoverSchemaText: tables GoAuth creates on SQLite have, in sqlite_master, the
// very CREATE statements Better Auth's migrator leaves.
func TestTakeoverSchemaText(t *testing.T) {
	read := func(a *sql.DB) map[string]string {
		rows, err := a.Query(`SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name <> ?`, authsqlx.HistoryTable)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]string{}
		for rows.Next() {
			var name, text string
			if err := rows.Scan(&name, &text); err != nil {
				t.Fatal(err)
			}
			out[name] = text
		}
		return out
	}
	ba, err := sql.Open("sqlite", betterAuthDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer ba.Close()
	ours := migrated(t, authsqlx.SQLite, schema.Core())
	if diff := cmp.Diff(read(ba), read(ours.DB().DB)); diff != "" {
		t.Errorf("sqlite_master (-better-auth +goauth):\n%s", diff)
	}
}
