package cookie_test

import (
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/cookie"
)

// A get-session request: a signed session token, a compact cache of about 1 KB,
// and a few unrelated cookies.
func benchHeader(b *testing.B) (string, cacheFixture, fixtures) {
	fx := loadFixtures(b)
	c := fx.Cache[0]
	h := "_ga=GA1.1.123456789.1700000000; theme=dark; " +
		"better-auth.session_token=" + cookie.EncodeURIComponent(signValue("tokTOKENtokenTOKENtokenTOKEN0123", fx.Secret)) +
		"; better-auth.session_data=" + c.Value + "; csrf=abc%20def"
	return h, c, fx
}

func BenchmarkParse(b *testing.B) {
	h, _, _ := benchHeader(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(h)))
	for b.Loop() {
		_ = cookie.Parse(h)
	}
}

func BenchmarkReadChunkedHeader(b *testing.B) {
	h, _, _ := benchHeader(b)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = cookie.ReadChunkedHeader(h, "better-auth.session_data")
	}
}

func BenchmarkCookieString(b *testing.B) {
	c := cookie.Config{}.New("session_token", "tokTOKENtokenTOKENtokenTOKEN0123.1iz2+mNpI0l9hazBUgfdeBAZt/wHrBYgb5ImUEYsxCw=", ptr(604800))
	b.ReportAllocs()
	for b.Loop() {
		_ = c.String()
	}
}

func BenchmarkEncodeCompact(b *testing.B) {
	_, c, fx := benchHeader(b)
	p, secret, exp := c.payload(), []byte(fx.Secret), fx.now().Add(5*time.Minute)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cookie.EncodeCompact(p, secret, exp); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeCompact(b *testing.B) {
	_, c, fx := benchHeader(b)
	secret, now := []byte(fx.Secret), fx.now()
	b.ReportAllocs()
	b.SetBytes(int64(len(c.Value)))
	for b.Loop() {
		if _, _, err := cookie.DecodeCompact(c.Value, secret, now); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeJWT(b *testing.B) {
	fx := loadFixtures(b)
	v := fx.Cache[4].Value
	secret, now := []byte(fx.Secret), fx.now()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := cookie.DecodeJWT(v, secret, now); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeJWE(b *testing.B) {
	fx := loadFixtures(b)
	v := fx.Cache[6].Value
	secrets, now := [][]byte{[]byte(fx.Secret)}, fx.now()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := cookie.DecodeJWE(v, secrets, now); err != nil {
			b.Fatal(err)
		}
	}
}

// realisticPayload is a session and user as GoAuth's model package renders them.
func realisticPayload() cookie.CachePayload {
	return cookie.CachePayload{
		Session: []byte(`{"id":"Qm3cJ0k2XyZAbCdEfGhIjKlMnOpQrStU","expiresAt":"2026-01-08T00:00:00.000Z",` +
			`"token":"pPFqTestToken0123456789abcdefABCD","createdAt":"2026-01-01T00:00:00.000Z",` +
			`"updatedAt":"2026-01-01T00:00:00.000Z","ipAddress":"203.0.113.7",` +
			`"userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",` +
			`"userId":"UaqFxYz0123456789abcdefghijKi3"}`),
		User: []byte(`{"id":"UaqFxYz0123456789abcdefghijKi3","name":"Ann Example","email":"ann@example.com",` +
			`"emailVerified":true,"image":null,"createdAt":"2025-06-01T12:30:45.678Z","updatedAt":"2025-06-01T12:30:45.678Z"}`),
		UpdatedAt: 1767225600000,
		Version:   "1",
	}
}

func BenchmarkEncodeCompactRealistic(b *testing.B) {
	p, secret, exp := realisticPayload(), []byte("goauth-fixture-secret-0123456789abcdefghij"), time.UnixMilli(1767225900000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cookie.EncodeCompact(p, secret, exp); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeCompactRealistic(b *testing.B) {
	p, secret, exp := realisticPayload(), []byte("goauth-fixture-secret-0123456789abcdefghij"), time.UnixMilli(1767225900000)
	v, err := cookie.EncodeCompact(p, secret, exp)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(v)))
	for b.Loop() {
		if _, _, err := cookie.DecodeCompact(v, secret, exp); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeJWT(b *testing.B) {
	p, secret, now := realisticPayload(), []byte("goauth-fixture-secret-0123456789abcdefghij"), time.UnixMilli(1767225600000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cookie.EncodeJWT(p, secret, now, 5*time.Minute); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeJWE(b *testing.B) {
	p, secret, now := realisticPayload(), []byte("goauth-fixture-secret-0123456789abcdefghij"), time.UnixMilli(1767225600000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cookie.EncodeJWE(p, secret, now, 5*time.Minute); err != nil {
			b.Fatal(err)
		}
	}
}
