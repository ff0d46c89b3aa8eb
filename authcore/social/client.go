package social

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// MaxResponseBytes bounds every provider answer this package reads (token responses,
// profiles, discovery documents, key sets).
const MaxResponseBytes = 1 << 20

// ErrForbiddenAddress is returned when the client refuses to connect to a loopback,
// private, link-local or otherwise non-public address.
var ErrForbiddenAddress = errors.New("social: refusing to connect to a non-public address")

// ClientOptions configure NewClient. The zero value is the safe default.
type ClientOptions struct {
	// Timeout bounds each request, connection to last body byte. Default 10 s.
	Timeout time.Duration
	// MaxResponseBytes bounds response bodies. Default MaxResponseBytes (1 MiB).
	MaxResponseBytes int64
	// AllowPrivateNetworks lets the client reach loopback, private, link-local and other
	// non-public addresses (an identity provider inside the network).
	//
	// SECURITY: off by default. Provider URLs can come from configuration or discovery
	// documents; with this on, a hostile discovery document or DNS answer can make the
	// server call internal services (cloud metadata endpoints, admin ports).
	AllowPrivateNetworks bool
}

// NewClient returns the HTTP client GoAuth uses for provider calls when none is
// injected: bounded time and response size, no proxy from the environment, redirects
// never followed (as Better Auth does since it refused redirects on server-side OAuth
// requests), and — unless AllowPrivateNetworks — connections only to public unicast
// addresses, checked on the resolved address at dial time so DNS rebinding cannot
// bypass it.
func NewClient(o ClientOptions) *http.Client {
	if o.Timeout == 0 {
		o.Timeout = 10 * time.Second
	}
	if o.MaxResponseBytes == 0 {
		o.MaxResponseBytes = MaxResponseBytes
	}
	d := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	if !o.AllowPrivateNetworks {
		d.Control = func(network, address string, _ syscall.RawConn) error {
			return checkDialAddress(address)
		}
	}
	t := &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          50,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: o.Timeout,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{
		Timeout:   o.Timeout,
		Transport: &limitTransport{base: t, limit: o.MaxResponseBytes},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// checkDialAddress refuses non-public destinations.
func checkDialAddress(address string) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrForbiddenAddress, address)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrForbiddenAddress, address)
	}
	if !PublicAddress(ip) {
		return fmt.Errorf("%w: %s", ErrForbiddenAddress, ip)
	}
	return nil
}

var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"), // NAT64 can reach IPv4 private space
	netip.MustParsePrefix("2001:db8::/32"),
}

// PublicAddress reports whether ip is a public unicast address: not loopback, private,
// link-local (cloud metadata lives at 169.254.169.254), unspecified, multicast,
// carrier-grade NAT, documentation or reserved space.
func PublicAddress(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified() ||
		ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsMulticast() ||
		ip.IsInterfaceLocalMulticast() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// limitTransport fails reads beyond limit bytes of a response body.
type limitTransport struct {
	base  http.RoundTripper
	limit int64
}

func (t *limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	resp.Body = &limitedBody{rc: resp.Body, left: t.limit}
	return resp, nil
}

type limitedBody struct {
	rc   io.ReadCloser
	left int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One more byte tells a body of exactly limit bytes from a longer one.
		var one [1]byte
		if n, _ := b.rc.Read(one[:]); n > 0 {
			return 0, ErrResponseTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *limitedBody) Close() error { return b.rc.Close() }
