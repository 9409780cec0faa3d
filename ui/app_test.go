package ui

import (
	"errors"
	"math/rand"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"waybill/tracker"
)

// visible rows of the orders pane at 80×24: see computeLayout.
func ordersVisible(t *testing.T, h *harness) int {
	t.Helper()
	return h.app.orders.visibleRows()
}

// assertBounded checks the promise of the orders list: every read is one
// keyset window of the visible rows plus the small margin, never unbounded.
func assertBounded(t *testing.T, h *harness, f *fakeReader) {
	t.Helper()
	want := h.app.orders.limit()
	for i, q := range f.listQueries() {
		if q.Limit <= 0 || q.Limit > want {
			t.Errorf("query %d: Limit %d, want 1..%d (visible rows + margin)", i, q.Limit, want)
		}
	}
}

func selectedID(h *harness) int64 { return h.app.orders.selectedID() }

// idAt is the shipment id at absolute list index i of a fakeReader(n).
func idAt(n, i int) int64 { return int64(n - i) }

func lastQuery(t *testing.T, f *fakeReader) tracker.ListQuery {
	t.Helper()
	qs := f.listQueries()
	if len(qs) == 0 {
		t.Fatal("no list query made")
	}
	return qs[len(qs)-1]
}

func TestFirstScreenReadsOnlyTheVisibleWindow(t *testing.T) {
	f := newFakeReader(1000)
	h := newHarness(t, Options{Reader: f}, 80, 24)
	qs := f.listQueries()
	if len(qs) != 1 {
		t.Fatalf("first screen made %d list reads, want 1: %+v", len(qs), qs)
	}
	q := qs[0]
	v := ordersVisible(t, h)
	if q.Cursor != nil || q.Dir != tracker.Forward || q.Limit != v+ordersMargin {
		t.Errorf("first read = %+v, want nil cursor, Forward, Limit %d", q, v+ordersMargin)
	}
	if got := len(h.app.orders.rows); got != v+ordersMargin {
		t.Errorf("holding %d rows, want %d", got, v+ordersMargin)
	}
	if got := h.app.orders.position(); got != "1/1000" {
		t.Errorf("position %q, want 1/1000", got)
	}
	if f.count("timeline") != 1 || h.app.timeline.shipmentID != idAt(1000, 0) {
		t.Errorf("timeline of the first row not loaded: calls %d, shows %d", f.count("timeline"), h.app.timeline.shipmentID)
	}
	if !strings.Contains(h.view(), "1/1000") {
		t.Errorf("view lacks the position:\n%s", h.view())
	}
}

