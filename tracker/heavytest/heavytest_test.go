package heavytest

import "testing"

// The skip follows the build: a test marked here runs in a binary built
// without -race and is skipped in one built with it.
func TestWithoutRaceFollowsTheBuild(t *testing.T) {
	ran := false
	t.Run("marked", func(t *testing.T) {
		WithoutRace(t)
		ran = true
	})
	if ran == raced {
		t.Errorf("race build %v: the marked test ran %v", raced, ran)
	}
}
