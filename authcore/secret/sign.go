package secret

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"strings"
)

// sigLen is the length of a standard, padded base64 HMAC-SHA256: 32 bytes
// encode to 43 characters plus one '='.
const sigLen = 44

// mac computes HMAC-SHA256(current secret, value) into dst without
// allocating for inputs up to maxPooledBuf bytes.
func (k *Keyring) mac(dst *[sha256.Size]byte, value string) {
	s := k.macs.Get().(*macState)
	s.h.Reset()
	s.buf = append(s.buf[:0], value...)
	s.h.Write(s.buf)
	s.h.Sum(s.sum[:0])
	*dst = s.sum
	if cap(s.buf) > maxPooledBuf {
		s.buf = nil
	}
	k.macs.Put(s)
}

// sign writes the base64 signature of value into dst.
func (k *Keyring) sign(dst *[sigLen]byte, value string) {
	var sum [sha256.Size]byte
	k.mac(&sum, value)
	base64.StdEncoding.Encode(dst[:], sum[:])
}

// Sign returns the standard, padded base64 (44 characters) of
// HMAC-SHA256 keyed with the current secret over the UTF-8 bytes of value.
//
// Better Auth: crypto/index.ts (makeSignature); better-call src/crypto.ts.
func (k *Keyring) Sign(value string) string {
	var sig [sigLen]byte
	k.sign(&sig, value)
	return string(sig[:])
}

// SignValue returns raw + "." + [Keyring.Sign](raw), the signed cookie value
// format of better-call's signCookieValue, before URI encoding (the cookie
// package encodes; the bearer plugin's set-auth-token header carries it as
// is).
func (k *Keyring) SignValue(raw string) string {
	var sig [sigLen]byte
	k.sign(&sig, raw)
	var b strings.Builder
	b.Grow(len(raw) + 1 + sigLen)
	b.WriteString(raw)
	b.WriteByte('.')
	b.Write(sig[:])
	return b.String()
}

// VerifyValue checks a signed value made by [Keyring.SignValue] (already
// URI-decoded) and returns the raw part. It splits at the last '.'; the raw
// part must be non-empty and the signature exactly 44 characters ending in
// '='. Only the current secret is tried. The comparison is constant-time.
//
// Better Auth: better-call src/context.ts (getSignedCookie), which returns
// null for a malformed value and false for a bad signature; both are
// ok == false here. better-call decodes the signature leniently, so it also
// accepts the three non-canonical spellings of a valid signature that
// differ in the unused low bits of the last character; VerifyValue accepts
// only the canonical encoding, which is what both implementations emit.
func (k *Keyring) VerifyValue(signed string) (raw string, ok bool) {
	i := strings.LastIndexByte(signed, '.')
	if i < 1 || len(signed)-i-1 != sigLen || signed[len(signed)-1] != '=' {
		return "", false
	}
	raw, got := signed[:i], signed[i+1:]
	var want [sigLen]byte
	k.sign(&want, raw)
	var diff byte
	for j := range sigLen {
		diff |= want[j] ^ got[j]
	}
	if subtle.ConstantTimeByteEq(diff, 0) != 1 {
		return "", false
	}
	return raw, true
}

// ConstantTimeEqual reports whether a and b are equal, in time that depends
// only on their lengths.
//
// Better Auth: crypto/buffer.ts (constantTimeEqual).
func ConstantTimeEqual(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	var diff byte
	for i := range len(a) {
		diff |= a[i] ^ b[i]
	}
	return subtle.ConstantTimeByteEq(diff, 0) == 1
}