func TestOrdersKeysetNavigation(t *testing.T) {
	const n = 1000
	f := newFakeReader(n)
	h := newHarness(t, Options{Reader: f}, 80, 24)
	v := ordersVisible(t, h)
	limit := v + ordersMargin

	t.Run("j within the window reads nothing", func(t *testing.T) {
		f.reset()
		h.press("j", "j")
		if got := f.count("list"); got != 0 {
			t.Errorf("%d list reads for j inside the window", got)
		}
		if selectedID(h) != idAt(n, 2) {
			t.Errorf("selected %d, want %d", selectedID(h), idAt(n, 2))
		}
		h.press("k", "k")
	})

	t.Run("j past the last loaded row reads after its cursor", func(t *testing.T) {
		f.reset()
		for i := 0; i < limit-1; i++ {
			h.press("j")
		}
		if got := f.count("list"); got != 0 {
			t.Fatalf("%d reads before leaving the loaded rows", got)
		}
		h.press("j")
		q := lastQuery(t, f)
		wantCur := tracker.CursorOf(f.rows[limit-1])
		if q.Cursor == nil || *q.Cursor != wantCur || q.Dir != tracker.Forward || q.Limit != limit {
			t.Errorf("read %+v, want after %+v Forward Limit %d", q, wantCur, limit)
		}
		if selectedID(h) != idAt(n, limit) {
			t.Errorf("selected %d, want %d", selectedID(h), idAt(n, limit))
		}
		if got, want := h.app.orders.position(), "13/1000"; limit == 12 && got != want {
			t.Errorf("position %q, want %q", got, want)
		}
	})

	t.Run("G reads the last page backward without a cursor", func(t *testing.T) {
		f.reset()
		h.press("G")
		q := lastQuery(t, f)
		if q.Cursor != nil || q.Dir != tracker.Backward || q.Limit != limit {
			t.Errorf("G read %+v, want nil cursor Backward Limit %d", q, limit)
		}
		if selectedID(h) != idAt(n, n-1) {
			t.Errorf("selected %d, want the last shipment %d", selectedID(h), idAt(n, n-1))
		}
		if got := h.app.orders.position(); got != "1000/1000" {
			t.Errorf("position %q, want 1000/1000", got)
		}
	})

	t.Run("j at the end stays", func(t *testing.T) {
		f.reset()
		h.press("j")
		if f.count("list") != 0 || selectedID(h) != idAt(n, n-1) {
			t.Errorf("j at the end: %d reads, selected %d", f.count("list"), selectedID(h))
		}
	})

	t.Run("PgUp reads before the first visible row", func(t *testing.T) {
		f.reset()
		top := h.app.orders.rows[h.app.orders.top]
		h.press("pgup")
		q := lastQuery(t, f)
		if q.Cursor == nil || *q.Cursor != tracker.CursorOf(top) || q.Dir != tracker.Backward || q.Limit != limit {
			t.Errorf("PgUp read %+v, want before %d Backward Limit %d", q, top.ShipmentID, limit)
		}
		if selectedID(h) != idAt(n, n-1-v) {
			t.Errorf("selected %d, want %d (one page up)", selectedID(h), idAt(n, n-1-v))
		}
	})

	t.Run("g reads the first page", func(t *testing.T) {
		f.reset()
		h.press("g")
		q := lastQuery(t, f)
		if q.Cursor != nil || q.Dir != tracker.Forward || q.Limit != limit {
			t.Errorf("g read %+v", q)
		}
		if selectedID(h) != idAt(n, 0) || h.app.orders.position() != "1/1000" {
			t.Errorf("after g selected %d at %s", selectedID(h), h.app.orders.position())
		}
	})

	t.Run("PgDn reads after the last visible row", func(t *testing.T) {
		f.reset()
		h.press("j") // row 1
		lastVisible := h.app.orders.rows[h.app.orders.top+v-1]
		h.press("pgdown")
		q := lastQuery(t, f)
		if q.Cursor == nil || *q.Cursor != tracker.CursorOf(lastVisible) || q.Dir != tracker.Forward || q.Limit != limit {
			t.Errorf("PgDn read %+v, want after %d Forward Limit %d", q, lastVisible.ShipmentID, limit)
		}
		if selectedID(h) != idAt(n, 1+v) {
			t.Errorf("selected %d, want %d", selectedID(h), idAt(n, 1+v))
		}
		h.press("pgup")
		if selectedID(h) != idAt(n, 1) {
			t.Errorf("PgDn then PgUp selected %d, want %d", selectedID(h), idAt(n, 1))
		}
		if h.app.orders.position() != "2/1000" {
			t.Errorf("position %q, want 2/1000", h.app.orders.position())
		}
	})
	assertBounded(t, h, f)
}

