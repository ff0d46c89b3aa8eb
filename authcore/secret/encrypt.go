package secret

import (
	"crypto/cipher"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/chacha20poly1305"
)

// envelopePrefix starts a versioned ciphertext: "$ba$<version>$<hex>".
//
// Better Auth: crypto/index.ts (ENVELOPE_PREFIX, formatEnvelope).
const envelopePrefix = "$ba$"

// ErrDecrypt is wrapped by every [Keyring.Decrypt] failure: malformed
// input, an unknown or retired version, a bare-hex value without a legacy
// secret, or a failed authentication tag.
var ErrDecrypt = errors.New("secret: cannot decrypt")

// Encrypt encrypts plaintext the way Better Auth's symmetricEncrypt does:
// XChaCha20-Poly1305 with key SHA-256(secret), a random 24-byte nonce
// prepended to ciphertext and tag, no associated data, all lowercase hex.
// With versioned secrets the result is "$ba$<current version>$<hex>";
// with only a legacy secret it is the bare hex. The error is always nil
// today and reserved for a failing random source.
//
// Better Auth: crypto/index.ts (symmetricEncrypt, rawEncrypt; the option
// docs call it AES-256-GCM, the code is XChaCha20-Poly1305).
func (k *Keyring) Encrypt(plaintext string) (string, error) {
	const nonceLen = chacha20poly1305.NonceSizeX
	sealed := make([]byte, nonceLen, nonceLen+len(plaintext)+chacha20poly1305.Overhead)
	if _, err := rand.Read(sealed); err != nil {
		return "", fmt.Errorf("secret: reading nonce: %w", err)
	}
	sealed = k.encAEAD.Seal(sealed, sealed, []byte(plaintext), nil)
	out := make([]byte, 0, len(k.encPrefix)+hex.EncodedLen(len(sealed)))
	out = append(out, k.encPrefix...)
	out = hex.AppendEncode(out, sealed)
	return string(out), nil
}

// Decrypt reverses [Keyring.Encrypt]. A "$ba$<version>$<hex>" envelope is
// opened with that version's secret; bare hex is opened with the legacy
// secret. Hex digits may be of either case. Invalid UTF-8 in the plaintext
// is returned as is (Better Auth's TextDecoder would substitute U+FFFD;
// neither implementation ever encrypts invalid UTF-8).
//
// Better Auth: crypto/index.ts (symmetricDecrypt, parseEnvelope). In
// legacy-only mode Better Auth never parses envelopes, so a "$ba$" value
// fails there too. Better Auth parses the envelope version with parseInt;
// Decrypt accepts only decimal digits, which is all formatEnvelope writes.
func (k *Keyring) Decrypt(ciphertext string) (string, error) {
	aead, payload, err := k.openerFor(ciphertext)
	if err != nil {
		return "", err
	}
	if len(payload)%2 != 0 {
		return "", fmt.Errorf("%w: odd-length hex", ErrDecrypt)
	}
	sealed := make([]byte, len(payload)/2)
	if _, err := hex.Decode(sealed, []byte(payload)); err != nil {
		return "", fmt.Errorf("%w: invalid hex", ErrDecrypt)
	}
	if len(sealed) < aead.NonceSize()+aead.Overhead() {
		return "", fmt.Errorf("%w: too short", ErrDecrypt)
	}
	nonce, box := sealed[:aead.NonceSize()], sealed[aead.NonceSize():]
	plain, err := aead.Open(box[:0], nonce, box, nil)
	if err != nil {
		return "", fmt.Errorf("%w: message authentication failed", ErrDecrypt)
	}
	return string(plain), nil
}

// openerFor picks the AEAD for a ciphertext and returns its hex payload.
func (k *Keyring) openerFor(ciphertext string) (cipher.AEAD, string, error) {
	rest, versioned := strings.CutPrefix(ciphertext, envelopePrefix)
	if !versioned {
		if k.legacyAEAD == nil {
			return nil, "", fmt.Errorf("%w: bare-hex value needs the legacy secret, which is not configured", ErrDecrypt)
		}
		return k.legacyAEAD, ciphertext, nil
	}
	if k.versions == nil {
		return nil, "", fmt.Errorf("%w: versioned value but no versioned secrets configured", ErrDecrypt)
	}
	v, payload, ok := strings.Cut(rest, "$")
	if !ok {
		return nil, "", fmt.Errorf("%w: malformed envelope", ErrDecrypt)
	}
	n, err := parseVersion(v)
	if err != nil {
		return nil, "", fmt.Errorf("%w: malformed envelope version", ErrDecrypt)
	}
	aead := k.aead[n]
	if aead == nil {
		return nil, "", fmt.Errorf("%w: secret version %d not configured (it may have been retired)", ErrDecrypt, n)
	}
	return aead, payload, nil
}
