//go:build race

package authcore_test

// raceEnabled reports a -race build, where allocation counts differ.
const raceEnabled = true
