package secret_test

import (
	"strings"
	"testing"

	"github.com/goauth-dev/goauth/authcore/secret"
)

func TestAlphabets(t *testing.T) {
	// Better Auth: generateId uses ("a-z","A-Z","0-9"); generateRandomString's
	// default is ("a-z","0-9","A-Z","-_"); the delete-account token uses
	// ("0-9","a-z").
	tests := map[string]struct {
		got  string
		want string
	}{
		"AlphaNum": {secret.AlphaNum, "abcdefghijklmnopqrstuvwxyz" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "0123456789"},
		"URLSafe":  {secret.URLSafe, "abcdefghijklmnopqrstuvwxyz" + "0123456789" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "-_"},
		"LowerNum": {secret.LowerNum, "0123456789" + "abcdefghijklmnopqrstuvwxyz"},
		"Alpha":    {secret.Alpha, "abcdefghijklmnopqrstuvwxyz" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
		"Digits":   {secret.Digits, "0123456789"},
	}
	for name, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", name, tt.got, tt.want)
		}
	}
}

func TestRandomStringAlphabetAndLength(t *testing.T) {
	for _, alphabet := range []string{secret.AlphaNum, secret.URLSafe, secret.LowerNum, secret.Digits, "x"} {
		for _, n := range []int{0, 1, 6, 32, 128, 1000} {
			s := secret.RandomString(n, alphabet)
			if len(s) != n {
				t.Errorf("RandomString(%d, %q) has length %d", n, alphabet, len(s))
			}
			if i := strings.IndexFunc(s, func(r rune) bool { return !strings.ContainsRune(alphabet, r) }); i >= 0 {
				t.Errorf("RandomString(%d, %q) = %q has %q outside the alphabet", n, alphabet, s, s[i])
			}
		}
	}
	id := secret.GenerateID()
	if len(id) != 32 || strings.Trim(id, secret.AlphaNum) != "" {
		t.Errorf("GenerateID() = %q", id)
	}
	if secret.GenerateID() == id {
		t.Error("GenerateID repeated itself")
	}
}

// TestRandomStringUniform fails for a plain modulo without rejection: with
// 62 symbols the first 8 would be 25% more likely, with 200 symbols the
// first 56 twice as likely.
func TestRandomStringUniform(t *testing.T) {
	var big strings.Builder
	for i := range 200 {
		big.WriteByte(byte(i))
	}
	for _, alphabet := range []string{secret.AlphaNum, big.String()} {
		const perSymbol = 2000
		counts := make(map[byte]int)
		s := secret.RandomString(perSymbol*len(alphabet), alphabet)
		for i := range len(s) {
			counts[s[i]]++
		}
		for i := range len(alphabet) {
			if c := counts[alphabet[i]]; c < perSymbol*85/100 || c > perSymbol*115/100 {
				t.Errorf("alphabet size %d: symbol %d drawn %d times, want about %d", len(alphabet), i, c, perSymbol)
			}
		}
	}
}

func TestRandomStringPanics(t *testing.T) {
	tests := map[string]func(){
		"empty alphabet":   func() { secret.RandomString(5, "") },
		"alphabet too big": func() { secret.RandomString(5, strings.Repeat("a", 257)) },
		"negative length":  func() { secret.RandomString(-1, secret.AlphaNum) },
	}
	for name, f := range tests {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func BenchmarkGenerateID(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		secret.GenerateID()
	}
}
