package ui

import (
	"bytes"
	"context"
	"path/filepath"
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
func demoStore(t *testing.T) (*store.DB, *tracker.Refresher, *tracker.Hub) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "waybill.db"))
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
	ref := tracker.NewRefresher(db, func(string) tracker.Carrier { return carrier }, clock, hub, tracker.DefaultPolicy())
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
}

// ready: every read of the first screen has landed.
func (a *App) ready() bool {
	o := a.orders
	return a.lay.width > 0 && o.loaded && o.winReq == 0 && o.totalKnown &&
		a.exceptions.loaded && a.exceptions.req == 0 &&
		a.status.loaded && a.status.req == 0 &&
		a.timeline.req == 0 && a.timeline.loadedID == o.selectedID() &&
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
	deadline := time.Now().Add(5 * time.Second)
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
	app := newApp(ctx, Options{Reader: db, Refresher: ref, Hub: hub, Clock: tracker.NewFixedClock(fixedNow),
		Demo: true, DemoSpeed: 120, Title: "demo.db"})
	p := &probe{app: app, quitOnReady: true}
	tm := newProgram(t, p, 100, 30)
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second))
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
	app := newApp(ctx, Options{Reader: db, Refresher: ref, Hub: hub, Clock: tracker.NewFixedClock(fixedNow)})
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
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second))
	s := p.state()
	want := strconv.Itoa(total) + "/" + strconv.Itoa(total)
	if s.position != want || !s.atEnd {
		t.Errorf("after G: position %q (at end %v), want %q", s.position, s.atEnd, want)
	}
	view := plainView(fm)
	// The selected row (marked ›) is the last shipment; its order number
	// may be cut to the column, so look for its start.
	for _, w := range []string{want, "│›" + last[0].OrderNo[:8], "Timeline"} {
		if !strings.Contains(view, w) {
			t.Errorf("final screen lacks %q:\n%s", w, view)
		}
	}
	// The program wrote a screen: the alternate screen and the orders title.
	tm.WaitFinished(t, teatest.WithFinalTimeout(time.Second))
	raw := new(bytes.Buffer)
	_, _ = raw.ReadFrom(tm.FinalOutput(t))
	if !bytes.Contains(raw.Bytes(), []byte("Orders")) {
		t.Errorf("program output lacks the orders pane")
	}
}
