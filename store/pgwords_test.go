package store

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"waybill/tracker"
)

// On PostgreSQL a filter word that few parcels match (a buyer's first
// letters) sorts the matches' keys from the words' own rows, which carry
// shipped_at (migration 0030), and reads only the page's parcels: through
// shipments PostgreSQL walked the list index looking each parcel's words
// up, or looked every match up and sorted them (for "Rob" at 100k orders
// 10,000-20,000 buffers, 70-300 ms a page; issue 25 item 4). The pages,
// with the rest of the filter and a cursor, are the newest matches in
// list order.
func TestPGFewWordMatchesSortTheirOwnKeys(t *testing.T) {
	if !onPG() {
		t.Skip("PostgreSQL query plans (WAYBILL_TEST_ENGINE=postgres); SQLite's: TestReadsUseIndexes")
	}
	ctx := context.Background()
	db := openTest(t)
	fillPG20k(t, db)
	// "surname12" begins the buyers' surnames 12 and 120-129 (of 400):
	// 550 parcels, few enough to be sorted; newest first is id order.
	var want []int64
	for id := int64(20000); id > 0; id-- {
		if s := id % 400; s == 12 || s >= 120 && s <= 129 {
			want = append(want, id)
		}
	}
	const limit = 27
	for _, tc := range []struct {
		name   string
		q      tracker.ListQuery
		lookup bool // the parcels are looked up for the rest of the filter
	}{
		{"a word", tracker.ListQuery{Query: "Surname12", Limit: limit}, false},
		{"a word and a status word", tracker.ListQuery{Query: "Surname12 transit", Limit: limit}, true},
		{"a word in one status", tracker.ListQuery{Query: "Surname12", Status: tracker.StatusInTransit, Limit: limit}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			match, err := db.matchIn(ctx, tc.q.Status, tc.q.Query)
			if err != nil {
				t.Fatal(err)
			}
			if !match.sparse {
				t.Fatalf("%q counted as matching many parcels", tc.q.Query)
			}
			if !tc.lookup {
				query, args := listQuery(tc.q, match)
				var doc string
				if err := db.read.QueryRowContext(ctx, `EXPLAIN (ANALYZE, FORMAT JSON) `+query, args...).Scan(&doc); err != nil {
					t.Fatal(err)
				}
				var plans []struct{ Plan pgPlanNode }
				if err := json.Unmarshal([]byte(doc), &plans); err != nil || len(plans) != 1 {
					t.Fatalf("plan %q: %v", doc, err)
				}
				read := 0.0
				plans[0].Plan.walk(func(n pgPlanNode) {
					if n.Relation == "shipments" {
						read += n.Rows * n.Loops
					}
				})
				if read > limit {
					t.Errorf("a page of %q reads %.0f parcels, want at most the page's %d:\n%s", tc.q.Query, read, limit, doc)
				}
			}
			var got []int64
			q := tc.q
			for range 2 { // the first page, and the next from its cursor
				rows, err := db.ListShipments(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range rows {
					got = append(got, r.ShipmentID)
				}
				if len(rows) == 0 {
					break
				}
				last := rows[len(rows)-1]
				q.Cursor = &tracker.Cursor{ShippedAt: last.ShippedAt, ShipmentID: last.ShipmentID}
			}
			if !slices.Equal(got, want[:2*limit]) {
				t.Errorf("two pages of %q: %v, want %v", tc.q.Query, got, want[:2*limit])
			}
		})
	}
}
