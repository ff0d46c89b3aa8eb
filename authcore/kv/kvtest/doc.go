// Package kvtest is the conformance suite of kv.Store. Every implementation runs it
// against the real service it targets:
//
//	func TestConformance(t *testing.T) {
//		kvtest.Run(t, func(t *testing.T) kvtest.Harness {
//			clock := newFakeClock()
//			s := memkv.New(memkv.WithClock(clock.Now))
//			return kvtest.Harness{Store: s, Advance: clock.Advance, TTL: s.TTL}
//		})
//	}
//
// Run calls newStore at the start of every subtest. Subtests run one after the other and
// use keys under a prefix of their own ("kvtest:<test name>:"), so a harness over a
// shared server may either flush it in newStore or leave other keys alone.
//
// # Expiry without sleeping
//
// The suite never sleeps. Expiry is checked in two ways, each run when the harness
// allows it:
//
//   - Harness.Advance moves the store's clock. A store with an injectable clock (memkv)
//     provides it, and the "Expiry" tests check that keys vanish exactly when their ttl
//     has passed, and which operations set, keep or clear a ttl.
//   - Harness.TTL reads the time a key has left (Redis's PTTL). A store on a real clock
//     (Redis) provides it, and the "TTL" tests check the same rules by reading the ttl
//     each operation leaves, including millisecond precision (a 1.5 s ttl must not be
//     rounded to whole seconds).
//
// When a harness provides neither, those groups are skipped and say why. Every harness
// runs the rest, which includes checking that a key set with a long ttl is readable (a
// ttl in the wrong unit would expire it at once).
//
// # Semantics pinned down
//
// Beyond kv.Store's documentation: a ttl of 0 means no expiry; Set replaces the value and
// the ttl (Set with ttl 0 clears an earlier ttl); SetNX treats an expired key as absent
// and leaves a present key, its value and its ttl unchanged; Incr applies its ttl only
// when it creates the key (an absent or expired key) and keeps an existing key's expiry,
// or lack of one; Incr on a value that is not a base-10 integer fails and leaves it
// unchanged; the empty string is a value like any other; a cancelled context fails the
// call. Expiry at the exact instant of the deadline is left open, as are negative ttls.
package kvtest
