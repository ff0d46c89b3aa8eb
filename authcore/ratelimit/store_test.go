package ratelimit_test

import (
	"testing"

	"github.com/goauth-dev/goauth/authcore/db/memdb"
	"github.com/goauth-dev/goauth/authcore/kv/memkv"
	"github.com/goauth-dev/goauth/authcore/ratelimit"
	"github.com/goauth-dev/goauth/authcore/ratelimit/ratelimittest"
	"github.com/goauth-dev/goauth/authcore/schema"
)

var (
	t0 = ratelimittest.T0
	at = ratelimittest.At
)

// stores returns a constructor per Store implementation; every one must pass the shared
// tests below.
func stores() map[string]func() ratelimit.Store {
	return map[string]func() ratelimit.Store{
		"memory":    func() ratelimit.Store { return ratelimit.NewMemoryStore() },
		"kv":        func() ratelimit.Store { return ratelimit.NewKVStore(newFakeKV(), "") },
		"kv-prefix": func() ratelimit.Store { return ratelimit.NewKVStore(newFakeKV(), "goauth:") },
		"memkv":     func() ratelimit.Store { return ratelimit.NewKVStore(memkv.New(), "") },
		"db":        func() ratelimit.Store { return ratelimit.NewDBStore(newFakeDB()) },
		"memdb": func() ratelimit.Store {
			tbl := ratelimit.Table()
			return ratelimit.NewDBStore(memdb.New(&schema.Schema{Tables: []*schema.Table{&tbl}}))
		},
	}
}

// TestStores runs the Store conformance suite on every implementation.
func TestStores(t *testing.T) {
	for name, newStore := range stores() {
		t.Run(name, func(t *testing.T) {
			ratelimittest.Run(t, func(*testing.T) ratelimittest.Pick {
				s := newStore()
				return func(int) ratelimit.Store { return s }
			})
		})
	}
}
