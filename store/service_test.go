package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"waybill/tracker"
)

// These tests run tracker.Service over the real store: the rules the
// service decides and the writes the store makes of them, in one
// transaction, as every user interface gets them.

var ana = tracker.LocalActor("ana")

// lostCase opens a case on a lost parcel, as `c` on its exception does,
// and walks it to the solution step.
func lostCase(t *testing.T, svc *tracker.Service, f queueFixture) tracker.CaseRow {
	t.Helper()
	ctx := context.Background()
	de, err := f.db.FindOrder(ctx, "O-DE", false)
	if err != nil {
		t.Fatal(err)
	}
	op, err := svc.OpenCase(ctx, ana, tracker.CaseRequest{OrderID: de.ID, ShipmentID: de.Shipments[0].ID, Kind: tracker.ExLost})
	if err != nil || op.Outcome != tracker.CaseCreated {
		t.Fatalf("open: %+v, %v", op, err)
	}
	if op.Case.ExceptionID != f.lostDE || op.Case.Language != "de" {
		t.Fatalf("the case links exception %d in %q, want the open lost one %d in de", op.Case.ExceptionID, op.Case.Language, f.lostDE)
	}
	for _, a := range []tracker.CaseAction{actReassure, actVerify} {
		if _, err := svc.DoCase(ctx, ana, op.Case.ID, a); err != nil {
			t.Fatalf("%s: %v", a.Type, err)
		}
	}
	return op.Case
}

// A reissue decided on a case adds its parcel to the order in the same
// write, going where the lost one went; whoever records it.
func TestServiceReissueAddsTheParcel(t *testing.T) {
	ctx := context.Background()
	f := newQueue(t)
	clock := tracker.NewFixedClock(t0)
	svc := tracker.NewService(f.db, clock, nil, f.db)
	c := lostCase(t, svc, f)
	done, err := svc.DoCase(ctx, ana, c.ID, actReissue)
	if err != nil {
		t.Fatal(err)
	}
	if done.Effects.Reissue == nil || done.Effects.Reissue.TrackingNo != "RB123456785GB" {
		t.Fatalf("effects %+v", done.Effects)
	}
	o, err := f.db.FindOrder(ctx, "RB123456785GB", false)
	if err != nil || o.OrderNo != "O-DE" || len(o.Shipments) != 2 {
		t.Fatalf("the reissued parcel's order: %+v, %v", o, err)
	}
	re := o.Shipments[slices.IndexFunc(o.Shipments, func(s tracker.ShipmentDetail) bool { return s.TrackingNo == "RB123456785GB" })]
	if re.Carrier != "royal-mail" || re.Destination != "DE" || re.Status != tracker.StatusPending || !re.ShippedAt.Equal(t0) {
		t.Errorf("reissued parcel %+v", re.Shipment)
	}
	// Solving again with the same number adds nothing twice.
	if _, err := svc.DoCase(ctx, ana, c.ID, tracker.CaseAction{Type: tracker.ActGoTo, Step: tracker.StepSolve}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.DoCase(ctx, ana, c.ID, actReissue); err != nil {
		t.Fatal(err)
	}
	if o, _ := f.db.FindOrder(ctx, "O-DE", false); len(o.Shipments) != 2 {
		t.Errorf("after solving again: %d parcels, want 2", len(o.Shipments))
	}
}

// Closing a case resolves the exception it was opened for, logged with
// who closed it; the rules leave it resolved while the carrier says
// nothing new; reopening the case reopens the exception.
func TestServiceCloseResolvesAndReopenReopens(t *testing.T) {
	ctx := context.Background()
	f := newQueue(t)
	clock := tracker.NewFixedClock(t0)
	svc := tracker.NewService(f.db, clock, nil, f.db)
	c := lostCase(t, svc, f)
	if _, err := svc.DoCase(ctx, ana, c.ID, actReissue); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Hour)
	if _, err := svc.DoCase(ctx, ana, c.ID, tracker.CaseAction{Type: tracker.ActClose, Text: "reissued", RootCause: tracker.CauseCarrier}); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(queueIDs(t, f.db, tracker.ExceptionQuery{Now: clock.Now()}), f.lostDE) {
		t.Fatal("the closed case's exception is still in the queue")
	}
	if log := exceptionLog(t, f.db, f.lostDE); len(log) == 0 || log[len(log)-1].actor != "ana" || log[len(log)-1].action != "resolved" {
		t.Errorf("exception log %v: want the resolution by ana last", log)
	}
	// A check that finds the parcel lost still, with nothing new.
	de, _ := f.db.FindOrder(ctx, "O-DE", false)
	lost := event(t0.Add(-2*day), tracker.StatusException, "lost in transit")
	lost.Exception = tracker.ExLost
	apply(t, f.db, clock.Now(), tracker.Update{ShipmentID: de.Shipments[0].ID, Events: []tracker.Event{lost}})
	if q := queueIDs(t, f.db, tracker.ExceptionQuery{Now: clock.Now()}); slices.ContainsFunc(q, func(id int64) bool {
		r, _ := queueRow(t, f.db, clock.Now(), id)
		return r.ShipmentID == de.Shipments[0].ID && r.Kind == tracker.ExLost
	}) {
		t.Fatalf("a lost exception came back on the closed case's parcel with nothing new: %v", q)
	}

	clock.Advance(time.Hour)
	if _, err := svc.DoCase(ctx, ana, c.ID, tracker.CaseAction{Type: tracker.ActReopen, Text: "the buyer wrote again"}); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(queueIDs(t, f.db, tracker.ExceptionQuery{Now: clock.Now()}), f.lostDE) {
		t.Fatal("reopening the case left its exception closed")
	}
	if log := exceptionLog(t, f.db, f.lostDE); log[len(log)-1].actor != "ana" || log[len(log)-1].action != "reopened" {
		t.Errorf("exception log %v: want the reopening by ana last", log)
	}
}

