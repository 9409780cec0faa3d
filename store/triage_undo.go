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

// triageStateOf reads what triage changes on one exception.
func triageStateOf(ctx context.Context, q querier, id int64) (tracker.TriageState, error) {
	var s tracker.TriageState
	rows, err := q.QueryContext(ctx, `SELECT state, owner, snoozed_until, closed_at IS NOT NULL FROM exceptions WHERE id = ?`, id)
	if err == nil {
		err = scanOne(rows, &s.State, &s.Owner, ts(&s.SnoozedUntil), &s.Closed)
	}
	return s, err
}

// sameTriageState compares as the store keeps them: times to the second.
func sameTriageState(a, b tracker.TriageState) bool {
	return a.State == b.State && a.Owner == b.Owner && a.Closed == b.Closed && a.SnoozedUntil.Unix() == b.SnoozedUntil.Unix()
}

// UndoTriage puts each change of a triage action back where the exception
// is still as the action left it, in one write transaction, with a log row
// for each: unacknowledged, unsnoozed, reassigned or reopened, and what it
// is back to. An exception changed since (by another session, the rules,
// a case) is skipped, as is a resolution whose kind the rules have opened
// again on the parcel: a parcel has one open exception of a kind.
func (db *DB) UndoTriage(ctx context.Context, action string, changes []tracker.TriageChange, actor string, now time.Time) (tracker.Triaged, error) {
	ids := make([]int64, len(changes))
	for i, c := range changes {
		ids[i] = c.ID
	}
	t, err := db.undoTx(ctx, action, changes, strings.TrimSpace(actor), now)
	if err != nil {
		return tracker.Triaged{}, fmt.Errorf("undo %s of %s by %q: %w", action, idList(ids), actor, err)
	}
	return t, nil
}

func (db *DB) undoTx(ctx context.Context, action string, changes []tracker.TriageChange, actor string, now time.Time) (tracker.Triaged, error) {
	undo := tracker.UndoAction(action)
	t := tracker.Triaged{Action: undo}
	switch {
	case undo == "":
		return t, fmt.Errorf("%q is not a triage action that can be undone", action)
	case actor == "":
		return t, errors.New("no actor: every change is logged with who made it")
	case len(changes) == 0:
		return t, nil
	}
	// Beside other servers' ingest and triage on PostgreSQL, as triageTx:
	// each exception is read and put back with its parcel locked.
	tx, err := begin(sharedWrite(ctx), db.write)
	if err != nil {
		return t, err
	}
	defer tx.Rollback()
	if db.pg {
		ids := make([]int64, len(changes))
		for i, c := range changes {
			ids[i] = c.ID
		}
		ships, err := exceptionShipments(ctx, tx, ids)
		if err != nil {
			return t, err
		}
		if err := db.lockShipments(ctx, tx, ships); err != nil {
			return t, err
		}
	}
	seen := map[int64]bool{}
	for _, c := range changes {
		cur, err := triageStateOf(ctx, tx, c.ID)
		if errors.Is(err, sql.ErrNoRows) || err == nil && !sameTriageState(cur, c.After) {
			continue // gone, or changed since: not ours to put back
		}
		if err != nil {
			return tracker.Triaged{}, fmt.Errorf("exception %d: %w", c.ID, err)
		}
		if cur.Closed {
			var taken bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM exceptions o JOIN exceptions x ON o.shipment_id = x.shipment_id
				AND o.kind = x.kind WHERE x.id = ? AND o.closed_at IS NULL)`, c.ID).Scan(&taken); err != nil {
				return tracker.Triaged{}, fmt.Errorf("exception %d: %w", c.ID, err)
			}
			if taken {
				continue // the rules opened its kind again: that one is the open one
			}
		}
		b := c.Before
		if _, err := tx.ExecContext(ctx, `UPDATE exceptions SET state = ?, owner = ?, snoozed_until = ?, closed_at = NULL, resolved_by = '' WHERE id = ?`,
			string(b.State), b.Owner, unix(b.SnoozedUntil), c.ID); err != nil {
			return tracker.Triaged{}, fmt.Errorf("exception %d: %w", c.ID, err)
		}
		detail := "back to " + b.Describe(action == logAssigned)
		if _, err := tx.ExecContext(ctx, insertLog, c.ID, now.Unix(), actor, undo, detail); err != nil {
			return tracker.Triaged{}, fmt.Errorf("exception %d: log: %w", c.ID, err)
		}
		t.Changed++
		t.Changes = append(t.Changes, tracker.TriageChange{ID: c.ID, ShipmentID: c.ShipmentID, Before: c.After, After: b})
		if !seen[c.ShipmentID] {
			seen[c.ShipmentID] = true
			t.Shipments = append(t.Shipments, c.ShipmentID)
		}
	}
	if err := tx.Commit(); err != nil {
		return tracker.Triaged{}, classify(err)
	}
	return t, nil
}
