package origin_test

import (
	"testing"

	"github.com/goauth-dev/goauth/authcore/origin"
)

func TestTrusted(t *testing.T) {
	trusted := []string{"http://localhost:3000", "https://*.example.com", "*.trusted.dev", "myapp://", "https://app.io/"}
	cases := []struct {
		url      string
		relative bool
		want     bool
	}{
		{"http://localhost:3000", false, true},
		{"http://localhost:3000/dashboard?x=1", false, true},
		{"http://LOCALHOST:3000/x", false, true},
		{"http://localhost:3001", false, false},
		{"https://localhost:3000", false, false},
		{"https://a.example.com/cb", false, true},
		{"https://a.b.example.com/cb", false, true},
		{"http://a.example.com/cb", false, false},
		{"https://example.com.evil.org", false, false},
		{"https://evil.org/?https://a.example.com", false, false},
		{"https://x.trusted.dev/path", false, true},
		{"http://x.trusted.dev", false, true},
		{"myapp://callback", false, true},
		{"otherapp://callback", false, false},
		{"https://app.io/welcome", false, true},
		{"/dashboard", true, true},
		{"/dashboard?tab=1&x=%20", true, true},
		{"/dashboard", false, false},
		{"//evil.com", true, false},
		{"/\\evil.com", true, false},
		{"/%2fevil.com", true, false},
		{"/%5Cevil.com", true, false},
		{"/path#frag", true, false},
		{"javascript:alert(1)", true, false},
		{"", true, false},
		{"http://localhost:3000@evil.com", false, false},
	}
	for _, c := range cases {
		if got := origin.Trusted(c.url, trusted, c.relative); got != c.want {
			t.Errorf("Trusted(%q, relative=%v) = %v, want %v", c.url, c.relative, got, c.want)
		}
	}
}

func TestOf(t *testing.T) {
	cases := map[string]string{
		"http://Localhost:3000/a?b": "http://localhost:3000",
		"https://example.com":       "https://example.com",
		"/relative":                 "",
		"not a url":                 "",
		"mailto:a@b.c":              "",
	}
	for in, want := range cases {
		if got := origin.Of(in); got != want {
			t.Errorf("Of(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzTrusted checks that callback URL validation never panics and never accepts a URL
// that a browser would resolve to a foreign origin.
func FuzzTrusted(f *testing.F) {
	for _, s := range []string{"/ok", "//evil.com", "/\\evil", "http://localhost:3000/x", "https://a.example.com", "/%2F%2Fevil", "/a?b=c&d=%20"} {
		f.Add(s)
	}
	trusted := []string{"http://localhost:3000", "https://*.example.com"}
	f.Fuzz(func(t *testing.T, u string) {
		ok := origin.Trusted(u, trusted, true)
		if !ok {
			return
		}
		if len(u) > 0 && u[0] == '/' {
			if len(u) > 1 && (u[1] == '/' || u[1] == '\\') {
				t.Fatalf("accepted protocol-relative %q", u)
			}
			return
		}
		o := origin.Of(u)
		if o != "http://localhost:3000" && !(len(o) > len("https://.example.com") && o[:8] == "https://" && o[len(o)-len(".example.com"):] == ".example.com") {
			t.Fatalf("accepted %q with origin %q", u, o)
		}
	})
}
