// Package origin implements Better Auth 1.6.9's trusted-origin matching (spec 5.2): exact
// origins, wildcard patterns and custom schemes, plus the relative-path rule for callback
// URLs.
//
// Better Auth: packages/better-auth/src/auth/trusted-origins.ts and
// api/middlewares/origin-check.ts.
package origin

import (
	"net/url"
	"regexp"
	"strings"
)

// relativeRE is the only shape of relative callback URL Better Auth accepts: one leading
// slash (no "//", "/\", "/%2f", "/%5c"), path characters, an optional query, no fragment.
var relativeRE = regexp.MustCompile(`^/[\w\-.+/@]*(\?[\w\-.+/=&%@]*)?$`)

// IsRelative reports whether s is an acceptable relative callback path.
func IsRelative(s string) bool {
	if !strings.HasPrefix(s, "/") {
		return false
	}
	rest := strings.ToLower(s[1:])
	if strings.HasPrefix(rest, "/") || strings.HasPrefix(rest, `\`) ||
		strings.HasPrefix(rest, "%2f") || strings.HasPrefix(rest, "%5c") {
		return false
	}
	return relativeRE.MatchString(s)
}

// Of returns the origin ("scheme://host[:port]") of an absolute URL, or "" when s is not
// one. Custom schemes keep their "scheme://" form.
func Of(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return ""
	}
	if u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host)
}

// Trusted reports whether rawURL matches one of the trusted patterns. allowRelative
// accepts relative paths (callback-type checks only).
func Trusted(rawURL string, trusted []string, allowRelative bool) bool {
	if rawURL == "" {
		return false
	}
	if strings.HasPrefix(rawURL, "/") {
		return allowRelative && IsRelative(rawURL)
	}
	for _, p := range trusted {
		if matches(rawURL, p) {
			return true
		}
	}
	return false
}

func matches(rawURL, pattern string) bool {
	if pattern == "" {
		return false
	}
	if strings.ContainsAny(pattern, "*?") {
		if len(rawURL) > maxGlobInput {
			return false
		}
		u, err := url.Parse(rawURL)
		if err != nil {
			return false
		}
		if strings.Contains(pattern, "://") {
			o := Of(rawURL)
			if o == "" {
				return false
			}
			return glob(pattern, o)
		}
		return u.Host != "" && glob(pattern, u.Host)
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "":
		o := Of(rawURL)
		return o != "" && o == strings.ToLower(strings.TrimRight(pattern, "/"))
	}
	return strings.HasPrefix(rawURL, pattern)
}

// maxGlobInput bounds the backtracking of wildcard matching on attacker-supplied URLs.
const maxGlobInput = 2048

// glob matches s against a pattern where "*" is any run of characters except '/' and
// '\', "**" any run at all and "?" one character other than '/' and '\'.
func glob(pattern, s string) bool {
	if pattern == "" {
		return s == ""
	}
	switch {
	case strings.HasPrefix(pattern, "**"):
		for i := 0; i <= len(s); i++ {
			if glob(pattern[2:], s[i:]) {
				return true
			}
		}
		return false
	case pattern[0] == '*':
		for i := 0; i <= len(s); i++ {
			if glob(pattern[1:], s[i:]) {
				return true
			}
			if i < len(s) && (s[i] == '/' || s[i] == '\\') {
				return false
			}
		}
		return false
	case pattern[0] == '?':
		return s != "" && s[0] != '/' && s[0] != '\\' && glob(pattern[1:], s[1:])
	}
	return s != "" && strings.EqualFold(pattern[:1], s[:1]) && glob(pattern[1:], s[1:])
}
