package cookie

import (
	"bytes"
	"crypto/subtle"
	"encoding/base64"
	"strconv"
	"time"

	"github.com/goauth-dev/goauth/authcore/internal/jsontext"
)

// EncodeCompact returns the session_data value of the "compact" strategy: the
// unpadded base64url of
//
//	{"session":<sessionData>,"expiresAt":<ms>,"signature":<sig>}
//
// where sig is the unpadded base64url HMAC-SHA256, keyed with secret, of
// JSON.stringify({...sessionData, expiresAt}). Better Auth sets expiresAt to now +
// cookieCache.maxAge, or now + 60 s with dontRememberMe. The result is
// byte-identical to Better Auth's for the same payload and time.
//
// Better Auth: src/cookies/index.ts (setCookieCache).
func EncodeCompact(p CachePayload, secret []byte, expiresAt time.Time) (string, error) {
	ms := expiresAt.UnixMilli()
	est := len(p.Session) + len(p.User) + len(p.Version) + 192
	buf := make([]byte, 64, 64+est+base64.RawURLEncoding.EncodedLen(est))
	buf, err := appendSessionData(buf, p)
	if err != nil {
		return "", err
	}
	// Signed text: sessionData with expiresAt added as its last member.
	end := len(buf)
	buf = append(buf, `,"expiresAt":`...)
	buf = strconv.AppendInt(buf, ms, 10)
	buf = append(buf, '}')
	mac := hmacSHA256(secret, buf)
	// Outer object, written over the scratch block and the signed text's tail.
	buf = buf[:end]
	buf = append(buf, `},"expiresAt":`...)
	buf = strconv.AppendInt(buf, ms, 10)
	buf = append(buf, `,"signature":"`...)
	buf = base64.RawURLEncoding.AppendEncode(buf, mac[:])
	buf = append(buf, `"}`...)
	const head = `{"session":`
	start := 64 - len(head)
	copy(buf[start:], head)
	n := len(buf)
	buf = base64.RawURLEncoding.AppendEncode(buf, buf[start:n])
	return string(buf[n:]), nil
}

// DecodeCompact decodes and verifies a "compact" session_data value as Better
// Auth's get-session does, returning the payload and its expiresAt.
//
// Outcomes, with what Better Auth 1.6.9 does in each case:
//
//   - ErrMalformed: value or signature has characters outside the base64
//     alphabet, or the signature member is not a string (Better Auth throws:
//     500 FAILED_TO_GET_SESSION); or the authentic sessionData lacks object
//     session/user members.
//   - ErrNotJSON: the payload is not JSON or is falsy (ignored: no cache, the
//     cookie is left alone).
//   - ErrSignature: HMAC mismatch, including non-object payloads and missing
//     signatures (the cookie is expired and get-session answers null).
//   - ErrExpired: expiresAt < now, with payload and expiry returned (the cookie is
//     expired and the session is read from the database).
//
// The signed text is taken from the raw bytes: the "session" member as sent, with
// `,"expiresAt":<n>}` in place of its closing brace. Better Auth instead
// re-serialises the JSON.parse result (after reviving ISO date strings to Dates),
// which gives the same text for every value it writes except those holding a
// date-like string that is not in toISOString form (e.g. a user named
// "2024-01-01T00:00:00Z"): Better Auth rejects its own cookie then, this decoder
// accepts it. Either way only the holder of the secret can produce a value that
// verifies.
//
// Better Auth: src/api/routes/session.ts (getSession); @better-auth/utils base64
// and hmac.
func DecodeCompact(value string, secret []byte, now time.Time) (CachePayload, time.Time, error) {
	// One allocation: the decoded bytes, then room for the HMAC input.
	n := len(value) * 3 / 4
	buf := make([]byte, 0, 2*n+64+48)
	data, ok := utilsB64Decode(buf, value)
	if !ok {
		return CachePayload{}, time.Time{}, ErrMalformed
	}
	text := data
	if len(text) >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF {
		text = text[3:] // TextDecoder drops a BOM
	}
	text = trimJSON(text)
	if len(text) == 0 || text[0] != '{' {
		if !jsontext.Valid(text) || !jsTruthy(text) {
			return CachePayload{}, time.Time{}, ErrNotJSON
		}
		return CachePayload{}, time.Time{}, ErrSignature
	}
	// One validating pass over the object collects what the rest needs.
	session, expires, sig, c, ok := compactMembers(text)
	if !ok {
		return CachePayload{}, time.Time{}, ErrNotJSON
	}
	// The signature is decoded before anything is compared; a non-string
	// (TextDecoder.decode TypeError) or a bad character throws.
	var want [32]byte
	sigOK := false
	if sig != nil {
		if sig[0] != '"' {
			return CachePayload{}, time.Time{}, ErrMalformed
		}
		s := sig[1 : len(sig)-1]
		if bytes.IndexByte(s, '\\') >= 0 {
			s = []byte(decodeString(s))
		}
		var tmp [48]byte
		dec, ok := utilsB64DecodeBytes(tmp[:0], s)
		if !ok {
			return CachePayload{}, time.Time{}, ErrMalformed
		}
		if len(dec) == len(want) {
			copy(want[:], dec)
			sigOK = true
		}
	}
	if !sigOK || len(session) == 0 || session[0] != '{' {
		return CachePayload{}, time.Time{}, ErrSignature
	}
	exp, ok := jsNumber(expires)
	if !ok {
		return CachePayload{}, time.Time{}, ErrSignature
	}
	scratch := buf[len(data) : len(data)+64]
	if body := trimJSON(session[1 : len(session)-1]); len(body) == 0 {
		scratch = append(scratch, '{')
	} else {
		scratch = append(scratch, session[:len(session)-1]...)
		scratch = append(scratch, ',')
	}
	scratch = append(scratch, `"expiresAt":`...)
	scratch = appendJSNumber(scratch, exp)
	scratch = append(scratch, '}')
	got := hmacSHA256(secret, scratch)
	if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
		return CachePayload{}, time.Time{}, ErrSignature
	}
	p, err := c.payload()
	if err != nil {
		return CachePayload{}, time.Time{}, err
	}
	expiresAt := msTime(exp)
	if exp < float64(now.UnixMilli()) {
		return p, expiresAt, ErrExpired
	}
	return p, expiresAt, nil
}

