package cookie_test

import (
	"strings"
	"testing"

	"github.com/goauth-dev/goauth/authcore/cookie"
)

func TestChunk(t *testing.T) {
	c := cookie.Cookie{Name: "n", Value: strings.Repeat("a", cookie.SessionDataLimit)}
	if got := cookie.Chunk(c); len(got) != 1 || got[0].Name != "n" {
		t.Fatalf("at the limit: %d cookies", len(got))
	}
	c.Value = strings.Repeat("0123456789", 800) // 8000 bytes
	got := cookie.Chunk(c)
	if len(got) != 3 {
		t.Fatalf("8000 bytes: %d chunks", len(got))
	}
	var joined strings.Builder
	for i, ch := range got {
		if want := "n." + string(rune('0'+i)); ch.Name != want {
			t.Errorf("chunk %d name %q", i, ch.Name)
		}
		if i < 2 && len(ch.Value) != cookie.ChunkSize {
			t.Errorf("chunk %d has %d bytes", i, len(ch.Value))
		}
		joined.WriteString(ch.Value)
	}
	if joined.String() != c.Value {
		t.Error("chunks do not join back")
	}
	m := map[string]string{}
	for _, ch := range got {
		m[ch.Name] = ch.Value
	}
	if v, ok := cookie.ReadChunked(m, "n"); !ok || v != c.Value {
		t.Error("ReadChunked does not reassemble")
	}
}

func TestReadChunkedMap(t *testing.T) {
	cases := []struct {
		m    map[string]string
		want string
	}{
		{map[string]string{"n": "whole", "n.0": "x"}, "whole"},
		{map[string]string{"n": "", "n.1": "B", "n.0": "A"}, "AB"},
		{map[string]string{"n.10": "K", "n.9": "J", "n.x": "-", "n.": "Z"}, "ZJK"},
		{map[string]string{"n.01": "b", "n.1": "a"}, "ba"}, // equal index: name order
		{map[string]string{"nx.0": "no"}, ""},
		{nil, ""},
	}
	for _, tc := range cases {
		got, ok := cookie.ReadChunked(tc.m, "n")
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("ReadChunked(%v) = %q, %v; want %q", tc.m, got, ok, tc.want)
		}
	}
}

func TestSetChunkedAccountLimit(t *testing.T) {
	c := cookie.Cookie{Name: "acc", Value: strings.Repeat("a", cookie.AccountDataLimit)}
	if got := cookie.SetChunked("", c, cookie.AccountDataLimit); len(got) != 1 {
		t.Errorf("4096 bytes of account_data: %d cookies, want 1", len(got))
	}
	if got := cookie.SetChunked("", c, cookie.SessionDataLimit); len(got) != 2 {
		t.Errorf("4096 bytes of session_data: %d cookies, want 2", len(got))
	}
}
