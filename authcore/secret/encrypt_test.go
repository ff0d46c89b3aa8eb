package secret_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/goauth-dev/goauth/authcore/secret"
)

func TestEncryptFormat(t *testing.T) {
	legacy := mustNew(t, testLegacy)
	versioned := mustNew(t, testLegacy, secret.Version{Version: 12, Value: testV2}, secret.Version{Version: 1, Value: testV1})
	bare := regexp.MustCompile(`^[0-9a-f]+$`)
	for _, p := range []string{"", "x", "ünïcode ✓", strings.Repeat("long ", 1000)} {
		ct, err := legacy.Encrypt(p)
		if err != nil {
			t.Fatal(err)
		}
		// 24-byte nonce + plaintext + 16-byte tag, hex.
		if !bare.MatchString(ct) || len(ct) != 2*(24+len(p)+16) {
			t.Errorf("legacy Encrypt(%.10q) = %.40q…, want %d lowercase hex chars", p, ct, 2*(24+len(p)+16))
		}
		vct, err := versioned.Encrypt(p)
		if err != nil {
			t.Fatal(err)
		}
		rest, ok := strings.CutPrefix(vct, "$ba$12$")
		if !ok || !bare.MatchString(rest) || len(rest) != 2*(24+len(p)+16) {
			t.Errorf("versioned Encrypt(%.10q) = %.40q…, want $ba$12$<hex>", p, vct)
		}
		for _, k := range []*secret.Keyring{legacy, versioned} {
			c, _ := k.Encrypt(p)
			if got, err := k.Decrypt(c); err != nil || got != p {
				t.Errorf("round trip of %.10q: %.10q, %v", p, got, err)
			}
		}
	}
	a, _ := legacy.Encrypt("same")
	b, _ := legacy.Encrypt("same")
	if a == b {
		t.Error("two encryptions of the same plaintext are equal: nonce not random")
	}
}

func TestDecryptRotation(t *testing.T) {
	v1 := mustNew(t, testLegacy, secret.Version{Version: 1, Value: testV1})
	rotated := mustNew(t, testLegacy, secret.Version{Version: 2, Value: testV2}, secret.Version{Version: 1, Value: testV1})
	retired := mustNew(t, testLegacy, secret.Version{Version: 2, Value: testV2})
	legacyOnly := mustNew(t, testLegacy)
	noLegacy := mustNew(t, "", secret.Version{Version: 2, Value: testV2}, secret.Version{Version: 1, Value: testV1})

	old, _ := v1.Encrypt("token")
	bare, _ := legacyOnly.Encrypt("token")
	tests := []struct {
		name string
		k    *secret.Keyring
		in   string
		ok   bool
	}{
		{"previous version still configured", rotated, old, true},
		{"previous version retired", retired, old, false},
		{"bare hex with legacy secret", rotated, bare, true},
		{"bare hex without legacy secret", noLegacy, bare, false},
		{"envelope in legacy-only mode", legacyOnly, old, false},
		{"uppercase hex", legacyOnly, strings.ToUpper(bare), true},
		{"envelope with uppercase hex", rotated, "$ba$1$" + strings.ToUpper(strings.TrimPrefix(old, "$ba$1$")), true},
		{"odd length", legacyOnly, bare[:len(bare)-1], false},
		{"not hex", legacyOnly, "zz" + bare[2:], false},
		{"too short", legacyOnly, bare[:2*39], false},
		{"empty", legacyOnly, "", false},
		{"tampered", legacyOnly, bare[:len(bare)-2] + flipHex(bare[len(bare)-2:]), false},
		{"no second $", rotated, "$ba$1" + strings.TrimPrefix(old, "$ba$1$"), false},
		{"bad version", rotated, "$ba$x$" + strings.TrimPrefix(old, "$ba$1$"), false},
		{"signed version", rotated, "$ba$+1$" + strings.TrimPrefix(old, "$ba$1$"), false},
		{"empty version", rotated, "$ba$$" + strings.TrimPrefix(old, "$ba$1$"), false},
		{"wrong version label", rotated, "$ba$2$" + strings.TrimPrefix(old, "$ba$1$"), false},
	}
	for _, tt := range tests {
		got, err := tt.k.Decrypt(tt.in)
		if tt.ok && (err != nil || got != "token") {
			t.Errorf("%s: Decrypt = %q, %v; want \"token\"", tt.name, got, err)
		}
		if !tt.ok && !errors.Is(err, secret.ErrDecrypt) {
			t.Errorf("%s: Decrypt = %q, %v; want ErrDecrypt", tt.name, got, err)
		}
	}
}

func flipHex(s string) string {
	if s[0] == '0' {
		return "1" + s[1:]
	}
	return "0" + s[1:]
}

func BenchmarkEncrypt(b *testing.B) {
	k := mustNew(b, testLegacy, secret.Version{Version: 1, Value: testV1})
	b.ReportAllocs()
	for b.Loop() {
		k.Encrypt("ya29.a0AfB_byC-oauth-access-token-of-typical-length-0123456789")
	}
}

func BenchmarkDecrypt(b *testing.B) {
	k := mustNew(b, testLegacy, secret.Version{Version: 1, Value: testV1})
	ct, _ := k.Encrypt("ya29.a0AfB_byC-oauth-access-token-of-typical-length-0123456789")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := k.Decrypt(ct); err != nil {
			b.Fatal(err)
		}
	}
}
