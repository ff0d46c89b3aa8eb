package cookie_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/authtest"
	"github.com/goauth-dev/goauth/authcore/cookie"
)

var (
	testSecret = []byte("test-secret-0123456789abcdefghijklmnop")
	testNow    = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
)

func testPayload() cookie.CachePayload {
	return cookie.CachePayload{
		Session:   json.RawMessage(`{"id":"s1","expiresAt":"2026-01-08T00:00:00.000Z","token":"t","userId":"u1"}`),
		User:      json.RawMessage(`{"id":"u1","name":"Ann","email":"ann@example.com"}`),
		UpdatedAt: testNow.UnixMilli(),
		Version:   "1",
	}
}

// compactOf signs sessionData text the way Better Auth does and wraps it.
func compactOf(sessionData string, expiresAt int64) string {
	signed := sessionData[:len(sessionData)-1] + `,"expiresAt":` + strconv.FormatInt(expiresAt, 10) + `}`
	if sessionData == "{}" {
		signed = `{"expiresAt":` + strconv.FormatInt(expiresAt, 10) + `}`
	}
	m := hmac.New(sha256.New, testSecret)
	m.Write([]byte(signed))
	sig := base64.RawURLEncoding.EncodeToString(m.Sum(nil))
	return b64(`{"session":` + sessionData + `,"expiresAt":` + strconv.FormatInt(expiresAt, 10) + `,"signature":"` + sig + `"}`)
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func TestCompactRoundTrip(t *testing.T) {
	p := testPayload()
	p.Version = ""
	v, err := cookie.EncodeCompact(p, testSecret, testNow.Add(5*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	got, exp, err := cookie.DecodeCompact(v, testSecret, testNow)
	if err != nil {
		t.Fatal(err)
	}
	p.Version = "1"
	if diff := cmp.Diff(p, got, cmpJSON); diff != "" {
		t.Errorf("payload (-want +got):\n%s", diff)
	}
	if !exp.Equal(testNow.Add(5 * time.Minute)) {
		t.Errorf("expiresAt = %v", exp)
	}
	// expiresAt == now is still valid (Better Auth: expiresAt < Date.now()).
	if _, _, err := cookie.DecodeCompact(v, testSecret, testNow.Add(5*time.Minute)); err != nil {
		t.Errorf("at expiry: %v", err)
	}
	got, exp, err = cookie.DecodeCompact(v, testSecret, testNow.Add(5*time.Minute+time.Millisecond))
	if !errors.Is(err, cookie.ErrExpired) || got.Session == nil || exp.IsZero() {
		t.Errorf("after expiry: %v, %+v, %v", err, got, exp)
	}
}

func TestCompactEncodeErrors(t *testing.T) {
	for _, p := range []cookie.CachePayload{
		{Session: json.RawMessage(`[]`), User: json.RawMessage(`{}`)},
		{Session: json.RawMessage(`{}`), User: json.RawMessage(`{"a":`)},
		{Session: nil, User: json.RawMessage(`{}`)},
	} {
		if _, err := cookie.EncodeCompact(p, testSecret, testNow); err == nil {
			t.Errorf("EncodeCompact(%s, %s): no error", p.Session, p.User)
		}
	}
}

func TestDecodeCompactOutcomes(t *testing.T) {
	exp := testNow.Add(time.Minute).UnixMilli()
	good := compactOf(`{"session":{"id":"s"},"user":{"id":"u"},"updatedAt":5,"version":"2"}`, exp)
	sigOf := func(v string) string {
		raw, _ := base64.RawURLEncoding.DecodeString(v)
		var m map[string]any
		_ = json.Unmarshal(raw, &m)
		return m["signature"].(string)
	}
	cases := []struct {
		name  string
		value string
		want  error
	}{
		{"valid", good, nil},
		{"valid with BOM", b64("\ufeff" + mustDecode(good)), nil},
		{"standard alphabet", base64.StdEncoding.EncodeToString([]byte(mustDecode(good))), nil},
		{"junk after padding", base64.URLEncoding.EncodeToString([]byte(mustDecode(good))) + "=!!", nil},
		{"invalid base64", "abc*def", cookie.ErrMalformed},
		{"mixed alphabets", "ab-c+", cookie.ErrMalformed},
		{"not JSON", b64("{oops"), cookie.ErrNotJSON},
		{"JSON null", b64("null"), cookie.ErrNotJSON},
		{"JSON zero", b64(" 0.0 "), cookie.ErrNotJSON},
		{"JSON empty string", b64(`""`), cookie.ErrNotJSON},
		{"JSON number", b64("1"), cookie.ErrSignature},
		{"JSON array", b64("[]"), cookie.ErrSignature},
		{"no signature", b64(`{"session":{"session":{},"user":{}},"expiresAt":1}`), cookie.ErrSignature},
		{"null signature", b64(`{"session":{},"expiresAt":1,"signature":null}`), cookie.ErrMalformed},
		{"number signature", b64(`{"signature":5}`), cookie.ErrMalformed},
		{"bad signature characters", b64(`{"signature":"a*b"}`), cookie.ErrMalformed},
		{"escaped bad signature character", b64(`{"signature":"\u0000"}`), cookie.ErrMalformed},
		{"short signature", b64(`{"session":{},"expiresAt":1,"signature":"abcd"}`), cookie.ErrSignature},
		{"tampered", b64(strings.Replace(mustDecode(good), strconv.FormatInt(exp, 10), strconv.FormatInt(exp+1, 10), 1)), cookie.ErrSignature},
		{"string expiresAt", b64(`{"session":{},"expiresAt":"1","signature":"` + sigOf(good) + `"}`), cookie.ErrSignature},
		{"session not object", compactOf(`{"session":"x","user":{}}`, exp), cookie.ErrMalformed},
		{"version not string", compactOf(`{"session":{},"user":{},"version":2}`, exp), cookie.ErrMalformed},
		{"expired", compactOf(`{"session":{},"user":{}}`, testNow.UnixMilli()-1), cookie.ErrExpired},
	}
	for _, tc := range cases {
		_, _, err := cookie.DecodeCompact(tc.value, testSecret, testNow)
		if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
}

func mustDecode(v string) string {
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestDecodeCompactFields(t *testing.T) {
	exp := testNow.Add(time.Minute).UnixMilli()
	cases := []struct {
		data      string
		version   string
		updatedAt int64
	}{
		{`{"session":{},"user":{},"updatedAt":7,"version":"v\u00e9"}`, "vé", 7},
		{`{"session":{},"user":{},"version":""}`, "1", 0},
		{`{"session":{},"user":{},"version":null,"updatedAt":"x"}`, "1", 0},
		{`{"session":{},"user":{},"version":"a","version":"b","updatedAt":1.9}`, "b", 1},
		// An empty session object is signed as {"expiresAt":…}.
		{`{}`, "", 0},
	}
	for _, tc := range cases {
		p, _, err := cookie.DecodeCompact(compactOf(tc.data, exp), testSecret, testNow)
		if tc.data == "{}" {
			if !errors.Is(err, cookie.ErrMalformed) {
				t.Errorf("%s: err = %v, want ErrMalformed (verified, but no session/user)", tc.data, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.data, err)
			continue
		}
		if p.Version != tc.version || p.UpdatedAt != tc.updatedAt {
			t.Errorf("%s: version %q updatedAt %d", tc.data, p.Version, p.UpdatedAt)
		}
	}
}

// TestDecodeCompactDateLikeString documents where this decoder is more lenient than
// Better Auth: a string that looks like an ISO date but is not in toISOString form
// is revived to a Date by Better Auth's safeJSONParse and re-serialised differently,
// so Better Auth rejects its own cookie; this decoder verifies the bytes as signed.
func TestDecodeCompactDateLikeString(t *testing.T) {
	p := testPayload()
	p.User = json.RawMessage(`{"id":"u1","name":"2024-01-01T00:00:00Z"}`)
	v, err := cookie.EncodeCompact(p, testSecret, testNow.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := cookie.DecodeCompact(v, testSecret, testNow)
	if err != nil || !strings.Contains(string(got.User), `"2024-01-01T00:00:00Z"`) {
		t.Errorf("got %s, %v", got.User, err)
	}
}

func TestDecodeCompactAllocs(t *testing.T) {
	if authtest.RaceEnabled {
		t.Skip("the race detector adds allocations; run without -race to check the counts")
	}
	v, err := cookie.EncodeCompact(testPayload(), testSecret, testNow.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	p := testPayload()
	n := testing.AllocsPerRun(100, func() {
		if _, _, err := cookie.DecodeCompact(v, testSecret, testNow); err != nil {
			t.Fatal(err)
		}
	})
	if n > 1 {
		t.Errorf("DecodeCompact allocates %v times, want 1", n)
	}
	n = testing.AllocsPerRun(100, func() {
		if _, err := cookie.EncodeCompact(p, testSecret, testNow); err != nil {
			t.Fatal(err)
		}
	})
	if n > 2 {
		t.Errorf("EncodeCompact allocates %v times, want 2", n)
	}
}
