package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"waybill/store"
	"waybill/tracker"
)

// caseWalk drives the real program over a real store (the demo data of
// the golden screen) through one complaint case.
type caseWalk struct {
	t   *testing.T
	db  *store.DB
	tm  *teatest.TestModel
	p   *probe
	ctx context.Context
}

func newCaseWalk(t *testing.T, tweak func(*Options)) *caseWalk {
	t.Helper()
	db, ref, hub := demoStore(t)
	var _ tracker.CaseStore = db // the store keeps the cases
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	opts := Options{Reader: db, Service: storeService(db, hub), ETA: db, History: db, Refresher: ref, Hub: hub, Clock: tracker.NewFixedClock(fixedNow), Actor: tracker.Actor{Name: "agent-7"},
		Templates: mustTemplates(t), Seller: "Acme Shop"}
	if tweak != nil {
		tweak(&opts)
	}
	p := &probe{app: newApp(ctx, opts)}
	w := &caseWalk{t: t, db: db, p: p, ctx: context.Background(), tm: newProgram(t, p, 100, 30)}
	w.waitUI("first screen", func(s snapshot) bool { return s.ready })
	return w
}

func (w *caseWalk) keys(ks ...string) {
	for _, k := range ks {
		w.tm.Send(KeyPress(k))
	}
}

