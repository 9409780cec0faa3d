package sim

import (
	"testing"
	"time"

	"waybill/tracker"
)

// The carrier tells what has happened by its clock's now: as the clock
// moves (the demo's runs a day a second here), the parcel moves on.
func TestClockMovesParcels(t *testing.T) {
	no := numberWith(t, 5, OutcomeDelivered)
	clock := tracker.NewFixedClock(shipped0)
	c := New(5, clock)
	seen := 0
	for range 90 {
		res := trackOne(t, c, trackReq(no))
		if len(res.Events) < seen {
			t.Fatalf("events went from %d to %d", seen, len(res.Events))
		}
		seen = len(res.Events)
		clock.Advance(24 * time.Hour)
	}
	if want := len(Journey(5, no, shipped0, "").Events); seen != want {
		t.Errorf("after 90 demo days: %d events, want all %d", seen, want)
	}
}
