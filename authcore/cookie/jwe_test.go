package cookie_test

import (
	"bytes"
	"compress/flate"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/cookie"
)

// jweOf encrypts plaintext as A256CBC-HS512 under the session key of secret with
// the given protected header (an independent implementation of RFC 7516/7518).
func jweOf(t *testing.T, secret []byte, header string, plaintext []byte) string {
	t.Helper()
	key, err := hkdf.Key(sha256.New, secret, []byte(cookie.SessionSalt), "BetterAuth.js Generated Encryption Key", 64)
	if err != nil {
		t.Fatal(err)
	}
	iv := bytes.Repeat([]byte{7}, 16)
	pad := 16 - len(plaintext)%16
	pt := append(append([]byte{}, plaintext...), bytes.Repeat([]byte{byte(pad)}, pad)...)
	block, _ := aes.NewCipher(key[32:])
	ct := make([]byte, len(pt))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, pt)
	aad := b64(header)
	m := hmac.New(sha512.New, key[:32])
	m.Write([]byte(aad))
	m.Write(iv)
	m.Write(ct)
	var al [8]byte
	binary.BigEndian.PutUint64(al[:], uint64(len(aad))*8)
	m.Write(al[:])
	enc := base64.RawURLEncoding
	return aad + ".." + enc.EncodeToString(iv) + "." + enc.EncodeToString(ct) + "." + enc.EncodeToString(m.Sum(nil)[:32])
}

