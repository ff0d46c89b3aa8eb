package cookie

import (
	"bytes"
	"compress/flate"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goauth-dev/goauth/authcore/internal/jsontext"
)

// HKDF salts of Better Auth's JWE cookies (symmetricEncodeJWT).
const (
	// SessionSalt derives the session_data key of the "jwe" strategy.
	SessionSalt = "better-auth-session"
	// AccountSalt derives the account_data key (account.storeAccountCookie).
	AccountSalt = "better-auth-account"
)

// hkdfInfo is the HKDF info of every Better Auth JWE key.
const hkdfInfo = "BetterAuth.js Generated Encryption Key"

// jweTolerance is the clock tolerance of symmetricDecodeJWT, in seconds.
const jweTolerance = 15

// maxInflate is jose's default maxDecompressedLength for "zip":"DEF".
const maxInflate = 250000

// jweKey derives the 64-byte A256CBC-HS512 key: HKDF-SHA256(secret, salt, info).
func jweKey(secret []byte, salt string) []byte {
	k, err := hkdf.Key(sha256.New, secret, []byte(salt), hkdfInfo, 64)
	if err != nil {
		panic("cookie: hkdf: " + err.Error()) // unreachable: 64 bytes is far below the limit
	}
	return k
}

// thumbprint is the RFC 7638 SHA-256 thumbprint of the oct JWK holding key.
func thumbprint(key []byte) string {
	enc := base64.RawURLEncoding
	b := make([]byte, 0, 32+enc.EncodedLen(len(key)))
	b = append(b, `{"k":"`...)
	b = enc.AppendEncode(b, key)
	b = append(b, `","kty":"oct"}`...)
	sum := sha256.Sum256(b)
	return enc.EncodeToString(sum[:])
}

// EncodeJWE returns the session_data value of the "jwe" strategy: a compact JWE
// with header {"alg":"dir","enc":"A256CBC-HS512","kid":<thumbprint>}, keyed by
// HKDF-SHA256(secret, "better-auth-session"), whose claims are sessionData
// followed by iat (now), exp (now + ttl) and jti (a random UUID v4). Better Auth
// passes the current secret, and ttl = cookieCache.maxAge, or 300 s with
// dontRememberMe. Output is randomised (IV and jti), so it is not comparable byte
// for byte; Better Auth decrypts it.
//
// Better Auth: src/crypto/jwt.ts (symmetricEncodeJWT).
func EncodeJWE(p CachePayload, secret []byte, now time.Time, ttl time.Duration) (string, error) {
	claims := make([]byte, 0, len(p.Session)+len(p.User)+len(p.Version)+160)
	claims, err := appendSessionData(claims, p)
	if err != nil {
		return "", err
	}
	return seal(claims, secret, SessionSalt, now, ttl), nil
}

// EncryptJWT is Better Auth's symmetricEncodeJWT for any JSON object: claims
// (re-emitted in JSON.stringify form, and not containing iat, exp or jti) with
// iat, exp and jti appended, encrypted as in [EncodeJWE] under a key derived with
// salt ([SessionSalt], [AccountSalt], …).
func EncryptJWT(claims []byte, secret []byte, salt string, now time.Time, ttl time.Duration) (string, error) {
	b, err := appendCanonObject(make([]byte, 0, len(claims)+96), claims)
	if err != nil {
		return "", err
	}
	b = b[:len(b)-1]
	if len(b) > 1 {
		b = append(b, ',')
	}
	return seal(b, secret, salt, now, ttl), nil
}

// seal appends iat, exp and jti to the open JSON object b and encrypts it.
func seal(b, secret []byte, salt string, now time.Time, ttl time.Duration) string {
	if b[len(b)-1] != '{' && b[len(b)-1] != ',' {
		b = append(b, ',')
	}
	iat := now.Unix()
	b = append(b, `"iat":`...)
	b = strconv.AppendInt(b, iat, 10)
	b = append(b, `,"exp":`...)
	b = strconv.AppendInt(b, iat+int64(ttl/time.Second), 10)
	b = append(b, `,"jti":"`...)
	b = appendUUID(b)
	b = append(b, `"}`...)

	key := jweKey(secret, salt)
	enc := base64.RawURLEncoding
	hdr := `{"alg":"dir","enc":"A256CBC-HS512","kid":"` + thumbprint(key) + `"}`

	var iv [16]byte
	rand.Read(iv[:])
	pad := 16 - len(b)%16
	for range pad {
		b = append(b, byte(pad))
	}
	block, _ := aes.NewCipher(key[32:])
	cipher.NewCBCEncrypter(block, iv[:]).CryptBlocks(b, b)

	out := make([]byte, 0, enc.EncodedLen(len(hdr))+enc.EncodedLen(len(b))+22+43+4)
	out = enc.AppendEncode(out, []byte(hdr))
	aad := len(out)
	tag := cbcTag(key[:32], out[:aad], iv[:], b)
	out = append(out, '.', '.')
	out = enc.AppendEncode(out, iv[:])
	out = append(out, '.')
	out = enc.AppendEncode(out, b)
	out = append(out, '.')
	out = enc.AppendEncode(out, tag)
	return string(out)
}

// appendUUID appends a random RFC 9562 version 4 UUID in lower case.
func appendUUID(b []byte) []byte {
	var u [16]byte
	rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, lowerHex[c>>4], lowerHex[c&15])
	}
	return b
}

// cbcTag is the A256CBC-HS512 authentication tag (RFC 7518 §5.2.2.1).
func cbcTag(macKey, aad, iv, ct []byte) []byte {
	m := hmac.New(sha512.New, macKey)
	m.Write(aad)
	m.Write(iv)
	m.Write(ct)
	var al [8]byte
	binary.BigEndian.PutUint64(al[:], uint64(len(aad))*8)
	m.Write(al[:])
	return m.Sum(nil)[:32]
}

