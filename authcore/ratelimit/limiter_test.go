package ratelimit_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/ratelimit"
)

func TestRuleFor(t *testing.T) {
	def := ratelimit.Rule{Window: 10 * time.Second, Max: 100}
	strict := ratelimit.Rule{Window: 10 * time.Second, Max: 3}
	slow := ratelimit.Rule{Window: 60 * time.Second, Max: 3}
	twoFactor := ratelimit.Rule{Window: 10 * time.Second, Max: 3}
	phone := ratelimit.Rule{Window: 60 * time.Second, Max: 10}
	magic := ratelimit.Rule{Window: 60 * time.Second, Max: 5}
	custom := ratelimit.Rule{Window: 5 * time.Second, Max: 7}
	wild := ratelimit.Rule{Window: time.Second, Max: 1}
	wildLong := ratelimit.Rule{Window: 2 * time.Second, Max: 2}

	l := ratelimit.New(ratelimit.Config{
		Enabled: true,
		Plugin: []ratelimit.PluginRule{
			{Rule: twoFactor, Match: func(p string) bool { return strings.HasPrefix(p, "/two-factor/") }},
			{Rule: phone, Match: func(p string) bool { return strings.HasPrefix(p, "/phone-number") }},
			{Rule: magic, Match: func(p string) bool { return strings.HasPrefix(p, "/sign-in/magic-link") }},
			{Rule: ratelimit.Rule{Max: 999}, Match: func(p string) bool { return strings.HasPrefix(p, "/phone-number") }},
			{Rule: ratelimit.Rule{Max: 999}}, // no matcher: ignored
		},
		CustomRules: map[string]*ratelimit.Rule{
			"/get-session":         &custom,
			"/sign-in/social":      nil, // disabled
			"/oauth2/*":            &wild,
			"/oauth2/token*":       &wildLong,
			"/list-*":              nil,
			"/phone-number/verify": &custom,
		},
	})

	tests := []struct {
		path     string
		want     ratelimit.Rule
		disabled bool
	}{
		{"/ok", def, false},
		{"/", def, false},
		{"", def, false},
		{"/get-session", custom, false},
		{"/get-session/", custom, false},
		{"/get-session///", custom, false},
		{"/get-session/x", def, false},
		// Built-in special rules (spec 5.4).
		{"/sign-in/email", strict, false},
		{"/sign-in", strict, false},
		{"/sign-inx", strict, false},
		{"/sign-up/email", strict, false},
		{"/change-password", strict, false},
		{"/change-email", strict, false},
		{"/request-password-reset", slow, false},
		{"/request-password-reset/x", def, false},
		{"/send-verification-email", slow, false},
		{"/email-otp/send-verification-otp", slow, false},
		{"/email-otp/request-password-reset", slow, false},
		{"/forget-password", slow, false},
		{"/forget-password/email-otp", slow, false},
		{"/email-otp/verify-email", def, false},
		// Plugin rules: the first that matches, over the special rules.
		{"/two-factor/verify-totp", twoFactor, false},
		{"/phone-number/send-otp", phone, false},
		{"/sign-in/magic-link", magic, false},
		// Custom rules: over everything, exact or wildcard, nil disables.
		{"/phone-number/verify", custom, false},
		{"/sign-in/social", strict, true},
		{"/list-sessions", def, true},
		{"/list-accounts/", def, true},
		{"/oauth2/authorize", wild, false},
		{"/oauth2/token", wildLong, false}, // the longer wildcard key wins
		{"/oauth2/a/b", def, false},
	}
	for _, tt := range tests {
		got, disabled := l.RuleFor(tt.path)
		if got != tt.want || disabled != tt.disabled {
			t.Errorf("RuleFor(%q) = %+v, %v; want %+v, %v", tt.path, got, disabled, tt.want, tt.disabled)
		}
	}
}

func TestNewDefaults(t *testing.T) {
	l := ratelimit.New(ratelimit.Config{Enabled: true, Window: time.Minute})
	if got, _ := l.RuleFor("/x"); got != (ratelimit.Rule{Window: time.Minute, Max: 100}) {
		t.Errorf("default rule %+v", got)
	}
	l = ratelimit.New(ratelimit.Config{Enabled: true, Max: 5})
	if got, _ := l.RuleFor("/x"); got != (ratelimit.Rule{Window: 10 * time.Second, Max: 5}) {
		t.Errorf("default rule %+v", got)
	}
}

// recorder is a Store that records the keys and rules it is asked to consume.
type recorder struct {
	keys  []string
	rules []ratelimit.Rule
}

