package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"waybill/tracker"
)

// On PostgreSQL a filter with full-text words, or with status words that
// also match other fields ("in tr", "R"), is read in windows of the
// orders list: the matches shipped in a stretch of time after the cursor
// that holds k parcels, k growing (at least fourfold, as far as the
// matches found so far say) until a window holds the page. The first
// window ends at the k-th parcel after the cursor (pgListAfter, a few
// entries of the list index); each next one is as many times longer as it
// is to hold more parcels, shipped as densely as in the one before. The
// words' GIN
// index holds each parcel's shipped_at (migration 0032), so a window asks
// it for the words' matches in that stretch of the list alone, and only
// those rows are read; the parcels in the statuses every word allows come
// from their status index, as a page of status words alone does. A
// filter's other terms (status words, the list's status) are tested on
// each match found by its words.
//
// Read otherwise, at 100k orders: walking the list and looking each
// parcel's words up read 15,410 buffers for a page of "in tr" (the newest
// parcels are rarely in transit: 3,762 passed) and 6,100-8,300 for words
// 3,600-4,200 parcels match ("Ro", "Th", "1"); sorting every match's keys
// from the words' rows (0030) read each match once, 924-2,400 buffers for
// 900-2,000 matches, more for more. Nor does the list count the matches
// first (matchesAtMost, up to 2,001 rows) to choose between the two.
//
// pgWindowGrowth is how much the first window is longer than the page,
// and each next one at least longer than the one before: a larger step
// reads a window up to that many times longer than the page needed, a
// smaller one more windows (each reads the one before again). Starting
// at the page's length read 60% more buffers over the bench's keys at
// 100k orders, and a window 300 times too long for one of them: parcels
// are shipped unevenly (the newest stretch of the demo's list holds six
// times the average), so a first window's few matches can mislead.
//
// The first window was sized by the list's average (its first and last
// shipped_at and the counters' total): at the top of the demo's list it
// held six times the parcels it meant to, and "R" read 3,003 buffers a
// page at 100k orders (a third of them looked up), "L", "LP", "8"
// 1,550-1,900; from the k-th parcel 1,100-1,350. Every window placed at
// its k-th parcel read more over the bench's keys (the list index walked
// to the 28,800th parcel: 361 buffers for "LP006789"), and a first window
// of 8 or 2 pages' parcels 22% and 8% more than 4.
const pgWindowGrowth = 4

// pgWindowed reports whether the list of status ("" for all) filtered by
// f is read by pgWordsKeys in windows: f has full-text words or a status
// word's full-text side, and neither the list nor a status word with no
// other side keeps the matches to some statuses. Kept to some, the
// windows would test the words' matches for statuses the newest parcels
// are rarely in ("R delivered" at 100k orders: 50,136 buffers a page, a
// third of the newest parcels' words tested before the first delivered
// one); the statuses' own index finds them sooner (listQuery).
func (db *DB) pgWindowed(f filter, status tracker.Status) bool {
	return db.pg && (f.fts != "" || f.ftsSide) && pgMustStatuses(f, status) == nil
}

// pgStatusesOnly reports whether the matches of f on the list of status
// are the parcels in f.statuses: status words only, whose other fields
// add no parcel the statuses do not hold ("in transit": "in" finds buyers
// too, but "transit" keeps only the parcels in transit). A page of them
// is then the statuses' (byStatusQuery).
func pgStatusesOnly(f filter, status tracker.Status) bool {
	sts := pgMustStatuses(f, status)
	return f.fts == "" && sts != nil && !slices.ContainsFunc(sts, func(st tracker.Status) bool { return !slices.Contains(f.statuses, st) })
}

// pgMustStatuses is the statuses every match of f on the list of status
// ("" for all) is in: status's, and those of each status word with no
// full-text side; nil when any status will do.
func pgMustStatuses(f filter, status tracker.Status) []tracker.Status {
	var sts []tracker.Status
	if status != "" {
		sts = []tracker.Status{status}
	}
	for _, sw := range f.statusWords {
		if sw.fts == "" {
			sts = intersect(sts, sw.statuses)
		}
	}
	return sts
}

