package authredis_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/db/memdb"
	"github.com/goauth-dev/goauth/authcore/kv"
	"github.com/goauth-dev/goauth/authcore/kv/memkv"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authcore/store"
	"github.com/goauth-dev/goauth/authredis"
)

// The session layer of authcore (authcore/store) on secondary storage, run on Redis and
// on memkv (both kv.IndexStore) and on a plain kv.Store (the get-then-set fallback).

// plainKV hides every optional interface of the store it wraps.
type plainKV struct{ kv.Store }

// kvBackend makes instances of one shared secondary storage.
type kvBackend struct {
	// instance returns a new store over the same data (a second GoAuth process).
	instance func() kv.Store
	// atomic reports whether the backend implements kv.IndexStore.
	atomic bool
}

func kvBackends(t *testing.T) map[string]func(t *testing.T) kvBackend {
	return map[string]func(t *testing.T) kvBackend{
		"redis": func(t *testing.T) kvBackend {
			c := newClient(t)
			p := testPrefix(t, c)
			return kvBackend{instance: func() kv.Store { return authredis.New(c, authredis.WithKeyPrefix(p)) }, atomic: true}
		},
		"memkv": func(*testing.T) kvBackend {
			m := memkv.New()
			return kvBackend{instance: func() kv.Store { return m }, atomic: true}
		},
		"plain": func(*testing.T) kvBackend {
			m := memkv.New()
			return kvBackend{instance: func() kv.Store { return plainKV{m} }}
		},
	}
}

// storeEnv is a database and a secondary storage shared by several store.Store values.
type storeEnv struct {
	t   *testing.T
	db  *memdb.DB
	kv  kv.Store
	cfg store.Config
}

func newStoreEnv(t *testing.T, b kvBackend, configure func(c *store.Config)) *storeEnv {
	e := &storeEnv{t: t, db: memdb.New(schema.Core()), kv: b.instance()}
	var n atomic.Int64
	e.cfg = store.Config{
		Adapter: e.db, Schema: schema.Core(),
		GenerateID: func(m string) string { return m + "-" + strconv.FormatInt(n.Add(1), 10) },
	}
	if configure != nil {
		configure(&e.cfg)
	}
	return e
}

// store returns a Store on kv (one GoAuth instance).
func (e *storeEnv) store(s kv.Store) *store.Store {
	c := e.cfg
	c.KV = s
	return store.New(c)
}

