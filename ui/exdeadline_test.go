package ui

import (
	"testing"
	"time"

	"waybill/tracker"
)

// A row the store marks with a deadline due soon tops the queue above
// every severity, soonest first, and shows its time left; the queue asks
// the store with [deadlines] urgent (48h unless set).
func TestDeadlineDueRisesAndShowsTimeLeft(t *testing.T) {
	for _, tc := range []struct {
		name       string
		urgent     time.Duration
		wantUrgent time.Duration
	}{{"default", 0, 48 * time.Hour}, {"configured", 72 * time.Hour, 72 * time.Hour}} {
		t.Run(tc.name, func(t *testing.T) {
			f := triageFake()
			// Two stale ones, low in the queue: one due in 1d 4h, one 3h overdue.
			f.exceptions[3].DeadlineKind, f.exceptions[3].DeadlineDue = tracker.DeadlineDisputeReply, fixedNow.Add(28*time.Hour)
			f.exceptions[2].DeadlineKind, f.exceptions[2].DeadlineDue = tracker.DeadlineShipBy, fixedNow.Add(-3*time.Hour)
			for _, size := range [][2]int{{100, 30}, {160, 50}} {
				h := newHarness(t, Options{Reader: f, Urgent: tc.urgent}, size[0], size[1])
				if ids := queueIDs(h); len(ids) < 2 || ids[0] != f.exceptions[2].ID || ids[1] != f.exceptions[3].ID {
					t.Errorf("%v: queue %v, want %d then %d first", size, ids, f.exceptions[2].ID, f.exceptions[3].ID)
				}
				wantOnScreen(t, h, "overdue 3h", "1d 4h")
				f.mu.Lock()
				q := f.exQueries[len(f.exQueries)-1]
				f.mu.Unlock()
				if q.Urgent != tc.wantUrgent {
					t.Errorf("queue asked with urgent %v, want %v", q.Urgent, tc.wantUrgent)
				}
			}
		})
	}
}
