package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"waybill/tracker"
)

// The store's side of tracker.Lifecycle: what each parcel's service said
// and was asked about following its number (table tracking_life, migration
// 0017), and the walks that find parcels to restart or stop.

var _ tracker.LifeStore = (*DB)(nil)

// lifeCols reads, after shipmentCols and orderCols, whether a case on the
// parcel's order is open and the parcel's row of tracking_life (l, joined
// LEFT: absent reads as nothing happened).
const lifeCols = `EXISTS (SELECT 1 FROM cases c WHERE c.order_id = s.order_id AND c.state = 'open'),
	coalesce(l.service, ''), l.stopped_at, l.restarted_at, coalesce(l.restart_result, ''),
	l.untracked_at, coalesce(l.untrack_result, '')`

func lifeDest(p *tracker.LifeParcel) []any {
	d := append(shipmentDest(&p.Shipment), orderDest(&p.Order)...)
	return append(d, &p.OpenCase, &p.Life.Service, ts(&p.Life.StoppedAt), ts(&p.Life.RestartedAt), &p.Life.RestartResult,
		ts(&p.Life.UntrackedAt), &p.Life.UntrackResult, ts(&p.Cursor.At), &p.Cursor.ID)
}

const (
	// stoppedParcelsSQL walks index tracking_life_stopped (its WHERE word
	// for word) from the cursor.
	stoppedParcelsSQL = `SELECT ` + shipmentCols + `, ` + orderCols + `, ` + lifeCols + `, l.stopped_at, l.shipment_id
	FROM tracking_life l JOIN shipments s ON s.id = l.shipment_id JOIN orders o ON o.id = s.order_id
	WHERE l.stopped_at IS NOT NULL AND l.restarted_at IS NULL AND l.untracked_at IS NULL
		AND (l.stopped_at, l.shipment_id) > (?, ?)
	ORDER BY l.stopped_at, l.shipment_id LIMIT ?`
	// finalParcelsSQL walks index shipments_final_checked from the cursor.
	// It names the index: without statistics SQLite would rather read
	// every final parcel through shipments_status_list and sort them.
	finalParcelsSQL = `SELECT ` + shipmentCols + `, ` + orderCols + `, ` + lifeCols + `, s.checked_at, s.id
	FROM shipments s INDEXED BY shipments_final_checked JOIN orders o ON o.id = s.order_id LEFT JOIN tracking_life l ON l.shipment_id = s.id
	WHERE ` + finalSQL + ` AND (s.checked_at, s.id) > (?, ?) AND l.untracked_at IS NULL
	ORDER BY s.checked_at, s.id LIMIT ?`
	// closedCaseParcelsSQL walks index cases_closed from the cursor.
	closedCaseParcelsSQL = `SELECT ` + shipmentCols + `, ` + orderCols + `, ` + lifeCols + `, k.closed_at, k.id
	FROM cases k JOIN shipments s ON s.id = k.shipment_id JOIN orders o ON o.id = s.order_id
		LEFT JOIN tracking_life l ON l.shipment_id = s.id
	WHERE k.state = 'closed' AND (k.closed_at, k.id) > (?, ?) AND l.untracked_at IS NULL
	ORDER BY k.closed_at, k.id LIMIT ?`

	// markStoppedSQL keeps the first time a service said it stopped.
	markStoppedSQL = `INSERT INTO tracking_life (shipment_id, service, stopped_at)
	SELECT j.value, ?, ? FROM json_each(?) j WHERE EXISTS (SELECT 1 FROM shipments x WHERE x.id = j.value)
	ON CONFLICT (shipment_id) DO UPDATE SET
		service = CASE WHEN tracking_life.stopped_at IS NULL THEN excluded.service ELSE tracking_life.service END,
		stopped_at = coalesce(tracking_life.stopped_at, excluded.stopped_at)`
	restartSpentSQL = `INSERT INTO tracking_life (shipment_id, service, restarted_at, restart_result, recheck_at) VALUES (?, ?, ?, ?, ?)
	ON CONFLICT (shipment_id) DO UPDATE SET service = excluded.service, restarted_at = excluded.restarted_at,
		restart_result = excluded.restart_result, recheck_at = excluded.recheck_at`
	notStoppedSQL = `UPDATE tracking_life SET stopped_at = NULL WHERE shipment_id = ?`
	stopSQL       = `INSERT INTO tracking_life (shipment_id, service, untracked_at, untrack_result) VALUES (?, ?, ?, ?)
	ON CONFLICT (shipment_id) DO UPDATE SET untracked_at = excluded.untracked_at, untrack_result = excluded.untrack_result`
	// dueRechecksSQL takes the due rechecks through index
	// tracking_life_recheck and clears them.
	dueRechecksSQL = `UPDATE tracking_life SET recheck_at = NULL WHERE shipment_id IN
	(SELECT shipment_id FROM tracking_life WHERE recheck_at IS NOT NULL AND recheck_at <= ? ORDER BY recheck_at LIMIT ?)
	RETURNING shipment_id`
	anyRecheckSQL    = `SELECT EXISTS (SELECT 1 FROM tracking_life WHERE recheck_at IS NOT NULL AND recheck_at <= ?)`
	restartsSinceSQL = `SELECT count(*) FROM tracking_life WHERE service = ? AND restarted_at IS NOT NULL AND restarted_at >= ?`
)

