package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/db/memdb"
	"github.com/goauth-dev/goauth/authcore/kv/memkv"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authcore/store"
)

var t0 = time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)

// clock is a fake clock safe for concurrent use.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type fixture struct {
	st  *store.Store
	db  *memdb.DB
	kv  *memkv.Store
	clk *clock
}

// option adjusts the store configuration of a fixture.
type option func(f *fixture, c *store.Config)

// withKV keeps sessions in the fixture's memkv store (secondary storage).
func withKV(f *fixture, c *store.Config) { c.KV = f.kv }

func withHooks(h ...store.Hooks) option {
	return func(_ *fixture, c *store.Config) { c.Hooks = h }
}

func newFixture(t *testing.T, opts ...option) *fixture {
	t.Helper()
	f := &fixture{clk: &clock{now: t0}}
	f.kv = memkv.New(memkv.WithClock(f.clk.Now))
	f.db = memdb.New(schema.Core())
	var n atomic.Int64
	cfg := store.Config{
		Adapter: f.db, Schema: schema.Core(), Now: f.clk.Now,
		GenerateID: func(m string) string { return m + "-" + strconv.FormatInt(n.Add(1), 10) },
	}
	for _, o := range opts {
		o(f, &cfg)
	}
	f.st = store.New(cfg)
	return f
}

func (f *fixture) user(t *testing.T, email string) model.User {
	t.Helper()
	u, err := f.st.CreateUser(context.Background(), db.Record{"name": "N", "email": email})
	if err != nil {
		t.Fatalf("CreateUser(%s): %v", email, err)
	}
	return u
}

func (f *fixture) session(t *testing.T, userID, token string, expiresIn time.Duration) model.Session {
	t.Helper()
	s, err := f.st.CreateSession(context.Background(), store.NewSession{
		UserID: userID, Token: token, ExpiresAt: f.clk.Now().Add(expiresIn), IPAddress: "127.0.0.1", UserAgent: "test",
	})
	if err != nil {
		t.Fatalf("CreateSession(%s): %v", token, err)
	}
	return s
}

func TestCreateUser(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	u, err := f.st.CreateUser(ctx, db.Record{"name": "Ada", "email": "Ada@Example.COM"})
	if err != nil {
		t.Fatal(err)
	}
	want := model.User{ID: "user-1", Name: "Ada", Email: "ada@example.com", CreatedAt: t0, UpdatedAt: t0}
	if diff := cmp.Diff(want, u); diff != "" {
		t.Errorf("CreateUser mismatch (-want +got):\n%s", diff)
	}
	got, err := f.st.UserByEmail(ctx, "ADA@example.com")
	if err != nil || got == nil || got.ID != u.ID {
		t.Fatalf("UserByEmail = %v, %v; want the new user", got, err)
	}
	if got, err := f.st.UserByID(ctx, u.ID); err != nil || got == nil || got.Email != "ada@example.com" {
		t.Errorf("UserByID = %v, %v", got, err)
	}
	if got, err := f.st.UserByEmail(ctx, "nobody@example.com"); got != nil || err != nil {
		t.Errorf("UserByEmail(unknown) = %v, %v; want nil, nil", got, err)
	}

	_, err = f.st.CreateUser(ctx, db.Record{"name": "Other", "email": "ada@EXAMPLE.com"})
	if !errors.Is(err, db.ErrConflict) {
		t.Errorf("second CreateUser with the same email: err %v, want db.ErrConflict", err)
	}
	if n := f.db.Len(store.UserModel); n != 1 {
		t.Errorf("%d users stored, want 1", n)
	}
}