// TestOrdersRandomWalk presses random navigation keys and checks after each
// that the window is a contiguous slice of the list at the position shown,
// the selection is on screen, and every read was bounded.
func TestOrdersRandomWalk(t *testing.T) {
	const n = 300
	f := newFakeReader(n)
	h := newHarness(t, Options{Reader: f}, 80, 24)
	rng := rand.New(rand.NewSource(7))
	// Runs of single steps, so the selection crosses the window's edges,
	// between jumps.
	keys := []string{"j", "j", "k", "down", "up", "g", "G", "pgdown", "pgup"}
	for step := 0; step < 1500; step++ {
		k := keys[rng.Intn(len(keys))]
		if k == "j" || k == "k" || k == "down" || k == "up" {
			for range rng.Intn(20) {
				h.press(k)
			}
		}
		h.press(k)
		o := h.app.orders
		if len(o.rows) == 0 {
			t.Fatalf("step %d (%s): window empty", step, k)
		}
		start := slices.IndexFunc(f.rows, func(r tracker.ShipmentRow) bool { return r.ShipmentID == o.rows[0].ShipmentID })
		for i, r := range o.rows {
			if start+i >= n || f.rows[start+i].ShipmentID != r.ShipmentID {
				t.Fatalf("step %d (%s): window not contiguous at %d", step, k, i)
			}
		}
		if o.baseKnown && o.base != start {
			t.Fatalf("step %d (%s): base %d, window starts at %d", step, k, o.base, start)
		}
		if o.sel < o.top || o.sel >= o.top+o.visibleRows() {
			t.Fatalf("step %d (%s): selection %d outside visible %d..%d", step, k, o.sel, o.top, o.top+o.visibleRows())
		}
		if len(o.rows) > 2*o.limit() {
			t.Fatalf("step %d (%s): holding %d rows", step, k, len(o.rows))
		}
		if h.app.timeline.shipmentID != o.selectedID() {
			t.Fatalf("step %d (%s): timeline shows %d, selection is %d", step, k, h.app.timeline.shipmentID, o.selectedID())
		}
	}
	assertBounded(t, h, f)
}

func TestTabCyclesFocus(t *testing.T) {
	h := newHarness(t, Options{Reader: newFakeReader(20)}, 80, 24)
	want := []focus{focusTimeline, focusExceptions, focusOrders}
	for _, w := range want {
		h.press("tab")
		if h.app.focus != w {
			t.Fatalf("tab: focus %d, want %d", h.app.focus, w)
		}
	}
	h.press("shift+tab")
	if h.app.focus != focusExceptions {
		t.Errorf("shift+tab from orders: focus %d, want exceptions", h.app.focus)
	}
	// Keys go to the focused pane only: j in the queue leaves the orders alone.
	before := selectedID(h)
	h.press("j")
	if selectedID(h) != before || h.app.exceptions.sel != 1 {
		t.Errorf("j on exceptions moved orders (%d→%d) or not the queue (%d)", before, selectedID(h), h.app.exceptions.sel)
	}
}

// Enter on an order opens it (the order view); the timeline is tab away
// and follows the selection.
func TestEnterOnOrdersOpensTheOrder(t *testing.T) {
	h := newHarness(t, Options{Reader: newFakeReader(20)}, 80, 24)
	h.press("j", "enter")
	if v := h.app.orderView; v == nil || v.orderID != idAt(20, 1) {
		t.Fatalf("order view after enter: %+v", h.app.orderView)
	}
	h.press("esc", "tab")
	if h.app.focus != focusTimeline {
		t.Fatalf("focus %d after tab, want timeline", h.app.focus)
	}
	if h.app.timeline.shipmentID != idAt(20, 1) {
		t.Errorf("timeline shows %d, want %d", h.app.timeline.shipmentID, idAt(20, 1))
	}
}

