package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"waybill/tracker"
)

func TestApplySameUpdateTwiceStoresEventsOnce(t *testing.T) {
	db := openTest(t)
	sh := addShipment(t, db, "ORD-1", "LX000000001CN", t0.Add(-3*day))
	u := tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{
		event(t0.Add(-3*day), tracker.StatusInfoReceived, "label created"),
		event(t0.Add(-2*day), tracker.StatusInTransit, "departed"),
		event(t0.Add(-2*day), tracker.StatusInTransit, "departed"), // the carrier repeats itself
		event(t0.Add(-day), tracker.StatusInTransit, "arrived at hub"),
	}}

	first := apply(t, db, t0, u)
	if first.Checked != 1 || first.NewEvents != 3 || first.Updated != 1 || !slices.Equal(first.Changed, []int64{sh.ID}) {
		t.Errorf("first apply = %+v, want 1 checked, 3 new events, 1 updated, changed [%d]", first, sh.ID)
	}
	second := apply(t, db, t0.Add(time.Hour), u)
	if second.Checked != 1 || second.NewEvents != 0 || second.Updated != 0 || len(second.Changed) != 0 {
		t.Errorf("second apply = %+v, want 1 checked and nothing new", second)
	}
	if n := count(t, db, `SELECT count(*) FROM events WHERE shipment_id = ?`, sh.ID); n != 3 {
		t.Errorf("%d events stored, want 3", n)
	}
	got, err := db.Shipment(context.Background(), sh.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.CheckedAt.Equal(t0.Add(time.Hour)) || got.NextCheckAt.IsZero() || !got.NextCheckAt.After(got.CheckedAt) {
		t.Errorf("checked %v next %v: want checked at the second apply and a later next check", got.CheckedAt, got.NextCheckAt)
	}
}

