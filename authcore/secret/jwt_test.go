package secret_test

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/secret"
)

var jwtNow = time.Unix(1_767_225_600, 500e6) // 2026-01-01T00:00:00.5Z

func TestSignJWT(t *testing.T) {
	k := mustNew(t, testLegacy)
	claims := map[string]any{"email": "a@example.com", "html": "<&>", "iat": "ignored"}
	tok, err := k.SignJWT(claims, jwtNow, time.Hour+900*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q has %d parts", tok, len(parts))
	}
	header, _ := base64.RawURLEncoding.DecodeString(parts[0])
	if string(header) != `{"alg":"HS256"}` {
		t.Errorf("header = %s", header)
	}
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	want := `{"email":"a@example.com","exp":1767229200,"html":"<&>","iat":1767225600}`
	if string(payload) != want {
		t.Errorf("payload = %s\nwant      %s", payload, want)
	}
	if claims["iat"] != "ignored" || len(claims) != 3 {
		t.Errorf("SignJWT mutated its input: %v", claims)
	}
	got, err := k.VerifyJWT(tok, jwtNow)
	if err != nil {
		t.Fatal(err)
	}
	wantClaims := map[string]any{"email": "a@example.com", "html": "<&>", "iat": 1767225600.0, "exp": 1767229200.0}
	if diff := cmp.Diff(wantClaims, got); diff != "" {
		t.Errorf("VerifyJWT (-want +got):\n%s", diff)
	}
}

func TestSignJWTBadClaims(t *testing.T) {
	k := mustNew(t, testLegacy)
	if _, err := k.SignJWT(map[string]any{"f": func() {}}, jwtNow, time.Hour); err == nil {
		t.Error("SignJWT with an unencodable claim succeeded")
	}
}

// makeJWT builds an HS256-signed token from raw header and payload JSON.
func makeJWT(k *secret.Keyring, header, payload string) string {
	enc := base64.RawURLEncoding
	input := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload))
	return input + "." + hmacB64URL(k, input)
}

// hmacB64URL re-encodes Sign's standard base64 as base64url without padding.
func hmacB64URL(k *secret.Keyring, input string) string {
	std, _ := base64.StdEncoding.DecodeString(k.Sign(input))
	return base64.RawURLEncoding.EncodeToString(std)
}

func TestVerifyJWT(t *testing.T) {
	k := mustNew(t, testLegacy)
	other := mustNew(t, testV1)
	good, _ := k.SignJWT(map[string]any{"email": "a@example.com"}, jwtNow, time.Hour)
	h := `{"alg":"HS256"}`
	tests := []struct {
		name  string
		token string
		want  error
	}{
		{"good", good, nil},
		{"no exp", makeJWT(k, h, `{"a":1}`), nil},
		{"typ header ignored", makeJWT(k, `{"alg":"HS256","typ":"JWT"}`, `{"a":1}`), nil},
		{"exp one second ahead", makeJWT(k, h, `{"exp":1767225601}`), nil},
		{"fractional exp ahead", makeJWT(k, h, `{"exp":1767225600.5}`), nil},
		{"exp == now", makeJWT(k, h, `{"exp":1767225600}`), secret.ErrTokenExpired},
		{"exp in the past", makeJWT(k, h, `{"exp":1}`), secret.ErrTokenExpired},
		{"nbf == now", makeJWT(k, h, `{"nbf":1767225600}`), nil},
		{"nbf in the future", makeJWT(k, h, `{"nbf":1767225601}`), secret.ErrInvalidToken},
		{"iat in the future is fine", makeJWT(k, h, `{"iat":9767225601}`), nil},
		{"exp as string", makeJWT(k, h, `{"exp":"9999999999"}`), secret.ErrInvalidToken},
		{"iat as string", makeJWT(k, h, `{"iat":"1"}`), secret.ErrInvalidToken},
		{"nbf null", makeJWT(k, h, `{"nbf":null}`), secret.ErrInvalidToken},
		{"payload array", makeJWT(k, h, `[1]`), secret.ErrInvalidToken},
		{"payload null", makeJWT(k, h, `null`), secret.ErrInvalidToken},
		{"payload not JSON", makeJWT(k, h, `{`), secret.ErrInvalidToken},
		{"payload invalid UTF-8", makeJWT(k, h, "{\"a\":\"\xff\"}"), secret.ErrInvalidToken},
		{"alg HS512", makeJWT(k, `{"alg":"HS512"}`, `{}`), secret.ErrInvalidToken},
		{"alg none", makeJWT(k, `{"alg":"none"}`, `{}`), secret.ErrInvalidToken},
		{"alg missing", makeJWT(k, `{}`, `{}`), secret.ErrInvalidToken},
		{"crit", makeJWT(k, `{"alg":"HS256","crit":["b64"],"b64":false}`, `{}`), secret.ErrInvalidToken},
		{"header array", makeJWT(k, `["HS256"]`, `{}`), secret.ErrInvalidToken},
		{"other secret", makeJWT(other, h, `{}`), secret.ErrInvalidToken},
		{"expired and badly signed", makeJWT(other, h, `{"exp":1}`), secret.ErrInvalidToken},
		{"unsigned", strings.TrimSuffix(good, good[strings.LastIndexByte(good, '.')+1:]), secret.ErrInvalidToken},
		{"two parts", good[:strings.LastIndexByte(good, '.')], secret.ErrInvalidToken},
		{"four parts", good + ".x", secret.ErrInvalidToken},
		{"padded signature", good + "=", secret.ErrInvalidToken},
		{"empty", "", secret.ErrInvalidToken},
		{"dots", "..", secret.ErrInvalidToken},
	}
	for _, tt := range tests {
		_, err := k.VerifyJWT(tt.token, jwtNow)
		if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("%s: VerifyJWT = %v, want %v", tt.name, err, tt.want)
		}
		if errors.Is(err, secret.ErrTokenExpired) && errors.Is(err, secret.ErrInvalidToken) {
			t.Errorf("%s: error matches both sentinels", tt.name)
		}
	}
}

func TestVerifyJWTOnlyCurrentSecret(t *testing.T) {
	old := mustNew(t, "", secret.Version{Version: 1, Value: testV1})
	rotated := mustNew(t, "", secret.Version{Version: 2, Value: testV2}, secret.Version{Version: 1, Value: testV1})
	tok, _ := old.SignJWT(map[string]any{"email": "a@example.com"}, jwtNow, time.Hour)
	if _, err := rotated.VerifyJWT(tok, jwtNow); !errors.Is(err, secret.ErrInvalidToken) {
		t.Errorf("token signed with a previous version: %v, want ErrInvalidToken", err)
	}
}

func BenchmarkVerifyJWT(b *testing.B) {
	k := mustNew(b, testLegacy)
	tok, _ := k.SignJWT(map[string]any{"email": "a@example.com"}, jwtNow, time.Hour)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := k.VerifyJWT(tok, jwtNow); err != nil {
			b.Fatal(err)
		}
	}
}
