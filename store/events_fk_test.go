package store

import (
	"context"
	"testing"
	"time"

	"waybill/tracker"
)

// A store an older waybill left at schema 7, with events, keeps every
// event on open; events lose their foreign key, and deleting a shipment
// (or its order) still deletes its events, through the trigger.
func TestMigration0008FromVersion7(t *testing.T) {
	sqliteOnly(t, "SQLite pragmas")
	ctx := context.Background()
	path, w := storeAt(t, 7)
	execAll(t, w,
		`INSERT INTO orders (id, order_no, order_key) VALUES (1, 'ORD-1', 'ORD1'), (2, 'ORD-2', 'ORD2')`,
		`INSERT INTO shipments (id, order_id, tracking_no, status) VALUES (7, 1, 'LX000000001CN', 'in_transit'), (8, 2, 'LX000000002CN', 'in_transit')`,
		`INSERT INTO events (shipment_id, time, status, key) VALUES (7, 100, 'in_transit', x'01'), (7, 200, 'in_transit', x'02'), (8, 100, 'in_transit', x'03')`,
	)
	// Before: the foreign key turns an orphan away.
	if _, err := w.Exec(`INSERT INTO events (shipment_id, status, key) VALUES (99, 'x', x'09')`); err == nil {
		t.Fatal("schema 7 took an event of no shipment")
	}
	w.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := count(t, db, `SELECT count(*) FROM events`); n != 3 {
		t.Fatalf("%d events after migrating, want 3", n)
	}
	if n := count(t, db, `SELECT count(*) FROM pragma_foreign_key_list('events')`); n != 0 {
		t.Errorf("events keeps %d foreign keys", n)
	}
	// The other tables keep theirs.
	if n := count(t, db, `SELECT count(*) FROM pragma_foreign_key_list('exceptions')`); n != 1 {
		t.Errorf("exceptions has %d foreign keys, want 1", n)
	}
	var ok string
	if err := db.write.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check = %q, %v", ok, err)
	}
	d, err := db.FindOrder(ctx, "ORD-1", true)
	if err != nil || len(d.Shipments) != 1 || len(d.Shipments[0].Events) != 2 {
		t.Fatalf("order after migrating: %+v, %v", d, err)
	}
	for _, q := range []string{`DELETE FROM shipments WHERE id = 7`, `DELETE FROM orders WHERE id = 2`} {
		if _, err := db.write.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM events`); n != 0 {
		t.Errorf("%d events left of deleted shipments", n)
	}
}

// Without a foreign key on events, the write paths are what keeps every
// event with its shipment: an update of a shipment deleted since it fell
// due stores nothing, and imports attach events to the shipment they add.
func TestEventsNeedTheirShipment(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	at := t0.Add(-48 * time.Hour)
	orders := demoOrders(3, 4)
	if err := db.AddOrders(ctx, t0, orders); err != nil {
		t.Fatal(err)
	}
	d, err := db.FindOrder(ctx, orders[0].OrderNo, false)
	if err != nil {
		t.Fatal(err)
	}
	gone := d.Shipments[0].ID
	if _, err := db.write.ExecContext(ctx, `DELETE FROM shipments WHERE id = ?`, gone); err != nil {
		t.Fatal(err)
	}
	for name, apply := range map[string]func([]tracker.Update) error{
		"ApplyUpdates": func(us []tracker.Update) error {
			_, err := db.ApplyUpdates(ctx, t0, tracker.DefaultPolicy(), us)
			return err
		},
		"ApplyBatches": func(us []tracker.Update) error {
			_, err := db.ApplyBatches(ctx, t0, tracker.DefaultPolicy(), [][]tracker.Update{us[:1], us[1:]})
			return err
		},
	} {
		if err := apply([]tracker.Update{
			{ShipmentID: gone, Events: []tracker.Event{scan(at, 50)}},
			{ShipmentID: gone + 1000, Events: []tracker.Event{scan(at, 51)}},
		}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM events WHERE shipment_id NOT IN (SELECT id FROM shipments)`); n != 0 {
		t.Errorf("%d events without their shipment", n)
	}
	if n := count(t, db, `SELECT count(*) FROM events`); n != 2*4 {
		t.Errorf("%d events, want the 8 of the two shipments left", n)
	}
}
