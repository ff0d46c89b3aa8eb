package secret

import (
	"crypto/rand"
	"strconv"
)

// Alphabets for [RandomString], spelled in the order Better Auth expands
// them (the order does not change the distribution).
//
// Better Auth: @better-auth/utils random.ts (expandAlphabet) and its callers.
const (
	// AlphaNum is [a-zA-Z0-9]: generateId (row ids, session tokens,
	// reset-password tokens).
	AlphaNum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	// LowerNum is [0-9a-z]: the delete-account verification token
	// (generateRandomString(32, "0-9", "a-z")).
	LowerNum = "0123456789abcdefghijklmnopqrstuvwxyz"
	// URLSafe is [a-z0-9A-Z-_], generateRandomString's default alphabet:
	// OAuth state, PKCE code verifier, two-factor identifiers, one-time tokens.
	URLSafe = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
	// Alpha is [a-zA-Z]: magic-link tokens, OIDC/MCP client ids and tokens.
	Alpha = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	// Digits is [0-9]: numeric OTPs.
	Digits = "0123456789"
)

// RandomString returns n characters drawn uniformly from alphabet with the
// operating system's CSPRNG. Like Better Auth's generator it rejects random
// bytes at or above floor(256/len)·len so that every character is equally
// likely. alphabet is a set of single-byte characters, 1 to 256 of them;
// anything else, or a negative n, is a programmer error and panics.
// RandomString(0, …) is "".
//
// Better Auth: @better-auth/utils random.ts (createRandomStringGenerator).
func RandomString(n int, alphabet string) string {
	size := len(alphabet)
	if size == 0 || size > 256 {
		panic("secret: RandomString alphabet must hold 1 to 256 bytes, got " + strconv.Itoa(size))
	}
	if n < 0 {
		panic("secret: RandomString with negative length " + strconv.Itoa(n))
	}
	limit := 256 / size * size // bytes >= limit are rejected
	out := make([]byte, n)
	var pool [128]byte
	next := len(pool)
	for i := 0; i < n; {
		if next == len(pool) {
			rand.Read(pool[:]) // never returns an error; crashes the program if the OS source fails
			next = 0
		}
		b := int(pool[next])
		next++
		if b < limit {
			out[i] = alphabet[b%size]
			i++
		}
	}
	return string(out)
}

// GenerateID returns a new 32-character [AlphaNum] identifier, Better
// Auth's default row id and session token.
//
// Better Auth: packages/core/src/utils/id.ts (generateId).
func GenerateID() string {
	return RandomString(32, AlphaNum)
}
