package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// Actions that walk a lost parcel's case to its follow-up.
var (
	actReassure = tracker.CaseAction{Type: tracker.ActReassure, Text: "We are on it", Via: "clipboard"}
	actVerify   = tracker.CaseAction{Type: tracker.ActVerify, Text: "carrier: no scan since the 1st", Reference: "INV-1"}
	actReissue  = tracker.CaseAction{Type: tracker.ActSolve, Solution: &tracker.Solution{Type: tracker.SolveReissue,
		ReissueTrackingNo: "RB123456785GB", ReissueCarrier: "royal-mail"}}
)

// caseWriter drives the store's case contract as tracker.Service does, by
// the workflow's pure functions, with none of the service's rules around
// them (resuming an open case, effects): these tests are about the store.
type caseWriter struct {
	Store tracker.CaseStore
	Clock tracker.Clock
}

func (w caseWriter) Open(ctx context.Context, orderID, shipmentID, exceptionID int64, kind tracker.ExceptionKind, lang, actor string) (tracker.Case, error) {
	c, e, err := tracker.OpenCase(orderID, shipmentID, exceptionID, kind, lang, actor, w.Clock.Now())
	if err != nil {
		return tracker.Case{}, err
	}
	return w.Store.CreateCase(ctx, c, e)
}

func (w caseWriter) Do(ctx context.Context, id int64, a tracker.CaseAction, actor string) (tracker.Case, error) {
	row, err := w.Store.Case(ctx, id)
	if err != nil {
		return tracker.Case{}, err
	}
	next, entry, err := row.Case.Apply(a, actor, w.Clock.Now())
	if err != nil {
		return row.Case, err
	}
	entry.CaseID = id
	return next, w.Store.SaveCase(ctx, next, row.UpdatedAt, entry, tracker.CaseEffects{})
}

func casework(db tracker.CaseStore, now time.Time) (caseWriter, *tracker.FixedClock) {
	clock := tracker.NewFixedClock(now)
	return caseWriter{Store: db, Clock: clock}, clock
}

func do(t *testing.T, w caseWriter, id int64, acts ...tracker.CaseAction) tracker.Case {
	t.Helper()
	var c tracker.Case
	for _, a := range acts {
		var err error
		if c, err = w.Do(context.Background(), id, a, "ana"); err != nil {
			t.Fatalf("%s: %v", a.Type, err)
		}
	}
	return c
}

