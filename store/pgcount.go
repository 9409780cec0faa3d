package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"waybill/tracker"
)

// pgHashedIDs is how many ids of parcels in some statuses pgCountByStatus
// hashes at most; more are grouped with the words' matches by id.
const pgHashedIDs = 100_000

// pgCountByStatus counts on PostgreSQL the matches of a filter with
// status words that also match other fields ("in t", "R", "d"), or with
// words kept to some statuses ("lp transit"), status by status: a parcel
// in status X matches when its words match the filter's full-text words
// and the other fields of every status word that does not allow X. So
// the parcels of the statuses every word allows are the counters' (as
// countByStatus counts them), and each other set of statuses that the
// same words decide is one count of those words' matches in the words'
// index, kept to the statuses (or, fewer by the counters, with the other
// statuses taken out) by a hash of the ids in them from their index.
//
// Counted before as the filter's condition on every parcel, at 100k
// orders: 6,350-7,100 buffers for the exact count of "in t", "in tr",
// "R", "d", "i", "T" (every parcel and every word match read), and for
// "lp transit" 34,600 buffers to learn it passes 2,000 and 171,363 to
// count its 9,794 (PostgreSQL, guessing a prefix matches few parcels,
// looked each of the 42,250 "lp" matches up in shipments).
//
// The ids in the statuses are a hashed subplan, tested on each of the
// words' matches as the words' index gives them, so that a capped count
// stops at its cap: as a join PostgreSQL, guessing a prefix's matches are
// a few, looked each up, or read the ids again for each (217,745 buffers
// for "lp in" up to 1,000 at 40,000 orders). A subplan's hash must fit in
// work_mem (times hash_mem_multiplier), or PostgreSQL reads the ids
// again for each match: past pgHashedIDs the words' matches and the ids
// are grouped by id instead, which reads them all but spills to disk.
//
// ok is false where the filter has no status word and no list status
// (a count of the words' own rows, countQuery).
func (db *DB) pgCountByStatus(ctx context.Context, f filter, status tracker.Status, limit int) (n int, ok bool, err error) {
	if !db.pg || (len(f.statusWords) == 0 && status == "") || f.empty() {
		return 0, false, nil
	}
	rows, err := db.query(ctx, `SELECT status, sum(n) FROM shipment_counts GROUP BY status HAVING sum(n) > 0`)
	if err != nil {
		return 0, false, fmt.Errorf("count parcels by status: %w", err)
	}
	parcels := map[tracker.Status]int{}
	for rows.Next() {
		var st tracker.Status
		var c int
		if err := rows.Scan(&st, &c); err != nil {
			rows.Close()
			return 0, false, fmt.Errorf("count parcels by status: %w", err)
		}
		parcels[st] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, false, fmt.Errorf("count parcels by status: %w", err)
	}
	// Each status's words: what the parcels in it must match.
	type group struct {
		words    string
		statuses []tracker.Status
		parcels  int
	}
	var groups []*group
	kept := 0
	for st, c := range parcels {
		if status != "" && st != status {
			continue
		}
		words, none := []string{}, false
		if f.fts != "" {
			words = append(words, f.fts)
		}
		for _, sw := range f.statusWords {
			switch {
			case slices.Contains(sw.statuses, st):
			case sw.fts == "":
				none = true
			default:
				words = append(words, sw.fts)
			}
		}
		switch {
		case none:
		case len(words) == 0:
			kept += c
		default:
			q := db.ftsAll(words)
			i := slices.IndexFunc(groups, func(g *group) bool { return g.words == q })
			if i < 0 {
				groups, i = append(groups, &group{words: q}), len(groups)
			}
			groups[i].statuses = append(groups[i].statuses, st)
			groups[i].parcels += c
		}
	}
	hashed := pgHashedIDs
	if db.hashedIDs != nil {
		hashed = *db.hashedIDs
	}
	total := 0
	for _, c := range parcels {
		total += c
	}
	var counts []string
	var args []any
	for _, g := range groups {
		slices.Sort(g.statuses)
		in, not := g.statuses, false
		if total-g.parcels < g.parcels {
			// Fewer parcels outside the statuses: those taken out.
			in, not = nil, true
			for st := range parcels {
				if !slices.Contains(g.statuses, st) {
					in = append(in, st)
				}
			}
			slices.Sort(in)
		}
		args = append(args, g.words)
		q := `SELECT f.rowid FROM shipments_fts f WHERE f.doc @@ to_tsquery('simple', unaccent(?))`
		ids := `SELECT s.id FROM shipments s WHERE s.status IN (` + marks(len(in)) + `)`
		switch {
		case len(in) == 0:
		case min(g.parcels, total-g.parcels) > hashed:
			// Too many ids for a hash in memory: the words' matches and
			// the ids, grouped (a hash that spills to disk if it must).
			q = `SELECT id FROM (SELECT rowid AS id, 1 AS words FROM (` + q + `) f UNION ALL ` +
				strings.Replace(ids, "s.id", "s.id, 0", 1) + `) u GROUP BY id HAVING ` +
				map[bool]string{false: "count(*) = 2", true: "min(words) = 1"}[not]
		case not:
			q += ` AND f.rowid NOT IN (` + ids + `)`
		default:
			// IS TRUE keeps the IN a hashed subplan, not a join.
			q += ` AND (f.rowid IN (` + ids + `)) IS TRUE`
		}
		for _, st := range in {
			args = append(args, string(st))
		}
		counts = append(counts, `(SELECT count(*) FROM (`+q+` LIMIT ?) g)`)
		if limit < 0 {
			args = append(args, -1) // no limit
		} else {
			args = append(args, limit+1)
		}
	}
	if len(counts) > 0 && (limit < 0 || kept <= limit) {
		rows, err := db.query(ctx, `SELECT `+strings.Join(counts, " + "), args...)
		var more int
		if err == nil {
			err = scanOne(rows, &more)
		}
		if err != nil {
			return 0, false, fmt.Errorf("count parcels whose words match %q: %w", f.fts, err)
		}
		kept += more
	}
	if limit >= 0 {
		kept = min(kept, limit+1)
	}
	return kept, true, nil
}