func TestJWERoundTrip(t *testing.T) {
	p := testPayload()
	v, err := cookie.EncodeJWE(p, testSecret, testNow, 300*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	v2, _ := cookie.EncodeJWE(p, testSecret, testNow, 300*time.Second)
	if v == v2 {
		t.Error("two encodings are equal; IV and jti must be random")
	}
	got, exp, err := cookie.DecodeJWE(v, [][]byte{[]byte("old"), testSecret}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(p, got, cmpJSON); diff != "" {
		t.Errorf("payload (-want +got):\n%s", diff)
	}
	if !exp.Equal(testNow.Add(300 * time.Second)) {
		t.Errorf("exp = %v", exp)
	}
	claims := jweClaims(t, v)
	if !regexp.MustCompile(`,"iat":\d+,"exp":\d+,"jti":"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"}$`).MatchString(claims) {
		t.Errorf("claims tail: %s", claims)
	}
	// 15 s clock tolerance on exp.
	if _, _, err := cookie.DecodeJWE(v, [][]byte{testSecret}, testNow.Add(314*time.Second)); err != nil {
		t.Errorf("within tolerance: %v", err)
	}
	if _, _, err := cookie.DecodeJWE(v, [][]byte{testSecret}, testNow.Add(315*time.Second)); !errors.Is(err, cookie.ErrExpired) {
		t.Errorf("past tolerance: %v", err)
	}
}

// jweClaims decrypts v with the test secret through DecryptJWT.
func jweClaims(t *testing.T, v string) string {
	t.Helper()
	claims, _, err := cookie.DecryptJWT(v, [][]byte{testSecret}, cookie.SessionSalt, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return string(claims)
}

// TestJWEKid checks the kid against the one Better Auth wrote for the fixture secret.
func TestJWEKid(t *testing.T) {
	f := loadFixtures(t)
	var ba string
	for _, c := range f.Cache {
		if c.Strategy == "jwe" {
			ba = c.Value
			break
		}
	}
	v, err := cookie.EncodeJWE(testPayload(), []byte(f.Secret), testNow, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	hdr := func(s string) string {
		b, err := base64.RawURLEncoding.DecodeString(s[:strings.IndexByte(s, '.')])
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if hdr(v) != hdr(ba) {
		t.Errorf("header %s, Better Auth's %s", hdr(v), hdr(ba))
	}
}

func TestDecodeJWEOutcomes(t *testing.T) {
	sec := itoa(testNow.Unix())
	claims := []byte(`{"session":{"id":"s"},"user":{"id":"u"},"updatedAt":1,"version":"1","iat":` + sec + `,"exp":` + itoa(testNow.Unix()+60) + `}`)
	var deflated bytes.Buffer
	w, _ := flate.NewWriter(&deflated, flate.BestCompression)
	w.Write(claims)
	w.Close()
	var bomb bytes.Buffer
	w, _ = flate.NewWriter(&bomb, flate.BestCompression)
	w.Write(bytes.Repeat([]byte(" "), 250001))
	w.Close()
	good := jweOf(t, testSecret, `{"alg":"dir","enc":"A256CBC-HS512"}`, claims)
	cases := []struct {
		name  string
		value string
		want  error
	}{
		{"no kid", good, nil},
		{"zip DEF", jweOf(t, testSecret, `{"alg":"dir","enc":"A256CBC-HS512","zip":"DEF"}`, deflated.Bytes()), nil},
		{"zip bomb", jweOf(t, testSecret, `{"alg":"dir","enc":"A256CBC-HS512","zip":"DEF"}`, bomb.Bytes()), cookie.ErrMalformed},
		{"zip other", jweOf(t, testSecret, `{"alg":"dir","enc":"A256CBC-HS512","zip":"GZ"}`, claims), cookie.ErrMalformed},
		{"crit", jweOf(t, testSecret, `{"alg":"dir","enc":"A256CBC-HS512","crit":["exp"],"exp":1}`, claims), cookie.ErrMalformed},
		{"A256GCM", jweOf(t, testSecret, `{"alg":"dir","enc":"A256GCM"}`, claims), cookie.ErrMalformed},
		{"alg A256KW", jweOf(t, testSecret, `{"alg":"A256KW","enc":"A256CBC-HS512"}`, claims), cookie.ErrMalformed},
		{"unknown kid", jweOf(t, testSecret, `{"alg":"dir","enc":"A256CBC-HS512","kid":"nope"}`, claims), cookie.ErrSignature},
		{"null kid", jweOf(t, testSecret, `{"alg":"dir","enc":"A256CBC-HS512","kid":null}`, claims), cookie.ErrSignature},
		{"encrypted key", strings.Replace(good, "..", ".AAAA.", 1), cookie.ErrMalformed},
		{"tampered tag", good[:len(good)-3] + "AAA", cookie.ErrSignature},
		{"four parts", good[:strings.LastIndexByte(good, '.')], cookie.ErrMalformed},
		{"not an object", jweOf(t, testSecret, `{"alg":"dir","enc":"A256CBC-HS512"}`, []byte(`"x"`)), cookie.ErrMalformed},
		{"invalid UTF-8", jweOf(t, testSecret, `{"alg":"dir","enc":"A256CBC-HS512"}`, []byte("{\"a\":\"\xff\"}")), cookie.ErrMalformed},
		{"no session", jweOf(t, testSecret, `{"alg":"dir","enc":"A256CBC-HS512"}`, []byte(`{"user":{}}`)), cookie.ErrMalformed},
		{"other secret", jweOf(t, []byte("other"), `{"alg":"dir","enc":"A256CBC-HS512"}`, claims), cookie.ErrSignature},
	}
	for _, tc := range cases {
		_, _, err := cookie.DecodeJWE(tc.value, [][]byte{[]byte("first"), testSecret}, testNow)
		if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
}

func TestEncryptJWT(t *testing.T) {
	v, err := cookie.EncryptJWT([]byte(`{ "id":"a", "n":1.0 }`), testSecret, cookie.AccountSalt, testNow, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := cookie.DecodeJWE(v, [][]byte{testSecret}, testNow); !errors.Is(err, cookie.ErrSignature) {
		t.Errorf("account salt must not open as a session value: %v", err)
	}
	claims, exp, err := cookie.DecryptJWT(v, [][]byte{testSecret}, cookie.AccountSalt, testNow)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(claims, &m); err != nil || m["id"] != "a" || m["n"] != 1.0 || !strings.HasPrefix(string(claims), `{"id":"a","n":1,"iat":`) {
		t.Errorf("claims = %s", claims)
	}
	if !exp.Equal(testNow.Add(time.Minute)) {
		t.Errorf("exp = %v", exp)
	}
	if v, err := cookie.EncryptJWT([]byte(`{}`), testSecret, cookie.AccountSalt, testNow, time.Minute); err != nil {
		t.Fatal(err)
	} else if c, _, _ := cookie.DecryptJWT(v, [][]byte{testSecret}, cookie.AccountSalt, testNow); !strings.HasPrefix(string(c), `{"iat":`) {
		t.Errorf("empty object claims = %s", c)
	}
	if _, err := cookie.EncryptJWT([]byte(`[]`), testSecret, cookie.AccountSalt, testNow, time.Minute); err == nil {
		t.Error("array claims: no error")
	}
}
