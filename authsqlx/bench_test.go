package authsqlx_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/schema"
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
			b.ResetTimer()
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
