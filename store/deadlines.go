package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"waybill/tracker"
)

// execQuerier is a transaction or the applier's: what putDeadline writes
// through, so the rules put their deadlines in the transaction that
// changed the facts behind them.
type execQuerier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// PutDeadlines upserts deadlines by (order, kind, ref) in one transaction
// (tracker.DeadlineStore says how).
func (db *DB) PutDeadlines(ctx context.Context, now time.Time, actor string, ds []tracker.Deadline) (tracker.DeadlinesPut, error) {
	var put tracker.DeadlinesPut
	if strings.TrimSpace(actor) == "" {
		return put, errors.New("no actor: every change is logged with who made it")
	}
	// Beside other servers' ingest, triage and casework on PostgreSQL,
	// the deadlines' orders locked (lockOrders).
	tx, err := begin(sharedWrite(ctx), db.write)
	if err != nil {
		return put, db.diskErr(err)
	}
	defer tx.Rollback()
	orders := make([]int64, len(ds))
	for i, d := range ds {
		orders[i] = d.OrderID
	}
	if err := db.lockOrders(ctx, tx, orders); err != nil {
		return put, err
	}
	for _, d := range ds {
		if err := tracker.CheckDeadline(d); err != nil {
			return put, err
		}
		if err := putDeadline(ctx, tx, now, actor, d, &put); err != nil {
			return put, fmt.Errorf("deadline %s of order %d (ref %q): %w", d.Kind, d.OrderID, d.Ref, err)
		}
	}
	return put, db.diskErr(classify(tx.Commit()))
}

