// Package heavytest marks the tests that run once, without the race
// detector: a single goroutine doing nothing but CPU work (a matrix of
// every message, a file of 150,000 bad rows). The detector has nothing to
// find there and slows them 20 to 60 times, on every run of the README's
// first test command; its second command, built without -race, names
// each of them (TestBenchCommandListsEveryBenchmark in the root package
// keeps that list whole).
package heavytest

import "testing"

// WithoutRace skips t when the test binary is built with -race.
func WithoutRace(t testing.TB) {
	t.Helper()
	if raced {
		t.Skip("one goroutine, all CPU: the README's second test command runs it without -race")
	}
}