// DecodeJWE decrypts a "jwe" session_data value as Better Auth's get-session does
// (symmetricDecodeJWT with salt "better-auth-session") and returns the payload and
// its exp (zero when absent; Better Auth then uses the current time).
//
// secrets are every configured secret, current first (Better Auth's versioned
// secrets in order, then the legacy secret when it differs). A token with a kid
// is decrypted only by the secret whose derived key has that thumbprint; a token
// without one is tried with each secret in order. Like jose it accepts only
// alg "dir", refuses "crit" and any "zip" but "DEF" (inflated up to 250000 bytes),
// and checks iat, nbf and exp with a 15 s tolerance; A256GCM is allowed by Better
// Auth's options but can never decrypt because its keys are 64 bytes, so it is
// ErrMalformed. jose's check of iss/sub/aud header copies against the claims is
// not repeated (Better Auth never writes them). Better Auth answers every failure,
// expiry included, by expiring the cookie and returning null.
func DecodeJWE(value string, secrets [][]byte, now time.Time) (CachePayload, time.Time, error) {
	claims, err := open(value, secrets, SessionSalt)
	if err != nil {
		return CachePayload{}, time.Time{}, err
	}
	return checkClaims(claims, now, jweTolerance)
}

// DecryptJWT is Better Auth's symmetricDecodeJWT for any payload: it decrypts
// token as [DecodeJWE] does under keys derived with salt, checks iat, nbf and exp,
// and returns the claims object as sent and its exp (zero when absent). With
// ErrExpired the claims and exp are returned too.
func DecryptJWT(token string, secrets [][]byte, salt string, now time.Time) ([]byte, time.Time, error) {
	claims, err := open(token, secrets, salt)
	if err != nil {
		return nil, time.Time{}, err
	}
	exp, err := checkTimes(readClaims(claims), now, jweTolerance)
	if err != nil && !errors.Is(err, ErrExpired) {
		return nil, time.Time{}, err
	}
	return claims, exp, err
}

// open decrypts a compact JWE and returns its trimmed JSON object plaintext.
func open(token string, secrets [][]byte, salt string) ([]byte, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 5 {
		return nil, ErrMalformed
	}
	hdr, ok := joseJSON(parts[0])
	if !ok {
		return nil, ErrMalformed
	}
	var alg, enc, kid, zip []byte
	crit := false
	it := newMembers(hdr)
	for {
		k, v, ok := it.next()
		if !ok {
			break
		}
		switch {
		case keyIs(k, "alg"):
			alg = v
		case keyIs(k, "enc"):
			enc = v
		case keyIs(k, "kid"):
			kid = v
		case keyIs(k, "zip"):
			zip = v
		case keyIs(k, "crit"):
			crit = true
		}
	}
	if crit || (zip != nil && string(zip) != `"DEF"`) || string(alg) != `"dir"` ||
		string(enc) != `"A256CBC-HS512"` || parts[1] != "" {
		return nil, ErrMalformed
	}
	iv, ok1 := joseB64(parts[2])
	ct, ok2 := joseB64(parts[3])
	tag, ok3 := joseB64(parts[4])
	if !ok1 || !ok2 || !ok3 || len(iv) != 16 || len(tag) == 0 {
		return nil, ErrMalformed
	}
	aad := []byte(parts[0])
	var pt []byte
	opened := false
	if kid != nil {
		if kid[0] != '"' {
			return nil, ErrSignature
		}
		want := decodeString(kid[1 : len(kid)-1])
		for _, s := range secrets {
			key := jweKey(s, salt)
			if thumbprint(key) == want {
				pt, opened = cbcOpen(key, aad, iv, ct, tag)
				break
			}
		}
	} else {
		for _, s := range secrets {
			if pt, opened = cbcOpen(jweKey(s, salt), aad, iv, ct, tag); opened {
				break
			}
		}
	}
	if !opened {
		return nil, ErrSignature
	}
	if zip != nil {
		r := flate.NewReader(bytes.NewReader(pt))
		out, err := io.ReadAll(io.LimitReader(r, maxInflate+1))
		if err != nil || len(out) > maxInflate {
			return nil, ErrMalformed
		}
		pt = out
	}
	obj, ok := jsonObject(pt)
	if !ok {
		return nil, ErrMalformed
	}
	return obj, nil
}

// jsonObject checks strict UTF-8 JSON object text (BOM dropped) and trims it.
func jsonObject(b []byte) ([]byte, bool) {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		b = b[3:]
	}
	if !utf8.Valid(b) || !jsontext.Valid(b) {
		return nil, false
	}
	b = trimJSON(b)
	return b, b[0] == '{'
}

// cbcOpen authenticates and decrypts A256CBC-HS512 (RFC 7518 §5.2.2.2).
func cbcOpen(key, aad, iv, ct, tag []byte) ([]byte, bool) {
	if !hmac.Equal(cbcTag(key[:32], aad, iv, ct), tag) {
		return nil, false
	}
	if len(ct) == 0 || len(ct)%aes.BlockSize != 0 {
		return nil, false
	}
	block, _ := aes.NewCipher(key[32:])
	pt := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(pt, ct)
	pad := int(pt[len(pt)-1])
	if pad == 0 || pad > aes.BlockSize {
		return nil, false
	}
	for _, c := range pt[len(pt)-pad:] {
		if int(c) != pad {
			return nil, false
		}
	}
	return pt[:len(pt)-pad], true
}
