package model_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/model"
)

// decodeCases are JSON texts DecodeUser and DecodeSession must read exactly as the
// map-based path (encoding/json into map[string]any, then UserFromMap/SessionFromMap).
var decodeCases = []string{
	`{"id":"u1","name":"Ada","email":"ada@example.com","emailVerified":true,"image":null,"createdAt":"2024-01-02T03:04:05.678Z","updatedAt":"2024-12-31T23:59:59.001Z"}`,
	`{"id":"s1","expiresAt":"2024-01-09T03:04:05.678Z","token":"tok","createdAt":"2024-01-02T03:04:05.678Z","updatedAt":"2024-01-02T03:04:05.678Z","ipAddress":"203.0.113.7","userAgent":"Mozilla/5.0 \"x\"","userId":"u1"}`,
	` { "id" : "a" , "name":"\u00e9\u2028\ud83d\ude00 tab\t" , "emailVerified" : 1 } `,
	`{"emailVerified":0.5,"image":"https://x/y.png","role":"admin,user","age":42,"tags":["a",1,null],"meta":{"k":[{}]},"flag":false}`,
	`{"id":5,"name":null,"email":true,"image":7,"createdAt":12345,"updatedAt":"not a date","expiresAt":"2024-01-02T03:04:05+02:00"}`,
	`{"\u0069d":"escaped key","id":"dup wins","id":"last"}`,
	`{"name":"invalid utf8 \xff\xfe here","k\xffey":"v"}`,
	`{"ipAddress":null,"userAgent":"","token":"","emailVerified":"true"}`,
	`{"n":-0.5e-3,"m":1E+2,"z":0,"big":123456789012345678901234567890}`,
	`{}`,
	`null`,
	// Errors.
	``, `[]`, `"x"`, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":01}`, `{"a":1.}`, `{"a":-}`,
	`{"a":tru}`, `{"a":"\x01"}`, `{"a":"\q"}`, `{"a":"\u12"}`, `{} x`, `{"a":1}}`, `{"a":[1,]}`,
	`{"a":{"b"}}`, `{"a":1e400}`, `{'a':1}`, `nul`,
}

func TestDecodeUserMatchesMap(t *testing.T) {
	for _, raw := range decodeCases {
		checkDecode(t, raw)
	}
}

func FuzzDecode(f *testing.F) {
	for _, raw := range decodeCases {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw string) { checkDecode(t, raw) })
}

func checkDecode(t *testing.T, raw string) {
	t.Helper()
	var m map[string]any
	mapErr := json.Unmarshal([]byte(raw), &m)

	u, err := model.DecodeUser([]byte(raw))
	if (err != nil) != (mapErr != nil) {
		t.Fatalf("DecodeUser(%q) error = %v, map decoding error = %v", raw, err, mapErr)
	}
	if err == nil {
		if diff := cmp.Diff(model.UserFromMap(m), u); diff != "" {
			t.Errorf("DecodeUser(%q) differs from UserFromMap (-map +decode):\n%s", raw, diff)
		}
	}
	s, err := model.DecodeSession([]byte(raw))
	if (err != nil) != (mapErr != nil) {
		t.Fatalf("DecodeSession(%q) error = %v, map decoding error = %v", raw, err, mapErr)
	}
	if err == nil {
		if diff := cmp.Diff(model.SessionFromMap(m), s); diff != "" {
			t.Errorf("DecodeSession(%q) differs from SessionFromMap (-map +decode):\n%s", raw, diff)
		}
	}
}

// TestAppendJSONMatchesMarshalJSON checks the append form against MarshalJSON, and
// decoding against encoding.
func TestAppendJSONRoundTrip(t *testing.T) {
	u := model.User{ID: "u1", Name: "Ada \"<&>\u2028", Email: "a@b.co", Image: ptr("i"), CreatedAt: created, UpdatedAt: updated,
		Fields: map[string]any{"role": "admin", "n": 1.5, "when": updated, "list": []any{"x", true}}}
	want, err := u.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	got, err := u.AppendJSON([]byte("prefix"))
	if err != nil || string(got) != "prefix"+string(want) {
		t.Fatalf("AppendJSON = %s, %v; want prefix%s", got, err, want)
	}
	back, err := model.DecodeUser(want)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := back.MarshalJSON()
	if string(again) != string(want) {
		t.Errorf("round trip:\n got %s\nwant %s", again, want)
	}
	s := model.Session{ID: "s", Token: "t", UserID: "u1", ExpiresAt: updated, CreatedAt: created, UpdatedAt: created, UserAgent: ptr("ua")}
	want, _ = s.MarshalJSON()
	bs, err := model.DecodeSession(want)
	if err != nil {
		t.Fatal(err)
	}
	again, _ = bs.MarshalJSON()
	if string(again) != string(want) {
		t.Errorf("session round trip:\n got %s\nwant %s", again, want)
	}
}

func BenchmarkDecodeUser(b *testing.B) {
	raw := []byte(decodeCases[0])
	b.ReportAllocs()
	for b.Loop() {
		if _, err := model.DecodeUser(raw); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSessionAppendJSON(b *testing.B) {
	s, err := model.DecodeSession([]byte(decodeCases[1]))
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.AppendJSON(buf[:0]); err != nil {
			b.Fatal(err)
		}
	}
}

func TestDecodeDates(t *testing.T) {
	for _, d := range []string{
		"2024-02-29T00:00:00.000Z", "2023-02-29T00:00:00.000Z", "1900-02-29T00:00:00.000Z", "2000-02-29T23:59:59.999Z",
		"2024-04-31T00:00:00.000Z", "2024-13-01T00:00:00.000Z", "2024-00-01T00:00:00.000Z", "2024-01-00T00:00:00.000Z",
		"2024-01-01T24:00:00.000Z", "2024-01-01T23:60:00.000Z", "2024-01-01T23:59:60.000Z", "0000-01-01T00:00:00.000Z",
		"2024-01-01T00:00:00.00aZ", "2024-01-01 00:00:00.000Z", "+2024-01-01T00:00:00.000Z",
	} {
		checkDecode(t, `{"createdAt":"`+d+`","expiresAt":"`+d+`"}`)
	}
}