func TestEnterOnExceptionSelectsItsShipment(t *testing.T) {
	const n = 1000
	f := newFakeReader(n)
	// Make the worst exception belong to a shipment far down the list.
	far := f.rows[700]
	f.exceptions = append([]tracker.ExceptionRow{{
		Exception: tracker.Exception{ID: 9999, ShipmentID: far.ShipmentID, Kind: tracker.ExLost,
			Severity: tracker.SeverityCritical + 1, State: tracker.ExOpen, OpenedAt: fixedNow},
		OrderID: far.OrderID, OrderNo: far.OrderNo, TrackingNo: far.TrackingNo, ShippedAt: far.ShippedAt,
	}}, f.exceptions...)
	h := newHarness(t, Options{Reader: f}, 80, 24)
	h.press("tab", "tab") // exceptions
	f.reset()
	h.press("enter")
	// The queue row carries the shipment's list position: no look-up.
	if got := f.finds; len(got) != 0 {
		t.Errorf("FindOrder calls %v, want none", got)
	}
	if selectedID(h) != far.ShipmentID {
		t.Fatalf("orders selected %d, want %d", selectedID(h), far.ShipmentID)
	}
	if h.app.timeline.shipmentID != far.ShipmentID || h.app.focus != focusTimeline {
		t.Errorf("timeline shows %d (focus %d), want %d focused", h.app.timeline.shipmentID, h.app.focus, far.ShipmentID)
	}
	q := lastQuery(t, f)
	if q.Cursor == nil || q.Cursor.ShippedAt != far.ShippedAt || q.Dir != tracker.Forward || q.Limit != h.app.orders.limit() {
		t.Errorf("jump read %+v, want from the row's cursor", q)
	}
	// The pane knows where it landed, from one count, not a scan.
	if got := h.app.orders.position(); got != "701/1000" || f.count("position") != 1 {
		t.Errorf("position after the jump %q (%d position reads), want 701/1000 from one read", got, f.count("position"))
	}
	// The window now starts mid-list; k above it reads backward from its top.
	h.press("tab", "tab") // orders
	f.reset()
	h.press("k")
	q = lastQuery(t, f)
	if q.Dir != tracker.Backward || q.Cursor == nil || q.Cursor.ShipmentID != far.ShipmentID {
		t.Errorf("k above a jumped window read %+v", q)
	}
	if selectedID(h) != f.rows[699].ShipmentID {
		t.Errorf("selected %d, want %d", selectedID(h), f.rows[699].ShipmentID)
	}
	assertBounded(t, h, f)
}

func TestRefreshCallsRefresherWithSelectedShipment(t *testing.T) {
	f := newFakeReader(50)
	ref := &fakeRefresher{sum: tracker.ApplySummary{Checked: 1, NewEvents: 2}}
	h := newHarness(t, Options{Reader: f, Refresher: ref}, 80, 24)
	h.press("j", "j")
	f.reset()
	h.press("r")
	if got := ref.calls(); len(got) != 1 || got[0] != idAt(50, 2) {
		t.Fatalf("RefreshNow calls %v, want [%d]", got, idAt(50, 2))
	}
	if !strings.Contains(ansi.Strip(h.view()), "2 new events") {
		t.Errorf("status bar does not show the result:\n%s", ansi.Strip(h.view()))
	}
	// No hub: the screen re-reads by itself.
	if f.count("list") != 1 || f.count("timeline") != 1 {
		t.Errorf("after refresh without a hub: %d list, %d timeline reads", f.count("list"), f.count("timeline"))
	}

	ref.err = errors.New("carrier down")
	h.press("r")
	if !strings.Contains(ansi.Strip(h.view()), "carrier down") {
		t.Errorf("status bar does not show the error:\n%s", ansi.Strip(h.view()))
	}
}

func TestRefreshKeyNeedsARefresher(t *testing.T) {
	h := newHarness(t, Options{Reader: newFakeReader(5)}, 100, 30)
	h.press("r")
	if out := ansi.Strip(h.view()); strings.Contains(out, "r refresh") {
		t.Errorf("help offers r without a refresher:\n%s", out)
	}
	if !strings.Contains(ansi.Strip(h.view()), "refresher off") {
		t.Errorf("status bar should say the refresher is off")
	}
	h2 := newHarness(t, Options{Reader: newFakeReader(5), Refresher: &fakeRefresher{}}, 100, 30)
	if !strings.Contains(ansi.Strip(h2.view()), "r refresh") {
		t.Errorf("help lacks r with a refresher:\n%s", ansi.Strip(h2.view()))
	}
}

