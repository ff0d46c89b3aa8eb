package authtest

import "testing"

// AllocBudget is how many allocations per call a hot path may make, in a normal build and
// in a -race build (the race detector adds some, and sync.Pool drops items under it).
type AllocBudget struct{ Plain, Race float64 }

// CheckAllocs fails tb when f allocates more per call than b allows for this build,
// measured with testing.AllocsPerRun over runs calls, and logs the count either way.
func CheckAllocs(tb testing.TB, name string, b AllocBudget, runs int, f func()) {
	tb.Helper()
	budget := b.Plain
	if RaceEnabled {
		budget = b.Race
	}
	got := testing.AllocsPerRun(runs, f)
	tb.Logf("%s: %.1f allocations per call (budget %.0f)", name, got, budget)
	if got > budget {
		tb.Errorf("%s allocates %.1f times per call, over its budget of %.0f", name, got, budget)
	}
}
