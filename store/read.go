package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"waybill/tracker"
	"waybill/tracker/number"
)

// defaultPage is the page size of a ListQuery without a Limit.
const defaultPage = 100

// movingSQL and finalSQL are the WHEREs of the partial indexes
// shipments_due and shipments_final_checked (migration 0024), word for
// word: a query uses a partial index only when its WHERE repeats the
// index's terms. Comparisons, not `IN (...)`: SQLite evaluates an IN list
// of three by building a temporary b-tree, in every UPDATE of a shipment.
const (
	movingSQL = `s.status != 'delivered' AND s.status != 'returned' AND s.status != 'expired'`
	finalSQL  = `(s.status = 'delivered' OR s.status = 'returned' OR s.status = 'expired')`
)

// dueSQL repeats the WHERE of index shipments_due word for word
// (movingSQL), which is what lets SQLite use that partial index.
const dueSQL = `SELECT ` + shipmentCols + ` FROM shipments s
	WHERE ` + movingSQL + ` AND s.next_check_at <= ?
	ORDER BY s.next_check_at, s.id LIMIT ?`

// DueShipments returns up to limit (all when limit <= 0) parcels that can
// still move and whose next check is at or before now, longest overdue first.
func (db *DB) DueShipments(ctx context.Context, now time.Time, limit int) ([]tracker.Shipment, error) {
	if limit <= 0 {
		limit = -1 // SQLite's "no limit"
	}
	rows, err := db.query(ctx, dueSQL, now.Unix(), limit)
	if err != nil {
		return nil, fmt.Errorf("due shipments: %w", err)
	}
	defer rows.Close()
	var out []tracker.Shipment
	for rows.Next() {
		var sh tracker.Shipment
		if err := rows.Scan(shipmentDest(&sh)...); err != nil {
			return nil, fmt.Errorf("due shipments: %w", err)
		}
		out = append(out, sh)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("due shipments: %w", err)
	}
	return out, nil
}

// Shipment returns one shipment, or an error wrapping tracker.ErrNotFound.
func (db *DB) Shipment(ctx context.Context, id int64) (tracker.Shipment, error) {
	var sh tracker.Shipment
	rows, err := db.query(ctx, `SELECT `+shipmentCols+`, `+phoneCol+` FROM shipments s WHERE s.id = ?`, id)
	if err == nil {
		err = scanOne(rows, append(shipmentDest(&sh), &sh.Phone)...)
	}
	if errors.Is(err, sql.ErrNoRows) {
		err = tracker.ErrNotFound
	}
	if err != nil {
		return tracker.Shipment{}, fmt.Errorf("shipment %d: %w", id, err)
	}
	return sh, nil
}

// ListShipments reads one keyset page of the orders list. It never skips
// rows with OFFSET: each page starts from the cursor through the list index,
// so the last page costs what the first does.
func (db *DB) ListShipments(ctx context.Context, q tracker.ListQuery) ([]tracker.ShipmentRow, error) {
	match, err := db.matchIn(ctx, q.Status, q.Query)
	if err != nil {
		return nil, fmt.Errorf("list shipments matching %q: %w", q.Query, err)
	}
	var out []tracker.ShipmentRow
	if match.pgWords != nil {
		cmp, dir, limit := listOrder(q)
		out, err = db.pgWordsPage(ctx, q, *match.pgWords, match.pgWhole, cmp, dir, limit)
	} else {
		query, args := listQuery(q, match)
		out, err = db.listRows(ctx, query, args)
	}
	if err != nil {
		return nil, err
	}
	if q.Dir == tracker.Backward {
		slices.Reverse(out)
	}
	return out, nil
}

// listRows reads the rows of a page of the orders list (listSQL).
func (db *DB) listRows(ctx context.Context, query string, args []any) ([]tracker.ShipmentRow, error) {
	rows, err := db.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list shipments: %w", err)
	}
	defer rows.Close()
	var out []tracker.ShipmentRow
	for rows.Next() {
		var r tracker.ShipmentRow
		var ex, step sql.NullString
		if err := rows.Scan(&r.ShipmentID, &r.OrderID, &r.OrderNo, &r.Buyer, &r.TrackingNo, &r.Carrier,
			&r.Destination, &r.Status, ts(&r.ShippedAt), ts(&r.LastEventAt), &ex, &r.Watched, &step, &r.Demo,
			&r.LastMile.TrackingNo, &r.LastMile.Carrier); err != nil {
			return nil, fmt.Errorf("list shipments: %w", err)
		}
		r.Exceptions = kinds(ex)
		r.CaseStep = tracker.CaseStep(step.String)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list shipments: %w", err)
	}
	return out, nil
}

