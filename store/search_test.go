package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"waybill/tracker"
)

// searchOrders is a small store of orders a person would search: numbers
// with dashes, buyers with accents, several carriers and destinations.
func searchOrders() []tracker.OrderDetail {
	ship := func(no, carrier, dest string, st tracker.Status, h int) tracker.ShipmentDetail {
		return tracker.ShipmentDetail{Shipment: tracker.Shipment{TrackingNo: no, Carrier: carrier, Destination: dest,
			Status: st, ShippedAt: t0.Add(-time.Duration(h) * time.Hour)}}
	}
	return []tracker.OrderDetail{
		{Order: tracker.Order{OrderNo: "8157302648123456", Buyer: "Ana Souza", Country: "BR"},
			Shipments: []tracker.ShipmentDetail{ship("LX123456785CN", "china-post", "BR", tracker.StatusInTransit, 1)}},
		{Order: tracker.Order{OrderNo: "AB-123", Buyer: "John Smith", Country: "US"},
			Shipments: []tracker.ShipmentDetail{ship("9400111899223344556677", "usps", "US", tracker.StatusDelivered, 2)}},
		{Order: tracker.Order{OrderNo: "AB-124", Buyer: "Émile Durand", Country: "FR"},
			Shipments: []tracker.ShipmentDetail{ship("RB123456785GB", "royal-mail", "FR", tracker.StatusCustoms, 3)}},
		{Order: tracker.Order{OrderNo: "C-9", Buyer: "Kai Sousa", Country: "DE"},
			Shipments: []tracker.ShipmentDetail{ship("00340434161094042557", "dhl", "DE", tracker.StatusOutForDelivery, 4)}},
	}
}

func orderNos(rows []tracker.ShipmentRow) []string {
	out := []string{}
	for _, r := range rows {
		out = append(out, r.OrderNo)
	}
	return out
}

func TestFilterMatchesWhatPeopleType(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.AddOrders(ctx, t0, searchOrders()); err != nil {
		t.Fatal(err)
	}
	all := []string{"8157302648123456", "AB-123", "AB-124", "C-9"}
	for _, tc := range []struct {
		name, query string
		want        []string
	}{
		{"nothing typed", "", all},
		{"only separators", " - / ", all},
		{"a buyer's surname", "souza", []string{"8157302648123456"}},
		{"the start of a surname", "sou", []string{"8157302648123456", "C-9"}},
		{"a surname in capitals", "SMITH", []string{"AB-123"}},
		{"a name without its accent", "emile", []string{"AB-124"}},
		{"the start of a tracking number", "RB1234", []string{"AB-124"}},
		{"a whole tracking number", "LX123456785CN", []string{"8157302648123456"}},
		{"the start of an order number", "815730", []string{"8157302648123456"}},
		{"an order number with its dash", "AB-12", []string{"AB-123", "AB-124"}},
		{"an order number exactly", "ab-124", []string{"AB-124"}},
		{"a destination", "US", []string{"AB-123"}},
		{"a carrier", "royal", []string{"AB-124"}},
		{"a status", "delivered", []string{"AB-123"}},
		{"a status in words", "out for", []string{"C-9"}},
		{"two words narrow", "sou de", []string{"C-9"}},
		{"FTS syntax is text", `"sou" OR NEAR(`, []string{}},
		{"no match", "zzz", []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, sparse := range []int{sparseMatches, 0} { // both ways of reading a page
				db.sparseMatches = &sparse
				rows, err := db.ListShipments(ctx, tracker.ListQuery{Query: tc.query, Limit: 10})
				if err != nil {
					t.Fatal(err)
				}
				if got := orderNos(rows); !slices.Equal(got, tc.want) {
					t.Errorf("sparse limit %d: ListShipments(%q) = %v, want %v", sparse, tc.query, got, tc.want)
				}
				n, err := db.CountMatching(ctx, "", tc.query)
				if err != nil || n != len(tc.want) {
					t.Errorf("CountMatching(%q) = %d, %v; want %d", tc.query, n, err, len(tc.want))
				}
				for _, limit := range []int{0, 1, 2, 10} { // the screen's count while typing
					n, err := db.CountMatchingUpTo(ctx, "", tc.query, limit)
					want := min(len(tc.want), limit+1)
					if len(splitWords(tc.query)) == 0 {
						want = len(tc.want) // the whole list's count is kept, exact and free
					}
					if err != nil || n != want {
						t.Errorf("CountMatchingUpTo(%q, %d) = %d, %v; want %d", tc.query, limit, n, err, want)
					}
				}
			}
			db.sparseMatches = nil
		})
	}
}