// lifeCursorKey is the meta key a walk's cursor is kept under.
func lifeCursorKey(walk string) string { return "life_cursor." + walk }

// MarkStopped notes that service stopped following the numbers of
// shipments ids; the first time it said so is kept. Unknown ids are
// skipped.
func (db *DB) MarkStopped(ctx context.Context, service string, ids []int64, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	return db.lifeWrite(ctx, fmt.Sprintf("mark %d numbers stopped by %s", len(ids), service), func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, markStoppedSQL, service, now.Unix(), jsonIDs(ids))
		return err
	})
}

// StoppedParcels reads up to limit parcels after cursor that a service
// stopped following and that were neither restarted nor stopped by us.
func (db *DB) StoppedParcels(ctx context.Context, after tracker.LifeCursor, limit int) ([]tracker.LifeParcel, error) {
	return db.lifeParcels(ctx, "stopped parcels", stoppedParcelsSQL, after, limit)
}

// FinalParcels reads up to limit delivered, returned or expired parcels
// after cursor, by when they were last checked, that we have not stopped.
func (db *DB) FinalParcels(ctx context.Context, after tracker.LifeCursor, limit int) ([]tracker.LifeParcel, error) {
	return db.lifeParcels(ctx, "final parcels", finalParcelsSQL, after, limit)
}

// ClosedCaseParcels reads the parcels of up to limit cases closed after
// cursor that we have not stopped following.
func (db *DB) ClosedCaseParcels(ctx context.Context, after tracker.LifeCursor, limit int) ([]tracker.LifeParcel, error) {
	return db.lifeParcels(ctx, "parcels of closed cases", closedCaseParcelsSQL, after, limit)
}

