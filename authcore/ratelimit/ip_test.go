package ratelimit_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/goauth-dev/goauth/authcore/ratelimit"
)

func TestNormalizeIP(t *testing.T) {
	const zero6 = "0000:0000:0000:0000:0000:0000:0000:0000"
	tests := []struct {
		in     string
		subnet int
		want   string // "" = invalid
	}{
		// Better Auth core/utils/ip.test.ts and spec 5.5 (obs).
		{"192.168.1.1", 0, "192.168.1.1"},
		{"0.0.0.0", 64, "0.0.0.0"},
		{"255.255.255.255", 0, "255.255.255.255"},
		{"2001:db8::1", 0, "2001:0db8:0000:0000:0000:0000:0000:0000"},
		{"2001:db8::1", 64, "2001:0db8:0000:0000:0000:0000:0000:0000"},
		{"2001:db8::1", 128, "2001:0db8:0000:0000:0000:0000:0000:0001"},
		{"2001:DB8::1", 128, "2001:0db8:0000:0000:0000:0000:0000:0001"},
		{"2001:0db8:0:0:0:0:0:1", 128, "2001:0db8:0000:0000:0000:0000:0000:0001"},
		{"2001:0DB8:ABCD:EF00::1", 128, "2001:0db8:abcd:ef00:0000:0000:0000:0001"},
		{"2001:db8:85a3::8a2e:370:7334", 128, "2001:0db8:85a3:0000:0000:8a2e:0370:7334"},
		{"::1", 128, "0000:0000:0000:0000:0000:0000:0000:0001"},
		{"::", 128, zero6},
		{"fe80::1", 128, "fe80:0000:0000:0000:0000:0000:0000:0001"},
		{"2001:db8:0:0:ffff:ffff:ffff:ffff", 64, "2001:0db8:0000:0000:0000:0000:0000:0000"},
		{"2001:db8:1234:ffff:ffff:ffff:ffff:ffff", 48, "2001:0db8:1234:0000:0000:0000:0000:0000"},
		{"2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 32, "2001:0db8:0000:0000:0000:0000:0000:0000"},
		{"2001:db8:abcd:1234:aaaa:bbbb:cccc:dddd", 64, "2001:0db8:abcd:1234:0000:0000:0000:0000"},
		{"2001:db8:ffff::", 36, "2001:0db8:f000:0000:0000:0000:0000:0000"}, // partial group
		{"2001:db8::1", 129, "2001:0db8:0000:0000:0000:0000:0000:0001"},
		{"2001:db8::1", -1, "2001:0db8:0000:0000:0000:0000:0000:0000"},
		{"1::", 0, "0001:0000:0000:0000:0000:0000:0000:0000"},
		{"1:2:3:4:5:6:7::", 128, "0001:0002:0003:0004:0005:0006:0007:0000"},
		// IPv4-mapped IPv6, every notation.
		{"::ffff:192.0.2.1", 0, "192.0.2.1"},
		{"::FFFF:10.0.0.1", 0, "10.0.0.1"},
		{"::ffff:c000:0201", 0, "192.0.2.1"},
		{"::ffff:7f00:0001", 128, "127.0.0.1"},
		{"0:0:0:0:0:ffff:192.0.2.1", 0, "192.0.2.1"},
		{"0:0:0:0:0:ffff:c000:201", 0, "192.0.2.1"},
		// Embedded IPv4 that is not IPv4-mapped stays IPv6 (Better Auth differs, see doc).
		{"::1.2.3.4", 128, "0000:0000:0000:0000:0000:0000:0102:0304"},
		{"64:ff9b::1.2.3.4", 0, "0064:ff9b:0000:0000:0000:0000:0000:0000"},
		{"1:2:3:4:5:ffff:1.2.3.4", 0, "0001:0002:0003:0004:0000:0000:0000:0000"},
		{"::ffff:0:1.2.3.4", 128, "0000:0000:0000:0000:ffff:0000:0102:0304"},
		// Invalid (Better Auth's isValidIP rejects them too).
		{"", 0, ""},
		{"not-an-ip", 0, ""},
		{"999.999.999.999", 0, ""},
		{"01.2.3.4", 0, ""},
		{"gggg::1", 0, ""},
		{"fe80::1%eth0", 0, ""},
		{"[::1]", 0, ""},
		{"1.2.3.4:80", 0, ""},
		{" 1.2.3.4", 0, ""},
		{"2001:db8:1:2:3:4:5:6:7", 0, ""},
		{"::ffff:1.2.3", 0, ""},
	}
	for _, tt := range tests {
		got, ok := ratelimit.NormalizeIP(tt.in, tt.subnet)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("NormalizeIP(%q, %d) = %q, %v; want %q", tt.in, tt.subnet, got, ok, tt.want)
		}
	}
}

