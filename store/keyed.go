package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"waybill/tracker"
)

// On SQLite the rowid of a parcel's row in shipments_fts is its list key,
// shipped_at * 2^31 + id (migration 0027): FTS5 hands matches over in
// rowid order without sorting, so the newest matches of a word are the
// first rowids it reads, and a page of a word that matches a third of a
// million orders reads a page of its doclist instead of building the set
// of every match (issue 24: 100-490 ms a first letter, before).

const (
	keyIDBits = 31
	keyIDMask = 1<<keyIDBits - 1
	// The shipped_at the key keeps in order; 0027's triggers clamp beyond.
	keyMaxShipped = 1<<32 - 1
	keyMinShipped = -(1 << 32)
	// keyedMinShare is the least share of the store a status must hold for
	// an arm to walk full-text matches and keep those in the status: the
	// walk then passes about limit/share matches (5,000 for a page of
	// 100). Rarer statuses are read by the id set (matchIn).
	keyedMinShare = 0.02
)

// listKey is shipments_fts' rowid of a parcel, as 0027's triggers compute it.
func listKey(shipped, id int64) int64 {
	return min(max(shipped, keyMinShipped), keyMaxShipped)<<keyIDBits + id
}

// keyedArm is one part of a filter read newest first; the filter's
// matches are the union of its arms. An arm with fts reads FTS5 in key
// order, keeping the parcels in statuses (nil: any); an arm without reads
// each of statuses from shipments_status_list.
type keyedArm struct {
	fts      string
	statuses []tracker.Status
}

// keyedArms splits f, on a list of status ("" for all), into arms read
// newest first, or returns nil when the filter is better read otherwise:
// on PostgreSQL, for status words only (byStatusQuery), with more than
// three status words that also match other fields, when an arm would keep
// a status too rare among the matches it walks, or when the store holds a
// parcel whose key is out of order (keyedStore). A status word matches its
// statuses or its full-text side, so each such word doubles the arms.
func (db *DB) keyedArms(ctx context.Context, f filter, status tracker.Status) ([]keyedArm, error) {
	if db.pg || db.unkeyed || (f.fts == "" && !f.ftsSide) {
		return nil, nil
	}
	var sides []statusWord // status words with a full-text side
	var base []tracker.Status
	if status != "" {
		base = []tracker.Status{status}
	}
	for _, sw := range f.statusWords {
		if sw.fts != "" {
			sides = append(sides, sw)
			continue
		}
		base = intersect(base, sw.statuses)
	}
	if len(sides) > 3 {
		return nil, nil
	}
	arms := []keyedArm{} // none: nothing matches
	for choice := 0; choice < 1<<len(sides); choice++ {
		words, sts := f.words, base
		for i, sw := range sides {
			if choice&(1<<i) != 0 {
				words = append(words[:len(words):len(words)], sw.fts)
			} else {
				sts = intersect(sts, sw.statuses)
			}
		}
		if sts != nil && len(sts) == 0 {
			continue // statuses no parcel can be in at once
		}
		if len(words) == 0 {
			arms = append(arms, keyedArm{statuses: sts})
			continue
		}
		arms = append(arms, keyedArm{fts: db.ftsAll(words), statuses: sts})
	}
	ok, err := db.keyedStore(ctx)
	if err != nil || !ok {
		return nil, err
	}
	return db.keyedShares(ctx, arms)
}

// intersect is the statuses in both; nil stands for every status.
func intersect(a, b []tracker.Status) []tracker.Status {
	if a == nil {
		return b
	}
	out := []tracker.Status{}
	for _, st := range a {
		for _, o := range b {
			if st == o {
				out = append(out, st)
				break
			}
		}
	}
	return out
}

// keyedStore reports whether every parcel's key sorts as the list does:
// shipped_at within what the key holds and ids under 2^31. Three index
// seeks (shipments_list leads with shipped_at).
func (db *DB) keyedStore(ctx context.Context) (bool, error) {
	var ok bool
	rows, err := db.query(ctx, `SELECT coalesce((SELECT max(shipped_at) FROM shipments), 0) <= ?
		AND coalesce((SELECT min(shipped_at) FROM shipments), 0) >= ?
		AND coalesce((SELECT max(id) FROM shipments), 0) <= ?`, keyMaxShipped, keyMinShipped, keyIDMask)
	if err == nil {
		err = scanOne(rows, &ok)
	}
	if err != nil {
		return false, fmt.Errorf("list keys in order: %w", err)
	}
	return ok, nil
}

