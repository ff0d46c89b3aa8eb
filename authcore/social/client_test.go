package social_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

func TestClientRefusesNonPublicAddresses(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("{}")) }))
	defer srv.Close()
	_, err := social.NewClient(social.ClientOptions{}).Get(srv.URL)
	if !errors.Is(err, social.ErrForbiddenAddress) {
		t.Fatalf("loopback fetch: %v, want ErrForbiddenAddress", err)
	}
	// A discovery URL on a loopback address is refused by the default client.
	_, err = social.NewOIDC(context.Background(), social.OIDCConfig{ID: "corp", Issuer: srv.URL, Options: social.Options{ClientID: "c"}})
	if err == nil || !strings.Contains(err.Error(), "non-public") {
		t.Fatalf("NewOIDC on loopback: %v", err)
	}
	resp, err := social.NewClient(social.ClientOptions{AllowPrivateNetworks: true}).Get(srv.URL)
	if err != nil {
		t.Fatalf("AllowPrivateNetworks: %v", err)
	}
	resp.Body.Close()
	for _, a := range []string{"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "224.0.0.1"} {
		if social.PublicAddress(netip.MustParseAddr(a)) {
			t.Errorf("%s counted as public", a)
		}
	}
	for _, a := range []string{"140.82.112.3", "2606:4700::1111"} {
		if !social.PublicAddress(netip.MustParseAddr(a)) {
			t.Errorf("%s not counted as public", a)
		}
	}
}

func TestClientRefusesRedirectsAndHugeBodies(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/redirect" {
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data", http.StatusFound)
			return
		}
		_, _ = w.Write([]byte(strings.Repeat("x", 100)))
	}))
	defer srv.Close()
	c := social.NewClient(social.ClientOptions{AllowPrivateNetworks: true, MaxResponseBytes: 10})
	resp, err := c.Get(srv.URL + "/redirect")
	if err != nil || resp.StatusCode != http.StatusFound {
		t.Fatalf("redirect followed or failed: %v %v", resp, err)
	}
	resp.Body.Close()
	resp, err = c.Get(srv.URL + "/big")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	buf := make([]byte, 200)
	n := 0
	for {
		m, err := resp.Body.Read(buf[n:])
		n += m
		if err != nil {
			if !errors.Is(err, social.ErrResponseTooLarge) {
				t.Errorf("read error %v, want ErrResponseTooLarge", err)
			}
			break
		}
	}
	if n > 10 {
		t.Errorf("read %d bytes past the limit", n)
	}
}
