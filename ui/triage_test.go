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

// triageFake is a reader whose queue has several kinds, carriers and
// owners: rows 3, 13, 23, 33 and 43 of 50 shipments.
func triageFake() *fakeReader {
	f := newFakeReader(50)
	kinds := []tracker.ExceptionKind{tracker.ExLost, tracker.ExCustoms, tracker.ExStale, tracker.ExStale, tracker.ExLost}
	for i := range f.exceptions {
		x := &f.exceptions[i]
		x.Kind = kinds[i]
		x.Severity = tracker.SeverityOf(x.Kind)
		x.OpenedAt = fixedNow.Add(-time.Duration(48-i) * time.Hour) // the first is the oldest
		x.Detail = "detail of " + string(x.Kind)
	}
	f.exceptions[1].Carrier = "4px"
	f.exceptions[2].Owner = "bob"
	return f
}

// queueIDs is the queue as the screen holds it.
func queueIDs(h *harness) []int64 {
	var ids []int64
	for _, it := range h.app.exceptions.items {
		ids = append(ids, it.ID)
	}
	return ids
}

// toQueue focuses the exceptions pane.
func toQueue(h *harness) { h.press("tab", "tab") }

func screen(h *harness) string { return ansi.Strip(h.view()) }

// squash turns every run of spaces into one, for full help, whose columns
// pad keys and descriptions apart.
func squash(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Join(lines, "\n")
}

func lastCall(t *testing.T, f *fakeReader) recordedCall {
	t.Helper()
	calls := f.triageCalls()
	if len(calls) == 0 {
		t.Fatal("no triage call made")
	}
	return calls[len(calls)-1]
}

func TestQueueIsWorstFirstWithCountsAndNextAction(t *testing.T) {
	f := triageFake()
	h := newHarness(t, Options{Reader: f}, 100, 30)
	// lost (critical) oldest first, then customs (high), then stale.
	want := []int64{f.exceptions[0].ID, f.exceptions[4].ID, f.exceptions[1].ID, f.exceptions[2].ID, f.exceptions[3].ID}
	if got := queueIDs(h); !slices.Equal(got, want) {
		t.Fatalf("queue %v, want %v", got, want)
	}
	out := screen(h)
	for _, w := range []string{
		"lost 2 · customs 1 · stale 2", // the counts header, worst kinds first
		"→ " + tracker.SuggestedAction(tracker.ExLost),
		"5 open",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("screen lacks %q:\n%s", w, out)
		}
	}
	// The action line follows the selection.
	toQueue(h)
	h.press("j", "j")
	if out := screen(h); !strings.Contains(out, "→ supply invoice, packing list") {
		t.Errorf("after j j the next action is not customs':\n%s", out)
	}

	// Wide: the next action is a column, on every row, with the state.
	w := newHarness(t, Options{Reader: triageFake()}, 160, 50)
	out = screen(w)
	for _, s := range []string{"Next action", "State", tracker.SuggestedAction(tracker.ExStale), tracker.SuggestedAction(tracker.ExLost), "@bob"} {
		if !strings.Contains(out, s) {
			t.Errorf("wide screen lacks %q:\n%s", s, out)
		}
	}
	if strings.Contains(out, "→ ") {
		t.Errorf("wide screen has the narrow next-action line too:\n%s", out)
	}
}

