package number

import (
	"fmt"
	"testing"
)

// The notes the detector writes by concatenation are their exported
// formats with the values: tracker reads them back by those formats.
func TestRefusalNotesAreTheirFormats(t *testing.T) {
	for _, tt := range []struct {
		in, want string
	}{
		{"RR1234567CN", fmt.Sprintf(NoteS10Digits, 7)},
		{"RR123456785XX", fmt.Sprintf(NoteNotCountry, "XX")},
		{"RR123456784CN", fmt.Sprintf(NoteBadCheck, "4", "UPU S10 mod 11", "5")},
		{"", NoteEmpty},
		{"RR12#4", NoteBadChars},
		{"12345", NoteTooShort},
		{"ABCDEFGHIJKLMN", NoteUnknown},
		{"8123456789012345", NoteOrder},
	} {
		if got := Detect(tt.in).Note; got != tt.want {
			t.Errorf("Detect(%q).Note = %q, want %q", tt.in, got, tt.want)
		}
	}
}
