package ui

import (
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// `r` on a parcel whose service is paused or stopped (by this process or
// another on the store) says until when and why, not "0 new events".
func TestRefreshOfAPausedServiceSaysWhy(t *testing.T) {
	tests := []struct {
		name string
		down tracker.ServiceHealth
		want string
	}{
		{"quota pause, its end on the session's clock",
			tracker.ServiceHealth{Service: "dhl", State: tracker.HealthPaused, Until: fixedNow.Add(10 * time.Hour), Reason: "daily quota used up, resets 00:00 GMT"},
			": not checked, dhl paused until 00:00: daily quota used up, resets 00:00 GMT"},
		{"rejected key",
			tracker.ServiceHealth{Service: "17track", State: tracker.HealthStopped, Reason: "key rejected"},
			": not checked, 17track stopped: key rejected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeReader(5)
			ref := &fakeRefresher{sum: tracker.ApplySummary{Skipped: 1}, err: &tracker.ServiceDown{ServiceHealth: tt.down}}
			h := newHarness(t, Options{Reader: f, Refresher: ref}, 120, 35)
			h.press("r")
			wantOnScreen(t, h, tt.want)
			if out := screen(h); strings.Contains(out, "new events") {
				t.Errorf("says new events:\n%s", out)
			}
		})
	}
}
