package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
)

// heldReads runs a session's commands by hand and holds back the answers
// of the reads a change notice starts, so a test can answer them late, as
// a loaded server does while the next notices come.
type heldReads struct {
	h    *harness
	held []tea.Msg
}

func (r *heldReads) exec(c tea.Cmd) {
	if c == nil || waitsOutside(c) {
		return // the hub wait and timers: nothing comes from outside here
	}
	switch m := c().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range m {
			r.exec(c)
		}
	case exceptionsMsg, statusCountsMsg, countMsg, alertsMsg:
		r.held = append(r.held, m)
	default:
		_, next := r.h.app.Update(m)
		r.exec(next)
	}
}

func (r *heldReads) notice() {
	_, c := r.h.app.Update(changeMsg{change: tracker.Change{All: true}})
	r.exec(c)
}

// answer delivers the n reads held longest.
func (r *heldReads) answer(n int) {
	msgs := r.held[:n]
	r.held = append([]tea.Msg(nil), r.held[n:]...)
	for _, m := range msgs {
		_, next := r.h.app.Update(m)
		r.exec(next)
	}
}

// Change notices that come faster than the reads they start (a busy
// refresher, a server at load 20) must not keep the panes from ever
// showing an answer: the queue's counts said "counting…" for 30 s over SSH
// while every answer was dropped for the newer read the next notice had
// started. A read on its way is followed, not replaced, and the notice
// that came meanwhile is read after it, not lost.
func TestNoticesFasterThanReadsStillShowAnswers(t *testing.T) {
	f := newFakeReader(50)
	h := newHarness(t, Options{Reader: f, Hub: tracker.NewHub()}, 120, 35)
	r := &heldReads{h: h}
	change := func(id int64) {
		f.mu.Lock()
		defer f.mu.Unlock()
		row := f.rows[0]
		row.ShipmentID, row.OrderID, row.Status = id, id, tracker.StatusCustoms
		f.rows = append(f.rows, row)
		f.exceptions = append(f.exceptions, tracker.ExceptionRow{
			Exception: tracker.Exception{ID: id, ShipmentID: id, Kind: tracker.ExCustoms,
				Severity: tracker.SeverityOf(tracker.ExCustoms), State: tracker.ExOpen, OpenedAt: fixedNow},
			OrderID: id, TrackingNo: row.TrackingNo, Carrier: row.Carrier})
		f.alerts = append([]tracker.Alert{{ID: id, Kind: "customs", Subject: "held"}}, f.alerts...)
	}
	seen := func() (customs, statuses, total, unread int) {
		a := h.app
		for _, n := range a.status.counts {
			statuses += n
		}
		return a.exceptions.counts[tracker.ExCustoms], statuses, a.orders.total, a.alerts.unread
	}

	change(51)
	r.notice()
	reads := len(r.held)
	if reads != 4 {
		t.Fatalf("a notice started %d of the four reads (queue, status counts, orders count, alerts)", reads)
	}
	// Two more notices while those four are on their way, the second
	// about a change made after they read.
	r.notice()
	change(52)
	r.notice()
	r.answer(reads)
	if c, s, n, u := seen(); c != 1 || s != 51 || n != 51 || u != 1 {
		t.Errorf("after the first reads' answers: customs %d, statuses %d, orders %d, unread %d; want 1, 51, 51, 1", c, s, n, u)
	}
	// What changed after the first reads were asked is read once more.
	if len(r.held) != reads {
		t.Fatalf("%d reads follow the two notices that came meanwhile, want one of each (%d)", len(r.held), reads)
	}
	r.answer(len(r.held))
	if c, s, n, u := seen(); c != 2 || s != 52 || n != 52 || u != 2 {
		t.Errorf("after the reads that followed: customs %d, statuses %d, orders %d, unread %d; want 2, 52, 52, 2", c, s, n, u)
	}
	if len(r.held) != 0 {
		t.Errorf("%d reads still started with no notice since", len(r.held))
	}
}
