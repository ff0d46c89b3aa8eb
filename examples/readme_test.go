// Package examples_test checks that the code snippets of the repository's README.md are the
// code of the example programs they quote, so the README shows code that compiles and is
// tested.
package examples_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// snippet matches a README code block preceded by a marker naming the file it quotes:
//
//	<!-- snippet: examples/nethttp/main.go -->
//	```go
//	...
//	```
var snippet = regexp.MustCompile("(?s)<!-- snippet: ([^ ]+) -->\n```[a-z]*\n(.*?)```\n")

func TestREADMESnippets(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, m := range snippet.FindAllStringSubmatch(string(readme), -1) {
		path, code := m[1], m[2]
		found[path] = true
		src, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(path)))
		if err != nil {
			t.Errorf("README.md quotes %s: %v", path, err)
			continue
		}
		if !strings.Contains(string(src), code) {
			t.Errorf("README.md's snippet of %s is not in that file; copy the code again:\n%s", path, code)
		}
	}
	// The sections this module's examples back.
	for _, path := range []string{
		"examples/nethttp/main.go",
		"examples/echo/main.go",
		"examples/demo/web/src/auth-client.js",
		"examples/demo/server.go",
	} {
		if !found[path] {
			t.Errorf("README.md has no snippet marked <!-- snippet: %s -->", path)
		}
	}
}