// pgWordsPage reads a page of the list filtered by f (pgWindowed) window
// by window (or, with whole, from the whole list at once: for few
// matches), each window one query of the page's rows by their keys.
func (db *DB) pgWordsPage(ctx context.Context, q tracker.ListQuery, f filter, whole bool, cmp, dir string, limit int) ([]tracker.ShipmentRow, error) {
	// The list's parcels and its oldest and newest shipped_at: the
	// counters' total, and the list index's two ends.
	var total, oldest, newest int64
	if !whole {
		rows, err := db.query(ctx, `SELECT (SELECT coalesce(sum(n), 0) FROM shipment_counts),
			coalesce(min(shipped_at), 0), coalesce(max(shipped_at), 0) FROM shipments`)
		if err == nil {
			err = scanOne(rows, &total, &oldest, &newest)
		}
		if err != nil {
			return nil, fmt.Errorf("list span: %w", err)
		}
	}
	from := newest // where the windows start: the cursor, or the list's top
	if dir == "ASC" {
		from = oldest
	}
	if q.Cursor != nil {
		from = shippedUnix(q.Cursor.ShippedAt)
	}
	var end *int64
	for k, prev := int64(pgWindowGrowth*limit), int64(0); ; {
		switch {
		case whole || k >= total/2:
			end = nil // the whole rest of the list
		case end == nil || *end == from:
			// The first window holds the k parcels after the cursor: it
			// ends at the k-th one's shipped_at (none when fewer are left).
			e, err := db.pgListAfter(ctx, q.Cursor, cmp, dir, k)
			if err != nil {
				return nil, err
			}
			end = e
		default:
			// A next one as many times longer as it is to hold more
			// parcels, as densely shipped as the one before.
			width := (*end - from) * k / prev
			if e := from + width; e > oldest && e < newest {
				end = &e
			} else {
				end = nil
			}
		}
		prev = k
		keys, args := pgWordsKeys(q, f, end, cmp, dir, limit)
		out, err := db.listRows(ctx, listSQL+" WHERE s.id IN ("+keys+") ORDER BY s.shipped_at "+dir+", s.id "+dir, args)
		if err != nil || len(out) >= limit || end == nil {
			return out, err
		}
		// The next window is as long as this one's matches say the page
		// needs, twice over, and at least pgWindowGrowth times longer.
		if n := int64(len(out)); n == 0 {
			k *= pgWindowGrowth * pgWindowGrowth
		} else {
			k = max(k*pgWindowGrowth, 2*k*int64(limit)/n)
		}
	}
}

// pgListAfter is the shipped_at of the k-th parcel after cursor (the
// list's top when nil) in the list's order dir, read from the list index;
// nil when fewer are left.
func (db *DB) pgListAfter(ctx context.Context, cursor *tracker.Cursor, cmp, dir string, k int64) (*int64, error) {
	q, args := "SELECT s.shipped_at FROM shipments s", []any{}
	if cursor != nil {
		q, args = q+" WHERE (s.shipped_at, s.id) "+cmp+" (?, ?)", append(args, shippedUnix(cursor.ShippedAt), cursor.ShipmentID)
	}
	rows, err := db.query(ctx, q+" ORDER BY s.shipped_at "+dir+", s.id "+dir+" LIMIT 1 OFFSET ?", append(args, k-1)...)
	if err != nil {
		return nil, fmt.Errorf("list window of %d parcels: %w", k, err)
	}
	var end int64
	if err := scanOne(rows, &end); errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("list window of %d parcels: %w", k, err)
	}
	return &end, nil
}

