package cookie

import (
	"strings"
	"unicode/utf8"
)

// MaxCookies bounds the work [Parse] does on a hostile header: it stops after this
// many distinct names. Browsers keep at most 180 cookies per domain, so a genuine
// header never gets near it.
const MaxCookies = 1024

// Parse parses a request Cookie header as better-call's parseCookies does (Better
// Auth reads every cookie through it):
//
//   - pairs are separated by ';', and a segment without '=' is skipped;
//   - names and values are trimmed of JavaScript white space;
//   - the first occurrence of a name wins;
//   - a value starting with '"' loses its first and last character (whether or
//     not the last one is a quote);
//   - a value containing '%' is decoded with decodeURIComponent semantics, and
//     kept as it is when that would throw.
//
// Several Cookie header lines must be joined with "; " first, as Node does. Node
// reads header bytes as Latin-1 and Parse works on bytes, which agree except for
// raw (not percent-encoded) non-ASCII bytes: Parse keeps them as bytes where
// JavaScript would re-encode each as a UTF-8 character. Trimming treats the byte
// 0xA0 as the Latin-1 no-break space JavaScript trims.
//
// Parse never panics and stops after [MaxCookies] names.
//
// Better Auth: better-call src/cookies.ts (parseCookies), src/utils.ts (tryDecode).
func Parse(header string) map[string]string {
	m := make(map[string]string, min(strings.Count(header, ";")+1, 32))
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
		key := trimJS(header[index:eq])
		if _, dup := m[key]; !dup {
			if len(m) >= MaxCookies {
				break
			}
			m[key] = parseValue(header[eq+1 : end])
		}
		index = end + 1
	}
	return m
}

// parseValue trims, unquotes and decodes one raw cookie value like parseCookies.
func parseValue(raw string) string {
	v := trimJS(raw)
	if len(v) > 0 && v[0] == '"' {
		// val.slice(1, -1)
		if len(v) < 2 {
			v = ""
		} else {
			v = v[1 : len(v)-1]
		}
	}
	if strings.IndexByte(v, '%') >= 0 {
		if d, ok := decodeURIComponent(v); ok {
			return d
		}
	}
	return v
}

// isJSSpace reports the bytes String.prototype.trim removes from a Latin-1 string:
// TAB, LF, VT, FF, CR, space and NBSP.
func isJSSpace(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0
}

func trimJS(s string) string {
	i, j := 0, len(s)
	for i < j && isJSSpace(s[i]) {
		i++
	}
	for j > i && isJSSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// pctByte decodes "%XX" at s[i:].
func pctByte(s string, i int) (byte, bool) {
	if i+2 >= len(s) || s[i] != '%' {
		return 0, false
	}
	hi, ok1 := unhex(s[i+1])
	lo, ok2 := unhex(s[i+2])
	return hi<<4 | lo, ok1 && ok2
}

// decodeURIComponent decodes s as JavaScript's decodeURIComponent does and reports
// false where JavaScript throws a URIError: a '%' not followed by two hex digits,
// or escapes that are not the complete UTF-8 encoding of one code point
// (overlong forms, surrogates and values above U+10FFFF included).
func decodeURIComponent(s string) (string, bool) {
	var b []byte
	for i := 0; i < len(s); {
		c := s[i]
		if c != '%' {
			if b != nil {
				b = append(b, c)
			}
			i++
			continue
		}
		if b == nil {
			b = make([]byte, i, len(s))
			copy(b, s[:i])
		}
		first, ok := pctByte(s, i)
		if !ok {
			return "", false
		}
		i += 3
		if first < utf8.RuneSelf {
			b = append(b, first)
			continue
		}
		var n int
		switch {
		case first&0xE0 == 0xC0:
			n = 2
		case first&0xF0 == 0xE0:
			n = 3
		case first&0xF8 == 0xF0:
			n = 4
		default:
			return "", false
		}
		var seq [4]byte
		seq[0] = first
		for k := 1; k < n; k++ {
			cb, ok := pctByte(s, i)
			if !ok || cb&0xC0 != 0x80 {
				return "", false
			}
			seq[k] = cb
			i += 3
		}
		if _, size := utf8.DecodeRune(seq[:n]); size != n {
			return "", false
		}
		b = append(b, seq[:n]...)
	}
	if b == nil {
		return s, true
	}
	return string(b), true
}