func TestAcknowledgeKey(t *testing.T) {
	f := triageFake()
	h := newHarness(t, Options{Reader: f, Actor: tracker.Actor{Name: "ana"}}, 100, 30)
	toQueue(h)
	sel, _ := h.app.exceptions.Selected()
	f.reset()
	h.press("a")
	c := lastCall(t, f)
	if c.method != "Acknowledge" || !slices.Equal(c.ids, []int64{sel.ID}) || c.actor != "ana" || !c.now.Equal(fixedNow) {
		t.Errorf("call %+v, want Acknowledge [%d] by ana at %v", c, sel.ID, fixedNow)
	}
	if f.count("exceptions") != 1 {
		t.Errorf("queue read %d times after the action, want 1", f.count("exceptions"))
	}
	out := screen(h)
	if !strings.Contains(out, "acknowledged: 1 exception") {
		t.Errorf("status bar does not say what happened:\n%s", out)
	}
	if it, _ := h.app.exceptions.Selected(); it.ID != sel.ID || it.State != tracker.ExAcknowledged {
		t.Errorf("after a: selected %d in state %q, want %d acknowledged, still in the queue", it.ID, it.State, sel.ID)
	}
	if !strings.Contains(out, "[ack]") {
		t.Errorf("the acknowledged state is not visible:\n%s", out)
	}

	// Again: nothing changes, and the status bar says so.
	h.press("a")
	if out := screen(h); !strings.Contains(out, "acknowledged: 0 exceptions (1 already so, or closed)") {
		t.Errorf("second a:\n%s", out)
	}
}

func TestActorDefaultsToLocal(t *testing.T) {
	f := triageFake()
	h := newHarness(t, Options{Reader: f}, 100, 30)
	toQueue(h)
	h.press("a")
	if c := lastCall(t, f); c.actor != "local" {
		t.Errorf("actor %q, want local", c.actor)
	}
}

func TestSnoozeKey(t *testing.T) {
	for _, tc := range []struct {
		name  string
		keys  []string
		typed string
		until time.Time
		say   string
	}{
		{"1 day", []string{"s", "1"}, "", fixedNow.Add(24 * time.Hour), "snoozed for 1 day: 1 exception"},
		{"3 days", []string{"s", "3"}, "", fixedNow.Add(72 * time.Hour), "snoozed for 3 days: 1 exception"},
		{"3 days by arrows", []string{"s", "down", "enter"}, "", fixedNow.Add(72 * time.Hour), "snoozed for 3 days"},
		{"until a date", []string{"s", "d", "ctrl+u"}, "2025-06-10", time.Date(2025, 6, 10, 0, 0, 0, 0, time.UTC),
			"snoozed until Tue 2025-06-10: 1 exception"},
		{"the date offered is a week out", []string{"s", "d"}, "", time.Date(2025, 6, 8, 0, 0, 0, 0, time.UTC), "until Sun 2025-06-08"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := triageFake()
			h := newHarness(t, Options{Reader: f}, 100, 30)
			toQueue(h)
			sel, _ := h.app.exceptions.Selected()
			h.press(tc.keys...)
			h.typeText(tc.typed)
			if h.app.prompt != nil {
				h.press("enter")
			}
			c := lastCall(t, f)
			if c.method != "Snooze" || !slices.Equal(c.ids, []int64{sel.ID}) || !c.until.Equal(tc.until) {
				t.Errorf("call %+v, want Snooze [%d] until %v", c, sel.ID, tc.until)
			}
			if h.app.prompt != nil {
				t.Error("the prompt stayed open")
			}
			if slices.Contains(queueIDs(h), sel.ID) {
				t.Errorf("the snoozed exception is still in the queue: %v", queueIDs(h))
			}
			if out := screen(h); !strings.Contains(out, tc.say) {
				t.Errorf("status bar lacks %q:\n%s", tc.say, out)
			}
		})
	}

	for _, tc := range []struct{ name, typed, err string }{
		{"not a date", "2025-13-01", `until: "2025-13-01" is not a date`},
		{"in the past", "2025-05-31", "is not in the future"},
		{"today has begun", "2025-06-01", "is not in the future"},
	} {
		t.Run("refuses a date "+tc.name, func(t *testing.T) {
			f := triageFake()
			h := newHarness(t, Options{Reader: f}, 100, 30)
			toQueue(h)
			h.press("s", "d", "ctrl+u")
			h.typeText(tc.typed)
			h.press("enter")
			if calls := f.triageCalls(); len(calls) != 0 {
				t.Errorf("calls %+v, want none", calls)
			}
			if h.app.prompt == nil || !strings.Contains(screen(h), tc.err) {
				t.Errorf("no error %q in an open prompt:\n%s", tc.err, screen(h))
			}
			h.press("esc", "esc")
			if h.app.prompt != nil {
				t.Error("esc esc did not close the prompt")
			}
		})
	}
}

