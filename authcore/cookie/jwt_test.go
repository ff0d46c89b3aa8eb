package cookie_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"hash"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/cookie"
)

// jws signs header and claims JSON with secret.
func jws(h func() hash.Hash, header, claims string) string {
	in := b64(header) + "." + b64(claims)
	m := hmac.New(h, testSecret)
	m.Write([]byte(in))
	return in + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func TestJWTRoundTrip(t *testing.T) {
	p := testPayload()
	v, err := cookie.EncodeJWT(p, testSecret, testNow, 300*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(v, "eyJhbGciOiJIUzI1NiJ9.") {
		t.Errorf("header: %s", v)
	}
	got, exp, err := cookie.DecodeJWT(v, testSecret, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(p, got, cmpJSON); diff != "" {
		t.Errorf("payload (-want +got):\n%s", diff)
	}
	if !exp.Equal(testNow.Add(300 * time.Second)) {
		t.Errorf("exp = %v", exp)
	}
	// jose: exp <= now is expired, to the second.
	if _, _, err := cookie.DecodeJWT(v, testSecret, testNow.Add(299999*time.Millisecond)); err != nil {
		t.Errorf("before exp: %v", err)
	}
	if _, _, err := cookie.DecodeJWT(v, testSecret, testNow.Add(300*time.Second)); !errors.Is(err, cookie.ErrExpired) {
		t.Errorf("at exp: %v", err)
	}
}

func TestDecodeJWTOutcomes(t *testing.T) {
	sec := testNow.Unix()
	claims := `{"session":{"id":"s"},"user":{"id":"u"},"updatedAt":1,"version":"1","iat":` + itoa(sec) + `,"exp":` + itoa(sec+60) + `}`
	cases := []struct {
		name  string
		value string
		want  error
	}{
		{"HS256", jws(sha256.New, `{"alg":"HS256"}`, claims), nil},
		{"HS384", jws(sha512.New384, `{"alg":"HS384"}`, claims), nil},
		{"HS512", jws(sha512.New, `{"alg":"HS512","typ":"JWT"}`, claims), nil},
		{"crit b64 true", jws(sha256.New, `{"alg":"HS256","crit":["b64"],"b64":true}`, claims), nil},
		{"crit b64 false", jws(sha256.New, `{"alg":"HS256","crit":["b64"],"b64":false}`, claims), cookie.ErrMalformed},
		{"crit other", jws(sha256.New, `{"alg":"HS256","crit":["x"],"x":1}`, claims), cookie.ErrMalformed},
		{"alg none", b64(`{"alg":"none"}`) + "." + b64(claims) + ".", cookie.ErrMalformed},
		{"alg RS256", jws(sha256.New, `{"alg":"RS256"}`, claims), cookie.ErrMalformed},
		{"header case", jws(sha256.New, `{"ALG":"HS256"}`, claims), cookie.ErrMalformed},
		{"two parts", "a.b", cookie.ErrMalformed},
		{"four parts", jws(sha256.New, `{"alg":"HS256"}`, claims) + ".x", cookie.ErrMalformed},
		{"bad signature", jws(sha256.New, `{"alg":"HS256"}`, claims) + "*", cookie.ErrMalformed},
		{"long signature", jws(sha256.New, `{"alg":"HS256"}`, claims) + "A", cookie.ErrSignature},
		{"wrong signature", tamperSig(jws(sha256.New, `{"alg":"HS256"}`, claims)), cookie.ErrSignature},
		{"padded segments", padded(jws(sha256.New, `{"alg":"HS256"}`, claims)), nil},
		{"not an object", jws(sha256.New, `{"alg":"HS256"}`, `[1]`), cookie.ErrMalformed},
		{"invalid UTF-8", jws(sha256.New, `{"alg":"HS256"}`, "{\"session\":\"\xff\"}"), cookie.ErrMalformed},
		{"string exp", jws(sha256.New, `{"alg":"HS256"}`, `{"session":{},"user":{},"exp":"1"}`), cookie.ErrMalformed},
		{"string iat", jws(sha256.New, `{"alg":"HS256"}`, `{"session":{},"user":{},"iat":"1"}`), cookie.ErrMalformed},
		{"nbf in the future", jws(sha256.New, `{"alg":"HS256"}`, `{"session":{},"user":{},"nbf":`+itoa(sec+1)+`}`), cookie.ErrExpired},
		{"no exp", jws(sha256.New, `{"alg":"HS256"}`, `{"session":{},"user":{}}`), nil},
		{"no user", jws(sha256.New, `{"alg":"HS256"}`, `{"session":{}}`), cookie.ErrMalformed},
		{"BOM", jws(sha256.New, "\ufeff{\"alg\":\"HS256\"}", "\ufeff"+claims), nil},
	}
	for _, tc := range cases {
		_, _, err := cookie.DecodeJWT(tc.value, testSecret, testNow)
		if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
	if _, _, err := cookie.DecodeJWT(cases[0].value, nil, testNow); !errors.Is(err, cookie.ErrSignature) {
		t.Errorf("empty secret: %v", err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// tamperSig changes one character of the signature.
func tamperSig(v string) string {
	i := len(v) - 5
	c := byte('A')
	if v[i] == 'A' {
		c = 'B'
	}
	return v[:i] + string(c) + v[i+1:]
}

// padded re-encodes every segment with '=' padding (jose accepts it).
func padded(v string) string {
	parts := strings.Split(v, ".")
	for i, p := range parts {
		b, err := base64.RawURLEncoding.DecodeString(p)
		if err != nil {
			panic(err)
		}
		parts[i] = base64.URLEncoding.EncodeToString(b)
	}
	return strings.Join(parts, ".")
}
