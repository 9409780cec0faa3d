package store

import (
	"context"
	"fmt"

	"waybill/tracker"
)

// The queue's history (tracker.ExceptionView): the exceptions snoozed,
// acknowledged and resolved, each with its newest log entry, and one
// exception's log. Each read walks an index in its view's order and stops
// at the page's LIMIT, so it costs the page, not the history.

// lastLogJoin joins an exception's newest log entry, found through index
// exception_log_exception: one probe per row of the page.
const lastLogJoin = ` LEFT JOIN exception_log l ON l.id = (SELECT l2.id FROM exception_log l2
	WHERE l2.exception_id = x.id ORDER BY l2.at DESC, l2.id DESC LIMIT 1)`

// historyCols are a view's row: the exception, who resolved it, its
// newest log entry, its parcel's open case. A snooze that has ended at
// q.Now reads open once scanned, as in the queue.
const historyCols = `x.id, x.shipment_id, x.kind, x.severity, x.state,
	x.detail, x.owner, x.opened_at, x.closed_at, x.snoozed_until,
	s.order_id, o.order_no, s.tracking_no, s.carrier, s.destination, s.shipped_at,
	coalesce(c.id, 0), coalesce(c.step, ''), x.resolved_by,
	coalesce(l.at, 0), coalesce(l.actor, ''), coalesce(l.action, ''), coalesce(l.detail, '')`

// viewOrder is each view's order; each has an index to walk in it
// (exceptions_queue, exceptions_closed of migration 0014, the primary
// key), but for the running snoozes, few and sorted by when they end.
func viewOrder(v tracker.ExceptionView) string {
	switch v {
	case tracker.ViewSnoozed:
		return ` ORDER BY x.snoozed_until, x.id`
	case tracker.ViewResolved:
		return ` ORDER BY x.closed_at DESC, x.id DESC`
	case tracker.ViewAll:
		return ` ORDER BY x.id DESC`
	}
	return queueOrder
}

// listExceptionsQuery builds the SQL of a view's page.
func listExceptionsQuery(q tracker.ExceptionQuery) (string, []any) {
	where, args := exceptionWhere(q, true)
	query := `SELECT ` + historyCols + exceptionFrom + ` CROSS JOIN orders o ON o.id = s.order_id
	LEFT JOIN cases c ON c.id = ` + caseOfException + lastLogJoin + where + viewOrder(q.View)
	if q.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, q.Limit)
	}
	return query, args
}

// ListExceptions lists the exceptions of q.View that match q's filters,
// up to q.Limit, each with who resolved it and its newest log entry. The
// queue's view is OpenExceptions (without the log).
func (db *DB) ListExceptions(ctx context.Context, q tracker.ExceptionQuery) ([]tracker.ExceptionRow, error) {
	if q.View == tracker.ViewQueue {
		return db.OpenExceptions(ctx, q)
	}
	out, err := db.listExceptions(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("%s exceptions %s: %w", q.View.Name(), describeQuery(q), err)
	}
	return out, nil
}

func (db *DB) listExceptions(ctx context.Context, q tracker.ExceptionQuery) ([]tracker.ExceptionRow, error) {
	query, args := listExceptionsQuery(q)
	rows, err := db.queryFiltered(ctx, len(q.Kinds) == 0, query, args)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tracker.ExceptionRow
	for rows.Next() {
		var r tracker.ExceptionRow
		dest := append(exceptionRowDest(&r), &r.CaseID, &r.CaseStep, &r.ResolvedBy,
			ts(&r.Last.At), &r.Last.Actor, &r.Last.Action, &r.Last.Detail)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if r.State == tracker.ExSnoozed && !q.Now.IsZero() && !r.SnoozedUntil.After(q.Now) {
			r.State = tracker.ExOpen // the snooze is over, as the queue reads it
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// exceptionLogSQL walks index exception_log_exception backwards.
const exceptionLogSQL = `SELECT at, actor, action, detail FROM exception_log WHERE exception_id = ?
ORDER BY at DESC, id DESC LIMIT ?`

// ExceptionLog returns up to limit entries of an exception's log, newest
// first (all when limit <= 0); none for an unknown exception.
func (db *DB) ExceptionLog(ctx context.Context, exceptionID int64, limit int) ([]tracker.ExceptionLogEntry, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := db.query(ctx, exceptionLogSQL, exceptionID, limit)
	if err != nil {
		return nil, fmt.Errorf("log of exception %d: %w", exceptionID, err)
	}
	defer rows.Close()
	var out []tracker.ExceptionLogEntry
	for rows.Next() {
		var e tracker.ExceptionLogEntry
		if err := rows.Scan(ts(&e.At), &e.Actor, &e.Action, &e.Detail); err != nil {
			return nil, fmt.Errorf("log of exception %d: %w", exceptionID, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("log of exception %d: %w", exceptionID, err)
	}
	return out, nil
}
