package store

import (
	"context"
	"slices"
	"strings"
	"testing"

	"waybill/tracker"
)

// The list index carries the status (migration 0026), so a filter by a
// status word that matches many parcels far from the head of the list (the
// delivered ones are the oldest) tests each passed parcel in the index and
// reads the table only for the page's rows.
func TestListIndexCarriesTheStatus(t *testing.T) {
	sqliteOnly(t, "reads SQLite's index_info and query plan")
	db := openTest(t)
	rows, err := db.read.Query(`SELECT name FROM pragma_index_info('shipments_list') ORDER BY seqno`)
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	rows.Close()
	if want := []string{"shipped_at", "id", "status"}; !slices.Equal(cols, want) {
		t.Errorf("shipments_list columns %v, want %v", cols, want)
	}
	// The dense read still walks it (and so stops at LIMIT).
	q, args := listQuery(tracker.ListQuery{Limit: 40}, listMatch{where: "s.status IN (?, ?)", args: []any{"delivered", "delivery_failed"}})
	plan := explain(t, db, q, args...)
	if !slices.ContainsFunc(plan, func(s string) bool { return s == "SCAN s USING INDEX shipments_list" }) {
		t.Errorf("the dense filtered page does not walk shipments_list: %q", plan)
	}
}

// BenchmarkFilterStatusFarFromHead is "deliv" typed on a store whose newest
// 60% of parcels are on their way and the oldest 40% delivered: the page
// is found past every parcel on its way (issue 24).
func BenchmarkFilterStatusFarFromHead(b *testing.B) {
	n := 100_000
	if testing.Short() {
		n = 2_000
	}
	db := openTest(b)
	ctx := context.Background()
	ods := filterOrders(n)
	for i := range ods {
		st := tracker.StatusInTransit
		if i >= n*6/10 { // demoOrders ships the later ones earlier
			st = tracker.StatusDelivered
		}
		ods[i].Shipments[0].Shipment.Status = st
	}
	if err := db.AddOrders(ctx, t0, ods); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		rows, err := db.ListShipments(ctx, tracker.ListQuery{Query: "deliv", Limit: 40})
		if err != nil || len(rows) != 40 || rows[0].Status != tracker.StatusDelivered {
			b.Fatalf("page: %d rows, %v", len(rows), err)
		}
	}
}

// A dense filter of status words only reads each status's newest rows from
// shipments_status_list and merges them, rather than walking the whole list
// past every parcel of the other statuses (issue 24).
func TestStatusWordsPageReadsEachStatusIndex(t *testing.T) {
	sqliteOnly(t, "reads SQLite's query plan")
	ctx := context.Background()
	db := openTest(t)
	dense := 0
	db.sparseMatches = &dense
	for _, tc := range []struct {
		query    string
		byStatus bool
	}{
		{"deliv", true},      // delivered, delivery_failed, out_for_delivery
		{"in transit", true}, // in ∩ transit: in_transit
		{"deliv ab", false},  // a word for FTS5 too
	} {
		m, err := db.matchWhere(ctx, tc.query)
		if err != nil {
			t.Fatal(err)
		}
		if m.byStatus != tc.byStatus {
			t.Errorf("%q: by status %v, want %v", tc.query, m.byStatus, tc.byStatus)
			continue
		}
		if !tc.byStatus {
			continue
		}
		q, args := listQuery(tracker.ListQuery{Limit: 40}, m)
		plan := explain(t, db, q, args...)
		walks := slices.ContainsFunc(plan, func(s string) bool { return strings.Contains(s, "USING INDEX shipments_list") })
		perStatus := slices.ContainsFunc(plan, func(s string) bool { return strings.Contains(s, "shipments_status_list (status=?)") })
		if walks || !perStatus {
			t.Errorf("%q: plan %q, want each status read from shipments_status_list", tc.query, plan)
		}
	}
}