func TestAssignKey(t *testing.T) {
	f := triageFake()
	h := newHarness(t, Options{Reader: f}, 100, 30)
	toQueue(h)
	sel, _ := h.app.exceptions.Selected()
	h.press("o")
	if !strings.Contains(screen(h), "Owner of 1 exception") {
		t.Fatalf("no owner prompt:\n%s", screen(h))
	}
	h.typeText("ana q?") // q and ? are letters here, not quit and help
	h.press("backspace", "backspace", "backspace", "enter")
	if h.quit {
		t.Fatal("q in the prompt quit")
	}
	c := lastCall(t, f)
	if c.method != "Assign" || c.owner != "ana" || !slices.Equal(c.ids, []int64{sel.ID}) {
		t.Errorf("call %+v, want Assign [%d] to ana", c, sel.ID)
	}
	if out := screen(h); !strings.Contains(out, "assigned to ana: 1 exception") || !strings.Contains(out, "[@ana]") {
		t.Errorf("the owner is not shown:\n%s", out)
	}

	// The prompt offers the current owner; emptying it unassigns.
	h.press("o", "ctrl+u", "enter")
	if c := lastCall(t, f); c.method != "Assign" || c.owner != "" {
		t.Errorf("call %+v, want Assign to nobody", c)
	}
	if out := screen(h); !strings.Contains(out, "unassigned: 1 exception") {
		t.Errorf("status bar:\n%s", out)
	}

	// esc changes nothing.
	n := len(f.triageCalls())
	h.press("o")
	h.typeText("zed")
	h.press("esc")
	if len(f.triageCalls()) != n || h.app.prompt != nil {
		t.Errorf("esc: %d calls (want %d), prompt open %v", len(f.triageCalls()), n, h.app.prompt != nil)
	}
}

func TestMarkSeveralThenAct(t *testing.T) {
	f := triageFake()
	h := newHarness(t, Options{Reader: f}, 100, 30)
	toQueue(h)
	ids := queueIDs(h)
	h.press("space", "j", "space") // rows 0 and 2; the cursor moves on after each
	if out := screen(h); !strings.Contains(out, "2 marked · 5 open") {
		t.Errorf("marks not counted in the title:\n%s", out)
	}
	h.press("a")
	c := lastCall(t, f)
	if c.method != "Acknowledge" || !slices.Equal(c.ids, []int64{ids[0], ids[2]}) {
		t.Errorf("call %+v, want Acknowledge %v", c, []int64{ids[0], ids[2]})
	}
	if len(h.app.exceptions.marked) != 0 {
		t.Errorf("marks kept after the action: %v", h.app.exceptions.marked)
	}

	// Marks then snooze and assign act on all marked too.
	h.press("g", "space", "space", "s", "3")
	if c := lastCall(t, f); c.method != "Snooze" || !slices.Equal(c.ids, ids[:2]) {
		t.Errorf("call %+v, want Snooze %v", c, ids[:2])
	}
	left := queueIDs(h)
	h.press("g", "space", "space", "space", "o")
	if !strings.Contains(screen(h), "Owner of 3 exceptions") {
		t.Errorf("owner prompt does not count the marked:\n%s", screen(h))
	}
	h.typeText("cy")
	h.press("enter")
	if c := lastCall(t, f); c.method != "Assign" || !slices.Equal(c.ids, left[:3]) || c.owner != "cy" {
		t.Errorf("call %+v, want Assign %v to cy", c, left[:3])
	}

	// space twice unmarks; esc unmarks all.
	h.press("g", "space", "k", "space")
	if len(h.app.exceptions.marked) != 0 {
		t.Errorf("space twice left %v marked", h.app.exceptions.marked)
	}
	h.press("space", "space", "esc")
	if len(h.app.exceptions.marked) != 0 {
		t.Errorf("esc left %v marked", h.app.exceptions.marked)
	}
}

