package store

import (
	"context"
	"testing"
	"time"

	"waybill/tracker"
)

func TestImportOrdersMarksWhatIsNew(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	read := t0                       // when the file was read: undated rows carry it
	dated := t0.Add(-72 * time.Hour) // a row's own ship date
	rows := func(at time.Time) []tracker.OrderDetail {
		parcel := func(no string, shipped time.Time) tracker.ShipmentDetail {
			return tracker.ShipmentDetail{Shipment: tracker.Shipment{TrackingNo: no, Carrier: "china-post", ShippedAt: shipped}}
		}
		return []tracker.OrderDetail{
			{Order: tracker.Order{OrderNo: "A-1"}, Shipments: []tracker.ShipmentDetail{parcel("RR123456785CN", at)}},
			{Order: tracker.Order{OrderNo: "B-2"}, Shipments: []tracker.ShipmentDetail{parcel("RB123456785GB", dated)}},
			{Order: tracker.Order{OrderNo: "C-3"}}, // no parcel yet
			{Order: tracker.Order{OrderNo: " A-1 "}, Shipments: []tracker.ShipmentDetail{parcel("rr 1234 5678 5cn", at)}}, // A-1 again
		}
	}
	steps := []struct {
		name  string
		now   time.Time
		rows  []tracker.OrderDetail
		want  tracker.Added
		setup func()
	}{
		{"first import", read, rows(read), tracker.Added{Orders: 3, Shipments: 2}, nil},
		{"the same rows a day later change nothing", read.Add(24 * time.Hour), rows(read.Add(24 * time.Hour)), tracker.Added{}, func() {
			// A person moved A-1 on since; the import must not undo it.
			if _, err := db.write.ExecContext(ctx, `UPDATE orders SET status = 'refunded' WHERE order_no = 'A-1'`); err != nil {
				t.Fatal(err)
			}
		}},
		{"a new parcel on a known order", read.Add(48 * time.Hour), []tracker.OrderDetail{
			{Order: tracker.Order{OrderNo: "C-3"}, Shipments: []tracker.ShipmentDetail{{Shipment: tracker.Shipment{TrackingNo: "LX123456785CN", Carrier: "china-post"}}}},
		}, tracker.Added{Shipments: 1}, nil},
		{"a second parcel on an order a person moved on", read.Add(72 * time.Hour), []tracker.OrderDetail{
			{Order: tracker.Order{OrderNo: "A-1"}, Shipments: []tracker.ShipmentDetail{{Shipment: tracker.Shipment{TrackingNo: "CP123456785DE", Carrier: "dhl", ShippedAt: read.Add(72 * time.Hour)}}}},
		}, tracker.Added{Shipments: 1}, nil},
	}
	for _, st := range steps {
		if st.setup != nil {
			st.setup()
		}
		got, err := db.ImportOrders(ctx, st.now, st.rows)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got != st.want {
			t.Errorf("%s: added %+v, want %+v", st.name, got, st.want)
		}
	}

	for _, tc := range []struct {
		order   string
		status  tracker.OrderStatus
		parcels map[string]time.Time
	}{
		// Dated when first read and kept since; refunded, as a person set it.
		{"A-1", tracker.OrderRefunded, map[string]time.Time{"RR123456785CN": read, "CP123456785DE": read.Add(72 * time.Hour)}},
		{"B-2", tracker.OrderShipped, map[string]time.Time{"RB123456785GB": dated}},
		// Received until its first parcel came.
		{"C-3", tracker.OrderShipped, map[string]time.Time{"LX123456785CN": read.Add(48 * time.Hour)}},
	} {
		d, err := db.FindOrder(ctx, tc.order, false)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != tc.status {
			t.Errorf("%s: status %q, want %q", tc.order, d.Status, tc.status)
		}
		if len(d.Shipments) != len(tc.parcels) {
			t.Errorf("%s: %d parcels, want %d", tc.order, len(d.Shipments), len(tc.parcels))
		}
		for _, s := range d.Shipments {
			if want, ok := tc.parcels[s.TrackingNo]; !ok || !s.ShippedAt.Equal(want) {
				t.Errorf("%s: parcel %s shipped %v, want %v", tc.order, s.TrackingNo, s.ShippedAt, want)
			}
		}
	}
}

// A screen keeps showing the file it imports while the import runs, so
// the store must not mark the rows it was given (the race detector found
// the import sheet's view reading a ship date the store was writing).
func TestImportOrdersLeavesTheCallersRows(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	rows := []tracker.OrderDetail{{Order: tracker.Order{OrderNo: "A-1", Status: tracker.OrderReceived},
		Shipments: []tracker.ShipmentDetail{{Shipment: tracker.Shipment{TrackingNo: "RR123456785CN", Carrier: "china-post"}}}}}
	if _, err := db.ImportOrders(ctx, t0, rows); err != nil {
		t.Fatal(err)
	}
	if got := rows[0].Status; got != tracker.OrderReceived {
		t.Errorf("the caller's order status became %q", got)
	}
	if got := rows[0].Shipments[0].ShippedAt; !got.IsZero() {
		t.Errorf("the caller's ship date became %v", got)
	}
	o, err := db.FindOrder(ctx, "A-1", false)
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != tracker.OrderShipped || len(o.Shipments) != 1 || !o.Shipments[0].ShippedAt.Equal(t0) {
		t.Errorf("stored %q with %d parcels (%v), want shipped with one parcel dated %v", o.Status, len(o.Shipments), o.Shipments, t0)
	}
}
