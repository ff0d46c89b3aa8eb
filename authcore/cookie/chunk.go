package cookie

import (
	"slices"
	"strconv"
	"strings"
)

// Chunking limits (Better Auth: src/cookies/session-store.ts).
const (
	// ChunkSize is the size of every chunk but the last: 4096 minus an
	// estimated 200 bytes for the name and attributes.
	ChunkSize = 4096 - 200
	// SessionDataLimit is the longest session_data value written unchunked.
	SessionDataLimit = 4093
	// AccountDataLimit is the longest account_data value written unchunked.
	AccountDataLimit = 4096
)

// Chunk splits a session_data cookie as setCookieCache does: a value longer than
// [SessionDataLimit] becomes cookies "<name>.0", "<name>.1", … of [ChunkSize] bytes
// each (the last one shorter), all with c's attributes; a shorter value is
// returned as the only element. Lengths count bytes; cookie-cache values are
// ASCII, so they equal JavaScript's string lengths.
//
// Writing chunks also needs clean-up lines for the request's existing chunks;
// [SetChunked] returns the whole sequence.
func Chunk(c Cookie) []Cookie {
	if len(c.Value) <= SessionDataLimit {
		return []Cookie{c}
	}
	return split(c)
}

// split is session-store.ts chunkCookie.
func split(c Cookie) []Cookie {
	n := (len(c.Value) + ChunkSize - 1) / ChunkSize
	if n <= 1 {
		return []Cookie{c}
	}
	out := make([]Cookie, n)
	for i := range n {
		out[i] = c
		out[i].Name = c.Name + "." + strconv.Itoa(i)
		out[i].Value = c.Value[i*ChunkSize : min((i+1)*ChunkSize, len(c.Value))]
	}
	return out
}

// ReadChunked returns the value of cookie name from parsed request cookies (see
// [Parse]): the cookie itself when present and not empty, else the values of
// "<name>.<n>" cookies joined in ascending n, as getChunkedCookie does. n is read
// from the part after the last '.' with JavaScript parseInt rules ("3x" is 3, ""
// is 0, "x" is skipped); equal n keep name order. ok reports a non-empty result.
//
// getChunkedCookie reads the chunks from the raw header with a simpler parser
// (split at "; ", no trimming, no decoding, later duplicates win); a parsed map
// cannot reproduce that for hostile headers. [ReadChunkedHeader] can.
func ReadChunked(cookies map[string]string, name string) (string, bool) {
	if v := cookies[name]; v != "" {
		return v, true
	}
	prefix := name + "."
	var chunks []chunkPart
	for k, v := range cookies {
		if strings.HasPrefix(k, prefix) {
			if idx, ok := chunkIndex(k); ok {
				chunks = append(chunks, chunkPart{idx, k, v})
			}
		}
	}
	slices.SortFunc(chunks, func(a, b chunkPart) int {
		if a.index < b.index {
			return -1
		}
		if a.index > b.index {
			return 1
		}
		return strings.Compare(a.name, b.name)
	})
	return joinChunks(chunks)
}

// ReadChunkedHeader is [ReadChunked] on the raw Cookie header, reproducing
// getChunkedCookie exactly: the unchunked cookie comes from [Parse]; the chunks
// come from the header split at "; " (names and values as they are, the last
// duplicate's value at the first duplicate's position, JavaScript object key
// order), stably sorted by index.
//
// Better Auth: src/cookies/session-store.ts (getChunkedCookie).
func ReadChunkedHeader(header, name string) (string, bool) {
	if v := lookup(header, name); v != "" {
		return v, true
	}
	prefix := name + "."
	var chunks []chunkPart
	for _, p := range naivePairs(header) {
		if strings.HasPrefix(p.name, prefix) {
			if idx, ok := chunkIndex(p.name); ok {
				chunks = append(chunks, chunkPart{idx, p.name, p.value})
			}
		}
	}
	slices.SortStableFunc(chunks, func(a, b chunkPart) int {
		switch {
		case a.index < b.index:
			return -1
		case a.index > b.index:
			return 1
		}
		return 0
	})
	return joinChunks(chunks)
}

// lookup is Parse(header)[name] without building the map.
func lookup(header, name string) string {
	index := 0
	for index < len(header) {
		eq := strings.IndexByte(header[index:], '=')
		if eq < 0 {
			break
		}
		eq += index
		end := strings.IndexByte(header[index:], ';')
		if end < 0 {
			end = len(header)
		} else {
			end += index
			if end < eq {
				index = strings.LastIndexByte(header[:eq], ';') + 1
				continue
			}
		}
		if trimJS(header[index:eq]) == name {
			return parseValue(header[eq+1 : end])
		}
		index = end + 1
	}
	return ""
}

type chunkPart struct {
	index float64
	name  string
	value string
}

