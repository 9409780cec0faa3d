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

// s10 is prefix + serial + its S10 check digit + country: a valid number
// for any service and country, so the notes below are the detector's own.
func s10(prefix, serial, country string) string {
	w := [8]int{8, 6, 4, 2, 3, 5, 9, 7}
	sum := 0
	for i := range 8 {
		sum += int(serial[i]-'0') * w[i]
	}
	c := 11 - sum%11
	switch c {
	case 10:
		c = 0
	case 11:
		c = 5
	}
	return prefix + serial + string(rune('0'+c)) + country
}

// The notes on a valid S10 number and a routed USPS number are their
// formats' text, so tracker reads them back and a screen in another
// language says them: a post the detector names, a national post, an
// untracked item, a service with its letters, an unassigned one.
func TestValidNotesAreTheirFormats(t *testing.T) {
	for _, tt := range []struct {
		in, want string
	}{
		{s10("RR", "12345678", "GB"), fmt.Sprintf(NoteS10Issued, s10Registered, "Royal Mail", "United Kingdom")},
		{s10("EA", "12345678", "CN"), fmt.Sprintf(NoteS10Issued, s10EMS, "China EMS", "China")},
		{s10("LX", "12345678", "ES"), fmt.Sprintf(NoteS10Issued, s10Express, "Correos (Spain)", "Spain")},
		{s10("CP", "12345678", "CC"), fmt.Sprintf(NoteS10National, s10Parcel, "Cocos (Keeling) Islands")},
		{s10("UA", "12345678", "DE"), fmt.Sprintf(NoteS10Untracked, fmt.Sprintf(NoteS10Issued, s10Untracked, "Deutsche Post", "Germany"))},
		{s10("AB", "12345678", "FR"), fmt.Sprintf(NoteS10Issued, fmt.Sprintf(NoteS10Bilateral, "AB"), "La Poste (Colissimo)", "France")},
		{s10("QZ", "12345678", "AQ"), fmt.Sprintf(NoteS10National, fmt.Sprintf(NoteS10Unassigned, "QZ"), "Antarctica")},
		{"420787459400111206206406260787", fmt.Sprintf(NoteUSPSRouting, "78745", "9400111206206406260787")},
	} {
		r := Detect(tt.in)
		if !r.Valid {
			t.Fatalf("Detect(%q) is not valid: %s", tt.in, r.Note)
		}
		if r.Note != tt.want {
			t.Errorf("Detect(%q).Note = %q, want %q", tt.in, r.Note, tt.want)
		}
	}
}
