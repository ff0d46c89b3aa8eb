package ratelimit

import (
	"context"
	"hash/maphash"
	"sync"
	"time"
)

const (
	memoryShards = 64
	// sweepInterval bounds how long an expired entry outlives its window when its shard
	// keeps receiving requests.
	sweepInterval = 10 * time.Second
	// sweepMinLen is the shard size below which growth alone never triggers a sweep.
	sweepMinLen = 1024
)

// MemoryStore is an in-process [Store] (Better Auth: rateLimit.storage "memory"). Use it
// only with a single instance: each process counts on its own.
//
// Memory is bounded: the map is sharded, and a shard drops the entries older than their
// window when at least 10 s (of the request clock) have passed since its last sweep or
// when it has doubled in size since then, on the Consume that notices. No goroutine is
// started.
type MemoryStore struct {
	seed   maphash.Seed
	shards [memoryShards]memoryShard
}

type memoryShard struct {
	mu        sync.Mutex
	entries   map[string]memoryEntry
	lastSweep int64 // unix nanoseconds of the request clock
	sweptLen  int   // len(entries) after the last sweep
}

type memoryEntry struct {
	last   int64 // unix nanoseconds of the last counted request
	window time.Duration
	count  int
}

var _ Store = (*MemoryStore)(nil)

// NewMemoryStore returns an empty in-memory store.
func NewMemoryStore() *MemoryStore {
	s := &MemoryStore{seed: maphash.MakeSeed()}
	for i := range s.shards {
		s.shards[i].entries = make(map[string]memoryEntry)
	}
	return s
}

// Consume implements [Store]. It never fails.
func (s *MemoryStore) Consume(_ context.Context, key string, rule Rule, now time.Time) (Decision, error) {
	if rule.Window <= 0 {
		// No request is ever within the window: nothing to count.
		return Decision{Allowed: true}, nil
	}
	t := now.UnixNano()
	sh := &s.shards[maphash.String(s.seed, key)%memoryShards]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.maybeSweep(t)
	e, ok := sh.entries[key]
	d, count := step(ok, e.count, time.Duration(t-e.last), rule)
	if !d.Allowed {
		return d, nil
	}
	e.count = count
	e.last = t
	e.window = rule.Window
	sh.entries[key] = e
	return d, nil
}

// Len returns the number of entries held, expired or not; for tests and metrics.
func (s *MemoryStore) Len() int {
	n := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		n += len(sh.entries)
		sh.mu.Unlock()
	}
	return n
}

// Sweep drops every entry older than its window at now.
func (s *MemoryStore) Sweep(now time.Time) {
	t := now.UnixNano()
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		sh.sweep(t)
		sh.mu.Unlock()
	}
}

func (sh *memoryShard) maybeSweep(t int64) {
	n := len(sh.entries)
	if time.Duration(t-sh.lastSweep) >= sweepInterval || (n >= sweepMinLen && n >= 2*sh.sweptLen) {
		sh.sweep(t)
	}
}

func (sh *memoryShard) sweep(t int64) {
	for k, e := range sh.entries {
		if time.Duration(t-e.last) >= e.window {
			delete(sh.entries, k)
		}
	}
	sh.lastSweep = t
	sh.sweptLen = len(sh.entries)
}