func joinChunks(chunks []chunkPart) (string, bool) {
	var b strings.Builder
	for _, c := range chunks {
		b.WriteString(c.value)
	}
	return b.String(), b.Len() > 0
}

// chunkIndex is parseInt(name.split(".").at(-1) || "0", 10), with ok=false for NaN.
func chunkIndex(name string) (float64, bool) {
	s := name[strings.LastIndexByte(name, '.')+1:]
	if s == "" {
		return 0, true
	}
	i := 0
	for i < len(s) && isJSSpace(s[i]) {
		i++
	}
	start := i
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	d := i
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	if i == d {
		return 0, false
	}
	num := s[start:i]
	if num[0] == '+' {
		num = num[1:]
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil && !isRangeErr(err) {
		return 0, false
	}
	return f, true
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

type pair struct{ name, value string }

// naivePairs parses a Cookie header as session-store.ts parseCookiesFromContext
// does: split at "; ", name before the first '=', value after it, pairs without
// '=' or with an empty name dropped; then deduplicated into a JavaScript object
// (the last value, at the first occurrence's position) and put in that object's
// key order (integer-like keys first, ascending). Stops after MaxCookies names.
func naivePairs(header string) []pair {
	if header == "" {
		return nil
	}
	var out []pair
	pos := map[string]int{}
	for seg := range strings.SplitSeq(header, "; ") {
		eq := strings.IndexByte(seg, '=')
		if eq <= 0 {
			continue
		}
		name, value := seg[:eq], seg[eq+1:]
		if i, ok := pos[name]; ok {
			out[i].value = value
			continue
		}
		if len(out) >= MaxCookies {
			break
		}
		pos[name] = len(out)
		out = append(out, pair{name, value})
	}
	return jsKeyOrder(out, func(p pair) string { return p.name })
}

// jsKeyOrder moves array-index keys ("0" … "4294967294" in canonical form) to the
// front in ascending numeric order, keeping the others in insertion order, as
// JavaScript orders an object's own string keys.
func jsKeyOrder[T any](items []T, key func(T) string) []T {
	n := 0
	for _, it := range items {
		if _, ok := arrayIndex(key(it)); ok {
			n++
		}
	}
	if n == 0 {
		return items
	}
	out := make([]T, 0, len(items))
	for _, it := range items {
		if _, ok := arrayIndex(key(it)); ok {
			out = append(out, it)
		}
	}
	slices.SortFunc(out, func(a, b T) int {
		x, _ := arrayIndex(key(a))
		y, _ := arrayIndex(key(b))
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	for _, it := range items {
		if _, ok := arrayIndex(key(it)); !ok {
			out = append(out, it)
		}
	}
	return out
}

// arrayIndex reports whether s is a JavaScript array index: the canonical decimal
// form of an integer in [0, 2^32-2].
func arrayIndex(s string) (uint64, bool) {
	if s == "" || len(s) > 10 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		v = v*10 + uint64(s[i]-'0')
	}
	return v, v <= 1<<32-2
}

// SetChunked returns the Set-Cookie lines Better Auth emits to write c when the
// request carried the Cookie header: with limit [SessionDataLimit] for
// session_data (setCookieCache) or [AccountDataLimit] for account_data
// (setAccountCookie).
//
// Every request cookie whose name starts with c.Name (the unchunked cookie and
// any "<name>.<n>" chunk, and unrelated names that merely share the prefix)
// counts as an existing chunk. When the value is longer than limit, the result
// lists the existing chunks, each replaced in place by the new chunk of the same
// name or else expired (Max-Age=0), followed by the remaining new chunks.
// Otherwise it lists the expired existing chunks, then c, so c.Name may appear
// twice (expired, then set), as in Better Auth.
//
// Better Auth: src/cookies/session-store.ts (createSessionStore: chunk, clean).
func SetChunked(header string, c Cookie, limit int) []Cookie {
	existing := CleanChunks(header, c.Name, c.Attributes)
	if len(c.Value) <= limit {
		return append(existing, c)
	}
	for _, ch := range split(c) {
		i := slices.IndexFunc(existing, func(e Cookie) bool { return e.Name == ch.Name })
		if i >= 0 {
			existing[i] = ch
		} else {
			existing = append(existing, ch)
		}
	}
	return existing
}

// CleanChunks returns a Max-Age=0 line, with attributes a, for every request
// cookie whose name starts with name, in the order Better Auth emits them.
//
// Better Auth: src/cookies/session-store.ts (clean), used by deleteSessionCookie.
func CleanChunks(header, name string, a Attributes) []Cookie {
	var out []Cookie
	a.MaxAge = intPtr(0)
	for _, p := range naivePairs(header) {
		if strings.HasPrefix(p.name, name) {
			out = append(out, Cookie{Name: p.name, Attributes: a})
		}
	}
	return out
}
