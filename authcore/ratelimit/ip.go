package ratelimit

import (
	"net/http"
	"net/netip"
	"strings"
)

// DefaultIPv6Subnet is the prefix length IPv6 client addresses are reduced to (Better
// Auth: advanced.ipAddress.ipv6Subnet).
const DefaultIPv6Subnet = 64

// IPConfig says how to find the client IP of a request (Better Auth:
// advanced.ipAddress).
type IPConfig struct {
	// Headers lists the request headers that carry the client IP, in order of preference
	// (Better Auth: ipAddressHeaders). nil means ["x-forwarded-for"]; an empty non-nil
	// slice means none. They are only read when the direct peer is a trusted proxy.
	Headers []string
	// TrustedProxies lists the networks of the reverse proxies in front of the server.
	// Default none.
	//
	// SECURITY: forwarding headers are set by whoever sends the request, so they are
	// ignored unless the socket peer (Request.RemoteAddr) is inside one of these
	// networks; by default the peer address is the client IP. List only proxies that
	// overwrite or append to the headers you name. In X-Forwarded-For (and any header
	// holding a comma-separated list) the client is the rightmost address that is not a
	// trusted proxy, since each proxy appends the address it received the request from
	// and only the part left of that is client-controlled. Better Auth, which has no
	// notion of trusted proxies, takes the leftmost item of the first header present, so
	// any client can choose its own rate-limit key there. IPv4-mapped IPv6 peers are
	// matched as IPv4: list IPv4 proxies as IPv4 prefixes.
	TrustedProxies []netip.Prefix
	// Disabled turns IP tracking off: ClientIP returns "" (Better Auth:
	// disableIpTracking), so requests are not rate limited and sessions record no IP.
	Disabled bool
	// IPv6Subnet is the prefix length IPv6 addresses are masked to, so that one client
	// cannot rotate through the addresses of its subnet. Values <= 0 mean 64; values
	// above 128 mean 128 (no masking).
	IPv6Subnet int
}

// ClientIP returns the normalised client IP of r ([NormalizeIP]), or "" when IP tracking is
// disabled or no address can be found.
//
// When the socket peer is a trusted proxy, each header of cfg.Headers is tried in order:
// its values (repeated header lines are read as one list, first line first) are walked
// from the right, skipping trusted proxies; the first other address is the client. An
// item that is not an IP address (ports and brackets are accepted:
// "192.0.2.1:4711", "[2001:db8::1]:443") makes the header unusable and the next one is
// tried. If every item is a trusted proxy, the leftmost is the client. Otherwise, and
// when no header helps, the client is the peer itself; a RemoteAddr that is not an IP
// address (a Unix socket) gives "".
//
// Better Auth has no socket fallback (it reports no IP, in production) and, in
// development and test, falls back to 127.0.0.1.
func ClientIP(r *http.Request, cfg IPConfig) string {
	if cfg.Disabled {
		return ""
	}
	peer, ok := parseHostPort(r.RemoteAddr)
	if !ok {
		return ""
	}
	peer = peer.WithZone("")
	if isTrusted(peer, cfg.TrustedProxies) {
		headers := cfg.Headers
		if headers == nil {
			headers = []string{"x-forwarded-for"}
		}
		for _, h := range headers {
			if ip, ok := fromHeader(r.Header.Values(h), cfg); ok {
				return ip
			}
		}
	}
	ip, _ := normalizeAddr(peer, cfg.IPv6Subnet)
	return ip
}

// fromHeader finds the client in the values of one forwarding header.
func fromHeader(values []string, cfg IPConfig) (string, bool) {
	var leftmost netip.Addr
	for i := len(values) - 1; i >= 0; i-- {
		rest := values[i]
		for rest != "" {
			item := rest
			if j := strings.LastIndexByte(rest, ','); j >= 0 {
				item, rest = rest[j+1:], rest[:j]
			} else {
				rest = ""
			}
			item = strings.Trim(item, " \t")
			if item == "" {
				continue
			}
			addr, ok := parseHostPort(item)
			if !ok || addr.Zone() != "" {
				return "", false
			}
			if !isTrusted(addr, cfg.TrustedProxies) {
				return normalizeAddr(addr, cfg.IPv6Subnet)
			}
			leftmost = addr
		}
	}
	if leftmost.IsValid() {
		return normalizeAddr(leftmost, cfg.IPv6Subnet)
	}
	return "", false
}

// parseHostPort parses "ip", "ip:port", "[ipv6]" or "[ipv6]:port".
func parseHostPort(s string) (netip.Addr, bool) {
	if addr, err := netip.ParseAddr(s); err == nil {
		return addr, true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr(), true
	}
	if len(s) > 2 && s[0] == '[' && s[len(s)-1] == ']' {
		if addr, err := netip.ParseAddr(s[1 : len(s)-1]); err == nil && addr.Is6() {
			return addr, true
		}
	}
	return netip.Addr{}, false
}

func isTrusted(addr netip.Addr, proxies []netip.Prefix) bool {
	addr = addr.Unmap()
	for _, p := range proxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// NormalizeIP validates an IP address and returns the form GoAuth uses as rate-limit key
// and session.ipAddress (spec section 5.5; Better Auth: core/utils/ip.ts normalizeIP):
// IPv4 unchanged; IPv4-mapped IPv6 in any notation ("::ffff:192.0.2.1",
// "::ffff:c000:201", "0:0:0:0:0:ffff:192.0.2.1") as IPv4; any other IPv6 masked to
// ipv6Subnet bits (<= 0 means 64, above 128 means 128) and written as eight groups of
// four lowercase hex digits: "2001:db8::1" → "2001:0db8:0000:0000:0000:0000:0000:0000".
// It reports false, and returns "", for anything else, including IPv4 with leading zeros
// and IPv6 with a zone.
//
// Better Auth parses by hand and differs on some rare inputs, where GoAuth follows RFC
// 4291: it turns "1:2:3:4:5:ffff:1.2.3.4" (not IPv4-mapped) into "1.2.3.4" and
// "::ffff:0:1.2.3.4" into "0.0.1.2", and with ipv6Subnet 128 keeps embedded dotted
// quads ("…:0000:1.2.3.4").
func NormalizeIP(s string, ipv6Subnet int) (string, bool) {
	addr, err := netip.ParseAddr(s)
	if err != nil || addr.Zone() != "" {
		return "", false
	}
	return normalizeAddr(addr, ipv6Subnet)
}

func normalizeAddr(addr netip.Addr, ipv6Subnet int) (string, bool) {
	if !addr.IsValid() {
		return "", false
	}
	addr = addr.WithZone("").Unmap()
	if addr.Is4() {
		return addr.String(), true
	}
	bits := ipv6Subnet
	if bits <= 0 {
		bits = DefaultIPv6Subnet
	}
	p, _ := addr.Prefix(min(bits, 128)) // cannot fail: 0 < bits <= 128 for IPv6
	b := p.Addr().As16()
	const hex = "0123456789abcdef"
	var out [39]byte
	for i := range 8 {
		o := 5 * i
		if i > 0 {
			out[o-1] = ':'
		}
		hi, lo := b[2*i], b[2*i+1]
		out[o], out[o+1], out[o+2], out[o+3] = hex[hi>>4], hex[hi&15], hex[lo>>4], hex[lo&15]
	}
	return string(out[:]), true
}
