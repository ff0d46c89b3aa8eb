package ratelimit_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sync"
	"time"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/kv"
)

// fakeKV is a minimal kv.Store. It records TTLs and never expires keys: the rate-limit
// algorithm checks ages itself, and the tests delete keys to simulate expiry.
type fakeKV struct {
	mu   sync.Mutex
	vals map[string]string
	ttls map[string]time.Duration
}

var _ kv.Store = (*fakeKV)(nil)

func newFakeKV() *fakeKV {
	return &fakeKV{vals: map[string]string{}, ttls: map[string]time.Duration{}}
}

func (f *fakeKV) Get(_ context.Context, key string) (string, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.vals[key]
	return v, ok, nil
}

func (f *fakeKV) Set(_ context.Context, key, value string, ttl time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.vals[key], f.ttls[key] = value, ttl
	return nil
}

func (f *fakeKV) Delete(_ context.Context, key string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.vals, key)
	delete(f.ttls, key)
	return nil
}

func (f *fakeKV) SetNX(_ context.Context, key, value string, ttl time.Duration) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.vals[key]; ok {
		return false, nil
	}
	f.vals[key], f.ttls[key] = value, ttl
	return true, nil
}

func (f *fakeKV) Take(_ context.Context, key string) (string, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.vals[key]
	delete(f.vals, key)
	delete(f.ttls, key)
	return v, ok, nil
}

func (f *fakeKV) Incr(context.Context, string, time.Duration) (int64, error) {
	return 0, errors.New("fakeKV: Incr not needed")
}

func (f *fakeKV) snapshot() map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return maps.Clone(f.vals)
}

// fakeDB is a db.Adapter holding the rows of one model, with the operators DBStore
// uses. afterFind, when set, runs once after the next FindOne (outside the lock), to
// interleave another request.
type fakeDB struct {
	mu        sync.Mutex
	rows      []db.Record
	afterFind func()
	calls     map[string]int
}

var _ db.Adapter = (*fakeDB)(nil)

var errUnsupported = errors.New("fakeDB: unsupported")

func newFakeDB() *fakeDB { return &fakeDB{calls: map[string]int{}} }

func (f *fakeDB) match(r db.Record, where []db.Where) bool {
	for _, w := range where {
		v := r[w.Field]
		switch w.Op {
		case db.Eq, "":
			if v != w.Value {
				return false
			}
		case db.Gt, db.Lt, db.Lte:
			a, ok1 := v.(int64)
			b, ok2 := w.Value.(int64)
			if !ok1 || !ok2 {
				panic(fmt.Sprintf("fakeDB: compare %T with %T", v, w.Value))
			}
			if (w.Op == db.Gt && a <= b) || (w.Op == db.Lt && a >= b) || (w.Op == db.Lte && a > b) {
				return false
			}
		default:
			panic("fakeDB: operator " + string(w.Op))
		}
	}
	return true
}

func (f *fakeDB) Create(_ context.Context, model string, data db.Record) (db.Record, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["Create"]++
	for _, r := range f.rows {
		if r["key"] == data["key"] {
			return nil, fmt.Errorf("fake: %w", db.ErrConflict)
		}
	}
	f.rows = append(f.rows, maps.Clone(data))
	return maps.Clone(data), nil
}

func (f *fakeDB) FindOne(_ context.Context, model string, where []db.Where) (db.Record, error) {
	f.mu.Lock()
	f.calls["FindOne"]++
	var out db.Record
	for _, r := range f.rows {
		if f.match(r, where) {
			out = maps.Clone(r)
			break
		}
	}
	hook := f.afterFind
	f.afterFind = nil
	f.mu.Unlock()
	if hook != nil {
		hook()
	}
	if out == nil {
		return nil, fmt.Errorf("fake: %w", db.ErrNotFound)
	}
	return out, nil
}

func (f *fakeDB) IncrementOne(_ context.Context, model string, where []db.Where, field string, delta int64, patch db.Record) (db.Record, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["IncrementOne"]++
	for _, r := range f.rows {
		if f.match(r, where) {
			r[field] = r[field].(int64) + delta
			maps.Copy(r, patch)
			return maps.Clone(r), nil
		}
	}
	return nil, fmt.Errorf("fake: %w", db.ErrNotFound)
}

func (f *fakeDB) row(key string) db.Record {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range f.rows {
		if r["key"] == key {
			return maps.Clone(r)
		}
	}
	return nil
}

func (f *fakeDB) FindMany(context.Context, string, db.Query) ([]db.Record, error) {
	return nil, errUnsupported
}
func (f *fakeDB) Count(context.Context, string, []db.Where) (int64, error) {
	return 0, errUnsupported
}
func (f *fakeDB) Update(context.Context, string, []db.Where, db.Record) (db.Record, error) {
	return nil, errUnsupported
}
func (f *fakeDB) UpdateMany(context.Context, string, []db.Where, db.Record) (int64, error) {
	return 0, errUnsupported
}
func (f *fakeDB) Delete(context.Context, string, []db.Where) error { return errUnsupported }
func (f *fakeDB) DeleteMany(context.Context, string, []db.Where) (int64, error) {
	return 0, errUnsupported
}
func (f *fakeDB) ConsumeOne(context.Context, string, []db.Where) (db.Record, error) {
	return nil, errUnsupported
}
func (f *fakeDB) Transaction(ctx context.Context, fn func(context.Context, db.Adapter) error) error {
	return fn(ctx, f)
}
