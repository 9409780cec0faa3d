package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"waybill/tracker"
)

// Issue 20, item 5: the queue tells its history. X asks why; u undoes the
// session's last triage action; v shows the acknowledged, snoozed and
// resolved exceptions with who did the last thing; l shows an exception's
// log; / narrows the queue and the alert list; Enter on an alert opens its
// parcel.

func TestResolveAsksWhy(t *testing.T) {
	f := triageFake()
	h := newHarness(t, Options{Reader: f, Actor: tracker.Actor{Name: "ana"}}, 100, 30)
	toQueue(h)
	sel, _ := h.app.exceptions.Selected()
	h.press("X")
	wantOnScreen(t, h, "Resolve 1 exception", "Why ")
	h.press("enter")
	wantOnScreen(t, h, "say why: it is logged with your name")
	if n := len(f.triageCalls()); n != 0 {
		t.Fatalf("resolved without a reason: %+v", f.triageCalls())
	}
	h.press("esc")
	if h.app.prompt != nil || len(f.triageCalls()) != 0 {
		t.Fatalf("esc did not cancel: prompt %v, calls %+v", h.app.prompt, f.triageCalls())
	}
	h.press("X")
	h.typeText("refunded, buyer agreed")
	h.press("enter")
	c := lastCall(t, f)
	if c.method != "Resolve" || !slices.Equal(c.ids, []int64{sel.ID}) || c.reason != "refunded, buyer agreed" || c.actor != "ana" {
		t.Fatalf("call %+v, want Resolve [%d] by ana with the reason", c, sel.ID)
	}
	wantOnScreen(t, h, "resolved: 1 exception · u undoes")
}

func TestUndoIsAStackOfTheSessionsActions(t *testing.T) {
	f := triageFake()
	h := newHarness(t, Options{Reader: f, Actor: tracker.Actor{Name: "ana"}}, 120, 35)
	h.press("u")
	wantOnScreen(t, h, "nothing to undo")

	// Watch the first order; in the queue acknowledge, assign and snooze
	// the first exception (it leaves the queue), then resolve the next.
	h.press("w")
	toQueue(h)
	first, _ := h.app.exceptions.Selected()
	h.press("a", "o")
	h.typeText("bo")
	h.press("enter", "s", "1")
	second, _ := h.app.exceptions.Selected()
	h.press("X")
	h.typeText("found at the depot")
	h.press("enter")
	row := func(id int64) tracker.ExceptionRow {
		f.mu.Lock()
		defer f.mu.Unlock()
		for _, r := range f.exceptions {
			if r.ID == id {
				return r
			}
		}
		t.Fatalf("exception %d is gone", id)
		return tracker.ExceptionRow{}
	}
	if r := row(first.ID); r.State != tracker.ExSnoozed || r.Owner != "bo" || second.ID == first.ID {
		t.Fatalf("after the actions: %+v (second %d)", r, second.ID)
	}
	f.reset()
	steps := []struct {
		say   string
		id    int64
		check func(r tracker.ExceptionRow) bool
	}{
		{"undone: resolved: 1 exception", second.ID, func(r tracker.ExceptionRow) bool { return r.State == tracker.ExOpen }},
		{"undone: snoozed for 1 day: 1 exception", first.ID, func(r tracker.ExceptionRow) bool {
			return r.State == tracker.ExAcknowledged && r.Owner == "bo"
		}},
		{"undone: assigned to bo: 1 exception", first.ID, func(r tracker.ExceptionRow) bool {
			return r.State == tracker.ExAcknowledged && r.Owner == ""
		}},
		{"undone: acknowledged: 1 exception", first.ID, func(r tracker.ExceptionRow) bool { return r.State == tracker.ExOpen }},
	}
	for _, s := range steps {
		h.press("u")
		wantOnScreen(t, h, s.say)
		if r := row(s.id); !s.check(r) {
			t.Errorf("after %q: %+v", s.say, r)
		}
		if c := lastCall(t, f); c.method != "UndoTriage" || c.actor != "ana" {
			t.Errorf("after %q: call %+v, want UndoTriage by ana", s.say, c)
		}
	}
	// The log says who undid what.
	f.mu.Lock()
	var undone []string
	for _, e := range append(f.exLog[second.ID], f.exLog[first.ID]...) {
		if e.Actor == "ana" && strings.HasPrefix(e.Detail, "back to") {
			undone = append(undone, e.Action)
		}
	}
	f.mu.Unlock()
	if want := []string{"reopened", "unsnoozed", "reassigned", "unacknowledged"}; !slices.Equal(undone, want) {
		t.Errorf("undo log actions %q, want %q", undone, want)
	}
	h.press("u")
	if c := lastCall(t, f); c.method != "SetWatch" || c.on {
		t.Errorf("the last undo: %+v, want the watch stopped", c)
	}
	wantOnScreen(t, h, "undone: watching order")
	h.press("u")
	wantOnScreen(t, h, "nothing to undo")
}

