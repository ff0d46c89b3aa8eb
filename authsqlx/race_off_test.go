//go:build !race

package authsqlx_test

// raceEnabled reports a -race build, where allocation counts differ.
const raceEnabled = false
