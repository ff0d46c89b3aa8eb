package jsontext_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/goauth-dev/goauth/authcore/internal/jsontext"
)

var seeds = []string{
	``, ` `, `null`, `true`, `false`, `nul`, `truex`, `0`, `-0`, `01`, `1.`, `.5`, `-`, `1e`, `1e+`, `1E-2`, `-12.5e10`,
	`""`, `"\u00e9\ud83d"`, `"\q"`, `"\u12g4"`, "\"\x01\"", "\"\xff\xfe\"", `"a`, `[]`, `[1,]`, `[,1]`, `[1 2]`,
	`{}`, `{"a":1}`, `{"a":1,}`, `{"a"}`, `{a:1}`, `{"a":1}}`, ` {"a" : [ 1 , {"b":null} ] } `, `{} {}`, `[[[]]]`,
	`{"session":{"id":"x","expiresAt":"2024-01-01T00:00:00.000Z"},"expiresAt":1,"signature":"abc"}`,
}

func TestValidMatchesEncodingJSON(t *testing.T) {
	for _, s := range seeds {
		check(t, s)
	}
	// The nesting limit.
	for _, n := range []int{jsontext.MaxDepth - 1, jsontext.MaxDepth, jsontext.MaxDepth + 1} {
		check(t, strings.Repeat("[", n)+strings.Repeat("]", n))
		check(t, strings.Repeat(`{"a":`, n-1)+"[]"+strings.Repeat("}", n-1))
	}
}

func FuzzValid(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { check(t, s) })
}

func check(t *testing.T, s string) {
	t.Helper()
	if got, want := jsontext.Valid([]byte(s)), json.Valid([]byte(s)); got != want {
		t.Errorf("Valid(%.80q) = %v, encoding/json says %v", s, got, want)
	}
}

func BenchmarkValid(b *testing.B) {
	d := []byte(`{"session":{"session":{"id":"Qm3cJ0k2XyZAbCdEfGhIjKlMnOpQrStU","expiresAt":"2026-01-08T00:00:00.000Z","token":"pPFqTestToken0123456789abcdefABCD","createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z","ipAddress":"203.0.113.7","userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36","userId":"UaqFxYz0123456789abcdefghijKi3"},"user":{"id":"UaqFxYz0123456789abcdefghijKi3","name":"Ann Example","email":"ann@example.com","emailVerified":true,"image":null,"createdAt":"2025-06-01T12:30:45.678Z","updatedAt":"2025-06-01T12:30:45.678Z"},"updatedAt":1767225600000,"version":"1"},"expiresAt":1767225900000,"signature":"0123456789abcdefghijABCDEFGHIJ0123456789abc"}`)
	b.Run("jsontext", func(b *testing.B) {
		b.SetBytes(int64(len(d)))
		for b.Loop() {
			jsontext.Valid(d)
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(d)))
		for b.Loop() {
			json.Valid(d)
		}
	})
}
