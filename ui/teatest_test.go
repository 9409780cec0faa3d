package ui

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"waybill/carriers/sim"
	"waybill/store"
	"waybill/tracker"
)

// demoStore builds the store the golden screen shows: 60 simulated orders
// as of fixedNow, each checked once through the simulated carrier (the path
// real parcels take), all on a clock stopped at fixedNow.
// storeService is the service over a real store, by the tests' fixed
// clock, as main wires it.
func storeService(db *store.DB, hub *tracker.Hub) *tracker.Service {
	return tracker.NewService(db, tracker.NewFixedClock(fixedNow), hub, db)
}

func demoStore(t *testing.T) (*store.DB, *tracker.Refresher, *tracker.Hub) {
	t.Helper()
	ctx := context.Background()
	db, err := openStore(t, ctx, filepath.Join(t.TempDir(), "waybill.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.AddOrders(ctx, fixedNow, sim.Orders(60, 1, fixedNow)); err != nil {
		t.Fatal(err)
	}
	clock := tracker.NewFixedClock(fixedNow)
	carrier := sim.New(1, clock)
	hub := tracker.NewHub()
	ref := tracker.NewRefresher(db, func(string) tracker.Carrier { return nil }, clock, hub, tracker.DefaultPolicy())
	ref.Simulator = carrier
	ref.Concurrency = 1 // batches stored in order keep exception ids, and so the golden, stable
	if _, err := ref.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	return db, ref, hub
}

// probe wraps the root model for teatest. After every Update it publishes
// a snapshot the test goroutine can read safely, and it can quit the
// program itself once the first screen is complete, so the golden is taken
// at a defined moment rather than after a guessed sleep.
type probe struct {
	app         *App
	quitOnReady bool

	mu    sync.Mutex
	snap  snapshot
	fired bool
}

type snapshot struct {
	ready    bool
	selected int64
	focus    focus
	position string
	atEnd    bool
	watched  bool             // the selected order is shown as watched
	owners   []string         // the exceptions pane's owners, row by row ("" for nobody's)
	selStep  tracker.CaseStep // the selected order's case step

	// The case view, when one is shown.
	caseID    int64
	caseStep  tracker.CaseStep // the step its work area was built for
	caseIdle  bool             // loaded, and no read or action in flight
	caseState tracker.CaseState
	kinds     []tracker.ExceptionKind // the kind prompt's choices, when it is open
	kindSel   int
	prompt    bool
	closed    int64 // the closed case a prompt asks about: reopen it or open a new one
}

// ready: every read of the first screen has landed, the ETA filled in
// after it too.
func (a *App) ready() bool {
	return a.firstFrameShown() && !a.timeline.etaPending() &&
		(a.c.refresher == nil || a.status.hasRef)
}

func (p *probe) Init() tea.Cmd { return p.app.Init() }

func (p *probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := p.app.Update(msg)
	s := snapshot{
		ready:    p.app.ready(),
		selected: p.app.orders.selectedID(),
		focus:    p.app.focus,
		position: p.app.orders.position(),
		atEnd:    p.app.orders.atEnd,
	}
	for _, it := range p.app.exceptions.items {
		s.owners = append(s.owners, it.Owner)
	}
	if r, ok := p.app.orders.Selected(); ok {
		s.watched = r.Watched
		s.selStep = r.CaseStep
	}
	if v := p.app.caseView; v != nil {
		s.caseID, s.caseStep, s.caseState = v.id, v.step, v.row.State
		s.caseIdle = v.loaded && v.loadReq == 0 && v.actReq == 0 && v.refreshReq == 0
	}
	s.prompt = p.app.prompt != nil
	if kp, ok := p.app.prompt.(*kindPrompt); ok {
		s.kinds, s.kindSel = slices.Clone(kp.kinds), kp.sel
	}
	if cp, ok := p.app.prompt.(*closedCasePrompt); ok {
		s.closed = cp.row.ID
	}
	p.mu.Lock()
	p.snap = s
	quit := p.quitOnReady && s.ready && !p.fired
	if quit {
		p.fired = true
	}
	p.mu.Unlock()
	if quit {
		return p, tea.Batch(cmd, tea.Quit)
	}
	return p, cmd
}

func (p *probe) View() tea.View { return p.app.View() }

func (p *probe) state() snapshot {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.snap
}

// waitFor polls the probe's snapshot; teatest.WaitFor gives us the timeout
// and the last output on failure.
func waitFor(t *testing.T, tm *teatest.TestModel, p *probe, what string, cond func(snapshot) bool) {
	t.Helper()
	deadline := time.Now().Add(hangGuard)
	for !cond(p.state()) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; last state %+v", what, p.state())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// plainView renders the screen through the NoTTY colour profile: text
// only, so the golden does not depend on the terminal running the tests
// and a reviewer can read it. The selection stays visible through the ›
// gutter marker.
func plainView(m tea.Model) string {
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.NoTTY}
	_, _ = w.Write([]byte(m.View().Content))
	return b.String()
}

func newProgram(t *testing.T, p *probe, w, h int) *teatest.TestModel {
	t.Helper()
	return teatest.NewTestModel(t, p,
		teatest.WithInitialTermSize(w, h),
		// Pin the profile of the program's own output too.
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)),
	)
}

