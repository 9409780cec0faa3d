package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"math"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"waybill/tracker"
)

// copyTables are the tables `waybill migrate --to` copies, parents before
// the rows that refer to them (the foreign keys are checked as rows
// arrive). TestCopyTablesCoverSchema fails when a migration adds a table
// that is in neither this list nor rebuiltTables nor notCopied.
var copyTables = []string{
	"orders", "shipments", "events", "exceptions", "exception_log", "outbox", "watches",
	"cases", "case_log", "claims", "claim_log", "deadlines", "deadline_log",
	"market_orders", "market_disputes", "market_sync", "market_webhooks",
	"subscriptions", "tracking_life", "service_health", "eta_model", "meta",
}

// rebuiltTables are the counters of migration 0023. The target's triggers
// keep them as the rows above are copied, as they would for any write, so
// they are not copied but compared: equal counters say the source's were
// right and the target's are. A row at 0 means nothing (the screen skips
// it; SQLite keeps one a status had once) and is left out of both sides.
var rebuiltTables = []string{"shipment_counts", "exception_counts", "outbox_counts"}

// notCopied are the tables of either engine that are neither copied nor
// compared: the schema's own bookkeeping, the orders filter's words
// (SQLite's FTS5 table and its shadow tables; on PostgreSQL a tsvector per
// parcel that its triggers write as the parcels are copied), SQLite's
// count of orders with warnings (migration 0027; on PostgreSQL a view of
// 0029's slots, which its triggers fill as the orders are copied),
// and on PostgreSQL the counters' slots, compared through their views
// (rebuiltTables, migration 0028).
func notCopied(table string) bool {
	return table == "schema_version" || table == "checked_count" ||
		table == "shipments_fts" || strings.HasPrefix(table, "shipments_fts_") ||
		strings.HasSuffix(table, "_count_slots") ||
		strings.HasPrefix(table, "sqlite_")
}

// ErrTargetNotEmpty is CopyToPG's refusal of a database that holds rows.
var ErrTargetNotEmpty = tracker.Wrapf(tracker.StoreTargetHoldsRows)

// CopyToPG copies this SQLite store into the empty PostgreSQL database at
// url (making its schema first), table by table, ids as they are, and
// reports per table the rows and a checksum on both sides (see
// tracker.StoreCopyTable). progress, when set, is told of rows as they are
// copied.
//
// All of it is one PostgreSQL transaction, holding the store's write lock
// (pgWriteLock), read from one SQLite snapshot: a copy that fails or
// differs anywhere is rolled back and leaves the database empty, so the
// next try meets no half-copied store (which it would refuse), and no
// waybill on PostgreSQL sees a store half there.
//
// New rows get ids after the copied ones: the copy moves each id
// sequence past them (waybill_sync_ids, migration 0028).
func (db *DB) CopyToPG(ctx context.Context, url string, progress func(table string, rows int)) (rep tracker.StoreCopyReport, err error) {
	rep = tracker.StoreCopyReport{From: db.path, To: Redact(url)}
	if db.pg {
		return rep, tracker.Wrapf(tracker.StoreCopyOnPG, db.path)
	}
	if !IsURL(url) {
		return rep, tracker.Wrapf(tracker.StoreCopyNotURL, url)
	}
	// Open makes the schema, or brings it up to date, as for any command.
	pdb, err := Open(ctx, url)
	if err != nil {
		return rep, err
	}
	if err := pdb.Close(); err != nil {
		return rep, err
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return rep, tracker.Wrapf(tracker.StoreCopyTo, rep.To, pgClassify(err))
	}
	defer conn.Close(context.Background())
	ptx, err := conn.Begin(ctx)
	if err != nil {
		return rep, fmt.Errorf("copy store to %s: %w", rep.To, err)
	}
	defer ptx.Rollback(context.Background())
	if _, err := ptx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(pgWriteLock)); err != nil {
		return rep, fmt.Errorf("copy store to %s: take the write lock: %w", rep.To, err)
	}
	var full []string
	for _, t := range copyTables {
		var any bool
		if err := ptx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+pgx.Identifier{t}.Sanitize()+`)`).Scan(&any); err != nil {
			return rep, fmt.Errorf("copy store to %s: table %s: %w", rep.To, t, err)
		}
		if any {
			full = append(full, t)
		}
	}
	if len(full) > 0 {
		return rep, tracker.Wrapf(tracker.StoreCopyNotEmpty, rep.To, ErrTargetNotEmpty, strings.Join(full, ", "))
	}
	stx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return rep, fmt.Errorf("copy store %s: %w", db.path, classify(err))
	}
	defer stx.Rollback()

	rep.Equal = true
	for _, t := range copyTables {
		ct, err := copyTable(ctx, stx, ptx, t, progress)
		if err != nil {
			return rep, fmt.Errorf("copy table %s to %s: %w", t, rep.To, err)
		}
		rep.Tables = append(rep.Tables, ct)
		rep.Equal = rep.Equal && ct.Equal
	}
	// New rows get ids after the copied ones (migration 0028's sequences).
	if _, err := ptx.Exec(ctx, `SELECT waybill_sync_ids()`); err != nil {
		return rep, fmt.Errorf("copy store to %s: move the id sequences past the copied ids: %w", rep.To, err)
	}
	for _, t := range rebuiltTables {
		ct, err := compareTable(ctx, stx, ptx, t)
		if err != nil {
			return rep, fmt.Errorf("compare table %s with %s: %w", t, rep.To, err)
		}
		rep.Tables = append(rep.Tables, ct)
		rep.Equal = rep.Equal && ct.Equal
	}
	if !rep.Equal {
		return rep, nil // rolled back by the deferred Rollback
	}
	if err := ptx.Commit(ctx); err != nil {
		return rep, fmt.Errorf("copy store to %s: commit: %w", rep.To, err)
	}
	rep.Committed = true
	return rep, nil
}