func TestUndoRefusedToAViewer(t *testing.T) {
	f := triageFake()
	h := newHarness(t, Options{Reader: f, Actor: tracker.Actor{Name: "sam", Role: tracker.RoleViewer}}, 100, 30)
	h.app.undo.push(undoEntry{label: "acknowledged: 1 exception", triaged: tracker.Triaged{Action: tracker.LogAcknowledged}})
	h.press("u")
	wantOnScreen(t, h, "read only")
	if n := len(f.triageCalls()); n != 0 {
		t.Errorf("a viewer's undo wrote: %+v", f.triageCalls())
	}
}

func TestViewKeyShowsTheQueuesHistory(t *testing.T) {
	f := triageFake()
	h := newHarness(t, Options{Reader: f, Actor: tracker.Actor{Name: "ana"}}, 160, 40)
	toQueue(h)
	ids := make([]int64, len(h.app.exceptions.items))
	for i, it := range h.app.exceptions.items {
		ids[i] = it.ID
	}
	// One acknowledged, one snoozed, one resolved by hand.
	h.press("a", "j", "s", "1", "X")
	h.typeText("buyer has it")
	h.press("enter")
	for _, tc := range []struct {
		title string
		wants []string
		view  tracker.ExceptionView
	}{
		{"Exceptions · acknowledged", []string{"1 acknowledged", "Last change", "ana acknowledged 06-01 14:00"}, tracker.ViewAcknowledged},
		{"Exceptions · snoozed", []string{"1 snoozed", "until 06-02 14:00", "ana snoozed"}, tracker.ViewSnoozed},
		{"Exceptions · resolved", []string{"1 resolved", "by ana", "ana resolved 06-01 14:00 · buyer has it", "the last closed first"},
			tracker.ViewResolved},
		{"Exceptions · all", []string{"5 in all", "resolved by ana", "snoozed until", "ack"}, tracker.ViewAll},
		{"Exceptions ", []string{"3 open", "Next action"}, tracker.ViewQueue},
	} {
		h.press("v")
		wantOnScreen(t, h, append(tc.wants, tc.title)...)
		if h.app.exceptions.view != tc.view {
			t.Errorf("view %q, want %q", h.app.exceptions.view, tc.view)
		}
		// With room for the queue's full table (from 160 columns the
		// exceptions pane gets the width under the panes), the tracking
		// number, the key a seller copies, stays: the detail gives way first.
		h.send(tea.WindowSizeMsg{Width: 200, Height: 50})
		out := screen(h)
		if pane := out[strings.Index(out, "─ Exceptions"):]; !strings.Contains(pane, "Tracking") || !strings.Contains(pane, "LP0000000") {
			t.Errorf("%s view at 200 columns lacks the tracking number:\n%s", tc.view.Name(), pane)
		}
		h.send(tea.WindowSizeMsg{Width: 160, Height: 40})
		if tc.view != tracker.ViewQueue {
			qs := f.exceptionQueries()
			if q := qs[len(qs)-1]; q.View != tc.view || q.Limit != exceptionsLimit {
				t.Errorf("read %+v, want the %s view's page", q, tc.view.Name())
			}
		}
	}
}