func TestClientIP(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	trusted := ratelimit.IPConfig{TrustedProxies: proxies}
	tests := []struct {
		name    string
		remote  string
		headers map[string][]string
		cfg     ratelimit.IPConfig
		want    string
	}{
		{"socket address by default", "192.0.2.1:4711", nil, ratelimit.IPConfig{}, "192.0.2.1"},
		{"headers ignored without trusted proxies", "192.0.2.1:4711",
			map[string][]string{"X-Forwarded-For": {"198.51.100.7"}}, ratelimit.IPConfig{}, "192.0.2.1"},
		{"headers ignored from an untrusted peer", "192.0.2.1:4711",
			map[string][]string{"X-Forwarded-For": {"198.51.100.7"}}, trusted, "192.0.2.1"},
		{"trusted proxy", "10.1.2.3:4711",
			map[string][]string{"X-Forwarded-For": {"198.51.100.7"}}, trusted, "198.51.100.7"},
		{"rightmost untrusted wins over a spoofed left part", "10.1.2.3:4711",
			map[string][]string{"X-Forwarded-For": {"203.0.113.9, 198.51.100.7, 10.9.9.9"}}, trusted, "198.51.100.7"},
		{"repeated header lines form one list", "10.1.2.3:4711",
			map[string][]string{"X-Forwarded-For": {"203.0.113.9", "198.51.100.7,10.2.2.2"}}, trusted, "198.51.100.7"},
		{"empty items skipped", "10.1.2.3:4711",
			map[string][]string{"X-Forwarded-For": {" , 198.51.100.7 ,\t, "}}, trusted, "198.51.100.7"},
		{"all trusted: leftmost", "10.1.2.3:4711",
			map[string][]string{"X-Forwarded-For": {"10.7.7.7, 10.8.8.8"}}, trusted, "10.7.7.7"},
		{"ports and brackets", "10.1.2.3:4711",
			map[string][]string{"X-Forwarded-For": {"[2001:db8::5]:443"}}, trusted, "2001:0db8:0000:0000:0000:0000:0000:0000"},
		{"ipv4 with port", "10.1.2.3:4711",
			map[string][]string{"X-Forwarded-For": {"198.51.100.7:8080"}}, trusted, "198.51.100.7"},
		{"invalid rightmost item: next header", "10.1.2.3:4711",
			map[string][]string{"X-Forwarded-For": {"198.51.100.7, unknown"}, "X-Real-Ip": {"203.0.113.1"}},
			ratelimit.IPConfig{TrustedProxies: proxies, Headers: []string{"x-forwarded-for", "x-real-ip"}}, "203.0.113.1"},
		{"first header present wins", "10.1.2.3:4711",
			map[string][]string{"X-Forwarded-For": {"198.51.100.7"}, "Cf-Connecting-Ip": {"203.0.113.1"}},
			ratelimit.IPConfig{TrustedProxies: proxies, Headers: []string{"cf-connecting-ip", "x-forwarded-for"}}, "203.0.113.1"},
		{"missing header: next header", "10.1.2.3:4711",
			map[string][]string{"X-Forwarded-For": {"198.51.100.7"}},
			ratelimit.IPConfig{TrustedProxies: proxies, Headers: []string{"x-real-ip", "x-forwarded-for"}}, "198.51.100.7"},
		{"no usable header: peer", "10.1.2.3:4711",
			map[string][]string{"X-Forwarded-For": {"garbage"}}, trusted, "10.1.2.3"},
		{"empty header list", "10.1.2.3:4711",
			map[string][]string{"X-Forwarded-For": {"198.51.100.7"}},
			ratelimit.IPConfig{TrustedProxies: proxies, Headers: []string{}}, "10.1.2.3"},
		{"zone in header rejected", "10.1.2.3:4711",
			map[string][]string{"X-Forwarded-For": {"fe80::1%eth0"}}, trusted, "10.1.2.3"},
		{"mapped peer matches IPv4 proxies", "[::ffff:10.1.2.3]:4711",
			map[string][]string{"X-Forwarded-For": {"198.51.100.7"}}, trusted, "198.51.100.7"},
		{"ipv6 proxy and mapped client", "[fd00::1]:4711",
			map[string][]string{"X-Forwarded-For": {"::ffff:198.51.100.7"}}, trusted, "198.51.100.7"},
		{"ipv6 peer masked", "[2001:db8::1%eth0]:4711", nil, ratelimit.IPConfig{}, "2001:0db8:0000:0000:0000:0000:0000:0000"},
		{"ipv6 subnet", "[2001:db8::1]:4711", nil, ratelimit.IPConfig{IPv6Subnet: 128}, "2001:0db8:0000:0000:0000:0000:0000:0001"},
		{"mapped peer", "[::ffff:192.0.2.1]:4711", nil, ratelimit.IPConfig{}, "192.0.2.1"},
		{"remote without port", "192.0.2.1", nil, ratelimit.IPConfig{}, "192.0.2.1"},
		{"unix socket", "@", map[string][]string{"X-Forwarded-For": {"198.51.100.7"}}, trusted, ""},
		{"disabled", "10.1.2.3:4711",
			map[string][]string{"X-Forwarded-For": {"198.51.100.7"}},
			ratelimit.IPConfig{TrustedProxies: proxies, Disabled: true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.RemoteAddr = tt.remote
			for k, vs := range tt.headers {
				for _, v := range vs {
					r.Header.Add(k, v)
				}
			}
			if got := ratelimit.ClientIP(r, tt.cfg); got != tt.want {
				t.Errorf("ClientIP = %q, want %q", got, tt.want)
			}
		})
	}
}

func BenchmarkClientIP(b *testing.B) {
	cfg := ratelimit.IPConfig{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "10.1.2.3:4711"
	r.Header.Set("X-Forwarded-For", "203.0.113.9, 2001:db8::7, 10.9.9.9")
	b.ReportAllocs()
	for b.Loop() {
		if ratelimit.ClientIP(r, cfg) == "" {
			b.Fatal("no IP")
		}
	}
}
