package store

import (
	"context"
	"fmt"
	"testing"

	"waybill/tracker"
)

// On PostgreSQL the filter's first window of the list (pgwords.go) holds
// about the parcels it means to where parcels are shipped unevenly: it
// ends at the k-th parcel after the cursor, read from the list index.
// Sized by the list's average it held six times the parcels it meant to
// at the top of the demo's list (the newest shipped densest), and a page
// of "R" read 3,003 buffers at 100k orders, 1,141 now; "L", "LP", "8"
// 1,550-1,900, 1,090-1,350 now (issue 25 item 4). Here the newest 2,000
// parcels were shipped a second apart and the others a minute apart: "r"
// (a status word, and Robin, one buyer in sixteen) read 662 buffers at
// 5,000 orders and 728 at 40,000, 256 and 305 now.
func TestPGFilterFirstWindowHoldsAboutThePage(t *testing.T) {
	if !onPG() {
		t.Skip("PostgreSQL's read of the filter in windows (WAYBILL_TEST_ENGINE=postgres)")
	}
	ctx := context.Background()
	const limit = 40
	for _, n := range []int{5000, 40000} {
		db := openTest(t)
		fillPGWords(t, db, n)
		for _, q := range []string{
			fmt.Sprintf(`UPDATE shipments SET shipped_at = 1700000000 + CASE WHEN id > %d THEN %d * 60 + (id - %d) ELSE id * 60 END`, n-2000, n-2000, n-2000),
			// Rewritten, as a store written in this order would be: the
			// updated rows' old versions would be passed by every read.
			`VACUUM FULL ANALYZE shipments`, `VACUUM FULL ANALYZE shipments_fts`,
		} {
			if _, err := db.write.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		for _, tc := range []struct {
			query string
			most  int
		}{
			{"Robin", 450}, {"Surname1", 450}, {"r", 450},
			// A window's matches are put in list order before each is
			// looked up for its status ("in": in transit, info received,
			// or Ingrid), so the lookups stop with the page: looked up
			// first, 593 and 641 buffers.
			{"Robin in", 560},
			// Logged: every parcel's number begins "lp", and the words'
			// index reads every number's entry (lp in: 790 and 1,098
			// buffers looked up first, 430 and 738 now).
			{"lp", 0}, {"lp in", 0},
		} {
			query := tc.query
			var rows []tracker.ShipmentRow
			bufs := pgBuffersRead(t, db, func() {
				var err error
				if rows, err = db.ListShipments(ctx, tracker.ListQuery{Query: query, Limit: limit}); err != nil {
					t.Fatal(err)
				}
			})
			t.Logf("%d orders: a page of %q: %d rows, %d buffers", n, query, len(rows), bufs)
			if tc.most > 0 && bufs > tc.most {
				t.Errorf("%d orders: a page of %q read %d buffers, want at most %d", n, query, bufs, tc.most)
			}
		}
	}
}
