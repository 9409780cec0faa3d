package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"waybill/tracker"
)

// countByStatus counts the matches of a filter whose every word begins a
// status word ("delivered", "in transit", a first letter "d") from the
// kept counters, where they settle it: for the screen's count
// (countMatching) and for the list's check of whether a filter matches
// few parcels (matchesAtMost), both asked at every key. Such a filter
// matches the parcels in the statuses every word allows (f.statuses),
// which the counters hold (shipment_counts: SQLite's migration 0023,
// PostgreSQL's 0025 and 0028), and those a word's full-text side finds in
// other statuses. Both engines counted them by walking the parcels (the
// status index, or every parcel tested against the words' full-text
// matches): up to 10,001 rows a key for the screen's capped count, 156 ms
// for `delivered` and 170-340 ms for `in transit` at 100k orders on
// PostgreSQL (bench filter_key p99 137.5 ms); on SQLite `deliv…` read 48
// pages at 10,000 orders and 74 at 100,000, and `in t` 866 at 10,000 as
// the OR of the status index and every full-text match. Now a filter
// with no full-text side is its counters, exactly, and a capped count the
// counters alone take past limit is limit+1 at once (the screen's
// "10000+"). ok is false for any other filter: a full-text side the count
// must add to fewer parcels than the limit, read as before (countQuery);
// scanning from the full-text matches instead read more pages than the
// scan at 20k orders on PostgreSQL (3,086 key lookups for "d", 9,653
// buffers against 1,021).
func (db *DB) countByStatus(ctx context.Context, f filter, status tracker.Status, limit int) (n int, ok bool, err error) {
	if f.fts != "" || len(f.statusWords) == 0 || (f.ftsSide && limit < 0) {
		return 0, false, nil
	}
	sts := f.statuses
	if status != "" {
		sts = nil
		if slices.Contains(f.statuses, status) {
			sts = []tracker.Status{status}
		}
	}
	arr, err := json.Marshal(sts)
	if err != nil {
		return 0, false, err
	}
	kept := 0
	if len(sts) > 0 {
		rows, err := db.query(ctx, `SELECT coalesce(sum(n), 0) FROM shipment_counts WHERE status IN (SELECT value FROM json_each(?))`, string(arr))
		if err == nil {
			err = scanOne(rows, &kept)
		}
		if err != nil {
			return 0, false, fmt.Errorf("count parcels in %s: %w", arr, err)
		}
	}
	capped := func(n int) int {
		if limit >= 0 {
			return min(n, limit+1)
		}
		return n
	}
	if !f.ftsSide || (limit >= 0 && kept > limit) {
		return capped(kept), true, nil
	}
	if db.pg && limit >= 0 && status == "" {
		// The parcels every word finds by its other fields match too: a
		// capped count they alone take past limit is limit+1. For "R"
		// (33,615 parcels' words at 100k orders) PostgreSQL read every
		// one of them from the table to count, 2,711-4,177 buffers and
		// 93-194 ms a key; the first 10,001 of them are about 700.
		var sides []string
		for _, sw := range f.statusWords {
			if sw.fts == "" {
				return 0, false, nil
			}
			sides = append(sides, sw.fts)
		}
		words := 0
		rows, err := db.query(ctx, `SELECT count(*) FROM (SELECT 1 FROM shipments_fts WHERE shipments_fts MATCH ? LIMIT ?)`, db.ftsAll(sides), limit+1)
		if err == nil {
			err = scanOne(rows, &words)
		}
		if err != nil {
			return 0, false, fmt.Errorf("count parcels whose words match: %w", err)
		}
		if words > limit {
			return limit + 1, true, nil
		}
	}
	return 0, false, nil
}
