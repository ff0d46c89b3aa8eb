package secret

import (
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/chacha20poly1305"
)

// DefaultSecret is the secret Better Auth falls back to when none is
// configured. It is public, so anything protected by it is forgeable:
// Better Auth refuses it in production and [Check] reports it.
//
// Better Auth: packages/better-auth/src/utils/constants.ts (DEFAULT_SECRET).
const DefaultSecret = "better-auth-secret-12345678901234567890"

// LegacyVersion is the Version that [Keyring.Secrets] reports for the legacy
// (unversioned) secret, matching the -1 Better Auth's getAllSecrets uses.
const LegacyVersion = -1

// Errors reported by [New], [ParseVersions] and [Check]. Check may report
// several at once (joined with errors.Join); test them with errors.Is.
var (
	// ErrNoSecret means neither a legacy nor a versioned secret was given.
	ErrNoSecret = errors.New("secret: no secret configured")
	// ErrInvalidVersions means the versioned secrets are malformed: a
	// negative or duplicate version, an empty value or bad syntax.
	ErrInvalidVersions = errors.New("secret: invalid versioned secrets")
	// ErrDefaultSecret means the secret is [DefaultSecret]. Better Auth
	// treats this as fatal in production.
	ErrDefaultSecret = errors.New("secret: the Better Auth default secret is in use")
	// ErrShortSecret means the secret is shorter than 32 characters.
	// Better Auth only warns about it.
	ErrShortSecret = errors.New("secret: shorter than 32 characters")
	// ErrLowEntropy means the estimated entropy is below 120 bits.
	// Better Auth only warns about it.
	ErrLowEntropy = errors.New("secret: estimated entropy below 120 bits")
)

// Version is one versioned secret. Version numbers are non-negative and
// unique within a keyring; [LegacyVersion] marks the legacy secret in the
// output of [Keyring.Secrets].
type Version struct {
	Version int
	Value   string
}

// ParseVersions parses the BETTER_AUTH_SECRETS syntax "2:new,1:old": a
// comma-separated list of "<version>:<secret>" entries, each trimmed, the
// secret being everything after the first colon (trimmed). Versions are
// non-negative decimal integers and must be unique; values must be
// non-empty. The first entry is the current secret. An empty string yields
// no versions and no error.
//
// Better Auth: context/secret-utils.ts (parseSecretsEnv, validateSecretsArray).
// Better Auth parses the version with parseInt, which also accepts input
// such as "2abc"; ParseVersions rejects anything but digits.
func ParseVersions(s string) ([]Version, error) {
	if s == "" {
		return nil, nil
	}
	var out []Version
	for entry := range strings.SplitSeq(s, ",") {
		entry = strings.TrimSpace(entry)
		v, value, ok := strings.Cut(entry, ":")
		if !ok {
			// The entry may be a bare secret: never echo it.
			return nil, fmt.Errorf("%w: entry %d is not <version>:<secret>", ErrInvalidVersions, len(out)+1)
		}
		n, err := parseVersion(strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("%w: entry %d: the version is not a non-negative integer", ErrInvalidVersions, len(out)+1)
		}
		out = append(out, Version{Version: n, Value: strings.TrimSpace(value)})
	}
	if err := validateVersions(out); err != nil {
		return nil, err
	}
	return out, nil
}

// parseVersion parses a non-negative decimal version number.
func parseVersion(s string) (int, error) {
	if s == "" {
		return 0, strconv.ErrSyntax
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return 0, strconv.ErrSyntax
		}
	}
	return strconv.Atoi(s)
}

func validateVersions(vs []Version) error {
	seen := make(map[int]bool, len(vs))
	for _, v := range vs {
		if v.Version < 0 {
			return fmt.Errorf("%w: version %d is negative", ErrInvalidVersions, v.Version)
		}
		if v.Value == "" {
			return fmt.Errorf("%w: empty secret for version %d", ErrInvalidVersions, v.Version)
		}
		if seen[v.Version] {
			return fmt.Errorf("%w: duplicate version %d", ErrInvalidVersions, v.Version)
		}
		seen[v.Version] = true
	}
	return nil
}

// Keyring holds the legacy secret and the versioned secrets, with the keys
// derived from them. Create it with [New]; the zero value is not usable.
// It is safe for concurrent use and must not be copied.
//
// Better Auth: the SecretConfig built in context/secret-utils.ts
// (buildSecretConfig) together with ctx.secret.
type Keyring struct {
	versions []Version // versioned secrets, current first; nil in legacy-only mode
	legacy   string    // legacy secret ("" when absent)
	current  []byte    // HMAC key: UTF-8 of the current secret

	aead       map[int]cipher.AEAD // per-version XChaCha20-Poly1305
	legacyAEAD cipher.AEAD         // for bare-hex ciphertexts; nil when no legacy secret
	encAEAD    cipher.AEAD         // the one Encrypt uses
	encPrefix  string              // "$ba$<v>$" in versioned mode, "" otherwise

	macs sync.Pool // *macState keyed with current
}

// macState is a reusable HMAC-SHA256 keyed with the current secret.
type macState struct {
	h   hash.Hash
	buf []byte
	sum [sha256.Size]byte
}

// maxPooledBuf bounds the scratch buffer kept in the pool so that one huge
// input does not pin memory.
const maxPooledBuf = 8 << 10

