package number

import (
	"slices"
	"testing"
)

func TestTypoRank(t *testing.T) {
	tests := []struct {
		name, typed, meant string
		want               int
	}{
		{"two neighbours swapped", "RB123465785GB", "RB123456785GB", rankSwap},
		{"swap into the check digit", "RB123456758GB", "RB123456785GB", rankSwap},
		{"top-row neighbour", "RB123456885GB", "RB123456785GB", rankNearMiss},
		{"9 and 0 on the top row", "RB123456789GB", "RB123456780GB", rankNearMiss},
		{"number pad column", "RB123456485GB", "RB123456785GB", rankNearMiss},
		{"letter row", "1Z5E89390357567127", "1Z5R89390357567127", rankNearMiss},
		{"3 read as 8", "RB123456735GB", "RB123456785GB", rankNearMiss},
		{"far key", "RB123456715GB", "RB123456785GB", rankSubstitution},
		{"two changes", "RB923456781GB", "RB123456785GB", rankOther},
		{"other length", "RB12345678GB", "RB123456785GB", rankOther},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := typoRank(tc.typed, tc.meant); got != tc.want {
				t.Errorf("typoRank(%q, %q) = %d, want %d", tc.typed, tc.meant, got, tc.want)
			}
		})
	}
}

// TestSuggestionsLikeliestFirst: the number meant comes before every
// suggestion that a less common mistake would explain.
func TestSuggestionsLikeliestFirst(t *testing.T) {
	tests := []struct {
		name, typed, meant string
		at                 int // its place in the list
	}{
		{"swapped serial digits", "RB123465785GB", "RB123456785GB", 0},
		{"3 read as 8", "RB123456735GB", "RB123456785GB", 9}, // behind swaps and near misses only
		{"far key", "RB123456715GB", "RB123456785GB", -1},    // only checked against ranks
		{"UPS swapped digits", "1Z5R89390357576127", "1Z5R89390357567127", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Detect(tc.typed)
			checkInvariants(t, r)
			i := slices.Index(r.Suggestions, tc.meant)
			if i < 0 {
				t.Fatalf("%q is not suggested for %q: %v", tc.meant, tc.typed, r.Suggestions)
			}
			if tc.at >= 0 && i != tc.at {
				t.Errorf("%q is suggestion %d, want %d: %v", tc.meant, i, tc.at, r.Suggestions)
			}
			rank := typoRank(r.Number, tc.meant)
			for _, s := range r.Suggestions[i+1:] {
				if typoRank(r.Number, s) < rank {
					t.Errorf("%q (a likelier mistake) comes after %q", s, tc.meant)
				}
			}
			for _, s := range r.Suggestions[:i] {
				if typoRank(r.Number, s) > rank {
					t.Errorf("%q (a less likely mistake) comes before %q", s, tc.meant)
				}
			}
		})
	}
}
