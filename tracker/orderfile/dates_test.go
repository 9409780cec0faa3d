package orderfile

import (
	"testing"
	"time"
)

// parseDate tries a layout only where it could match; what it reads is
// what trying every layout reads, for every layout and the shapes around
// them.
func TestParseDateSkipsOnlyLayoutsThatCannotMatch(t *testing.T) {
	every := func(s string) (time.Time, bool) {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t, true
		}
		for _, l := range dateLayouts {
			if t, err := time.ParseInLocation(l, s, time.UTC); err == nil {
				return t, true
			}
		}
		return time.Time{}, false
	}
	at := time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)
	inputs := []string{at.Format(time.RFC3339), "2026-03-14T09:26:53+08:00", "-123-01-02", "+202-01-02",
		"march 14, 2026", "14 MAR 2026", "Sept 14, 2026", "2026年3月14日", "2026", "20260314", "14/03/2026", "31/31/2024"}
	for _, l := range dateLayouts {
		inputs = append(inputs, at.Format(l))
	}
	for _, in := range inputs {
		t.Run(in, func(t *testing.T) {
			want, ok := every(in)
			got, err := parseDate(in, time.UTC, false)
			// Skipping can lose a reading, never make one.
			if ok && (err != nil || !got.Equal(want)) {
				t.Errorf("parseDate = %v, %v; every layout reads %v", got, err, want)
			}
		})
	}
}
