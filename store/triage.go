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

var _ tracker.Triage = (*DB)(nil)

// The exception_log actions a person's triage writes (tracker names them,
// and the undo of each).
const (
	logAcknowledged = tracker.LogAcknowledged
	logSnoozed      = tracker.LogSnoozed
	logAssigned     = tracker.LogAssigned
	logResolved     = tracker.LogResolved
)

const insertLog = `INSERT INTO exception_log (exception_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)`

// resolveExSQL closes an open exception as a person's decision: who is
// kept in resolved_by, which holds the resolution until the carrier
// reports something new (applier.sync).
const resolveExSQL = `UPDATE exceptions SET state = 'resolved', closed_at = ?, resolved_by = ? WHERE id = ? AND closed_at IS NULL`

// openException is what a triage step needs to know about an exception
// before it changes it.
type openException struct {
	id           int64
	shipmentID   int64
	state        tracker.ExceptionState
	owner        string
	snoozedUntil time.Time
}

// triageStep is one triage action. change returns the UPDATE (its last
// placeholder is the exception's id) with its other arguments and the log
// row's detail, or ok false to leave this exception as it is.
type triageStep struct {
	action string
	change func(x openException) (update string, args []any, detail string, ok bool)
}

// triage applies a step to every open exception among ids in one write
// transaction, with a log row for each one it changes, and says which.
func (db *DB) triage(ctx context.Context, step triageStep, ids []int64, actor string, now time.Time) (tracker.Triaged, error) {
	t, err := db.triageTx(ctx, step, ids, strings.TrimSpace(actor), now)
	if err != nil {
		return tracker.Triaged{}, fmt.Errorf("%s %s by %q: %w", verb(step.action), idList(ids), actor, err)
	}
	return t, nil
}

func (db *DB) triageTx(ctx context.Context, step triageStep, ids []int64, actor string, now time.Time) (tracker.Triaged, error) {
	var t tracker.Triaged
	if actor == "" {
		return t, errors.New("no actor: every change is logged with who made it")
	}
	ids = uniqueIDs(ids)
	if len(ids) == 0 {
		return t, nil
	}
	// Beside other servers' ingest and triage on PostgreSQL (pgWriteLock):
	// each exception is read and changed with its parcel locked, so ingest
	// closing it meanwhile waits, or went first and is seen.
	tx, err := begin(sharedWrite(ctx), db.write)
	if err != nil {
		return t, err
	}
	defer tx.Rollback()
	if db.pg {
		ships, err := exceptionShipments(ctx, tx, ids)
		if err != nil {
			return t, err
		}
		if err := db.lockShipments(ctx, tx, ships); err != nil {
			return t, err
		}
	}
	get, err := tx.PrepareContext(ctx, `SELECT id, shipment_id, state, owner, snoozed_until FROM exceptions WHERE id = ? AND closed_at IS NULL`)
	if err != nil {
		return t, err
	}
	defer get.Close()
	logRow, err := tx.PrepareContext(ctx, insertLog)
	if err != nil {
		return t, err
	}
	defer logRow.Close()
	t.Action = step.action
	seen := map[int64]bool{}
	for _, id := range ids {
		var x openException
		err := get.QueryRowContext(ctx, id).Scan(&x.id, &x.shipmentID, &x.state, &x.owner, ts(&x.snoozedUntil))
		if errors.Is(err, sql.ErrNoRows) {
			continue // closed meanwhile, or never was: nothing to triage
		}
		if err != nil {
			return tracker.Triaged{}, err
		}
		update, args, detail, ok := step.change(x)
		if !ok {
			continue
		}
		if _, err := tx.ExecContext(ctx, update, append(args, id)...); err != nil {
			return tracker.Triaged{}, fmt.Errorf("exception %d: %w", id, err)
		}
		if _, err := logRow.ExecContext(ctx, id, now.Unix(), actor, step.action, detail); err != nil {
			return tracker.Triaged{}, fmt.Errorf("exception %d: log: %w", id, err)
		}
		// As the write left it, read back rather than foreseen: what an
		// undo expects to find.
		after, err := triageStateOf(ctx, tx, id)
		if err != nil {
			return tracker.Triaged{}, fmt.Errorf("exception %d: %w", id, err)
		}
		t.Changes = append(t.Changes, tracker.TriageChange{ID: id, ShipmentID: x.shipmentID, Before: tracker.TriageState{
			State: x.state, Owner: x.owner, SnoozedUntil: x.snoozedUntil}, After: after})
		t.Changed++
		if !seen[x.shipmentID] {
			seen[x.shipmentID] = true
			t.Shipments = append(t.Shipments, x.shipmentID)
		}
	}
	if err := tx.Commit(); err != nil {
		return tracker.Triaged{}, classify(err)
	}
	return t, nil
}