func TestHubNoticeTriggersOneReRead(t *testing.T) {
	f := newFakeReader(100)
	hub := tracker.NewHub()
	h := newHarness(t, Options{Reader: f, Hub: hub}, 80, 24)
	h.press("j", "j", "j")
	sel := selectedID(h)
	f.reset()

	hub.Publish(tracker.Change{ShipmentIDs: []int64{sel}})
	h.awaitParked()
	for name, want := range map[string]int{"list": 1, "count": 1, "exceptions": 1, "counts": 1, "timeline": 1} {
		if got := f.count(name); got != want {
			t.Errorf("%s reads after one notice: %d, want %d", name, got, want)
		}
	}
	if selectedID(h) != sel {
		t.Errorf("selection moved from %d to %d on reload", sel, selectedID(h))
	}

	// The wait was issued again: a second notice is seen too. It names
	// another shipment, so the shown timeline is not read again.
	f.reset()
	hub.Publish(tracker.Change{ShipmentIDs: []int64{idAt(100, 90)}})
	h.awaitParked()
	if f.count("list") != 1 || f.count("timeline") != 0 {
		t.Errorf("second notice: %d list reads, %d timeline reads; want 1, 0", f.count("list"), f.count("timeline"))
	}

	// A notice about the refresher alone changes the status bar, reads nothing.
	f.reset()
	hub.Publish(tracker.Change{Refresher: &tracker.RefresherState{Running: true}})
	h.awaitParked()
	if f.count("list")+f.count("exceptions")+f.count("counts") != 0 {
		t.Errorf("refresher-only notice caused reads: %v", f.calls)
	}
	if !strings.Contains(h.view(), "refreshing…") {
		t.Errorf("status bar does not show the running refresher")
	}

	// "Everything changed" (another process wrote the store) re-reads all
	// that is shown, the selected timeline included, even beside a
	// refresher state.
	f.reset()
	hub.Publish(tracker.Change{All: true, Refresher: &tracker.RefresherState{}})
	h.awaitParked()
	for name, want := range map[string]int{"list": 1, "exceptions": 1, "counts": 1, "timeline": 1} {
		if got := f.count(name); got != want {
			t.Errorf("%s reads after an All notice: %d, want %d", name, got, want)
		}
	}
	assertBounded(t, h, f)
}

func TestReloadKeepsSelectedShipmentWhenRowsArrive(t *testing.T) {
	f := newFakeReader(100)
	hub := tracker.NewHub()
	h := newHarness(t, Options{Reader: f, Hub: hub}, 80, 24)
	h.press("j", "j", "j", "j")
	sel := selectedID(h)

	// A newer shipment appears at the head of the list.
	f.mu.Lock()
	nr := f.rows[0]
	nr.ShipmentID, nr.OrderNo, nr.ShippedAt = 1000, "WB-NEW", fixedNow
	f.rows = append([]tracker.ShipmentRow{nr}, f.rows...)
	f.mu.Unlock()

	hub.Publish(tracker.Change{ShipmentIDs: []int64{1000}})
	h.awaitParked()
	if selectedID(h) != sel {
		t.Errorf("selected %d after reload, want still %d", selectedID(h), sel)
	}
	if h.app.orders.rows[0].ShipmentID != 1000 {
		t.Errorf("new shipment not shown at the head")
	}
	if got := h.app.orders.position(); got != "6/101" {
		t.Errorf("position %q, want 6/101", got)
	}
}

func TestStaleResponsesAreDropped(t *testing.T) {
	f := newFakeReader(100)
	h := newHarness(t, Options{Reader: f}, 80, 24)

	t.Run("orders window", func(t *testing.T) {
		_, cmdLast := h.app.Update(KeyPress("G"))
		_, cmdFirst := h.app.Update(KeyPress("g"))
		newer := cmdFirst()
		older := cmdLast()
		h.send(newer)
		h.send(older) // arrives late: must not move the screen to the end
		if selectedID(h) != idAt(100, 0) {
			t.Errorf("late G answer applied: selected %d", selectedID(h))
		}
	})

	t.Run("timeline", func(t *testing.T) {
		tl := h.app.timeline
		c1 := tl.show(11, "A")
		c2 := tl.show(12, "B")
		m2, m1 := c2(), c1()
		h.send(m2)
		h.send(m1)
		if tl.loadedID != 12 || len(tl.events) == 0 || tl.events[0].ShipmentID != 12 {
			t.Errorf("timeline shows %d's events, want 12's", tl.loadedID)
		}
	})

	t.Run("exceptions", func(t *testing.T) {
		ex := h.app.exceptions
		c1 := ex.load()
		c2 := ex.load()
		m1 := c1().(exceptionsMsg)
		m1.rows = nil // an older, different answer
		h.send(c2())
		h.send(m1)
		if len(ex.items) == 0 {
			t.Errorf("older empty answer replaced the newer queue")
		}
	})
}

