package cookie

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// decodeCompactRef is DecodeCompact as it was before its single-pass member walk
// (json.Valid, then newMembers, then readClaims): the reference the fuzz test holds the
// current decoder to.
func decodeCompactRef(value string, secret []byte, now time.Time) (CachePayload, time.Time, error) {
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
	if !json.Valid(text) {
		return CachePayload{}, time.Time{}, ErrNotJSON
	}
	text = trimJSON(text)
	if !jsTruthy(text) {
		return CachePayload{}, time.Time{}, ErrNotJSON
	}
	if text[0] != '{' {
		return CachePayload{}, time.Time{}, ErrSignature
	}
	var session, expires, sig []byte
	it := newMembers(text)
	for {
		k, v, ok := it.next()
		if !ok {
			break
		}
		switch {
		case keyIs(k, "session"):
			session = v
		case keyIs(k, "expiresAt"):
			expires = v
		case keyIs(k, "signature"):
			sig = v
		}
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
	p, err := readClaims(session).payload()
	if err != nil {
		return CachePayload{}, time.Time{}, err
	}
	expiresAt := msTime(exp)
	if exp < float64(now.UnixMilli()) {
		return p, expiresAt, ErrExpired
	}
	return p, expiresAt, nil
}

// signedCompact builds a compact value around sessionData text signed as Better Auth
// signs it (sessionData with expiresAt added), whatever the text holds.
func signedCompact(sessionData string, exp int64, secret []byte) string {
	signed := []byte(sessionData)
	if t := bytes.TrimSpace(signed); len(t) >= 2 && t[0] == '{' {
		body := bytes.TrimSpace(t[1 : len(t)-1])
		if len(body) == 0 {
			signed = []byte(`{"expiresAt":` + strconv.FormatInt(exp, 10) + `}`)
		} else {
			signed = append(append([]byte(nil), t[:len(t)-1]...), `,"expiresAt":`+strconv.FormatInt(exp, 10)+`}`...)
		}
	}
	m := hmac.New(sha256.New, secret)
	m.Write(signed)
	sig := base64.RawURLEncoding.EncodeToString(m.Sum(nil))
	outer := `{"session":` + sessionData + `,"expiresAt":` + strconv.FormatInt(exp, 10) + `,"signature":"` + sig + `"}`
	return base64.RawURLEncoding.EncodeToString([]byte(outer))
}

type decoded struct {
	P   CachePayload
	T   time.Time
	Err string
}

func decodeBoth(t *testing.T, value string, secret []byte, now time.Time) {
	t.Helper()
	p1, t1, e1 := DecodeCompact(value, secret, now)
	p2, t2, e2 := decodeCompactRef(value, secret, now)
	errStr := func(e error) string {
		if e == nil {
			return ""
		}
		return e.Error()
	}
	got, want := decoded{p1, t1, errStr(e1)}, decoded{p2, t2, errStr(e2)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("DecodeCompact(%q) differs from the reference (-ref +got):\n%s", value, diff)
	}
}

var compactSeeds = []string{
	`{"session":{"id":"s"},"user":{"id":"u"},"updatedAt":1,"version":"1"}`,
	`{"session":{"id":"s"},"user":{"id":"u"},"updatedAt":1,"version":"1","session":{"id":"t"}}`,
	`{"user":{},"session":{}, "updatedAt" : 1e3 , "version":null}`,
	`{"session":"x","user":{}}`, `{}`, ` { } `, `[]`, `null`, `"s"`, `0`, `{"a":}`, `{"session":{"user":[1,{"a":[]}]}}`,
	`{"\u0073ession":{"id":"s"},"user":{"id":"u"}}`, `{"session":{"id":"\ud800"},"user":{"x":"\u2028"}}`,
}

func TestDecodeCompactMatchesReference(t *testing.T) {
	secret, now := []byte("goauth-fixture-secret"), time.UnixMilli(1_700_000_000_000)
	for _, sd := range compactSeeds {
		for _, exp := range []int64{1_700_000_100_000, 1_600_000_000_000} {
			v := signedCompact(sd, exp, secret)
			decodeBoth(t, v, secret, now)
			decodeBoth(t, v[:len(v)/2], secret, now)
		}
		decodeBoth(t, base64.RawURLEncoding.EncodeToString([]byte(sd)), secret, now)
	}
	for _, raw := range []string{`{"session":{},"expiresAt":1,"signature":1}`, `{"session":{},"expiresAt":"x","signature":"!!"}`, "\xef\xbb\xbf{}", "  ", ""} {
		decodeBoth(t, base64.StdEncoding.EncodeToString([]byte(raw)), secret, now)
	}
}

func FuzzDecodeCompactMatchesReference(f *testing.F) {
	for _, sd := range compactSeeds {
		f.Add(sd, int64(1_700_000_100_000), false)
		f.Add(sd, int64(1_600_000_000_000), true)
	}
	secret, now := []byte("goauth-fixture-secret"), time.UnixMilli(1_700_000_000_000)
	f.Fuzz(func(t *testing.T, sessionData string, exp int64, raw bool) {
		v := base64.RawURLEncoding.EncodeToString([]byte(sessionData))
		if !raw {
			v = signedCompact(sessionData, exp, secret)
		}
		decodeBoth(t, v, secret, now)
	})
}

var (
	_ = json.Valid
	_ = errors.New
	_ = subtle.ConstantTimeCompare
)

// The signed seeds do reach the payload, so the comparison covers the whole decoder.
func TestSignedCompactDecodes(t *testing.T) {
	secret, now := []byte("goauth-fixture-secret"), time.UnixMilli(1_700_000_000_000)
	p, _, err := DecodeCompact(signedCompact(compactSeeds[0], 1_700_000_100_000, secret), secret, now)
	if err != nil || string(p.Session) != `{"id":"s"}` {
		t.Fatalf("DecodeCompact = %s, %v", p.Session, err)
	}
}
