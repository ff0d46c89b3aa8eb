package kv

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"time"
)

// IndexStore is an optional interface of a Store: the atomic operations that keep sessions
// in secondary storage consistent when several instances share it. The session layer
// (authcore/store) uses it when the Store implements it, and otherwise falls back to a
// read-modify-write over Get and Set, which can lose an update when two instances edit
// one user's index at the same moment.
//
// # The index
//
// An index is Better Auth's "active-sessions-<userId>" value: a JSON array
// [{"token":"…","expiresAt":<unix ms>}, …] listing a user's sessions. Every write prunes it
// at the caller's now (in Unix milliseconds): entries with expiresAt <= now and entries
// repeating an earlier token are dropped, and the rest are sorted by expiresAt, ascending
// and stable. The index then lives until its furthest expiry (a ttl of that expiry minus
// now), and is deleted when no entry is left. A value that is not a JSON array counts as
// empty, and entries that are not {"token": string, "expiresAt": number} are dropped
// (Better Auth: safeJSONParse(...) || []). [ParseIndex] and [EncodeIndex] are the
// reference: an implementation must write what EncodeIndex(ParseIndex(old) edited, now)
// returns, byte for byte.
//
// Better Auth: packages/better-auth/src/db/internal-adapter.ts (createSession,
// updateSession, deleteSession), which rewrites the index with get and set.
type IndexStore interface {
	// IndexAdd inserts token with expiresAt (Unix ms) into the index under key, replacing
	// any entry of the same token, then prunes and writes the index as described above,
	// in one atomic step.
	IndexAdd(ctx context.Context, key, token string, expiresAt, now int64) error
	// IndexRemove removes tokens from the index under key, then prunes and writes it, in
	// one atomic step. An absent index stays absent.
	IndexRemove(ctx context.Context, key string, tokens []string, now int64) error
	// Replace stores value under key with ttl (0: no expiry) only when key holds a value
	// (Redis SET XX), and reports whether it did. The session layer rewrites a cached
	// session with it, so that a session revoked by another instance in the meantime is
	// not written back.
	Replace(ctx context.Context, key, value string, ttl time.Duration) (bool, error)
}

// IndexEntry is one entry of a session index.
type IndexEntry struct {
	Token string `json:"token"`
	// ExpiresAt is the session's expiry in Unix milliseconds.
	ExpiresAt int64 `json:"expiresAt"`
}

// maxDateMillis bounds a JavaScript Date (±8.64e15 ms); an index entry beyond it is
// damage, and skipped.
const maxDateMillis = 8.64e15

// ParseIndex decodes an index value. A value that is not a JSON array yields nil; array
// items that are not objects with a string "token" and a numeric "expiresAt" (within a
// JavaScript Date's range; a fraction is truncated) are skipped.
func ParseIndex(raw string) []IndexEntry {
	var items []json.RawMessage
	if json.Unmarshal([]byte(raw), &items) != nil {
		return nil
	}
	out := make([]IndexEntry, 0, len(items))
	for _, it := range items {
		var e struct {
			Token     *string  `json:"token"`
			ExpiresAt *float64 `json:"expiresAt"`
		}
		if json.Unmarshal(it, &e) != nil || e.Token == nil || e.ExpiresAt == nil ||
			*e.ExpiresAt > maxDateMillis || *e.ExpiresAt < -maxDateMillis {
			continue
		}
		out = append(out, IndexEntry{Token: *e.Token, ExpiresAt: int64(*e.ExpiresAt)})
	}
	return out
}

// EncodeIndex prunes entries at now (Unix ms), sorts them and encodes them as described
// on [IndexStore]. It returns the value to store and its ttl, or ok false when nothing is
// left and the index is to be deleted. entries is reordered in place.
func EncodeIndex(entries []IndexEntry, now int64) (value string, ttl time.Duration, ok bool) {
	seen := make(map[string]bool, len(entries))
	kept := entries[:0]
	for _, e := range entries {
		if e.ExpiresAt > now && !seen[e.Token] {
			seen[e.Token] = true
			kept = append(kept, e)
		}
	}
	if len(kept) == 0 {
		return "", 0, false
	}
	slices.SortStableFunc(kept, func(a, b IndexEntry) int {
		switch {
		case a.ExpiresAt < b.ExpiresAt:
			return -1
		case a.ExpiresAt > b.ExpiresAt:
			return 1
		}
		return 0
	})
	var buf bytes.Buffer
	buf.WriteByte('[')
	for i, e := range kept {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(`{"token":`)
		writeJSONString(&buf, e.Token)
		buf.WriteString(`,"expiresAt":`)
		buf.WriteString(strconv.FormatInt(e.ExpiresAt, 10))
		buf.WriteByte('}')
	}
	buf.WriteByte(']')
	return buf.String(), time.Duration(kept[len(kept)-1].ExpiresAt-now) * time.Millisecond, true
}

// writeJSONString writes s as JSON.stringify does: only '"', '\\' and control characters
// below U+0020 are escaped (\b \t \n \f \r by name, the rest as lowercase \u00xx).
func writeJSONString(buf *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	buf.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"', '\\':
			buf.WriteByte('\\')
			buf.WriteByte(c)
		case '\b':
			buf.WriteString(`\b`)
		case '\t':
			buf.WriteString(`\t`)
		case '\n':
			buf.WriteString(`\n`)
		case '\f':
			buf.WriteString(`\f`)
		case '\r':
			buf.WriteString(`\r`)
		default:
			if c < 0x20 {
				buf.WriteString(`\u00`)
				buf.WriteByte(hex[c>>4])
				buf.WriteByte(hex[c&0xf])
				continue
			}
			buf.WriteByte(c)
		}
	}
	buf.WriteByte('"')
}
