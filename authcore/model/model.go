// Package model holds GoAuth's core records, User, Session, Account and Verification, with
// JSON encodings that match Better Auth 1.6.9's wire shapes (camelCase names, dates as
// JavaScript's Date#toISOString, "image": null when unset).
//
// Additional and plugin fields travel in Fields, keyed by their logical (wire) names.
package model

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"time"
)

// TimeLayout is JavaScript's Date#toISOString layout: UTC with milliseconds.
const TimeLayout = "2006-01-02T15:04:05.000Z"

// FormatTime renders t as JavaScript's Date#toISOString would.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeLayout) }

// Now truncates t to milliseconds (JavaScript dates have no finer precision) in UTC.
func Now(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

// User is Better Auth's user record.
type User struct {
	ID            string
	Name          string
	Email         string
	EmailVerified bool
	Image         *string
	CreatedAt     time.Time
	UpdatedAt     time.Time
	// Fields holds additional and plugin fields by logical name (already filtered of
	// returned:false fields when the user is sent to a client).
	Fields map[string]any
}

// Session is Better Auth's session record.
type Session struct {
	ID        string
	Token     string
	UserID    string
	ExpiresAt time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
	IPAddress *string
	UserAgent *string
	Fields    map[string]any
}

// Account is Better Auth's account record (credential or linked provider account).
type Account struct {
	ID                    string
	AccountID             string
	ProviderID            string
	UserID                string
	AccessToken           *string
	RefreshToken          *string
	IDToken               *string
	AccessTokenExpiresAt  *time.Time
	RefreshTokenExpiresAt *time.Time
	Scope                 *string
	Password              *string
	CreatedAt             time.Time
	UpdatedAt             time.Time
	Fields                map[string]any
}

// Verification is Better Auth's verification record (single-use values).
type Verification struct {
	ID         string
	Identifier string
	Value      string
	ExpiresAt  time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// object appends a JSON object with a fixed key order to buf, the way JSON.stringify
// does (no HTML escaping).
type object struct {
	buf   []byte
	first bool
	err   error
}

func (o *object) open(dst []byte) {
	o.buf = append(dst, '{')
	o.first = true
}

func (o *object) key(k string) {
	if !o.first {
		o.buf = append(o.buf, ',')
	}
	o.first = false
	o.buf = appendString(o.buf, k)
	o.buf = append(o.buf, ':')
}

func (o *object) str(k, v string)            { o.key(k); o.buf = appendString(o.buf, v) }
func (o *object) time(k string, t time.Time) { o.key(k); o.buf = appendTime(o.buf, t) }
func (o *object) boolean(k string, v bool) {
	o.key(k)
	o.buf = strconv.AppendBool(o.buf, v)
}

func (o *object) strPtr(k string, v *string) {
	o.key(k)
	if v == nil {
		o.buf = append(o.buf, "null"...)
		return
	}
	o.buf = appendString(o.buf, *v)
}

// fields appends the additional fields in key order, skipping core keys.
func (o *object) fields(m map[string]any, skip func(string) bool) {
	if len(m) == 0 || o.err != nil {
		return
	}
	var arr [16]string
	keys := arr[:0]
	for k := range m {
		if skip != nil && skip(k) {
			continue
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		o.key(k)
		if o.buf, o.err = AppendJSON(o.buf, m[k]); o.err != nil {
			return
		}
	}
}

func (o *object) done() ([]byte, error) {
	if o.err != nil {
		return nil, o.err
	}
	return append(o.buf, '}'), nil
}

// WriteJSON appends v as JSON the way JavaScript's JSON.stringify would: no HTML escaping,
// time.Time as an ISO string with milliseconds.
func WriteJSON(buf *bytes.Buffer, v any) error {
	b, err := AppendJSON(buf.AvailableBuffer(), v)
	if err != nil {
		return err
	}
	buf.Write(b)
	return nil
}

// AppendJSON appends v to dst as JSON the way JavaScript's JSON.stringify would (see
// [WriteJSON]). On error dst is returned unchanged with the error.
func AppendJSON(dst []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case string:
		return appendString(dst, x), nil
	case bool:
		return strconv.AppendBool(dst, x), nil
	case time.Time:
		return appendTime(dst, x), nil
	case *time.Time:
		if x == nil {
			return append(dst, "null"...), nil
		}
		return appendTime(dst, *x), nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return dst, err
	}
	buf.Truncate(buf.Len() - 1) // Encode appends a newline
	unescapeLineSeparators(&buf, 0)
	return append(dst, buf.Bytes()...), nil
}

// appendTime appends t as a JSON string in Date#toISOString form ([FormatTime]).
func appendTime(dst []byte, t time.Time) []byte {
	t = t.UTC()
	y, mo, d := t.Date()
	if y < 0 || y > 9999 {
		dst = append(dst, '"')
		dst = t.AppendFormat(dst, TimeLayout)
		return append(dst, '"')
	}
	h, mi, s := t.Clock()
	ms := t.Nanosecond() / 1e6
	return append(dst, '"',
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(mo)/10), byte('0'+int(mo)%10), '-', byte('0'+d/10), byte('0'+d%10), 'T',
		byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':',
		byte('0'+s/10), byte('0'+s%10), '.', byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10), 'Z', '"')
}

// unescapeLineSeparators turns encoding/json's \u2028 and \u2029 escapes in buf[start:]
// back into the literal characters, as JSON.stringify leaves them. Outside strings
// encoding/json writes no backslash, so every backslash starts an escape.
func unescapeLineSeparators(buf *bytes.Buffer, start int) {
	b := buf.Bytes()[start:]
	if !bytes.Contains(b, []byte(`\u202`)) {
		return
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 >= len(b) {
			out = append(out, b[i])
			continue
		}
		if i+5 < len(b) && string(b[i+1:i+5]) == "u202" && (b[i+5] == '8' || b[i+5] == '9') {
			out = append(out, 0xE2, 0x80, 0xA8+b[i+5]-'8')
			i += 5
			continue
		}
		out = append(out, b[i], b[i+1])
		i++
	}
	buf.Truncate(start)
	buf.Write(out)
}

// appendString appends s as a JSON string exactly as JSON.stringify does: only '"', '\\'
// and control characters are escaped; U+2028/U+2029 and HTML characters stay literal.
func appendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"':
			dst = append(dst, '\\', '"')
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
