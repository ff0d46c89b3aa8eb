package secret_test

import (
	"strings"
	"testing"

	"github.com/goauth-dev/goauth/authcore/secret"
)

func TestSignValueRoundTrip(t *testing.T) {
	k := mustNew(t, testLegacy)
	for _, raw := range []string{"x", "true", "a.b.c", "ünïcode ✓", strings.Repeat("z", 20000), secret.GenerateID()} {
		signed := k.SignValue(raw)
		sig := signed[strings.LastIndexByte(signed, '.')+1:]
		if len(sig) != 44 || !strings.HasSuffix(sig, "=") || sig != k.Sign(raw) {
			t.Errorf("SignValue(%.20q) signature %q is not Sign(raw)", raw, sig)
		}
		got, ok := k.VerifyValue(signed)
		if !ok || got != raw {
			t.Errorf("VerifyValue(SignValue(%.20q)) = %.20q, %v", raw, got, ok)
		}
	}
}

func TestVerifyValueRejects(t *testing.T) {
	k := mustNew(t, testLegacy)
	good := k.SignValue("session-token")
	sig := k.Sign("session-token")
	flip := func(s string, i int) string {
		b := []byte(s)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return string(b)
	}
	// The last signature character carries 2 unused bits: flipping one
	// gives another spelling of the same MAC, which better-call accepts and
	// VerifyValue does not.
	const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	nonCanonical := []byte(good)
	last := len(good) - 2
	nonCanonical[last] = b64[strings.IndexByte(b64, good[last])^1]
	rejects := map[string]string{
		"empty":              "",
		"no dot":             "session-token" + sig,
		"empty raw":          "." + sig,
		"short sig":          "session-token." + sig[:43],
		"long sig":           "session-token." + sig + "=",
		"no padding":         "session-token." + sig[:43] + "A",
		"tampered raw":       "session-tokeN." + sig,
		"tampered sig":       flip(good, len("session-token.")+3),
		"non-canonical sig":  string(nonCanonical),
		"other secret":       mustNew(t, testV1).SignValue("session-token"),
		"url-encoded":        strings.NewReplacer("+", "%2B", "/", "%2F", "=", "%3D").Replace(good),
		"raw with extra dot": "session.token." + sig,
	}
	for name, in := range rejects {
		if raw, ok := k.VerifyValue(in); ok {
			t.Errorf("%s: VerifyValue(%q) = %q, true", name, in, raw)
		}
	}
}

func TestVerifyValueOnlyCurrentSecret(t *testing.T) {
	old := mustNew(t, "", secret.Version{Version: 1, Value: testV1})
	rotated := mustNew(t, "", secret.Version{Version: 2, Value: testV2}, secret.Version{Version: 1, Value: testV1})
	if _, ok := rotated.VerifyValue(old.SignValue("tok")); ok {
		t.Error("a value signed with a previous version verified; Better Auth only uses the current secret")
	}
}

func TestConstantTimeEqual(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"", "", true},
		{"abc", "abc", true},
		{"abc", "abd", false},
		{"abc", "ab", false},
		{"ab", "abc", false},
		{"é", "e\u0301", false},
	}
	for _, tt := range tests {
		if got := secret.ConstantTimeEqual(tt.a, tt.b); got != tt.want {
			t.Errorf("ConstantTimeEqual(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}

func TestSignConcurrent(t *testing.T) {
	k := mustNew(t, testLegacy)
	want := k.Sign("value")
	done := make(chan bool)
	for range 8 {
		go func() {
			ok := true
			for range 200 {
				ok = ok && k.Sign("value") == want
				_, v := k.VerifyValue("value." + want)
				ok = ok && v
			}
			done <- ok
		}()
	}
	for range 8 {
		if !<-done {
			t.Fatal("concurrent Sign/VerifyValue disagreed")
		}
	}
}

func BenchmarkSignValue(b *testing.B) {
	k := mustNew(b, testLegacy)
	raw := secret.GenerateID()
	b.ReportAllocs()
	for b.Loop() {
		k.SignValue(raw)
	}
}

func BenchmarkVerifyValue(b *testing.B) {
	k := mustNew(b, testLegacy)
	signed := k.SignValue(secret.GenerateID())
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := k.VerifyValue(signed); !ok {
			b.Fatal("rejected")
		}
	}
}

func BenchmarkVerifyValueParallel(b *testing.B) {
	k := mustNew(b, testLegacy)
	signed := k.SignValue(secret.GenerateID())
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			k.VerifyValue(signed)
		}
	})
}
