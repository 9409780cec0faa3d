package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode"

	"waybill/tracker"
)

// The orders filter (ListQuery.Query) is served by the FTS5 table
// shipments_fts (migration 0007), never by reading rows into Go.

// ftsQuery turns what a person typed into an FTS5 query: every word must
// begin a word of the shipment's order number, tracking number, buyer,
// destination, carrier or status. Words are split where unicode61 splits
// them (anything but letters and digits), so "in_transit", "AB-123" and
// "São" mean what they look like, and FTS5 syntax typed by a person stays
// text. It returns "" when q has no word.
func ftsQuery(q string) string {
	words := strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, w := range words {
		words[i] = `"` + w + `"*`
	}
	return strings.Join(words, " ")
}

// sparseMatches is where the list stops starting from the matches: up to
// this many, it reads them by rowid and sorts them; beyond it, it walks the
// list index in order and keeps the rows that match, which finds a page
// quickly when matches are dense (BenchmarkFilter).
const sparseMatches = 2000

// matchesAtMost reports whether fts matches at most limit shipments,
// counting no further than limit+1.
func (db *DB) matchesAtMost(ctx context.Context, fts string, limit int) (bool, error) {
	var n int
	rows, err := db.query(ctx, `SELECT count(*) FROM (SELECT 1 FROM shipments_fts WHERE shipments_fts MATCH ? LIMIT ?)`, fts, limit+1)
	if err == nil {
		err = scanOne(rows, &n)
	}
	return n <= limit, err
}

// CountMatching counts the shipments in status ("" for all) that query
// matches (all when query has no word).
func (db *DB) CountMatching(ctx context.Context, status tracker.Status, query string) (int, error) {
	fts := ftsQuery(query)
	if fts == "" {
		return db.CountShipments(ctx, status)
	}
	q, args := `SELECT count(*) FROM shipments_fts WHERE shipments_fts MATCH ?`, []any{fts}
	if status != "" {
		q = `SELECT count(*) FROM shipments_fts f CROSS JOIN shipments s ON s.id = f.rowid WHERE shipments_fts MATCH ? AND s.status = ?`
		args = append(args, string(status))
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

// matchWhere is the WHERE term (with its argument) that keeps list rows
// matching fts, and whether the matches are few. Few matches are looked up
// by id and sorted (listQuery sorts only their keys, then reads the page's
// rows); many are found by walking the list index in order and stopping at
// LIMIT, which SQLite must be told to do.
func (db *DB) matchWhere(ctx context.Context, fts string) (string, any, bool, error) {
	limit := sparseMatches
	if db.sparseMatches != nil {
		limit = *db.sparseMatches
	}
	sparse, err := db.matchesAtMost(ctx, fts, limit)
	if err != nil {
		return "", nil, false, err
	}
	return "s.id IN (SELECT rowid FROM shipments_fts WHERE shipments_fts MATCH ?)", fts, sparse, nil
}

// ListOrdersMatching is ListOrders for the orders with a shipment in status
// ("" for any) that query matches, each with all its shipments.
func (db *DB) ListOrdersMatching(ctx context.Context, status tracker.Status, query string) ([]tracker.OrderDetail, error) {
	fts := ftsQuery(query)
	if fts == "" {
		return db.ListOrders(ctx, status)
	}
	where := "o.id IN (SELECT s.order_id FROM shipments s WHERE s.id IN (SELECT rowid FROM shipments_fts WHERE shipments_fts MATCH ?)"
	args := []any{fts}
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
