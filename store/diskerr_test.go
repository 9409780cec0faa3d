package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

func someOrders(from, n int) []tracker.OrderDetail {
	out := make([]tracker.OrderDetail, n)
	for i := range out {
		out[i] = tracker.OrderDetail{
			Order: tracker.Order{OrderNo: fmt.Sprintf("D-%06d", from+i), Buyer: strings.Repeat("b", 200), Status: tracker.OrderShipped},
			Shipments: []tracker.ShipmentDetail{{Shipment: tracker.Shipment{TrackingNo: fmt.Sprintf("LP%09dCN", from+i),
				Carrier: "cainiao", Status: tracker.StatusPending, ShippedAt: time.Unix(1_700_000_000, 0)}}},
		}
	}
	return out
}

func countRows(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.write.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestFullOrReadOnlyDiskKeepsTheStoreAsItWas: a write that finds no room,
// or a store it may not write, fails whole with an error naming the file,
// and what was stored before is intact; once there is room the same write
// succeeds. SQLite's max_page_count stands in for a full disk.
func TestFullOrReadOnlyDiskKeepsTheStoreAsItWas(t *testing.T) {
	sqliteOnly(t, "SQLite pragmas")
	tests := []struct {
		name  string
		fault string // the pragma that makes the next write fail
		heal  string
		want  error
	}{
		{"disk full", "PRAGMA max_page_count = %d", "PRAGMA max_page_count = 1073741823", ErrFull},
		{"read-only", "PRAGMA query_only = 1", "PRAGMA query_only = 0", ErrReadOnly},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := openTest(t)
			if err := db.AddOrders(ctx, time.Now(), someOrders(0, 50)); err != nil {
				t.Fatal(err)
			}
			var pages int
			if err := db.write.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
				t.Fatal(err)
			}
			fault := tt.fault
			if strings.Contains(fault, "%d") {
				fault = fmt.Sprintf(fault, pages+1)
			}
			if _, err := db.write.Exec(fault); err != nil {
				t.Fatal(err)
			}
			err := db.AddOrders(ctx, time.Now(), someOrders(50, 500))
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), db.Path()) {
				t.Fatalf("error %v: want %v naming %s", err, tt.want, db.Path())
			}
			big := someOrders(900, 1)[0].Order
			big.Buyer = strings.Repeat("x", 100_000) // needs new pages, whatever room is left in the old ones
			_, err = db.AddOrder(ctx, time.Now(), big, nil)
			if !errors.Is(err, tt.want) {
				t.Fatalf("AddOrder: error %v, want %v", err, tt.want)
			}
			if n := countRows(t, db, "orders"); n != 50 {
				t.Fatalf("%d orders after the failed writes, want the 50 from before", n)
			}
			if n := countRows(t, db, "shipments"); n != 50 {
				t.Fatalf("%d shipments after the failed writes, want 50", n)
			}
			if err := db.IntegrityCheck(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := db.write.Exec(tt.heal); err != nil {
				t.Fatal(err)
			}
			if err := db.AddOrders(ctx, time.Now(), someOrders(50, 500)); err != nil {
				t.Fatalf("after the fault is gone: %v", err)
			}
			if n := countRows(t, db, "orders"); n != 550 {
				t.Fatalf("%d orders, want 550", n)
			}
		})
	}
}