func TestApplyRecomputesFromNewestStoredEvent(t *testing.T) {
	shipped := t0.Add(-6 * day)
	at := func(d int) time.Time { return shipped.Add(time.Duration(d) * day) }
	transit := event(at(1), tracker.StatusInTransit, "departed")
	customs := event(at(2), tracker.StatusCustoms, "customs clearance")
	out := event(at(3), tracker.StatusOutForDelivery, "with courier")
	delivered := event(at(4), tracker.StatusDelivered, "delivered")
	for _, tc := range []struct {
		name          string
		batches       [][]tracker.Event
		status        tracker.Status
		last, deliver time.Time
	}{
		{"nothing yet", [][]tracker.Event{nil}, tracker.StatusPending, time.Time{}, time.Time{}},
		{"in order", [][]tracker.Event{{transit}, {customs}, {out}, {delivered}}, tracker.StatusDelivered, at(4), at(4)},
		{"newest first in one batch", [][]tracker.Event{{delivered, out, customs, transit}}, tracker.StatusDelivered, at(4), at(4)},
		{"older scans arrive after delivery", [][]tracker.Event{{delivered}, {transit, out}}, tracker.StatusDelivered, at(4), at(4)},
		{"older scan arrives late", [][]tracker.Event{{transit, out}, {customs}}, tracker.StatusOutForDelivery, at(3), time.Time{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			sh := addShipment(t, db, "ORD-1", "LX000000001CN", shipped)
			for _, evs := range tc.batches {
				apply(t, db, t0, tracker.Update{ShipmentID: sh.ID, Events: evs})
			}
			got, err := db.Shipment(context.Background(), sh.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tc.status || !got.LastEventAt.Equal(tc.last) || !got.DeliveredAt.Equal(tc.deliver) {
				t.Errorf("status %s, last event %v, delivered %v; want %s, %v, %v",
					got.Status, got.LastEventAt, got.DeliveredAt, tc.status, tc.last, tc.deliver)
			}
			if got.Status.Final() != got.NextCheckAt.IsZero() {
				t.Errorf("status %s with next check %v: only final parcels go unchecked", got.Status, got.NextCheckAt)
			}
			if got.LastEventAt.Location() != time.UTC {
				t.Errorf("times come back in %v, want UTC", got.LastEventAt.Location())
			}
		})
	}
}

func TestApplyKeepsETAAndError(t *testing.T) {
	db := openTest(t)
	sh := addShipment(t, db, "ORD-1", "LX000000001CN", t0.Add(-day))
	eta := t0.Add(5 * day)
	sum := apply(t, db, t0, tracker.Update{ShipmentID: sh.ID, ETA: eta, Err: "carrier said 500"})
	if sum.Failures != 1 {
		t.Errorf("Failures = %d, want 1", sum.Failures)
	}
	apply(t, db, t0, tracker.Update{ShipmentID: sh.ID}) // no ETA this time: keep the last one
	got, _ := db.Shipment(context.Background(), sh.ID)
	if !got.ETA.Equal(eta) {
		t.Errorf("ETA = %v, want %v kept", got.ETA, eta)
	}
	var lastErr string
	db.read.QueryRow(`SELECT last_error FROM shipments WHERE id = ?`, sh.ID).Scan(&lastErr)
	if lastErr != "" {
		t.Errorf("last_error = %q after a clean check, want it cleared", lastErr)
	}
}

func TestApplyUnknownShipmentIsSkipped(t *testing.T) {
	db := openTest(t)
	sum := apply(t, db, t0, tracker.Update{ShipmentID: 42, Events: []tracker.Event{event(t0, tracker.StatusInTransit, "x")}})
	if sum.Checked != 0 || sum.NewEvents != 0 {
		t.Errorf("summary %+v for a shipment that does not exist", sum)
	}
}

// exceptionRows lists a shipment's exceptions, open and closed, oldest first.
func exceptionRows(t *testing.T, db *DB, shipmentID int64) []tracker.Exception {
	t.Helper()
	rows, err := db.read.Query(`SELECT kind, state, source, opened_at, closed_at FROM exceptions WHERE shipment_id = ? ORDER BY id`, shipmentID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []tracker.Exception
	for rows.Next() {
		var x tracker.Exception
		var source string
		if err := rows.Scan(&x.Kind, &x.State, &source, ts(&x.OpenedAt), ts(&x.ClosedAt)); err != nil {
			t.Fatal(err)
		}
		x.Owner = source // the test only needs to see it
		out = append(out, x)
	}
	return out
}

func TestApplyOpensAndClosesExceptions(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	shipped := t0.Add(-10 * day)
	sh := addShipment(t, db, "ORD-1", "LX000000001CN", shipped)
	at := func(h int) time.Time { return shipped.Add(time.Duration(h) * time.Hour) }
	// A person opened this one by hand; the rules must leave it alone.
	if _, err := db.write.Exec(`INSERT INTO exceptions (shipment_id, kind, severity, source, opened_at) VALUES (?, 'overdue', 2, 'manual', ?)`,
		sh.ID, t0.Unix()); err != nil {
		t.Fatal(err)
	}

	held := event(at(24), tracker.StatusCustoms, "held by customs")
	held.Exception = tracker.ExCustoms
	sum := apply(t, db, at(25), tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{event(at(1), tracker.StatusInTransit, "departed"), held}})
	if sum.Opened != 1 || sum.Closed != 0 {
		t.Errorf("customs hold: opened %d closed %d, want 1, 0", sum.Opened, sum.Closed)
	}
	queue, err := db.OpenExceptions(ctx, tracker.ExceptionQuery{Now: at(25), Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(queue) != 2 || queue[0].Kind != tracker.ExCustoms || queue[0].OrderNo != "ORD-1" || queue[0].TrackingNo != "LX000000001CN" {
		t.Errorf("queue = %+v, want customs first (high), then the manual overdue", queue)
	}

	sum = apply(t, db, at(49), tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{event(at(48), tracker.StatusInTransit, "released")}})
	if sum.Opened != 0 || sum.Closed != 1 || !slices.Equal(sum.Changed, []int64{sh.ID}) {
		t.Errorf("release: %+v, want customs closed", sum)
	}

	damaged := event(at(60), tracker.StatusInTransit, "parcel damaged")
	damaged.Exception = tracker.ExDamaged
	apply(t, db, at(61), tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{damaged}})
	sum = apply(t, db, at(73), tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{event(at(72), tracker.StatusOutForDelivery, "with courier")}})
	if sum.Closed != 0 {
		t.Errorf("a normal scan after damage closed %d exceptions; damaged is sticky", sum.Closed)
	}

	// Held again: a new customs exception, the old one stays as history.
	held2 := event(at(80), tracker.StatusCustoms, "held again")
	held2.Exception = tracker.ExCustoms
	apply(t, db, at(81), tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{held2}})

	type row struct {
		kind   tracker.ExceptionKind
		state  tracker.ExceptionState
		source string
		closed bool
	}
	var got []row
	for _, x := range exceptionRows(t, db, sh.ID) {
		got = append(got, row{x.Kind, x.State, x.Owner, !x.ClosedAt.IsZero()})
	}
	want := []row{
		{tracker.ExOverdue, tracker.ExOpen, "manual", false},
		{tracker.ExCustoms, tracker.ExResolved, "rule", true},
		{tracker.ExDamaged, tracker.ExOpen, "rule", false},
		{tracker.ExCustoms, tracker.ExOpen, "rule", false},
	}
	if !slices.Equal(got, want) {
		t.Errorf("exceptions\n got %+v\nwant %+v", got, want)
	}
	d, err := db.FindOrder(ctx, "ORD-1", false)
	if err != nil {
		t.Fatal(err)
	}
	if ks := d.Shipments[0].Exceptions; !slices.Equal(ks, []tracker.ExceptionKind{tracker.ExDamaged, tracker.ExCustoms, tracker.ExOverdue}) &&
		!slices.Equal(ks, []tracker.ExceptionKind{tracker.ExCustoms, tracker.ExDamaged, tracker.ExOverdue}) {
		t.Errorf("open kinds = %v, want the two high ones before overdue", ks)
	}
}

func TestApplyTimeRulesWithoutNewEvents(t *testing.T) {
	db := openTest(t)
	sh := addShipment(t, db, "ORD-1", "LX000000001CN", t0.Add(-6*day))
	// No scan at all six days after shipping: no_tracking (5 days by default).
	sum := apply(t, db, t0, tracker.Update{ShipmentID: sh.ID, NotFound: true})
	if sum.Opened != 1 || len(sum.Changed) != 1 {
		t.Errorf("silent parcel: %+v, want no_tracking opened", sum)
	}
	// The first scan closes it.
	sum = apply(t, db, t0.Add(time.Hour), tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{event(t0, tracker.StatusInTransit, "departed")}})
	if sum.Closed != 1 {
		t.Errorf("first scan: %+v, want no_tracking closed", sum)
	}
	// Eight quiet days later it is stale, with no new event needed.
	sum = apply(t, db, t0.Add(8*day), tracker.Update{ShipmentID: sh.ID})
	if sum.Opened != 1 || sum.Updated != 0 {
		t.Errorf("quiet parcel: %+v, want stale opened and nothing updated", sum)
	}
	if xs := exceptionRows(t, db, sh.ID); len(xs) != 2 || xs[1].Kind != tracker.ExStale {
		t.Errorf("exceptions = %+v, want no_tracking then stale", xs)
	}
}
