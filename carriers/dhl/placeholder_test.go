package dhl

import (
	"testing"
	"time"
)

// An event's placeholder date is kept as sent, for the store to tell of and
// not count (issue 19: dropping it told nobody); only an unreadable time
// drops it. ParseTime, for estimates, still refuses such years.
func TestConvertKeepsPlaceholderDates(t *testing.T) {
	for _, tc := range []struct {
		at   string
		want time.Time
		kept bool
	}{
		{"2026-10-20T10:00:00Z", time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC), true},
		{"9999-12-31T00:00:00Z", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), true},
		{"1970-01-01T00:00:00Z", time.Unix(0, 0).UTC(), true},
		{"0001-01-01T00:00:00Z", time.Time{}, true},
		{"20/10/2026", time.Time{}, false},
	} {
		t.Run(tc.at, func(t *testing.T) {
			e, ok := convert(event{Timestamp: tc.at, StatusCode: "transit", Description: "Sorted"}, "express")
			if ok != tc.kept {
				t.Fatalf("kept %v, want %v", ok, tc.kept)
			}
			if ok && !e.Time.Equal(tc.want) {
				t.Errorf("time %v, want %v", e.Time, tc.want)
			}
		})
	}
}
