// Package model holds GoAuth's core records, User, Session, Account and Verification, with
// JSON encodings that match Better Auth 1.6.9's wire shapes (camelCase names, dates as
// JavaScript's Date#toISOString, "image": null when unset).
//
// Additional and plugin fields travel in Fields, keyed by their logical (wire) names.
package model

import (
	"bytes"
	"encoding/json"
	"sort"
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

// object writes a JSON object with a fixed key order, the way JSON.stringify does
// (no HTML escaping).
type object struct {
	buf   bytes.Buffer
	first bool
}

func newObject() *object {
	o := &object{first: true}
	o.buf.WriteByte('{')
	return o
}

func (o *object) key(k string) {
	if !o.first {
		o.buf.WriteByte(',')
	}
	o.first = false
	writeString(&o.buf, k)
	o.buf.WriteByte(':')
}

func (o *object) str(k, v string)            { o.key(k); writeString(&o.buf, v) }
func (o *object) time(k string, t time.Time) { o.key(k); writeString(&o.buf, FormatTime(t)) }
func (o *object) boolean(k string, v bool) {
	o.key(k)
	if v {
		o.buf.WriteString("true")
	} else {
		o.buf.WriteString("false")
	}
}

func (o *object) strPtr(k string, v *string) {
	o.key(k)
	if v == nil {
		o.buf.WriteString("null")
		return
	}
	writeString(&o.buf, *v)
}

func (o *object) timePtr(k string, v *time.Time) {
	o.key(k)
	if v == nil {
		o.buf.WriteString("null")
		return
	}
	writeString(&o.buf, FormatTime(*v))
}

func (o *object) value(k string, v any) error {
	o.key(k)
	return WriteJSON(&o.buf, v)
}

func (o *object) fields(m map[string]any, skip func(string) bool) error {
	if len(m) == 0 {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		if skip != nil && skip(k) {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := o.value(k, m[k]); err != nil {
			return err
		}
	}
	return nil
}

func (o *object) done() []byte {
	o.buf.WriteByte('}')
	return o.buf.Bytes()
}

// WriteJSON appends v as JSON the way JavaScript's JSON.stringify would: no HTML escaping,
// time.Time as an ISO string with milliseconds.
func WriteJSON(buf *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case nil:
		buf.WriteString("null")
		return nil
	case string:
		writeString(buf, x)
		return nil
	case time.Time:
		writeString(buf, FormatTime(x))
		return nil
	case *time.Time:
		if x == nil {
			buf.WriteString("null")
			return nil
		}
		writeString(buf, FormatTime(*x))
		return nil
	}
	start := buf.Len()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1) // Encode appends a newline
	unescapeLineSeparators(buf, start)
	return nil
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

// writeString writes s as a JSON string exactly as JSON.stringify does: only '"', '\\' and
// control characters are escaped; U+2028/U+2029 and HTML characters stay literal.
func writeString(buf *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	buf.WriteByte('"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		buf.WriteString(s[start:i])
		switch c {
		case '"':
			buf.WriteString(`\"`)
		case '\\':
			buf.WriteString(`\\`)
		case '\n':
			buf.WriteString(`\n`)
		case '\r':
			buf.WriteString(`\r`)
		case '\t':
			buf.WriteString(`\t`)
		case '\b':
			buf.WriteString(`\b`)
		case '\f':
			buf.WriteString(`\f`)
		default:
			buf.WriteString(`\u00`)
			buf.WriteByte(hex[c>>4])
			buf.WriteByte(hex[c&0xf])
		}
		start = i + 1
	}
	buf.WriteString(s[start:])
	buf.WriteByte('"')
}