// column is a column of the PostgreSQL table, with its type there: what
// the SQLite side's values are made into before they are copied and summed.
type column struct{ name, typ string }

// tableShape reads table's columns and its primary key from PostgreSQL,
// and checks the SQLite table has the same columns: a column on either
// side alone would lose data or fail the copy halfway.
func tableShape(ctx context.Context, stx *sql.Tx, ptx pgx.Tx, table string) (cols []column, key []string, err error) {
	rows, err := ptx.Query(ctx, `SELECT column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, table)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.name, &c.typ); err != nil {
			return nil, nil, err
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows, err = ptx.Query(ctx, `SELECT a.attname FROM pg_index i
		JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
		WHERE i.indrelid = $1::regclass AND i.indisprimary
		ORDER BY array_position(i.indkey::int2[], a.attnum)`, table)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, nil, err
		}
		key = append(key, k)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	if len(key) == 0 && len(cols) > 0 {
		// The counters are views on PostgreSQL (sums of their slots,
		// migration 0028), which have no key: SQLite's table says it.
		if key, err = sqliteKey(ctx, stx, table); err != nil {
			return nil, nil, err
		}
	}
	if len(cols) == 0 || len(key) == 0 {
		return nil, nil, errors.New("no such table, or no primary key, on PostgreSQL")
	}
	srows, err := stx.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, table)
	if err != nil {
		return nil, nil, err
	}
	defer srows.Close()
	onPG := map[string]bool{}
	for _, c := range cols {
		onPG[c.name] = true
	}
	n := 0
	for srows.Next() {
		var name string
		if err := srows.Scan(&name); err != nil {
			return nil, nil, err
		}
		if !onPG[name] {
			return nil, nil, fmt.Errorf("column %s is on SQLite but not on PostgreSQL", name)
		}
		n++
	}
	if err := srows.Err(); err != nil {
		return nil, nil, err
	}
	if n != len(cols) {
		return nil, nil, fmt.Errorf("PostgreSQL has %d columns, SQLite %d", len(cols), n)
	}
	return cols, key, nil
}

// sqliteKey is the primary key of SQLite's table, in order.
func sqliteKey(ctx context.Context, stx *sql.Tx, table string) ([]string, error) {
	rows, err := stx.QueryContext(ctx, `SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var key []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		key = append(key, k)
	}
	return key, rows.Err()
}

