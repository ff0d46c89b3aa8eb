package ratelimit

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
	"time"
)

// Default limits (Better Auth: rateLimit.window and rateLimit.max).
const (
	DefaultWindow = 10 * time.Second
	DefaultMax    = 100
)

// Rule limits a key to Max requests per sliding Window.
type Rule struct {
	Window time.Duration
	Max    int
}

// Decision is the outcome of one [Store.Consume].
type Decision struct {
	// Allowed reports whether the request may proceed; an allowed request was counted.
	Allowed bool
	// RetryAfter, for a denied request, is the time until the window of the last counted
	// request ends. Better Auth sends it rounded up to whole seconds in X-Retry-After;
	// the rounding is the caller's.
	RetryAfter time.Duration
}

// Store atomically checks and counts one request for a key.
//
// Consume applies the algorithm of the package comment with rule and now: a denied request
// leaves the entry unchanged; an allowed one is counted. Implementations must be safe for
// concurrent use, and N concurrent calls on one key with room for k must allow exactly k
// (within the limits each implementation documents).
type Store interface {
	Consume(ctx context.Context, key string, rule Rule, now time.Time) (Decision, error)
}

// step is the algorithm of the package comment. Given whether the key has an entry, its
// count and the time since its last request, it returns the decision and, when allowed,
// the new count; the caller then stores the count with the last request set to now.
func step(exists bool, count int, age time.Duration, rule Rule) (Decision, int) {
	switch {
	case !exists || age >= rule.Window:
		return Decision{Allowed: true}, 1
	case count >= rule.Max:
		return Decision{RetryAfter: rule.Window - age}, count
	default:
		return Decision{Allowed: true}, count + 1
	}
}

// millis converts a difference of Unix milliseconds to a duration, saturating.
func millis(ms int64) time.Duration {
	const limit = math.MaxInt64 / int64(time.Millisecond)
	return time.Duration(min(max(ms, -limit), limit)) * time.Millisecond
}

// PluginRule is a rule a plugin contributes for the paths Match accepts (Better Auth:
// plugin.rateLimit[].pathMatcher).
type PluginRule struct {
	Rule
	Match func(path string) bool
}

// Config configures a [Limiter] (Better Auth: options.rateLimit).
type Config struct {
	// Enabled turns rate limiting on. Default false; Better Auth defaults it to true in
	// production (NODE_ENV=production), which the caller decides.
	Enabled bool
	// Window is the default window. Default 10 s.
	Window time.Duration
	// Max is the default number of requests per window. Default 100.
	Max int
	// CustomRules overrides the rule of a path (Better Auth: rateLimit.customRules). A key
	// is an exact path relative to the base path ("/sign-in/email") or, when it contains
	// "*", a wildcard pattern ("/two-factor/*"; "*" does not cross "/", "**" does, "?" is
	// one character). A nil value disables rate limiting for the path. An exact key wins
	// over wildcard keys; among matching wildcard keys the longest wins, then the
	// lexically smallest (Better Auth takes the first in insertion order, which a Go map
	// does not have).
	CustomRules map[string]*Rule
	// Plugin lists plugin rules in plugin order; the first that matches applies.
	Plugin []PluginRule
	// Store counts requests. Default NewMemoryStore().
	Store Store
}

// Limiter picks the rule of a request path and consumes it from the store. It is safe for
// concurrent use.
type Limiter struct {
	enabled  bool
	def      Rule
	plugin   []PluginRule
	exact    map[string]*Rule
	wildcard []wildcardRule
	store    Store
}

type wildcardRule struct {
	pattern string
	match   func(string) bool
	rule    *Rule
}

// New returns a limiter for cfg, filling its defaults.
func New(cfg Config) *Limiter {
	l := &Limiter{
		enabled: cfg.Enabled,
		def:     Rule{Window: cmp.Or(cfg.Window, DefaultWindow), Max: cmp.Or(cfg.Max, DefaultMax)},
		store:   cfg.Store,
	}
	if l.store == nil {
		l.store = NewMemoryStore()
	}
	for _, p := range cfg.Plugin {
		if p.Match != nil {
			l.plugin = append(l.plugin, p)
		}
	}
	for key, r := range cfg.CustomRules {
		if r != nil {
			cp := *r
			r = &cp
		}
		if strings.Contains(key, "*") {
			l.wildcard = append(l.wildcard, wildcardRule{pattern: key, match: compileWildcard(key), rule: r})
			continue
		}
		if l.exact == nil {
			l.exact = make(map[string]*Rule)
		}
		l.exact[key] = r
	}
	slices.SortFunc(l.wildcard, func(a, b wildcardRule) int {
		return cmp.Or(cmp.Compare(len(b.pattern), len(a.pattern)), strings.Compare(a.pattern, b.pattern))
	})
	return l
}

// Check counts one request from ip to path (relative to the base path) at now. It is
// allowed without counting when the limiter is disabled, when ip is "" (Better Auth: no
// IP, no limit) or when a custom rule disables the path. Otherwise the key is
// "<ip>|<path>" with trailing slashes stripped from path.
func (l *Limiter) Check(ctx context.Context, ip, path string, now time.Time) (Decision, error) {
	if !l.enabled || ip == "" {
		return Decision{Allowed: true}, nil
	}
	path = normalizePath(path)
	rule, disabled := l.ruleFor(path)
	if disabled {
		return Decision{Allowed: true}, nil
	}
	return l.store.Consume(ctx, ip+"|"+path, rule, now)
}

// RuleFor returns the rule of path (relative to the base path, trailing slashes ignored)
// and whether a custom rule disables rate limiting for it. Precedence, last wins: the
// default, the built-in special rules, the first matching plugin rule, the custom rule.
func (l *Limiter) RuleFor(path string) (rule Rule, disabled bool) {
	return l.ruleFor(normalizePath(path))
}

func (l *Limiter) ruleFor(path string) (Rule, bool) {
	rule := l.def
	if r, ok := specialRule(path); ok {
		rule = r
	}
	for _, p := range l.plugin {
		if p.Match(path) {
			rule = p.Rule
			break
		}
	}
	if len(l.exact) > 0 || len(l.wildcard) > 0 {
		if r, ok := l.customRule(path); ok {
			if r == nil {
				return rule, true
			}
			rule = *r
		}
	}
	return rule, false
}

func (l *Limiter) customRule(path string) (*Rule, bool) {
	if r, ok := l.exact[path]; ok {
		return r, true
	}
	for _, w := range l.wildcard {
		if w.match(path) {
			return w.rule, true
		}
	}
	return nil, false
}

// specialRule returns Better Auth's built-in rule for sensitive paths
// (rate-limiter/index.ts getDefaultSpecialRules).
func specialRule(path string) (Rule, bool) {
	switch {
	case strings.HasPrefix(path, "/sign-in"),
		strings.HasPrefix(path, "/sign-up"),
		strings.HasPrefix(path, "/change-password"),
		strings.HasPrefix(path, "/change-email"):
		return Rule{Window: 10 * time.Second, Max: 3}, true
	case path == "/request-password-reset",
		path == "/send-verification-email",
		strings.HasPrefix(path, "/forget-password"),
		path == "/email-otp/send-verification-otp",
		path == "/email-otp/request-password-reset":
		return Rule{Window: 60 * time.Second, Max: 3}, true
	}
	return Rule{}, false
}

// normalizePath strips trailing slashes; an empty result is "/" (Better Auth:
// core/utils/url.ts normalizePathname, after the base path is removed).
func normalizePath(path string) string {
	path = strings.TrimRight(path, "/")
	if path == "" {
		return "/"
	}
	return path
}
