package ratelimit_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/ratelimit"
	"github.com/goauth-dev/goauth/authcore/schema"
)

func TestTable(t *testing.T) {
	want := schema.Table{Model: "rateLimit", Fields: []schema.Field{
		{Name: "key", Type: schema.String, Required: true, Unique: true},
		{Name: "count", Type: schema.Number, Required: true},
		{Name: "lastRequest", Type: schema.Number, Required: true, BigInt: true},
	}}
	if diff := cmp.Diff(want, ratelimit.Table(), cmpopts.IgnoreFields(schema.Field{}, "Default", "OnUpdate")); diff != "" {
		t.Errorf("Table (-want +got):\n%s", diff)
	}
}

// Spec 5.4 (obs): rows {"key":"192.0.2.1|/ok","count":1,"lastRequest":<ms>} with a
// generated id.
func TestDBStoreRow(t *testing.T) {
	f := newFakeDB()
	s := ratelimit.NewDBStore(f)
	ctx := context.Background()
	rule := ratelimit.Rule{Window: 10 * time.Second, Max: 100}
	if _, err := s.Consume(ctx, "192.0.2.1|/ok", rule, t0); err != nil {
		t.Fatal(err)
	}
	row := f.row("192.0.2.1|/ok")
	if id, _ := row["id"].(string); !regexp.MustCompile(`^[A-Za-z0-9]{32}$`).MatchString(id) {
		t.Errorf("id %q", row["id"])
	}
	delete(row, "id")
	want := db.Record{"key": "192.0.2.1|/ok", "count": int64(1), "lastRequest": t0.UnixMilli()}
	if diff := cmp.Diff(want, row); diff != "" {
		t.Errorf("row (-want +got):\n%s", diff)
	}

	if _, err := s.Consume(ctx, "192.0.2.1|/ok", rule, at(time.Second)); err != nil {
		t.Fatal(err)
	}
	if got := f.row("192.0.2.1|/ok"); got["count"] != int64(2) || got["lastRequest"] != at(time.Second).UnixMilli() {
		t.Errorf("after second request: %v", got)
	}
}

func TestDBStoreGenerateID(t *testing.T) {
	f := newFakeDB()
	s := ratelimit.NewDBStore(f)
	s.GenerateID = func() string { return "" } // serial ids: left to the database
	if _, err := s.Consume(context.Background(), "k", ratelimit.Rule{Window: time.Second, Max: 1}, t0); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.row("k")["id"]; ok {
		t.Errorf("id set: %v", f.row("k"))
	}
}

// Two requests find the same expired row; the second restarts the window first. The
// first must not restart it again (losing a count) but count on top of it.
func TestDBStoreConcurrentRestart(t *testing.T) {
	f := newFakeDB()
	s := ratelimit.NewDBStore(f)
	ctx := context.Background()
	rule := ratelimit.Rule{Window: 10 * time.Second, Max: 3}
	const key = "192.0.2.1|/x"
	for range 3 {
		if _, err := s.Consume(ctx, key, rule, t0); err != nil {
			t.Fatal(err)
		}
	}
	f.afterFind = func() {
		if d, err := s.Consume(ctx, key, rule, at(20*time.Second)); err != nil || !d.Allowed {
			t.Errorf("interleaved request: %+v, %v", d, err)
		}
	}
	if d, err := s.Consume(ctx, key, rule, at(20*time.Second)); err != nil || !d.Allowed {
		t.Fatalf("request: %+v, %v", d, err)
	}
	if got := f.row(key)["count"]; got != int64(2) {
		t.Fatalf("count %v after two requests in a new window, want 2", got)
	}
}

// Two requests find no row; the second creates it first. The first must count on top.
func TestDBStoreConcurrentCreate(t *testing.T) {
	f := newFakeDB()
	s := ratelimit.NewDBStore(f)
	ctx := context.Background()
	rule := ratelimit.Rule{Window: 10 * time.Second, Max: 3}
	const key = "192.0.2.1|/x"
	f.afterFind = func() {
		if d, err := s.Consume(ctx, key, rule, t0); err != nil || !d.Allowed {
			t.Errorf("interleaved request: %+v, %v", d, err)
		}
	}
	if d, err := s.Consume(ctx, key, rule, t0); err != nil || !d.Allowed {
		t.Fatalf("request: %+v, %v", d, err)
	}
	if got := f.row(key)["count"]; got != int64(2) {
		t.Fatalf("count %v after two requests, want 2", got)
	}
}
