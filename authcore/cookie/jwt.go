package cookie

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"hash"
	"strconv"
	"strings"
	"time"
)

// jwtHeader is base64url({"alg":"HS256"}), the only header Better Auth writes.
const jwtHeader = "eyJhbGciOiJIUzI1NiJ9"

// EncodeJWT returns the session_data value of the "jwt" strategy: an HS256 JWS
// with protected header {"alg":"HS256"}, keyed with the secret's bytes, whose
// claims are sessionData followed by iat (now) and exp (now + ttl), in seconds.
// Better Auth's ttl is cookieCache.maxAge, or 300 s with dontRememberMe; sub-second
// parts of ttl are dropped. The result is byte-identical to Better Auth's for the
// same payload and time.
//
// Better Auth: src/crypto/jwt.ts (signJWT) via src/cookies/index.ts (setCookieCache).
func EncodeJWT(p CachePayload, secret []byte, now time.Time, ttl time.Duration) (string, error) {
	claims := make([]byte, 0, len(p.Session)+len(p.User)+len(p.Version)+128)
	claims, err := appendSessionData(claims, p)
	if err != nil {
		return "", err
	}
	iat := now.Unix()
	claims = append(claims, `,"iat":`...)
	claims = strconv.AppendInt(claims, iat, 10)
	claims = append(claims, `,"exp":`...)
	claims = strconv.AppendInt(claims, iat+int64(ttl/time.Second), 10)
	claims = append(claims, '}')

	enc := base64.RawURLEncoding
	out := make([]byte, 0, len(jwtHeader)+2+enc.EncodedLen(len(claims))+43)
	out = append(out, jwtHeader...)
	out = append(out, '.')
	out = enc.AppendEncode(out, claims)
	m := hmac.New(sha256.New, secret)
	m.Write(out)
	out = append(out, '.')
	out = enc.AppendEncode(out, m.Sum(nil))
	return string(out), nil
}

// DecodeJWT verifies a "jwt" session_data value as Better Auth's get-session does
// (jose jwtVerify with the secret's bytes, no options) and returns the payload and
// its exp (zero when the token has none; Better Auth then uses the current time).
//
// Like jose it accepts HS256, HS384 and HS512, rejects a "crit" header other than
// ["b64"] with b64 true, requires numeric iat, nbf and exp when present, and
// treats exp <= now or nbf > now (whole seconds, no tolerance) as ErrExpired.
// Better Auth answers every failure the same way: it expires the cookie and
// get-session returns null; that includes expiry, unlike the compact strategy.
//
// Better Auth: src/crypto/jwt.ts (verifyJWT), src/api/routes/session.ts.
func DecodeJWT(value string, secret []byte, now time.Time) (CachePayload, time.Time, error) {
	h, rest, ok1 := strings.Cut(value, ".")
	body, sig, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || strings.IndexByte(sig, '.') >= 0 {
		return CachePayload{}, time.Time{}, ErrMalformed
	}
	hdr, ok := joseJSON(h)
	if !ok {
		return CachePayload{}, time.Time{}, ErrMalformed
	}
	var alg, crit, b64 []byte
	it := newMembers(hdr)
	for {
		k, v, ok := it.next()
		if !ok {
			break
		}
		switch {
		case keyIs(k, "alg"):
			alg = v
		case keyIs(k, "crit"):
			crit = v
		case keyIs(k, "b64"):
			b64 = v
		}
	}
	if crit != nil && !(isB64Crit(crit) && string(b64) == "true") {
		return CachePayload{}, time.Time{}, ErrMalformed
	}
	var newHash func() hash.Hash
	switch string(alg) {
	case `"HS256"`:
		newHash = sha256.New
	case `"HS384"`:
		newHash = sha512.New384
	case `"HS512"`:
		newHash = sha512.New
	default:
		return CachePayload{}, time.Time{}, ErrMalformed
	}
	if len(secret) == 0 {
		return CachePayload{}, time.Time{}, ErrSignature // WebCrypto refuses empty HMAC keys
	}
	got, ok := joseB64(sig)
	if !ok {
		return CachePayload{}, time.Time{}, ErrMalformed
	}
	m := hmac.New(newHash, secret)
	m.Write([]byte(value[:len(h)+1+len(body)]))
	if !hmac.Equal(m.Sum(nil), got) {
		return CachePayload{}, time.Time{}, ErrSignature
	}
	payload, ok := joseJSON(body)
	if !ok {
		return CachePayload{}, time.Time{}, ErrMalformed
	}
	return checkClaims(payload, now, 0)
}

// isB64Crit reports crit == ["b64"] (jose recognises only b64 for JWS).
func isB64Crit(crit []byte) bool {
	var list []string
	return json.Unmarshal(crit, &list) == nil && len(list) == 1 && list[0] == "b64"
}

// joseB64 decodes base64url as jose does on Node 20 (atob after mapping the URL
// alphabet): padding is optional, '+' and '/' are refused.
func joseB64(s string) ([]byte, bool) {
	if len(s)%4 == 0 {
		s = strings.TrimSuffix(s, "=")
		s = strings.TrimSuffix(s, "=")
	}
	if strings.ContainsAny(s, "\r\n") {
		return nil, false
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	return b, err == nil
}

// joseJSON decodes a base64url segment holding a JSON object as jose does: strict
// UTF-8 (a leading BOM is dropped), and the trimmed object is returned.
func joseJSON(seg string) ([]byte, bool) {
	b, ok := joseB64(seg)
	if !ok {
		return nil, false
	}
	return jsonObject(b)
}

// checkClaims validates the registered claims (see [checkTimes]) and builds the
// payload.
func checkClaims(obj []byte, now time.Time, tolerance float64) (CachePayload, time.Time, error) {
	c := readClaims(obj)
	exp, err := checkTimes(c, now, tolerance)
	if err != nil && !errors.Is(err, ErrExpired) {
		return CachePayload{}, time.Time{}, err
	}
	p, perr := c.payload()
	if perr != nil {
		return CachePayload{}, time.Time{}, perr
	}
	return p, exp, err
}

// checkTimes validates iat, nbf and exp as jose's validateClaimsSet does
// (numbers when present; nbf > now + tolerance or exp <= now - tolerance, in
// whole seconds, is ErrExpired) and returns exp as a time (zero when absent).
func checkTimes(c claims, now time.Time, tolerance float64) (time.Time, error) {
	var nbf, exp float64
	var ok bool
	if c.iat != nil {
		if _, ok = jsNumber(c.iat); !ok {
			return time.Time{}, ErrMalformed
		}
	}
	if c.nbf != nil {
		if nbf, ok = jsNumber(c.nbf); !ok {
			return time.Time{}, ErrMalformed
		}
	}
	var expiresAt time.Time
	if c.exp != nil {
		if exp, ok = jsNumber(c.exp); !ok {
			return time.Time{}, ErrMalformed
		}
		expiresAt = msTime(exp * 1000)
	}
	sec := float64(now.Unix())
	if (c.nbf != nil && nbf > sec+tolerance) || (c.exp != nil && exp <= sec-tolerance) {
		return expiresAt, ErrExpired
	}
	return expiresAt, nil
}
