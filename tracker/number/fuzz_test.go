package number

import (
	"encoding/json"
	"testing"
)

// FuzzDetect: Detect never panics, its Result keeps the documented invariants, Number is
// a fixed point of Normalize, and every suggestion is itself a valid number.
// Seeds: the published examples plus testdata/fuzz/FuzzDetect.
func FuzzDetect(f *testing.F) {
	for _, e := range examples {
		f.Add(e.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := Detect(s)
		checkInvariants(t, r)
		if n := Normalize(r.Number); n != r.Number {
			t.Fatalf("Normalize(%q) = %q: Number is not normalized", r.Number, n)
		}
		if r.Input != s {
			t.Fatalf("Input %q, want %q", r.Input, s)
		}
		for _, sug := range r.Suggestions {
			if sr := Detect(sug); !sr.Valid || sr.Checksum != ChecksumOK {
				t.Fatalf("suggestion %q for %q is not valid: %+v", sug, s, sr)
			}
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatalf("marshal: %v", err)
		}
	})
}
