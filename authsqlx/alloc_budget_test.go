package authsqlx_test

import (
	"context"
	"testing"

	"github.com/goauth-dev/goauth/authcore/authtest"
	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authsqlx"
)

// Allocation budgets of the adapter's hot reads on SQLite, the embedded default:
// allocations per call measured with testing.AllocsPerRun, plus a little headroom. The
// counts include database/sql's and the driver's. A change that makes a read allocate
// more fails here; raise a budget only with a reason (and update docs/performance.md).
// Speed is measured by the benchmarks (bench_test.go), never asserted.
var allocBudgets = map[string]authtest.AllocBudget{
	// One session by token: the statement, database/sql's scan, the driver's row
	// values and the decoded record. Measured: 64 (race 64).
	"FindOne/session": {Plain: 68, Race: 70},
	// A session and its user in one statement; most of it is the driver's (column
	// names and values per row) and the two decoded records. Two FindOne calls cost
	// about 125. Measured: 92 (race 92).
	"FindWithRef/session+user": {Plain: 96, Race: 98},
}

func TestAllocationBudgets(t *testing.T) {
	a := sessionsFixture(t, authsqlx.SQLite)
	ctx := context.Background()
	check := func(name string, f func()) {
		t.Helper()
		authtest.CheckAllocs(t, name, allocBudgets[name], 100, f)
	}

	check("FindOne/session", func() {
		if _, err := a.FindOne(ctx, "session", sessionWhere); err != nil {
			t.Fatal(err)
		}
	})
	check("FindWithRef/session+user", func() {
		if _, u, err := db.FindWithRef(ctx, a, "session", sessionWhere, sessionUser); err != nil || u == nil {
			t.Fatal(u, err)
		}
	})
}
