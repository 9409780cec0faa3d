package ship24

import (
	"testing"
	"time"
)

// An event's placeholder date is kept as sent, for the store to tell of and
// not count (issue 19: dropping it told nobody); only an unreadable time
// drops it.
func TestConvertKeepsPlaceholderDates(t *testing.T) {
	for _, tc := range []struct {
		at   string
		want time.Time
		kept bool
	}{
		{"2026-10-27T01:02:03Z", time.Date(2026, 10, 27, 1, 2, 3, 0, time.UTC), true},
		{"9999-12-31T00:00:00Z", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), true},
		{"1970-01-01T00:00:00Z", time.Unix(0, 0).UTC(), true},
		{"0001-01-01T00:00:00Z", time.Time{}, true},
		{"soon", time.Time{}, false},
	} {
		t.Run(tc.at, func(t *testing.T) {
			conv := convert([]tracking{{Events: []event{{OccurrenceDatetime: tc.at, Status: "Sorted"}}}})
			if (len(conv.events) == 1) != tc.kept || (conv.skipped == 1) == tc.kept {
				t.Fatalf("%d events, %d skipped; want kept %v", len(conv.events), conv.skipped, tc.kept)
			}
			if tc.kept && !conv.events[0].Time.Equal(tc.want) {
				t.Errorf("time %v, want %v", conv.events[0].Time, tc.want)
			}
		})
	}
}
