package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// A service names the number a Cainiao parcel travels under at the
// destination: ApplyUpdates keeps it on the parcel, every read of the
// parcel carries it, `show` finds the order by it, and the orders filter
// finds it by that number and by its carrier.
func TestLastMileStoredReadAndSearched(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	sh := addShipment(t, db, "AE-1", "LP00123456789012", t0.Add(-6*day))
	addShipment(t, db, "AE-2", "LP00999999999999", t0.Add(-5*day))
	usps := tracker.LastMile{TrackingNo: "9400111206206406260787", Carrier: "usps"}

	sum := apply(t, db, t0, tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{event(t0.Add(-day), tracker.StatusInTransit, "handed over")},
		LastMile: tracker.LastMile{TrackingNo: " 9400 1112 0620 6406 2607 87", Carrier: "usps"}})
	if !slices.Contains(sum.Changed, sh.ID) {
		t.Fatalf("Changed = %v, want the parcel", sum.Changed)
	}
	got, err := db.Shipment(ctx, sh.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.LastMile != usps {
		t.Fatalf("stored last mile %+v, want %+v (normalized)", got.LastMile, usps)
	}

	for _, tc := range []struct {
		name  string
		query string
		want  []string
	}{
		{"the whole last-mile number", "9400111206206406260787", []string{"AE-1"}},
		{"its start", "940011", []string{"AE-1"}},
		{"its carrier", "usps", []string{"AE-1"}},
		{"the parcel's own number still", "LP00123456789012", []string{"AE-1"}},
		{"another's number is not it", "LP009999", []string{"AE-2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := db.ListShipments(ctx, tracker.ListQuery{Query: tc.query, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if got := orderNos(rows); !slices.Equal(got, tc.want) {
				t.Fatalf("ListShipments(%q) = %v, want %v", tc.query, got, tc.want)
			}
			if slices.Equal(tc.want, []string{"AE-1"}) && rows[0].LastMile != usps {
				t.Fatalf("row last mile %+v, want %+v", rows[0].LastMile, usps)
			}
		})
	}

	d, err := db.FindOrder(ctx, "9400 1112 0620 6406 2607 87", false)
	if err != nil || d.OrderNo != "AE-1" || d.Shipments[0].LastMile != usps {
		t.Fatalf("FindOrder by the last-mile number: %+v, %v", d, err)
	}
	if o, err := db.Order(ctx, d.ID); err != nil || o.Shipments[0].LastMile != usps {
		t.Fatalf("Order: %+v, %v", o, err)
	}

	// Renaming the order keeps the number searchable (the orders trigger
	// writes the full-text row again).
	execAll(t, db.write, `UPDATE orders SET order_no = 'AE-1b', order_key = 'AE1B' WHERE order_no = 'AE-1'`)
	if rows, err := db.ListShipments(ctx, tracker.ListQuery{Query: "94001112", Limit: 10}); err != nil || !slices.Equal(orderNos(rows), []string{"AE-1b"}) {
		t.Fatalf("after a rename: %v, %v", orderNos(rows), err)
	}
}

// What an update's last mile does to the stored one.
func TestLastMileUpdates(t *testing.T) {
	ctx := context.Background()
	usps := tracker.LastMile{TrackingNo: "9400111206206406260787", Carrier: "usps"}
	for _, tc := range []struct {
		name   string
		stored tracker.LastMile
		update tracker.LastMile
		want   tracker.LastMile
	}{
		{"none named keeps none", tracker.LastMile{}, tracker.LastMile{}, tracker.LastMile{}},
		{"none named keeps the stored one", usps, tracker.LastMile{}, usps},
		{"a new number replaces it", usps, tracker.LastMile{TrackingNo: "CX123456789DE", Carrier: "deutsche-post"},
			tracker.LastMile{TrackingNo: "CX123456789DE", Carrier: "deutsche-post"}},
		{"the same number without a carrier keeps the carrier", usps, tracker.LastMile{TrackingNo: usps.TrackingNo}, usps},
		{"the parcel's own number is no last mile", tracker.LastMile{}, tracker.LastMile{TrackingNo: "lp00123456789012", Carrier: "cainiao"}, tracker.LastMile{}},
		{"terminal controls leave the carrier", tracker.LastMile{}, tracker.LastMile{TrackingNo: "PQ4F6P0703358900108001X", Carrier: "Correos\x1b[2J\x1b]8;;http://x\x07 Express\n"},
			tracker.LastMile{TrackingNo: "PQ4F6P0703358900108001X", Carrier: "Correos Express"}},
		{"a page of text is no number", tracker.LastMile{}, tracker.LastMile{TrackingNo: strings.Repeat("9", 500)}, tracker.LastMile{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			sh := addShipment(t, db, "AE-1", "LP00123456789012", t0.Add(-6*day))
			if !tc.stored.IsZero() {
				apply(t, db, t0, tracker.Update{ShipmentID: sh.ID, LastMile: tc.stored})
			}
			apply(t, db, t0.Add(time.Hour), tracker.Update{ShipmentID: sh.ID, LastMile: tc.update})
			got, err := db.Shipment(ctx, sh.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.LastMile != tc.want {
				t.Fatalf("last mile %+v, want %+v", got.LastMile, tc.want)
			}
		})
	}
}

// A store of the version before 0016 opens with every parcel's last mile
// empty, and its parcels are still found by their own numbers.
func TestLastMileMigration(t *testing.T) {
	sqliteOnly(t, "SQLite migrations from an older schema")
	path, w := storeAt(t, 14)
	execAll(t, w,
		`INSERT INTO orders (id, order_no, order_key, buyer, status, created_at) VALUES (1, 'AE-1', 'AE1', 'Ana', 'shipped', 1)`,
		`INSERT INTO shipments (id, order_id, tracking_no, carrier, status, shipped_at) VALUES (1, 1, 'LP00123456789012', 'cainiao', 'in_transit', 1)`)
	w.Close()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sh, err := db.Shipment(context.Background(), 1)
	if err != nil || !sh.LastMile.IsZero() {
		t.Fatalf("shipment %+v, %v", sh, err)
	}
	if rows, err := db.ListShipments(context.Background(), tracker.ListQuery{Query: "LP0012", Limit: 10}); err != nil || len(rows) != 1 {
		t.Fatalf("search after the migration: %v, %v", rows, err)
	}
}
