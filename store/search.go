package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
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

// ftsWord is one word as an FTS5 prefix query.
func ftsWord(w string) string { return `"` + w + `"*` }

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

// matchSet is the SQL of the set of shipment ids a query matches, with its
// arguments; "" when the query has no word. Each word must begin a word of
// one of the shipment's fields. Words that begin no status word go to FTS5
// together, as one MATCH; a word that begins a status word matches the
// shipments in those statuses or, through FTS5, any other field.
func (db *DB) matchSet(ctx context.Context, query string) (string, []any, error) {
	var fts []string
	var sets []string
	var args []any
	for _, w := range splitWords(query) {
		sts := statusesFor(w)
		if len(sts) == 0 {
			fts = append(fts, ftsWord(w))
			continue
		}
		set := `SELECT id FROM shipments WHERE status IN (` + strings.Repeat("?, ", len(sts)-1) + `?)`
		for _, st := range sts {
			args = append(args, string(st))
		}
		// Most status words name no order, buyer or place: leave the
		// full-text side out when it finds nothing.
		found, err := db.ftsAny(ctx, ftsWord(w))
		if err != nil {
			return "", nil, err
		}
		if found {
			set += ` UNION SELECT rowid FROM shipments_fts WHERE shipments_fts MATCH ?`
			args = append(args, ftsWord(w))
		}
		sets = append(sets, set)
	}
	if len(fts) > 0 {
		sets = append([]string{`SELECT rowid FROM shipments_fts WHERE shipments_fts MATCH ?`}, sets...)
		args = append([]any{strings.Join(fts, " ")}, args...)
	}
	if len(sets) == 0 {
		return "", nil, nil
	}
	if len(sets) == 1 {
		return sets[0], args, nil
	}
	for i, s := range sets {
		sets[i] = `SELECT * FROM (` + s + `)`
	}
	return strings.Join(sets, ` INTERSECT `), args, nil
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

// matchesAtMost reports whether the set matches at most limit shipments,
// counting no further than limit+1.
func (db *DB) matchesAtMost(ctx context.Context, set string, args []any, limit int) (bool, error) {
	var n int
	rows, err := db.query(ctx, `SELECT count(*) FROM (SELECT 1 FROM (`+set+`) LIMIT ?)`, append(slices.Clone(args), limit+1)...)
	if err == nil {
		err = scanOne(rows, &n)
	}
	return n <= limit, err
}

// CountMatching counts the shipments in status ("" for all) that query
// matches (all when query has no word).
func (db *DB) CountMatching(ctx context.Context, status tracker.Status, query string) (int, error) {
	set, args, err := db.matchSet(ctx, query)
	if err != nil {
		return 0, fmt.Errorf("count shipments matching %q: %w", query, err)
	}
	if set == "" {
		return db.CountShipments(ctx, status)
	}
	q := `SELECT count(*) FROM (` + set + `)`
	if status != "" {
		q = `SELECT count(*) FROM shipments s WHERE s.status = ? AND s.id IN (` + set + `)`
		args = append([]any{string(status)}, args...)
	}
	var n int
	rows, err := db.query(ctx, q, args...)
	if err == nil {
		err = scanOne(rows, &n)
	}
	if err != nil {
		return 0, fmt.Errorf("count shipments matching %q: %w", query, err)
	}
	return n, nil
}

// matchWhere is the list's WHERE term for query (empty when it has no
// word), with its arguments, and whether the matches are few. Few matches
// are looked up by id and sorted (listQuery sorts only their keys, then
// reads the page's rows); many are found by walking the list index in
// order and stopping at LIMIT, which SQLite must be told to do.
func (db *DB) matchWhere(ctx context.Context, query string) (listMatch, error) {
	set, args, err := db.matchSet(ctx, query)
	if err != nil || set == "" {
		return listMatch{}, err
	}
	limit := sparseMatches
	if db.sparseMatches != nil {
		limit = *db.sparseMatches
	}
	sparse, err := db.matchesAtMost(ctx, set, args, limit)
	if err != nil {
		return listMatch{}, err
	}
	return listMatch{where: "s.id IN (" + set + ")", args: args, sparse: sparse}, nil
}

// ListOrdersMatching is ListOrders for the orders with a shipment in status
// ("" for any) that query matches, each with all its shipments.
func (db *DB) ListOrdersMatching(ctx context.Context, status tracker.Status, query string) ([]tracker.OrderDetail, error) {
	set, args, err := db.matchSet(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("list orders matching %q: %w", query, err)
	}
	if set == "" {
		return db.ListOrders(ctx, status)
	}
	where := "o.id IN (SELECT s.order_id FROM shipments s WHERE s.id IN (" + set + ")"
	if status != "" {
		where += " AND s.status = ?"
		args = append(args, string(status))
	}
	where += ")"
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("list orders matching %q: %w", query, err)
	}
	defer tx.Rollback()
	ds, err := details(ctx, tx, where, args, false)
	if err != nil {
		return nil, fmt.Errorf("list orders matching %q: %w", query, err)
	}
	return ds, nil
}