func (w *caseWalk) typeText(s string) {
	for _, r := range s {
		w.tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func (w *caseWalk) waitUI(what string, cond func(snapshot) bool) {
	w.t.Helper()
	waitFor(w.t, w.tm, w.p, what, cond)
}

// waitCase waits for the stored case to meet cond and for the view to have
// read it back, so the next keys act on what the store holds.
func (w *caseWalk) waitCase(what string, id int64, cond func(tracker.CaseRow) bool) tracker.CaseRow {
	w.t.Helper()
	deadline := time.Now().Add(hangGuard)
	for {
		r, err := w.db.Case(w.ctx, id)
		if err == nil && cond(r) {
			w.waitUI(what+" (on screen)", func(s snapshot) bool {
				return s.caseID == id && s.caseIdle && (s.caseStep == r.Step || r.State == tracker.CaseClosed && s.caseState == tracker.CaseClosed)
			})
			return r
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("timed out waiting for the store: %s; case %+v (%v)", what, r, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// selectShipment moves the orders selection down to shipment id.
func (w *caseWalk) selectShipment(id int64) {
	w.t.Helper()
	rows, err := w.db.ListShipments(w.ctx, tracker.ListQuery{Limit: 200})
	if err != nil {
		w.t.Fatal(err)
	}
	i := slices.IndexFunc(rows, func(r tracker.ShipmentRow) bool { return r.ShipmentID == id })
	if i < 0 {
		w.t.Fatalf("shipment %d is not in the list", id)
	}
	for range i {
		w.keys("j")
	}
	w.waitUI("the shipment selected", func(s snapshot) bool { return s.selected == id && s.ready })
}

// openCase presses c on the selected order and picks kind in the prompt.
func (w *caseWalk) openCase(shipmentID int64, kind tracker.ExceptionKind) tracker.CaseRow {
	w.t.Helper()
	w.pickKind(kind)
	w.waitUI("the case view", func(s snapshot) bool { return s.caseID != 0 && s.caseIdle && !s.prompt })
	id := w.p.state().caseID
	r := w.waitCase("the case opened", id, func(r tracker.CaseRow) bool { return r.Step == tracker.StepReassure })
	if r.ShipmentID != shipmentID || r.Kind != kind || r.OpenedBy != "agent-7" {
		w.t.Fatalf("opened %+v", r.Case)
	}
	return r
}

// pickKind presses c on the selected order and picks kind in the prompt.
func (w *caseWalk) pickKind(kind tracker.ExceptionKind) {
	w.t.Helper()
	w.keys("c")
	w.waitUI("the kind prompt", func(s snapshot) bool { return len(s.kinds) > 0 })
	s := w.p.state()
	want := slices.Index(s.kinds, kind)
	for i := s.kindSel; i < want; i++ {
		w.keys("j")
	}
	for i := s.kindSel; i > want; i-- {
		w.keys("k")
	}
	w.waitUI("the kind picked", func(s snapshot) bool { return s.kindSel == want })
	w.keys("enter")
}

// checkLog wants the case log to hold exactly these actions, each by the
// session's actor at the test's clock.
func (w *caseWalk) checkLog(id int64, want ...tracker.CaseActionType) []tracker.CaseEntry {
	w.t.Helper()
	log, err := w.db.CaseLog(w.ctx, id)
	if err != nil {
		w.t.Fatal(err)
	}
	var got []tracker.CaseActionType
	for _, e := range log {
		got = append(got, e.Action)
		if e.Actor != "agent-7" || !e.At.Equal(fixedNow) {
			w.t.Errorf("log entry %+v: want actor agent-7 at %v", e, fixedNow)
		}
	}
	if !slices.Equal(got, want) {
		w.t.Errorf("case log %v, want %v", got, want)
	}
	return log
}

func (w *caseWalk) quit() string {
	w.t.Helper()
	w.keys("esc")
	w.waitUI("back to the panes", func(s snapshot) bool { return s.caseID == 0 && s.ready })
	w.keys("q")
	fm := w.tm.FinalModel(w.t, teatest.WithFinalTimeout(hangGuard))
	return plainView(fm)
}

// TestTeatestLostParcelCase walks a lost parcel through the four steps on
// a real store: reassure (copied), verify (refreshed, investigation
// requested, the carrier's answer), solve (a reissue with a valid number),
// follow up (a date, an update to the buyer) and close.
func TestTeatestLostParcelCase(t *testing.T) {
	w := newCaseWalk(t, nil)
	first, err := w.db.ListShipments(w.ctx, tracker.ListQuery{Limit: 1})
	if err != nil || len(first) != 1 {
		t.Fatalf("first shipment: %v %v", first, err)
	}
	ship := first[0].ShipmentID
	c := w.openCase(ship, tracker.ExLost)

	// 1 reassure: copy the message, record it sent.
	w.keys("y", "enter")
	w.waitCase("reassured", c.ID, func(r tracker.CaseRow) bool { return r.Reassured && r.Step == tracker.StepVerify })

	// Leave it: the orders list shows its step; c resumes it there.
	w.keys("esc")
	w.waitUI("the step in the orders list", func(s snapshot) bool { return s.caseID == 0 && s.selStep == tracker.StepVerify })
	w.keys("c")
	w.waitUI("the case resumed", func(s snapshot) bool { return s.caseID == c.ID && s.caseIdle && s.caseStep == tracker.StepVerify })

	// 2 verify: check now, ask for an investigation, record the answer.
	w.keys("r")
	w.waitUI("the refresh", func(s snapshot) bool { return s.caseIdle })
	w.keys("tab")
	w.typeText("carrier confirms the parcel is lost")
	w.keys("tab")
	w.typeText("INV-77")
	w.keys("esc", "i")
	w.waitCase("investigation requested", c.ID, func(r tracker.CaseRow) bool { return r.InvestigationRequested })
	w.keys("enter")
	r := w.waitCase("verified", c.ID, func(r tracker.CaseRow) bool { return r.Step == tracker.StepSolve })
	if r.CarrierAnswer != "carrier confirms the parcel is lost" || r.Reference != "INV-77" {
		t.Errorf("verified: answer %q, reference %q", r.CarrierAnswer, r.Reference)
	}

	// 3 solve: a reissue with a valid tracking number.
	w.keys("tab")
	w.typeText("RB123456785GB")
	w.keys("enter")
	r = w.waitCase("solved", c.ID, func(r tracker.CaseRow) bool { return r.Step == tracker.StepFollowUp })
	if s := r.Solution; s == nil || s.Type != tracker.SolveReissue || s.ReissueTrackingNo != "RB123456785GB" {
		t.Fatalf("solution %+v", r.Solution)
	}
	// The reissue is a parcel of the order now, as from `waybill case do`.
	if o, err := w.db.FindOrder(w.ctx, "RB123456785GB", false); err != nil || o.ID != c.OrderID {
		t.Fatalf("the reissued parcel is not on the case's order: %+v, %v", o.Order, err)
	}

	// 4 follow up: the default date, an update to the buyer, then close.
	w.keys("f")
	r = w.waitCase("follow-up set", c.ID, func(r tracker.CaseRow) bool { return !r.FollowUpAt.IsZero() })
	if want := fixedNow.AddDate(0, 0, followUpDays).Format("2006-01-02"); r.FollowUpAt.UTC().Format("2006-01-02") != want {
		t.Errorf("follow-up %v, want %s", r.FollowUpAt, want)
	}
	w.keys("s")
	w.waitCase("update recorded", c.ID, func(tracker.CaseRow) bool {
		log, _ := w.db.CaseLog(w.ctx, c.ID)
		return len(log) > 0 && log[len(log)-1].Action == tracker.ActUpdateBuyer
	})
	w.keys("x")
	w.waitUI("the close prompt", func(s snapshot) bool { return s.prompt })
	w.typeText("replacement delivered")
	w.keys("enter") // root cause: carrier, the first
	r = w.waitCase("closed", c.ID, func(r tracker.CaseRow) bool { return r.State == tracker.CaseClosed })
	if r.Resolution != "replacement delivered" || r.RootCause != tracker.CauseCarrier || r.Step != tracker.StepClosed {
		t.Errorf("closed: %+v", r.Case)
	}
	log := w.checkLog(c.ID, "open", tracker.ActReassure, tracker.ActInvestigate, tracker.ActVerify, tracker.ActSolve,
		tracker.ActFollowUp, tracker.ActUpdateBuyer, tracker.ActClose)
	if len(log) > 1 && !strings.HasPrefix(log[1].Detail, "(clipboard) ") {
		t.Errorf("the reassurance was not logged as copied: %q", log[1].Detail)
	}
	if len(log) > 2 && !strings.Contains(log[2].Detail, "INV-77") {
		t.Errorf("the investigation was logged without its reference: %q", log[2].Detail)
	}
	if r.ExceptionID != 0 {
		q, err := w.db.OpenExceptions(w.ctx, tracker.ExceptionQuery{Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(q, func(x tracker.ExceptionRow) bool { return x.ID == r.ExceptionID }) {
			t.Errorf("closing the case left its exception %d open", r.ExceptionID)
		}
	}
	w.keys("esc")
	w.waitUI("the closed case gone from the orders list", func(s snapshot) bool { return s.caseID == 0 && s.selStep == "" })

	// c again about the same problem: the closed case is shown, not a
	// second one opened; o reopens it at the follow-up step.
	w.pickKind(tracker.ExLost)
	w.waitUI("the closed case shown", func(s snapshot) bool { return s.closed == c.ID })
	w.keys("o")
	r = w.waitCase("reopened", c.ID, func(r tracker.CaseRow) bool { return r.State == tracker.CaseOpen })
	if r.Step != tracker.StepFollowUp {
		t.Errorf("reopened at %s, want the follow-up step", r.Step)
	}
	if n, err := w.db.Cases(w.ctx, tracker.CaseQuery{OrderID: c.OrderID}); err != nil || len(n) != 1 {
		t.Errorf("cases of the order: %d, %v; want the one", len(n), err)
	}
	w.quit()
}

// TestTeatestCustomsHoldCase walks a parcel held at customs through to a
// customs solution: the message goes by email, the documents are ticked
// and the seller pays the duties; closed with customs documents as the
// root cause.
func TestTeatestCustomsHoldCase(t *testing.T) {
	ml := &mailer{}
	w := newCaseWalk(t, func(o *Options) { o.SendBuyerEmail = ml.send })
	held, err := w.db.ListShipments(w.ctx, tracker.ListQuery{Status: tracker.StatusCustoms, Limit: 1})
	if err != nil || len(held) != 1 {
		t.Fatalf("a parcel at customs: %v %v", held, err)
	}
	ship := held[0].ShipmentID
	w.selectShipment(ship)
	c := w.openCase(ship, tracker.ExCustoms)
	det, err := w.db.FindOrder(w.ctx, held[0].OrderNo, false)
	if err != nil {
		t.Fatal(err)
	}

	// 1 reassure, by email to the order's address.
	w.keys("m")
	w.waitCase("reassured", c.ID, func(r tracker.CaseRow) bool { return r.Step == tracker.StepVerify })
	if sent := ml.sent(); len(sent) != 1 || sent[0].to != det.Email || sent[0].subject == "" ||
		!strings.Contains(sent[0].body, held[0].OrderNo) {
		t.Errorf("emails %+v, want one to %q about %s", sent, det.Email, held[0].OrderNo)
	}

	// 2 verify: what customs said, recorded with enter from the field.
	w.keys("tab")
	w.typeText("held: commercial invoice missing")
	w.keys("enter")
	w.waitCase("verified", c.ID, func(r tracker.CaseRow) bool { return r.Step == tracker.StepSolve })

	// 3 solve: invoice and packing list supplied, the seller pays duties.
	w.keys("tab", "space", "tab", "space", "tab", "tab", "tab", "space", "enter")
	r := w.waitCase("solved", c.ID, func(r tracker.CaseRow) bool { return r.Step == tracker.StepFollowUp })
	s := r.Solution
	if s == nil || s.Type != tracker.SolveCustoms || !slices.Equal(s.Documents, []string{"commercial invoice", "packing list"}) ||
		s.Duties != tracker.DutiesSeller {
		t.Fatalf("solution %+v", s)
	}

	// 4 follow up, then close: customs documents were the root cause.
	w.keys("f")
	w.waitCase("follow-up set", c.ID, func(r tracker.CaseRow) bool { return !r.FollowUpAt.IsZero() })
	w.keys("x")
	w.waitUI("the close prompt", func(s snapshot) bool { return s.prompt })
	w.typeText("released after the invoice was sent")
	w.keys("tab", "4", "enter")
	r = w.waitCase("closed", c.ID, func(r tracker.CaseRow) bool { return r.State == tracker.CaseClosed })
	if r.RootCause != tracker.CauseCustoms || r.Resolution != "released after the invoice was sent" {
		t.Errorf("closed: %+v", r.Case)
	}
	log := w.checkLog(c.ID, "open", tracker.ActReassure, tracker.ActVerify, tracker.ActSolve, tracker.ActFollowUp, tracker.ActClose)
	if len(log) > 1 && !strings.HasPrefix(log[1].Detail, "(email) ") {
		t.Errorf("the reassurance was not logged as emailed: %q", log[1].Detail)
	}
	w.quit()
}