// A redelivery writes the address and phone verified with the buyer to
// the order.
func TestServiceRedeliveryUpdatesTheOrder(t *testing.T) {
	ctx := context.Background()
	f := newQueue(t)
	svc := tracker.NewService(f.db, tracker.NewFixedClock(t0), nil, f.db)
	fr, _ := f.db.FindOrder(ctx, "O-FR", false)
	op, err := svc.OpenCase(ctx, ana, tracker.CaseRequest{OrderID: fr.ID, ShipmentID: fr.Shipments[0].ID, Kind: tracker.ExDeliveryFailed})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []tracker.CaseAction{actReassure, actVerify, {Type: tracker.ActSolve, Solution: &tracker.Solution{
		Type: tracker.SolveRedeliver, Address: "12 rue de la Paix, 75002 Paris", Phone: "+33 6 12 34 56 78"}}} {
		if _, err := svc.DoCase(ctx, ana, op.Case.ID, a); err != nil {
			t.Fatalf("%s: %v", a.Type, err)
		}
	}
	got, _ := f.db.FindOrder(ctx, "O-FR", false)
	if got.Address != "12 rue de la Paix, 75002 Paris" || got.Phone != "+33 6 12 34 56 78" {
		t.Errorf("order after the redelivery: address %q, phone %q", got.Address, got.Phone)
	}
}

// One case per parcel and kind: an open one is resumed; a closed one is
// shown and nothing is opened, unless a new one is asked for on purpose.
func TestServiceOneCasePerParcelAndKind(t *testing.T) {
	ctx := context.Background()
	f := newQueue(t)
	svc := tracker.NewService(f.db, tracker.NewFixedClock(t0), nil, f.db)
	c := lostCase(t, svc, f)
	de, _ := f.db.FindOrder(ctx, "O-DE", false)
	req := tracker.CaseRequest{OrderID: de.ID, ShipmentID: de.Shipments[0].ID, Kind: tracker.ExLost}
	if op, err := svc.OpenCase(ctx, ana, req); err != nil || op.Outcome != tracker.CaseResumed || op.Case.ID != c.ID {
		t.Fatalf("open again: %+v, %v; want case %d resumed", op, err, c.ID)
	}
	for _, a := range []tracker.CaseAction{actReissue, {Type: tracker.ActClose, Text: "reissued", RootCause: tracker.CauseCarrier}} {
		if _, err := svc.DoCase(ctx, ana, c.ID, a); err != nil {
			t.Fatal(err)
		}
	}
	op, err := svc.OpenCase(ctx, ana, req)
	if err != nil || op.Outcome != tracker.CaseWasClosed || op.Case.ID != c.ID || op.Case.State != tracker.CaseClosed {
		t.Fatalf("open after close: %+v, %v; want the closed case %d shown", op, err, c.ID)
	}
	if n := count(t, f.db, `SELECT count(*) FROM cases`); n != 1 {
		t.Fatalf("%d cases, want 1: nothing is opened without asking", n)
	}
	req.Fresh = true
	op, err = svc.OpenCase(ctx, ana, req)
	if err != nil || op.Outcome != tracker.CaseCreated || op.Case.ID == c.ID {
		t.Fatalf("open a new one on purpose: %+v, %v", op, err)
	}
	// A stale case on the same parcel is another case.
	req = tracker.CaseRequest{OrderID: de.ID, ShipmentID: de.Shipments[0].ID, Kind: tracker.ExStale}
	if op, err := svc.OpenCase(ctx, ana, req); err != nil || op.Outcome != tracker.CaseCreated || op.Case.ExceptionID != f.staleDE {
		t.Fatalf("a stale case: %+v, %v", op, err)
	}
}

