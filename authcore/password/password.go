// Package password implements Better Auth's default password hash: scrypt
// over the NFKC-normalised password, stored as "<saltHex>:<keyHex>".
//
// Each scrypt computation needs about 32 MiB (128·N·r bytes), so a
// [Hasher] bounds how many run at once; callers beyond the bound wait,
// and give up when their context ends. The working memory of finished
// computations is reused by the next ones instead of becoming garbage.
//
// Hashes are interchangeable with Better Auth 1.6.9: hashes it stored in
// account.password verify here and hashes made here verify there
// (testdata/ holds fixtures from the real npm package).
//
// Better Auth: packages/better-auth/src/crypto/password.ts and
// @better-auth/utils 0.4.0 password.node.ts.
package password

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"runtime"
	"strings"
	"sync"
	"time"
	"weak"

	"golang.org/x/text/unicode/norm"
)

// Parameters of Better Auth's scrypt configuration.
const (
	scryptN      = 16384
	scryptR      = 16
	scryptP      = 1
	keyLen       = 64
	saltBytes    = 16
	hashedLength = 2*saltBytes + 1 + 2*keyLen // 161
)

// ErrMalformedHash is returned by [Hasher.Verify] when the stored hash has
// no ':' or an empty salt or key. Better Auth throws "Invalid password
// hash" here, which surfaces as a 500.
var ErrMalformedHash = errors.New("password: malformed hash")

// Hasher hashes and verifies passwords with at most a fixed number of
// scrypt computations in flight. It is safe for concurrent use.
type Hasher struct {
	sem chan struct{}
	// free holds the working memory of finished computations for the next ones (at
	// most one 32 MiB block per slot), so that a burst of hashes reuses the same blocks
	// instead of leaving one block of garbage per hash for the GC to find later: the
	// heap stays at about one block per slot. The blocks are dropped once no hash has
	// run for memIdle, or with the Hasher.
	free  chan *scryptMem
	mu    sync.Mutex
	timer *time.Timer // drops the idle blocks

	// derive is the key derivation; tests replace it (export_test.go).
	derive func(password, salt []byte) []byte
}

// memIdle is how long a Hasher keeps scrypt's working memory after its last hash.
const memIdle = time.Minute

// NewHasher returns a Hasher that runs at most maxConcurrent scrypt
// computations at once; maxConcurrent <= 0 means runtime.GOMAXPROCS(0).
// Each computation holds about 32 MiB, so the bound also caps memory.
func NewHasher(maxConcurrent int) *Hasher {
	if maxConcurrent <= 0 {
		maxConcurrent = runtime.GOMAXPROCS(0)
	}
	h := &Hasher{sem: make(chan struct{}, maxConcurrent), free: make(chan *scryptMem, maxConcurrent)}
	h.derive = h.deriveKey
	return h
}

// deriveKey is Better Auth's generateKey: scrypt(NFKC(password), salt,
// N=16384, r=16, p=1, 64 bytes), in reused working memory. The caller
// normalises the password and holds a slot.
func (h *Hasher) deriveKey(password, salt []byte) []byte {
	var m *scryptMem
	select {
	case m = <-h.free:
	default:
		m = newScryptMem()
	}
	key := scryptKey(m, password, salt)
	select {
	case h.free <- m:
	default: // cannot happen: at most one block per slot is out
	}
	h.mu.Lock()
	if h.timer == nil {
		// The timer must not keep an abandoned Hasher, and its blocks, alive.
		w := weak.Make(h)
		h.timer = time.AfterFunc(memIdle, func() {
			if h := w.Value(); h != nil {
				h.dropIdle()
			}
		})
	} else {
		h.timer.Reset(memIdle)
	}
	h.mu.Unlock()
	return key
}

// dropIdle lets the GC have the idle working memory.
func (h *Hasher) dropIdle() {
	for {
		select {
		case <-h.free:
		default:
			return
		}
	}
}

// Hash returns "<salt>:<key>" where salt is 16 random bytes as 32 lowercase
// hex characters and key is the 64-byte scrypt output as lowercase hex. The
// scrypt salt input is the UTF-8 text of the hex salt, not the random bytes,
// exactly as Better Auth does. It fails only when ctx ends while waiting for
// a free slot.
//
// Better Auth: @better-auth/utils password.node.ts (hashPassword).
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	var raw [saltBytes]byte
	rand.Read(raw[:]) // never returns an error; crashes the program if the OS source fails
	out := make([]byte, 0, hashedLength)
	out = hex.AppendEncode(out, raw[:])
	salt := out[:2*saltBytes]
	key, err := h.compute(ctx, password, salt)
	if err != nil {
		return "", err
	}
	out = append(out, ':')
	out = hex.AppendEncode(out, key)
	return string(out), nil
}

// Verify reports whether password matches a hash made by [Hasher.Hash] or
// by Better Auth. The hash is split at ':' into salt and key (like Better
// Auth's hash.split(":"), text after a second ':' is ignored); an empty
// salt or key is [ErrMalformedHash]. The salt is used as given (its UTF-8
// bytes), and the recomputed key's lowercase hex is compared with the stored
// key in constant time (Better Auth compares with ===). It fails otherwise
// only when ctx ends while waiting for a free slot.
//
// Better Auth: @better-auth/utils password.node.ts (verifyPassword).
func (h *Hasher) Verify(ctx context.Context, hash, password string) (bool, error) {
	salt, rest, _ := strings.Cut(hash, ":")
	key, _, _ := strings.Cut(rest, ":")
	if salt == "" || key == "" {
		return false, ErrMalformedHash
	}
	got, err := h.compute(ctx, password, []byte(salt))
	if err != nil {
		return false, err
	}
	var buf [2 * keyLen]byte
	hex.Encode(buf[:], got)
	return subtle.ConstantTimeCompare(buf[:], []byte(key)) == 1, nil
}

// compute runs the key derivation once a slot is free.
func (h *Hasher) compute(ctx context.Context, password string, salt []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-h.sem }()
	return h.derive([]byte(norm.NFKC.String(password)), salt), nil
}
