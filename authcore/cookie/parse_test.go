package cookie_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/cookie"
)

func TestParse(t *testing.T) {
	cases := []struct {
		header string
		want   map[string]string
	}{
		// Latin-1 NBSP (0xA0) is JavaScript white space.
		{"\xa0a\xa0=\xa01\xa0", map[string]string{"a": "1"}},
		{"a=%F0%9F%98%80", map[string]string{"a": "😀"}},
		{"a=%F0%9F%98", map[string]string{"a": "%F0%9F%98"}},       // truncated
		{"a=%F4%90%80%80", map[string]string{"a": "%F4%90%80%80"}}, // above U+10FFFF
		{"a=%E0%80%80", map[string]string{"a": "%E0%80%80"}},       // overlong
		{"a=%80", map[string]string{"a": "%80"}},                   // lone continuation
		{"a=%C3%A9x%", map[string]string{"a": "%C3%A9x%"}},         // one bad escape keeps it all raw
		{"a=%00", map[string]string{"a": "\x00"}},
		{"a=\"%41\"", map[string]string{"a": "A"}},
		{"a=\"", map[string]string{"a": ""}},
	}
	for _, tc := range cases {
		if diff := cmp.Diff(tc.want, cookie.Parse(tc.header)); diff != "" {
			t.Errorf("Parse(%q) (-want +got):\n%s", tc.header, diff)
		}
	}
}

func TestParseBounded(t *testing.T) {
	var b strings.Builder
	for i := range cookie.MaxCookies + 500 {
		b.WriteString("c" + strconv.Itoa(i) + "=v; ")
	}
	m := cookie.Parse(b.String())
	if len(m) != cookie.MaxCookies {
		t.Fatalf("len = %d, want %d", len(m), cookie.MaxCookies)
	}
	if _, ok := m["c0"]; !ok {
		t.Error("the first cookies must be kept")
	}
	// Duplicates of known names keep working after the cap.
	if m := cookie.Parse(strings.Repeat("a=1; ", 5000)); len(m) != 1 || m["a"] != "1" {
		t.Errorf("duplicates: %v", m)
	}
}
