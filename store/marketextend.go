package store

import (
	"context"
	"fmt"
	"time"

	"waybill/tracker"
)

// What an extension of the buyer's protection reads and logs
// (tracker.ExtendStore): no table of its own.

// openDisputesSQL reads an order's open disputes. market_disputes has no
// index on order_id: it holds the disputes only (few beside the orders),
// and this runs once per extension, never on a frame or a keystroke.
// An order the marketplace itself last called IN_ISSUE counts too, with
// no dispute id, so a dispute the sync has not read yet still refuses.
const openDisputesSQL = `SELECT marketplace, dispute_id, coalesce(case_id, 0), status FROM market_disputes
WHERE order_id = ? AND open = 1
UNION ALL
SELECT marketplace, '', 0, status FROM market_orders
WHERE order_id = ? AND status = 'IN_ISSUE'
	AND NOT EXISTS (SELECT 1 FROM market_disputes WHERE order_id = ? AND open = 1)`

// OpenDisputes returns the order's open disputes.
func (db *DB) OpenDisputes(ctx context.Context, orderID int64) ([]tracker.MarketDispute, error) {
	rows, err := db.read.QueryContext(ctx, openDisputesSQL, orderID, orderID, orderID)
	if err != nil {
		return nil, fmt.Errorf("read the open disputes of order %d: %w", orderID, classify(err))
	}
	defer rows.Close()
	var out []tracker.MarketDispute
	for rows.Next() {
		d := tracker.MarketDispute{OrderID: orderID, Dispute: tracker.Dispute{Open: true}}
		if err := rows.Scan(&d.Marketplace, &d.ID, &d.CaseID, &d.Status); err != nil {
			return nil, fmt.Errorf("read the open disputes of order %d: %w", orderID, err)
		}
		out = append(out, d)
	}
	return out, classify(rows.Err())
}

// OrderDeadlines returns the order's open deadlines of kind, by the
// UNIQUE (order_id, kind, ref) index.
func (db *DB) OrderDeadlines(ctx context.Context, orderID int64, kind tracker.DeadlineKind) ([]tracker.Deadline, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, coalesce(shipment_id, 0), coalesce(case_id, 0), due_at, source, ref, state
		FROM deadlines WHERE order_id = ? AND kind = ? AND state = 'open' ORDER BY ref, id`, orderID, string(kind))
	if err != nil {
		return nil, fmt.Errorf("read the %s deadlines of order %d: %w", kind, orderID, classify(err))
	}
	defer rows.Close()
	var out []tracker.Deadline
	for rows.Next() {
		d := tracker.Deadline{OrderID: orderID, Kind: kind}
		var due int64
		if err := rows.Scan(&d.ID, &d.ShipmentID, &d.CaseID, &due, &d.Source, &d.Ref, &d.State); err != nil {
			return nil, fmt.Errorf("read the %s deadlines of order %d: %w", kind, orderID, err)
		}
		d.DueAt = time.Unix(due, 0).UTC()
		out = append(out, d)
	}
	return out, classify(rows.Err())
}

// LogDeadline adds a line to deadline id's log.
func (db *DB) LogDeadline(ctx context.Context, id int64, now time.Time, actor, action, detail string) error {
	tx, err := begin(ctx, db.write)
	if err != nil {
		return db.diskErr(err)
	}
	defer tx.Rollback()
	if err := logDeadline(ctx, tx, id, now, actor, action, detail); err != nil {
		return err
	}
	return db.diskErr(classify(tx.Commit()))
}

var _ tracker.ExtendStore = (*DB)(nil)
