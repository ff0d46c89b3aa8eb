package authcore_test

import (
	"os/exec"
	"strings"
	"testing"
)

// allowedPrefixes are the only non-standard-library imports authcore may have (STYLE.md:
// authcore never imports a database driver, Redis, Echo, XML-dsig or a test framework).
var allowedPrefixes = []string{
	"github.com/goauth-dev/goauth/authcore",
	"golang.org/x/",
	"github.com/go-jose/go-jose/v4",
	"github.com/coreos/go-oidc/v3",
	// go-cmp is a test dependency; db/dbtest and kv/kvtest are test suites shipped as
	// packages for adapters to run.
	"github.com/google/go-cmp",
}

// testOnly lists imports allowed only in the packages named.
var testOnly = map[string][]string{
	"github.com/google/go-cmp": {"github.com/goauth-dev/goauth/authcore/db/dbtest", "github.com/goauth-dev/goauth/authcore/kv/kvtest"},
}

func TestDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	std, err := exec.Command("go", "list", "std").Output()
	if err != nil {
		t.Fatalf("go list std: %v", err)
	}
	isStd := map[string]bool{}
	for _, p := range strings.Fields(string(std)) {
		isStd[p] = true
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, imports := fields[0], fields[1:]
		for _, imp := range imports {
			if isStd[imp] {
				continue
			}
			if !allowed(pkg, imp) {
				t.Errorf("%s imports %s, which authcore may not depend on", pkg, imp)
			}
		}
	}
}

func allowed(pkg, imp string) bool {
	for _, p := range allowedPrefixes {
		if !strings.HasPrefix(imp, p) {
			continue
		}
		if only, ok := testOnly[p]; ok {
			for _, o := range only {
				if pkg == o {
					return true
				}
			}
			return false
		}
		return true
	}
	return false
}
