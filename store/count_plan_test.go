package store

import (
	"context"
	"strings"
	"testing"

	"waybill/tracker"
)

// An exact count of a status word that also matches names ("d":
// delivered, or Dora) must not be read as a MULTI-INDEX OR: SQLite keeps
// every row that plan finds in an in-memory set no cache bounds, which
// at a million orders was the screen's peak memory growing with the
// store (tui_rss, issue 24). The counts must stay what they were.
func TestExactCountHoldsNoSetOfEveryMatch(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	sqliteOnly(t, "SQLite query plans")
	ship := func(no string, st tracker.Status) []tracker.ShipmentDetail {
		return []tracker.ShipmentDetail{{Shipment: tracker.Shipment{TrackingNo: no, Carrier: "cainiao", Destination: "FR",
			Status: st, ShippedAt: t0}}}
	}
	if err := db.AddOrders(ctx, t0, []tracker.OrderDetail{
		{Order: tracker.Order{OrderNo: "C-1", Buyer: "Dora Marx", Country: "FR"}, Shipments: ship("LP101", tracker.StatusInTransit)},
		{Order: tracker.Order{OrderNo: "C-2", Buyer: "Ana Roth", Country: "FR"}, Shipments: ship("LP102", tracker.StatusDelivered)},
		{Order: tracker.Order{OrderNo: "C-3", Buyer: "Dora Roth", Country: "FR"}, Shipments: ship("LP103", tracker.StatusDelivered)},
		{Order: tracker.Order{OrderNo: "C-4", Buyer: "Ema Roth", Country: "FR"}, Shipments: ship("LP104", tracker.StatusInTransit)},
	}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		query string
		want  int
	}{
		{"d", 3},      // delivered (C-2, C-3) or Dora (C-1, C-3)
		{"r", 3},      // returned or returning (none), or Roth (C-2, C-3, C-4)
		{"d roth", 2}, // C-2 delivered, C-3 both
		{"d r", 2},    // both words: C-2, C-3
	} {
		t.Run(tc.query, func(t *testing.T) {
			f, err := db.parseFilter(ctx, tc.query)
			if err != nil {
				t.Fatal(err)
			}
			if !f.ftsSide {
				t.Fatalf("%q: no word matched both a status and a name; the test means to count that", tc.query)
			}
			q, args := db.countQuery(f, "", -1)
			if plan := strings.Join(explainOn(t, db.read, q, args...), "; "); strings.Contains(plan, "MULTI-INDEX OR") {
				t.Errorf("exact count of %q keeps a set of every match: %s", tc.query, plan)
			}
			if n, err := db.CountMatching(ctx, "", tc.query); err != nil || n != tc.want {
				t.Errorf("CountMatching(%q) = %d, %v; want %d", tc.query, n, err, tc.want)
			}
		})
	}
}
