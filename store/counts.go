package store

import (
	"context"
	"database/sql"
	"fmt"

	"waybill/tracker"
)

// The counts the screen shows come from counter rows that triggers keep
// (migration 0023): reading one costs the same at ten orders as at a
// million. The queries they replace scanned every shipment or every open
// exception on each first frame; TestCountersMatchScan holds the counters
// to them after every kind of write.

// shipmentCountsSQL reads the per-status counters; a status that had
// parcels once keeps a row at 0, which is not a count to show.
const shipmentCountsSQL = `SELECT status, n FROM shipment_counts WHERE n > 0`

// StatusCounts counts shipments per status; statuses with none are absent.
func (db *DB) StatusCounts(ctx context.Context) (map[tracker.Status]int, error) {
	rows, err := db.query(ctx, shipmentCountsSQL)
	if err != nil {
		return nil, fmt.Errorf("status counts: %w", err)
	}
	out, err := scanCounts[tracker.Status](rows)
	if err != nil {
		return nil, fmt.Errorf("status counts: %w", err)
	}
	return out, nil
}

// CountShipments counts shipments, all or in one status.
func (db *DB) CountShipments(ctx context.Context, status tracker.Status) (int, error) {
	query, args := `SELECT coalesce(sum(n), 0) FROM shipment_counts`, []any{}
	if status != "" {
		query, args = query+` WHERE status = ?`, append(args, string(status))
	}
	var n int
	rows, err := db.query(ctx, query, args...)
	if err == nil {
		err = scanOne(rows, &n)
	}
	if err != nil {
		return 0, fmt.Errorf("count shipments %q: %w", status, err)
	}
	return n, nil
}

// outboxCountSQL reads one of the outbox's counters ('unread', 'failed').
const outboxCountSQL = `SELECT n FROM outbox_counts WHERE what = ?`

// AlertFailures counts the alerts not sent yet after at least one failed
// attempt, for the app to show.
func (db *DB) AlertFailures(ctx context.Context) (int, error) {
	rows, err := db.query(ctx, outboxCountSQL, "failed")
	var n int
	if err == nil {
		err = scanOne(rows, &n)
	}
	if err != nil {
		return 0, fmt.Errorf("count failed alerts: %w", err)
	}
	return n, nil
}

// exceptionCountsSQL reads the open exceptions' counters per kind and
// state; endedSnoozesSQL lists the kinds of the snoozes that have ended
// by a time (they are back in the queue, though their state stays
// snoozed), from index exceptions_snoozed alone: only those rows, counted
// in Go (a GROUP BY would sort them first).
const (
	exceptionCountsSQL = `SELECT kind, state, n FROM exception_counts WHERE n > 0`
	endedSnoozesSQL    = `SELECT kind FROM exceptions
	WHERE closed_at IS NULL AND state = 'snoozed' AND snoozed_until <= ?`
)

// countedExceptions answers ExceptionCounts from the counters for a query
// with no filter but its view (the first frame's, and every frame's until
// someone filters by carrier, destination or owner); ok is false for any
// other, which the filtered scan answers.
func (db *DB) countedExceptions(ctx context.Context, q tracker.ExceptionQuery) (out map[tracker.ExceptionKind]int, ok bool, err error) {
	if q.Carrier != "" || q.Destination != "" || q.Owner != "" {
		return nil, false, nil
	}
	// One snapshot: a snooze ending between the two reads must not be
	// counted twice or not at all.
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, true, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, exceptionCountsSQL)
	if err != nil {
		return nil, true, err
	}
	byState := map[tracker.ExceptionState]map[tracker.ExceptionKind]int{}
	for rows.Next() {
		var k tracker.ExceptionKind
		var st tracker.ExceptionState
		var n int
		if err := rows.Scan(&k, &st, &n); err != nil {
			rows.Close()
			return nil, true, err
		}
		if byState[st] == nil {
			byState[st] = map[tracker.ExceptionKind]int{}
		}
		byState[st][k] = n
	}
	if err := rows.Close(); err != nil {
		return nil, true, err
	}
	ended := map[tracker.ExceptionKind]int{}
	if !q.Now.IsZero() {
		rows, err := tx.QueryContext(ctx, endedSnoozesSQL, q.Now.Unix())
		if err != nil {
			return nil, true, err
		}
		for rows.Next() {
			var k tracker.ExceptionKind
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return nil, true, err
			}
			ended[k]++
		}
		if err := rows.Close(); err != nil {
			return nil, true, err
		}
	}
	out = map[tracker.ExceptionKind]int{}
	add := func(m map[tracker.ExceptionKind]int, sign int) {
		for k, n := range m {
			out[k] += sign * n
		}
	}
	switch q.View {
	case tracker.ViewAcknowledged:
		add(byState[tracker.ExAcknowledged], 1)
	case tracker.ViewSnoozed:
		add(byState[tracker.ExSnoozed], 1)
		add(ended, -1)
	default: // the queue: every open state but a snooze still running
		for st, m := range byState {
			if st != tracker.ExSnoozed {
				add(m, 1)
			}
		}
		add(ended, 1)
	}
	for k, n := range out {
		if n <= 0 {
			delete(out, k)
		}
	}
	return out, true, nil
}

// scanCounts reads rows of (key, count) into a map, closing rows.
func scanCounts[K ~string](rows *sql.Rows) (map[K]int, error) {
	defer rows.Close()
	out := map[K]int{}
	for rows.Next() {
		var k K
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}
