package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// gatedETA answers like its ETA reader once the gate opens: an ETA model
// that a cold store is still learning from every delivered parcel.
type gatedETA struct {
	gate chan struct{}
	tracker.ETAReader
}

func (g gatedETA) ShipmentETA(ctx context.Context, id int64, now time.Time) (tracker.ETA, bool, error) {
	select {
	case <-g.gate:
	case <-ctx.Done():
		return tracker.ETA{}, false, ctx.Err()
	}
	return g.ETAReader.ShipmentETA(ctx, id, now)
}

// startFirst runs StartFirst, failing when the first frame does not come
// while the ETA is held back.
func startFirst(t *testing.T, d *Driver, w, h int) string {
	t.Helper()
	done := make(chan string, 1)
	go func() { done <- d.StartFirst(w, h) }()
	select {
	case out := <-done:
		return out
	case <-time.After(hangGuard):
		t.Fatal("no first frame while the ETA is still being read: the frame waits for the ETA model")
		return ""
	}
}

// The first frame does not wait for the ETA (issue 24: a cold ETA model is
// learned from every delivered parcel, 1.4 s at a million orders): the
// timeline's events and the queue's rows are shown, and the ETA line and
// the queue's "extend?" fill in when the model answers.
func TestFirstFrameDoesNotWaitForTheETA(t *testing.T) {
	db, svc, _ := queueExtendStore(t)
	gate := make(chan struct{})
	eta := gatedETA{gate: gate, ETAReader: etaAt{fixedNow.AddDate(0, 0, 12)}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d := NewDriver(ctx, Options{Reader: db, Service: svc, ETA: eta, Clock: fixedClock{fixedNow}}, 160, 40)
	out := startFirst(t, d, 160, 40)
	for _, want := range []string{"AE-77", "NO-1", "RR123456785CN"} {
		if !strings.Contains(out, want) {
			t.Errorf("first frame lacks %q:\n%s", want, out)
		}
	}
	if d.a.timeline.loadedID == 0 || !d.a.timeline.etaPending() {
		t.Errorf("timeline: events of %d, ETA pending %v; want the events shown and the ETA still coming", d.a.timeline.loadedID, d.a.timeline.etaPending())
	}
	if strings.Contains(out, "ETA ") || strings.Contains(out, "extend?") {
		t.Errorf("the first frame shows what the gated ETA has not answered:\n%s", out)
	}
	close(gate)
	out = d.Settle()
	if !strings.Contains(out, "ETA ") {
		t.Errorf("the ETA did not fill in:\n%s", out)
	}
	var ae string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "AE-77") && strings.Contains(l, "MED") {
			ae = l
		}
	}
	if !strings.Contains(ae, "extend?") {
		t.Errorf("the queue's extend? did not fill in: %q\n%s", ae, out)
	}
}

// A re-read of the parcel on screen keeps its ETA line until the new ETA
// comes: the events do not jump up and back down.
func TestTimelineRereadKeepsTheETALine(t *testing.T) {
	f := newFakeReader(20)
	first := f.rows[0].ShipmentID
	etas := &fakeETAs{etas: map[int64]tracker.ETA{first: historyETA(4, 2, 9)}}
	h := newHarness(t, Options{Reader: f, ETA: etas, Clock: fixedClock{fixedNow}}, 140, 30)
	wantOnScreen(t, h, "ETA 06-05")
	h.app.timeline.invalidate([]int64{first})
	msg := h.app.timeline.fetch()()
	h.app.timeline.onTimeline(msg.(timelineMsg))
	if h.app.timeline.eta == nil {
		t.Fatal("the ETA line went away while the parcel's events were read again")
	}
}
