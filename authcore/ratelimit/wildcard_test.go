package ratelimit_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/goauth-dev/goauth/authcore/ratelimit"
)

// TestWildcardMatchesUpstream replays Better Auth's own wildcardMatch on a grid of
// patterns and paths (testdata/wildcard_upstream.json, produced with Node from the
// published better-auth@1.6.9 build).
func TestWildcardMatchesUpstream(t *testing.T) {
	raw, err := os.ReadFile("testdata/wildcard_upstream.json")
	if err != nil {
		t.Fatal(err)
	}
	var data struct {
		Cases []struct {
			Pattern, Path string
			Match         bool
		}
	}
	if err := json.Unmarshal(raw, &data); err != nil {
		t.Fatal(err)
	}
	if len(data.Cases) < 200 {
		t.Fatalf("only %d cases", len(data.Cases))
	}
	for _, c := range data.Cases {
		if got := ratelimit.MatchWildcard(c.Pattern, c.Path); got != c.Match {
			t.Errorf("match(%q, %q) = %v, upstream %v", c.Pattern, c.Path, got, c.Match)
		}
	}
}
