package number

import (
	"reflect"
	"testing"
)

// DetectWithoutSuggestions says what Detect says of a number, valid or not,
// but never searches for the numbers a mistyped one may have meant.
func TestDetectWithoutSuggestions(t *testing.T) {
	tests := []struct {
		name, in string
		mistyped bool // Detect has suggestions for it
	}{
		{"a valid UPU S10 number", "RB123456785GB", false},
		{"a UPU S10 number with a wrong check digit", "RB123456786GB", true},
		{"a UPS number with a wrong check digit", "1Z5R89390357567128", true},
		{"a letter S for a five", "RB12345678SGB", true},
		{"an order number", "8123456789012345", false},
		{"garbage", "order #12345", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			full, quick := Detect(tt.in), DetectWithoutSuggestions(tt.in)
			if len(quick.Suggestions) != 0 {
				t.Errorf("suggestions %v, want none", quick.Suggestions)
			}
			if got := len(full.Suggestions) > 0; got != tt.mistyped {
				t.Fatalf("Detect's suggestions %v: the case is not what its name says", full.Suggestions)
			}
			// Everything else is Detect's, but the note of a near miss,
			// which points at the suggestions it found.
			full.Suggestions, full.Note, quick.Note = nil, "", ""
			quick.Suggestions = nil
			if !reflect.DeepEqual(full, quick) {
				t.Errorf("differs from Detect:\n got %+v\nwant %+v", quick, full)
			}
		})
	}
}