func (db *DB) lifeParcels(ctx context.Context, what, query string, after tracker.LifeCursor, limit int) ([]tracker.LifeParcel, error) {
	rows, err := db.query(ctx, query, after.At.Unix(), after.ID, limit)
	if err != nil {
		return nil, fmt.Errorf("%s after %s: %w", what, after, err)
	}
	defer rows.Close()
	var out []tracker.LifeParcel
	for rows.Next() {
		var p tracker.LifeParcel
		if err := rows.Scan(lifeDest(&p)...); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// RestartsSince counts the restarts asked of service since since.
func (db *DB) RestartsSince(ctx context.Context, service string, since time.Time) (int, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, restartsSinceSQL, service, since.Unix()).Scan(&n); err != nil {
		return 0, fmt.Errorf("restarts of %s since %s: %w", service, since.Format(time.RFC3339), err)
	}
	return n, nil
}

// RecordRestarts records service's answers to restarts asked at now: a
// spent restart (taken or refused) is never asked again, and one taken is
// polled at recheck; a number the service still followed loses its stop.
func (db *DB) RecordRestarts(ctx context.Context, service string, results []tracker.LifeResult, now, recheck time.Time) error {
	return db.lifeWrite(ctx, fmt.Sprintf("record %d restarts at %s", len(results), service), func(tx *sql.Tx) error {
		for _, r := range results {
			var err error
			switch {
			case !r.Spent:
				_, err = tx.ExecContext(ctx, notStoppedSQL, r.ShipmentID)
			case r.Err == "":
				_, err = tx.ExecContext(ctx, restartSpentSQL, r.ShipmentID, service, now.Unix(), "", recheck.Unix())
			default:
				_, err = tx.ExecContext(ctx, restartSpentSQL, r.ShipmentID, service, now.Unix(), r.Err, nil)
			}
			if err != nil {
				return fmt.Errorf("shipment %d: %w", r.ShipmentID, err)
			}
		}
		return nil
	})
}

// RecordStops records service's answers to stops asked at now.
func (db *DB) RecordStops(ctx context.Context, service string, results []tracker.LifeResult, now time.Time) error {
	return db.lifeWrite(ctx, fmt.Sprintf("record %d stops at %s", len(results), service), func(tx *sql.Tx) error {
		for _, r := range results {
			if _, err := tx.ExecContext(ctx, stopSQL, r.ShipmentID, service, now.Unix(), r.Err); err != nil {
				return fmt.Errorf("shipment %d: %w", r.ShipmentID, err)
			}
		}
		return nil
	})
}

// DueRechecks takes up to limit restarted parcels whose recheck is due at
// now, whatever their status, and clears their recheck: one poll each.
func (db *DB) DueRechecks(ctx context.Context, now time.Time, limit int) ([]tracker.Shipment, error) {
	// Every pass asks, and almost always none is due: a read finds that
	// out without taking the write lock another process may want.
	var due bool
	if err := db.read.QueryRowContext(ctx, anyRecheckSQL, now.Unix()).Scan(&due); err != nil {
		return nil, fmt.Errorf("rechecks due: %w", err)
	}
	if !due {
		return nil, nil
	}
	var out []tracker.Shipment
	err := db.lifeWrite(ctx, "take due rechecks", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, dueRechecksSQL, now.Unix(), limit)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(ids) == 0 {
			return err
		}
		rows, err = tx.QueryContext(ctx, `SELECT `+shipmentCols+` FROM json_each(?) j CROSS JOIN shipments s ON s.id = j.value ORDER BY s.id`, jsonIDs(ids))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var sh tracker.Shipment
			if err := rows.Scan(shipmentDest(&sh)...); err != nil {
				return err
			}
			out = append(out, sh)
		}
		return rows.Err()
	})
	return out, err
}

// LifeCursor reads a walk's cursor; ok is false before the first.
func (db *DB) LifeCursor(ctx context.Context, walk string) (tracker.LifeCursor, bool, error) {
	v, ok, err := db.Meta(ctx, lifeCursorKey(walk))
	if err != nil || !ok {
		return tracker.LifeCursor{}, false, err
	}
	c, err := tracker.ParseLifeCursor(v)
	if err != nil {
		// A cursor nobody can read starts the walk again: it only
		// decides where to look first.
		return tracker.LifeCursor{}, false, nil
	}
	return c, true, nil
}

// SetLifeCursor keeps a walk's cursor.
func (db *DB) SetLifeCursor(ctx context.Context, walk string, c tracker.LifeCursor) error {
	return db.SetMeta(ctx, lifeCursorKey(walk), c.String())
}

// lifeWrite runs f in one write transaction.
func (db *DB) lifeWrite(ctx context.Context, what string, f func(*sql.Tx) error) error {
	tx, err := begin(ctx, db.write)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	if err := f(tx); err != nil {
		return db.diskErr(fmt.Errorf("%s: %w", what, classify(err)))
	}
	if err := tx.Commit(); err != nil {
		return db.diskErr(fmt.Errorf("%s: %w", what, classify(err)))
	}
	return nil
}
