package store

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"waybill/tracker"
)

// Adding orders on one server beside ingest on another (issue 25): on
// PostgreSQL new orders, imports, a marketplace sync's page and a case's
// reissued parcel lock only the stored rows they merge into, so a slow
// ingest batch of another parcel holds none of them up.
func TestPGAddingOrdersBesideAnIngestDoesNotWait(t *testing.T) {
	a, b, s1, s2 := twoServersTwoParcels(t)
	ctx := context.Background()
	w, _ := casework(b, t0)
	c, err := w.Open(ctx, s2.OrderID, s2.ID, 0, tracker.ExLost, "en", "bo")
	if err != nil {
		t.Fatal(err)
	}
	do(t, w, c.ID, actReassure, actVerify)

	tx := halfDoneIngest(t, a, s1.ID)
	// Well under lock_timeout (5 s): a write that waited for the open
	// transaction would end here, failed.
	quick, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	for _, step := range []struct {
		what string
		do   func() error
	}{
		{"a new order", func() error {
			_, err := b.AddOrder(quick, t0, tracker.Order{OrderNo: "ORD-3"}, []tracker.Shipment{{TrackingNo: "LX000000003CN"}})
			return err
		}},
		{"a parcel added to a stored order", func() error {
			_, err := b.AddOrder(quick, t0, tracker.Order{OrderNo: "ORD-2"}, []tracker.Shipment{{TrackingNo: "LX000000022CN"}})
			return err
		}},
		{"an import", func() error {
			_, err := b.ImportOrders(quick, t0, []tracker.OrderDetail{newOrder("ORD-4", "LX000000004CN"), newOrder("ORD-2", "LX000000023CN")})
			return err
		}},
		{"a marketplace sync's page", func() error {
			_, err := b.SyncOrders(quick, t0, "aliexpress", []tracker.OrderDetail{newOrder("ORD-5", "LX000000005CN")},
				[]tracker.MarketSent{{OrderNo: "ORD-5", Status: "WAIT_BUYER_ACCEPT_GOODS", UpdatedAt: t0}}, tracker.MarketCursor{Since: t0})
			return err
		}},
		{"a case's reissued parcel", func() error { return reissue(quick, b, c.ID, "RB123456785GB", t0.Add(time.Minute)) }},
	} {
		if err := step.do(); err != nil {
			t.Fatalf("%s while another parcel's ingest is open on the other server: %v", step.what, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := countOf(t, a, `SELECT count(*) FROM shipments s JOIN orders o ON o.id = s.order_id WHERE o.order_no = 'ORD-2'`); n != 4 {
		t.Errorf("order ORD-2 has %d parcels, want 4 (its own, one added, one imported, one reissued)", n)
	}
}

// Two imports on two servers at once: new orders on each go in side by
// side (ids from PostgreSQL's sequence, not the largest id + 1, which
// both would read alike), and so does an ingest beside them; the same new
// order number on both is stored once: the first adds it, the second
// waits for it and merges into it, exactly as if it had come after.
func TestImportsOnTwoServersAtOnce(t *testing.T) {
	a, b := twoServers(t)
	ctx := context.Background()
	s1 := addShipment(t, a, "ORD-1", "LX000000001CN", t0.Add(-3*day))

	// Server a's import is half done: its orders written, not committed.
	inside, release := make(chan struct{}), make(chan struct{})
	var addedA tracker.Added
	doneA := make(chan error, 1)
	go func() {
		doneA <- a.addOrders(ctx, t0, []tracker.OrderDetail{newOrder("ORD-A1", "LX000000011CN"), newOrder("ORD-SAME", "LX000000012CN")},
			&addedA, func(*sql.Tx) error { close(inside); <-release; return nil })
	}()
	<-inside
	released := false
	defer func() {
		if !released {
			close(release)
		}
	}()

	if onPG() { // SQLite: one writer at a time
		quick, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		if _, err := b.ImportOrders(quick, t0, []tracker.OrderDetail{newOrder("ORD-B1", "LX000000021CN")}); err != nil {
			t.Fatalf("an import of other orders while one is open on the other server: %v", err)
		}
		if _, err := b.ApplyUpdates(quick, t0, tracker.DefaultPolicy(), []tracker.Update{{ShipmentID: s1.ID,
			Events: []tracker.Event{event(t0.Add(-time.Hour), tracker.StatusInTransit, "moving")}}}); err != nil {
			t.Fatalf("ingest while an import is open on the other server: %v", err)
		}
	}

	type result struct {
		added tracker.Added
		err   error
	}
	doneB := make(chan result, 1)
	go func() {
		added, err := b.ImportOrders(ctx, t0, []tracker.OrderDetail{newOrder("ORD-SAME", "LX000000022CN")})
		doneB <- result{added, err}
	}()
	time.Sleep(300 * time.Millisecond)
	select {
	case r := <-doneB:
		t.Fatalf("the same new order number was imported beside an open import of it: %+v, %v", r.added, r.err)
	default:
	}
	close(release)
	released = true
	if err := <-doneA; err != nil {
		t.Fatalf("the first import: %v", err)
	}
	r := <-doneB
	if r.err != nil {
		t.Fatalf("the second import of the same number: %v", r.err)
	}
	if want := (tracker.Added{Orders: 2, Shipments: 2}); addedA != want {
		t.Errorf("the first import added %+v, want %+v", addedA, want)
	}
	if want := (tracker.Added{Orders: 0, Shipments: 1}); r.added != want {
		t.Errorf("the second import added %+v, want %+v (merged into the first's order)", r.added, want)
	}
	if n := countOf(t, a, `SELECT count(*) FROM orders WHERE order_no = 'ORD-SAME'`); n != 1 {
		t.Errorf("%d orders ORD-SAME stored, want 1", n)
	}
	if n := countOf(t, a, `SELECT count(*) FROM shipments s JOIN orders o ON o.id = s.order_id WHERE o.order_no = 'ORD-SAME'`); n != 2 {
		t.Errorf("order ORD-SAME has %d parcels, want both servers' 2", n)
	}
}

func newOrder(no, tracking string) tracker.OrderDetail {
	return tracker.OrderDetail{Order: tracker.Order{OrderNo: no, Buyer: "Ana", Country: "DE"},
		Shipments: []tracker.ShipmentDetail{{Shipment: tracker.Shipment{TrackingNo: tracking, Carrier: "china-post"}}}}
}

// reissue records a reissue on case id as the service does: the case's
// step and the new parcel in one save.
func reissue(ctx context.Context, db *DB, id int64, tracking string, now time.Time) error {
	row, err := db.Case(ctx, id)
	if err != nil {
		return err
	}
	act := tracker.CaseAction{Type: tracker.ActSolve, Solution: &tracker.Solution{Type: tracker.SolveReissue,
		ReissueTrackingNo: tracking, ReissueCarrier: "royal-mail"}}
	next, entry, err := row.Case.Apply(act, "bo", now)
	if err != nil {
		return fmt.Errorf("apply: %w", err)
	}
	entry.CaseID = id
	return db.SaveCase(ctx, next, row.UpdatedAt, entry, tracker.CaseEffects{Reissue: &tracker.Shipment{OrderID: row.Case.OrderID,
		TrackingNo: tracking, Carrier: "royal-mail", Status: tracker.StatusPending, ShippedAt: now, NextCheckAt: now}})
}