func TestFilterNarrowsTheQuery(t *testing.T) {
	f := triageFake()
	h := newHarness(t, Options{Reader: f}, 160, 50)
	toQueue(h)
	f.reset()
	h.press("f")
	h.typeText("lost, cust")
	h.press("tab")
	h.typeText("China-Post")
	h.press("tab")
	h.typeText("de")
	h.press("tab")
	h.typeText("ana")
	h.press("enter")
	qs := f.exceptionQueries()
	if len(qs) != 1 {
		t.Fatalf("%d queue reads after the filter, want 1", len(qs))
	}
	want := tracker.ExceptionQuery{Now: fixedNow, Kinds: []tracker.ExceptionKind{tracker.ExLost, tracker.ExCustoms},
		Carrier: "china-post", Destination: "DE", Owner: "ana", Limit: exceptionsLimit}
	if q := qs[0]; !q.Now.Equal(want.Now) || !slices.Equal(q.Kinds, want.Kinds) || q.Carrier != want.Carrier ||
		q.Destination != want.Destination || q.Owner != want.Owner || q.Limit != want.Limit {
		t.Errorf("query %+v, want %+v", q, want)
	}
	if out := screen(h); !strings.Contains(out, "Exceptions · lost,customs · china-post · to DE · @ana") {
		t.Errorf("the title does not show the filter:\n%s", out)
	}

	// The form opens with the filter as it is; emptying a field drops it.
	h.press("f", "tab", "ctrl+u", "tab", "ctrl+u", "tab", "ctrl+u", "enter")
	q := f.exceptionQueries()[1]
	if !slices.Equal(q.Kinds, want.Kinds) || q.Carrier != "" || q.Destination != "" || q.Owner != "" {
		t.Errorf("query %+v, want only the kinds", q)
	}
	if got := queueIDs(h); len(got) != 3 {
		t.Errorf("lost and customs: %v, want 3 rows", got)
	}
	if out := screen(h); !strings.Contains(out, "lost 2 · customs 1 · stale 2") {
		t.Errorf("the counts do not show what the kind filter leaves out:\n%s", out)
	}

	// F clears the filter.
	h.press("F")
	if q := f.exceptionQueries()[2]; len(q.Kinds) != 0 || len(queueIDs(h)) != 5 {
		t.Errorf("after F: query %+v, %d rows", q, len(queueIDs(h)))
	}

	// Nobody's, by the owner field's "-".
	h.press("f", "tab", "tab", "tab")
	h.typeText("-")
	h.press("enter")
	if q := f.exceptionQueries()[3]; q.Owner != tracker.OwnerNone || len(queueIDs(h)) != 4 {
		t.Errorf("nobody's: query %+v, %d rows", q, len(queueIDs(h)))
	}
	if out := screen(h); !strings.Contains(out, "nobody's") {
		t.Errorf("title lacks nobody's:\n%s", out)
	}

	// An unknown kind is refused in the form.
	n := len(f.exceptionQueries())
	h.press("F", "f")
	h.typeText("lots")
	h.press("enter")
	if h.app.prompt == nil || !strings.Contains(screen(h), `no kind "lots"`) || len(f.exceptionQueries()) != n+1 {
		t.Errorf("an unknown kind was not refused:\n%s", screen(h))
	}
}

