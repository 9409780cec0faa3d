package store

import (
	"context"
	"fmt"
	"testing"

	"waybill/tracker"
)

// The filter's counts, exact and capped, in every list, are the parcels
// the filter's own condition holds for, on either engine: on PostgreSQL
// counted status by status (pgCountByStatus: the counters for the
// statuses every word allows, the words' matches for the others), with
// the statuses' ids hashed or (past pgHashedIDs) grouped with the words'
// matches; on SQLite as before.
func TestFilterCountsAreTheFiltersParcels(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	// 2,400 parcels through every status; buyers, countries and numbers
	// that status words also begin (Ingrid, Rita, Dora, Thomas; IN, TR,
	// DE; "lp").
	const n = 2400
	statuses := ""
	for i, st := range tracker.Statuses {
		statuses += fmt.Sprintf(" WHEN %d THEN '%s'", i, st)
	}
	for _, q := range []string{
		fmt.Sprintf(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
			INSERT INTO orders (id, order_no, order_key, buyer)
			SELECT i, 'O' || i, 'O' || i, CASE i %% 5 WHEN 0 THEN 'Ingrid' WHEN 1 THEN 'Rita' WHEN 2 THEN 'Dora'
				WHEN 3 THEN 'Thomas' ELSE 'Ana' END FROM n`, n),
		fmt.Sprintf(`INSERT INTO shipments (id, order_id, tracking_no, carrier, destination, status, shipped_at)
			SELECT id, id, CASE WHEN id %% 3 = 0 THEN 'RB' ELSE 'LP' END || id, 'cainiao',
				CASE id %% 4 WHEN 0 THEN 'IN' WHEN 1 THEN 'TR' WHEN 2 THEN 'DE' ELSE 'US' END,
				CASE (id * 7) %% %d%s END, 1700000000 + id FROM orders`, len(tracker.Statuses), statuses),
	} {
		if _, err := db.write.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, hashed := range []int{100_000, 0} {
		db.hashedIDs = &hashed
		for _, query := range []string{"in t", "in tr", "r", "d", "i", "t", "lp transit", "lp in", "deliv", "ret",
			"in deliv", "thomas in", "zz t", "tr r", "de d", "pick", "rb returned", "in in"} {
			for _, status := range []tracker.Status{"", tracker.StatusInTransit, tracker.StatusInfoReceived, tracker.StatusDelivered, tracker.StatusReturned} {
				f, where, args := filterCondition(t, db, query, status)
				var want int
				rows, err := db.query(ctx, "SELECT count(*) FROM shipments s WHERE "+where, args...)
				if err == nil {
					err = scanOne(rows, &want)
				}
				if err != nil {
					t.Fatal(err)
				}
				for _, limit := range []int{-1, 0, 40, 100_000} {
					got, err := db.countMatching(ctx, status, query, limit)
					if err != nil {
						t.Fatal(err)
					}
					w := want
					if limit >= 0 {
						w = min(want, limit+1)
					}
					if got != w {
						t.Errorf("hashed up to %d ids: count of %q in %q up to %d: %d, want %d", hashed, query, status, limit, got, w)
					}
				}
				if status != "" {
					continue
				}
				few, err := db.matchesAtMost(ctx, f, 40)
				if err != nil {
					t.Fatal(err)
				}
				if few != (want <= 40) {
					t.Errorf("hashed up to %d ids: %q (%d parcels) matches at most 40: %v", hashed, query, want, few)
				}
			}
		}
	}
}

// filterCondition is query parsed, and the filter's own SQL condition
// for it on the parcels in status ("" for all), on shipments s: what the
// optimised reads must agree with.
func filterCondition(t *testing.T, db *DB, query string, status tracker.Status) (filter, string, []any) {
	t.Helper()
	f, err := db.parseFilter(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	where, args := f.where()
	if status != "" {
		where, args = where+" AND s.status = ?", append(args, string(status))
	}
	return f, where, args
}
