package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"waybill/tracker"
)

// The orders filter (ListQuery.Query) is served by SQL, never by reading
// rows into Go: the FTS5 table shipments_fts (migration 0007) holds the
// words of the order number, tracking number, buyer, destination and
// carrier; the status, the one field ingest changes, is matched through
// shipments' status indexes instead, so the refresher never writes the
// full-text index (that cost half of ingest when it did).

// splitWords splits where unicode61 splits (anything but letters and
// digits), so "in_transit", "AB-123" and "São" mean what they look like,
// and FTS5 syntax typed by a person stays text.
func splitWords(q string) []string {
	return strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// ftsWord is one word as an FTS5 prefix query, or on PostgreSQL as a
// tsquery prefix (shipments_fts there is a tsvector: migrations/postgres).
// splitWords leaves only letters and digits, so neither needs escaping.
func (db *DB) ftsWord(w string) string {
	if db.pg {
		return strings.ToLower(w) + ":*"
	}
	return `"` + w + `"*`
}

// ftsAll is the query that matches all of words: FTS5 reads words side
// by side as AND; tsquery wants &.
func (db *DB) ftsAll(words []string) string {
	if db.pg {
		return strings.Join(words, " & ")
	}
	return strings.Join(words, " ")
}

// statusesFor returns the statuses with a word beginning with w: "deliv"
// gives delivered, delivery_failed and out_for_delivery.
func statusesFor(w string) []tracker.Status {
	w = strings.ToLower(w)
	var out []tracker.Status
	for _, st := range tracker.Statuses {
		for _, part := range strings.Split(string(st), "_") {
			if strings.HasPrefix(part, w) {
				out = append(out, st)
				break
			}
		}
	}
	return out
}

// filter is a query as SQL on shipments s: a term per kind of word, all
// of which must hold. Words that begin no status word go to FTS5
// together, as one MATCH (fts); a word that begins a status word matches
// the shipments in those statuses or, through FTS5, any other field.
type filter struct {
	fts   string   // the FTS5 query of the other words; "" when none
	ftsID string   // the shipment's id in shipments_fts (db.ftsID)
	terms []string // one per status word
	// scanTerms are terms with no status index for the status side of an
	// OR (whereScanned); the same arguments.
	scanTerms []string
	args      []any // the terms' arguments, in order
	// ftsSide says some status word's term also looks in FTS5; without
	// one the terms read only shipments' status indexes.
	ftsSide bool
	// statuses are the statuses every status word allows (each term's,
	// intersected): the whole filter when there is neither an FTS5 word
	// nor an FTS5 side.
	statuses []tracker.Status
	// words are the FTS5 words (fts, before joining) and statusWords the
	// status words, each as its statuses and its FTS5 side: what the
	// keyed read (keyed.go) builds its arms from.
	words       []string
	statusWords []statusWord
}

// statusWord is a word that begins a status word: it matches the parcels
// in statuses or, when fts is not "", those FTS5 finds for it.
type statusWord struct {
	statuses []tracker.Status
	fts      string
}

func (f filter) empty() bool { return f.fts == "" && len(f.terms) == 0 }

// where is the filter as one condition on s, with its arguments.
func (f filter) where() (string, []any) {
	var parts []string
	var args []any
	if f.fts != "" {
		parts = append(parts, "s.id IN (SELECT "+f.ftsID+" FROM shipments_fts WHERE shipments_fts MATCH ?)")
		args = append(args, f.fts)
	}
	return strings.Join(append(parts, f.terms...), " AND "), append(args, f.args...)
}

// whereScanned is where for a count of every match on SQLite. A status
// word that also matches other fields is `status IN (...) OR id IN
// (FTS5)`, which SQLite reads as a MULTI-INDEX OR: each side from its
// own index, every row found kept in an in-memory set (RowSet) to drop
// the rows both sides find. That set is not bounded by any cache: "d"
// at 1,000,000 orders put 673,000 ids in it and took the screen's
// process 12 MB up (tui_rss, issue 24). A status written `+s.status`
// cannot use its index, so SQLite walks a covering index once and tests
// each row, with the FTS5 side as an index of ids held in a b-tree with
// its own page cache (on a copy of the 1,000,000 store, "d" counted took
// the process's peak 22 MB up before, 7 MB after). Lists and counts up
// to a limit keep the OR: they stop after a page or the limit.
func (f filter) whereScanned() (string, []any) {
	return filter{fts: f.fts, ftsID: f.ftsID, terms: f.scanTerms, args: f.args}.where()
}

// parseFilter turns what a person typed into a filter. Each word must
// begin a word of one of the shipment's fields.
func (db *DB) parseFilter(ctx context.Context, query string) (filter, error) {
	f := filter{ftsID: db.ftsID()}
	var fts []string
	for _, w := range splitWords(query) {
		sts := statusesFor(w)
		if len(sts) == 0 {
			fts = append(fts, db.ftsWord(w))
			continue
		}
		if len(f.terms) == 0 {
			f.statuses = sts
		} else {
			f.statuses = slices.DeleteFunc(f.statuses, func(st tracker.Status) bool { return !slices.Contains(sts, st) })
		}
		in := "status IN (" + strings.Repeat("?, ", len(sts)-1) + "?)"
		term, scanTerm := "s."+in, "s."+in
		for _, st := range sts {
			f.args = append(f.args, string(st))
		}
		// Most status words name no order, buyer or place: leave the
		// full-text side out when it finds nothing.
		found, err := db.ftsAny(ctx, db.ftsWord(w))
		if err != nil {
			return filter{}, err
		}
		// A copy: f.statuses may be this slice, narrowed in place above.
		sw := statusWord{statuses: slices.Clone(sts)}
		if found {
			fts := " OR s.id IN (SELECT " + f.ftsID + " FROM shipments_fts WHERE shipments_fts MATCH ?))"
			term, scanTerm = "("+term+fts, "(+s."+in+fts
			f.args = append(f.args, db.ftsWord(w))
			f.ftsSide = true
			sw.fts = db.ftsWord(w)
		}
		f.terms, f.scanTerms = append(f.terms, term), append(f.scanTerms, scanTerm)
		f.statusWords = append(f.statusWords, sw)
	}
	f.fts, f.words = db.ftsAll(fts), fts
	return f, nil
}

// ftsID is the shipment's id as shipments_fts holds it: on SQLite the low
// 31 bits of the rowid, whose high bits are the parcel's shipped_at
// (migration 0027, keyed.go); on PostgreSQL the rowid column itself.
func (db *DB) ftsID() string {
	if db.pg {
		return "rowid"
	}
	return "(rowid & " + strconv.Itoa(keyIDMask) + ")"
}

// ftsAny reports whether an FTS5 query matches any shipment.
func (db *DB) ftsAny(ctx context.Context, fts string) (bool, error) {
	var n int
	rows, err := db.query(ctx, `SELECT count(*) FROM (SELECT 1 FROM shipments_fts WHERE shipments_fts MATCH ? LIMIT 1)`, fts)
	if err == nil {
		err = scanOne(rows, &n)
	}
	return n > 0, err
}

// sparseMatches is where the list stops starting from the matches: up to
// this many, it reads them by id and sorts them; beyond it, it walks the
// list index in order and keeps the rows that match, which finds a page
// quickly when matches are dense (BenchmarkFilter).
const sparseMatches = 2000

// matchesAtMost reports whether f matches at most limit shipments,
// counting no further than limit+1.
func (db *DB) matchesAtMost(ctx context.Context, f filter, limit int) (bool, error) {
	if n, ok, err := db.countByStatus(ctx, f, "", limit); ok || err != nil {
		return n <= limit, err
	}
	if n, ok, err := db.pgCountByStatus(ctx, f, "", limit); ok || err != nil {
		return n <= limit, err
	}
	where, args := f.where()
	q := `SELECT count(*) FROM (SELECT 1 FROM shipments s WHERE ` + where + ` LIMIT ?)`
	if len(f.terms) == 0 {
		// Words only: FTS5 counts its own rows (one per shipment) and stops
		// at the limit. Through shipments, SQLite first builds the set of
		// every match (a third of a million orders for one letter), and
		// the page's read builds it again.
		q, args = `SELECT count(*) FROM (SELECT 1 FROM shipments_fts WHERE shipments_fts MATCH ? LIMIT ?)`, []any{f.fts}
	}
	var n int
	rows, err := db.query(ctx, q, append(args, limit+1)...)
	if err == nil {
		err = scanOne(rows, &n)
	}
	return n <= limit, err
}

// CountMatching counts the shipments in status ("" for all) that query
// matches (all when query has no word).
func (db *DB) CountMatching(ctx context.Context, status tracker.Status, query string) (int, error) {
	return db.countMatching(ctx, status, query, -1)
}

// CountMatchingUpTo is CountMatching stopping past limit: a count over
// limit is limit+1. The whole-store counts (no word) come from counter
// rows and are exact at no cost.
func (db *DB) CountMatchingUpTo(ctx context.Context, status tracker.Status, query string, limit int) (int, error) {
	return db.countMatching(ctx, status, query, max(0, limit))
}

// countMatching counts to limit+1 (every match when limit < 0).
func (db *DB) countMatching(ctx context.Context, status tracker.Status, query string, limit int) (int, error) {
	f, err := db.parseFilter(ctx, query)
	if err != nil {
		return 0, fmt.Errorf("count shipments matching %q: %w", query, err)
	}
	if f.empty() {
		return db.CountShipments(ctx, status)
	}
	n, ok, err := db.countByStatus(ctx, f, status, limit)
	if !ok && err == nil {
		n, ok, err = db.pgCountByStatus(ctx, f, status, limit)
	}
	if ok || err != nil {
		if err != nil {
			return 0, fmt.Errorf("count shipments matching %q: %w", query, err)
		}
		return n, nil
	}
	q, args := db.countQuery(f, status, limit)
	rows, err := db.query(ctx, q, args...)
	if err == nil {
		err = scanOne(rows, &n)
	}
	if err != nil {
		return 0, fmt.Errorf("count shipments matching %q: %w", query, err)
	}
	return n, nil
}

// countQuery is the count of f's matches in status ("" for all), to
// limit+1 (every match when limit < 0).
func (db *DB) countQuery(f filter, status tracker.Status, limit int) (q string, args []any) {
	switch {
	case len(f.terms) == 0 && status == "":
		// FTS5 counts its own matches fastest.
		q, args = `SELECT 1 FROM shipments_fts WHERE shipments_fts MATCH ?`, []any{f.fts}
	default:
		where, wargs := f.where()
		if limit < 0 && !db.pg {
			where, wargs = f.whereScanned()
		}
		q, args = `SELECT 1 FROM shipments s WHERE `+where, wargs
		if status != "" {
			q, args = q+` AND s.status = ?`, append(args, string(status))
		}
	}
	if limit >= 0 {
		q, args = `SELECT count(*) FROM (`+q+` LIMIT ?)`, append(args, limit+1)
	} else {
		q = `SELECT count(*)` + strings.TrimPrefix(q, `SELECT 1`)
	}
	return q, args
}

// matchWhere is the list's condition for query (empty when it has no
// word), with its arguments, and how to read a page of it. Few matches
// are looked up (by id, or through the status index) and only their list
// keys sorted; many are found by walking the list index in order and
// stopping at LIMIT, which SQLite must be told to do. On SQLite most
// filters are read newest first from the full-text index itself instead
// (keyedArms), whatever their number of matches.
func (db *DB) matchWhere(ctx context.Context, query string) (listMatch, error) {
	return db.matchIn(ctx, "", query)
}

// matchIn is matchWhere for a list of one status ("" for all).
func (db *DB) matchIn(ctx context.Context, status tracker.Status, query string) (listMatch, error) {
	f, err := db.parseFilter(ctx, query)
	if err != nil || f.empty() {
		return listMatch{}, err
	}
	arms, err := db.keyedArms(ctx, f, status)
	if err != nil || arms != nil {
		return listMatch{keyed: arms}, err
	}
	if db.pgWindowed(f, status) {
		return listMatch{pgWords: &f}, nil
	}
	if db.pg && f.ftsSide && pgStatusesOnly(f, status) {
		return listMatch{byStatus: true, statuses: f.statuses}, nil
	}
	limit := sparseMatches
	if db.sparseMatches != nil {
		limit = *db.sparseMatches
	}
	sparse, err := db.matchesAtMost(ctx, f, limit)
	if err != nil {
		return listMatch{}, err
	}
	where, args := f.where()
	m := listMatch{where: where, args: args, sparse: sparse}
	if f.fts == "" && !f.ftsSide {
		// Status words only: the page is the newest of each status's
		// rows, each read in order from its own index (listQuery).
		m.statuses, m.byStatus = f.statuses, true
	}
	switch {
	case db.pg && sparse && f.fts != "":
		// Few parcels' words: their keys sorted from the words' rows,
		// each tested for the statuses (pgwords.go).
		return listMatch{pgWords: &f, pgWhole: true}, nil
	case db.pg && !sparse && (f.fts != "" || f.ftsSide):
		// Many, in the statuses the filter keeps to (pgMustStatuses):
		// each status's parcels walked from its index, their words asked.
		m.statuses, m.byStatus, m.byStatusWhere = pgMustStatuses(f, status), true, true
	case !sparse:
	case f.fts != "":
		m.sparseFrom = "NOT INDEXED" // by id, from the full-text matches
	case !f.ftsSide:
		m.sparseFrom = "INDEXED BY shipments_status_list"
	}
	// Otherwise (status words that also match other fields) SQLite may
	// take each side of the OR from its own index.
	return m, nil
}

// ListOrdersMatching lists the parcels in status ("" for any) that query
// matches, by their orders: each order with the matching parcels only, so
// `waybill list --query Q` lists exactly the parcels `/` with Q finds on
// the screen (the same filter: parseFilter). With neither, it is every
// order with every parcel.
func (db *DB) ListOrdersMatching(ctx context.Context, status tracker.Status, query string) ([]tracker.OrderDetail, error) {
	f, err := db.parseFilter(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("list orders matching %q: %w", query, err)
	}
	if f.empty() && status == "" {
		return db.ListOrders(ctx, "")
	}
	cond, args := "1 = 1", []any(nil)
	if !f.empty() {
		cond, args = f.where()
	}
	if status != "" {
		cond += " AND s.status = ?"
		args = append(args, string(status))
	}
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("list orders matching %q: %w", query, err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT s.id FROM shipments s WHERE `+cond, args...)
	if err != nil {
		return nil, fmt.Errorf("list orders matching %q: %w", query, err)
	}
	match := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list orders matching %q: %w", query, err)
		}
		match[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list orders matching %q: %w", query, err)
	}
	ds, err := details(ctx, tx, "o.id IN (SELECT s.order_id FROM shipments s WHERE "+cond+")", args, false)
	if err != nil {
		return nil, fmt.Errorf("list orders matching %q: %w", query, err)
	}
	for i := range ds {
		ds[i].Shipments = slices.DeleteFunc(ds[i].Shipments, func(s tracker.ShipmentDetail) bool { return !match[s.ID] })
	}
	return ds, nil
}
