package cookie

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
)

// Errors of the cookie-cache decoders. Better Auth's get-session reacts to them
// differently; see each decoder.
var (
	// ErrMalformed reports a value that cannot be decoded at all, or whose
	// authenticated content is not shaped like Better Auth's sessionData.
	ErrMalformed = errors.New("cookie: malformed cookie cache value")
	// ErrNotJSON reports a compact value whose payload is not JSON, or is a falsy
	// JSON value (null, false, 0, ""). Better Auth ignores such a cookie: it
	// neither uses nor expires it.
	ErrNotJSON = errors.New("cookie: cookie cache payload is not JSON")
	// ErrSignature reports a value that fails authentication: a bad HMAC, or no
	// key that decrypts it.
	ErrSignature = errors.New("cookie: cookie cache signature mismatch")
	// ErrExpired reports an authentic value outside its validity period (expired,
	// or, for jwt and jwe, not yet valid). The decoders still return the payload
	// and expiry with it.
	ErrExpired = errors.New("cookie: cookie cache expired")
)

// CachePayload is Better Auth's sessionData, the content of the session_data
// cookie: {session, user, updatedAt, version}.
type CachePayload struct {
	// Session is the session as a JSON object, as the server renders it (Date
	// fields as toISOString strings). Encoders re-emit it in JSON.stringify form.
	Session json.RawMessage
	// User is the user as a JSON object, like Session.
	User json.RawMessage
	// UpdatedAt is when the cache was written, in milliseconds since the epoch.
	UpdatedAt int64
	// Version is cookieCache.version. Encoders write "1" for "". Decoders return
	// "1" when the value has none (or a falsy one), which is the version Better
	// Auth compares in that case.
	Version string
}

// appendSessionData appends JSON.stringify(sessionData) without its closing brace,
// so callers can add members.
func appendSessionData(b []byte, p CachePayload) ([]byte, error) {
	var err error
	b = append(b, `{"session":`...)
	if b, err = appendCanonObject(b, p.Session); err != nil {
		return b, errors.New("cookie: CachePayload.Session is not a JSON object")
	}
	b = append(b, `,"user":`...)
	if b, err = appendCanonObject(b, p.User); err != nil {
		return b, errors.New("cookie: CachePayload.User is not a JSON object")
	}
	b = append(b, `,"updatedAt":`...)
	b = strconv.AppendInt(b, p.UpdatedAt, 10)
	b = append(b, `,"version":`...)
	v := p.Version
	if v == "" {
		v = "1"
	}
	return appendJSString(b, v), nil
}

// claims holds the members of a decoded sessionData object (plus JWT claims).
type claims struct {
	session, user, updatedAt, version []byte
	iat, nbf, exp                     []byte
}

// readClaims collects the members of a valid JSON object; later duplicates win,
// as in JSON.parse.
func readClaims(obj []byte) claims {
	var c claims
	it := newMembers(obj)
	for {
		k, v, ok := it.next()
		if !ok {
			return c
		}
		c.set(k, v)
	}
}

// set records the member with raw key k when it is a claim.
func (c *claims) set(k, v []byte) {
	var dst *[]byte
	switch {
	case keyIs(k, "session"):
		dst = &c.session
	case keyIs(k, "user"):
		dst = &c.user
	case keyIs(k, "updatedAt"):
		dst = &c.updatedAt
	case keyIs(k, "version"):
		dst = &c.version
	case keyIs(k, "iat"):
		dst = &c.iat
	case keyIs(k, "nbf"):
		dst = &c.nbf
	case keyIs(k, "exp"):
		dst = &c.exp
	default:
		return
	}
	*dst = v
}

// payload turns sessionData members into a CachePayload. Better Auth needs
// session and user to be objects; anything else ends up as a TypeError (500) or a
// garbage session there, so it is ErrMalformed here.
func (c claims) payload() (CachePayload, error) {
	if len(c.session) == 0 || c.session[0] != '{' || len(c.user) == 0 || c.user[0] != '{' {
		return CachePayload{}, ErrMalformed
	}
	p := CachePayload{Session: c.session, User: c.user, Version: "1"}
	if f, ok := jsNumber(c.updatedAt); ok {
		p.UpdatedAt = clampInt64(f)
	}
	if len(c.version) > 0 && jsTruthy(c.version) {
		if c.version[0] != '"' {
			return CachePayload{}, ErrMalformed
		}
		p.Version = decodeString(c.version[1 : len(c.version)-1])
	}
	return p, nil
}

