//go:build race

package cookie_test

// raceEnabled reports a -race build, where allocation counts differ.
const raceEnabled = true