func (r *recorder) Consume(_ context.Context, key string, rule ratelimit.Rule, _ time.Time) (ratelimit.Decision, error) {
	r.keys = append(r.keys, key)
	r.rules = append(r.rules, rule)
	return ratelimit.Decision{Allowed: true}, nil
}

func TestCheckKeys(t *testing.T) {
	rec := &recorder{}
	l := ratelimit.New(ratelimit.Config{
		Enabled:     true,
		Store:       rec,
		CustomRules: map[string]*ratelimit.Rule{"/off": nil},
	})
	ctx := context.Background()
	for _, c := range []struct{ ip, path string }{
		{"192.0.2.1", "/ok"},
		{"192.0.2.1", "/ok/"},
		{"2001:0db8:0000:0000:0000:0000:0000:0000", "/sign-in/email"},
		{"192.0.2.1", ""},
		{"", "/ok"},           // no IP: not limited, not counted
		{"192.0.2.1", "/off"}, // disabled: not counted
	} {
		d, err := l.Check(ctx, c.ip, c.path, t0)
		if err != nil || !d.Allowed {
			t.Fatalf("Check(%q, %q) = %+v, %v", c.ip, c.path, d, err)
		}
	}
	want := []string{"192.0.2.1|/ok", "192.0.2.1|/ok", "2001:0db8:0000:0000:0000:0000:0000:0000|/sign-in/email", "192.0.2.1|/"}
	if strings.Join(rec.keys, " ") != strings.Join(want, " ") {
		t.Errorf("keys %q, want %q", rec.keys, want)
	}
	if rec.rules[2] != (ratelimit.Rule{Window: 10 * time.Second, Max: 3}) {
		t.Errorf("sign-in rule %+v", rec.rules[2])
	}
}

func TestCheckDisabledLimiter(t *testing.T) {
	rec := &recorder{}
	l := ratelimit.New(ratelimit.Config{Store: rec})
	for range 10 {
		if d, err := l.Check(context.Background(), "192.0.2.1", "/sign-in/email", t0); err != nil || !d.Allowed {
			t.Fatalf("disabled limiter: %+v, %v", d, err)
		}
	}
	if len(rec.keys) != 0 {
		t.Errorf("disabled limiter consumed %q", rec.keys)
	}
}

// Spec 5.4 (obs): sign-in is 3 per 10 s per IP, other paths and IPs are separate, and the
// default store is in memory.
func TestCheckEndToEnd(t *testing.T) {
	l := ratelimit.New(ratelimit.Config{Enabled: true})
	ctx := context.Background()
	check := func(ip, path string, d time.Duration) ratelimit.Decision {
		t.Helper()
		dec, err := l.Check(ctx, ip, path, at(d))
		if err != nil {
			t.Fatal(err)
		}
		return dec
	}
	for i := range 3 {
		if !check("192.0.2.1", "/sign-in/email", time.Duration(i)*time.Second).Allowed {
			t.Fatalf("request %d denied", i+1)
		}
	}
	d := check("192.0.2.1", "/sign-in/email/", 2500*time.Millisecond)
	if d.Allowed || d.RetryAfter != 9500*time.Millisecond {
		t.Fatalf("4th request: %+v", d)
	}
	if !check("192.0.2.2", "/sign-in/email", 2500*time.Millisecond).Allowed {
		t.Error("other IP limited")
	}
	if !check("192.0.2.1", "/sign-up/email", 2500*time.Millisecond).Allowed {
		t.Error("other path limited")
	}
	if !check("192.0.2.1", "/sign-in/email", 12*time.Second).Allowed {
		t.Error("still limited one window after the last request")
	}
}

// BenchmarkCheck measures the per-request cost with the memory store: rule selection,
// key building and Consume of an allowed request on a live entry.
func BenchmarkCheck(b *testing.B) {
	l := ratelimit.New(ratelimit.Config{Enabled: true, Max: 1 << 30}) // never denied
	ctx := context.Background()
	now := t0
	b.ReportAllocs()
	for b.Loop() {
		now = now.Add(time.Millisecond)
		d, err := l.Check(ctx, "192.0.2.1", "/get-session", now)
		if err != nil || !d.Allowed {
			b.Fatal(d, err)
		}
	}
}

// BenchmarkCheckParallel spreads requests over 4096 client IPs.
func BenchmarkCheckParallel(b *testing.B) {
	l := ratelimit.New(ratelimit.Config{Enabled: true, Max: 1 << 30}) // never denied
	ips := make([]string, 4096)
	for i := range ips {
		ips[i] = "10.0." + strconv.Itoa(i/256) + "." + strconv.Itoa(i%256)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			i++
			if _, err := l.Check(ctx, ips[i%len(ips)], "/get-session", t0); err != nil {
				b.Fatal(err)
			}
		}
	})
}
