package ratelimit_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/goauth-dev/goauth/authcore/ratelimit"
)

// checkNormalized fails unless s is a normalised IP: dotted IPv4 or eight groups of four
// lowercase hex digits, masked to subnet bits, and a fixed point of NormalizeIP.
func checkNormalized(t *testing.T, s string, subnet int) {
	t.Helper()
	addr, err := netip.ParseAddr(s)
	if err != nil || addr.Zone() != "" {
		t.Fatalf("%q is not an IP address", s)
	}
	switch {
	case addr.Is4():
		if addr.String() != s {
			t.Fatalf("IPv4 %q not canonical", s)
		}
	case addr.Is4In6():
		t.Fatalf("IPv4-mapped %q not converted", s)
	default:
		if len(s) != 39 || strings.ToLower(s) != s || strings.Count(s, ":") != 7 {
			t.Fatalf("IPv6 %q not expanded", s)
		}
		bits := subnet
		if bits <= 0 {
			bits = 64
		}
		if p, _ := addr.Prefix(min(bits, 128)); p.Addr() != addr {
			t.Fatalf("IPv6 %q not masked to /%d", s, bits)
		}
	}
	if again, ok := ratelimit.NormalizeIP(s, subnet); !ok || again != s {
		t.Fatalf("NormalizeIP(%q) = %q, %v: not a fixed point", s, again, ok)
	}
}

// FuzzNormalizeIP checks that NormalizeIP accepts exactly the addresses netip does
// (zones aside) and returns a normalised fixed point (seeds in
// testdata/fuzz/FuzzNormalizeIP).
func FuzzNormalizeIP(f *testing.F) {
	for _, s := range []string{"192.0.2.1", "2001:db8::1", "::ffff:c000:201", "::1.2.3.4", "fe80::1%eth0", "01.2.3.4"} {
		f.Add(s, 64)
	}
	f.Fuzz(func(t *testing.T, s string, subnet int) {
		got, ok := ratelimit.NormalizeIP(s, subnet)
		if !ok {
			if got != "" {
				t.Fatalf("invalid %q gave %q", s, got)
			}
			if _, err := netip.ParseAddr(s); err == nil && !strings.Contains(s, "%") {
				t.Fatalf("valid address %q rejected", s)
			}
			return
		}
		checkNormalized(t, got, subnet)
	})
}

// FuzzClientIP feeds arbitrary peers and forwarding headers (seeds in
// testdata/fuzz/FuzzClientIP). The result is empty or a normalised IP, and headers from
// an untrusted peer never change it.
func FuzzClientIP(f *testing.F) {
	f.Add("10.0.0.1:80", "198.51.100.7, 10.0.0.2", "")
	f.Add("192.0.2.1:80", "198.51.100.7", "203.0.113.1")
	f.Add("[fd00::1]:80", "[2001:db8::1]:443,unknown", "::ffff:1.2.3.4")
	cfg := ratelimit.IPConfig{
		Headers:        []string{"x-forwarded-for", "x-real-ip"},
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")},
	}
	f.Fuzz(func(t *testing.T, remote, xff, realIP string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = remote
		r.Header["X-Forwarded-For"] = strings.Split(xff, "\n")
		r.Header["X-Real-Ip"] = []string{realIP}
		got := ratelimit.ClientIP(r, cfg)
		if got != "" {
			checkNormalized(t, got, 0)
		}
		// Without a trusted peer the headers must not matter.
		peer := ratelimit.ClientIP(r, ratelimit.IPConfig{Headers: []string{}})
		if pa, err := netip.ParseAddr(peer); err == nil && !slices.ContainsFunc(cfg.TrustedProxies, func(p netip.Prefix) bool { return p.Contains(pa) }) {
			if got != peer {
				t.Fatalf("untrusted peer %q: headers chose %q", peer, got)
			}
		}
	})
}
