package session

import (
	"maps"
	"sync"
	"time"
)

// memoSize bounds the decoded cookie-cache values a Manager remembers (about 1 KiB each).
const memoSize = 1024

// memo remembers decoded compact session_data values, keyed by the exact cookie value.
// A browser sends the same value with every request until the cache is refreshed, and
// decoding it (base64, HMAC, JSON) is most of the work of a get-session answered from
// the cache. What DecodeCompact returns for a value depends only on the value, the
// secret (fixed for a Manager) and, through its expiresAt, on the time: so a value that
// decoded once is answered from the memo until that expiry, which is checked again on
// every hit, like the version. Failures are not remembered. When full, an arbitrary entry is dropped.
type memo struct {
	mu      sync.RWMutex
	entries map[string]memoEntry
}

// memoEntry is what decoding a value gave: the data, its expiresAt and its version.
// Callers get e.data.clone(), never e.data.
type memoEntry struct {
	data    Data
	exp     time.Time
	version string
}

func (c *memo) get(value string) (memoEntry, bool) {
	c.mu.RLock()
	e, ok := c.entries[value]
	c.mu.RUnlock()
	return e, ok
}

func (c *memo) put(value string, e memoEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = make(map[string]memoEntry, memoSize)
	}
	if len(c.entries) >= memoSize {
		for k := range c.entries { // map order: an arbitrary victim
			delete(c.entries, k)
			break
		}
	}
	c.entries[value] = e
}

// clone copies d so that callers may change what they get (pointers and maps included)
// without touching the remembered value.
func (d Data) clone() *Data {
	c := d
	c.Session.IPAddress = clonePtr(d.Session.IPAddress)
	c.Session.UserAgent = clonePtr(d.Session.UserAgent)
	c.Session.Fields = maps.Clone(d.Session.Fields)
	c.User.Image = clonePtr(d.User.Image)
	c.User.Fields = maps.Clone(d.User.Fields)
	return &c
}

func clonePtr(p *string) *string {
	if p == nil {
		return nil
	}
	s := *p
	return &s
}