// listMatch is the filter's term of a list query (see matchWhere); sparse
// says it names few rows, which are better sorted than found by walking
// the list index.
type listMatch struct {
	where      string
	args       []any
	sparse     bool
	sparseFrom string // how a sparse read finds the matches: an INDEXED BY or NOT INDEXED clause
	// byStatus says the filter is status words only, matching statuses:
	// a dense read takes each status's newest rows from its own index.
	byStatus bool
	statuses []tracker.Status
	// byStatusWhere says each status's rows are also tested for where (on
	// PostgreSQL, a filter whose words may find any parcel of statuses it
	// keeps to: each parcel's words asked as its status index is walked).
	byStatusWhere bool
	// keyed, when set, is the filter as arms read newest first and merged
	// (keyed.go); where and the rest are then unused.
	keyed []keyedArm
	// pgWords, when set, is the filter read on PostgreSQL in windows of
	// the list (pgwords.go), or with pgWhole from the whole list at once;
	// where and the rest are then unused.
	pgWords *filter
	pgWhole bool
}

// listQuery builds the SQL of one page. Backward reads the list upside down
// from the cursor and ListShipments turns the page over, so both directions
// walk the same index.
func listQuery(q tracker.ListQuery, match listMatch) (string, []any) {
	cmp, dir, limit := listOrder(q)
	if match.keyed != nil {
		return keyedQuery(q, match.keyed, cmp, dir, limit)
	}
	var where []string
	var args []any
	if q.Status != "" {
		where = append(where, "s.status = ?")
		args = append(args, string(q.Status))
	}
	if match.where != "" && match.sparse {
		// Few matches: look them up (by id, or by status; the clause
		// keeps SQLite from walking the list index for them), sort only
		// their list keys, and read the rest of the page's rows alone.
		// Sorting whole rows would read every match's exceptions and
		// case first.
		inner := "SELECT s.id FROM shipments s " + match.sparseFrom + " WHERE " + strings.Join(append(slices.Clone(where), match.where), " AND ")
		if q.Cursor != nil {
			inner += " AND (s.shipped_at, s.id) " + cmp + " (?, ?)"
		}
		inner += " ORDER BY s.shipped_at " + dir + ", s.id " + dir + " LIMIT ?"
		args = append(args, match.args...)
		if q.Cursor != nil {
			args = append(args, shippedUnix(q.Cursor.ShippedAt), q.Cursor.ShipmentID)
		}
		return listSQL + " WHERE s.id IN (" + inner + ") ORDER BY s.shipped_at " + dir + ", s.id " + dir, append(args, limit)
	}
	if match.byStatus {
		if match.byStatusWhere {
			return byStatusQuery(q, match.statuses, match.where, match.args, cmp, dir, limit)
		}
		return byStatusQuery(q, match.statuses, "", nil, cmp, dir, limit)
	}
	if match.where != "" {
		where = append(where, match.where)
		args = append(args, match.args...)
	}
	if q.Cursor != nil {
		where = append(where, "(s.shipped_at, s.id) "+cmp+" (?, ?)")
		args = append(args, shippedUnix(q.Cursor.ShippedAt), q.Cursor.ShipmentID)
	}
	query := listSQL
	if match.where != "" {
		// Many matches: walk the list in order and stop at LIMIT. Left
		// to itself SQLite starts from the matches and sorts them all,
		// reading every match's exceptions and case on the way.
		index := "shipments_list"
		if q.Status != "" {
			index = "shipments_status_list"
		}
		query = strings.Replace(query, "FROM shipments s ", "FROM shipments s INDEXED BY "+index+" ", 1)
	}
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY s.shipped_at " + dir + ", s.id " + dir + " LIMIT ?"
	return query, append(args, limit)
}

// listOrder is how a page of q is read: the comparison of a key with the
// cursor's, the order of the keys, and the rows.
func listOrder(q tracker.ListQuery) (cmp, dir string, limit int) {
	limit = q.Limit
	if limit <= 0 {
		limit = defaultPage
	}
	if q.Dir == tracker.Backward {
		return ">", "ASC", limit
	}
	return "<", "DESC", limit
}

// byStatusQuery is a dense page of a filter of status words only: each
// status's next rows read in list order from shipments_status_list, merged,
// the page taken from the merge. Walking shipments_list instead passes every
// parcel of the other statuses first: at a million orders, some 400,000 on
// their way before the first delivered one ("deliv", issue 24).
func byStatusQuery(q tracker.ListQuery, statuses []tracker.Status, where string, whereArgs []any, cmp, dir string, limit int) (string, []any) {
	var arms []string
	var args []any
	for i, st := range statuses {
		if q.Status != "" && st != q.Status {
			continue
		}
		arm := "SELECT s.id, s.shipped_at FROM shipments s INDEXED BY shipments_status_list WHERE s.status = ?"
		args = append(args, string(st))
		if where != "" {
			arm, args = arm+" AND "+where, append(args, whereArgs...)
		}
		if q.Cursor != nil {
			arm += " AND (s.shipped_at, s.id) " + cmp + " (?, ?)"
			args = append(args, shippedUnix(q.Cursor.ShippedAt), q.Cursor.ShipmentID)
		}
		arm += " ORDER BY s.shipped_at " + dir + ", s.id " + dir + " LIMIT ?"
		args = append(args, limit)
		arms = append(arms, fmt.Sprintf("SELECT id, shipped_at FROM (%s) AS arm%d", arm, i))
	}
	if len(arms) == 0 { // no status both allows: nothing matches
		return listSQL + " WHERE 0 = 1", nil
	}
	page := "SELECT id FROM (" + strings.Join(arms, " UNION ALL ") + ") AS arms ORDER BY shipped_at " + dir + ", id " + dir + " LIMIT ?"
	return listSQL + " WHERE s.id IN (" + page + ") ORDER BY s.shipped_at " + dir + ", s.id " + dir, append(args, limit)
}

