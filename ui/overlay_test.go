package ui

import "testing"

// A box over text whose wide characters straddle its edges keeps every
// line the width it had: the cut characters become spaces.
func TestOverlayAcrossWideCharacters(t *testing.T) {
	tests := []struct {
		name, line string
		x          int
		want       string
	}{
		{"narrow text", "abcdefghij", 3, "abc[--]hij"},
		{"wide character across the left edge", "a新しいお荷物", 2, "a [--] お荷物"},
		{"wide character across the right edge", "新しいお荷物", 2, "新[--]お荷物"},
		{"wide characters on both edges", "a新しいお荷物", 4, "a新 [--] 荷物"},
		{"wide characters inside only", "新しいお荷物", 4, "新し[--]荷物"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := []string{tt.line}
			overlay(lines, []string{"[--]"}, tt.x, 0)
			if lines[0] != tt.want || widthOf(lines[0]) != widthOf(tt.line) {
				t.Errorf("overlay at %d on %q = %q (%d wide), want %q (%d wide)", tt.x, tt.line,
					lines[0], widthOf(lines[0]), tt.want, widthOf(tt.line))
			}
		})
	}
}
