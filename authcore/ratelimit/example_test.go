package ratelimit_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/netip"
	"time"

	"github.com/goauth-dev/goauth/authcore/ratelimit"
)

func ExampleNew() {
	l := ratelimit.New(ratelimit.Config{
		Enabled: true,
		CustomRules: map[string]*ratelimit.Rule{
			"/get-session": nil, // never limited
			"/admin/*":     {Window: time.Minute, Max: 20},
		},
	})
	ctx := context.Background()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 4 {
		d, _ := l.Check(ctx, "192.0.2.1", "/sign-in/email", now.Add(time.Duration(i)*time.Second))
		fmt.Println(d.Allowed, d.RetryAfter)
	}
	fmt.Println(l.RuleFor("/admin/list-users"))
	// Output:
	// true 0s
	// true 0s
	// true 0s
	// false 9s
	// {1m0s 20} false
}

func ExampleClientIP() {
	r := httptest.NewRequest("GET", "/api/auth/get-session", nil)
	r.RemoteAddr = "10.0.0.5:51234" // the load balancer
	r.Header.Set("X-Forwarded-For", "203.0.113.66, 2001:db8:1:2::7")
	cfg := ratelimit.IPConfig{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}
	fmt.Println(ratelimit.ClientIP(r, cfg))
	fmt.Println(ratelimit.ClientIP(r, ratelimit.IPConfig{})) // no trusted proxies: the peer
	// Output:
	// 2001:0db8:0001:0002:0000:0000:0000:0000
	// 10.0.0.5
}

func ExampleNormalizeIP() {
	for _, s := range []string{"192.0.2.1", "::ffff:192.0.2.1", "2001:DB8::1", "1.2.3.04"} {
		fmt.Println(ratelimit.NormalizeIP(s, 64))
	}
	// Output:
	// 192.0.2.1 true
	// 192.0.2.1 true
	// 2001:0db8:0000:0000:0000:0000:0000:0000 true
	//  false
}

func ExampleNewMemoryStore() {
	l := ratelimit.New(ratelimit.Config{Enabled: true, Store: ratelimit.NewMemoryStore()})
	d, _ := l.Check(context.Background(), "192.0.2.1", "/ok", time.Now())
	fmt.Println(d.Allowed)
	// Output: true
}