// TestGoldenFirstScreen is the first screen at 100×30 on a real store with
// simulated demo data: title with the DEMO badge, the orders list (first
// page, position), the first parcel's timeline, the exceptions queue, the
// status counts, the refresher's last pass and the key help.
func TestGoldenFirstScreen(t *testing.T) {
	db, ref, hub := demoStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	app := newApp(ctx, Options{Reader: db, Service: storeService(db, hub), ETA: db, History: db, Refresher: ref, Hub: hub, Clock: tracker.NewFixedClock(fixedNow),
		Demo: true, DemoSpeed: 120, Title: "demo.db"})
	p := &probe{app: app, quitOnReady: true}
	tm := newProgram(t, p, 100, 30)
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(hangGuard))
	if !p.state().ready {
		t.Fatalf("program ended before the first screen was complete")
	}
	out := plainView(fm)
	if n := strings.Count(out, "\n") + 1; n != 30 {
		t.Errorf("screen has %d lines, want 30", n)
	}
	golden.RequireEqual(t, out)
}

// TestTeatestKeys drives the real program with j, G and Tab and checks
// where it ends: the last shipment of the list selected and its position
// shown, the timeline focused.
func TestTeatestKeys(t *testing.T) {
	db, ref, hub := demoStore(t)
	total, err := db.CountShipments(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	last, err := db.ListShipments(context.Background(), tracker.ListQuery{Dir: tracker.Backward, Limit: 1})
	if err != nil || len(last) != 1 {
		t.Fatalf("last shipment: %v %v", last, err)
	}
	first, err := db.ListShipments(context.Background(), tracker.ListQuery{Limit: 2})
	if err != nil || len(first) != 2 {
		t.Fatalf("first shipments: %v %v", first, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	app := newApp(ctx, Options{Reader: db, Service: storeService(db, hub), ETA: db, History: db, Refresher: ref, Hub: hub, Clock: tracker.NewFixedClock(fixedNow)})
	p := &probe{app: app}
	tm := newProgram(t, p, 100, 30)
	waitFor(t, tm, p, "first screen", func(s snapshot) bool { return s.ready })

	tm.Send(tea.KeyPressMsg{Code: 'j', Text: "j"})
	waitFor(t, tm, p, "j", func(s snapshot) bool { return s.selected == first[1].ShipmentID && s.ready })

	tm.Send(tea.KeyPressMsg{Code: 'G', Text: "G"})
	waitFor(t, tm, p, "G", func(s snapshot) bool { return s.selected == last[0].ShipmentID && s.ready })

	tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
	waitFor(t, tm, p, "tab", func(s snapshot) bool { return s.focus == focusTimeline })

	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(hangGuard))
	s := p.state()
	want := strconv.Itoa(total) + "/" + strconv.Itoa(total)
	if s.position != want || !s.atEnd {
		t.Errorf("after G: position %q (at end %v), want %q", s.position, s.atEnd, want)
	}
	view := plainView(fm)
	// The selected row (marked ›) is the last shipment; its order number,
	// after the empty watch column, may be cut to the column, so look for
	// its start.
	for _, w := range []string{want, "│›  " + last[0].OrderNo[:8], "Timeline"} {
		if !strings.Contains(view, w) {
			t.Errorf("final screen lacks %q:\n%s", w, view)
		}
	}
	// The program wrote a screen: the alternate screen and the orders title.
	tm.WaitFinished(t, teatest.WithFinalTimeout(hangGuard))
	raw := new(bytes.Buffer)
	_, _ = raw.ReadFrom(tm.FinalOutput(t))
	if !bytes.Contains(raw.Bytes(), []byte("Orders")) {
		t.Errorf("program output lacks the orders pane")
	}
}

// TestTeatestTriageSession drives the real program over a real store
// through a triage session: acknowledge the worst exception, assign the
// next, mark two more and snooze them for a day, watch an order, open the
// alerts. What counts is what the store holds afterwards: states, owner,
// snooze, the watch, read alerts, and every change logged with the actor.
func TestTeatestTriageSession(t *testing.T) {
	ctx := context.Background()
	db, ref, hub := demoStore(t)
	queue, err := db.OpenExceptions(ctx, tracker.ExceptionQuery{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(queue) < 4 {
		t.Fatalf("the demo store has %d open exceptions, want at least 4", len(queue))
	}
	first, err := db.ListShipments(ctx, tracker.ListQuery{Limit: 1})
	if err != nil || len(first) != 1 {
		t.Fatalf("first shipment: %v %v", first, err)
	}
	row := func(id int64) (tracker.ExceptionRow, bool) {
		rows, err := db.OpenExceptions(ctx, tracker.ExceptionQuery{Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.ID == id {
				return r, true
			}
		}
		return tracker.ExceptionRow{}, false
	}
	waitStore := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(hangGuard)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for the store: %s", what)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}

	app := newApp(ctx, Options{Reader: db, Service: storeService(db, hub), ETA: db, History: db, Refresher: ref, Hub: hub, Clock: tracker.NewFixedClock(fixedNow), Actor: tracker.Actor{Name: "agent-7"}})
	p := &probe{app: app}
	tm := newProgram(t, p, 100, 30)
	waitFor(t, tm, p, "first screen", func(s snapshot) bool { return s.ready })
	keys := func(ks ...string) {
		for _, k := range ks {
			tm.Send(KeyPress(k))
		}
	}
	typeText := func(s string) {
		for _, r := range s {
			tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}

	keys("tab", "tab", "a")
	waitStore("the worst exception acknowledged", func() bool {
		r, ok := row(queue[0].ID)
		return ok && r.State == tracker.ExAcknowledged
	})
	keys("j", "o")
	typeText("ana")
	keys("enter")
	waitStore("the second assigned to ana", func() bool { r, _ := row(queue[1].ID); return r.Owner == "ana" })
	// The store changes before the queue's re-read comes: marks made
	// before it lands are on the old rows, and the final screen shows the
	// owner; so wait for the pane to show it.
	waitFor(t, tm, p, "the owner shown in the queue", func(s snapshot) bool { return slices.Contains(s.owners, "ana") })
	keys("j", "space", "j", "space", "s", "1")
	waitStore("two snoozed", func() bool {
		_, ok2 := row(queue[2].ID)
		_, ok3 := row(queue[3].ID)
		return !ok2 && !ok3
	})
	keys("tab", "w") // orders: its first row
	waitStore("the first order watched", func() bool {
		on, err := db.Watched(ctx, first[0].OrderID)
		return err == nil && on
	})
	waitFor(t, tm, p, "the watch shown", func(s snapshot) bool { return s.watched })
	keys("!")
	waitStore("the alerts read", func() bool {
		_, unread, err := db.Alerts(ctx, 0)
		return err == nil && unread == 0
	})
	keys("!", "q")
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(hangGuard))

	// The snooze ends a day later, and the two come back as open.
	back, err := db.OpenExceptions(ctx, tracker.ExceptionQuery{Now: fixedNow.Add(24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range queue[2:4] {
		i := slices.IndexFunc(back, func(r tracker.ExceptionRow) bool { return r.ID == x.ID })
		if i < 0 || back[i].State != tracker.ExOpen || !back[i].SnoozedUntil.Equal(fixedNow.Add(24*time.Hour)) {
			t.Errorf("exception %d a day later: %+v, want open again, snoozed until %v", x.ID, back, fixedNow.Add(24*time.Hour))
		}
	}

	raw, err := sql.Open("sqlite", db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	type entry struct {
		id                    int64
		actor, action, detail string
		at                    int64
	}
	rows, err := raw.Query(`SELECT exception_id, actor, action, detail, at FROM exception_log WHERE actor != 'rules' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.id, &e.actor, &e.action, &e.detail, &e.at); err != nil {
			t.Fatal(err)
		}
		got = append(got, e)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	until := fixedNow.Add(24 * time.Hour).UTC().Format("2006-01-02 15:04Z")
	want := []entry{
		{queue[0].ID, "agent-7", "acknowledged", "", fixedNow.Unix()},
		{queue[1].ID, "agent-7", "assigned", "ana", fixedNow.Unix()},
		{queue[2].ID, "agent-7", "snoozed", "until " + until, fixedNow.Unix()},
		{queue[3].ID, "agent-7", "snoozed", "until " + until, fixedNow.Unix()},
	}
	if !slices.Equal(got, want) {
		t.Errorf("exception log\n got %+v\nwant %+v", got, want)
	}

	view := plainView(fm)
	for _, w := range []string{"│›★ " + first[0].OrderNo, "[@ana]"} {
		if !strings.Contains(view, w) {
			t.Errorf("final screen lacks %q:\n%s", w, view)
		}
	}
}
