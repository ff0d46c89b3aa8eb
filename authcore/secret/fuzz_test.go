package secret_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/secret"
)

// The fuzz targets are seeded from testdata/betterauth.json and
// testdata/goauth.json; they assert that parsing attacker-controlled input
// never panics and never accepts a value the keyring did not make.

// fuzzKeyrings returns every fixture keyring, so that seeds made with any
// of them reach the accepting paths.
func fuzzKeyrings(t testing.TB) []*secret.Keyring {
	var out []*secret.Keyring
	for _, k := range keyrings(t, loadUpstream(t).Keyrings) {
		out = append(out, k)
	}
	return out
}

func FuzzVerifyValue(f *testing.F) {
	up := loadUpstream(f)
	for _, c := range up.Signed {
		f.Add(c.Signed)
	}
	var g goFixtures
	readJSON(f, "goauth.json", &g)
	for _, c := range g.Signed {
		f.Add(c.Signed)
	}
	f.Add("")
	f.Add(".")
	f.Add("a." + strings.Repeat("=", 44))
	krs := fuzzKeyrings(f)
	f.Fuzz(func(t *testing.T, signed string) {
		for _, k := range krs {
			raw, ok := k.VerifyValue(signed)
			if !ok {
				if raw != "" {
					t.Fatalf("rejected value returned raw %q", raw)
				}
				continue
			}
			// Anything accepted must be exactly what SignValue makes.
			if k.SignValue(raw) != signed {
				t.Fatalf("accepted %q, which SignValue(%q) does not produce", signed, raw)
			}
		}
	})
}

func FuzzDecrypt(f *testing.F) {
	up := loadUpstream(f)
	for _, c := range up.Encrypted {
		f.Add(c.Ciphertext)
	}
	var g goFixtures
	readJSON(f, "goauth.json", &g)
	for _, c := range g.Encrypted {
		f.Add(c.Ciphertext)
	}
	f.Add("$ba$")
	f.Add("$ba$1$")
	f.Add("$ba$99999999999999999999$00")
	krs := fuzzKeyrings(f)
	f.Fuzz(func(t *testing.T, ct string) {
		for _, k := range krs {
			pt, err := k.Decrypt(ct)
			if err != nil {
				if !errors.Is(err, secret.ErrDecrypt) {
					t.Fatalf("error %v does not wrap ErrDecrypt", err)
				}
				if pt != "" {
					t.Fatalf("failed decryption returned %q", pt)
				}
			}
		}
	})
}

func FuzzVerifyJWT(f *testing.F) {
	up := loadUpstream(f)
	for _, c := range up.JWT {
		f.Add(c.Token, int64(c.Claims["iat"].(float64)))
	}
	var g goFixtures
	readJSON(f, "goauth.json", &g)
	for _, c := range g.JWT {
		f.Add(c.Token, c.Iat)
	}
	f.Add("..", int64(0))
	f.Add("eyJhbGciOiJIUzI1NiJ9..", int64(0))
	krs := fuzzKeyrings(f)
	f.Fuzz(func(t *testing.T, token string, now int64) {
		for _, k := range krs {
			claims, err := k.VerifyJWT(token, time.Unix(now, 0))
			switch {
			case err == nil && claims == nil:
				t.Fatal("nil claims without error")
			case err != nil && claims != nil:
				t.Fatal("claims with an error")
			case err != nil && !errors.Is(err, secret.ErrInvalidToken) && !errors.Is(err, secret.ErrTokenExpired):
				t.Fatalf("unexpected error %v", err)
			}
		}
	})
}