// New returns a keyring for the legacy secret and the versioned secrets
// (first = current). Either may be empty, not both. Versioned secrets are
// validated as in [ParseVersions]. When versioned secrets are present and
// legacy is [DefaultSecret], the legacy secret is dropped, as Better Auth
// does, so bare-hex ciphertexts are never decrypted with the public default.
//
// New does not judge secret strength; the runtime calls [Check] and decides
// (Better Auth fails on the default secret in production and warns
// otherwise).
func New(legacy string, versions []Version) (*Keyring, error) {
	if legacy == "" && len(versions) == 0 {
		return nil, ErrNoSecret
	}
	if err := validateVersions(versions); err != nil {
		return nil, err
	}
	k := &Keyring{}
	if len(versions) > 0 {
		k.versions = append([]Version(nil), versions...)
		k.aead = make(map[int]cipher.AEAD, len(versions))
		for _, v := range versions {
			k.aead[v.Version] = newAEAD(v.Value)
		}
		cur := versions[0]
		k.current = []byte(cur.Value)
		k.encAEAD = k.aead[cur.Version]
		k.encPrefix = envelopePrefix + strconv.Itoa(cur.Version) + "$"
		if legacy != DefaultSecret {
			k.legacy = legacy
		}
	} else {
		k.legacy = legacy
		k.current = []byte(legacy)
	}
	if k.legacy != "" {
		k.legacyAEAD = newAEAD(k.legacy)
	}
	if k.encAEAD == nil {
		k.encAEAD = k.legacyAEAD
	}
	k.macs.New = func() any { return &macState{h: hmac.New(sha256.New, k.current)} }
	return k, nil
}

// newAEAD returns XChaCha20-Poly1305 keyed with SHA-256 of the secret.
func newAEAD(secret string) cipher.AEAD {
	key := sha256.Sum256([]byte(secret))
	aead, err := chacha20poly1305.NewX(key[:])
	if err != nil {
		panic("secret: " + err.Error()) // unreachable: the key is always 32 bytes
	}
	return aead
}

// Current returns a copy of the current secret's UTF-8 bytes: the first
// versioned secret, else the legacy secret. It is the HMAC key of every
// signing primitive (Better Auth's ctx.secret).
func (k *Keyring) Current() []byte {
	return append([]byte(nil), k.current...)
}

// IsDefault reports whether the current secret is [DefaultSecret].
func (k *Keyring) IsDefault() bool {
	return string(k.current) == DefaultSecret
}

// Secrets returns every secret a rotation-aware decoder should try, current
// first: the versioned secrets in configuration order, then the legacy
// secret as Version [LegacyVersion] unless its value equals one of the
// versioned values. In legacy-only mode the result is the legacy secret
// alone, also as [LegacyVersion] (Better Auth reports it as version 0 there;
// the number is never observable on the wire). The slice is a fresh copy.
//
// Better Auth: crypto/jwt.ts (getAllSecrets), used by symmetricDecodeJWT.
func (k *Keyring) Secrets() []Version {
	out := make([]Version, 0, len(k.versions)+1)
	out = append(out, k.versions...)
	if k.legacy == "" {
		return out
	}
	for _, v := range k.versions {
		if v.Value == k.legacy {
			return out
		}
	}
	return append(out, Version{Version: LegacyVersion, Value: k.legacy})
}

// HKDF derives n bytes with HKDF-SHA256 (RFC 5869) from the current secret,
// with the UTF-8 bytes of salt and info. It panics if n is not in
// 1..255*32, which is a programmer error.
//
// Better Auth: crypto/jwt.ts (deriveEncryptionSecret, with the current
// secret; JWE decoders derive from each of [Keyring.Secrets] themselves).
func (k *Keyring) HKDF(salt, info string, n int) []byte {
	return DeriveKey(k.current, salt, info, n)
}

// DeriveKey is HKDF-SHA256 (RFC 5869) of ikm with the UTF-8 bytes of salt
// and info, n bytes long. It panics if n is not in 1..255*32. JWE decoders
// use it with each value from [Keyring.Secrets].
func DeriveKey(ikm []byte, salt, info string, n int) []byte {
	if n <= 0 || n > 255*sha256.Size {
		panic("secret: HKDF output length out of range: " + strconv.Itoa(n))
	}
	out, err := hkdf.Key(sha256.New, ikm, []byte(salt), info, n)
	if err != nil {
		panic("secret: " + err.Error()) // unreachable: length checked above
	}
	return out
}

// Check reports the weaknesses Better Auth looks for in a secret, joined:
// [ErrDefaultSecret] when it is [DefaultSecret], [ErrShortSecret] when it
// is shorter than 32 characters (UTF-16 code units, as JavaScript counts)
// and [ErrLowEntropy] when length × log2(distinct characters) is below 120
// bits. It returns nil for a good secret. An empty secret is
// [ErrNoSecret].
//
// Better Auth: context/create-context.ts (validateSecret, estimateEntropy)
// and context/secret-utils.ts (validateSecretsArray) apply the same rules;
// only the default secret is fatal there, and only in production.
func Check(secret string) error {
	if secret == "" {
		return ErrNoSecret
	}
	var errs []error
	if secret == DefaultSecret {
		errs = append(errs, ErrDefaultSecret)
	}
	units := 0
	distinct := make(map[rune]struct{}, len(secret))
	for _, r := range secret {
		units += utf16Len(r)
		distinct[r] = struct{}{}
	}
	if units < 32 {
		errs = append(errs, ErrShortSecret)
	}
	// log2(unique^length), computed as JavaScript does (Infinity for long
	// secrets is fine: it is not below 120).
	if math.Log2(math.Pow(float64(len(distinct)), float64(units))) < 120 {
		errs = append(errs, ErrLowEntropy)
	}
	return errors.Join(errs...)
}

func utf16Len(r rune) int {
	if r >= 0x10000 && r <= utf8.MaxRune {
		return 2
	}
	return 1
}
