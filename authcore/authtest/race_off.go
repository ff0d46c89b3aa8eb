//go:build !race

package authtest

// RaceEnabled reports a -race build, where allocation counts differ.
const RaceEnabled = false