// pgWordsKeys is the SQL of the ids of the first limit matches of f, in
// the list of q.Status ("" for all), after q.Cursor and shipped up to end
// (the window's last shipped_at; none when nil), in the order dir. The matches are
// those the words' index finds in the window, tested for the filter's
// other terms on their parcel's status and their own words, and, for a
// filter of status words alone, the parcels in the statuses every word
// allows (f.statuses), each status read from its index.
func pgWordsKeys(q tracker.ListQuery, f filter, end *int64, cmp, dir string, limit int) (string, []any) {
	to := map[string]string{"<": ">=", ">": "<="}[cmp] // the window's end, in the same order
	window := func(shipped, id string) (string, []any) {
		var where []string
		var args []any
		if q.Cursor != nil {
			where = append(where, "("+shipped+", "+id+") "+cmp+" (?, ?)")
			args = append(args, shippedUnix(q.Cursor.ShippedAt), q.Cursor.ShipmentID)
		}
		if end != nil {
			where = append(where, shipped+" "+to+" ?")
			args = append(args, *end)
		}
		return strings.Join(where, " AND "), args
	}
	// The words' side: the words, or any status word's other fields.
	words := f.fts
	if words == "" {
		var sides []string
		for _, sw := range f.statusWords {
			if sw.fts != "" {
				sides = append(sides, sw.fts)
			}
		}
		words = strings.Join(sides, " | ")
	}
	where := []string{"f.doc @@ to_tsquery('simple', unaccent(?))"}
	args := []any{words}
	if w, wargs := window("f.shipped_at", "f.rowid"); w != "" {
		where, args = append(where, w), append(args, wargs...)
	}
	// A filter of status words alone: the parcels in the statuses every
	// word allows are read from their index; the words add the others.
	var byStatus []tracker.Status
	if f.fts == "" {
		byStatus = f.statuses
		if q.Status != "" {
			byStatus = intersect(byStatus, []tracker.Status{q.Status})
		}
	}
	lookup, nf := false, len(where) // where's first nf terms are the words' rows' own
	in := func(sts []tracker.Status) string {
		for _, st := range sts {
			args = append(args, string(st))
		}
		return "s.status IN (" + marks(len(sts)) + ")"
	}
	if len(byStatus) > 0 {
		where, lookup = append(where, "NOT "+in(byStatus)), true
	}
	for _, sw := range f.statusWords {
		term := in(sw.statuses)
		if sw.fts != "" {
			term = "(" + term + " OR f.doc @@ to_tsquery('simple', unaccent(?)))"
			args = append(args, sw.fts)
		}
		where, lookup = append(where, term), true
	}
	if q.Status != "" {
		where, lookup = append(where, "s.status = ?"), true
		args = append(args, string(q.Status))
	}
	from := "shipments_fts f"
	switch {
	case lookup && end != nil:
		// Each match's status by its key, as the window's few matches are
		// found: a join left to PostgreSQL may read every parcel to hash
		// them. The window's matches are put in list order first, from
		// their words' rows, and looked up in that order until the page
		// is full: looked up before (the sort above the join) a window of
		// many matches looked each up ("lp in" at 100k orders, a window of
		// 28,800 parcels: 10,835 buffers).
		from = "(SELECT f.rowid, f.shipped_at, f.doc FROM shipments_fts f WHERE " + strings.Join(where[:nf], " AND ") +
			" ORDER BY f.shipped_at " + dir + ", f.rowid " + dir + " OFFSET 0) f" +
			" JOIN LATERAL (SELECT s.status FROM shipments s WHERE s.id = f.rowid OFFSET 0) s ON true"
		where = where[nf:]
	case lookup:
		// Every match (few, or the last window): PostgreSQL chooses how to
		// join them to their parcels ("Rob delivered", 1,253 matches at 100k
		// orders: 6,480 buffers looked up one by one, 2,100 as it chose).
		where = append(where[:nf:nf], "EXISTS (SELECT 1 FROM shipments s WHERE s.id = f.rowid AND "+strings.Join(where[nf:], " AND ")+")")
	}
	arms := []string{"SELECT f.rowid AS id, f.shipped_at FROM " + from + " WHERE " + strings.Join(where, " AND ") +
		" ORDER BY f.shipped_at " + dir + ", f.rowid " + dir + " LIMIT ?"}
	args = append(args, limit)
	for _, st := range byStatus {
		arm := "SELECT s.id, s.shipped_at FROM shipments s WHERE s.status = ?"
		args = append(args, string(st))
		if w, wargs := window("s.shipped_at", "s.id"); w != "" {
			arm, args = arm+" AND "+w, append(args, wargs...)
		}
		arms = append(arms, arm+" ORDER BY s.shipped_at "+dir+", s.id "+dir+" LIMIT ?")
		args = append(args, limit)
	}
	for i, a := range arms {
		arms[i] = fmt.Sprintf("SELECT id, shipped_at FROM (%s) AS arm%d", a, i)
	}
	return "SELECT id FROM (" + strings.Join(arms, " UNION ALL ") + ") AS arms ORDER BY shipped_at " + dir + ", id " + dir + " LIMIT ?", append(args, limit)
}
