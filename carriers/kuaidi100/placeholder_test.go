package kuaidi100

import (
	"testing"
	"time"
)

// An entry's placeholder date is kept as sent, for the store to tell of and
// not count (issue 19: dropping it told nobody), and the answer's overall
// state goes to the newest real entry, not to it.
func TestEventsKeepPlaceholderDates(t *testing.T) {
	for _, tc := range []struct {
		name     string
		data     []datum
		times    []time.Time
		stateRaw int // which event gets the overall state
	}{
		{"9999 beside a real entry", []datum{{Time: "9999-12-31 00:00:00", Context: "?"}, {Time: "2026-10-20 18:00:00", Context: "sorted"}},
			[]time.Time{time.Date(9999, 12, 30, 16, 0, 0, 0, time.UTC), time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC)}, 1},
		{"1970 alone", []datum{{Time: "1970-01-01 08:00:00", Context: "?"}}, []time.Time{time.Unix(0, 0).UTC()}, -1},
		{"unreadable is dropped", []datum{{Time: "soon"}, {Time: "2026-10-20 18:00:00"}}, []time.Time{time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC)}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs := Events(tc.data, "3")
			if len(evs) != len(tc.times) {
				t.Fatalf("%d events, want %d", len(evs), len(tc.times))
			}
			for i, e := range evs {
				if !e.Time.Equal(tc.times[i]) {
					t.Errorf("event %d at %v, want %v", i, e.Time, tc.times[i])
				}
				if got := e.RawStatus == "3"; got != (i == tc.stateRaw) {
					t.Errorf("event %d raw status %q: the overall state belongs to the newest real entry (%d)", i, e.RawStatus, tc.stateRaw)
				}
			}
		})
	}
}