// keyedShares returns arms without what their status-only arm reads
// already, or nil when a full-text arm that keeps only some statuses keeps
// less than keyedMinShare of the store (from the counter rows), whose walk
// would be long.
//
// A full-text arm that keeps statuses walks the words' matches newest
// first, looking each parcel up for its status, until it has a page: at
// 1,000,000 orders `in t`'s arm of "in"* in transit looked up some 250
// parcels (1,196 pages), at 100,000 some 60 (227 pages), as few of the
// newest matches of "in" were in transit. But the parcels in transit are
// the status-only arm's already (`t` as in_transit): the arm finds nothing
// more, and is dropped; an arm that keeps some of those statuses keeps the
// rest only (`t`'s words, received or in transit: received), unless the
// rest is too rare to walk for.
func (db *DB) keyedShares(ctx context.Context, arms []keyedArm) ([]keyedArm, error) {
	var read []tracker.Status // the status-only arm's
	for _, a := range arms {
		if a.fts == "" {
			read = append(read, a.statuses...)
		}
	}
	var counts map[tracker.Status]int
	total := 0
	share := func(sts []tracker.Status) float64 {
		n := 0
		for _, st := range sts {
			n += counts[st]
		}
		return float64(n) / float64(max(total, 1))
	}
	out := arms[:0:0]
	for _, a := range arms {
		if a.fts == "" || a.statuses == nil {
			out = append(out, a)
			continue
		}
		rest := slices.DeleteFunc(slices.Clone(a.statuses), func(st tracker.Status) bool { return slices.Contains(read, st) })
		if len(rest) == 0 {
			continue // the status-only arm reads all it would find
		}
		if counts == nil {
			var err error
			if counts, total, err = db.statusCounts(ctx); err != nil {
				return nil, err
			}
		}
		switch {
		case share(rest) >= keyedMinShare:
			a.statuses = rest
		case share(a.statuses) < keyedMinShare:
			return nil, nil
		}
		out = append(out, a)
	}
	return out, nil
}

// statusCounts reads the parcels by status from the counter rows.
func (db *DB) statusCounts(ctx context.Context) (map[tracker.Status]int, int, error) {
	rows, err := db.query(ctx, `SELECT status, sum(n) FROM shipment_counts GROUP BY status`)
	if err != nil {
		return nil, 0, fmt.Errorf("count shipments by status: %w", err)
	}
	defer rows.Close()
	counts, total := map[tracker.Status]int{}, 0
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, 0, fmt.Errorf("count shipments by status: %w", err)
		}
		counts[tracker.Status(st)] += n
		total += n
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("count shipments by status: %w", err)
	}
	return counts, total, nil
}

// keyedKeys is the SQL of the keys of arms' first limit matches in list
// order (dir: DESC for the list's own order) after cursor key (cmp; none
// when c is nil), the union of each arm's first limit, with its arguments.
func keyedKeys(arms []keyedArm, c *tracker.Cursor, cmp, dir string, limit int) (string, []any) {
	var parts []string
	var args []any
	for i, a := range arms {
		if a.fts != "" {
			// One table, so FTS5 reads the ORDER BY from its doclists; the
			// status test looks the parcel up by id.
			arm := "SELECT f.rowid AS k FROM shipments_fts f WHERE f.shipments_fts MATCH ?"
			args = append(args, a.fts)
			if a.statuses != nil {
				arm += " AND EXISTS (SELECT 1 FROM shipments s WHERE s.id = (f.rowid & " + fmt.Sprint(keyIDMask) + ") AND s.status IN (" + marks(len(a.statuses)) + "))"
				for _, st := range a.statuses {
					args = append(args, string(st))
				}
			}
			if c != nil {
				arm += " AND f.rowid " + cmp + " ?"
				args = append(args, listKey(shippedUnix(c.ShippedAt), c.ShipmentID))
			}
			parts = append(parts, fmt.Sprintf("SELECT k FROM (%s ORDER BY f.rowid %s LIMIT ?) AS arm%d", arm, dir, i))
			args = append(args, limit)
			continue
		}
		for j, st := range a.statuses {
			arm := fmt.Sprintf("SELECT s.shipped_at * %d + s.id AS k FROM shipments s INDEXED BY shipments_status_list WHERE s.status = ?", keyIDMask+1)
			args = append(args, string(st))
			if c != nil {
				arm += " AND (s.shipped_at, s.id) " + cmp + " (?, ?)"
				args = append(args, shippedUnix(c.ShippedAt), c.ShipmentID)
			}
			parts = append(parts, fmt.Sprintf("SELECT k FROM (%s ORDER BY s.shipped_at %s, s.id %s LIMIT ?) AS arm%d_%d", arm, dir, dir, i, j))
			args = append(args, limit)
		}
	}
	if len(parts) == 0 {
		return "SELECT 0 AS k WHERE 0 = 1", nil
	}
	// UNION: a parcel two arms find is one key.
	return "SELECT k FROM (" + strings.Join(parts, " UNION ") + ") AS arms ORDER BY k " + dir + " LIMIT ?", append(args, limit)
}

// keyedQuery is a page of a keyed filter: the page's ids from keyedKeys,
// their rows read alone.
func keyedQuery(q tracker.ListQuery, arms []keyedArm, cmp, dir string, limit int) (string, []any) {
	keys, args := keyedKeys(arms, q.Cursor, cmp, dir, limit)
	page := fmt.Sprintf("SELECT k & %d FROM (%s) AS page", keyIDMask, keys)
	return listSQL + " WHERE s.id IN (" + page + ") ORDER BY s.shipped_at " + dir + ", s.id " + dir, args
}

// marks is n comma-separated placeholders.
func marks(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