func TestTimelineIsCachedPerShipment(t *testing.T) {
	f := newFakeReader(50)
	h := newHarness(t, Options{Reader: f}, 80, 24)
	h.press("j", "k", "j", "k")
	if got := f.count("timeline"); got != 2 {
		t.Errorf("%d timeline reads for two shipments visited twice, want 2 (%v)", got, f.timeline)
	}
}

var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// assertNoControls fails if s has anything but our own SGR styling and
// newlines: no ESC of other sequences, no C0, DEL or C1 control.
func assertNoControls(t *testing.T, s string) {
	t.Helper()
	rest := sgr.ReplaceAllString(s, "")
	for i, r := range rest {
		if r == '\n' {
			continue
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == utf8.RuneError && !strings.HasPrefix(rest[i:], "\uFFFD") {
			t.Fatalf("control %U at %d in view: %q", r, i, rest[max(0, i-20):min(len(rest), i+20)])
		}
	}
}

func TestHostileTextNeverReachesTheTerminal(t *testing.T) {
	f := newFakeReader(30)
	evil := []string{
		"\x1b]52;c;cm0gLXJmIH4=\x07",         // OSC 52: write the clipboard
		"\x1b[2J\x1b[H",                      // clear screen, home
		"\x1b]8;;https://evil.example\x1b\\", // hyperlink
		"\x1bP+q544e\x1b\\",                  // DCS: query terminfo
		"\u009b31mred",                       // 8-bit CSI
		"\u009d0;title\u009c",                // 8-bit OSC
		"bell\x07 back\x08space\r\n",         // C0
		"\x1b",                               // bare ESC
		"\u202eevil",                         // bidi override
	}
	for i := range f.rows {
		e := evil[i%len(evil)]
		f.rows[i].Buyer = "Buyer " + e
		f.rows[i].OrderNo = "WB" + e
		f.rows[i].TrackingNo = e + "LP1"
		id := f.rows[i].ShipmentID
		for j := range f.events[id] {
			f.events[id][j].Location = e + "Paris"
			f.events[id][j].Description = "Arrived " + e
		}
	}
	for i := range f.exceptions {
		f.exceptions[i].Detail = "carrier: " + evil[i%len(evil)]
		f.exceptions[i].OrderNo = evil[(i+1)%len(evil)]
	}
	for _, size := range [][2]int{{80, 24}, {160, 50}} {
		h := newHarness(t, Options{Reader: f, Title: "t\x1b]0;pwned\x07"}, size[0], size[1])
		for k := 0; k < len(evil); k++ {
			assertNoControls(t, h.view())
			h.press("j")
		}
		h.press("tab", "j", "tab", "j")
		assertNoControls(t, h.view())
	}
}

func TestTinyAndOddSizesDoNotPanic(t *testing.T) {
	f := newFakeReader(40)
	sizes := [][2]int{{0, 0}, {1, 1}, {20, 5}, {59, 30}, {200, 15}, {60, 16}, {80, 24}, {100, 30}, {119, 40}, {120, 40}, {160, 50}, {300, 100}}
	h := newHarness(t, Options{Reader: f, Demo: true, DemoSpeed: 120, Refresher: &fakeRefresher{}}, 80, 24)
	for _, s := range sizes {
		w, hh := s[0], s[1]
		h.send(tea.WindowSizeMsg{Width: w, Height: hh})
		for _, k := range []string{"j", "G", "tab", "?", "pgdown", "?", "k", "g"} {
			h.press(k)
			out := h.view()
			lines := strings.Split(out, "\n")
			if out == "" {
				lines = nil
			}
			if len(lines) > hh {
				t.Fatalf("%dx%d: %d lines", w, hh, len(lines))
			}
			for i, l := range lines {
				if lw := ansi.StringWidth(l); lw > w {
					t.Fatalf("%dx%d: line %d is %d wide: %q", w, hh, i, lw, ansi.Strip(l))
				}
			}
			small := w < minWidth || hh < minHeight
			if small && w >= 20 && !strings.Contains(out, "Terminal too small") {
				t.Errorf("%dx%d: no too-small message: %q", w, hh, ansi.Strip(out))
			}
			if !small {
				if len(lines) != hh {
					t.Fatalf("%dx%d: %d lines, want exactly %d", w, hh, len(lines), hh)
				}
				for i, l := range lines {
					if lw := ansi.StringWidth(l); lw != w {
						t.Fatalf("%dx%d: line %d is %d wide, want %d: %q", w, hh, i, lw, w, ansi.Strip(l))
					}
				}
			}
		}
	}
}

func TestScreenReadsWell(t *testing.T) {
	for _, s := range [][2]int{{80, 24}, {160, 50}} {
		// A session that changes nothing: its short help fits 80 columns.
		h := newHarness(t, Options{Reader: noService{newFakeReader(300)}, Demo: true, DemoSpeed: 120, Refresher: &fakeRefresher{}}, s[0], s[1])
		out := ansi.Strip(h.view())
		for _, want := range []string{"waybill", "DEMO ×120", "Orders", "1/300", "Timeline", "Exceptions", "open",
			"Order", "Tracking", "Status", "WB-00300", "LP000000300CN", "In transit", "Shipping info",
			"CRIT", "!lost +1", "parcels:", "tab pane", "q quit"} {
			if !strings.Contains(out, want) {
				t.Errorf("%dx%d: screen lacks %q:\n%s", s[0], s[1], want, out)
			}
		}
	}
}

func TestHelpTogglesAndShowsOnlyFocusedKeys(t *testing.T) {
	h := newHarness(t, Options{Reader: newFakeReader(30), Refresher: &fakeRefresher{}}, 100, 30)
	short := ansi.Strip(h.view())
	if !strings.Contains(short, "enter order") {
		t.Errorf("orders help lacks enter:\n%s", short)
	}
	h.press("tab", "tab")
	if out := ansi.Strip(h.view()); !strings.Contains(out, "enter open") {
		t.Errorf("exceptions help lacks its enter:\n%s", out)
	}
	h.press("?")
	if h.app.helpView == nil {
		t.Fatal("? did not open full help")
	}
	full := ansi.Strip(h.view())
	for _, want := range []string{"page down", "bottom", "prev pane", "refresh parcel"} {
		if !strings.Contains(full, want) {
			t.Errorf("full help lacks %q:\n%s", want, full)
		}
	}
	if got := len(strings.Split(h.view(), "\n")); got != 30 {
		t.Errorf("full help view has %d lines, want 30", got)
	}
	h.press("?")
	if h.app.helpView != nil {
		t.Error("? did not close full help")
	}
}

func TestMouseFocusesAndScrolls(t *testing.T) {
	h := newHarness(t, Options{Reader: newFakeReader(100)}, 80, 24)
	ex := h.app.lay.exceptions
	// Border, counts line, table header, then the rows.
	h.send(tea.MouseClickMsg{X: ex.x + 3, Y: ex.y + 4, Button: tea.MouseLeft})
	if h.app.focus != focusExceptions || h.app.exceptions.sel != 1 {
		t.Errorf("click in the queue: focus %d sel %d", h.app.focus, h.app.exceptions.sel)
	}
	o := h.app.lay.orders
	h.send(tea.MouseWheelMsg{X: o.x + 3, Y: o.y + 3, Button: tea.MouseWheelDown})
	if selectedID(h) != idAt(100, 3) {
		t.Errorf("wheel over orders selected %d, want %d", selectedID(h), idAt(100, 3))
	}
	h.send(tea.MouseClickMsg{X: o.x + 3, Y: o.y + 2, Button: tea.MouseLeft})
	if h.app.focus != focusOrders || selectedID(h) != h.app.orders.rows[h.app.orders.top].ShipmentID {
		t.Errorf("click on the first orders row: focus %d selected %d", h.app.focus, selectedID(h))
	}
	if v := h.app.View(); v.MouseMode != tea.MouseModeCellMotion || !v.AltScreen {
		t.Errorf("view: mouse %v alt %v", v.MouseMode, v.AltScreen)
	}
}

func TestQuitClosesSubscription(t *testing.T) {
	hub := tracker.NewHub()
	h := newHarness(t, Options{Reader: newFakeReader(5), Hub: hub}, 80, 24)
	h.press("q")
	if !h.quit {
		t.Fatal("q did not quit")
	}
	// The parked wait ends because the subscription closed, not because
	// of a notice (the harness may have collected its answer already).
	if len(h.parked) > 0 {
		h.awaitParked()
	}
	if len(h.parked) != 0 {
		t.Errorf("%d commands still waiting after quit", len(h.parked))
	}
}

func TestReadErrorsAreShown(t *testing.T) {
	f := newFakeReader(10)
	f.failList = errors.New("database is locked")
	h := newHarness(t, Options{Reader: f}, 80, 24)
	out := ansi.Strip(h.view())
	if !strings.Contains(out, "database is locked") || !strings.Contains(out, "read failed") {
		t.Errorf("read error not shown:\n%s", out)
	}
}

// TestSessionsAreIndependent: two sessions in one process (SSH) share the
// reader and the hub but no state: moving, focusing or resizing one leaves
// the other alone, and both get every notice.
func TestSessionsAreIndependent(t *testing.T) {
	f := newFakeReader(200)
	hub := tracker.NewHub()
	a := newHarness(t, Options{Reader: f, Hub: hub}, 80, 24)
	b := newHarness(t, Options{Reader: f, Hub: hub}, 160, 50)
	if a.app.c == b.app.c || a.app.c.keys == b.app.c.keys || a.app.c.styles == b.app.c.styles {
		t.Fatal("sessions share their common value, keys or styles")
	}
	a.press("j", "j", "tab")
	if selectedID(b) != idAt(200, 0) || b.app.focus != focusOrders {
		t.Errorf("session b moved with a: selected %d focus %d", selectedID(b), b.app.focus)
	}
	f.reset()
	hub.Publish(tracker.Change{ShipmentIDs: []int64{1}})
	a.awaitParked()
	b.awaitParked()
	if got := f.count("list"); got != 2 {
		t.Errorf("%d list reads for one notice and two sessions, want 2", got)
	}
	if selectedID(a) != idAt(200, 2) {
		t.Errorf("session a lost its selection: %d", selectedID(a))
	}
}

func TestStatusBarSaysWhyAServiceStopped(t *testing.T) {
	f := newFakeReader(10)
	hub := tracker.NewHub()
	h := newHarness(t, Options{Reader: f, Hub: hub}, 100, 30)
	until := time.Date(2030, 1, 1, 14, 5, 0, 0, time.UTC)
	hub.Publish(tracker.Change{Refresher: &tracker.RefresherState{Services: []tracker.ServiceHealth{
		{Service: "aftership", State: tracker.HealthOK},
		{Service: "17track", State: tracker.HealthStopped, Reason: "key rejected: 17track: auth"},
	}}})
	h.awaitParked()
	if v := h.view(); !strings.Contains(v, "17track stopped: key rejected") {
		t.Fatalf("status bar does not say the key was rejected:\n%s", v)
	}
	hub.Publish(tracker.Change{Refresher: &tracker.RefresherState{Services: []tracker.ServiceHealth{
		{Service: "ship24", State: tracker.HealthPaused, Reason: "rate limited", Until: until},
	}}})
	h.awaitParked()
	if v := h.view(); !strings.Contains(v, "ship24 paused until "+until.In(time.Local).Format("15:04")+": rate limited") {
		t.Fatalf("status bar does not show the pause:\n%s", v)
	}
	hub.Publish(tracker.Change{Refresher: &tracker.RefresherState{
		LastPass: until.Add(-time.Minute), NextPass: until,
		Services: []tracker.ServiceHealth{{Service: "ship24", State: tracker.HealthOK, LastOK: until.Add(-time.Minute)}},
	}})
	h.awaitParked()
	want := "next " + until.In(time.Local).Format("15:04")
	if v := h.view(); !strings.Contains(v, want) {
		t.Fatalf("status bar does not show the next sync %q:\n%s", want, v)
	}
}