// compactMembers validates the JSON object text (as json.Valid) and returns its last
// session, expiresAt and signature members, with the claims (see readClaims) of the last
// session member when that is an object: the work of json.Valid, newMembers and
// readClaims in one pass.
func compactMembers(text []byte) (session, expires, sig []byte, c claims, ok bool) {
	s := jsontext.Scanner{D: text}
	s.Byte('{')
	s.Space()
	if s.Byte('}') {
		return nil, nil, nil, claims{}, s.End()
	}
	for {
		s.Space()
		ks := s.I
		if !s.String() {
			return nil, nil, nil, claims{}, false
		}
		key := text[ks+1 : s.I-1]
		s.Space()
		if !s.Byte(':') {
			return nil, nil, nil, claims{}, false
		}
		s.Space()
		vs := s.I
		isSession := keyIs(key, "session")
		if isSession && vs < len(text) && text[vs] == '{' {
			var inner claims
			if inner, ok = objectClaims(&s); !ok {
				return nil, nil, nil, claims{}, false
			}
			c = inner
		} else if !s.Value(1) {
			return nil, nil, nil, claims{}, false
		}
		v := text[vs:s.I]
		switch {
		case isSession:
			session = v
		case keyIs(key, "expiresAt"):
			expires = v
		case keyIs(key, "signature"):
			sig = v
		}
		s.Space()
		if s.Byte(',') {
			continue
		}
		if !s.Byte('}') {
			return nil, nil, nil, claims{}, false
		}
		return session, expires, sig, c, s.End()
	}
}

// objectClaims validates the object at s (nested one level deep) and collects its
// claims as readClaims does.
func objectClaims(s *jsontext.Scanner) (claims, bool) {
	var c claims
	d := s.D
	s.Byte('{')
	s.Space()
	if s.Byte('}') {
		return c, true
	}
	for {
		s.Space()
		ks := s.I
		if !s.String() {
			return c, false
		}
		key := d[ks+1 : s.I-1]
		s.Space()
		if !s.Byte(':') {
			return c, false
		}
		s.Space()
		vs := s.I
		if !s.Value(2) {
			return c, false
		}
		c.set(key, d[vs:s.I])
		s.Space()
		if s.Byte(',') {
			continue
		}
		return c, s.Byte('}')
	}
}
