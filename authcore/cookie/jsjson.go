package cookie

// JSON helpers with JavaScript semantics. The scanners below assume their input has
// passed jsontext.Valid (encoding/json.Valid); the canonicaliser re-emits a value as JSON.stringify prints
// the result of JSON.parse.

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/goauth-dev/goauth/authcore/internal/jsontext"
)

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipSpace(d []byte, i int) int {
	for i < len(d) && isJSONSpace(d[i]) {
		i++
	}
	return i
}

// trimJSON drops surrounding JSON white space.
func trimJSON(d []byte) []byte {
	i, j := 0, len(d)
	for i < j && isJSONSpace(d[i]) {
		i++
	}
	for j > i && isJSONSpace(d[j-1]) {
		j--
	}
	return d[i:j]
}

// skipString returns the index after the string starting at d[i] == '"'.
func skipString(d []byte, i int) int {
	start := i + 1
	for i = start; ; i++ {
		j := bytes.IndexByte(d[i:], '"')
		if j < 0 {
			return len(d)
		}
		i += j
		k := i
		for k > start && d[k-1] == '\\' {
			k--
		}
		if (i-k)%2 == 0 {
			return i + 1
		}
	}
}

// skipValue returns the index after the value starting at d[i].
func skipValue(d []byte, i int) int {
	switch d[i] {
	case '"':
		return skipString(d, i)
	case '{', '[':
		depth := 0
		for i < len(d) {
			switch d[i] {
			case '"':
				i = skipString(d, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return len(d)
	}
	for i < len(d) {
		switch d[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// members iterates the members of a valid JSON object.
type members struct {
	d []byte
	i int
}

func newMembers(obj []byte) members { return members{d: obj, i: 1} }

// next returns the raw key (between the quotes) and the raw value of the next
// member.
func (m *members) next() (key, val []byte, ok bool) {
	d := m.d
	i := skipSpace(d, m.i)
	if i < len(d) && d[i] == ',' {
		i = skipSpace(d, i+1)
	}
	if i >= len(d) || d[i] != '"' {
		return nil, nil, false
	}
	ke := skipString(d, i)
	key = d[i+1 : ke-1]
	i = skipSpace(d, ke)
	i = skipSpace(d, i+1) // ':'
	ve := skipValue(d, i)
	val = d[i:ve]
	m.i = ve
	return key, val, true
}

// keyIs reports whether the raw key decodes to name.
func keyIs(raw []byte, name string) bool {
	if slices.Index(raw, '\\') < 0 {
		return string(raw) == name
	}
	return decodeString(raw) == name
}

// decodeString decodes a raw JSON string body (between the quotes).
func decodeString(raw []byte) string {
	if slices.Index(raw, '\\') < 0 {
		return string(raw)
	}
	var s string
	q := make([]byte, 0, len(raw)+2)
	q = append(append(append(q, '"'), raw...), '"')
	_ = json.Unmarshal(q, &s)
	return s
}

// jsTruthy reports whether a valid JSON value is truthy in JavaScript.
func jsTruthy(v []byte) bool {
	switch v[0] {
	case 'n', 'f':
		return false
	case '"':
		return len(v) > 2
	case '{', '[', 't':
		return true
	}
	f, _ := strconv.ParseFloat(string(v), 64)
	return f != 0
}

// jsNumber parses a JSON number as JSON.parse does (overflow gives ±Inf).
func jsNumber(v []byte) (float64, bool) {
	if len(v) == 0 || (v[0] != '-' && (v[0] < '0' || v[0] > '9')) {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil && !isRangeErr(err) {
		return 0, false
	}
	return f, true
}

// appendJSNumber appends f as JSON.stringify prints a number (Number::toString;
// non-finite numbers print as null).
func appendJSNumber(b []byte, f float64) []byte {
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return append(b, "null"...)
	case f == 0:
		return append(b, '0')
	case f < 0:
		b = append(b, '-')
		f = -f
	}
	if f < 1e21 && f == math.Trunc(f) && f < 1<<53 {
		return strconv.AppendInt(b, int64(f), 10)
	}
	var tmp [32]byte
	e := strconv.AppendFloat(tmp[:0], f, 'e', -1, 64) // d[.ddd]e±XX
	var digits [24]byte
	nd := 0
	i := 0
	for ; i < len(e) && e[i] != 'e'; i++ {
		if e[i] != '.' {
			digits[nd] = e[i]
			nd++
		}
	}
	exp, _ := strconv.Atoi(string(e[i+1:]))
	k, n := nd, exp+1
	ds := digits[:nd]
	switch {
	case k <= n && n <= 21:
		b = append(b, ds...)
		for range n - k {
			b = append(b, '0')
		}
	case 0 < n && n <= 21:
		b = append(b, ds[:n]...)
		b = append(b, '.')
		b = append(b, ds[n:]...)
	case -6 < n && n <= 0:
		b = append(b, "0."...)
		for range -n {
			b = append(b, '0')
		}
		b = append(b, ds...)
	default:
		b = append(b, ds[0])
		if k > 1 {
			b = append(b, '.')
			b = append(b, ds[1:]...)
		}
		b = append(b, 'e')
		if n-1 >= 0 {
			b = append(b, '+')
		}
		b = strconv.AppendInt(b, int64(n-1), 10)
	}
	return b
}

// appendJSString appends s as JSON.stringify quotes a string. Invalid UTF-8 is
// replaced by U+FFFD.
func appendJSString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			b = appendJSRune(b, rune(c))
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		b = utf8.AppendRune(b, r)
		i += size
	}
	return append(b, '"')
}

const lowerHex = "0123456789abcdef"

// appendJSRune appends one code point of a string body as JSON.stringify does.
func appendJSRune(b []byte, r rune) []byte {
	switch r {
	case '"':
		return append(b, '\\', '"')
	case '\\':
		return append(b, '\\', '\\')
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	switch {
	case r < 0x20 || (0xD800 <= r && r <= 0xDFFF):
		// Control characters, and lone surrogates (well-formed JSON.stringify).
		return append(b, '\\', 'u', lowerHex[r>>12&15], lowerHex[r>>8&15], lowerHex[r>>4&15], lowerHex[r&15])
	case r < utf8.RuneSelf:
		return append(b, byte(r))
	}
	return utf8.AppendRune(b, r)
}

func hex4(d []byte) (rune, bool) {
	if len(d) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range d[:4] {
		v, ok := unhex(c)
		if !ok {
			return 0, false
		}
		r = r<<4 | rune(v)
	}
	return r, true
}

// appendCanonString re-emits a raw JSON string body (between the quotes) the way
// JSON.stringify prints the string JSON.parse reads from it.
func appendCanonString(b, raw []byte) []byte {
	b = append(b, '"')
	for i := 0; i < len(raw); {
		// Copy the run of printable ASCII that needs no change.
		j := i
		for j < len(raw) && raw[j] >= 0x20 && raw[j] < utf8.RuneSelf && raw[j] != '\\' {
			j++
		}
		b = append(b, raw[i:j]...)
		if i = j; i == len(raw) {
			break
		}
		c := raw[i]
		switch {
		case c == '\\' && i+1 < len(raw):
			e := raw[i+1]
			i += 2
			switch e {
			case 'b':
				b = appendJSRune(b, '\b')
			case 'f':
				b = appendJSRune(b, '\f')
			case 'n':
				b = appendJSRune(b, '\n')
			case 'r':
				b = appendJSRune(b, '\r')
			case 't':
				b = appendJSRune(b, '\t')
			case 'u':
				r, _ := hex4(raw[i:])
				i += 4
				if 0xD800 <= r && r < 0xDC00 && i+6 <= len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
					if lo, ok := hex4(raw[i+2:]); ok && 0xDC00 <= lo && lo <= 0xDFFF {
						r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
						i += 6
					}
				}
				b = appendJSRune(b, r)
			default: // '"', '\\', '/'
				b = appendJSRune(b, rune(e))
			}
		case c < utf8.RuneSelf:
			b = appendJSRune(b, rune(c))
			i++
		default:
			r, size := utf8.DecodeRune(raw[i:])
			b = utf8.AppendRune(b, r)
			i += size
		}
	}
	return append(b, '"')
}

// errNotObject reports a payload part that is not a JSON object.
var errNotObject = errors.New("cookie: not a JSON object")

// appendCanonObject validates v as a JSON object and appends its canonical form.
func appendCanonObject(b, v []byte) ([]byte, error) {
	v = trimJSON(v)
	if len(v) == 0 || v[0] != '{' || !jsontext.Valid(v) {
		return b, errNotObject
	}
	return appendCanon(b, v), nil
}

// appendCanon appends the canonical form of a valid, trimmed JSON value.
func appendCanon(b, v []byte) []byte {
	switch v[0] {
	case '{':
		return appendCanonObj(b, v)
	case '[':
		b = append(b, '[')
		i := skipSpace(v, 1)
		first := true
		for i < len(v) && v[i] != ']' {
			if v[i] == ',' {
				i = skipSpace(v, i+1)
			}
			e := skipValue(v, i)
			if !first {
				b = append(b, ',')
			}
			first = false
			b = appendCanon(b, v[i:e])
			i = skipSpace(v, e)
		}
		return append(b, ']')
	case '"':
		return appendCanonString(b, v[1:len(v)-1])
	case 't', 'f', 'n':
		return append(b, v...)
	}
	if canonInt(v) {
		return append(b, v...)
	}
	f, _ := jsNumber(v)
	return appendJSNumber(b, f)
}

// canonInt reports an integer literal that JavaScript prints unchanged.
func canonInt(v []byte) bool {
	d := v
	if d[0] == '-' {
		d = d[1:]
		if len(d) == 1 && d[0] == '0' {
			return false // -0 prints as 0
		}
	}
	if len(d) == 0 || len(d) > 15 || (len(d) > 1 && d[0] == '0') {
		return false
	}
	for _, c := range d {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// appendCanonObj handles objects. The fast path streams members; objects with
// escaped, array-index or duplicate keys go through the slow path, which orders
// keys as JavaScript does and keeps the last duplicate at the first position.
func appendCanonObj(b, v []byte) []byte {
	var keys [32][]byte
	n := 0
	slow := false
	it := newMembers(v)
	for {
		k, _, ok := it.next()
		if !ok {
			break
		}
		if slices.Index(k, '\\') >= 0 || n == len(keys) {
			slow = true
			break
		}
		if _, idx := arrayIndex(string(k)); idx {
			slow = true
			break
		}
		for _, p := range keys[:n] {
			if string(p) == string(k) {
				slow = true
			}
		}
		keys[n] = k
		n++
	}
	if slow {
		return appendCanonObjSlow(b, v)
	}
	b = append(b, '{')
	it = newMembers(v)
	first := true
	for {
		k, val, ok := it.next()
		if !ok {
			break
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendCanonString(b, k)
		b = append(b, ':')
		b = appendCanon(b, val)
	}
	return append(b, '}')
}

func appendCanonObjSlow(b, v []byte) []byte {
	type member struct {
		key string
		val []byte
	}
	var ms []member
	pos := map[string]int{}
	it := newMembers(v)
	for {
		k, val, ok := it.next()
		if !ok {
			break
		}
		key := decodeString(k)
		if i, dup := pos[key]; dup {
			ms[i].val = val
			continue
		}
		pos[key] = len(ms)
		ms = append(ms, member{key, val})
	}
	ms = jsKeyOrder(ms, func(m member) string { return m.key })
	b = append(b, '{')
	for i, m := range ms {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSString(b, m.key)
		b = append(b, ':')
		b = appendCanon(b, m.val)
	}
	return append(b, '}')
}