// selects are the queries reading table on each side in the same order:
// by primary key, text compared byte by byte (SQLite's BINARY; "C" on
// PostgreSQL, whose default collation orders by language).
func selects(table string, cols []column, key []string, where string) (sqlite, pg string) {
	types := map[string]string{}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = pgx.Identifier{c.name}.Sanitize()
		types[c.name] = c.typ
	}
	sk, pk := make([]string, len(key)), make([]string, len(key))
	for i, k := range key {
		sk[i] = pgx.Identifier{k}.Sanitize()
		pk[i] = sk[i]
		if types[k] == "text" {
			pk[i] += ` COLLATE "C"`
		}
	}
	q := `SELECT ` + strings.Join(names, ", ") + ` FROM ` + pgx.Identifier{table}.Sanitize() + where + ` ORDER BY `
	return q + strings.Join(sk, ", "), q + strings.Join(pk, ", ")
}

// copyTable copies table's rows with COPY, summing them as they are read,
// then sums what PostgreSQL holds.
func copyTable(ctx context.Context, stx *sql.Tx, ptx pgx.Tx, table string, progress func(string, int)) (tracker.StoreCopyTable, error) {
	ct := tracker.StoreCopyTable{Table: table}
	cols, key, err := tableShape(ctx, stx, ptx, table)
	if err != nil {
		return ct, err
	}
	sq, pq := selects(table, cols, key, "")
	rows, err := stx.QueryContext(ctx, sq)
	if err != nil {
		return ct, classify(err)
	}
	defer rows.Close()
	src := &sqliteSource{rows: rows, cols: cols, table: table, sum: newRowSum(), progress: progress}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	n, err := ptx.CopyFrom(ctx, pgx.Identifier{table}, names, src)
	if src.err != nil {
		err = src.err // the row that could not be made a PostgreSQL value, rather than COPY's abort
	}
	if err != nil {
		return ct, err
	}
	if progress != nil && src.unreported > 0 {
		progress(table, src.unreported)
	}
	ct.SourceRows, ct.SourceSHA256 = src.n, src.sum.hex()
	if n != src.n {
		return ct, fmt.Errorf("COPY stored %d rows of %d", n, src.n)
	}
	ct.TargetRows, ct.TargetSHA256, err = pgSum(ctx, ptx, pq, len(cols))
	ct.Equal = ct.SourceRows == ct.TargetRows && ct.SourceSHA256 == ct.TargetSHA256
	return ct, err
}

// compareTable sums a table the target rebuilt (rebuiltTables) on both
// sides, leaving out its rows at 0.
func compareTable(ctx context.Context, stx *sql.Tx, ptx pgx.Tx, table string) (tracker.StoreCopyTable, error) {
	ct := tracker.StoreCopyTable{Table: table, Rebuilt: true}
	cols, key, err := tableShape(ctx, stx, ptx, table)
	if err != nil {
		return ct, err
	}
	sq, pq := selects(table, cols, key, ` WHERE n <> 0`)
	rows, err := stx.QueryContext(ctx, sq)
	if err != nil {
		return ct, classify(err)
	}
	defer rows.Close()
	src := &sqliteSource{rows: rows, cols: cols, table: table, sum: newRowSum()}
	for src.Next() {
	}
	if src.err != nil {
		return ct, src.err
	}
	ct.SourceRows, ct.SourceSHA256 = src.n, src.sum.hex()
	ct.TargetRows, ct.TargetSHA256, err = pgSum(ctx, ptx, pq, len(cols))
	ct.Equal = ct.SourceRows == ct.TargetRows && ct.SourceSHA256 == ct.TargetSHA256
	return ct, err
}