func clampInt64(f float64) int64 {
	switch {
	case math.IsNaN(f):
		return 0
	case f >= math.MaxInt64:
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return int64(f)
}

// msTime converts a JavaScript millisecond timestamp to a time.
func msTime(ms float64) time.Time {
	const limit = 1 << 62 / 1e6 // keep nanoseconds in int64
	ms = max(min(ms, limit), -limit)
	if math.IsNaN(ms) {
		ms = 0
	}
	sec := math.Floor(ms / 1000)
	return time.Unix(int64(sec), int64((ms-sec*1000)*1e6)).UTC()
}

// hmacSHA256 computes HMAC-SHA256(key, buf[64:]) using buf[:64] as scratch for the
// inner key block, so that no allocation is needed.
func hmacSHA256(key, buf []byte) [32]byte {
	var k [64]byte
	if len(key) > 64 {
		h := sha256.Sum256(key)
		copy(k[:], h[:])
	} else {
		copy(k[:], key)
	}
	for i := range 64 {
		buf[i] = k[i] ^ 0x36
	}
	inner := sha256.Sum256(buf)
	var outer [64 + 32]byte
	for i := range 64 {
		outer[i] = k[i] ^ 0x5c
	}
	copy(outer[64:], inner[:])
	return sha256.Sum256(outer[:])
}

// Base64 decoding with @better-auth/utils semantics: the alphabet is the URL one
// when the text contains '-' or '_', else the standard one; decoding stops at the
// first '='; leftover bits are dropped; any other character is an error.
var (
	b64Std = b64Table("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
	b64URL = b64Table("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
)

func b64Table(alphabet string) (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = int8(i)
	}
	return t
}

// utilsB64Decode appends the decoded bytes of s to dst, or reports false where
// @better-auth/utils throws.
func utilsB64Decode(dst []byte, s string) ([]byte, bool) {
	t := &b64Std
	if strings.IndexByte(s, '-') >= 0 || strings.IndexByte(s, '_') >= 0 {
		t = &b64URL
	}
	if i := strings.IndexByte(s, '='); i >= 0 {
		s = s[:i]
	}
	return b64Loop(dst, s, t)
}

// utilsB64DecodeBytes is utilsB64Decode for bytes.
func utilsB64DecodeBytes(dst, s []byte) ([]byte, bool) {
	t := &b64Std
	if bytes.IndexByte(s, '-') >= 0 || bytes.IndexByte(s, '_') >= 0 {
		t = &b64URL
	}
	if i := bytes.IndexByte(s, '='); i >= 0 {
		s = s[:i]
	}
	return b64Loop(dst, s, t)
}

// b64Loop decodes s (without padding) with table t, dropping leftover bits.
func b64Loop[T string | []byte](dst []byte, s T, t *[256]int8) ([]byte, bool) {
	i := 0
	// Eight characters (six bytes) at a time; an invalid character is -1, whose sign
	// bit survives the OR.
	for ; i+8 <= len(s); i += 8 {
		_ = s[i+7]
		a, b, cc, d := t[s[i]], t[s[i+1]], t[s[i+2]], t[s[i+3]]
		e, f, g, h := t[s[i+4]], t[s[i+5]], t[s[i+6]], t[s[i+7]]
		if a|b|cc|d|e|f|g|h < 0 {
			return dst, false
		}
		v := uint64(a)<<42 | uint64(b)<<36 | uint64(cc)<<30 | uint64(d)<<24 |
			uint64(e)<<18 | uint64(f)<<12 | uint64(g)<<6 | uint64(h)
		dst = append(dst, byte(v>>40), byte(v>>32), byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	}
	for ; i+4 <= len(s); i += 4 {
		a, b, c, d := t[s[i]], t[s[i+1]], t[s[i+2]], t[s[i+3]]
		if a|b|c|d < 0 {
			return dst, false
		}
		v := uint32(a)<<18 | uint32(b)<<12 | uint32(c)<<6 | uint32(d)
		dst = append(dst, byte(v>>16), byte(v>>8), byte(v))
	}
	var buf uint32
	bits := 0
	for ; i < len(s); i++ {
		v := t[s[i]]
		if v < 0 {
			return dst, false
		}
		buf = buf<<6 | uint32(v)
		bits += 6
		if bits >= 8 {
			bits -= 8
			dst = append(dst, byte(buf>>bits))
		}
	}
	return dst, true
}