// putDeadline writes one deadline: added, moved, reopened, or left alone.
func putDeadline(ctx context.Context, tx execQuerier, now time.Time, actor string, d tracker.Deadline, put *tracker.DeadlinesPut) error {
	var (
		id            int64
		due           int64
		source, state string
		shipID, casID sql.NullInt64
	)
	err := tx.QueryRowContext(ctx, `SELECT id, due_at, source, state, shipment_id, case_id FROM deadlines
		WHERE order_id = ? AND kind = ? AND ref = ?`, d.OrderID, string(d.Kind), d.Ref).Scan(&id, &due, &source, &state, &shipID, &casID)
	dueAt := d.DueAt.UTC().Unix()
	if errors.Is(err, sql.ErrNoRows) {
		res, err := tx.ExecContext(ctx, `INSERT INTO deadlines (order_id, shipment_id, case_id, kind, due_at, source, ref, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.OrderID, nullID(d.ShipmentID), nullID(d.CaseID), string(d.Kind), dueAt, d.Source, d.Ref, now.Unix(), now.Unix())
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		put.Added++
		return logDeadline(ctx, tx, id, now, actor, "added", fmt.Sprintf(tracker.DeadlineLogDue, showDue(dueAt), d.Source))
	}
	if err != nil {
		return err
	}
	// A marketplace read its own clock; waybill's derivation is a guess
	// made only while none is known.
	if d.Source == tracker.SourceRule && source != tracker.SourceRule {
		put.Kept++
		return nil
	}
	if due == dueAt && state == tracker.DeadlineOpen && source == d.Source && shipID.Int64 == d.ShipmentID && casID.Int64 == d.CaseID {
		put.Unchanged++
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE deadlines SET due_at = ?, source = ?, shipment_id = ?, case_id = ?, state = 'open',
		alerted = CASE WHEN due_at = ? THEN alerted ELSE '' END, updated_at = ? WHERE id = ?`,
		dueAt, d.Source, nullID(d.ShipmentID), nullID(d.CaseID), dueAt, now.Unix(), id); err != nil {
		return err
	}
	detail := fmt.Sprintf(tracker.DeadlineLogDue, showDue(dueAt), d.Source)
	action := "updated"
	switch {
	case due != dueAt:
		action, detail = "moved", fmt.Sprintf(tracker.DeadlineLogMoved, showDue(due), showDue(dueAt), d.Source)
	case state != tracker.DeadlineOpen:
		action = "reopened"
	}
	put.Moved++
	return logDeadline(ctx, tx, id, now, actor, action, detail)
}

func showDue(unix int64) string { return time.Unix(unix, 0).UTC().Format("2006-01-02 15:04 UTC") }

func logDeadline(ctx context.Context, tx execQuerier, id int64, now time.Time, actor, action, detail string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO deadline_log (deadline_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)`,
		id, now.Unix(), actor, action, detail); err != nil {
		return fmt.Errorf("log deadline %d: %w", id, err)
	}
	return nil
}

// CloseDeadlines sets state on the open deadlines among ids, logging each.
func (db *DB) CloseDeadlines(ctx context.Context, now time.Time, actor string, ids []int64, state string) (int, error) {
	tx, err := begin(sharedWrite(ctx), db.write)
	if err != nil {
		return 0, db.diskErr(err)
	}
	defer tx.Rollback()
	if db.pg {
		// A deadline stays on its order: read unlocked.
		orders, err := int64Rows(ctx, tx, `SELECT DISTINCT d.order_id FROM json_each(?) j CROSS JOIN deadlines d ON d.id = j.value`, jsonIDs(ids))
		if err == nil {
			err = db.lockOrders(ctx, tx, orders)
		}
		if err != nil {
			return 0, fmt.Errorf("lock the orders of deadlines %v: %w", ids, err)
		}
	}
	n := 0
	for _, id := range ids {
		ok, err := closeDeadline(ctx, tx, now, actor, id, state)
		if err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	return n, db.diskErr(classify(tx.Commit()))
}

func closeDeadline(ctx context.Context, tx execQuerier, now time.Time, actor string, id int64, state string) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE deadlines SET state = ?, updated_at = ? WHERE id = ? AND state = 'open'`, state, now.Unix(), id)
	if err != nil {
		return false, fmt.Errorf("close deadline %d as %s: %w", id, state, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	return true, logDeadline(ctx, tx, id, now, actor, state, "")
}

// CloseDeadlineRefs closes the open deadlines refs name, each only when
// its source is the ref's.
func (db *DB) CloseDeadlineRefs(ctx context.Context, now time.Time, actor string, refs []tracker.DeadlineRef, state string) (int, error) {
	tx, err := begin(sharedWrite(ctx), db.write)
	if err != nil {
		return 0, db.diskErr(err)
	}
	defer tx.Rollback()
	orders := make([]int64, len(refs))
	for i, r := range refs {
		orders[i] = r.OrderID
	}
	if err := db.lockOrders(ctx, tx, orders); err != nil {
		return 0, err
	}
	n := 0
	for _, r := range refs {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM deadlines WHERE order_id = ? AND kind = ? AND ref = ? AND source = ? AND state = 'open'`,
			r.OrderID, string(r.Kind), r.Ref, r.Source).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("deadline %s of order %d (ref %q): %w", r.Kind, r.OrderID, r.Ref, err)
		}
		ok, err := closeDeadline(ctx, tx, now, actor, id, state)
		if err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	return n, db.diskErr(classify(tx.Commit()))
}

// closeDeadlineRef closes the open deadline (order, kind, ref) when there
// is one: a rule's fact went away.
func closeDeadlineRef(ctx context.Context, tx execQuerier, now time.Time, actor string, orderID int64, kind tracker.DeadlineKind, ref, state string) error {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM deadlines WHERE order_id = ? AND kind = ? AND ref = ? AND state = 'open'`,
		orderID, string(kind), ref).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = closeDeadline(ctx, tx, now, actor, id, state)
	return err
}

// deadlinesSQL reads the open deadlines soonest first through index
// deadlines_open_due (its WHERE repeated word for word).
const deadlinesSQL = `SELECT d.id, d.order_id, COALESCE(d.shipment_id, 0), COALESCE(d.case_id, 0), d.kind, d.due_at, d.source, d.ref, d.state,
	o.order_no, COALESCE(s.tracking_no, '')
FROM deadlines d INDEXED BY deadlines_open_due
JOIN orders o ON o.id = d.order_id
LEFT JOIN shipments s ON s.id = d.shipment_id
WHERE d.state = 'open' AND d.due_at < ?
ORDER BY d.due_at, d.id
LIMIT ?`

// Deadlines lists the open deadlines due before q.Before, soonest first.
func (db *DB) Deadlines(ctx context.Context, q tracker.DeadlineQuery) ([]tracker.DeadlineRow, error) {
	before := int64(1) << 62
	if !q.Before.IsZero() {
		before = q.Before.Unix()
	}
	limit := q.Limit
	if limit <= 0 {
		limit = -1
	}
	rows, err := db.read.QueryContext(ctx, deadlinesSQL, before, limit)
	if err != nil {
		return nil, fmt.Errorf("read deadlines: %w", err)
	}
	defer rows.Close()
	var out []tracker.DeadlineRow
	for rows.Next() {
		var r tracker.DeadlineRow
		var kind string
		var due int64
		if err := rows.Scan(&r.ID, &r.OrderID, &r.ShipmentID, &r.CaseID, &kind, &due, &r.Source, &r.Ref, &r.State, &r.OrderNo, &r.TrackingNo); err != nil {
			return nil, fmt.Errorf("read deadlines: %w", err)
		}
		r.Kind, r.DueAt = tracker.DeadlineKind(kind), time.Unix(due, 0).UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// DeadlineByRef reads the deadline (order, kind, ref), whatever its state
// (tracker.DeadlineFinder); tracker.ErrNotFound when there is none.
func (db *DB) DeadlineByRef(ctx context.Context, orderID int64, kind tracker.DeadlineKind, ref string) (tracker.Deadline, error) {
	d := tracker.Deadline{OrderID: orderID, Kind: kind, Ref: ref}
	var due int64
	err := db.read.QueryRowContext(ctx, `SELECT id, COALESCE(shipment_id, 0), COALESCE(case_id, 0), due_at, source, state
		FROM deadlines WHERE order_id = ? AND kind = ? AND ref = ?`, orderID, string(kind), ref).Scan(&d.ID, &d.ShipmentID, &d.CaseID, &due, &d.Source, &d.State)
	if errors.Is(err, sql.ErrNoRows) {
		return d, tracker.ErrNotFound
	}
	if err != nil {
		return d, fmt.Errorf("deadline %s of order %d (ref %q): %w", kind, orderID, ref, err)
	}
	d.DueAt = time.Unix(due, 0).UTC()
	return d, nil
}

// int64Rows reads a column of ids.
func int64Rows(ctx context.Context, q querier, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