func TestTxCommit(t *testing.T) {
	var afterCalls atomic.Int32
	f := newFixture(t, withHooks(store.Hooks{store.UserModel: {Create: store.OpHooks{
		After: func(context.Context, db.Record) error { afterCalls.Add(1); return nil },
	}}}))
	ctx := context.Background()
	err := f.st.Tx(ctx, func(ctx context.Context) error {
		u, err := f.st.CreateUser(ctx, db.Record{"name": "A", "email": "a@x.co"})
		if err != nil {
			return err
		}
		if n := afterCalls.Load(); n != 0 {
			t.Errorf("after-hook ran inside the transaction (%d calls)", n)
		}
		// Nested Tx joins the outer one.
		return f.st.Tx(ctx, func(ctx context.Context) error {
			_, err := f.st.CreateAccount(ctx, db.Record{"accountId": u.ID, "providerId": "credential", "userId": u.ID})
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := afterCalls.Load(); n != 1 {
		t.Errorf("after-hook ran %d times after commit, want 1", n)
	}
	if f.db.Len(store.UserModel) != 1 || f.db.Len(store.AccountModel) != 1 {
		t.Errorf("after commit: %d users, %d accounts; want 1 and 1", f.db.Len(store.UserModel), f.db.Len(store.AccountModel))
	}
}

func TestTxRollback(t *testing.T) {
	var afterCalls atomic.Int32
	f := newFixture(t, withHooks(store.Hooks{store.UserModel: {Create: store.OpHooks{
		After: func(context.Context, db.Record) error { afterCalls.Add(1); return nil },
	}}}))
	ctx := context.Background()
	boom := errors.New("boom")
	err := f.st.Tx(ctx, func(ctx context.Context) error {
		u, err := f.st.CreateUser(ctx, db.Record{"name": "A", "email": "a@x.co"})
		if err != nil {
			return err
		}
		if _, err := f.st.CreateAccount(ctx, db.Record{"accountId": u.ID, "providerId": "credential", "userId": u.ID}); err != nil {
			return err
		}
		// Reads inside the transaction see its writes.
		if got, err := f.st.UserByEmail(ctx, "a@x.co"); err != nil || got == nil {
			t.Errorf("UserByEmail inside the transaction = %v, %v", got, err)
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Tx returned %v, want fn's error", err)
	}
	if n := afterCalls.Load(); n != 0 {
		t.Errorf("after-hook ran %d times for a rolled-back transaction", n)
	}
	if f.db.Len(store.UserModel) != 0 || f.db.Len(store.AccountModel) != 0 {
		t.Errorf("after rollback: %d users, %d accounts; want none", f.db.Len(store.UserModel), f.db.Len(store.AccountModel))
	}
	if got, _ := f.st.UserByEmail(ctx, "a@x.co"); got != nil {
		t.Error("rolled-back user is visible")
	}
}

func TestBeforeHooksMergeInOrder(t *testing.T) {
	var seen []string
	hooks := func(name string, patch db.Record) store.Hooks {
		return store.Hooks{store.UserModel: {Create: store.OpHooks{
			Before: func(_ context.Context, data db.Record) (db.Record, error) {
				seen = append(seen, name+" saw "+data["name"].(string))
				return patch, nil
			},
		}}}
	}
	f := newFixture(t, withHooks(
		hooks("plugin", db.Record{"name": "FromPlugin", "image": "img"}),
		hooks("app", db.Record{"name": "FromApp"}),
		store.Hooks{store.SessionModel: {}}, // other models' hooks are not run
	))
	u, err := f.st.CreateUser(context.Background(), db.Record{"name": "Orig", "email": "a@x.co"})
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "FromApp" || u.Image == nil || *u.Image != "img" || u.Email != "a@x.co" {
		t.Errorf("created user %+v, want name FromApp, image img, email kept", u)
	}
	if diff := cmp.Diff([]string{"plugin saw Orig", "app saw FromPlugin"}, seen); diff != "" {
		t.Errorf("hook order (-want +got):\n%s", diff)
	}
}

func TestBeforeHookAbort(t *testing.T) {
	var afterCalls atomic.Int32
	f := newFixture(t, withHooks(store.Hooks{store.UserModel: {
		Create: store.OpHooks{
			Before: func(_ context.Context, data db.Record) (db.Record, error) {
				if data["email"] == "blocked@x.co" {
					return nil, store.ErrAbort
				}
				return nil, nil
			},
			After: func(context.Context, db.Record) error { afterCalls.Add(1); return nil },
		},
		Update: store.OpHooks{
			Before: func(_ context.Context, patch db.Record) (db.Record, error) {
				if patch["name"] == "forbidden" {
					return nil, store.ErrAbort
				}
				return nil, nil
			},
		},
	}}))
	ctx := context.Background()
	if _, err := f.st.CreateUser(ctx, db.Record{"name": "B", "email": "Blocked@x.co"}); !errors.Is(err, store.ErrAbort) {
		t.Errorf("CreateUser with an aborting hook: err %v, want store.ErrAbort", err)
	}
	if n := f.db.Len(store.UserModel); n != 0 {
		t.Errorf("aborted create stored %d rows", n)
	}
	if n := afterCalls.Load(); n != 0 {
		t.Errorf("after-hook ran %d times for an aborted create", n)
	}

	u := f.user(t, "ok@x.co")
	if _, err := f.st.UpdateUser(ctx, u.ID, db.Record{"name": "forbidden"}); !errors.Is(err, store.ErrAbort) {
		t.Errorf("UpdateUser with an aborting hook: err %v, want store.ErrAbort", err)
	}
	if got, _ := f.st.UserByID(ctx, u.ID); got.Name != "N" {
		t.Errorf("aborted update changed the name to %q", got.Name)
	}
}

func TestUpdateAndDeleteHooks(t *testing.T) {
	var mu sync.Mutex
	var events []string
	log := func(s string) { mu.Lock(); events = append(events, s); mu.Unlock() }
	f := newFixture(t, withHooks(store.Hooks{
		store.UserModel: {Update: store.OpHooks{
			Before: func(_ context.Context, patch db.Record) (db.Record, error) {
				log(fmt.Sprintf("before update name=%v", patch["name"]))
				return db.Record{"image": "set-by-hook"}, nil
			},
			After: func(_ context.Context, row db.Record) error {
				log(fmt.Sprintf("after update name=%v image=%v", row["name"], row["image"]))
				return nil
			},
		}},
		store.SessionModel: {Delete: store.OpHooks{
			Before: func(_ context.Context, row db.Record) (db.Record, error) {
				if row["token"] == "keep-me" {
					return nil, store.ErrAbort
				}
				return nil, nil
			},
			After: func(_ context.Context, row db.Record) error {
				log(fmt.Sprintf("after delete %v", row["token"]))
				return nil
			},
		}},
	}))
	ctx := context.Background()
	u := f.user(t, "a@x.co")
	f.clk.Advance(time.Minute)
	got, err := f.st.UpdateUser(ctx, u.ID, db.Record{"name": "New"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "New" || got.Image == nil || *got.Image != "set-by-hook" || !got.UpdatedAt.Equal(t0.Add(time.Minute)) {
		t.Errorf("updated user %+v: want name New, hook image, updatedAt bumped", got)
	}

	f.session(t, u.ID, "keep-me", time.Hour)
	f.session(t, u.ID, "drop-me", time.Hour)
	if err := f.st.DeleteUserSessions(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if s, _, _ := f.st.SessionByToken(ctx, "keep-me"); s == nil {
		t.Error("a delete before-hook returning ErrAbort did not keep its row")
	}
	if s, _, _ := f.st.SessionByToken(ctx, "drop-me"); s != nil {
		t.Error("session without an aborting hook was not deleted")
	}
	want := []string{
		"before update name=New",
		"after update name=New image=set-by-hook",
		"after delete drop-me",
	}
	if diff := cmp.Diff(want, events); diff != "" {
		t.Errorf("hook events (-want +got):\n%s", diff)
	}
}

func TestConsumeVerificationSingleWinner(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.st.CreateVerification(ctx, "reset-password:tok", "user-1", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	const racers = 32
	var wins atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, racers)
	for range racers {
		wg.Go(func() {
			v, err := f.st.ConsumeVerification(ctx, "reset-password:tok")
			if err != nil {
				errs <- err
				return
			}
			if v != nil {
				if v.Value != "user-1" {
					errs <- fmt.Errorf("consumed value %q", v.Value)
				}
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := wins.Load(); n != 1 {
		t.Errorf("%d of %d racers consumed the value, want exactly 1", n, racers)
	}
	if n := f.db.Len(store.VerificationModel); n != 0 {
		t.Errorf("%d verification rows left", n)
	}
}

func TestConsumeVerificationExpired(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.st.CreateVerification(ctx, "id", "v", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	f.clk.Advance(time.Minute) // expiresAt == now counts as expired
	v, err := f.st.ConsumeVerification(ctx, "id")
	if err != nil || v != nil {
		t.Errorf("ConsumeVerification(expired) = %v, %v; want nil, nil", v, err)
	}
	if n := f.db.Len(store.VerificationModel); n != 0 {
		t.Errorf("expired row not removed: %d rows", n)
	}
	if v, err := f.st.ConsumeVerification(ctx, "missing"); v != nil || err != nil {
		t.Errorf("ConsumeVerification(missing) = %v, %v; want nil, nil", v, err)
	}
}

func TestVerificationNewestFirstAndCleanup(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	mustCreate := func(id, value string, exp time.Time) {
		t.Helper()
		if _, err := f.st.CreateVerification(ctx, id, value, exp); err != nil {
			t.Fatal(err)
		}
	}
	mustCreate("stale", "gone", t0.Add(time.Second))
	mustCreate("email", "first", t0.Add(time.Hour))
	f.clk.Advance(2 * time.Second)
	mustCreate("email", "second", t0.Add(time.Hour))

	v, err := f.st.Verification(ctx, "email")
	if err != nil || v == nil {
		t.Fatalf("Verification = %v, %v", v, err)
	}
	if v.Value != "second" || v.Identifier != "email" || !v.CreatedAt.Equal(t0.Add(2*time.Second)) {
		t.Errorf("Verification returned %+v, want the newest value", v)
	}
	// The lookup deleted the expired "stale" row and left the others.
	var left []string
	for _, r := range f.db.Dump()[store.VerificationModel] {
		left = append(left, r["value"].(string))
	}
	slices.Sort(left)
	if diff := cmp.Diff([]string{"first", "second"}, left); diff != "" {
		t.Errorf("rows after cleanup (-want +got):\n%s", diff)
	}

	// A value that has expired is not returned.
	f.clk.Advance(time.Hour)
	if v, err := f.st.Verification(ctx, "email"); v != nil || err != nil {
		t.Errorf("Verification after expiry = %v, %v; want nil", v, err)
	}
	if v, err := f.st.Verification(ctx, "unknown"); v != nil || err != nil {
		t.Errorf("Verification(unknown) = %v, %v; want nil", v, err)
	}

	if err := f.st.DeleteVerification(ctx, "email"); err != nil {
		t.Fatal(err)
	}
	if n := f.db.Len(store.VerificationModel); n != 0 {
		t.Errorf("%d rows after DeleteVerification and cleanup", n)
	}
}

func TestVerificationCleanupDisabled(t *testing.T) {
	f := newFixture(t, func(_ *fixture, c *store.Config) { c.DisableVerificationCleanup = true })
	ctx := context.Background()
	if _, err := f.st.CreateVerification(ctx, "old", "x", t0.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	f.clk.Advance(time.Hour)
	if _, err := f.st.Verification(ctx, "other"); err != nil {
		t.Fatal(err)
	}
	if n := f.db.Len(store.VerificationModel); n != 1 {
		t.Errorf("cleanup ran although disabled: %d rows", n)
	}
}

func TestSessionsInDatabase(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	u := f.user(t, "a@x.co")
	other := f.user(t, "b@x.co")
	s1 := f.session(t, u.ID, "tok1", time.Hour)
	want := model.Session{
		ID: "session-3", Token: "tok1", UserID: u.ID, ExpiresAt: t0.Add(time.Hour),
		CreatedAt: t0, UpdatedAt: t0, IPAddress: ptr("127.0.0.1"), UserAgent: ptr("test"),
	}
	if diff := cmp.Diff(want, s1); diff != "" {
		t.Errorf("CreateSession mismatch (-want +got):\n%s", diff)
	}
	gotS, gotU, err := f.st.SessionByToken(ctx, "tok1")
	if err != nil || gotS == nil || gotU == nil {
		t.Fatalf("SessionByToken = %v, %v, %v", gotS, gotU, err)
	}
	if diff := cmp.Diff(s1, *gotS); diff != "" {
		t.Errorf("SessionByToken session (-want +got):\n%s", diff)
	}
	if gotU.ID != u.ID {
		t.Errorf("SessionByToken user %s, want %s", gotU.ID, u.ID)
	}

	f.clk.Advance(time.Minute)
	upd, err := f.st.UpdateSession(ctx, "tok1", db.Record{"expiresAt": t0.Add(2 * time.Hour)})
	if err != nil || upd == nil {
		t.Fatalf("UpdateSession = %v, %v", upd, err)
	}
	if !upd.ExpiresAt.Equal(t0.Add(2*time.Hour)) || !upd.UpdatedAt.Equal(t0.Add(time.Minute)) || !upd.CreatedAt.Equal(t0) {
		t.Errorf("UpdateSession = %+v: want new expiresAt, updatedAt = now, createdAt kept", upd)
	}
	if upd, err := f.st.UpdateSession(ctx, "nope", db.Record{"expiresAt": t0}); upd != nil || err != nil {
		t.Errorf("UpdateSession(unknown) = %v, %v; want nil, nil", upd, err)
	}

	f.session(t, u.ID, "tok2", time.Hour)
	f.session(t, u.ID, "tok3", 30*time.Second)
	f.session(t, u.ID, "expired", -time.Second)
	f.session(t, other.ID, "theirs", time.Hour)

	tokens := func(uid string) []string {
		t.Helper()
		list, err := f.st.Sessions(ctx, uid)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range list {
			out = append(out, s.Token)
		}
		slices.Sort(out)
		return out
	}
	if diff := cmp.Diff([]string{"tok1", "tok2", "tok3"}, tokens(u.ID)); diff != "" {
		t.Errorf("Sessions lists expired or foreign sessions (-want +got):\n%s", diff)
	}

	if err := f.st.DeleteSession(ctx, "tok3"); err != nil {
		t.Fatal(err)
	}
	if s, _, _ := f.st.SessionByToken(ctx, "tok3"); s != nil {
		t.Error("deleted session still found")
	}
	if err := f.st.DeleteSession(ctx, "never-existed"); err != nil {
		t.Errorf("DeleteSession(unknown) = %v, want nil", err)
	}

	if err := f.st.DeleteOtherSessions(ctx, u.ID, "tok2"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"tok2"}, tokens(u.ID)); diff != "" {
		t.Errorf("after DeleteOtherSessions (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"theirs"}, tokens(other.ID)); diff != "" {
		t.Errorf("DeleteOtherSessions touched another user (-want +got):\n%s", diff)
	}
	if n := f.db.Len(store.SessionModel); n != 2 {
		t.Errorf("%d session rows left, want 2 (tok2, theirs; the expired one went with the others)", n)
	}
}

func TestSessionsInKV(t *testing.T) {
	f := newFixture(t, withKV)
	ctx := context.Background()
	u := f.user(t, "a@x.co")
	s1 := f.session(t, u.ID, "tok-late", 2*time.Hour)
	s2 := f.session(t, u.ID, "tok-early", time.Hour)

	if n := f.db.Len(store.SessionModel); n != 0 {
		t.Errorf("%d session rows in the database, want none with secondary storage", n)
	}

	// <token> → {"session": ..., "user": ...}
	raw, ok, err := f.kv.Get(ctx, "tok-early")
	if err != nil || !ok {
		t.Fatalf("token key: %v, %v", ok, err)
	}
	sj, _ := s2.MarshalJSON()
	uj, _ := u.MarshalJSON()
	if want := `{"session":` + string(sj) + `,"user":` + string(uj) + `}`; raw != want {
		t.Errorf("token value:\n got %s\nwant %s", raw, want)
	}
	if ttl, _, _ := f.kv.TTL(ctx, "tok-early"); ttl != time.Hour {
		t.Errorf("token key TTL %v, want 1h (until expiresAt)", ttl)
	}

	// active-sessions-<userId> → [{token, expiresAt}] sorted by expiry.
	index := func() string {
		t.Helper()
		v, _, err := f.kv.Get(ctx, "active-sessions-"+u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	want := fmt.Sprintf(`[{"token":"tok-early","expiresAt":%d},{"token":"tok-late","expiresAt":%d}]`,
		s2.ExpiresAt.UnixMilli(), s1.ExpiresAt.UnixMilli())
	if got := index(); got != want {
		t.Errorf("index:\n got %s\nwant %s", got, want)
	}

	gotS, gotU, err := f.st.SessionByToken(ctx, "tok-late")
	if err != nil || gotS == nil {
		t.Fatalf("SessionByToken = %v, %v", gotS, err)
	}
	if diff := cmp.Diff(s1, *gotS); diff != "" {
		t.Errorf("SessionByToken from KV (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(u, *gotU); diff != "" {
		t.Errorf("user from KV (-want +got):\n%s", diff)
	}

	// UpdateUser rewrites the user cached in every active session.
	f.clk.Advance(time.Minute)
	nu, err := f.st.UpdateUser(ctx, u.ID, db.Record{"name": "Renamed"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{"tok-early", "tok-late"} {
		_, cu, err := f.st.SessionByToken(ctx, tok)
		if err != nil || cu == nil || cu.Name != "Renamed" || !cu.UpdatedAt.Equal(nu.UpdatedAt) {
			t.Errorf("cached user of %s = %+v, %v; want the renamed user", tok, cu, err)
		}
	}

	list, err := f.st.Sessions(ctx, u.ID)
	if err != nil || len(list) != 2 {
		t.Errorf("Sessions = %d sessions, %v; want 2", len(list), err)
	}

	if err := f.st.DeleteSession(ctx, "tok-early"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := f.kv.Get(ctx, "tok-early"); ok {
		t.Error("deleted session still in KV")
	}
	want = fmt.Sprintf(`[{"token":"tok-late","expiresAt":%d}]`, s1.ExpiresAt.UnixMilli())
	if got := index(); got != want {
		t.Errorf("index after delete:\n got %s\nwant %s", got, want)
	}
	if err := f.st.DeleteSession(ctx, "tok-late"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := f.kv.Get(ctx, "active-sessions-"+u.ID); ok {
		t.Error("empty index not deleted")
	}
}

func TestSessionsInKVDeleteOthersAndExpiry(t *testing.T) {
	f := newFixture(t, withKV)
	ctx := context.Background()
	u := f.user(t, "a@x.co")
	f.session(t, u.ID, "a", time.Hour)
	f.session(t, u.ID, "b", time.Minute)
	f.session(t, u.ID, "c", 2*time.Hour)

	f.clk.Advance(time.Minute) // "b" expires (memkv drops it too)
	list, err := f.st.Sessions(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	var toks []string
	for _, s := range list {
		toks = append(toks, s.Token)
	}
	if diff := cmp.Diff([]string{"a", "c"}, toks); diff != "" {
		t.Errorf("Sessions after expiry (-want +got):\n%s", diff)
	}

	if err := f.st.DeleteOtherSessions(ctx, u.ID, "c"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := f.kv.Get(ctx, "a"); ok {
		t.Error(`DeleteOtherSessions left "a" in KV`)
	}
	if _, ok, _ := f.kv.Get(ctx, "c"); !ok {
		t.Error(`DeleteOtherSessions removed the kept session "c"`)
	}
	idx, _, _ := f.kv.Get(ctx, "active-sessions-"+u.ID)
	if want := fmt.Sprintf(`[{"token":"c","expiresAt":%d}]`, t0.Add(2*time.Hour).UnixMilli()); idx != want {
		t.Errorf("index after DeleteOtherSessions = %s, want %s", idx, want)
	}

	if _, err := f.st.CreateSession(ctx, store.NewSession{UserID: "ghost", Token: "g", ExpiresAt: t0.Add(3 * time.Hour)}); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("CreateSession for an unknown user with KV: err %v, want db.ErrNotFound", err)
	}
}

func TestMarkEmailVerifiedOnce(t *testing.T) {
	for _, useKV := range []bool{false, true} {
		t.Run(fmt.Sprintf("kv=%v", useKV), func(t *testing.T) {
			var f *fixture
			if useKV {
				f = newFixture(t, withKV)
			} else {
				f = newFixture(t)
			}
			ctx := context.Background()
			u := f.user(t, "a@x.co")
			if useKV {
				f.session(t, u.ID, "tok", time.Hour)
			}
			const racers = 32
			var wins atomic.Int32
			var wg sync.WaitGroup
			for range racers {
				wg.Go(func() {
					ok, err := f.st.MarkEmailVerified(ctx, u.ID)
					if err != nil {
						t.Error(err)
					}
					if ok {
						wins.Add(1)
					}
				})
			}
			wg.Wait()
			if n := wins.Load(); n != 1 {
				t.Errorf("%d of %d callers were told they verified the email, want 1", n, racers)
			}
			got, err := f.st.UserByID(ctx, u.ID)
			if err != nil || got == nil || !got.EmailVerified {
				t.Errorf("user after MarkEmailVerified = %+v, %v", got, err)
			}
			if useKV {
				if _, cu, _ := f.st.SessionByToken(ctx, "tok"); cu == nil || !cu.EmailVerified {
					t.Errorf("cached user not refreshed: %+v", cu)
				}
			}
		})
	}
}

func TestAccounts(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	u := f.user(t, "a@x.co")
	if a, err := f.st.CredentialAccount(ctx, u.ID); a != nil || err != nil {
		t.Errorf("CredentialAccount before any = %v, %v", a, err)
	}
	if _, err := f.st.CreateAccount(ctx, db.Record{"accountId": "gh-1", "providerId": "github", "userId": u.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreateAccount(ctx, db.Record{"accountId": u.ID, "providerId": "credential", "userId": u.ID, "password": "old"}); err != nil {
		t.Fatal(err)
	}
	if err := f.st.UpdatePassword(ctx, u.ID, "new"); err != nil {
		t.Fatal(err)
	}
	a, err := f.st.CredentialAccount(ctx, u.ID)
	if err != nil || a == nil || a.Password == nil || *a.Password != "new" {
		t.Errorf("CredentialAccount after UpdatePassword = %+v, %v", a, err)
	}
	list, err := f.st.Accounts(ctx, u.ID)
	if err != nil || len(list) != 2 {
		t.Fatalf("Accounts = %d, %v; want 2", len(list), err)
	}
	for _, a := range list {
		if a.ProviderID == "github" && a.Password != nil {
			t.Errorf("UpdatePassword set a password on the github account: %q", *a.Password)
		}
	}
	if err := f.st.DeleteUser(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if f.db.Len(store.AccountModel) != 0 || f.db.Len(store.UserModel) != 0 {
		t.Errorf("DeleteUser left %d accounts, %d users", f.db.Len(store.AccountModel), f.db.Len(store.UserModel))
	}
}

func ptr[T any](v T) *T { return &v }
