package password

import (
	"bytes"
	"runtime"
	"testing"

	"golang.org/x/crypto/scrypt"
)

// scryptKey in reused memory gives golang.org/x/crypto/scrypt's key, also when the
// memory held a previous derivation.
func TestScryptKeyMatchesXCrypto(t *testing.T) {
	m := newScryptMem()
	for _, tc := range []struct{ pw, salt string }{
		{"correct horse battery staple", "0123456789abcdef0123456789abcdef"},
		{"", "x"},
		{"pässwörd ｐｗ", ""},
		{"correct horse battery staple", "0123456789abcdef0123456789abcdef"},
	} {
		want, err := scrypt.Key([]byte(tc.pw), []byte(tc.salt), scryptN, scryptR, scryptP, keyLen)
		if err != nil {
			t.Fatal(err)
		}
		if got := scryptKey(m, []byte(tc.pw), []byte(tc.salt)); !bytes.Equal(got, want) {
			t.Errorf("scryptKey(%q, %q) = %x, want %x", tc.pw, tc.salt, got, want)
		}
	}
}

// A Hasher reuses scrypt's working memory: after a first hash, more hashes allocate
// kilobytes, not 32 MiB each; and it lets the memory go when idle.
func TestHasherReusesWorkingMemory(t *testing.T) {
	h := NewHasher(1)
	hash, err := h.Hash(t.Context(), "pw")
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 3 {
		if ok, err := h.Verify(t.Context(), hash, "pw"); !ok || err != nil {
			t.Fatal(ok, err)
		}
	}
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("3 verifications allocated %d bytes; the working memory is not reused", n)
	}
	if len(h.free) != 1 {
		t.Fatalf("%d idle blocks, want 1", len(h.free))
	}
	h.dropIdle()
	if len(h.free) != 0 {
		t.Errorf("%d idle blocks after dropIdle", len(h.free))
	}
}

// An abandoned Hasher is collected, its working memory with it, although its idle timer
// is still pending.
func TestAbandonedHasherIsCollected(t *testing.T) {
	collected := make(chan struct{})
	func() {
		h := NewHasher(1)
		if _, err := h.Hash(t.Context(), "pw"); err != nil {
			t.Fatal(err)
		}
		runtime.AddCleanup(h, func(ch chan struct{}) { close(ch) }, collected)
	}()
	for range 10 {
		runtime.GC()
		select {
		case <-collected:
			return
		default:
		}
	}
	t.Fatal("the Hasher was not collected: its idle timer keeps it alive")
}
