package memdb_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/db/memdb"
	"github.com/goauth-dev/goauth/authcore/schema"
)

func BenchmarkFindOneByEmail(b *testing.B) {
	ctx := b.Context()
	d := memdb.New(schema.Core())
	now := time.Now().UTC()
	const users = 10_000
	for i := range users {
		_, err := d.Create(ctx, "user", db.Record{
			"id": fmt.Sprintf("u%d", i), "name": "User", "email": fmt.Sprintf("u%d@example.com", i),
			"emailVerified": false, "createdAt": now, "updatedAt": now,
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	where := []db.Where{db.EqWhere("email", "u4242@example.com")}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.FindOne(ctx, "user", where); err != nil {
			b.Fatal(err)
		}
	}
}
