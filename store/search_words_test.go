package store

import (
	"context"
	"slices"
	"testing"

	"waybill/tracker"
)

// Buyers' names in other scripts are found as Latin ones are, in either
// case, whatever the locale of the database (PostgreSQL 0027: the test
// cluster is initdb --locale=C, where lower() and [[:alnum:]] were ASCII
// only and a Cyrillic name had no words).
func TestFilterFindsNamesInOtherScripts(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ship := func(no string) []tracker.ShipmentDetail {
		return []tracker.ShipmentDetail{{Shipment: tracker.Shipment{TrackingNo: no, Carrier: "cainiao", Destination: "KZ",
			Status: tracker.StatusInTransit, ShippedAt: t0}}}
	}
	if err := db.AddOrders(ctx, t0, []tracker.OrderDetail{
		{Order: tracker.Order{OrderNo: "K-1", Buyer: "Айгерим Сулейменова", Country: "KZ"}, Shipments: ship("LP001")},
		{Order: tracker.Order{OrderNo: "K-2", Buyer: "Ana Souza", Country: "KZ"}, Shipments: ship("LP002")},
		{Order: tracker.Order{OrderNo: "K-3", Buyer: "Ωμέγα Δέλτα", Country: "KZ"}, Shipments: ship("LP003")},
	}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"Сулейменова", []string{"K-1"}},
		{"сулейм", []string{"K-1"}},
		{"СУЛЕЙМЕНОВА", []string{"K-1"}},
		{"айгерим сул", []string{"K-1"}},
		{"δέλτα", []string{"K-3"}},
		{"souza", []string{"K-2"}},
	} {
		rows, err := db.ListShipments(ctx, tracker.ListQuery{Query: tc.query, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if got := orderNos(rows); !slices.Equal(got, tc.want) {
			t.Errorf("ListShipments(%q) = %v, want %v", tc.query, got, tc.want)
		}
		if n, err := db.CountMatching(ctx, "", tc.query); err != nil || n != len(tc.want) {
			t.Errorf("CountMatching(%q) = %d, %v; want %d", tc.query, n, err, len(tc.want))
		}
	}
}
