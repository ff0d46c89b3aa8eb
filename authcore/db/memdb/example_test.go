package memdb_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/db/memdb"
	"github.com/goauth-dev/goauth/authcore/schema"
)

func ExampleNew() {
	ctx := context.Background()
	d := memdb.New(schema.Core())

	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err := d.Create(ctx, "verification", db.Record{
		"id": "v1", "identifier": "reset-password:abc", "value": "u1",
		"expiresAt": now.Add(time.Hour), "createdAt": now, "updatedAt": now,
	})
	if err != nil {
		panic(err)
	}

	// A single-use token: the first ConsumeOne gets the row, later ones ErrNotFound.
	where := []db.Where{db.EqWhere("identifier", "reset-password:abc")}
	row, err := d.ConsumeOne(ctx, "verification", where)
	fmt.Println(row["value"], err)
	_, err = d.ConsumeOne(ctx, "verification", where)
	fmt.Println(errors.Is(err, db.ErrNotFound))
	// Output:
	// u1 <nil>
	// true
}