// exceptionShipments lists the parcels of the exceptions ids (an
// exception's parcel never changes, so reading it before the lock is safe).
func exceptionShipments(ctx context.Context, tx *sql.Tx, ids []int64) ([]int64, error) {
	out, err := int64Rows(ctx, tx, `SELECT DISTINCT x.shipment_id FROM json_each(?) j CROSS JOIN exceptions x ON x.id = j.value`, jsonIDs(ids))
	if err != nil {
		return nil, fmt.Errorf("find the parcels of exceptions: %w", err)
	}
	return out, nil
}

// Acknowledge marks open exceptions as seen: they stay in the queue,
// marked, and a running snooze ends. Acknowledged ones are left alone.
func (db *DB) Acknowledge(ctx context.Context, ids []int64, actor string, now time.Time) (tracker.Triaged, error) {
	return db.triage(ctx, triageStep{action: logAcknowledged, change: func(x openException) (string, []any, string, bool) {
		if x.state == tracker.ExAcknowledged {
			return "", nil, "", false
		}
		detail := ""
		if x.state == tracker.ExSnoozed && x.snoozedUntil.After(now) {
			detail = fmt.Sprintf(tracker.LogSnoozeEnded, stamp(x.snoozedUntil))
		}
		return `UPDATE exceptions SET state = 'acknowledged' WHERE id = ?`, nil, detail, true
	}}, ids, actor, now)
}

// Snooze hides open exceptions from the queue until until.
func (db *DB) Snooze(ctx context.Context, ids []int64, until time.Time, actor string, now time.Time) (tracker.Triaged, error) {
	if !until.After(now) {
		return tracker.Triaged{}, tracker.Wrapf(tracker.StoreSnoozePast, idList(ids), stamp(until), stamp(now))
	}
	return db.triage(ctx, triageStep{action: logSnoozed, change: func(x openException) (string, []any, string, bool) {
		return `UPDATE exceptions SET state = 'snoozed', snoozed_until = ? WHERE id = ?`, []any{until.Unix()},
			fmt.Sprintf(tracker.LogSnoozedUntil, stamp(until)), true
	}}, ids, actor, now)
}

// Assign gives open exceptions an owner, or takes it away with "".
func (db *DB) Assign(ctx context.Context, ids []int64, owner, actor string, now time.Time) (tracker.Triaged, error) {
	owner = strings.TrimSpace(owner)
	if owner == tracker.OwnerNone {
		return tracker.Triaged{}, tracker.Wrapf(tracker.StoreAssignNobody, idList(ids), owner)
	}
	return db.triage(ctx, triageStep{action: logAssigned, change: func(x openException) (string, []any, string, bool) {
		if x.owner == owner {
			return "", nil, "", false
		}
		detail := owner
		if owner == "" {
			detail = tracker.LogNobody
		}
		if x.owner != "" {
			// LogNobodyWas when taken away: the same text.
			detail = fmt.Sprintf(tracker.LogOwnerWas, detail, x.owner)
		}
		return `UPDATE exceptions SET owner = ? WHERE id = ?`, []any{owner}, detail, true
	}}, ids, actor, now)
}

