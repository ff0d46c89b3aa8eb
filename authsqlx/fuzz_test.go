package authsqlx_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/db/dbtest"
	"github.com/goauth-dev/goauth/authsqlx"
)

// likeNotes are the stored strings FuzzStringOperators searches: every character LIKE,
// GLOB or the escape give a meaning to, in both cases (non-ASCII letters only in lower
// case, whose folding the databases agree on).
var likeNotes = []string{
	"50% off", "a_b", "x!y", "star*", "q?", "[br]ack", `back\slash`, "MiXeD Case", "mixed case",
	"ünïcode 🙂", "", "tab\tx", "%_!*?[]\\", "!%", "__", "a%b_c!d",
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// FuzzStringOperators: Contains, StartsWith and EndsWith, with and without Insensitive,
// select exactly the rows Go's strings functions select: search text is never a pattern.
// It runs on every database (seeds in plain go test; go test -fuzz explores on them all).
func FuzzStringOperators(f *testing.F) {
	for _, seed := range []string{"%", "_", "!", "*", "?", "[", "]", `\`, "!%", "[br]", "a_b", "MIXED", "case", "ünï", "", " ", "%_", "\\s"} {
		f.Add(seed)
	}
	ctx := context.Background()
	var adapters []*authsqlx.Adapter
	for _, d := range dialects {
		a := migrated(f, d, dbtest.Schema())
		for i, note := range likeNotes {
			id := fmt.Sprintf("n%02d", i)
			if _, err := a.Create(ctx, "testItem", db.Record{"id": id, "label": id, "note": note}); err != nil {
				f.Fatal(err)
			}
		}
		adapters = append(adapters, a)
	}
	ops := map[db.Op]func(s, sub string) bool{db.Contains: strings.Contains, db.StartsWith: strings.HasPrefix, db.EndsWith: strings.HasSuffix}
	f.Fuzz(func(t *testing.T, needle string) {
		if !utf8.ValidString(needle) || strings.ContainsRune(needle, 0) {
			t.Skip("databases reject invalid UTF-8 and NUL in text")
		}
		for _, a := range adapters {
			for op, match := range ops {
				for _, insensitive := range []bool{false, true} {
					if insensitive && !isASCII(needle) {
						continue // case folding beyond ASCII differs between databases
					}
					want := 0
					for _, note := range likeNotes { // non-ASCII letters in notes are lowercase already
						if (insensitive && match(asciiLower(note), asciiLower(needle))) || (!insensitive && match(note, needle)) {
							want++
						}
					}
					n, err := a.Count(ctx, "testItem", []db.Where{{Field: "note", Op: op, Value: needle, Insensitive: insensitive}})
					if err != nil {
						t.Fatalf("%s: %s %q: %v", a.Dialect(), op, needle, err)
					}
					if n != int64(want) {
						t.Errorf("%s: %s %q (insensitive %v) matched %d rows, want %d", a.Dialect(), op, needle, insensitive, n, want)
					}
				}
			}
		}
	})
}