func caseLog(t *testing.T, db *DB, id int64) []tracker.CaseEntry {
	t.Helper()
	log, err := db.CaseLog(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return log
}

func actions(log []tracker.CaseEntry) []tracker.CaseActionType {
	var out []tracker.CaseActionType
	for _, e := range log {
		out = append(out, e.Action)
	}
	return out
}

func TestCaseCreateReadAndLog(t *testing.T) {
	ctx := context.Background()
	f := newQueue(t)
	de, err := f.db.FindOrder(ctx, "O-DE", false)
	if err != nil {
		t.Fatal(err)
	}
	sh := de.Shipments[0]
	now := t0.Add(123 * time.Millisecond) // not whole seconds: updated_at keeps them
	w, clock := casework(f.db, now)
	c, err := w.Open(ctx, de.ID, sh.ID, f.lostDE, tracker.ExLost, "de", "ana")
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == 0 || c.Step != tracker.StepReassure || c.State != tracker.CaseOpen || c.ExceptionID != f.lostDE ||
		c.Language != "de" || c.OpenedBy != "ana" || !c.OpenedAt.Equal(t0) || !c.UpdatedAt.Equal(now) {
		t.Fatalf("created %+v", c)
	}
	clock.Advance(time.Hour)
	do(t, w, c.ID, actReassure)
	clock.Advance(time.Minute)
	do(t, w, c.ID, actVerify)

	row, err := f.db.Case(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if row.OrderNo != "O-DE" || row.TrackingNo != "LX000000001CN" || row.Carrier != "china-post" || row.Destination != "DE" ||
		row.Step != tracker.StepSolve || !row.Reassured || !row.Verified || row.Reference != "INV-1" ||
		row.CarrierAnswer != actVerify.Text || !row.UpdatedAt.Equal(now.Add(time.Hour+time.Minute)) {
		t.Fatalf("read back %+v", row)
	}
	log := caseLog(t, f.db, c.ID)
	if want := []tracker.CaseActionType{"open", tracker.ActReassure, tracker.ActVerify}; !slices.Equal(actions(log), want) {
		t.Fatalf("log %v, want %v", actions(log), want)
	}
	if log[1].Actor != "ana" || log[1].Detail != "(clipboard) We are on it" || !log[1].At.Equal(t0.Add(time.Hour)) || log[1].CaseID != c.ID {
		t.Errorf("log entry %+v", log[1])
	}

	if _, err := f.db.Case(ctx, 999); !errors.Is(err, tracker.ErrNotFound) {
		t.Errorf("Case(999) = %v, want not found", err)
	}
	if _, err := f.db.CaseLog(ctx, 999); !errors.Is(err, tracker.ErrNotFound) {
		t.Errorf("CaseLog(999) = %v, want not found", err)
	}
}

func TestCreateCaseRefuses(t *testing.T) {
	ctx := context.Background()
	f := newQueue(t)
	de, _ := f.db.FindOrder(ctx, "O-DE", false)
	fr, _ := f.db.FindOrder(ctx, "O-FR", false)
	w, _ := casework(f.db, t0)
	first, err := w.Open(ctx, de.ID, de.Shipments[0].ID, 0, tracker.ExLost, "de", "ana")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name                         string
		order, shipment, exceptionID int64
		kind                         tracker.ExceptionKind
		want                         string
		is                           error
	}{
		{"a second open case of a kind", de.ID, de.Shipments[0].ID, 0, tracker.ExLost, "case 1 is already open", nil},
		{"an unknown shipment", de.ID, 999, 0, tracker.ExLost, "shipment 999", tracker.ErrNotFound},
		{"a shipment of another order", fr.ID, de.Shipments[0].ID, 0, tracker.ExStale, "belongs to order", nil},
		{"an exception of another shipment", de.ID, de.Shipments[0].ID, f.customsFR, tracker.ExCustoms, "is about shipment", nil},
		{"an unknown exception", de.ID, de.Shipments[0].ID, 999, tracker.ExCustoms, "exception 999", tracker.ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.Open(ctx, tc.order, tc.shipment, tc.exceptionID, tc.kind, "de", "ana")
			if err == nil || !strings.Contains(err.Error(), tc.want) || (tc.is != nil && !errors.Is(err, tc.is)) {
				t.Fatalf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
	var open *CaseOpenError
	if _, err := w.Open(ctx, de.ID, de.Shipments[0].ID, 0, tracker.ExLost, "de", "ana"); !errors.As(err, &open) || open.ID != first.ID {
		t.Fatalf("second open: %v, want a *CaseOpenError naming case %d", err, first.ID)
	}
	if n := count(t, f.db, `SELECT count(*) FROM cases`); n != 1 {
		t.Fatalf("%d cases stored, want the first only", n)
	}

	// Another kind on the same shipment is another case; once the first is
	// closed, a new one of its kind may open, and the first can then not
	// be reopened beside it.
	if _, err := w.Open(ctx, de.ID, de.Shipments[0].ID, f.staleDE, tracker.ExStale, "de", "ana"); err != nil {
		t.Fatalf("a stale case beside the lost one: %v", err)
	}
	do(t, w, first.ID, actReassure, actVerify, actReissue,
		tracker.CaseAction{Type: tracker.ActClose, Text: "delivered", RootCause: tracker.CauseCarrier})
	second, err := w.Open(ctx, de.ID, de.Shipments[0].ID, f.lostDE, tracker.ExLost, "de", "ana")
	if err != nil {
		t.Fatalf("a new lost case after the first closed: %v", err)
	}
	before := caseLog(t, f.db, first.ID)
	_, err = w.Do(ctx, first.ID, tracker.CaseAction{Type: tracker.ActReopen}, "ana")
	if !errors.As(err, &open) || open.ID != second.ID {
		t.Fatalf("reopen beside an open case: %v, want a *CaseOpenError naming case %d", err, second.ID)
	}
	if row, _ := f.db.Case(ctx, first.ID); row.State != tracker.CaseClosed || len(caseLog(t, f.db, first.ID)) != len(before) {
		t.Fatalf("a refused reopen changed the case: %+v", row)
	}
}

// interleaved is a CaseStore on which another agent's action lands between
// this agent's read and its save.
type interleaved struct {
	*DB
	other func()
}

func (s interleaved) SaveCase(ctx context.Context, c tracker.Case, prev time.Time, e tracker.CaseEntry, fx tracker.CaseEffects) error {
	if s.other != nil {
		s.other()
	}
	return s.DB.SaveCase(ctx, c, prev, e, fx)
}

func TestSaveCaseOptimisticLock(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		a, b time.Duration // when each agent acts, after the case opened at t0
	}{
		{"the same instant", 0, 0},
		{"the same second", 10 * time.Millisecond, 20 * time.Millisecond},
		{"a clock that stepped back", time.Minute, time.Second},
		{"later", time.Minute, time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newQueue(t)
			de, _ := f.db.FindOrder(ctx, "O-DE", false)
			opener, _ := casework(f.db, t0)
			c, err := opener.Open(ctx, de.ID, de.Shipments[0].ID, 0, tracker.ExLost, "de", "ana")
			if err != nil {
				t.Fatal(err)
			}
			a, _ := casework(f.db, t0.Add(tc.a))
			var aErr error
			var aCase tracker.Case
			b := caseWriter{Store: interleaved{f.db, func() {
				aCase, aErr = a.Do(ctx, c.ID, tracker.CaseAction{Type: tracker.ActReassure, Text: "from A"}, "ana")
			}}, Clock: tracker.NewFixedClock(t0.Add(tc.b))}
			_, err = b.Do(ctx, c.ID, tracker.CaseAction{Type: tracker.ActReassure, Text: "from B"}, "bo")
			if aErr != nil {
				t.Fatalf("A's save: %v", aErr)
			}
			if !errors.Is(err, tracker.ErrCaseChanged) {
				t.Fatalf("B's save over A's = %v, want ErrCaseChanged", err)
			}
			row, _ := f.db.Case(ctx, c.ID)
			log := caseLog(t, f.db, c.ID)
			if row.Step != tracker.StepVerify || len(log) != 2 || log[1].Detail != "from A" || log[1].Actor != "ana" {
				t.Fatalf("after the conflict: %+v, log %+v; want A's save alone", row, log)
			}
			if !row.UpdatedAt.After(c.UpdatedAt) {
				t.Errorf("updated_at %v did not move past %v", row.UpdatedAt, c.UpdatedAt)
			}
			if !aCase.UpdatedAt.Equal(t0.Add(tc.a)) {
				t.Errorf("A's case says updated %v", aCase.UpdatedAt)
			}
			// B reloads and tries again: now it goes through.
			if _, err := (caseWriter{Store: f.db, Clock: tracker.NewFixedClock(t0.Add(tc.b))}).Do(ctx, c.ID,
				tracker.CaseAction{Type: tracker.ActNote, Text: "B again"}, "bo"); err != nil {
				t.Fatalf("B after reloading: %v", err)
			}
		})
	}
	t.Run("an unknown case", func(t *testing.T) {
		db := openTest(t)
		err := db.SaveCase(ctx, tracker.Case{ID: 7, UpdatedAt: t0}, t0, tracker.CaseEntry{Actor: "ana", At: t0, Action: tracker.ActNote}, tracker.CaseEffects{})
		if !errors.Is(err, tracker.ErrNotFound) {
			t.Fatalf("save of case 7 in an empty store = %v", err)
		}
	})
}

func TestCaseSolutionRoundTrip(t *testing.T) {
	ctx := context.Background()
	f := newQueue(t)
	de, _ := f.db.FindOrder(ctx, "O-DE", false)
	w, _ := casework(f.db, t0)
	c, err := w.Open(ctx, de.ID, de.Shipments[0].ID, 0, tracker.ExLost, "de", "ana")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		s    *tracker.Solution
	}{
		{"none", nil},
		{"new ETA to the nanosecond", &tracker.Solution{Type: tracker.SolveNewETA, ETA: t0.Add(5*day + 7*time.Nanosecond)}},
		{"reissue", actReissue.Solution},
		{"partial refund", &tracker.Solution{Type: tracker.SolveRefund, Amount: 1250, Currency: "EUR", Partial: true}},
		{"customs, shared duties", &tracker.Solution{Type: tracker.SolveCustoms, Documents: []string{"commercial invoice", "HS code"},
			Duties: tracker.DutiesShared, Amount: 2000, SellerShare: 725, Currency: "USD"}},
		{"redelivery", &tracker.Solution{Type: tracker.SolveRedeliver, Address: "Rua 1, \"Lisboa\"\n1000", Phone: "+351 1"}},
		{"claim", &tracker.Solution{Type: tracker.SolveClaim, Amount: 3000, Currency: "GBP", Evidence: []string{"/tmp/a b.jpg", "ü.png"}, Reference: "CL-9"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			row, err := f.db.Case(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			next := row.Case
			next.Solution = tc.s
			if err := f.db.SaveCase(ctx, next, row.UpdatedAt, tracker.CaseEntry{At: t0, Actor: "ana", Action: tracker.ActNote, Detail: tc.name}, tracker.CaseEffects{}); err != nil {
				t.Fatal(err)
			}
			got, err := f.db.Case(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Solution, tc.s) {
				t.Fatalf("solution read back as %+v, want %+v", got.Solution, tc.s)
			}
		})
	}
}

func TestCasesList(t *testing.T) {
	ctx := context.Background()
	f := newQueue(t)
	w, _ := casework(f.db, t0)
	var ids []int64
	for _, o := range []string{"O-DE", "O-FR", "O-US"} {
		d, _ := f.db.FindOrder(ctx, o, false)
		c, err := w.Open(ctx, d.ID, d.Shipments[0].ID, 0, tracker.ExStale, "en", "ana")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	do(t, w, ids[1], actReassure, actVerify, tracker.CaseAction{Type: tracker.ActSolve, Solution: &tracker.Solution{Type: tracker.SolveNoneNeeded}},
		tracker.CaseAction{Type: tracker.ActClose, Text: "arrived", RootCause: tracker.CauseCarrier})
	for _, tc := range []struct {
		name string
		q    tracker.CaseQuery
		want []int64
	}{
		{"all, newest first", tracker.CaseQuery{}, []int64{ids[2], ids[1], ids[0]}},
		{"open", tracker.CaseQuery{State: tracker.CaseOpen}, []int64{ids[2], ids[0]}},
		{"closed", tracker.CaseQuery{State: tracker.CaseClosed}, []int64{ids[1]}},
		{"of an order", tracker.CaseQuery{OrderID: f.orderDE}, []int64{ids[0]}},
		{"limit", tracker.CaseQuery{Limit: 2}, []int64{ids[2], ids[1]}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := f.db.Cases(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, r := range rows {
				got = append(got, r.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("cases %v, want %v", got, tc.want)
			}
			if len(rows) > 0 && (rows[0].OrderNo == "" || rows[0].TrackingNo == "" || rows[0].Destination == "") {
				t.Errorf("row lacks its order's fields: %+v", rows[0])
			}
		})
	}
}

func TestListShipmentsCaseStep(t *testing.T) {
	ctx := context.Background()
	f := newQueue(t)
	de, _ := f.db.FindOrder(ctx, "O-DE", false)
	w, _ := casework(f.db, t0)
	lost, err := w.Open(ctx, de.ID, de.Shipments[0].ID, f.lostDE, tracker.ExLost, "de", "ana")
	if err != nil {
		t.Fatal(err)
	}
	step := func() map[string]tracker.CaseStep {
		rows, err := f.db.ListShipments(ctx, tracker.ListQuery{})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]tracker.CaseStep{}
		for _, r := range rows {
			out[r.OrderNo] = r.CaseStep
		}
		return out
	}
	if got := step(); got["O-DE"] != tracker.StepReassure || got["O-FR"] != "" || got["O-US"] != "" {
		t.Fatalf("case steps %v", got)
	}
	// Two open cases: the newest shows.
	do(t, w, lost.ID, actReassure)
	if _, err := w.Open(ctx, de.ID, de.Shipments[0].ID, 0, tracker.ExStale, "de", "ana"); err != nil {
		t.Fatal(err)
	}
	if got := step()["O-DE"]; got != tracker.StepReassure {
		t.Fatalf("step with two open cases %q, want the newest's", got)
	}
	do(t, w, lost.ID, actVerify, actReissue, tracker.CaseAction{Type: tracker.ActClose, Text: "ok", RootCause: tracker.CauseCarrier})
	if got := step()["O-DE"]; got != tracker.StepReassure {
		t.Fatalf("step %q after the lost case closed, want the stale case's", got)
	}
}

// A case whose follow-up is due lifts its exceptions to the top of the
// queue; otherwise the queue keeps its order and only names the case.
func TestQueueDueFollowUpsFirst(t *testing.T) {
	ctx := context.Background()
	f := newQueue(t)
	us, _ := f.db.FindOrder(ctx, "O-US", false)
	de, _ := f.db.FindOrder(ctx, "O-DE", false)
	w, clock := casework(f.db, t0)
	stale, err := w.Open(ctx, us.ID, us.Shipments[0].ID, f.staleUS, tracker.ExStale, "en", "ana")
	if err != nil {
		t.Fatal(err)
	}
	do(t, w, stale.ID, actReassure, actVerify, tracker.CaseAction{Type: tracker.ActSolve, Solution: &tracker.Solution{Type: tracker.SolveNewETA, ETA: t0.Add(9 * day)}},
		tracker.CaseAction{Type: tracker.ActFollowUp, FollowUpAt: t0.Add(2 * day)})
	lost, err := w.Open(ctx, de.ID, de.Shipments[0].ID, f.lostDE, tracker.ExLost, "de", "ana")
	if err != nil {
		t.Fatal(err)
	}
	usual := []int64{f.lostDE, f.customsFR, f.staleDE, f.staleUS, f.untrackedFR}
	for _, tc := range []struct {
		name string
		q    tracker.ExceptionQuery
		want []int64
	}{
		{"before the follow-up: the usual order", tracker.ExceptionQuery{Now: t0.Add(day)}, usual},
		{"without a time nothing is due", tracker.ExceptionQuery{}, usual},
		{"at the follow-up: its exception first", tracker.ExceptionQuery{Now: t0.Add(2 * day)},
			[]int64{f.staleUS, f.lostDE, f.customsFR, f.staleDE, f.untrackedFR}},
		{"a limit keeps the due one", tracker.ExceptionQuery{Now: t0.Add(3 * day), Limit: 2}, []int64{f.staleUS, f.lostDE}},
		{"a limit of one", tracker.ExceptionQuery{Now: t0.Add(3 * day), Limit: 1}, []int64{f.staleUS}},
		{"filters apply to the due ones", tracker.ExceptionQuery{Now: t0.Add(3 * day), Destination: "DE"}, []int64{f.lostDE, f.staleDE}},
		{"kind filters too", tracker.ExceptionQuery{Now: t0.Add(3 * day), Kinds: []tracker.ExceptionKind{tracker.ExStale}}, []int64{f.staleUS, f.staleDE}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := queueIDs(t, f.db, tc.q); !slices.Equal(got, tc.want) {
				t.Fatalf("queue %v, want %v", got, tc.want)
			}
		})
	}

	row, _ := queueRow(t, f.db, t0.Add(2*day), f.staleUS)
	if row.CaseID != stale.ID || row.CaseStep != tracker.StepFollowUp || !row.FollowUpDue {
		t.Errorf("due row %+v", row)
	}
	row, _ = queueRow(t, f.db, t0.Add(day), f.staleUS)
	if row.CaseID != stale.ID || row.FollowUpDue {
		t.Errorf("row before its follow-up %+v", row)
	}
	// The DE shipment's lost case names both its exceptions: the lost one
	// by kind, the stale one as the shipment's only open case.
	for _, id := range []int64{f.lostDE, f.staleDE} {
		if row, _ := queueRow(t, f.db, t0, id); row.CaseID != lost.ID || row.CaseStep != tracker.StepReassure || row.FollowUpDue {
			t.Errorf("row %d: %+v, want case %d", id, row, lost.ID)
		}
	}
	if row, _ := queueRow(t, f.db, t0, f.customsFR); row.CaseID != 0 || row.CaseStep != "" {
		t.Errorf("a row with no case: %+v", row)
	}

	// Closing the case ends its follow-up: the queue is back to usual.
	clock.Advance(3 * day)
	do(t, w, stale.ID, tracker.CaseAction{Type: tracker.ActClose, Text: "arrived", RootCause: tracker.CauseCarrier})
	if got := queueIDs(t, f.db, tracker.ExceptionQuery{Now: t0.Add(3 * day)}); !slices.Equal(got, usual) {
		t.Fatalf("queue after closing %v, want %v", got, usual)
	}
	if row, _ := queueRow(t, f.db, t0.Add(3*day), f.staleUS); row.CaseID != 0 {
		t.Errorf("a closed case still shows: %+v", row)
	}
}

// A store an older waybill left at schema 4 gains the case tables on open,
// and its orders can take cases at once.
func TestMigration0005FromVersion4(t *testing.T) {
	sqliteOnly(t, "SQLite migrations from an older schema")
	ctx := context.Background()
	path, w := storeAt(t, 4)
	execAll(t, w,
		`INSERT INTO orders (id, order_no, order_key, buyer) VALUES (1, 'ORD-1', 'ORD1', 'Ana')`,
		`INSERT INTO shipments (id, order_id, tracking_no, status) VALUES (7, 1, 'LX000000001CN', 'in_transit')`,
		`INSERT INTO exceptions (id, shipment_id, kind, severity, source, opened_at) VALUES (3, 7, 'stale', 2, 'rule', 1)`,
	)
	w.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := count(t, db, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('cases', 'case_log')`); n != 2 {
		t.Fatalf("%d of the tables cases and case_log", n)
	}
	if rows, err := db.ListShipments(ctx, tracker.ListQuery{}); err != nil || len(rows) != 1 || rows[0].CaseStep != "" {
		t.Fatalf("list after migrating: %+v, %v", rows, err)
	}
	w2, _ := casework(db, t0)
	c, err := w2.Open(ctx, 1, 7, 3, tracker.ExStale, "en", "ana")
	if err != nil {
		t.Fatal(err)
	}
	if q, err := db.OpenExceptions(ctx, tracker.ExceptionQuery{Now: t0}); err != nil || len(q) != 1 || q[0].CaseID != c.ID {
		t.Fatalf("queue after migrating: %+v, %v", q, err)
	}
}

func TestCaseOpenErrorIsTrackerErrCaseOpen(t *testing.T) {
	err := error(&CaseOpenError{ID: 7, Kind: tracker.ExLost})
	if !errors.Is(fmt.Errorf("open: %w", err), tracker.ErrCaseOpen) {
		t.Fatal("CaseOpenError does not match tracker.ErrCaseOpen")
	}
}