// listSQL is the orders list without its WHERE and ORDER BY. CROSS JOIN
// keeps shipments as the outer loop, so SQLite walks the list index and
// stops at LIMIT instead of sorting; the open exception kinds come from the
// partial index in the same query, whether the order is watched from the
// primary key of watches, and the step of the shipment's open case (the
// newest, if several) from the partial index cases_open.
const listSQL = `SELECT s.id, s.order_id, o.order_no, o.buyer, s.tracking_no, s.carrier, s.destination,
	s.status, s.shipped_at, s.last_event_at,
	(SELECT group_concat(x.kind) FROM exceptions x WHERE x.shipment_id = s.id AND x.closed_at IS NULL),
	EXISTS (SELECT 1 FROM watches w WHERE w.order_id = s.order_id),
	(SELECT c.step FROM cases c WHERE c.id = ` + newestOpenCase + `), o.demo, s.last_mile_no, s.last_mile_carrier
FROM shipments s CROSS JOIN orders o ON o.id = s.order_id`

// newestOpenCase is the id of shipment s's newest open case, NULL when it
// has none, read from index cases_open alone. (ORDER BY id DESC LIMIT 1
// would sort the shipment's cases; max over the index does not.)
const newestOpenCase = `(SELECT max(k.id) FROM cases k WHERE k.shipment_id = s.id AND k.state = 'open')`

// Position counts the shipments listed before c (shipped later, or at the
// same time with a higher id), through the list index.
func (db *DB) Position(ctx context.Context, status tracker.Status, c tracker.Cursor) (int, error) {
	// The same row-value comparison as listQuery's, reversed: "before" in
	// a list sorted descending is greater.
	query := `SELECT count(*) FROM shipments s WHERE (s.shipped_at, s.id) > (?, ?)`
	args := []any{shippedUnix(c.ShippedAt), c.ShipmentID}
	if status != "" {
		query, args = query+` AND s.status = ?`, append(args, string(status))
	}
	var n int
	rows, err := db.query(ctx, query, args...)
	if err == nil {
		err = scanOne(rows, &n)
	}
	if err != nil {
		return 0, fmt.Errorf("list position of shipment %d: %w", c.ShipmentID, err)
	}
	return n, nil
}

// Timeline returns a shipment's events newest first; limit <= 0 means all.
func (db *DB) Timeline(ctx context.Context, shipmentID int64, limit int) ([]tracker.Event, error) {
	evs, err := timeline(ctx, reads{db}, "e.shipment_id = ?", []any{shipmentID}, limit)
	if err != nil {
		return nil, fmt.Errorf("timeline of shipment %d: %w", shipmentID, err)
	}
	return evs, nil
}

