package authredis_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/kv"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/store"
	"github.com/goauth-dev/goauth/authredis"
)

// Verification values in secondary storage: Better Auth's "verification:<identifier>"
// layout, and single redemption across instances.

func TestVerificationLayout(t *testing.T) {
	for name, backend := range kvBackends(t) {
		t.Run(name, func(t *testing.T) {
			e := newStoreEnv(t, backend(t), nil)
			st := e.store(e.kv)
			exp := time.Now().Add(time.Hour)
			v, err := st.CreateVerification(t.Context(), "reset-password:abc", "user-1", exp)
			if err != nil {
				t.Fatal(err)
			}
			raw, ok := e.get("verification:reset-password:abc")
			want, _ := v.MarshalJSON()
			if !ok || raw != string(want) {
				t.Errorf("value = %s, want %s", raw, want)
			}
			if n := e.db.Len(store.VerificationModel); n != 0 {
				t.Errorf("%d verification rows, want none (verification.storeInDatabase is off)", n)
			}
			got, err := st.Verification(t.Context(), "reset-password:abc")
			if err != nil || got == nil || got.Value != "user-1" {
				t.Fatalf("Verification = %+v, %v", got, err)
			}
			if err := st.DeleteVerification(t.Context(), "reset-password:abc"); err != nil {
				t.Fatal(err)
			}
			if _, ok := e.get("verification:reset-password:abc"); ok {
				t.Error("DeleteVerification left the key")
			}
		})
	}
}

// The TTL is Better Auth's: whole seconds until expiresAt.
func TestVerificationTTL(t *testing.T) {
	c := newClient(t)
	prefix := testPrefix(t, c)
	e := newStoreEnv(t, kvBackend{instance: func() kv.Store { return authredis.New(c, authredis.WithKeyPrefix(prefix)) }}, nil)
	if _, err := e.store(e.kv).CreateVerification(t.Context(), "id", "v", time.Now().Add(90*time.Second+500*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	d := c.PTTL(t.Context(), prefix+"verification:id").Val()
	if d > 90*time.Second || d < 85*time.Second {
		t.Errorf("ttl = %v, want 90s (whole seconds until expiry)", d)
	}
}

// A value Better Auth wrote (no id, its key order) is redeemed.
func TestVerificationReadsBetterAuthValue(t *testing.T) {
	for name, backend := range kvBackends(t) {
		t.Run(name, func(t *testing.T) {
			e := newStoreEnv(t, backend(t), nil)
			exp := time.Now().Add(time.Hour).UTC().Truncate(time.Millisecond)
			v := `{"createdAt":"2026-01-02T03:04:05.000Z","updatedAt":"2026-01-02T03:04:05.000Z","value":"user-1","identifier":"reset-password:tok","expiresAt":"` + model.FormatTime(exp) + `"}`
			if err := e.kv.Set(t.Context(), "verification:reset-password:tok", v, time.Hour); err != nil {
				t.Fatal(err)
			}
			got, err := e.store(e.kv).ConsumeVerification(t.Context(), "reset-password:tok")
			if err != nil || got == nil || got.Value != "user-1" || !got.ExpiresAt.Equal(exp) {
				t.Fatalf("ConsumeVerification = %+v, %v", got, err)
			}
		})
	}
}

// 32 redemptions of one value, spread over two instances: exactly one gets it, with the
// value in the storage only and with it in the database too.
func TestVerificationRedeemedOnce(t *testing.T) {
	for name, backend := range kvBackends(t) {
		for _, inDB := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/inDB=%v", name, inDB), func(t *testing.T) {
				b := backend(t)
				e := newStoreEnv(t, b, func(c *store.Config) { c.StoreVerificationInDatabase = inDB })
				a, other := e.store(b.instance()), e.store(b.instance())
				if _, err := a.CreateVerification(t.Context(), "reset-password:x", "user-1", time.Now().Add(time.Hour)); err != nil {
					t.Fatal(err)
				}
				if n := e.db.Len(store.VerificationModel); (n == 1) != inDB {
					t.Fatalf("%d verification rows with storeInDatabase=%v", n, inDB)
				}
				var (
					wg   sync.WaitGroup
					mu   sync.Mutex
					wins int
				)
				for i := range 32 {
					st := a
					if i%2 == 1 {
						st = other
					}
					wg.Go(func() {
						v, err := st.ConsumeVerification(t.Context(), "reset-password:x")
						if err != nil {
							t.Error(err)
							return
						}
						if v != nil {
							mu.Lock()
							wins++
							mu.Unlock()
						}
					})
				}
				wg.Wait()
				if wins != 1 {
					t.Fatalf("%d of 32 redemptions succeeded, want exactly 1", wins)
				}
				if _, ok := e.get("verification:reset-password:x"); ok {
					t.Error("the redeemed value is still in the storage")
				}
				if v, err := a.Verification(t.Context(), "reset-password:x"); err != nil || v != nil {
					t.Errorf("Verification after redemption = %+v, %v", v, err)
				}
			})
		}
	}
}

func TestVerificationExpired(t *testing.T) {
	for name, backend := range kvBackends(t) {
		t.Run(name, func(t *testing.T) {
			now := time.Now()
			e := newStoreEnv(t, backend(t), func(c *store.Config) { c.Now = func() time.Time { return now } })
			st := e.store(e.kv)
			if _, err := st.CreateVerification(t.Context(), "id", "v", now.Add(10*time.Second)); err != nil {
				t.Fatal(err)
			}
			now = now.Add(11 * time.Second) // expired for GoAuth; the key may outlive it a little
			if v, err := st.Verification(t.Context(), "id"); err != nil || v != nil {
				t.Errorf("Verification of an expired value = %+v, %v", v, err)
			}
			if v, err := st.ConsumeVerification(t.Context(), "id"); err != nil || v != nil {
				t.Errorf("ConsumeVerification of an expired value = %+v, %v", v, err)
			}
		})
	}
}
