package authsqlx_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authsqlx"
)

// BenchmarkFindOneByEmail looks a user up by the unique email column among 1000 users,
// the hot path of sign-in.
func BenchmarkFindOneByEmail(b *testing.B) {
	for _, d := range dialects {
		b.Run(string(d), func(b *testing.B) {
			a := migrated(b, d, schema.Core())
			ctx := context.Background()
			for i := range 1000 {
				if _, err := a.Create(ctx, "user", testUser(fmt.Sprintf("u%04d", i), fmt.Sprintf("user%04d@example.com", i))); err != nil {
					b.Fatal(err)
				}
			}
			where := []db.Where{db.EqWhere("email", "user0500@example.com")}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := a.FindOne(ctx, "user", where); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkConsumeOne creates and redeems a verification row per iteration.
func BenchmarkConsumeOne(b *testing.B) {
	for _, d := range dialects {
		b.Run(string(d), func(b *testing.B) {
			a := migrated(b, d, schema.Core())
			ctx := context.Background()
			now := testUser("x", "x")["createdAt"]
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				id := fmt.Sprintf("v%d", i)
				if _, err := a.Create(ctx, "verification", db.Record{"id": id, "identifier": id, "value": "v", "expiresAt": now, "createdAt": now, "updatedAt": now}); err != nil {
					b.Fatal(err)
				}
				if _, err := a.ConsumeOne(ctx, "verification", []db.Where{db.EqWhere("identifier", id)}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// sessionsFixture returns an adapter of dialect d holding one user and 1000 sessions
// (tokens token-0000 to token-0999).
func sessionsFixture(tb testing.TB, d authsqlx.Dialect) *authsqlx.Adapter {
	tb.Helper()
	a := migrated(tb, d, schema.Core())
	ctx := context.Background()
	if _, err := a.Create(ctx, "user", testUser("u1", "user@example.com")); err != nil {
		tb.Fatal(err)
	}
	now := testUser("x", "x")["createdAt"].(time.Time)
	for i := range 1000 {
		s := db.Record{"id": fmt.Sprintf("s%04d", i), "token": fmt.Sprintf("token-%04d", i), "userId": "u1",
			"expiresAt": now.Add(7 * 24 * time.Hour), "createdAt": now, "updatedAt": now,
			"ipAddress": "203.0.113.7", "userAgent": "Mozilla/5.0"}
		if _, err := a.Create(ctx, "session", s); err != nil {
			tb.Fatal(err)
		}
	}
	return a
}

var (
	sessionWhere = []db.Where{db.EqWhere("token", "token-0500")}
	sessionUser  = db.Ref{Model: "user", Field: "id", Via: "userId"}
)

// BenchmarkFindOneSessionByToken looks a session up by its unique token among 1000
// sessions: the first of the two lookups of a get-session without the join.
func BenchmarkFindOneSessionByToken(b *testing.B) {
	for _, d := range dialects {
		b.Run(string(d), func(b *testing.B) {
			a := sessionsFixture(b, d)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := a.FindOne(ctx, "session", sessionWhere); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFindSessionWithUser reads a session and its user in one statement
// (FindOneWithRef), what every get-session not answered from a cache does.
func BenchmarkFindSessionWithUser(b *testing.B) {
	for _, d := range dialects {
		b.Run(string(d), func(b *testing.B) {
			a := sessionsFixture(b, d)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, u, err := db.FindWithRef(ctx, a, "session", sessionWhere, sessionUser); err != nil || u == nil {
					b.Fatal(u, err)
				}
			}
		})
	}
}