// With a status, the capped count counts only that status's matches.
func TestCountMatchingUpToWithStatus(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.AddOrders(ctx, t0, searchOrders()); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		status tracker.Status
		query  string
		limit  int
		want   int
	}{
		{tracker.StatusDelivered, "ab", 5, 1},
		{tracker.StatusCustoms, "ab", 5, 1},
		{tracker.StatusInTransit, "ab", 5, 0},
		{"", "ab", 0, 1},
		{"", "ab", 1, 2},
		{tracker.StatusDelivered, "", 0, 1},
	} {
		n, err := db.CountMatchingUpTo(ctx, tc.status, tc.query, tc.limit)
		if err != nil || n != tc.want {
			t.Errorf("CountMatchingUpTo(%q, %q, %d) = %d, %v; want %d", tc.status, tc.query, tc.limit, n, err, tc.want)
		}
	}
}

func TestFilterFollowsWrites(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.AddOrders(ctx, t0, searchOrders()); err != nil {
		t.Fatal(err)
	}
	find := func(q string) []string {
		t.Helper()
		rows, err := db.ListShipments(ctx, tracker.ListQuery{Query: q, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		return orderNos(rows)
	}
	// The parcel in transit to BR is delivered: the refresher's write
	// moves it from one status word to the other.
	o, err := db.FindOrder(ctx, "8157302648123456", false)
	if err != nil {
		t.Fatal(err)
	}
	id := o.Shipments[0].ID
	apply(t, db, t0, tracker.Update{ShipmentID: id, Events: []tracker.Event{event(t0.Add(-time.Hour), tracker.StatusDelivered, "delivered")}})
	if got := find("delivered"); !slices.Equal(got, []string{"8157302648123456", "AB-123"}) {
		t.Errorf("after delivery, delivered finds %v", got)
	}
	if got := find("transit"); len(got) != 0 {
		t.Errorf("after delivery, transit finds %v", got)
	}
	// A buyer's name corrected by an import.
	if err := db.AddOrders(ctx, t0, []tracker.OrderDetail{{Order: tracker.Order{OrderNo: "AB-123", Buyer: "Joan Smithers"},
		Shipments: []tracker.ShipmentDetail{{Shipment: tracker.Shipment{TrackingNo: "RX000000001US", Carrier: "usps", Destination: "CA"}}}}}); err != nil {
		t.Fatal(err)
	}
	if got := find("joan"); !slices.Equal(got, []string{"AB-123", "AB-123"}) {
		t.Errorf("after the rename and a new parcel, joan finds %v, want both parcels of AB-123", got)
	}
	if got := find("john"); len(got) != 0 {
		t.Errorf("after the rename, john finds %v", got)
	}
	if got := find("CA"); !slices.Equal(got, []string{"AB-123"}) {
		t.Errorf("the new parcel's destination finds %v", got)
	}
}

func TestFilterPagesByKeyset(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	orders := demoOrders(300, 0) // every fifth with an exception; statuses cycle
	if err := db.AddOrders(ctx, t0, orders); err != nil {
		t.Fatal(err)
	}
	// "deliv" begins delivered, delivery_failed and out_for_delivery.
	want, err := db.CountMatching(ctx, "", "deliv")
	if err != nil || want == 0 {
		t.Fatalf("CountMatching = %d, %v", want, err)
	}
	for _, sparse := range []int{sparseMatches, 5} {
		t.Run(fmt.Sprintf("sparse limit %d", sparse), func(t *testing.T) {
			db.sparseMatches = &sparse
			defer func() { db.sparseMatches = nil }()
			var got []tracker.ShipmentRow
			q := tracker.ListQuery{Query: "deliv", Limit: 7}
			for {
				page, err := db.ListShipments(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, page...)
				if len(page) < q.Limit {
					break
				}
				c := tracker.CursorOf(page[len(page)-1])
				q.Cursor = &c
			}
			if len(got) != want {
				t.Fatalf("paged through %d rows, want %d", len(got), want)
			}
			for i, r := range got {
				if !slices.Contains([]tracker.Status{tracker.StatusDelivered, tracker.StatusDeliveryFailed, tracker.StatusOutForDelivery}, r.Status) {
					t.Errorf("row %d is %s", i, r.Status)
				}
				if i > 0 && !before(got[i-1], r) {
					t.Errorf("row %d (%v, %d) is not after row %d", i, r.ShippedAt, r.ShipmentID, i-1)
				}
			}
			// Backward from the end gives the same last page.
			last, err := db.ListShipments(ctx, tracker.ListQuery{Query: "deliv", Dir: tracker.Backward, Limit: 7})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(last, got[len(got)-len(last):], func(a, b tracker.ShipmentRow) bool { return a.ShipmentID == b.ShipmentID }) {
				t.Errorf("last page backward = %v, want the tail of the forward walk", orderNos(last))
			}
		})
	}
}

// before reports whether a sorts before b in the list: newer shipment
// first, then higher id.
func before(a, b tracker.ShipmentRow) bool {
	if !a.ShippedAt.Equal(b.ShippedAt) {
		return a.ShippedAt.After(b.ShippedAt)
	}
	return a.ShipmentID > b.ShipmentID
}