// A viewer changes nothing through the service, whatever screen asks.
func TestServiceRefusesAViewer(t *testing.T) {
	ctx := context.Background()
	f := newQueue(t)
	svc := tracker.NewService(f.db, tracker.NewFixedClock(t0), nil, f.db)
	sam := tracker.Actor{Name: "sam", Role: tracker.RoleViewer}
	if _, err := svc.Resolve(ctx, sam, []int64{f.lostDE}, ""); !errors.Is(err, tracker.ErrReadOnly) {
		t.Errorf("resolve by a viewer: %v", err)
	}
	if _, err := svc.WriteOrders(ctx, sam, []tracker.OrderDetail{{Order: tracker.Order{OrderNo: "X-1"}}}, time.Time{}); !errors.Is(err, tracker.ErrReadOnly) {
		t.Errorf("an order by a viewer: %v", err)
	}
	if !slices.Contains(queueIDs(t, f.db, tracker.ExceptionQuery{Now: t0}), f.lostDE) {
		t.Error("a viewer's resolve reached the store")
	}
}

// A parcel pasted or added by its number alone goes where its order goes,
// so the orders filter finds it by country as it finds the others.
func TestServiceParcelsTakeTheOrdersDestination(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	svc := tracker.NewService(db, tracker.NewFixedClock(t0), nil, db)
	write := func(o tracker.OrderDetail) {
		t.Helper()
		if _, err := svc.WriteOrders(ctx, ana, []tracker.OrderDetail{o}, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	parcel := func(no string) tracker.ShipmentDetail {
		return tracker.ShipmentDetail{Shipment: tracker.Shipment{TrackingNo: no}}
	}
	write(tracker.OrderDetail{Order: tracker.Order{OrderNo: "AE-1", Country: "DE"}, Shipments: []tracker.ShipmentDetail{parcel("RB123456785GB")}})
	write(tracker.OrderDetail{Order: tracker.Order{OrderNo: "AE-1"}, Shipments: []tracker.ShipmentDetail{parcel("RR123456785CN")}}) // a paste
	write(tracker.OrderDetail{Order: tracker.Order{OrderNo: "AE-2"}, Shipments: []tracker.ShipmentDetail{parcel("LX123456785CN")}})
	write(tracker.OrderDetail{Order: tracker.Order{OrderNo: "AE-2", Country: "fr"}}) // the country comes later
	for no, want := range map[string]string{"RB123456785GB": "DE", "RR123456785CN": "DE", "LX123456785CN": "FR"} {
		o, err := db.FindOrder(ctx, no, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range o.Shipments {
			if s.TrackingNo == no && s.Destination != want {
				t.Errorf("%s goes to %q, want %q", no, s.Destination, want)
			}
		}
	}
	if n, err := db.CountMatching(ctx, "", "AE 1 DE"); err != nil || n != 2 {
		t.Errorf("the filter \"AE 1 DE\" finds %d parcels, %v; want both of order AE-1", n, err)
	}
}

// A case opened before the rules found its problem closes the exception
// of its kind they opened since, and links it.
func TestServiceCloseResolvesTheExceptionFoundSince(t *testing.T) {
	ctx := context.Background()
	f := newQueue(t)
	svc := tracker.NewService(f.db, tracker.NewFixedClock(t0), nil, f.db)
	us, _ := f.db.FindOrder(ctx, "O-US", false)
	op, err := svc.OpenCase(ctx, ana, tracker.CaseRequest{OrderID: us.ID, ShipmentID: us.Shipments[0].ID, Kind: tracker.ExLost})
	if err != nil || op.Case.ExceptionID != 0 {
		t.Fatalf("open: %+v, %v; want no exception to link yet", op, err)
	}
	lost := event(t0.Add(-day), tracker.StatusException, "lost in transit")
	lost.Exception = tracker.ExLost
	apply(t, f.db, t0, tracker.Update{ShipmentID: us.Shipments[0].ID, Events: []tracker.Event{lost}})
	for _, a := range []tracker.CaseAction{actReassure, actVerify, actReissue,
		{Type: tracker.ActClose, Text: "reissued", RootCause: tracker.CauseCarrier}} {
		if _, err := svc.DoCase(ctx, ana, op.Case.ID, a); err != nil {
			t.Fatalf("%s: %v", a.Type, err)
		}
	}
	row, _ := f.db.Case(ctx, op.Case.ID)
	q, err := f.db.OpenExceptions(ctx, tracker.ExceptionQuery{Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range q {
		if x.ShipmentID == us.Shipments[0].ID && x.Kind == tracker.ExLost {
			t.Fatalf("the lost exception the rules opened stays open after the case closed (case links %d)", row.ExceptionID)
		}
	}
	if row.ExceptionID == 0 {
		t.Error("the closed case links no exception")
	}
}