func TestLogKeyShowsWhoDidWhat(t *testing.T) {
	f := triageFake()
	h := newHarness(t, Options{Reader: f, Actor: tracker.Actor{Name: "ana"}}, 80, 24)
	toQueue(h)
	sel, _ := h.app.exceptions.Selected()
	h.press("a", "o")
	h.typeText("bo")
	h.press("enter", "l")
	out := screen(h)
	for _, want := range []string{"Log of exception", "06-01 14:00  ana    assigned", "06-01 14:00  ana    acknowledged"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Index(out, "assigned") > strings.Index(out, "acknowledged") {
		t.Errorf("log is not newest first:\n%s", out)
	}
	if f.count("exception log") != 1 {
		t.Errorf("%d log reads, want 1", f.count("exception log"))
	}
	// Every line of the frame keeps the screen's width with the box open.
	for _, s := range [][2]int{{60, 16}, {80, 24}, {120, 35}, {200, 50}} {
		h.send(tea.WindowSizeMsg{Width: s[0], Height: s[1]})
		for i, l := range strings.Split(h.view(), "\n") {
			if w := ansi.StringWidth(l); w != s[0] {
				t.Fatalf("%dx%d: line %d is %d wide", s[0], s[1], i, w)
			}
		}
	}
	h.press("l")
	if h.app.prompt != nil {
		t.Error("l did not close the log")
	}
	_ = sel
}

func TestFindNarrowsTheQueue(t *testing.T) {
	f := triageFake()
	h := newHarness(t, Options{Reader: f}, 120, 35)
	toQueue(h)
	reads := f.count("exceptions")
	h.press("/")
	h.typeText("cust")
	wantOnScreen(t, h, "Exceptions /cust█", "1 of 5 open")
	for _, it := range h.app.exceptions.items {
		if it.Kind != tracker.ExCustoms {
			t.Errorf("row %d (%s) kept by /cust", it.ID, it.Kind)
		}
	}
	if f.count("exceptions") != reads {
		t.Errorf("typing read the store %d times", f.count("exceptions")-reads)
	}
	h.press("enter")
	wantOnScreen(t, h, "Exceptions /cust ")
	// Opened again the kept filter is selected: typing replaces it.
	h.press("/")
	h.typeText("bob")
	wantOnScreen(t, h, "Exceptions /bob█", "1 of 5 open")
	h.press("esc")
	if h.app.exceptions.text.active() || len(h.app.exceptions.items) != 5 {
		t.Errorf("esc left %d rows, filter %q", len(h.app.exceptions.items), h.app.exceptions.text.query)
	}
	// A kept filter, then esc in the pane clears it.
	h.press("/")
	h.typeText("lost")
	h.press("enter")
	if n := len(h.app.exceptions.items); n != 2 {
		t.Fatalf("/lost keeps %d rows, want 2", n)
	}
	h.press("esc")
	if h.app.exceptions.text.active() {
		t.Error("esc in the pane did not clear the kept filter")
	}
}

func TestAlertListFindsAndOpensTheParcel(t *testing.T) {
	f := triageFake()
	target := f.rows[40]
	other := f.rows[3]
	f.alerts = []tracker.Alert{
		{ID: 2, Kind: "customs", Severity: tracker.SeverityHigh, ShipmentID: other.ShipmentID, TrackingNo: other.TrackingNo,
			ShippedAt: other.ShippedAt, Subject: "Customs hold: " + other.OrderNo, CreatedAt: fixedNow},
		{ID: 1, Kind: "lost", Severity: tracker.SeverityCritical, ShipmentID: target.ShipmentID, TrackingNo: target.TrackingNo,
			ShippedAt: target.ShippedAt, Subject: "Lost: " + target.OrderNo, CreatedAt: fixedNow.Add(-time.Hour)},
	}
	h := newHarness(t, Options{Reader: f}, 120, 35)
	h.press("!", "/")
	h.typeText("lost")
	wantOnScreen(t, h, "Alerts /lost█", "Lost: "+target.OrderNo)
	if n := len(h.app.alerts.items); n != 1 {
		t.Fatalf("/lost keeps %d alerts, want 1", n)
	}
	h.press("enter") // keeps the filter
	h.press("enter") // opens the parcel
	if h.app.alerts.open {
		t.Fatal("enter did not close the alert list")
	}
	r, ok := h.app.orders.Selected()
	if !ok || r.ShipmentID != target.ShipmentID || h.app.focus != focusOrders {
		t.Errorf("selected %+v (focus %d), want %s in the orders pane", r, h.app.focus, target.OrderNo)
	}
	if h.app.timeline.shipmentID != target.ShipmentID {
		t.Errorf("timeline shows %d, want %d", h.app.timeline.shipmentID, target.ShipmentID)
	}
	// Opened again, the filter is gone; esc closes.
	h.press("!")
	if h.app.alerts.text.active() || len(h.app.alerts.items) != 2 {
		t.Errorf("reopened list: %d alerts, filter %q", len(h.app.alerts.items), h.app.alerts.text.query)
	}
	h.press("esc")
	if h.app.alerts.open {
		t.Error("esc did not close the list")
	}
}
