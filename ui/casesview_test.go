package ui

import (
	"context"
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

// casesFixture is a real store of demo orders with cases in every state
// the cases view tells apart, made through the service as people make
// them: A (ana) overdue since yesterday, B (bo) overdue since an hour, C
// (ana) due later today, D (ana) due in two days, E (ana) at step 1 with
// no follow-up, F (bo) and G (ana) closed, G the newer.
type casesFixture struct {
	db  *recordingCases
	ids map[string]int64
}

// recordingCases is the store, keeping every case query the screen makes.
type recordingCases struct {
	*store.DB
	mu      sync.Mutex
	queries []tracker.CaseQuery
}

func (r *recordingCases) Cases(ctx context.Context, q tracker.CaseQuery) ([]tracker.CaseRow, error) {
	r.mu.Lock()
	r.queries = append(r.queries, q)
	r.mu.Unlock()
	return r.DB.Cases(ctx, q)
}

func (r *recordingCases) caseQueries() []tracker.CaseQuery {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.queries)
}

func newCasesFixture(t *testing.T) casesFixture {
	t.Helper()
	ctx := context.Background()
	db, err := openStore(t, ctx, filepath.Join(t.TempDir(), "waybill.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.AddOrders(ctx, fixedNow, sim.Orders(20, 1, fixedNow)); err != nil {
		t.Fatal(err)
	}
	ships, err := db.ListShipments(ctx, tracker.ListQuery{Limit: 10})
	if err != nil || len(ships) < 7 {
		t.Fatalf("shipments: %d, %v", len(ships), err)
	}
	const day = 24 * time.Hour
	clock := tracker.NewFixedClock(fixedNow.Add(-2 * day))
	svc := tracker.NewService(db, clock, nil, db)
	ana, bo := tracker.LocalActor("ana"), tracker.LocalActor("bo")
	ids := map[string]int64{}
	for i, c := range []struct {
		name     string
		by       tracker.Actor
		followUp time.Time // zero: stays at step 1
		close    bool
	}{
		{"A", ana, fixedNow.Add(-day), false},
		{"B", bo, fixedNow.Add(-time.Hour), false},
		{"C", ana, fixedNow.Add(3 * time.Hour), false},
		{"D", ana, fixedNow.Add(2 * day), false},
		{"E", ana, time.Time{}, false},
		{"F", bo, time.Time{}, true},
		{"G", ana, time.Time{}, true},
	} {
		sh := ships[i]
		op, err := svc.OpenCase(ctx, c.by, tracker.CaseRequest{OrderID: sh.OrderID, ShipmentID: sh.ShipmentID, Kind: tracker.ExStale})
		if err != nil {
			t.Fatalf("case %s: %v", c.name, err)
		}
		id := op.Case.ID
		ids[c.name] = id
		if c.followUp.IsZero() && !c.close {
			continue
		}
		for _, a := range []tracker.CaseAction{
			{Type: tracker.ActReassure, Text: "we are on it"},
			{Type: tracker.ActVerify, Text: "no scan"},
			{Type: tracker.ActSolve, Solution: &tracker.Solution{Type: tracker.SolveNewETA, ETA: fixedNow.Add(10 * day)}},
		} {
			if _, err := svc.DoCase(ctx, c.by, id, a); err != nil {
				t.Fatalf("case %s: %s: %v", c.name, a.Type, err)
			}
		}
		act := tracker.CaseAction{Type: tracker.ActFollowUp, FollowUpAt: c.followUp}
		if c.close {
			act = tracker.CaseAction{Type: tracker.ActClose, Text: "arrived", RootCause: tracker.CauseCarrier}
		}
		if _, err := svc.DoCase(ctx, c.by, id, act); err != nil {
			t.Fatalf("case %s: %s: %v", c.name, act.Type, err)
		}
	}
	return casesFixture{db: &recordingCases{DB: db}, ids: ids}
}

// session opens a screen on the fixture as actor at fixedNow.
func (f casesFixture) session(t *testing.T, actor tracker.Actor, hub *tracker.Hub, w, h int) *harness {
	t.Helper()
	clock := tracker.NewFixedClock(fixedNow)
	return newHarness(t, Options{Reader: f.db.DB, Service: tracker.NewService(f.db, clock, hub, f.db.DB), Hub: hub,
		Clock: clock, Actor: actor, Templates: mustTemplates(t)}, w, h)
}

// names are the listed cases by their fixture letters, in the list's order.
func (f casesFixture) names(rows []tracker.CaseRow) string {
	var out []string
	for _, r := range rows {
		for n, id := range f.ids {
			if id == r.ID {
				out = append(out, n)
			}
		}
	}
	return strings.Join(out, "")
}

// The view lists each filter's cases by need, says in its title how many
// each filter lists, and reads one page: what `case list` reads.
func TestCasesViewFilters(t *testing.T) {
	f := newCasesFixture(t)
	h := f.session(t, tracker.LocalActor("ana"), nil, 120, 35)
	h.press("C")
	v := h.app.cases
	if v == nil {
		t.Fatal("C opened no cases view")
	}
	for _, tc := range []struct {
		keys  []string
		want  string
		title string
	}{
		{nil, "ABECD", "Cases [open 5] · due today 3 · mine 4 · closed 2 · all 7"},
		{[]string{"f"}, "ABC", "Cases open 5 · [due today 3] · mine 4"},
		{[]string{"f"}, "AECD", "[mine 4]"},
		{[]string{"f"}, "GF", "[closed 2]"},
		{[]string{"f"}, "ABECDGF", "[all 7]"},
		{[]string{"f"}, "ABECD", "[open 5]"}, // round again
		{[]string{"4"}, "GF", "[closed 2]"},
		{[]string{"2"}, "ABC", "[due today 3]"},
		{[]string{"3"}, "AECD", "[mine 4]"},
	} {
		h.press(tc.keys...)
		if got := f.names(v.rows); got != tc.want {
			t.Errorf("after %v: listed %s, want %s", tc.keys, got, tc.want)
		}
		if !strings.Contains(h.view(), tc.title) {
			t.Errorf("after %v: the title lacks %q:\n%s", tc.keys, tc.title, h.view())
		}
	}
	// Every read asks for one page (and one row to know there is more),
	// with the session's actor and clock.
	for _, q := range f.db.caseQueries() {
		if q.Limit <= 0 || q.Limit > v.pageRows()+1 || q.Order != tracker.CasesByNeed || !q.Now.Equal(fixedNow) {
			t.Errorf("a read of %+v: want a page of at most %d, by need, at %v", q, v.pageRows()+1, fixedNow)
		}
		if q.Owner != "" && q.Owner != "ana" {
			t.Errorf("mine read as %q", q.Owner)
		}
	}
}

// A page at a time: j and k walk the whole list across pages, G and g
// jump to its ends, and no read asks for more than a page.
func TestCasesViewPages(t *testing.T) {
	ctx := context.Background()
	f := newCasesFixture(t)
	// Six more open cases, so the list outgrows the page of a 16-row
	// terminal.
	ships, err := f.db.ListShipments(ctx, tracker.ListQuery{Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	svc := tracker.NewService(f.db.DB, tracker.NewFixedClock(fixedNow), nil, f.db.DB)
	for _, sh := range ships[10:16] {
		if _, err := svc.OpenCase(ctx, tracker.LocalActor("cy"), tracker.CaseRequest{OrderID: sh.OrderID, ShipmentID: sh.ShipmentID, Kind: tracker.ExLost}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := f.db.DB.Cases(ctx, tracker.CasesAll.Query("ana", fixedNow))
	if err != nil || len(all) != 13 {
		t.Fatalf("%d cases, %v", len(all), err)
	}
	var want []int64
	for _, r := range all {
		want = append(want, r.ID)
	}
	h := f.session(t, tracker.LocalActor("ana"), nil, 100, minHeight)
	h.press("C", "5")
	v := h.app.cases
	if n := v.pageRows(); n >= len(all) || n < 3 {
		t.Fatalf("a page of %d for %d cases", n, len(all))
	}
	selected := func() int64 { r, _ := v.Selected(); return r.ID }
	var walk []int64
	for range all {
		walk = append(walk, selected())
		h.press("j")
	}
	if !slices.Equal(walk, want) {
		t.Fatalf("j walked %v, want %v", walk, want)
	}
	if selected() != want[len(want)-1] || !v.atEnd {
		t.Errorf("j past the end: selected %d, at end %v", selected(), v.atEnd)
	}
	if !strings.Contains(h.view(), " 13/13 ") {
		t.Errorf("the position is not 13/13:\n%s", h.view())
	}
	walk = nil
	for range all {
		walk = append(walk, selected())
		h.press("k")
	}
	slices.Reverse(walk)
	if !slices.Equal(walk, want) {
		t.Fatalf("k walked %v backwards, want %v", walk, want)
	}
	h.press("G")
	if selected() != want[len(want)-1] || !strings.Contains(h.view(), " 13/13 ") {
		t.Errorf("G selected %d, want %d, shown 13/13:\n%s", selected(), want[len(want)-1], h.view())
	}
	h.press("pgup")
	if v.atEnd || v.sel != 0 {
		t.Errorf("pgup from the end: at end %v, selection %d", v.atEnd, v.sel)
	}
	h.press("g")
	if selected() != want[0] || v.base != 0 {
		t.Errorf("g selected %d at %d, want %d at 0", selected(), v.base, want[0])
	}
	for _, q := range f.db.caseQueries() {
		if q.Limit <= 0 || q.Limit > v.pageRows()+1 {
			t.Errorf("a read of %d rows, the page holds %d", q.Limit, v.pageRows())
		}
	}
}

// Enter resumes an open case in the case view, and esc comes back to the
// list; on a closed case it asks first, as c does: o reopens, n opens a
// new case, enter shows it.
func TestCasesViewEnterResumes(t *testing.T) {
	f := newCasesFixture(t)
	h := f.session(t, tracker.LocalActor("ana"), nil, 120, 35)
	h.press("C", "enter")
	if h.app.caseView == nil || h.app.caseView.id != f.ids["A"] {
		t.Fatalf("enter on A: case view %+v", h.app.caseView)
	}
	if !strings.Contains(h.view(), "Case "+strconv.FormatInt(f.ids["A"], 10)) {
		t.Errorf("the case view does not show case A:\n%s", h.view())
	}
	h.press("esc")
	if h.app.caseView != nil || h.app.cases == nil {
		t.Fatalf("esc from the case: case view %v, list %v", h.app.caseView != nil, h.app.cases != nil)
	}

	for _, tc := range []struct {
		key       string
		wantState tracker.CaseState
		wantNew   bool
	}{
		{"enter", tracker.CaseClosed, false},
		{"o", tracker.CaseOpen, false},
	} {
		h.press("4")
		if r, _ := h.app.cases.Selected(); r.ID != f.ids["G"] {
			t.Fatalf("the closed list starts with %d, want G", r.ID)
		}
		h.press("enter")
		p, ok := h.app.prompt.(*closedCasePrompt)
		if !ok || p.row.ID != f.ids["G"] {
			t.Fatalf("enter on closed G: prompt %T", h.app.prompt)
		}
		h.press(tc.key)
		if h.app.caseView == nil || h.app.caseView.id != f.ids["G"] {
			t.Fatalf("%s in the prompt: no case view of G", tc.key)
		}
		r, err := f.db.Case(context.Background(), f.ids["G"])
		if err != nil || r.State != tc.wantState {
			t.Errorf("%s in the prompt: G is %s (%v), want %s", tc.key, r.State, err, tc.wantState)
		}
		h.press("esc")
	}
}

// o on a closed case reopens it from the list, through the service,
// logged with the session's actor; it leaves the closed list and the
// counts follow.
func TestCasesViewReopen(t *testing.T) {
	f := newCasesFixture(t)
	h := f.session(t, tracker.LocalActor("ana"), nil, 120, 35)
	h.press("C", "4", "j")
	if r, _ := h.app.cases.Selected(); r.ID != f.ids["F"] {
		t.Fatalf("selected %d, want F", r.ID)
	}
	h.press("o")
	ctx := context.Background()
	r, err := f.db.Case(ctx, f.ids["F"])
	if err != nil || r.State != tracker.CaseOpen || r.Step != tracker.StepFollowUp {
		t.Fatalf("F after o: %s at %s (%v), want open at follow_up", r.State, r.Step, err)
	}
	log, _ := f.db.CaseLog(ctx, f.ids["F"])
	if last := log[len(log)-1]; last.Action != tracker.ActReopen || last.Actor != "ana" || !last.At.Equal(fixedNow) {
		t.Errorf("the last log entry %+v: want a reopen by ana at %v", last, fixedNow)
	}
	if got := f.names(h.app.cases.rows); got != "G" {
		t.Errorf("the closed list after reopening F: %s, want G", got)
	}
	if v := h.view(); !strings.Contains(v, "[closed 1]") || !strings.Contains(v, "open 6") || !strings.Contains(v, "reopened") {
		t.Errorf("after the reopen the screen lacks the new counts or the note:\n%s", v)
	}
	// o on an open case does nothing but say so.
	h.press("1", "o")
	if !strings.Contains(h.view(), "is open: enter resumes it") {
		t.Errorf("o on an open case:\n%s", h.view())
	}
}

// A viewer reads the list and the cases, and reopens nothing: o is
// refused and hidden, enter on a closed case shows it without asking.
func TestCasesViewViewer(t *testing.T) {
	f := newCasesFixture(t)
	h := f.session(t, tracker.Actor{Name: "vic", Role: tracker.RoleViewer}, nil, 120, 35)
	h.press("C", "4")
	if got := f.names(h.app.cases.rows); got != "GF" {
		t.Fatalf("a viewer's closed list: %s", got)
	}
	if strings.Contains(h.view(), "reopen") {
		t.Errorf("a viewer's help offers reopen:\n%s", h.view())
	}
	h.press("o")
	if r, _ := f.db.Case(context.Background(), f.ids["G"]); r.State != tracker.CaseClosed {
		t.Fatalf("a viewer reopened G")
	}
	if !strings.Contains(h.view(), "read only") {
		t.Errorf("o by a viewer says nothing:\n%s", h.view())
	}
	h.press("enter")
	if h.app.prompt != nil || h.app.caseView == nil || h.app.caseView.id != f.ids["G"] {
		t.Errorf("enter by a viewer on G: prompt %T, case view %v", h.app.prompt, h.app.caseView != nil)
	}
}

// A change anyone makes (another session, the command line) reaches the
// list through the hub: the visible page is read again.
func TestCasesViewLiveUpdate(t *testing.T) {
	f := newCasesFixture(t)
	hub := tracker.NewHub()
	h := f.session(t, tracker.LocalActor("ana"), hub, 120, 35)
	h.press("C", "4")
	other := tracker.NewService(f.db.DB, tracker.NewFixedClock(fixedNow), hub, f.db.DB)
	if _, err := other.DoCase(context.Background(), tracker.LocalActor("bo"), f.ids["G"], tracker.CaseAction{Type: tracker.ActReopen}); err != nil {
		t.Fatal(err)
	}
	h.awaitParked()
	if got := f.names(h.app.cases.rows); got != "F" {
		t.Errorf("the closed list after another session reopened G: %s, want F", got)
	}
	if !strings.Contains(h.view(), "[closed 1]") {
		t.Errorf("the counts did not follow:\n%s", h.view())
	}
}

// Text from buyers and agents reaches the list sanitized.
func TestCasesViewSanitizes(t *testing.T) {
	ctx := context.Background()
	f := newCasesFixture(t)
	o, err := f.db.AddOrder(ctx, fixedNow, tracker.Order{OrderNo: "EVIL-1", Buyer: "Eve\x1b]52;c;aGk=\x07\x1b[2J", Country: "DE"},
		[]tracker.Shipment{{TrackingNo: "LX123456785CN", Carrier: "china-post", Destination: "DE", ShippedAt: fixedNow.Add(-time.Hour)}})
	if err != nil {
		t.Fatal(err)
	}
	svc := tracker.NewService(f.db.DB, tracker.NewFixedClock(fixedNow), nil, f.db.DB)
	if _, err := svc.OpenCase(ctx, tracker.LocalActor("ana"), tracker.CaseRequest{OrderID: o.ID, ShipmentID: o.Shipments[0].ID, Kind: tracker.ExLost}); err != nil {
		t.Fatal(err)
	}
	h := f.session(t, tracker.LocalActor("ana"), nil, 160, 35)
	h.press("C")
	if !strings.Contains(h.view(), "EVIL-1") {
		t.Fatalf("the case is not listed:\n%s", h.view())
	}
	assertNoControls(t, h.view())
}

// casesProbe runs the real program for a golden of the cases view: it
// says when the panes are ready, and quits once the list has read its
// page and counts.
type casesProbe struct {
	app *App

	mu    sync.Mutex
	ready bool
	fired bool
}

func (p *casesProbe) Init() tea.Cmd { return p.app.Init() }

func (p *casesProbe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := p.app.Update(msg)
	v := p.app.cases
	done := v != nil && v.loaded && v.req == 0 && v.counts != nil && p.app.ready()
	p.mu.Lock()
	p.ready = p.app.ready()
	quit := done && !p.fired
	p.fired = p.fired || done
	p.mu.Unlock()
	if quit {
		return p, tea.Batch(cmd, tea.Quit)
	}
	return p, cmd
}

func (p *casesProbe) View() tea.View { return p.app.View() }

func (p *casesProbe) isReady() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ready
}

// TestGoldenCasesView is the cases view at 80×24 and 120×35 on a real
// store: the filters with their counts in the title, the open cases by
// need (overdue follow-ups marked !), the position, the keys.
func TestGoldenCasesView(t *testing.T) {
	f := newCasesFixture(t)
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 35}} {
		t.Run(strconv.Itoa(size.w)+"x"+strconv.Itoa(size.h), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			clock := tracker.NewFixedClock(fixedNow)
			app := newApp(ctx, Options{Reader: f.db.DB, Service: tracker.NewService(f.db.DB, clock, nil, f.db.DB),
				Clock: clock, Actor: tracker.LocalActor("ana"), Title: "cases.db"})
			p := &casesProbe{app: app}
			tm := teatest.NewTestModel(t, p, teatest.WithInitialTermSize(size.w, size.h),
				teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
			deadline := time.Now().Add(hangGuard)
			for !p.isReady() {
				if time.Now().After(deadline) {
					t.Fatal("the first screen never completed")
				}
				time.Sleep(5 * time.Millisecond)
			}
			tm.Send(KeyPress("C"))
			fm := tm.FinalModel(t, teatest.WithFinalTimeout(hangGuard))
			out := plainView(fm)
			if n := strings.Count(out, "\n") + 1; n != size.h {
				t.Errorf("screen has %d lines, want %d", n, size.h)
			}
			golden.RequireEqual(t, out)
		})
	}
}

// Follow-ups fall due with time: a minute's tick reads the page again,
// and the case due now moves up among the overdue ones.
func TestCasesViewFollowsTheClock(t *testing.T) {
	f := newCasesFixture(t)
	clock := tracker.NewFixedClock(fixedNow)
	h := newHarness(t, Options{Reader: f.db.DB, Service: tracker.NewService(f.db, clock, nil, f.db.DB),
		Clock: clock, Actor: tracker.LocalActor("ana")}, 120, 35)
	h.press("C")
	if got := f.names(h.app.cases.rows); got != "ABECD" {
		t.Fatalf("open at 14:00: %s", got)
	}
	clock.Advance(4 * time.Hour) // C's follow-up at 17:00 is due
	h.send(tickMsg{now: clock.Now(), rearm: true, gen: h.app.tickGen, every: time.Minute})
	if got := f.names(h.app.cases.rows); got != "ABCED" {
		t.Errorf("open at 18:00: %s, want C among the overdue", got)
	}
}
