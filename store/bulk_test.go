package store

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"waybill/tracker"
)

// New orders in bulk are stored exactly as one AddOrder at a time stores
// them: same ids, fields, checks and shipments, with full and short
// multi-row chunks, a known order and a duplicate in between.
func TestAddOrdersBulkMatchesOneByOne(t *testing.T) {
	// A guard against a hang, not a time limit: 1,100 single adds took
	// 30 s under -race in CI beside the root package's tests, so the bulk
	// side runs INSERTs of 16 rows (DB.testBulkRows) rather than 200: two
	// full chunks and a part of one, as before, in 69 orders, not 437.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	yes := true
	var orders []tracker.OrderDetail
	const rows = 16
	for i := range 2*rows + 37 {
		o := tracker.Order{OrderNo: fmt.Sprintf(" B-%04d ", i), Buyer: "Ana", Country: "DE", Product: []string{"Perfume", "Scarf"}[i%2],
			Amount: tracker.Money(100 * i), Currency: "eur", HSCode: "", DeclaredValue: tracker.Money(50 * i), Status: tracker.OrderShipped,
			OrderedAt: t0.Add(-time.Duration(i) * time.Hour)}
		if i%3 == 0 {
			o.Insured = &yes
		}
		if i%4 == 0 {
			o.Packaging = " double box, bubble wrap " // stored trimmed both ways
		}
		d := tracker.OrderDetail{Order: o}
		for j := range 1 + i%3 {
			d.Shipments = append(d.Shipments, tracker.ShipmentDetail{Shipment: tracker.Shipment{
				TrackingNo: fmt.Sprintf("lx%07d%d-cn", i, j), Carrier: "china-post", Destination: "DE", ShippedAt: t0.Add(-time.Duration(i) * time.Minute)}})
		}
		orders = append(orders, d)
	}
	// The same order twice, and one with a repeated tracking number: both
	// leave the bulk path for the upsert.
	orders = append(orders[:20], append([]tracker.OrderDetail{orders[5]}, orders[20:]...)...)
	orders[50].Shipments = append(orders[50].Shipments, orders[50].Shipments[0])

	bulk, one := openTest(t), openTest(t)
	bulk.testBulkRows = rows
	if _, err := bulk.AddOrder(ctx, t0, orders[7].Order, nil); err != nil { // known before the import
		t.Fatal(err)
	}
	if _, err := one.AddOrder(ctx, t0, orders[7].Order, nil); err != nil {
		t.Fatal(err)
	}
	if err := bulk.AddOrders(ctx, t0, orders); err != nil {
		t.Fatal(err)
	}
	for _, od := range orders {
		var ships []tracker.Shipment
		for _, s := range od.Shipments {
			ships = append(ships, s.Shipment)
		}
		if _, err := one.AddOrder(ctx, t0, od.Order, ships); err != nil {
			t.Fatal(err)
		}
	}
	a, err := bulk.ListOrders(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	b, err := one.ListOrders(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if onPG() {
		// PostgreSQL's ids come from sequences (migration 0028), and an
		// upsert of a stored order takes a value it then leaves unused: one
		// by one, the re-added orders leave gaps the bulk path does not.
		// The orders are the same, in the same order.
		for _, l := range [][]tracker.OrderDetail{a, b} {
			for i := range l {
				l[i].ID = 0
				for j := range l[i].Shipments {
					l[i].Shipments[j].OrderID = 0
				}
			}
		}
	}
	if len(a) != 2*rows+37 || !reflect.DeepEqual(a, b) {
		for i := range min(len(a), len(b)) {
			if !reflect.DeepEqual(a[i], b[i]) {
				t.Fatalf("order %d differs:\nbulk %+v\none  %+v", i, a[i], b[i])
			}
		}
		t.Fatalf("%d orders in bulk, %d one by one", len(a), len(b))
	}
	if n, err := bulk.CountChecked(ctx); err != nil || n != len(a) {
		t.Errorf("CountChecked = %d, %v; want %d (none has an HS code)", n, err, len(a))
	}
}
