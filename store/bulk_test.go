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
	// 30 s under -race in CI beside the root package's tests.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	yes := true
	var orders []tracker.OrderDetail
	for i := range 2*freshOrderRows + 37 {
		o := tracker.Order{OrderNo: fmt.Sprintf(" B-%04d ", i), Buyer: "Ana", Country: "DE", Product: []string{"Perfume", "Scarf"}[i%2],
			Amount: tracker.Money(100 * i), Currency: "eur", HSCode: "", DeclaredValue: tracker.Money(50 * i), Status: tracker.OrderShipped,
			OrderedAt: t0.Add(-time.Duration(i) * time.Hour)}
		if i%3 == 0 {
			o.Insured = &yes
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
	orders = append(orders[:100], append([]tracker.OrderDetail{orders[5]}, orders[100:]...)...)
	orders[300].Shipments = append(orders[300].Shipments, orders[300].Shipments[0])

	bulk, one := openTest(t), openTest(t)
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
	if len(a) != 2*freshOrderRows+37 || !reflect.DeepEqual(a, b) {
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
