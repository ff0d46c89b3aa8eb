package secret_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/secret"
)

const (
	testLegacy = "goauth-test-legacy-secret-0123456789abcdefXYZ"
	testV2     = "goauth-test-current-secret-v2-ABCDEFGHIJKLMNOP"
	testV1     = "goauth-test-previous-secret-v1-qrstuvwxyz01234"
)

func mustNew(t testing.TB, legacy string, versions ...secret.Version) *secret.Keyring {
	t.Helper()
	k, err := secret.New(legacy, versions)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestParseVersions(t *testing.T) {
	tests := []struct {
		in   string
		want []secret.Version
		ok   bool
	}{
		{"", nil, true},
		{"2:new,1:old", []secret.Version{{2, "new"}, {1, "old"}}, true},
		{" 2 : new , 1:old ", []secret.Version{{2, "new"}, {1, "old"}}, true},
		{"0:a:b", []secret.Version{{0, "a:b"}}, true},
		{"007:x", []secret.Version{{7, "x"}}, true},
		{"   ", nil, false},
		{"2:new,", nil, false},
		{"new", nil, false},
		{":new", nil, false},
		{"-1:new", nil, false},
		{"2abc:new", nil, false},
		{"1.5:new", nil, false},
		{"2:", nil, false},
		{"2:  ", nil, false},
		{"1:a,1:b", nil, false},
		{"99999999999999999999999:x", nil, false},
	}
	for _, tt := range tests {
		got, err := secret.ParseVersions(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseVersions(%q) error = %v, want ok = %v", tt.in, err, tt.ok)
			continue
		}
		if err != nil {
			if !errors.Is(err, secret.ErrInvalidVersions) {
				t.Errorf("ParseVersions(%q) error %v is not ErrInvalidVersions", tt.in, err)
			}
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseVersions(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseVersionsDoesNotLeakSecret(t *testing.T) {
	_, err := secret.ParseVersions("2:good,supersecretvaluewithoutcolon")
	if err == nil || strings.Contains(err.Error(), "supersecret") {
		t.Fatalf("error %v should hide the malformed entry", err)
	}
}

func TestNew(t *testing.T) {
	if _, err := secret.New("", nil); !errors.Is(err, secret.ErrNoSecret) {
		t.Errorf("New(\"\", nil) = %v, want ErrNoSecret", err)
	}
	bad := [][]secret.Version{
		{{Version: -1, Value: "x"}},
		{{Version: 1, Value: ""}},
		{{Version: 1, Value: "a"}, {Version: 1, Value: "b"}},
	}
	for _, vs := range bad {
		if _, err := secret.New(testLegacy, vs); !errors.Is(err, secret.ErrInvalidVersions) {
			t.Errorf("New(%v) = %v, want ErrInvalidVersions", vs, err)
		}
	}
	// The keyring keeps its own copy.
	vs := []secret.Version{{2, testV2}, {1, testV1}}
	k := mustNew(t, testLegacy, vs...)
	vs[0].Value = "changed"
	if got := string(k.Current()); got != testV2 {
		t.Errorf("Current() = %q after caller mutation", got)
	}
	cur := k.Current()
	cur[0] = 'X'
	if got := string(k.Current()); got != testV2 {
		t.Errorf("Current() exposes internal state: %q", got)
	}
}

func TestCurrentAndSecrets(t *testing.T) {
	tests := []struct {
		name     string
		legacy   string
		versions []secret.Version
		current  string
		secrets  []secret.Version
	}{
		{"legacy only", testLegacy, nil, testLegacy, []secret.Version{{-1, testLegacy}}},
		{"versioned", testLegacy, []secret.Version{{2, testV2}, {1, testV1}}, testV2,
			[]secret.Version{{2, testV2}, {1, testV1}, {-1, testLegacy}}},
		{"versioned, no legacy", "", []secret.Version{{2, testV2}}, testV2, []secret.Version{{2, testV2}}},
		{"legacy equals a version", testV1, []secret.Version{{2, testV2}, {1, testV1}}, testV2,
			[]secret.Version{{2, testV2}, {1, testV1}}},
		{"default legacy dropped", secret.DefaultSecret, []secret.Version{{2, testV2}}, testV2,
			[]secret.Version{{2, testV2}}},
		{"default alone kept", secret.DefaultSecret, nil, secret.DefaultSecret,
			[]secret.Version{{-1, secret.DefaultSecret}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := mustNew(t, tt.legacy, tt.versions...)
			if got := string(k.Current()); got != tt.current {
				t.Errorf("Current() = %q, want %q", got, tt.current)
			}
			if diff := cmp.Diff(tt.secrets, k.Secrets()); diff != "" {
				t.Errorf("Secrets() (-want +got):\n%s", diff)
			}
			if got, want := k.IsDefault(), tt.current == secret.DefaultSecret; got != want {
				t.Errorf("IsDefault() = %v, want %v", got, want)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		secret string
		want   []error
	}{
		{"", []error{secret.ErrNoSecret}},
		{secret.DefaultSecret, []error{secret.ErrDefaultSecret}},
		{"Zx8Qp2Lm9Vt4Rk7Wn3Bc6Hy1Jd5Fg0Ts", nil},                           // 32 chars, 32 distinct
		{"Zx8Qp2Lm9Vt4Rk7Wn3Bc6Hy1Jd5Fg0T", []error{secret.ErrShortSecret}}, // 31 distinct: 153 bits
		{strings.Repeat("ab", 30), []error{secret.ErrLowEntropy}},           // 60 × log2(2) = 60 bits
		{strings.Repeat("abcd", 15), nil},                                   // 60 × log2(4) = 120 bits exactly
		{strings.Repeat("a", 20), []error{secret.ErrShortSecret, secret.ErrLowEntropy}},
		// "🔑" is 2 UTF-16 units: 24 units, 24 × log2(2) = 24 bits
		{strings.Repeat("🔑é", 8), []error{secret.ErrShortSecret, secret.ErrLowEntropy}},
		{strings.Repeat("0123456789abcdef", 64), nil}, // 2^4096 overflows to +Inf in JS, still fine
	}
	all := []error{secret.ErrNoSecret, secret.ErrDefaultSecret, secret.ErrShortSecret, secret.ErrLowEntropy}
	for _, tt := range tests {
		err := secret.Check(tt.secret)
		if (err == nil) != (len(tt.want) == 0) {
			t.Errorf("Check(%q) = %v, want %v", tt.secret, err, tt.want)
			continue
		}
		for _, e := range all {
			want := false
			for _, w := range tt.want {
				want = want || w == e
			}
			if got := errors.Is(err, e); got != want {
				t.Errorf("Check(%q) = %v: errors.Is(%v) = %v, want %v", tt.secret, err, e, got, want)
			}
		}
	}
}

func TestCheckCountsUTF16Units(t *testing.T) {
	// 16 astral characters are 32 UTF-16 units: not short for JavaScript.
	s := "🀀🀁🀂🀃🀄🀅🀆🀇🀈🀉🀊🀋🀌🀍🀎🀏"
	if err := secret.Check(s); errors.Is(err, secret.ErrShortSecret) {
		t.Errorf("Check(16 astral chars) reports short: %v", err)
	}
}

func TestHKDF(t *testing.T) {
	k := mustNew(t, testLegacy)
	a := k.HKDF("better-auth-session", "BetterAuth.js Generated Encryption Key", 64)
	b := secret.DeriveKey([]byte(testLegacy), "better-auth-session", "BetterAuth.js Generated Encryption Key", 64)
	if len(a) != 64 || string(a) != string(b) {
		t.Errorf("HKDF and DeriveKey disagree")
	}
	for _, n := range []int{0, -1, 255*32 + 1} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("HKDF(n=%d) did not panic", n)
				}
			}()
			k.HKDF("", "", n)
		}()
	}
}