func timeline(ctx context.Context, q querier, where string, args []any, limit int) ([]tracker.Event, error) {
	query := `SELECT ` + eventCols + ` FROM events e WHERE ` + where + ` ORDER BY e.shipment_id, e.time DESC, e.id DESC`
	if limit > 0 {
		query += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tracker.Event
	for rows.Next() {
		var e tracker.Event
		if err := rows.Scan(eventDest(&e)...); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// exceptionFrom is the queue's FROM. CROSS JOIN keeps exceptions the outer
// loop, so SQLite walks index exceptions_queue (open ones only, worst first)
// and stops at LIMIT, whatever the filters on shipments.
const exceptionFrom = ` FROM exceptions x CROSS JOIN shipments s ON s.id = x.shipment_id`

// exceptionCols reads a queue row. A snooze that has ended reads as open:
// the filter has already dropped the snoozes still running.
const exceptionCols = `x.id, x.shipment_id, x.kind, x.severity,
	CASE WHEN x.state = 'snoozed' THEN 'open' ELSE x.state END,
	x.detail, x.owner, x.opened_at, x.closed_at, x.snoozed_until,
	s.order_id, o.order_no, s.tracking_no, s.carrier, s.destination, s.shipped_at`

func exceptionRowDest(r *tracker.ExceptionRow) []any {
	return []any{&r.ID, &r.ShipmentID, &r.Kind, &r.Severity, &r.State, &r.Detail, &r.Owner,
		ts(&r.OpenedAt), ts(&r.ClosedAt), ts(&r.SnoozedUntil),
		&r.OrderID, &r.OrderNo, &r.TrackingNo, &r.Carrier, &r.Destination, ts(&r.ShippedAt)}
}

// exceptionWhere is the queue's WHERE for q. It starts with the WHERE of
// the partial index exceptions_queue word for word, which lets SQLite use
// it. withKinds false leaves the kind filter out (for the counts).
func exceptionWhere(q tracker.ExceptionQuery, withKinds bool) (string, []any) {
	where, args := viewWhere(q)
	if withKinds && len(q.Kinds) > 0 {
		marks := make([]string, len(q.Kinds))
		for i, k := range q.Kinds {
			marks[i] = "?"
			args = append(args, string(k))
		}
		where = append(where, "x.kind IN ("+strings.Join(marks, ", ")+")")
	}
	if q.Carrier != "" {
		where = append(where, "s.carrier = ? COLLATE NOCASE")
		args = append(args, strings.TrimSpace(q.Carrier))
	}
	if q.Destination != "" {
		where = append(where, "s.destination = ? COLLATE NOCASE")
		args = append(args, strings.TrimSpace(q.Destination))
	}
	switch owner := strings.TrimSpace(q.Owner); owner {
	case "":
	case tracker.OwnerNone:
		where = append(where, "x.owner = ''")
	default:
		where = append(where, "x.owner = ? COLLATE NOCASE")
		args = append(args, owner)
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// viewWhere is the condition of q.View: the queue's, or one of the
// history's (ListExceptions). The open views begin with the WHERE of the
// partial index exceptions_queue, the resolved one with that of
// exceptions_closed.
func viewWhere(q tracker.ExceptionQuery) ([]string, []any) {
	switch q.View {
	case tracker.ViewAcknowledged:
		return []string{"x.closed_at IS NULL", "x.state = 'acknowledged'"}, nil
	case tracker.ViewSnoozed:
		if q.Now.IsZero() {
			return []string{"x.closed_at IS NULL", "x.state = 'snoozed'"}, nil
		}
		return []string{"x.closed_at IS NULL", "x.state = 'snoozed'", "x.snoozed_until > ?"}, []any{q.Now.Unix()}
	case tracker.ViewResolved:
		return []string{"x.closed_at IS NOT NULL"}, nil
	case tracker.ViewAll:
		return []string{"1 = 1"}, nil
	}
	if q.Now.IsZero() {
		return []string{"x.closed_at IS NULL", "x.state != 'snoozed'"}, nil
	}
	return []string{"x.closed_at IS NULL", "(x.state != 'snoozed' OR x.snoozed_until <= ?)"}, []any{q.Now.Unix()}
}

// sqlQuery is one statement with its arguments.
type sqlQuery struct {
	query string
	args  []any
}

// caseOfException is the id of the open case an exception row shows: the
// shipment's open case of the exception's kind, else the shipment's newest
// open case, NULL when it has none. Both read index cases_open alone.
const caseOfException = `coalesce(
	(SELECT k.id FROM cases k WHERE k.shipment_id = x.shipment_id AND k.kind = x.kind AND k.state = 'open'),
	(SELECT max(k.id) FROM cases k WHERE k.shipment_id = x.shipment_id AND k.state = 'open'))`

// queueCols are a queue row's columns: the exception's, then its case's,
// then its order's protection end (the first open protection_end
// deadline, as Service.ProtectionEnd reads it; 0 when none): one probe of
// the deadlines' UNIQUE (order_id, kind, ref) index per row returned.
const queueCols = exceptionCols + `, coalesce(c.id, 0), coalesce(c.step, ''),
	coalesce((SELECT pd.due_at FROM deadlines pd WHERE pd.order_id = o.id AND pd.kind = 'protection_end'
		AND pd.state = 'open' ORDER BY pd.ref, pd.id LIMIT 1), 0)`

const queueOrder = ` ORDER BY x.severity DESC, x.opened_at, x.id`

// queueRestFrom joins the rest of the queue (openExceptionsQuery) from
// each open exception to its parcel, order and open case, in that order:
// SQLite walks exceptions_queue and stops at LIMIT. PostgreSQL reads it
// as pgQueueRestFrom (pgsql.go).
const queueRestFrom = exceptionFrom + ` CROSS JOIN orders o ON o.id = s.order_id
	LEFT JOIN cases c ON c.id = ` + caseOfException

// urgentDeadline is the open deadline, due before the horizon, that puts
// an exception's row above every severity: one of its order's (no
// parcel) or of its own parcel.
const urgentDeadline = `d.order_id = s.order_id AND d.state = 'open' AND d.due_at < ? AND (d.shipment_id IS NULL OR d.shipment_id = s.id)`

// openExceptionsQuery builds the queue's SQL for q, in three parts read
// one after the other: urgent, the rows whose order or parcel has an open
// deadline due before q.Now + q.Urgent, soonest first (none, and no
// query, when q.Now or q.Urgent is zero); due, the rest whose case has a
// follow-up due at q.Now (none when q.Now is zero); then rest, every
// other row. When q.Limit is set, each part's last argument is it.
//
// Each part reads through an index in order of its own: urgent starts
// from the deadlines due before the horizon (index deadlines_open_due, a
// short range) and sorts only those rows; due from the follow-ups due
// (index cases_follow_up); rest walks exceptions_queue and stops at
// LIMIT, as the queue always has, each row asking the deadlines by order
// (their unique index) whether it is urgent. One ORDER BY over all would
// sort every open exception on each read.
func openExceptionsQuery(q tracker.ExceptionQuery) (urgent, due, rest sqlQuery) {
	where, args := exceptionWhere(q, true)
	var notUrgent string
	var notArgs []any
	if !q.Now.IsZero() && q.Urgent > 0 {
		horizon := q.Now.Add(q.Urgent).Unix()
		urgent.query = `SELECT ` + queueCols + `, min(d.due_at), d.kind FROM deadlines d INDEXED BY deadlines_open_due
	CROSS JOIN shipments s ON s.order_id = d.order_id CROSS JOIN exceptions x ON x.shipment_id = s.id
	CROSS JOIN orders o ON o.id = s.order_id
	LEFT JOIN cases c ON c.id = ` + caseOfException + where + ` AND ` + urgentDeadline + `
	GROUP BY x.id ORDER BY min(d.due_at), x.severity DESC, x.opened_at, x.id`
		urgent.args = append(slices.Clone(args), horizon)
		if q.Limit > 0 {
			urgent.query += ` LIMIT ?`
			urgent.args = append(urgent.args, q.Limit)
		}
		notUrgent = ` AND NOT EXISTS (SELECT 1 FROM deadlines d WHERE ` + urgentDeadline + `)`
		notArgs = []any{horizon}
	}
	if !q.Now.IsZero() {
		due.query = `SELECT ` + queueCols + ` FROM cases c CROSS JOIN exceptions x ON x.shipment_id = c.shipment_id
	CROSS JOIN shipments s ON s.id = x.shipment_id CROSS JOIN orders o ON o.id = s.order_id` +
			where + ` AND c.state = 'open' AND c.follow_up_at <= ? AND c.id = ` + caseOfException + notUrgent + queueOrder
		due.args = append(append(slices.Clone(args), q.Now.Unix()), notArgs...)
		if q.Limit > 0 {
			due.query += ` LIMIT ?`
			due.args = append(due.args, q.Limit)
		}
	}
	rest.query = `SELECT ` + queueCols + queueRestFrom + where
	rest.args = slices.Clone(args)
	if !q.Now.IsZero() {
		rest.query += ` AND (c.follow_up_at IS NULL OR c.follow_up_at > ?)`
		rest.args = append(rest.args, q.Now.Unix())
	}
	rest.query += notUrgent + queueOrder
	rest.args = append(rest.args, notArgs...)
	if q.Limit > 0 {
		rest.query += ` LIMIT ?`
		rest.args = append(rest.args, q.Limit) // OpenExceptions lowers it by the rows before
	}
	return urgent, due, rest
}

// exceptionCountsQuery builds the SQL of the per-kind counts for q. It
// reads only open exceptions, through a partial index; the GROUP BY sorts
// those, never the closed history.
func exceptionCountsQuery(q tracker.ExceptionQuery) (string, []any) {
	where, args := exceptionWhere(q, false)
	return `SELECT x.kind, count(*)` + exceptionFrom + where + ` GROUP BY x.kind`, args
}

// queryFiltered runs a queue read. A kind filter makes a new query shape
// for every list of kinds, so only the shapes without one (a handful)
// go through the statement cache.
func (db *DB) queryFiltered(ctx context.Context, cache bool, query string, args []any) (*sql.Rows, error) {
	if cache {
		return db.query(ctx, query, args...)
	}
	return db.read.QueryContext(ctx, query, args...)
}

// OpenExceptions returns the triage queue: open exceptions matching q that
// are not snoozed past q.Now; first those whose case has a follow-up due at
// q.Now, then the others; each group worst first, then the longest open,
// then id. Both groups come from one snapshot.
func (db *DB) OpenExceptions(ctx context.Context, q tracker.ExceptionQuery) ([]tracker.ExceptionRow, error) {
	var out []tracker.ExceptionRow
	err := db.openExceptions(ctx, q, func(r tracker.ExceptionRow) error {
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("open exceptions %s: %w", describeQuery(q), err)
	}
	return out, nil
}

// The queue's parts, as scanQueue reads them.
const (
	partUrgent = iota
	partDue
	partRest
)

// openExceptions calls emit with each row of the queue q picks, in
// order, as the cursor reads it (OpenExceptions collects them;
// EachOpenException streams them).
func (db *DB) openExceptions(ctx context.Context, q tracker.ExceptionQuery, emit func(tracker.ExceptionRow) error) error {
	urgent, due, rest := openExceptionsQuery(q)
	cache := len(q.Kinds) == 0
	if due.query == "" {
		rows, err := db.queryFiltered(ctx, cache, rest.query, rest.args)
		if err != nil {
			return err
		}
		_, err = scanQueue(rows, partRest, emit)
		return err
	}
	parts := []sqlQuery{urgent, due, rest}
	if cache {
		// Prepare before taking the transaction's connection: preparing
		// needs a pool connection of its own (see txQuery).
		for _, p := range parts {
			if p.query == "" {
				continue
			}
			if _, err := db.stmt(ctx, p.query); err != nil {
				return err
			}
		}
	}
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	done := 0
	for part, p := range parts {
		if p.query == "" {
			continue
		}
		if q.Limit > 0 {
			if done >= q.Limit {
				return nil
			}
			p.args[len(p.args)-1] = q.Limit - done
		}
		rows, err := db.txQuery(ctx, tx, cache, p.query, p.args)
		if err != nil {
			return err
		}
		n, err := scanQueue(rows, part, emit)
		if err != nil {
			return err
		}
		done += n
	}
	return nil
}

// scanQueue calls emit with each row of a queue part, closes the rows and
// says how many it read.
func scanQueue(rows *sql.Rows, part int, emit func(tracker.ExceptionRow) error) (int, error) {
	defer rows.Close()
	n := 0
	for rows.Next() {
		var r tracker.ExceptionRow
		var due, protEnd int64
		dest := append(exceptionRowDest(&r), &r.CaseID, &r.CaseStep, &protEnd)
		var kind string
		if part == partUrgent {
			dest = append(dest, &due, &kind)
		}
		if err := rows.Scan(dest...); err != nil {
			return n, err
		}
		r.FollowUpDue = part == partDue
		if protEnd != 0 {
			r.ProtectionEnd = time.Unix(protEnd, 0).UTC()
		}
		if part == partUrgent {
			r.DeadlineKind, r.DeadlineDue = tracker.DeadlineKind(kind), time.Unix(due, 0).UTC()
		}
		n++
		if err := emit(r); err != nil {
			return n, err
		}
	}
	return n, rows.Err()
}

// txQuery runs a read in tx, through the statement cache when cache is
// set: a statement already prepared on tx's connection is reused. It never
// prepares one in the pool: that would wait for a second connection while
// tx holds one, and with every connection held by such a transaction no
// read would ever finish. Callers prepare first (db.stmt), then begin.
func (db *DB) txQuery(ctx context.Context, tx *sql.Tx, cache bool, query string, args []any) (*sql.Rows, error) {
	st := db.cachedStmt(query)
	if !cache || st == nil {
		return tx.QueryContext(ctx, query, args...)
	}
	return tx.StmtContext(ctx, st).QueryContext(ctx, args...)
}

// ExceptionCounts counts the queue per kind under q's filters other than
// Kinds; kinds with none are absent. Without a carrier, destination or
// owner filter it reads the counters (countedExceptions); with one it
// counts the open exceptions that match.
func (db *DB) ExceptionCounts(ctx context.Context, q tracker.ExceptionQuery) (map[tracker.ExceptionKind]int, error) {
	if !q.View.Counted() {
		return nil, fmt.Errorf("count exceptions %s: the %s view is not counted: that would read the whole history", describeQuery(q), q.View.Name())
	}
	if out, ok, err := db.countedExceptions(ctx, q); ok {
		if err != nil {
			return nil, fmt.Errorf("count exceptions %s: %w", describeQuery(q), err)
		}
		return out, nil
	}
	query, args := exceptionCountsQuery(q)
	rows, err := db.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("count exceptions %s: %w", describeQuery(q), err)
	}
	defer rows.Close()
	out := map[tracker.ExceptionKind]int{}
	for rows.Next() {
		var k tracker.ExceptionKind
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, fmt.Errorf("count exceptions %s: %w", describeQuery(q), err)
		}
		out[k] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count exceptions %s: %w", describeQuery(q), err)
	}
	return out, nil
}

// describeQuery names a queue filter in an error.
func describeQuery(q tracker.ExceptionQuery) string {
	var parts []string
	if len(q.Kinds) > 0 {
		ks := make([]string, len(q.Kinds))
		for i, k := range q.Kinds {
			ks[i] = string(k)
		}
		parts = append(parts, "kind "+strings.Join(ks, ","))
	}
	for _, f := range []struct{ name, v string }{{"carrier", q.Carrier}, {"destination", q.Destination}, {"owner", q.Owner}} {
		if f.v != "" {
			parts = append(parts, f.name+" "+strconv.Quote(f.v))
		}
	}
	if len(parts) == 0 {
		return "(all)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// alertsSQL walks index outbox_app, newest first.
// Each alert's parcel comes with it (one probe of the shipments' key), so
// the screen can open it.
const alertsSQL = `SELECT a.id, a.key, a.channel, a.kind, a.severity, a.exception_id, a.shipment_id, a.subject, a.body,
	a.created_at, a.attempts, a.next_attempt_at, a.sent_at, a.last_error, a.read_at,
	coalesce(s.shipped_at, 0), coalesce(s.tracking_no, '')
FROM outbox a LEFT JOIN shipments s ON s.id = a.shipment_id
WHERE a.channel = 'app' ORDER BY a.created_at DESC, a.id DESC LIMIT ?`

// Alerts returns up to limit in-app alerts, newest first (all when limit
// <= 0), and the number of unread ones among all, from one snapshot.
func (db *DB) Alerts(ctx context.Context, limit int) ([]tracker.Alert, int, error) {
	if limit <= 0 {
		limit = -1
	}
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, 0, fmt.Errorf("in-app alerts: %w", err)
	}
	defer tx.Rollback()
	var unread int
	if err := tx.QueryRowContext(ctx, outboxCountSQL, "unread").Scan(&unread); err != nil {
		return nil, 0, fmt.Errorf("count unread alerts: %w", err)
	}
	rows, err := tx.QueryContext(ctx, alertsSQL, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("in-app alerts: %w", err)
	}
	defer rows.Close()
	var out []tracker.Alert
	for rows.Next() {
		var a tracker.Alert
		var exID, shipID sql.NullInt64
		if err := rows.Scan(&a.ID, &a.Key, &a.Channel, &a.Kind, &a.Severity, &exID, &shipID, &a.Subject, &a.Body,
			ts(&a.CreatedAt), &a.Attempts, ts(&a.NextAttemptAt), ts(&a.SentAt), &a.LastError, ts(&a.ReadAt),
			ts(&a.ShippedAt), &a.TrackingNo); err != nil {
			return nil, 0, fmt.Errorf("in-app alerts: %w", err)
		}
		a.ExceptionID, a.ShipmentID = exID.Int64, shipID.Int64
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("in-app alerts: %w", err)
	}
	return out, unread, nil
}

// Watched reports whether the order is watched.
func (db *DB) Watched(ctx context.Context, orderID int64) (bool, error) {
	var on bool
	rows, err := db.query(ctx, `SELECT EXISTS (SELECT 1 FROM watches WHERE order_id = ?)`, orderID)
	if err == nil {
		err = scanOne(rows, &on)
	}
	if err != nil {
		return false, fmt.Errorf("is order %d watched: %w", orderID, err)
	}
	return on, nil
}

// FindOrder looks an order up by its number (number.OrderKey), else by
// one of its tracking numbers (number.Normalize).
func (db *DB) FindOrder(ctx context.Context, key string, withEvents bool) (tracker.OrderDetail, error) {
	d, err := db.findOrder(ctx, key, withEvents)
	if err != nil {
		return tracker.OrderDetail{}, fmt.Errorf("find order %q: %w", key, err)
	}
	return d, nil
}

func (db *DB) findOrder(ctx context.Context, key string, withEvents bool) (tracker.OrderDetail, error) {
	orderKey, tracking := number.OrderKey(key), number.Normalize(key)
	if orderKey == "" && tracking == "" {
		return tracker.OrderDetail{}, tracker.ErrNotFound
	}
	// One read transaction, so the order and its parts come from one snapshot.
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return tracker.OrderDetail{}, err
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM orders WHERE order_key = ? ORDER BY id LIMIT 1`, orderKey).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRowContext(ctx, `SELECT order_id FROM shipments WHERE tracking_no = ? ORDER BY id LIMIT 1`, tracking).Scan(&id)
	}
	if errors.Is(err, sql.ErrNoRows) && tracking != "" {
		err = tx.QueryRowContext(ctx, lastMileOrderSQL, tracking).Scan(&id)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return tracker.OrderDetail{}, tracker.ErrNotFound
	}
	if err != nil {
		return tracker.OrderDetail{}, err
	}
	ds, err := details(ctx, tx, "o.id = ?", []any{id}, withEvents)
	if err != nil {
		return tracker.OrderDetail{}, err
	}
	if len(ds) == 0 {
		return tracker.OrderDetail{}, tracker.ErrNotFound
	}
	return ds[0], nil
}

// Order reads one order by id, with its shipments and their open
// exceptions, or an error wrapping tracker.ErrNotFound.
func (db *DB) Order(ctx context.Context, id int64) (tracker.OrderDetail, error) {
	ds, err := details(ctx, reads{db}, "o.id = ?", []any{id}, false)
	if err == nil && len(ds) == 0 {
		err = tracker.ErrNotFound
	}
	if err != nil {
		return tracker.OrderDetail{}, fmt.Errorf("order %d: %w", id, err)
	}
	return ds[0], nil
}

// ListOrders returns every order, or those with a shipment in status, each
// with all its shipments and their open exceptions, by order id.
func (db *DB) ListOrders(ctx context.Context, status tracker.Status) ([]tracker.OrderDetail, error) {
	where, args := "1 = 1", []any(nil)
	if status != "" {
		where, args = "o.id IN (SELECT order_id FROM shipments WHERE status = ?)", []any{string(status)}
	}
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("list orders %q: %w", status, err)
	}
	defer tx.Rollback()
	ds, err := details(ctx, tx, where, args, false)
	if err != nil {
		return nil, fmt.Errorf("list orders %q: %w", status, err)
	}
	return ds, nil
}

// details reads the orders matching where (a condition on orders o) with
// their shipments, open exception kinds and, if asked, events: one query per
// table, not one per shipment, then stitched together here.
func details(ctx context.Context, q querier, where string, args []any, withEvents bool) ([]tracker.OrderDetail, error) {
	var out []tracker.OrderDetail
	byOrder := map[int64]int{} // order id → index in out
	// The marketplace's own status rides along by market_orders' key.
	rows, err := q.QueryContext(ctx, `SELECT `+orderDetailCols+`, coalesce(mo.status, '') FROM orders o
	LEFT JOIN market_orders mo ON mo.order_id = o.id WHERE `+where+` ORDER BY o.id`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var d tracker.OrderDetail
		if err := rows.Scan(append(orderDetailDest(&d.Order), &d.MarketStatus)...); err != nil {
			rows.Close()
			return nil, err
		}
		byOrder[d.ID] = len(out)
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}

	ofOrders := `s.order_id IN (SELECT o.id FROM orders o WHERE ` + where + `)`
	type pos struct{ order, ship int }
	byShip := map[int64]pos{}
	rows, err = q.QueryContext(ctx, `SELECT `+shipmentCols+`, s.last_error FROM shipments s WHERE `+ofOrders+` ORDER BY s.order_id, s.id`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var sh tracker.Shipment
		var checkErr string
		if err := rows.Scan(append(shipmentDest(&sh), &checkErr)...); err != nil {
			rows.Close()
			return nil, err
		}
		i := byOrder[sh.OrderID]
		byShip[sh.ID] = pos{i, len(out[i].Shipments)}
		out[i].Shipments = append(out[i].Shipments, tracker.ShipmentDetail{Shipment: sh, CheckError: checkErr})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	at := func(shipmentID int64) *tracker.ShipmentDetail {
		p := byShip[shipmentID]
		return &out[p.order].Shipments[p.ship]
	}

	// In the order they were opened, on either engine: tracker.Worst keeps
	// the order of kinds of one severity, and without ORDER BY PostgreSQL
	// and SQLite list them differently (found by waybill migrate's test).
	rows, err = q.QueryContext(ctx, `SELECT x.shipment_id, x.kind FROM exceptions x JOIN shipments s ON s.id = x.shipment_id
		WHERE x.closed_at IS NULL AND `+ofOrders+` ORDER BY x.id`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var k tracker.ExceptionKind
		if err := rows.Scan(&id, &k); err != nil {
			rows.Close()
			return nil, err
		}
		sd := at(id)
		sd.Exceptions = append(sd.Exceptions, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		for j := range out[i].Shipments {
			sd := &out[i].Shipments[j]
			sd.Exceptions = tracker.Worst(sd.Exceptions)
		}
	}

	if withEvents {
		evs, err := timeline(ctx, q, `e.shipment_id IN (SELECT s.id FROM shipments s WHERE `+ofOrders+`)`, args, 0)
		if err != nil {
			return nil, err
		}
		for _, e := range evs {
			sd := at(e.ShipmentID)
			sd.Events = append(sd.Events, e)
		}
	}
	return out, nil
}

// ShipmentsByTracking returns the shipments with each of the given tracking
// numbers (normalized as stored). A number can belong to several orders (a
// parcel consolidating two), so each maps to every shipment that has it;
// numbers we do not know are absent from the map.
func (db *DB) ShipmentsByTracking(ctx context.Context, numbers []string) (map[string][]tracker.Shipment, error) {
	out := map[string][]tracker.Shipment{}
	for _, n := range numbers {
		key := number.Normalize(n)
		if _, done := out[key]; done || key == "" {
			continue
		}
		rows, err := db.query(ctx, `SELECT `+shipmentCols+` FROM shipments s WHERE s.tracking_no = ? ORDER BY s.id`, key)
		if err != nil {
			return nil, fmt.Errorf("shipments by tracking number %s: %w", key, err)
		}
		for rows.Next() {
			var sh tracker.Shipment
			if err := rows.Scan(shipmentDest(&sh)...); err != nil {
				rows.Close()
				return nil, fmt.Errorf("shipments by tracking number %s: %w", key, err)
			}
			out[key] = append(out[key], sh)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("shipments by tracking number %s: %w", key, err)
		}
	}
	return out, nil
}

// CountDue counts the shipments due at now that no process has claimed,
// for a progress bar.
func (db *DB) CountDue(ctx context.Context, now time.Time) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM shipments s
		WHERE `+movingSQL+` AND s.next_check_at <= ?
			AND (s.lease_until IS NULL OR s.lease_until <= ?)`, now.Unix(), now.Unix()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count due shipments: %w", err)
	}
	return n, nil
}
