package ui

import (
	"strings"
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

// The add form's refusal of a number in Chinese reads as one sentence:
// the detector's 。 gives way to the ； that follows (no "。；").
func TestZhAddFormRefusalPunctuation(t *testing.T) {
	h, _, _ := addHarness(t, Options{Language: i18n.Zh})
	h.press("a")
	h.typeText("WB-901")
	h.press("tab")
	h.typeText("RR123")
	h.press("enter")
	out := squash(screen(h))
	if want := `运单号 "RR123" 未通过校验：太短，不是运单号；请修改`; !strings.Contains(out, want) {
		t.Errorf("screen lacks %q:\n%s", want, out)
	}
}
