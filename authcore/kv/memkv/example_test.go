package memkv_test

import (
	"context"
	"fmt"
	"time"

	"github.com/goauth-dev/goauth/authcore/kv/memkv"
)

func ExampleNew() {
	ctx := context.Background()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	s := memkv.New(memkv.WithClock(func() time.Time { return now }))

	_ = s.Set(ctx, "verification:abc", `{"value":"u1"}`, time.Minute)
	v, ok, _ := s.Get(ctx, "verification:abc")
	fmt.Println(v, ok)

	now = now.Add(time.Minute) // the key expires
	_, ok, _ = s.Get(ctx, "verification:abc")
	fmt.Println(ok)
	// Output:
	// {"value":"u1"} true
	// false
}
