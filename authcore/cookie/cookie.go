package cookie

import (
	"strconv"
	"strings"
	"time"
)

// MaxAgeLimit is the largest Max-Age better-call accepts: 400 days in seconds.
// better-call throws for larger values; [Cookie.String] clamps to it instead, so
// callers that want Better Auth's failure must validate their configuration
// (session.expiresIn, cookieCache.maxAge) against it up front.
const MaxAgeLimit = 34560000

// SecurePrefix is prepended to every cookie name when secure cookies are on.
const SecurePrefix = "__Secure-"

// hostPrefix makes better-call force Secure, Path=/ and no Domain.
const hostPrefix = "__Host-"

// expiresLayout is JavaScript's Date.prototype.toUTCString format.
const expiresLayout = "Mon, 02 Jan 2006 15:04:05 GMT"

// Attributes are the attributes of a Set-Cookie line.
type Attributes struct {
	// MaxAge is the Max-Age in seconds. nil or negative: no Max-Age attribute (a
	// browser-session cookie); 0 deletes the cookie. Values above [MaxAgeLimit]
	// are rendered as MaxAgeLimit (better-call throws instead). Use [MaxAge] to
	// turn a duration into a value the way better-call floors fractional seconds.
	MaxAge *int
	// Expires is rendered in toUTCString form when not zero. better-call's check
	// that it lies at most 400 days ahead is not repeated here.
	Expires time.Time
	// Domain is rendered when not empty.
	Domain string
	// Path is rendered when not empty.
	Path string
	// HTTPOnly adds HttpOnly.
	HTTPOnly bool
	// Secure adds Secure. Names starting with "__Secure-" or "__Host-" always get
	// it, as in better-call.
	Secure bool
	// SameSite is "Lax", "Strict", "None" or "" (none). Its first letter is
	// upper-cased when rendered, so Better Auth's lower-case spellings work too.
	SameSite string
	// Partitioned adds Partitioned. better-call does not add Secure for it (it
	// sets the flag after Secure has been written), and neither does this package.
	Partitioned bool
}

// Cookie is one Set-Cookie line: a name, a raw (not yet URI-encoded) value and
// its attributes.
type Cookie struct {
	// Name is written as is.
	Name string
	// Value is the raw value; [Cookie.String] applies [EncodeURIComponent].
	Value string
	// Attributes are the line's attributes.
	Attributes
}

// MaxAge returns a Max-Age value for d as better-call renders a JavaScript
// number of seconds: floored to whole seconds, and nil (no attribute) when d is
// negative, because better-call drops negative values before flooring.
func MaxAge(d time.Duration) *int {
	if d < 0 {
		return nil
	}
	n := int(d / time.Second)
	return &n
}

// String renders the Set-Cookie header value as better-call's serializeCookie does:
//
//	name=encodeURIComponent(value); Max-Age=N; Domain=D; Path=P; Expires=E; HttpOnly; Secure; SameSite=S; Partitioned
//
// Better Auth: better-call src/cookies.ts (_serialize).
func (c Cookie) String() string {
	secure := c.Secure || strings.HasPrefix(c.Name, SecurePrefix)
	domain, path := c.Domain, c.Path
	if strings.HasPrefix(c.Name, hostPrefix) {
		secure, path, domain = true, "/", ""
	}
	var b strings.Builder
	b.Grow(len(c.Name) + 3*len(c.Value) + len(domain) + len(path) + len(c.SameSite) + 110)
	b.WriteString(c.Name)
	b.WriteByte('=')
	writeURIComponent(&b, c.Value)
	var tmp [40]byte
	if c.MaxAge != nil && *c.MaxAge >= 0 {
		b.WriteString("; Max-Age=")
		b.Write(strconv.AppendInt(tmp[:0], int64(min(*c.MaxAge, MaxAgeLimit)), 10))
	}
	if domain != "" {
		b.WriteString("; Domain=")
		b.WriteString(domain)
	}
	if path != "" {
		b.WriteString("; Path=")
		b.WriteString(path)
	}
	if !c.Expires.IsZero() {
		b.WriteString("; Expires=")
		b.Write(c.Expires.UTC().AppendFormat(tmp[:0], expiresLayout))
	}
	if c.HTTPOnly {
		b.WriteString("; HttpOnly")
	}
	if secure {
		b.WriteString("; Secure")
	}
	if c.SameSite != "" {
		b.WriteString("; SameSite=")
		first := c.SameSite[0]
		if 'a' <= first && first <= 'z' {
			first -= 'a' - 'A'
		}
		b.WriteByte(first)
		b.WriteString(c.SameSite[1:])
	}
	if c.Partitioned {
		b.WriteString("; Partitioned")
	}
	return b.String()
}

// uriUnreserved marks the bytes encodeURIComponent leaves alone:
// A-Z a-z 0-9 - _ . ! ~ * ' ( ).
var uriUnreserved = func() (t [256]bool) {
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range "-_.!~*'()" {
		t[c] = true
	}
	return t
}()

const upperHex = "0123456789ABCDEF"

// EncodeURIComponent returns s encoded as JavaScript's encodeURIComponent does:
// every byte of the UTF-8 encoding outside A-Z a-z 0-9 - _ . ! ~ * ' ( ) becomes
// %XX with upper-case hex. JavaScript throws on lone surrogates, which a Go string
// cannot hold; bytes of invalid UTF-8 are encoded one by one (decodeURIComponent,
// and so [Parse], will not decode such a value).
func EncodeURIComponent(s string) string {
	for i := 0; i < len(s); i++ {
		if !uriUnreserved[s[i]] {
			var b strings.Builder
			b.Grow(len(s) + 16)
			writeURIComponent(&b, s)
			return b.String()
		}
	}
	return s
}

func writeURIComponent(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; uriUnreserved[c] {
			b.WriteByte(c)
		} else {
			b.Write([]byte{'%', upperHex[c>>4], upperHex[c&15]})
		}
	}
}