// Resolve closes open exceptions by hand, the reason in the log ("by
// hand" when none is given). The resolution holds until the carrier
// reports something new: a rule opens the kind again, as a new exception,
// only when a later event still shows the problem.
func (db *DB) Resolve(ctx context.Context, ids []int64, reason, actor string, now time.Time) (tracker.Triaged, error) {
	actor = strings.TrimSpace(actor)
	detail := strings.TrimSpace(reason)
	if detail == "" {
		detail = tracker.LogByHand
	}
	return db.triage(ctx, triageStep{action: logResolved, change: func(x openException) (string, []any, string, bool) {
		return `UPDATE exceptions SET state = 'resolved', closed_at = ?, resolved_by = ? WHERE id = ?`, []any{now.Unix(), actor}, detail, true
	}}, ids, actor, now)
}

// SetWatch starts or stops watching an order. Watching an order that is
// watched already keeps who started it and when.
func (db *DB) SetWatch(ctx context.Context, orderID int64, on bool, who string, now time.Time) error {
	what := "watch"
	if !on {
		what = "unwatch"
	}
	if err := db.setWatch(ctx, orderID, on, strings.TrimSpace(who), now); err != nil {
		return fmt.Errorf("%s order %d: %w", what, orderID, err)
	}
	return nil
}

func (db *DB) setWatch(ctx context.Context, orderID int64, on bool, who string, now time.Time) error {
	tx, err := begin(ctx, db.write)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if on {
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM orders WHERE id = ?)`, orderID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return tracker.ErrNotFound
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO watches (order_id, who, created_at) VALUES (?, ?, ?) ON CONFLICT (order_id) DO NOTHING`,
			orderID, who, now.Unix())
	} else {
		_, err = tx.ExecContext(ctx, `DELETE FROM watches WHERE order_id = ?`, orderID)
	}
	if err != nil {
		return err
	}
	return classify(tx.Commit())
}

// MarkAlertsRead marks in-app alerts read at now; alerts read before, of
// another channel, or unknown are left alone and not counted.
func (db *DB) MarkAlertsRead(ctx context.Context, ids []int64, now time.Time) (int, error) {
	n, err := db.markRead(ctx, uniqueIDs(ids), now)
	if err != nil {
		return 0, fmt.Errorf("mark alerts %s read: %w", idList(ids), err)
	}
	return n, nil
}

func (db *DB) markRead(ctx context.Context, ids []int64, now time.Time) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	tx, err := begin(ctx, db.write)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `UPDATE outbox SET read_at = ? WHERE id = ? AND channel = 'app' AND read_at IS NULL`)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	n := 0
	for _, id := range ids {
		res, err := st.ExecContext(ctx, now.Unix(), id)
		if err != nil {
			return 0, err
		}
		k, err := res.RowsAffected()
		if err != nil {
			return 0, err
		}
		n += int(k)
	}
	if err := tx.Commit(); err != nil {
		return 0, classify(err)
	}
	return n, nil
}

// uniqueIDs drops repeats, keeping the first of each.
func uniqueIDs(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// idList names ids in an error: "exception 7", "exceptions 3, 4, 9", or the
// first few and how many more.
func idList(ids []int64) string {
	const show = 5
	parts := make([]string, 0, show)
	for i, id := range ids {
		if i == show {
			parts = append(parts, fmt.Sprintf("… (%d in all)", len(ids)))
			break
		}
		parts = append(parts, fmt.Sprint(id))
	}
	if len(ids) == 1 {
		return "exception " + parts[0]
	}
	return "exceptions " + strings.Join(parts, ", ")
}

func verb(action string) string {
	switch action {
	case logAcknowledged:
		return "acknowledge"
	case logSnoozed:
		return "snooze"
	case logAssigned:
		return "assign"
	case logResolved:
		return "resolve"
	}
	return action
}

// stamp is how a time reads in a log detail or an error: UTC, to the minute.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04Z") }
