package ratelimit

import (
	"regexp"
	"strings"
)

// compileWildcard returns a matcher for a custom-rule key, with the semantics of Better
// Auth's wildcardMatch(pattern) with the default "/" separator (better-auth
// src/utils/wildcard.ts, after axtgr/wildcard-match):
//
//   - "*" matches a run of characters other than "/" and "\", "?" exactly one of them;
//   - a "**" segment matches any number of whole segments;
//   - "/" in the pattern matches one or more "/" or "\" in the path, and a path may
//     carry extra trailing separators;
//   - "\" escapes the next pattern character.
//
// The whole path must match.
func compileWildcard(pattern string) func(string) bool {
	const (
		sep      = `[/\\]`
		notSep   = `[^/\\]`
		required = sep + `+?`
		optional = sep + `*?`
	)
	segments := strings.Split(pattern, "/")
	var b strings.Builder
	b.WriteString("^")
	for i, seg := range segments {
		if seg == "" && i > 0 {
			continue
		}
		var cur string
		switch {
		case i == len(segments)-1:
			cur = optional
		case segments[i+1] != "**":
			cur = required
		}
		if seg == "**" {
			if cur != "" {
				if i > 0 {
					b.WriteString(cur)
				}
				b.WriteString(`(?:` + notSep + `*?` + cur + `)*?`)
			}
			continue
		}
		rs := []rune(seg)
		for j := 0; j < len(rs); j++ {
			switch c := rs[j]; c {
			case '\\':
				if j+1 < len(rs) {
					j++
					b.WriteString(regexp.QuoteMeta(string(rs[j])))
				}
			case '?':
				b.WriteString(notSep)
			case '*':
				b.WriteString(notSep + `*?`)
			default:
				b.WriteString(regexp.QuoteMeta(string(c)))
			}
		}
		b.WriteString(cur)
	}
	b.WriteString("$")
	// Every literal is quoted, so the expression always compiles.
	return regexp.MustCompile(b.String()).MatchString
}