// pgSum counts and sums the rows query reads on PostgreSQL.
func pgSum(ctx context.Context, ptx pgx.Tx, query string, ncols int) (int64, string, error) {
	rows, err := ptx.Query(ctx, query)
	if err != nil {
		return 0, "", err
	}
	defer rows.Close()
	sum := newRowSum()
	var n int64
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return 0, "", err
		}
		if len(vals) != ncols {
			return 0, "", fmt.Errorf("read %d columns, want %d", len(vals), ncols)
		}
		if err := sum.add(vals); err != nil {
			return 0, "", err
		}
		n++
	}
	return n, sum.hex(), rows.Err()
}

// sqliteSource feeds COPY the SQLite rows, each value made the
// PostgreSQL column's type, and sums them on the way.
type sqliteSource struct {
	rows       *sql.Rows
	cols       []column
	table      string
	sum        *rowSum
	progress   func(string, int)
	vals       []any
	n          int64
	unreported int
	err        error
}

// progressEvery is how many rows pass between two calls of progress.
const copyProgressEvery = 5000

func (s *sqliteSource) Next() bool {
	if s.err != nil || !s.rows.Next() {
		if s.err == nil {
			s.err = classifyOrNil(s.rows.Err())
		}
		return false
	}
	raw := make([]any, len(s.cols))
	ptrs := make([]any, len(s.cols))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	if err := s.rows.Scan(ptrs...); err != nil {
		s.err = err
		return false
	}
	for i, c := range s.cols {
		v, err := pgValue(raw[i], c.typ)
		if err != nil {
			s.err = fmt.Errorf("row %d, column %s: %w", s.n+1, c.name, err)
			return false
		}
		raw[i] = v
	}
	if err := s.sum.add(raw); err != nil {
		s.err = fmt.Errorf("row %d: %w", s.n+1, err)
		return false
	}
	s.vals = raw
	s.n++
	if s.progress != nil {
		if s.unreported++; s.unreported == copyProgressEvery {
			s.progress(s.table, s.unreported)
			s.unreported = 0
		}
	}
	return true
}

func (s *sqliteSource) Values() ([]any, error) { return s.vals, nil }
func (s *sqliteSource) Err() error             { return s.err }

func classifyOrNil(err error) error {
	if err == nil {
		return nil
	}
	return classify(err)
}

// pgValue is SQLite's value v as the PostgreSQL column type typ takes it.
// SQLite keeps a value in whatever type it was given; the store writes
// each column one way, so this is mostly the identity, and an error names
// a value that has no faithful PostgreSQL form rather than bending it.
func pgValue(v any, typ string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch typ {
	case "bigint":
		switch x := v.(type) {
		case int64:
			return x, nil
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<63 {
				return int64(x), nil
			}
		case string:
			if n, err := strconv.ParseInt(x, 10, 64); err == nil {
				return n, nil
			}
		}
	case "text":
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		case int64:
			return strconv.FormatInt(x, 10), nil
		case float64:
			return strconv.FormatFloat(x, 'g', -1, 64), nil
		}
	case "bytea":
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			return []byte(x), nil
		}
	}
	return nil, fmt.Errorf("value %.40q (%T) does not fit PostgreSQL's %s", fmt.Sprint(v), v, typ)
}

// rowSum is SHA-256 over rows, each value rendered by its type with its
// length, so no two different rows (or splits of rows into values) render
// the same.
type rowSum struct{ h hash.Hash }

func newRowSum() *rowSum { return &rowSum{h: sha256.New()} }

func (r *rowSum) add(vals []any) error {
	var b []byte
	for _, v := range vals {
		switch x := v.(type) {
		case nil:
			b = append(b, 'N')
		case int64:
			b = strconv.AppendInt(append(b, 'I'), x, 10)
			b = append(b, ';')
		case string:
			b = strconv.AppendInt(append(b, 'T'), int64(len(x)), 10)
			b = append(append(b, ':'), x...)
		case []byte:
			b = strconv.AppendInt(append(b, 'B'), int64(len(x)), 10)
			b = append(append(b, ':'), x...)
		default:
			return fmt.Errorf("no checksum form for %T", v)
		}
	}
	r.h.Write(append(b, '\n'))
	return nil
}

func (r *rowSum) hex() string { return hex.EncodeToString(r.h.Sum(nil)) }