func TestParseKinds(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []tracker.ExceptionKind
		err  string
	}{
		{"", nil, ""},
		{"lost", []tracker.ExceptionKind{tracker.ExLost}, ""},
		{" Lost , STALE ", []tracker.ExceptionKind{tracker.ExLost, tracker.ExStale}, ""},
		{"no tracking, delivery-failed", []tracker.ExceptionKind{tracker.ExNoTracking, tracker.ExDeliveryFailed}, ""},
		{"cust", []tracker.ExceptionKind{tracker.ExCustoms}, ""},
		{"lost,lost", []tracker.ExceptionKind{tracker.ExLost}, ""},
		{"d", nil, `"d" could be delivery_failed or damaged`},
		{"late", nil, `no kind "late"`},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseKinds(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("err %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("= %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

func TestWatchKey(t *testing.T) {
	f := triageFake()
	h := newHarness(t, Options{Reader: f, Actor: tracker.Actor{Name: "ana"}}, 100, 30)
	h.press("j")
	r, _ := h.app.orders.Selected()
	h.press("w")
	c := lastCall(t, f)
	if c.method != "SetWatch" || !c.on || !slices.Equal(c.ids, []int64{r.OrderID}) || c.actor != "ana" {
		t.Errorf("call %+v, want SetWatch(%d, on) by ana", c, r.OrderID)
	}
	if f.count("watched") != 1 {
		t.Errorf("%d Watched reads, want 1: the store decides which way w toggles", f.count("watched"))
	}
	out := screen(h)
	if !strings.Contains(out, "watching order "+r.OrderNo) {
		t.Errorf("status bar:\n%s", out)
	}
	if row, _ := h.app.orders.Selected(); !row.Watched || !strings.Contains(out, "›★ "+r.OrderNo) {
		t.Errorf("the row is not marked watched (%v):\n%s", row.Watched, out)
	}
	h.press("w")
	if c := lastCall(t, f); c.method != "SetWatch" || c.on {
		t.Errorf("second w: %+v, want SetWatch off", c)
	}
	if out := screen(h); !strings.Contains(out, "stopped watching order "+r.OrderNo) || strings.Contains(out, "★") {
		t.Errorf("after unwatching:\n%s", out)
	}
	if !strings.Contains(screen(h), "w watch") {
		t.Errorf("orders help lacks w:\n%s", screen(h))
	}
}

func TestAlertList(t *testing.T) {
	f := triageFake()
	f.alerts = []tracker.Alert{
		{ID: 3, Kind: "lost", Severity: tracker.SeverityCritical, Subject: "Lost: WB-00047", Body: "claim it", CreatedAt: fixedNow.Add(-time.Hour)},
		{ID: 2, Kind: tracker.AlertWatch, Severity: tracker.SeverityLow, Subject: "WB-00012 moved", CreatedAt: fixedNow.Add(-2 * time.Hour)},
		{ID: 1, Kind: "stale", Severity: tracker.SeverityMedium, Subject: "Stale: WB-00030", CreatedAt: fixedNow.Add(-3 * time.Hour),
			ReadAt: fixedNow.Add(-time.Hour)},
	}
	h := newHarness(t, Options{Reader: f}, 100, 30)
	if out := screen(h); !strings.Contains(strings.Split(out, "\n")[0], "! 2 unread") {
		t.Errorf("title bar lacks the unread count:\n%s", out)
	}
	h.press("!")
	c := lastCall(t, f)
	if c.method != "MarkAlertsRead" || !slices.Equal(c.ids, []int64{3, 2}) {
		t.Errorf("call %+v, want MarkAlertsRead [3 2]", c)
	}
	out := screen(h)
	i3, i2, i1 := strings.Index(out, "Lost: WB-00047"), strings.Index(out, "WB-00012 moved"), strings.Index(out, "Stale: WB-00030")
	if i3 < 0 || i2 < 0 || i1 < 0 || i3 > i2 || i2 > i1 {
		t.Errorf("alerts not listed newest first:\n%s", out)
	}
	if strings.Count(out, "new ") != 2 {
		t.Errorf("want the two that were unread marked new:\n%s", out)
	}
	if strings.Contains(strings.Split(out, "\n")[0], "unread") {
		t.Errorf("the title still counts unread alerts after opening the list:\n%s", out)
	}
	if !strings.Contains(out, "claim it") {
		t.Errorf("the selected alert's text is not shown:\n%s", out)
	}
	// Keys go to the list while it is open: j moves in it, not in the orders.
	before := selectedID(h)
	h.press("j")
	if selectedID(h) != before || h.app.alerts.sel != 1 {
		t.Errorf("j with the list open: orders %d→%d, list %d", before, selectedID(h), h.app.alerts.sel)
	}
	h.press("!")
	if h.app.alerts.open || strings.Contains(screen(h), "Lost: WB-00047") {
		t.Errorf("! did not close the list:\n%s", screen(h))
	}
	h.press("!", "esc")
	if h.app.alerts.open {
		t.Error("esc did not close the list")
	}
}

// readOnly is a reader without the triage side.
type readOnly struct{ tracker.Reader }

func TestReadOnlySessionOffersNoTriage(t *testing.T) {
	f := triageFake()
	h := newHarness(t, Options{Reader: readOnly{f}}, 100, 30)
	toQueue(h)
	h.press("?")
	out := squash(screen(h))
	for _, k := range []string{"a acknowledge", "s snooze", "o assign owner"} {
		if strings.Contains(out, k) {
			t.Errorf("read-only help offers %q:\n%s", k, out)
		}
	}
	h.press("?", "a")
	if out := screen(h); !strings.Contains(out, "read-only") || len(f.triageCalls()) != 0 {
		t.Errorf("a on a read-only session:\n%s", out)
	}
}

func TestTriageHelpIsTrue(t *testing.T) {
	h := newHarness(t, Options{Reader: triageFake()}, 160, 50)
	toQueue(h)
	out := screen(h)
	for _, k := range []string{"a ack", "s snooze", "o owner", "space mark", "f filter", "enter open"} {
		if !strings.Contains(out, k) {
			t.Errorf("queue help lacks %q:\n%s", k, out)
		}
	}
	h.press("?")
	out = squash(screen(h))
	for _, k := range []string{"a acknowledge", "o assign owner", "space mark / unmark", "! alerts"} {
		if !strings.Contains(out, k) {
			t.Errorf("full help lacks %q:\n%s", k, out)
		}
	}
	if strings.Contains(out, "esc unmark all") || strings.Contains(out, "F clear filter") {
		t.Errorf("full help offers keys that do nothing now:\n%s", out)
	}
	h.press("?", "f")
	if out := screen(h); !strings.Contains(out, "tab next field") || !strings.Contains(out, "esc cancel") || strings.Contains(out, "q quit") {
		t.Errorf("the filter form's help:\n%s", out)
	}
}

// With a hub, an action's notice is what re-reads the screen, here and in
// every other session.
func TestTriageNoticeReachesOtherSessions(t *testing.T) {
	f := triageFake()
	hub := tracker.NewHub()
	a := newHarness(t, Options{Reader: f, Hub: hub}, 100, 30)
	b := newHarness(t, Options{Reader: f, Hub: hub}, 100, 30)
	toQueue(a)
	f.reset()
	a.press("a")
	a.awaitParked()
	b.awaitParked()
	if got := f.count("exceptions"); got != 2 {
		t.Errorf("%d queue reads for one action and two sessions, want 2", got)
	}
	if it, _ := b.app.exceptions.Selected(); it.State != tracker.ExAcknowledged {
		t.Errorf("the other session shows %q", it.State)
	}
}

func TestTriageErrorIsShown(t *testing.T) {
	f := triageFake()
	f.failTri = errString("database is locked")
	h := newHarness(t, Options{Reader: f}, 100, 30)
	toQueue(h)
	h.press("space", "a")
	if out := screen(h); !strings.Contains(out, "acknowledge: database is locked") {
		t.Errorf("error not shown:\n%s", out)
	}
	if len(h.app.exceptions.marked) != 1 {
		t.Error("marks dropped although the action failed")
	}
}

type errString string

func (e errString) Error() string { return string(e) }

// Prompts and the alert list are drawn over the panes: at every size the
// frame keeps its exact width and height.
func TestOverlaysFitEverySize(t *testing.T) {
	f := triageFake()
	f.alerts = []tracker.Alert{{ID: 1, Kind: "lost", Severity: tracker.SeverityCritical,
		Subject: "Lost: a subject far longer than any screen is wide " + strings.Repeat("x", 300), Body: "body", CreatedAt: fixedNow}}
	h := newHarness(t, Options{Reader: f}, 80, 24)
	toQueue(h)
	for _, s := range [][2]int{{60, 16}, {80, 24}, {100, 30}, {119, 40}, {120, 40}, {160, 50}, {300, 100}} {
		w, hh := s[0], s[1]
		h.send(tea.WindowSizeMsg{Width: w, Height: hh})
		for _, keys := range [][]string{{"!"}, {"j", "?"}, {"?", "!"}, {"s"}, {"d"}, {"esc", "esc", "o"}, {"esc", "f"}, {"?"}, {"?", "esc"}} {
			h.press(keys...)
			lines := strings.Split(h.view(), "\n")
			if len(lines) != hh {
				t.Fatalf("%dx%d after %v: %d lines", w, hh, keys, len(lines))
			}
			for i, l := range lines {
				if lw := ansi.StringWidth(l); lw != w {
					t.Fatalf("%dx%d after %v: line %d is %d wide: %q", w, hh, keys, i, lw, ansi.Strip(l))
				}
			}
		}
	}
	// ctrl+c quits even from a prompt.
	h.press("o", "ctrl+c")
	if !h.quit {
		t.Error("ctrl+c in a prompt did not quit")
	}
}

func TestTitleShowsAlertsThatFailedToSend(t *testing.T) {
	f := triageFake()
	f.failedAlerts = 2
	h := newHarness(t, Options{Reader: f}, 120, 30)
	if title := strings.Split(screen(h), "\n")[0]; !strings.Contains(title, "2 alerts failed to send") {
		t.Fatalf("title bar does not say alerts are failing:\n%s", title)
	}
}

func TestResolveKey(t *testing.T) {
	f := triageFake()
	h := newHarness(t, Options{Reader: f, Actor: tracker.Actor{Name: "ana"}}, 100, 30)
	toQueue(h)
	sel, _ := h.app.exceptions.Selected()
	f.reset()
	before := len(f.triageCalls())
	h.press("x") // lower case does nothing: resolving is a deliberate X
	if n := len(f.triageCalls()); n != before {
		t.Fatalf("x made a triage call: %+v", f.triageCalls()[before:])
	}
	h.press("X")
	if n := len(f.triageCalls()); n != before {
		t.Fatalf("X resolved before asking why: %+v", f.triageCalls()[before:])
	}
	h.typeText("buyer has it")
	h.press("enter")
	c := lastCall(t, f)
	if c.method != "Resolve" || !slices.Equal(c.ids, []int64{sel.ID}) || c.actor != "ana" || c.reason != "buyer has it" {
		t.Fatalf("call %+v, want Resolve [%d] by ana, because the buyer has it", c, sel.ID)
	}
	if out := screen(h); !strings.Contains(out, "resolved: 1 exception") {
		t.Errorf("status bar does not say what happened:\n%s", out)
	}
}

// TestTriageKeyOnNoExceptionSaysWhy: a triage key that finds no exception
// (the queue still loading, or nothing selected) says so; before, it did
// nothing, and a viewer was not even told the key is not theirs.
func TestTriageKeyOnNoExceptionSaysWhy(t *testing.T) {
	for _, tc := range []struct {
		name   string
		role   tracker.Role
		loaded bool
		want   string
	}{
		{"queue still loading", tracker.RoleAgent, false, "the exceptions are still loading"},
		{"nothing selected", tracker.RoleAgent, true, "no exception selected"},
		{"a viewer, queue still loading", tracker.RoleViewer, false, "read only: the viewer role cannot change exceptions"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := triageFake()
			h := newHarness(t, Options{Reader: f, Actor: tracker.Actor{Name: "alice", Role: tc.role}}, 100, 30)
			toQueue(h)
			h.app.exceptions.items, h.app.exceptions.loaded = nil, tc.loaded
			h.press("a")
			wantOnScreen(t, h, tc.want)
			if n := len(f.triageCalls()); n != 0 {
				t.Errorf("%d triage writes, want none", n)
			}
		})
	}
}
