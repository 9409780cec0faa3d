package ui

import (
	"testing"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// The timeline's ETA line is in the session's language, what a history
// ETA was learned from included (42 个已签收包裹，同承运商和线路), as the
// case view says it.
func TestZhTimelineETALine(t *testing.T) {
	f := newFakeReader(20)
	first := f.rows[0].ShipmentID
	etas := &fakeETAs{etas: map[int64]tracker.ETA{first: historyETA(4, 2, 9)}}
	h := newHarness(t, Options{Reader: f, ETA: etas, Clock: fixedClock{fixedNow}, Language: i18n.Zh}, 140, 30)
	wantOnScreen(t, h, "42 个已签收包裹，同承运商和线路")
}
