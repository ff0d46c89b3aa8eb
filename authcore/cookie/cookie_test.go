package cookie_test

import (
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/authtest"
	"github.com/goauth-dev/goauth/authcore/cookie"
)

func TestCookieString(t *testing.T) {
	exp := time.Date(2026, 2, 1, 8, 9, 10, 0, time.FixedZone("X", 3600))
	cases := []struct {
		name string
		c    cookie.Cookie
		want string
	}{
		{"bare", cookie.Cookie{Name: "a", Value: "b"}, "a=b"},
		{"max-age clamped to 400 days", cookie.Cookie{Name: "a", Attributes: cookie.Attributes{MaxAge: ptr(cookie.MaxAgeLimit + 1)}},
			"a=; Max-Age=34560000"},
		{"negative max-age dropped", cookie.Cookie{Name: "a", Attributes: cookie.Attributes{MaxAge: ptr(-5)}}, "a="},
		{"expires in UTC", cookie.Cookie{Name: "a", Attributes: cookie.Attributes{Expires: exp}},
			"a=; Expires=Sun, 01 Feb 2026 07:09:10 GMT"},
		{"same-site capitalised", cookie.Cookie{Name: "a", Attributes: cookie.Attributes{SameSite: "strict"}}, "a=; SameSite=Strict"},
		{"same-site kept", cookie.Cookie{Name: "a", Attributes: cookie.Attributes{SameSite: "NONE"}}, "a=; SameSite=NONE"},
		{"__Host- forces", cookie.Cookie{Name: "__Host-a", Attributes: cookie.Attributes{Domain: "x.com", Path: "/p"}},
			"__Host-a=; Path=/; Secure"},
		{"__Secure- forces Secure", cookie.Cookie{Name: "__Secure-a"}, "__Secure-a=; Secure"},
		{"value encoded", cookie.Cookie{Name: "a", Value: "x y=%"}, "a=x%20y%3D%25"},
	}
	for _, tc := range cases {
		if got := tc.c.String(); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestMaxAge(t *testing.T) {
	if cookie.MaxAge(-time.Millisecond) != nil {
		t.Error("negative: want nil")
	}
	for d, want := range map[time.Duration]int{0: 0, 999 * time.Millisecond: 0, 1500 * time.Millisecond: 1, time.Hour: 3600} {
		if got := cookie.MaxAge(d); got == nil || *got != want {
			t.Errorf("MaxAge(%v) = %v, want %d", d, got, want)
		}
	}
}

func TestEncodeURIComponent(t *testing.T) {
	cases := map[string]string{
		"":                "",
		"AZaz09-_.!~*'()": "AZaz09-_.!~*'()",
		"\xff\xfe":        "%FF%FE", // invalid UTF-8: byte by byte
		"é":               "%C3%A9",
		"a+b/c?d":         "a%2Bb%2Fc%3Fd",
	}
	for in, want := range cases {
		if got := cookie.EncodeURIComponent(in); got != want {
			t.Errorf("EncodeURIComponent(%q) = %q, want %q", in, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { _ = cookie.EncodeURIComponent("plainValue123") }); n != 0 && !authtest.RaceEnabled {
		t.Errorf("unreserved input allocates %v times", n)
	}
}
