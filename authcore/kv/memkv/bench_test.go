package memkv_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/kv/memkv"
)

func BenchmarkGet(b *testing.B) {
	ctx := b.Context()
	s := memkv.New()
	for i := range 10_000 {
		if err := s.Set(ctx, fmt.Sprint("session:", i), "value", time.Hour); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, ok, err := s.Get(ctx, "session:4242"); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

func BenchmarkGetParallel(b *testing.B) {
	ctx := b.Context()
	s := memkv.New()
	if err := s.Set(ctx, "k", "value", time.Hour); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, ok, err := s.Get(ctx, "k"); !ok || err != nil {
				b.Error(ok, err)
				return
			}
		}
	})
}
