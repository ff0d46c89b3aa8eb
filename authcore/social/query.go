package social

import (
	"net/url"
	"strings"
)

// query is an ordered query string with URLSearchParams semantics.
type query struct{ pairs [][2]string }

func parseQuery(raw string) *query {
	q := &query{}
	if raw == "" {
		return q
	}
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		k, _ = url.QueryUnescape(k)
		v, _ = url.QueryUnescape(v)
		q.pairs = append(q.pairs, [2]string{k, v})
	}
	return q
}

// set replaces the first pair named k (dropping later ones) or appends one.
func (q *query) set(k, v string) {
	out := q.pairs[:0]
	found := false
	for _, p := range q.pairs {
		if p[0] != k {
			out = append(out, p)
			continue
		}
		if !found {
			out = append(out, [2]string{k, v})
			found = true
		}
	}
	q.pairs = out
	if !found {
		q.pairs = append(q.pairs, [2]string{k, v})
	}
}

func (q *query) get(k string) string {
	for _, p := range q.pairs {
		if p[0] == k {
			return p[1]
		}
	}
	return ""
}

// encode serializes as application/x-www-form-urlencoded, byte for byte what
// URLSearchParams#toString writes (space as '+', only *-._ and alphanumerics bare).
func (q *query) encode() string {
	var b strings.Builder
	for i, p := range q.pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		formEscape(&b, p[0])
		b.WriteByte('=')
		formEscape(&b, p[1])
	}
	return b.String()
}

// jsURL is the string of new URL(s) in JavaScript for the hand-written authorization
// URLs of Better Auth (Roblox, TikTok): the URL parser percent-encodes what the WHATWG
// special-query set holds (controls, space, '"', '<', '>', '\”, non-ASCII) and leaves
// the rest, '%' escapes included, as written.
func jsURL(s string) string {
	var b strings.Builder
	const hex = "0123456789ABCDEF"
	fragment := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '#' && !fragment {
			fragment = true
			b.WriteByte(c)
			continue
		}
		enc := c <= ' ' || c >= 0x7f || c == '"' || c == '<' || c == '>'
		if fragment {
			enc = enc || c == '`'
		} else {
			enc = enc || c == '\''
		}
		if enc {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// FormEncode is URLSearchParams serialization of ordered pairs.
func FormEncode(pairs [][2]string) string { return (&query{pairs: pairs}).encode() }

func formEscape(b *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9',
			c == '*', c == '-', c == '.', c == '_':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
}
