package store

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"waybill/tracker"
)

// firstEvents reads every shipment's first_event_at and, beside it, the
// oldest timed event as the events table says: the two must agree after
// any write.
func firstEvents(t *testing.T, q querier) map[int64][2]sql.NullInt64 {
	t.Helper()
	rows, err := q.QueryContext(context.Background(), `SELECT s.id, s.first_event_at,
		(SELECT min(e.time) FROM events e WHERE e.shipment_id = s.id) FROM shipments s`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64][2]sql.NullInt64{}
	for rows.Next() {
		var id int64
		var kept, truth sql.NullInt64
		if err := rows.Scan(&id, &kept, &truth); err != nil {
			t.Fatal(err)
		}
		out[id] = [2]sql.NullInt64{kept, truth}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func checkFirstEvents(t *testing.T, q querier, step string) {
	t.Helper()
	for id, v := range firstEvents(t, q) {
		if v[0] != v[1] {
			t.Errorf("%s: shipment %d first_event_at %v, its oldest timed event %v", step, id, v[0], v[1])
		}
	}
}

// first_event_at follows every way events are written: a check's events
// lower it, an older event arriving late lowers it again, newer or untimed
// ones leave it, and an import's events set it.
func TestFirstEventAtKeptByWrites(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	shipped := t0.Add(-20 * day)
	a := addShipment(t, db, "O-1", "LX000000001CN", shipped)
	b := addShipment(t, db, "O-2", "LX000000002CN", shipped)
	checkFirstEvents(t, db.read, "no events")
	if n := count(t, db, `SELECT count(*) FROM shipments WHERE first_event_at IS NOT NULL`); n != 0 {
		t.Fatalf("%d shipments with a first event before any event", n)
	}
	firstOf := func(id int64) int64 {
		t.Helper()
		return int64(count(t, db, `SELECT first_event_at FROM shipments WHERE id = ?`, id))
	}

	steps := []struct {
		name string
		us   []tracker.Update
		want map[int64]time.Time
	}{
		{"first check", []tracker.Update{
			{ShipmentID: a.ID, Events: []tracker.Event{event(shipped.Add(3*day), tracker.StatusInTransit, "sorted"), event(shipped.Add(2*day), tracker.StatusInTransit, "accepted")}},
			{ShipmentID: b.ID, Events: []tracker.Event{event(shipped.Add(5*day), tracker.StatusInTransit, "accepted")}},
		}, map[int64]time.Time{a.ID: shipped.Add(2 * day), b.ID: shipped.Add(5 * day)}},
		{"newer and untimed events", []tracker.Update{
			{ShipmentID: a.ID, Events: []tracker.Event{event(shipped.Add(6*day), tracker.StatusInTransit, "departed"), event(time.Time{}, tracker.StatusInTransit, "no time")}},
		}, map[int64]time.Time{a.ID: shipped.Add(2 * day), b.ID: shipped.Add(5 * day)}},
		{"an older event arrives late", []tracker.Update{
			{ShipmentID: b.ID, Events: []tracker.Event{event(shipped.Add(day), tracker.StatusInTransit, "picked up")}},
		}, map[int64]time.Time{a.ID: shipped.Add(2 * day), b.ID: shipped.Add(day)}},
		{"two updates of one parcel in a batch", []tracker.Update{
			{ShipmentID: a.ID, Events: []tracker.Event{event(shipped.Add(day+time.Hour), tracker.StatusInTransit, "label")}},
			{ShipmentID: a.ID, Events: []tracker.Event{event(shipped.Add(time.Hour), tracker.StatusInTransit, "label printed")}},
		}, map[int64]time.Time{a.ID: shipped.Add(time.Hour), b.ID: shipped.Add(day)}},
		{"repeats only", []tracker.Update{
			{ShipmentID: b.ID, Events: []tracker.Event{event(shipped.Add(5*day), tracker.StatusInTransit, "accepted")}},
		}, map[int64]time.Time{a.ID: shipped.Add(time.Hour), b.ID: shipped.Add(day)}},
	}
	for _, s := range steps {
		apply(t, db, t0, s.us...)
		for id, want := range s.want {
			if got := firstOf(id); got != want.Unix() {
				t.Errorf("%s: shipment %d first_event_at %s, want %s", s.name, id, time.Unix(got, 0).UTC(), want)
			}
		}
		checkFirstEvents(t, db.read, s.name)
	}

	// An import's events: a new parcel gets its oldest, a known one is
	// lowered by an older one.
	imported := shipped.Add(-time.Hour)
	orders := []tracker.OrderDetail{
		{Order: tracker.Order{OrderNo: "O-3"}, Shipments: []tracker.ShipmentDetail{{
			Shipment: tracker.Shipment{TrackingNo: "LX000000003CN", Carrier: "china-post", ShippedAt: shipped},
			Events:   []tracker.Event{event(shipped.Add(4*day), tracker.StatusInTransit, "b"), event(shipped.Add(3*day), tracker.StatusInTransit, "a")},
		}}},
		{Order: tracker.Order{OrderNo: "O-1"}, Shipments: []tracker.ShipmentDetail{{
			Shipment: tracker.Shipment{TrackingNo: "LX000000001CN", Carrier: "china-post"},
			Events:   []tracker.Event{event(imported, tracker.StatusInfoReceived, "label created")},
		}}},
	}
	if err := db.AddOrders(ctx, t0, orders); err != nil {
		t.Fatal(err)
	}
	if got := firstOf(a.ID); got != imported.Unix() {
		t.Errorf("import: shipment %d first_event_at %s, want %s", a.ID, time.Unix(got, 0).UTC(), imported)
	}
	if n := count(t, db, `SELECT count(*) FROM shipments s JOIN orders o ON o.id = s.order_id WHERE o.order_no = 'O-3' AND s.first_event_at = ?`, shipped.Add(3*day).Unix()); n != 1 {
		t.Errorf("import of a new parcel: %d with its oldest event as first, want 1", n)
	}
	checkFirstEvents(t, db.read, "import")
}

// A store an older waybill left at schema 9 gets first_event_at from its
// events, and loses events_timeline, when this waybill opens it.
func TestMigration0010FromVersion9(t *testing.T) {
	sqliteOnly(t, "SQLite pragmas")
	ctx := context.Background()
	path, w := storeAt(t, 9)
	execAll(t, w,
		`INSERT INTO orders (id, order_no, order_key) VALUES (1, 'ORD-1', 'ORD1')`,
		`INSERT INTO shipments (id, order_id, tracking_no, status) VALUES (7, 1, 'LX000000001CN', 'in_transit'),
			(8, 1, 'LX000000002CN', 'in_transit'), (9, 1, 'LX000000003CN', 'pending'), (10, 1, 'LX000000004CN', 'in_transit')`,
		// 7: out of order; 8: an untimed event beside a timed one; 9:
		// none; 10: only untimed.
		`INSERT INTO events (shipment_id, time, status, key) VALUES (7, 300, 'in_transit', x'01'), (7, 100, 'in_transit', x'02'),
			(7, 200, 'in_transit', x'03'), (8, NULL, 'in_transit', x'04'), (8, 500, 'in_transit', x'05'), (10, NULL, 'in_transit', x'06')`,
	)
	w.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got := firstEvents(t, db.read)
	want := map[int64]sql.NullInt64{7: {Int64: 100, Valid: true}, 8: {Int64: 500, Valid: true}, 9: {}, 10: {}}
	for id, w := range want {
		if got[id][0] != w {
			t.Errorf("shipment %d first_event_at %v, want %v", id, got[id][0], w)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM sqlite_schema WHERE name = 'events_timeline'`); n != 0 {
		t.Error("events_timeline is still there")
	}
	if n := count(t, db, `SELECT count(*) FROM events`); n != 6 {
		t.Errorf("%d events after migrating, want 6", n)
	}
	var ok string
	if err := db.write.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check = %q, %v", ok, err)
	}
}
