package store

import (
	"strings"

	"waybill/tracker"
)

// pgWordsPage is a page of a filter with full-text words that match few
// parcels (up to sparseMatches), on PostgreSQL: the matches' keys in list
// order come from the words' own rows, which carry their parcel's
// shipped_at (migration 0030), and only the page's parcels are read from
// shipments. Through shipments, PostgreSQL either looked every match up
// for its shipped_at and sorted them, or, guessing the matches spread
// evenly, walked the list index and looked each parcel's words up: for
// "Rob" (1,253 parcels of 103,000) 10,000-20,000 buffers and 70-300 ms a
// page, against 916 buffers read from the words (EXPLAIN ANALYZE).
// Words are never indexed by shipped_at, so no plan can walk them in
// order past every other parcel: the matches are read from the GIN index
// and their keys sorted. The filter's other terms (status words, a
// status list) are tested on each match's parcel.
func pgWordsPage(q tracker.ListQuery, m listMatch, cmp, dir string, limit int) (string, []any) {
	inner := "SELECT f.rowid FROM shipments_fts f WHERE f.doc @@ to_tsquery('simple', unaccent(?))"
	args := []any{m.words}
	var rest []string
	var restArgs []any
	if q.Status != "" {
		rest, restArgs = append(rest, "s.status = ?"), append(restArgs, string(q.Status))
	}
	if m.rest != "" {
		rest, restArgs = append(rest, m.rest), append(restArgs, m.restArgs...)
	}
	if len(rest) > 0 {
		inner += " AND EXISTS (SELECT 1 FROM shipments s WHERE s.id = f.rowid AND " + strings.Join(rest, " AND ") + ")"
		args = append(args, restArgs...)
	}
	if q.Cursor != nil {
		inner += " AND (f.shipped_at, f.rowid) " + cmp + " (?, ?)"
		args = append(args, shippedUnix(q.Cursor.ShippedAt), q.Cursor.ShipmentID)
	}
	inner += " ORDER BY f.shipped_at " + dir + ", f.rowid " + dir + " LIMIT ?"
	return listSQL + " WHERE s.id IN (" + inner + ") ORDER BY s.shipped_at " + dir + ", s.id " + dir, append(args, limit)
}