func (e *storeEnv) user(st *store.Store, email string) model.User {
	e.t.Helper()
	u, err := st.CreateUser(e.t.Context(), db.Record{"name": "N", "email": email})
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

func (e *storeEnv) session(st *store.Store, userID, token string, expiresIn time.Duration) model.Session {
	e.t.Helper()
	s, err := st.CreateSession(e.t.Context(), store.NewSession{
		UserID: userID, Token: token, ExpiresAt: time.Now().Add(expiresIn), IPAddress: "192.0.2.1", UserAgent: "test",
	})
	if err != nil {
		e.t.Fatalf("CreateSession(%s): %v", token, err)
	}
	return s
}

func (e *storeEnv) get(key string) (string, bool) {
	e.t.Helper()
	v, ok, err := e.kv.Get(e.t.Context(), key)
	if err != nil {
		e.t.Fatal(err)
	}
	return v, ok
}

func (e *storeEnv) tokens(userID string) []string {
	e.t.Helper()
	raw, _ := e.get("active-sessions-" + userID)
	var out []string
	for _, en := range kv.ParseIndex(raw) {
		out = append(out, en.Token)
	}
	return out
}

func withSessionsInDB(c *store.Config) { c.StoreSessionInDatabase = true }

// Better Auth's layout, byte for byte: "<token>" → {"session","user"}, and the index.
func TestSessionLayout(t *testing.T) {
	for name, backend := range kvBackends(t) {
		t.Run(name, func(t *testing.T) {
			e := newStoreEnv(t, backend(t), nil)
			st := e.store(e.kv)
			u := e.user(st, "a@x.co")
			late := e.session(st, u.ID, "tok-late", 2*time.Hour)
			early := e.session(st, u.ID, "tok-early", time.Hour)
			raw, ok := e.get("tok-early")
			sj, _ := early.MarshalJSON()
			uj, _ := u.MarshalJSON()
			if want := `{"session":` + string(sj) + `,"user":` + string(uj) + `}`; !ok || raw != want {
				t.Errorf("token value:\n got %s\nwant %s", raw, want)
			}
			idx, _ := e.get("active-sessions-" + u.ID)
			want := fmt.Sprintf(`[{"token":"tok-early","expiresAt":%d},{"token":"tok-late","expiresAt":%d}]`,
				early.ExpiresAt.UnixMilli(), late.ExpiresAt.UnixMilli())
			if idx != want {
				t.Errorf("index:\n got %s\nwant %s", idx, want)
			}
			if n := e.db.Len(store.SessionModel); n != 0 {
				t.Errorf("%d session rows, want none", n)
			}
		})
	}
}

// A session value exactly as Better Auth 1.6.9 writes it is read.
func TestSessionReadsBetterAuthValue(t *testing.T) {
	for name, backend := range kvBackends(t) {
		t.Run(name, func(t *testing.T) {
			e := newStoreEnv(t, backend(t), nil)
			exp := time.Now().Add(time.Hour).UTC().Truncate(time.Millisecond)
			v := `{"session":{"id":"s1","ipAddress":"","userAgent":"curl/8","expiresAt":"` + model.FormatTime(exp) +
				`","userId":"u1","token":"batok","createdAt":"2026-01-02T03:04:05.000Z","updatedAt":"2026-01-02T03:04:05.000Z"},` +
				`"user":{"name":"Ann","email":"ann@x.co","emailVerified":false,"image":null,"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z","id":"u1"}}`
			if err := e.kv.Set(t.Context(), "batok", v, time.Hour); err != nil {
				t.Fatal(err)
			}
			s, u, err := e.store(e.kv).SessionByToken(t.Context(), "batok")
			if err != nil || s == nil {
				t.Fatalf("SessionByToken = %v, %v", s, err)
			}
			if s.ID != "s1" || s.UserID != "u1" || !s.ExpiresAt.Equal(exp) || u.Email != "ann@x.co" || u.ID != "u1" {
				t.Errorf("session %+v, user %+v", s, u)
			}
		})
	}
}

// Two instances signing the same user in at once: every session is in the index (the
// plain fallback may lose some; that is what kv.IndexStore fixes).
func TestSessionIndexConcurrentCreate(t *testing.T) {
	for name, backend := range kvBackends(t) {
		t.Run(name, func(t *testing.T) {
			b := backend(t)
			e := newStoreEnv(t, b, nil)
			a, c := e.store(b.instance()), e.store(b.instance())
			u := e.user(a, "a@x.co")
			const n = 32
			var wg sync.WaitGroup
			for i := range n {
				st := a
				if i%2 == 1 {
					st = c
				}
				wg.Go(func() {
					if _, err := st.CreateSession(t.Context(), store.NewSession{
						UserID: u.ID, Token: "t" + strconv.Itoa(i), ExpiresAt: time.Now().Add(time.Duration(i+1) * time.Hour),
					}); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			got := len(e.tokens(u.ID))
			if !b.atomic {
				t.Logf("get-then-set fallback: %d of %d sessions in the index", got, n)
				return
			}
			if got != n {
				t.Fatalf("%d of %d concurrently created sessions in the index", got, n)
			}
			// Revoking them all from the other instance leaves nothing behind.
			if err := c.DeleteUserSessions(t.Context(), u.ID); err != nil {
				t.Fatal(err)
			}
			for i := range n {
				if _, ok := e.get("t" + strconv.Itoa(i)); ok {
					t.Fatalf("session t%d survived DeleteUserSessions", i)
				}
			}
			if _, ok := e.get("active-sessions-" + u.ID); ok {
				t.Error("index survived DeleteUserSessions")
			}
		})
	}
}

// Every way of revoking removes the sessions from the storage (and from the database when
// sessions are kept there too), seen at once by another instance.
func TestRevocation(t *testing.T) {
	for name, backend := range kvBackends(t) {
		for _, inDB := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/inDB=%v", name, inDB), func(t *testing.T) {
				b := backend(t)
				e := newStoreEnv(t, b, func(c *store.Config) { c.StoreSessionInDatabase = inDB })
				a, other := e.store(b.instance()), e.store(b.instance())
				ctx := t.Context()
				u := e.user(a, "a@x.co")
				for _, tok := range []string{"s1", "s2", "s3", "s4"} {
					e.session(a, u.ID, tok, time.Hour)
				}
				live := func(tok string) bool {
					t.Helper()
					s, _, err := other.SessionByToken(ctx, tok)
					if err != nil {
						t.Fatal(err)
					}
					return s != nil
				}
				if err := a.DeleteSession(ctx, "s1"); err != nil {
					t.Fatal(err)
				}
				if live("s1") {
					t.Error("DeleteSession: s1 still live on the other instance")
				}
				if err := a.DeleteOtherSessions(ctx, u.ID, "s2"); err != nil {
					t.Fatal(err)
				}
				if live("s3") || live("s4") || !live("s2") {
					t.Error("DeleteOtherSessions: wrong sessions left")
				}
				if diff := cmp.Diff([]string{"s2"}, e.tokens(u.ID)); diff != "" {
					t.Errorf("index (-want +got):\n%s", diff)
				}
				if err := a.DeleteUser(ctx, u.ID); err != nil {
					t.Fatal(err)
				}
				if live("s2") {
					t.Error("DeleteUser: s2 still live")
				}
				if _, ok := e.get("active-sessions-" + u.ID); ok {
					t.Error("DeleteUser left the index")
				}
				if n := e.db.Len(store.SessionModel); n != 0 {
					t.Errorf("%d session rows left", n)
				}
			})
		}
	}
}

// With sessions in the database, the database is the source of truth: a session missing
// from the storage is read from the database and written back.
func TestCacheMissFallsBackToDatabase(t *testing.T) {
	for name, backend := range kvBackends(t) {
		t.Run(name, func(t *testing.T) {
			b := backend(t)
			e := newStoreEnv(t, b, withSessionsInDB)
			st := e.store(e.kv)
			ctx := t.Context()
			u := e.user(st, "a@x.co")
			want := e.session(st, u.ID, "tok", time.Hour)
			cached, _ := e.get("tok")
			// Evicted (memory pressure, a flushed Redis): both keys gone.
			for _, k := range []string{"tok", "active-sessions-" + u.ID} {
				if err := e.kv.Delete(ctx, k); err != nil {
					t.Fatal(err)
				}
			}
			s, gotU, err := e.store(b.instance()).SessionByToken(ctx, "tok")
			if err != nil || s == nil {
				t.Fatalf("SessionByToken after eviction = %v, %v", s, err)
			}
			if diff := cmp.Diff(want, *s); diff != "" {
				t.Errorf("session from the database (-want +got):\n%s", diff)
			}
			if gotU.ID != u.ID {
				t.Errorf("user %s, want %s", gotU.ID, u.ID)
			}
			if v, ok := e.get("tok"); !ok || v != cached {
				t.Errorf("not written back:\n got %s\nwant %s", v, cached)
			}
			if diff := cmp.Diff([]string{"tok"}, e.tokens(u.ID)); diff != "" {
				t.Errorf("index after fill (-want +got):\n%s", diff)
			}
			// Revoked: gone from both, and not filled again.
			if err := st.DeleteSession(ctx, "tok"); err != nil {
				t.Fatal(err)
			}
			if s, _, err := st.SessionByToken(ctx, "tok"); err != nil || s != nil {
				t.Errorf("revoked session = %v, %v", s, err)
			}
			if _, ok := e.get("tok"); ok {
				t.Error("revoked session filled back")
			}
		})
	}
}

// With preserveSessionInDatabase, revoked rows stay for audit and are never read back.
func TestPreserveSessionInDatabase(t *testing.T) {
	b := kvBackends(t)["memkv"](t)
	e := newStoreEnv(t, b, func(c *store.Config) { c.StoreSessionInDatabase, c.PreserveSessionInDatabase = true, true })
	st := e.store(e.kv)
	ctx := t.Context()
	u := e.user(st, "a@x.co")
	e.session(st, u.ID, "tok", time.Hour)
	e.session(st, u.ID, "tok2", time.Hour)
	if err := st.DeleteSession(ctx, "tok"); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteUserSessions(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if n := e.db.Len(store.SessionModel); n != 2 {
		t.Errorf("%d session rows, want both preserved", n)
	}
	for _, tok := range []string{"tok", "tok2"} {
		if s, _, err := st.SessionByToken(ctx, tok); err != nil || s != nil {
			t.Errorf("preserved revoked session %s read back: %v, %v", tok, s, err)
		}
	}
}

// gatedKV pauses one operation of the wrapped store until released, to interleave two
// instances deterministically.
type gatedKV struct {
	*authredis.Store
	op      string // "setnx" or "replace"
	reached chan struct{}
	release chan struct{}
	once    sync.Once
}

func newGatedKV(s *authredis.Store, op string) *gatedKV {
	return &gatedKV{Store: s, op: op, reached: make(chan struct{}), release: make(chan struct{})}
}

func (g *gatedKV) wait(op string) {
	if op == g.op {
		g.once.Do(func() {
			close(g.reached)
			<-g.release
		})
	}
}

func (g *gatedKV) SetNX(ctx context.Context, key, value string, ttl time.Duration) (bool, error) {
	g.wait("setnx")
	return g.Store.SetNX(ctx, key, value, ttl)
}

func (g *gatedKV) Replace(ctx context.Context, key, value string, ttl time.Duration) (bool, error) {
	g.wait("replace")
	return g.Store.Replace(ctx, key, value, ttl)
}

// A read filling the storage from the database while another instance revokes the session
// must not leave the revoked session in the storage.
func TestFillRacingRevocation(t *testing.T) {
	c := newClient(t)
	prefix := testPrefix(t, c)
	e := newStoreEnv(t, kvBackend{instance: func() kv.Store { return authredis.New(c, authredis.WithKeyPrefix(prefix)) }}, withSessionsInDB)
	gate := newGatedKV(authredis.New(c, authredis.WithKeyPrefix(prefix)), "setnx")
	reader, revoker := e.store(gate), e.store(e.kv)
	ctx := t.Context()
	u := e.user(revoker, "a@x.co")
	e.session(revoker, u.ID, "tok", time.Hour)
	if err := e.kv.Delete(ctx, "tok"); err != nil { // evicted
		t.Fatal(err)
	}
	type result struct {
		s   *model.Session
		err error
	}
	done := make(chan result)
	go func() {
		s, _, err := reader.SessionByToken(ctx, "tok") // reads the row, then blocks before writing back
		done <- result{s, err}
	}()
	<-gate.reached
	if err := revoker.DeleteSession(ctx, "tok"); err != nil {
		t.Fatal(err)
	}
	close(gate.release)
	r := <-done
	if r.err != nil || r.s != nil {
		t.Errorf("the racing read returned %v, %v; want no session (its row is gone)", r.s, r.err)
	}
	if _, ok := e.get("tok"); ok {
		t.Fatal("the revoked session was written back to the storage")
	}
}

// A refresh (UpdateSession) racing a revocation must not write the session back.
func TestRefreshRacingRevocation(t *testing.T) {
	for _, inDB := range []bool{false, true} {
		t.Run(fmt.Sprintf("inDB=%v", inDB), func(t *testing.T) {
			c := newClient(t)
			prefix := testPrefix(t, c)
			e := newStoreEnv(t, kvBackend{instance: func() kv.Store { return authredis.New(c, authredis.WithKeyPrefix(prefix)) }},
				func(c *store.Config) { c.StoreSessionInDatabase = inDB })
			gate := newGatedKV(authredis.New(c, authredis.WithKeyPrefix(prefix)), "replace")
			refresher, revoker := e.store(gate), e.store(e.kv)
			ctx := t.Context()
			u := e.user(revoker, "a@x.co")
			e.session(revoker, u.ID, "tok", time.Hour)
			type result struct {
				s   *model.Session
				err error
			}
			done := make(chan result)
			go func() {
				s, err := refresher.UpdateSession(ctx, "tok", db.Record{"expiresAt": time.Now().Add(2 * time.Hour)})
				done <- result{s, err}
			}()
			<-gate.reached
			if err := revoker.DeleteSession(ctx, "tok"); err != nil {
				t.Fatal(err)
			}
			close(gate.release)
			r := <-done
			if r.err != nil {
				t.Fatal(r.err)
			}
			if !inDB && r.s != nil {
				t.Error("UpdateSession reported a session revoked meanwhile as updated")
			}
			if s, _, err := revoker.SessionByToken(ctx, "tok"); err != nil || s != nil {
				t.Fatalf("revoked session is live again: %v, %v", s, err)
			}
		})
	}
}

// UpdateUser rewrites the cached user of every session, on any instance.
func TestUpdateUserRewritesCachedSessions(t *testing.T) {
	for name, backend := range kvBackends(t) {
		t.Run(name, func(t *testing.T) {
			b := backend(t)
			e := newStoreEnv(t, b, nil)
			a, other := e.store(b.instance()), e.store(b.instance())
			u := e.user(a, "a@x.co")
			e.session(a, u.ID, "s1", time.Hour)
			e.session(a, u.ID, "s2", 2*time.Hour)
			if _, err := a.UpdateUser(t.Context(), u.ID, db.Record{"name": "Renamed"}); err != nil {
				t.Fatal(err)
			}
			for _, tok := range []string{"s1", "s2"} {
				_, cu, err := other.SessionByToken(t.Context(), tok)
				if err != nil || cu == nil || cu.Name != "Renamed" {
					t.Errorf("cached user of %s = %+v, %v", tok, cu, err)
				}
			}
		})
	}
}

// A storage that fails makes session reads fail: a session that cannot be checked is
// never treated as valid, nor as absent.
func TestSessionReadFailsClosed(t *testing.T) {
	e := newStoreEnv(t, kvBackend{instance: func() kv.Store { return failingKV{} }}, withSessionsInDB)
	s, u, err := e.store(e.kv).SessionByToken(t.Context(), "tok")
	if err == nil || s != nil || u != nil {
		t.Fatalf("SessionByToken on a failing storage = %v, %v, %v; want an error", s, u, err)
	}
}

var errDown = errors.New("storage down")

type failingKV struct{}

func (failingKV) Get(context.Context, string) (string, bool, error)          { return "", false, errDown }
func (failingKV) Set(context.Context, string, string, time.Duration) error   { return errDown }
func (failingKV) Delete(context.Context, string) error                       { return errDown }
func (failingKV) Take(context.Context, string) (string, bool, error)         { return "", false, errDown }
func (failingKV) Incr(context.Context, string, time.Duration) (int64, error) { return 0, errDown }
func (failingKV) SetNX(context.Context, string, string, time.Duration) (bool, error) {
	return false, errDown
}
