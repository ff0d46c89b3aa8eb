package cookie

import (
	"encoding/json"
	"math"
	"testing"
)

// Expected values printed by Node 20: JSON.stringify(JSON.parse(in)) and
// JSON.stringify(number).
func TestAppendCanon(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"a":"\u00e9\/\u0001\u001F\u007f\u2028\ud800\udc00x\ud83d\ude00\"\\\b\f\n\r\t"}`,
			"{\"a\":\"é/\\u0001\\u001f\u007f\u2028\U00010000x😀\\\"\\\\\\b\\f\\n\\r\\t\"}"},
		{`{"a":1,"b":2,"a":3}`, `{"a":3,"b":2}`},
		{`{ "b" : [ 1 , -0 , 1E2 , 1.0 , 0.1 , 123456789012345678 , 1e21 , 1e-7 , 1.5e300 , -2.5e-10 , 1e400 , 0.000001 , 1e-400 ] }`,
			`{"b":[1,0,100,1,0.1,123456789012345680,1e+21,1e-7,1.5e+300,-2.5e-10,null,0.000001,0]}`},
		{`{"z":1,"4294967295":2,"4294967294":3,"01":4,"1":5,"0":6}`,
			`{"0":6,"1":5,"4294967294":3,"z":1,"4294967295":2,"01":4}`},
		{`{"k\u0065y":true,"key":false,"n":null}`, `{"key":false,"n":null}`},
		{`{"deep":{"x":[{"b":1,"a":2},[],{}],"s":"<>&\u003c"}}`, `{"deep":{"x":[{"b":1,"a":2},[],{}],"s":"<>&<"}}`},
		{`{"s":"\ud800","t":"\udc00\ud800"}`, `{"s":"\ud800","t":"\udc00\ud800"}`},
		{"{\"bad\":\"\xff\"}", "{\"bad\":\"\uFFFD\"}"},
		{`{}`, `{}`},
		{` { } `, `{}`},
	}
	for _, tc := range cases {
		got, err := appendCanonObject(nil, []byte(tc.in))
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if string(got) != tc.want {
			t.Errorf("canon(%s)\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
	for _, bad := range []string{``, `[]`, `"x"`, `{"a":}`, `{"a":1} x`, `null`} {
		if _, err := appendCanonObject(nil, []byte(bad)); err == nil {
			t.Errorf("canon(%q): no error", bad)
		}
	}
}

func TestAppendCanonManyKeys(t *testing.T) {
	// More keys than the fast path tracks: the slow path must keep the order.
	in := `{`
	want := `{`
	for i := range 40 {
		if i > 0 {
			in += ","
			want += ","
		}
		k := string(rune('A'+i%26)) + string(rune('a'+i/26))
		in += `"` + k + `": ` + "1.0"
		want += `"` + k + `":1`
	}
	in += `}`
	want += `}`
	got, err := appendCanonObject(nil, []byte(in))
	if err != nil || string(got) != want {
		t.Errorf("got %s, %v\nwant %s", got, err, want)
	}
}

func TestAppendJSNumber(t *testing.T) {
	cases := []struct {
		f    float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "0"}, {1, "1"}, {-1, "-1"}, {0.1, "0.1"},
		{1.5e-7, "1.5e-7"}, {1e-7, "1e-7"}, {1e-6, "0.000001"}, {123.456, "123.456"},
		{1e20, "100000000000000000000"}, {1e21, "1e+21"},
		{1.7976931348623157e308, "1.7976931348623157e+308"}, {5e-324, "5e-324"},
		{1 << 53, "9007199254740992"}, {1<<53 + 2, "9007199254740994"},
		{0.30000000000000004, "0.30000000000000004"}, {100, "100"}, {1234567.0, "1234567"},
		{-1e-10, "-1e-10"}, {4.35, "4.35"}, {1e15, "1000000000000000"}, {1.2e16, "12000000000000000"},
		{math.Inf(1), "null"}, {math.NaN(), "null"},
	}
	for _, tc := range cases {
		if got := string(appendJSNumber(nil, tc.f)); got != tc.want {
			t.Errorf("appendJSNumber(%g) = %s, want %s", tc.f, got, tc.want)
		}
	}
}

func TestJSTruthy(t *testing.T) {
	for v, want := range map[string]bool{
		`null`: false, `false`: false, `0`: false, `-0`: false, `0.0e5`: false, `1e-400`: false, `""`: false,
		`true`: true, `1`: true, `"0"`: true, `[]`: true, `{}`: true, `" "`: true,
	} {
		if !json.Valid([]byte(v)) {
			t.Fatalf("bad case %s", v)
		}
		if got := jsTruthy([]byte(v)); got != want {
			t.Errorf("jsTruthy(%s) = %v", v, got)
		}
	}
}

func TestHMACSHA256(t *testing.T) {
	// RFC 4231 test case 6 (key longer than the block) and 2.
	for _, tc := range []struct{ key, msg, want string }{
		{string(repeatByte(0xaa, 131)), "Test Using Larger Than Block-Size Key - Hash Key First",
			"60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
		{"Jefe", "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
	} {
		buf := append(make([]byte, 64), tc.msg...)
		sum := hmacSHA256([]byte(tc.key), buf)
		if got := hexString(sum[:]); got != tc.want {
			t.Errorf("hmac = %s, want %s", got, tc.want)
		}
	}
}

func repeatByte(c byte, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = c
	}
	return b
}

func hexString(b []byte) string {
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, lowerHex[c>>4], lowerHex[c&15])
	}
	return string(out)
}

func TestUtilsBase64(t *testing.T) {
	cases := []struct {
		in   string
		want string
		ok   bool
	}{
		{"aGVsbG8", "hello", true},
		{"aGVsbG8=", "hello", true},
		{"aGVsbG8=junk!!", "hello", true}, // stops at '='
		{"-_-_", "\xfb\xff\xbf", true},
		{"+/+/", "\xfb\xff\xbf", true},
		{"+_", "", false}, // '-' or '_' selects the URL alphabet, so '+' is invalid
		{"a", "", true},   // leftover bits dropped
		{"aé", "", false},
		{"", "", true},
		{"aGVs\nbG8", "", false}, // the standard library would skip the newline
		{"aGVsbG8h", "hello!", true},
		{"aGVsbG8h" + "a", "hello!", true},
	}
	for _, tc := range cases {
		got, ok := utilsB64Decode(nil, tc.in)
		got2, ok2 := utilsB64DecodeBytes(nil, []byte(tc.in))
		if ok2 != ok || string(got2) != string(got) {
			t.Errorf("bytes and string decoders disagree on %q", tc.in)
		}
		if ok != tc.ok {
			t.Errorf("decode(%q) ok = %v", tc.in, ok)
			continue
		}
		if ok && string(got) != tc.want {
			t.Errorf("decode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestChunkIndex(t *testing.T) {
	cases := []struct {
		name string
		idx  float64
		ok   bool
	}{
		{"a.0", 0, true}, {"a.12", 12, true}, {"a.", 0, true}, {"a. 3x", 3, true}, {"a.-1", -1, true},
		{"a.+4", 4, true}, {"a.x", 0, false}, {"a.-", 0, false}, {"a.1e3", 1, true}, {"a.0x10", 0, true},
		{"a.99999999999999999999", 1e20, true},
	}
	for _, tc := range cases {
		idx, ok := chunkIndex(tc.name)
		if idx != tc.idx || ok != tc.ok {
			t.Errorf("chunkIndex(%q) = %v, %v; want %v, %v", tc.name, idx, ok, tc.idx, tc.ok)
		}
	}
}
