package cli

import (
	"strings"
	"sync"
	"testing"
	"time"

	"waybill/tracker"
)

func TestProgressLine(t *testing.T) {
	tests := []struct {
		sum   tracker.ApplySummary
		total int
		want  string
	}{
		{tracker.ApplySummary{Checked: 0}, 0, "0 checked · 0 new events · 0 failures"},
		{tracker.ApplySummary{Checked: 5, Skipped: 5, NewEvents: 7, Failures: 1}, 20, "[███████████████░░░░░░░░░░░░░░░] 10/20 · 5 checked · 7 new events · 1 failures"},
		{tracker.ApplySummary{Checked: 25}, 20, "[██████████████████████████████] 20/20 · 25 checked · 0 new events · 0 failures"},
	}
	for _, tt := range tests {
		if got := progressLine(nil, tt.sum, tt.total); got != tt.want {
			t.Errorf("progressLine(%+v, %d) =\n%q\nwant\n%q", tt.sum, tt.total, got, tt.want)
		}
	}
}

// A refresh summary, and a running process's log, tell each event stored
// with a time that cannot be right once, with its parcel, cleaned.
func TestSuspectEventsAreTold(t *testing.T) {
	future := tracker.SuspectEvent{TrackingNo: "LX123456789CN", Doubt: tracker.TimeAhead, Event: tracker.Event{
		Time: time.Date(2027, 4, 14, 12, 0, 0, 0, time.UTC), Status: tracker.StatusDelivered, Description: "Delivered\x1b[2J",
	}}
	epoch := tracker.SuspectEvent{TrackingNo: "RB123456785GB", Doubt: tracker.TimeBeforeShipped, Event: tracker.Event{Time: time.Unix(0, 0).UTC(), Status: tracker.StatusInTransit, RawStatus: "x"}}
	var summary strings.Builder
	printReport(&summary, nil, tracker.Report{Total: tracker.ApplySummary{Checked: 2, Suspect: []tracker.SuspectEvent{future, epoch}}}, nil, 0)
	var log strings.Builder
	logSuspect(&log, new(sync.Mutex))("17track\x07", []tracker.SuspectEvent{future})
	for _, tc := range []struct {
		name, out string
		want      []string
	}{
		{"refresh summary", summary.String(), []string{"suspect time: LX123456789CN: event dated 2027-04-14T12:00:00Z", "suspect time: RB123456785GB: event dated 1970-01-01T00:00:00Z"}},
		{"serve log", log.String(), []string{"17track: suspect time: LX123456789CN: event dated 2027-04-14T12:00:00Z (delivered, \"Delivered\") kept but not counted: " + string(tracker.TimeAhead)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, w := range tc.want {
				if strings.Count(tc.out, w) != 1 {
					t.Errorf("output does not say %q once:\n%s", w, tc.out)
				}
			}
			if strings.ContainsAny(tc.out, "\x1b\x07") {
				t.Errorf("a terminal control in %q", tc.out)
			}
		})
	}
}
