package store

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// TestLifeStopAndRestart: a stop is noted once, walked in order, spent by
// its restart (and counted in the day's budget), rechecked once; a number
// the service still followed loses its stop.
func TestLifeStopAndRestart(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	a := addShipment(t, db, "O-1", "RR000000001CN", t0.Add(-40*day))
	b := addShipment(t, db, "O-2", "RR000000002CN", t0.Add(-40*day))
	c := addShipment(t, db, "O-3", "RR000000003CN", t0.Add(-40*day))
	if err := db.MarkStopped(ctx, "17track", []int64{b.ID, a.ID}, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkStopped(ctx, "aftership", []int64{a.ID, c.ID, 999}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	page, err := db.StoppedParcels(ctx, tracker.LifeCursor{}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(page) != 2 || page[0].Shipment.ID != a.ID || page[1].Shipment.ID != b.ID {
		t.Fatalf("first page %+v, want a then b (stopped first, by id)", page)
	}
	if l := page[0].Life; l.Service != "17track" || !l.StoppedAt.Equal(t0) || page[0].Order.OrderNo != "O-1" || page[0].OpenCase {
		t.Fatalf("a: %+v, order %+v; want the first stop kept", l, page[0].Order)
	}
	rest, _ := db.StoppedParcels(ctx, page[1].Cursor, 2)
	if len(rest) != 1 || rest[0].Shipment.ID != c.ID || rest[0].Life.Service != "aftership" {
		t.Fatalf("second page %+v, want c", rest)
	}

	recheck := t0.Add(15 * time.Minute)
	results := []tracker.LifeResult{{ShipmentID: a.ID, Spent: true}, {ShipmentID: b.ID, Spent: true, Err: "17track: spent"}, {ShipmentID: c.ID}}
	if err := db.RecordRestarts(ctx, "17track", results, t0, recheck); err != nil {
		t.Fatal(err)
	}
	if left, _ := db.StoppedParcels(ctx, tracker.LifeCursor{}, 10); len(left) != 0 {
		t.Fatalf("still to restart: %+v", left)
	}
	if n, err := db.RestartsSince(ctx, "17track", t0.Truncate(day)); err != nil || n != 2 {
		t.Fatalf("restarts today %d, %v; want 2", n, err)
	}
	if due, _ := db.DueRechecks(ctx, recheck.Add(-time.Second), 10); len(due) != 0 {
		t.Fatalf("rechecks due early: %+v", due)
	}
	due, err := db.DueRechecks(ctx, recheck, 10)
	if err != nil || len(due) != 1 || due[0].ID != a.ID {
		t.Fatalf("rechecks %+v, %v; want a alone (b was refused)", due, err)
	}
	if again, _ := db.DueRechecks(ctx, recheck.Add(day), 10); len(again) != 0 {
		t.Fatalf("a recheck taken twice: %+v", again)
	}
	// c's service still followed it: its stop is forgotten, and a new one
	// makes it a candidate again.
	if err := db.MarkStopped(ctx, "aftership", []int64{c.ID}, t0.Add(day)); err != nil {
		t.Fatal(err)
	}
	if left, _ := db.StoppedParcels(ctx, tracker.LifeCursor{}, 10); len(left) != 1 || left[0].Shipment.ID != c.ID || !left[0].Life.StoppedAt.Equal(t0.Add(day)) {
		t.Fatalf("after a new stop: %+v", left)
	}
}

// TestLifeFinalAndClosedCases: the walks for stops find parcels that ended
// (by when last checked) and parcels whose case closed, with whether a
// case on the order is still open, and not those already stopped.
func TestLifeFinalAndClosedCases(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	a := addShipment(t, db, "O-1", "RR000000001CN", t0.Add(-20*day))
	b := addShipment(t, db, "O-2", "RR000000002CN", t0.Add(-20*day))
	moving := addShipment(t, db, "O-3", "RR000000003CN", t0.Add(-20*day))
	apply(t, db, t0, tracker.Update{ShipmentID: a.ID, Events: []tracker.Event{event(t0.Add(-day), tracker.StatusDelivered, "delivered")}})
	apply(t, db, t0.Add(time.Hour), tracker.Update{ShipmentID: b.ID, Events: []tracker.Event{event(t0.Add(-day), tracker.StatusDelivered, "delivered")}})
	apply(t, db, t0, tracker.Update{ShipmentID: moving.ID, Events: []tracker.Event{event(t0.Add(-day), tracker.StatusInTransit, "departed")}})
	execAll(t, db.write,
		`INSERT INTO cases (id, order_id, shipment_id, kind, step, state, opened_at, opened_by, updated_at) VALUES
			(7, `+itoa(b.OrderID)+`, `+itoa(b.ID)+`, 'damaged', 'reassure', 'open', 1, 'ana', 1)`)

	final, err := db.FinalParcels(ctx, tracker.LifeCursor{At: t0.Add(-day)}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(final) != 2 || final[0].Shipment.ID != a.ID || final[1].Shipment.ID != b.ID || final[0].OpenCase || !final[1].OpenCase {
		t.Fatalf("final parcels %+v, want a then b, b with its case open", final)
	}
	if after, _ := db.FinalParcels(ctx, final[0].Cursor, 10); len(after) != 1 || after[0].Shipment.ID != b.ID {
		t.Fatalf("after a: %+v", after)
	}
	if closed, _ := db.ClosedCaseParcels(ctx, tracker.LifeCursor{}, 10); len(closed) != 0 {
		t.Fatalf("no case closed yet: %+v", closed)
	}
	execAll(t, db.write, `UPDATE cases SET state = 'closed', closed_at = `+itoa(t0.Add(2*time.Hour).Unix())+` WHERE id = 7`)
	closed, err := db.ClosedCaseParcels(ctx, tracker.LifeCursor{}, 10)
	if err != nil || len(closed) != 1 || closed[0].Shipment.ID != b.ID || closed[0].OpenCase || closed[0].Cursor.ID != 7 {
		t.Fatalf("closed-case parcels %+v, %v", closed, err)
	}
	if err := db.RecordStops(ctx, "17track", []tracker.LifeResult{{ShipmentID: a.ID, Spent: true}, {ShipmentID: b.ID, Spent: true}}, t0); err != nil {
		t.Fatal(err)
	}
	if left, _ := db.FinalParcels(ctx, tracker.LifeCursor{}, 10); len(left) != 0 {
		t.Fatalf("stopped parcels walked again: %+v", left)
	}
	if left, _ := db.ClosedCaseParcels(ctx, tracker.LifeCursor{}, 10); len(left) != 0 {
		t.Fatalf("stopped parcels walked again: %+v", left)
	}
}

func TestLifeCursorKept(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if _, ok, err := db.LifeCursor(ctx, tracker.WalkFinal); ok || err != nil {
		t.Fatalf("a cursor before the first walk: %v %v", ok, err)
	}
	want := tracker.LifeCursor{At: t0, ID: 42}
	if err := db.SetLifeCursor(ctx, tracker.WalkFinal, want); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := db.LifeCursor(ctx, tracker.WalkFinal); !ok || err != nil || got != want {
		t.Fatalf("cursor %+v %v %v, want %+v", got, ok, err, want)
	}
}

// TestLifeWalksUseTheirIndexes: each walk reads its index from the cursor
// on, never the whole table: a pass runs them every few seconds on a store
// of a million parcels.
func TestLifeWalksUseTheirIndexes(t *testing.T) {
	sqliteOnly(t, "SQLite query plans")
	db := openTest(t)
	cases := []struct {
		query, index string
	}{
		{stoppedParcelsSQL, "tracking_life_stopped"},
		{finalParcelsSQL, "shipments_final_checked"},
		{closedCaseParcelsSQL, "cases_closed"},
		{restartsSinceSQL, "tracking_life_restarts"},
	}
	for _, tc := range cases {
		plan := strings.Join(explain(t, db, tc.query, 0, 0, 10), "\n")
		if !strings.Contains(plan, tc.index) || strings.Contains(plan, "USE TEMP B-TREE FOR ORDER BY") {
			t.Errorf("%s:\n%s\nwant a walk of %s in its order", tc.index, plan, tc.index)
		}
	}
	if plan := strings.Join(explainOn(t, db.write, dueRechecksSQL, 0, 10), "\n"); !strings.Contains(plan, "tracking_life_recheck") {
		t.Errorf("rechecks:\n%s", plan)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
