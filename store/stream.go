package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"waybill/tracker"
)

// Whole-store reads for the commands that stream (export, report
// carriers): a keyset page or a cursor at a time, so a command's memory
// is a page, not the store.

// OrdersAfter reads up to limit orders with an id above after, by id,
// each with all its shipments and their open exceptions: one keyset page
// of ListOrders(""). Pass the last order's id to read the next page; an
// empty page is the end.
func (db *DB) OrdersAfter(ctx context.Context, after int64, limit int) ([]tracker.OrderDetail, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("orders after id %d: %w", after, err)
	}
	defer tx.Rollback()
	// The page's last id bounds it, so that details' queries (one per
	// table, each with the page's condition) need no LIMIT of their own.
	var last sql.NullInt64
	err = tx.QueryRowContext(ctx, `SELECT max(id) FROM (SELECT id FROM orders WHERE id > ? ORDER BY id LIMIT ?)`, after, limit).Scan(&last)
	if err != nil {
		return nil, fmt.Errorf("orders after id %d: %w", after, err)
	}
	if !last.Valid {
		return nil, nil
	}
	ds, err := details(ctx, tx, "o.id > ? AND o.id <= ?", []any{after, last.Int64}, false)
	if err != nil {
		return nil, fmt.Errorf("orders after id %d: %w", after, err)
	}
	return ds, nil
}

// EachOpenException calls fn with each row OpenExceptions(q) returns, in
// its order, as the cursor reads it: nothing is held but the row.
func (db *DB) EachOpenException(ctx context.Context, q tracker.ExceptionQuery, fn func(tracker.ExceptionRow) error) error {
	if err := db.openExceptions(ctx, q, fn); err != nil {
		return fmt.Errorf("open exceptions %s: %w", describeQuery(q), err)
	}
	return nil
}

// historyKindsByShipmentSQL is historyKindsSQL in shipment order, through
// the exceptions_shipment index, to be merged with historySQL's rows as
// both cursors advance.
const historyKindsByShipmentSQL = `SELECT x.shipment_id, x.kind FROM exceptions x INDEXED BY exceptions_shipment ORDER BY x.shipment_id`

// EachShipmentHistory calls fn with each record ShipmentHistory(since)
// returns, in shipment id order, from one snapshot. Cases and closed
// claims, few beside shipments, are read first; exception kinds are
// merged in from a second cursor, so memory is one record, not the
// store's exceptions.
func (db *DB) EachShipmentHistory(ctx context.Context, since time.Time, fn func(tracker.HistoryRecord) error) error {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("shipment history: %w", err)
	}
	defer tx.Rollback()
	cases, err := historyCases(ctx, tx)
	if err != nil {
		return fmt.Errorf("shipment history: cases: %w", err)
	}
	claims, err := historyClaims(ctx, tx)
	if err != nil {
		return fmt.Errorf("shipment history: claims: %w", err)
	}
	if db.pg {
		return eachShipmentHistoryPG(ctx, tx, since, cases, claims, fn)
	}
	kinds, err := tx.QueryContext(ctx, historyKindsByShipmentSQL)
	if err != nil {
		return fmt.Errorf("shipment history: exceptions: %w", err)
	}
	defer kinds.Close()
	// The kinds cursor's next row, not yet given to a shipment.
	var kid int64
	var kkind tracker.ExceptionKind
	kmore := kinds.Next()
	if kmore {
		if err := kinds.Scan(&kid, &kkind); err != nil {
			return fmt.Errorf("shipment history: exceptions: %w", err)
		}
	}
	// historySQL scans shipments in rowid order (NOT INDEXED), which is
	// id order: ORDER BY costs no sort, and says what the merge relies on.
	rows, err := tx.QueryContext(ctx, historySQL+` ORDER BY s.id`, shippedUnix(since))
	if err != nil {
		return fmt.Errorf("shipment history since %s: %w", since.Format(time.DateOnly), err)
	}
	defer rows.Close()
	var ks []tracker.ExceptionKind // reused: fn must not keep h.Exceptions
	for rows.Next() {
		var h tracker.HistoryRecord
		if err := rows.Scan(&h.ShipmentID, &h.Carrier, &h.Origin, &h.Destination, &h.Method, &h.Status,
			ts(&h.ShippedAt), ts(&h.DeliveredAt), ts(&h.OrderPromisedAt), ts(&h.FirstScanAt)); err != nil {
			return fmt.Errorf("shipment history: %w", err)
		}
		ks = ks[:0]
		for kmore && kid <= h.ShipmentID {
			if kid == h.ShipmentID {
				ks = append(ks, kkind)
			}
			if kmore = kinds.Next(); kmore {
				if err := kinds.Scan(&kid, &kkind); err != nil {
					return fmt.Errorf("shipment history: exceptions: %w", err)
				}
			}
		}
		if err := kinds.Err(); err != nil {
			return fmt.Errorf("shipment history: exceptions: %w", err)
		}
		if len(ks) > 0 {
			h.Exceptions = ks
		}
		h.Cases = cases[h.ShipmentID]
		h.Claims = claims[h.ShipmentID]
		if err := fn(h); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("shipment history: %w", err)
	}
	return nil
}

// historyWithKindsSQL is historySQL with each shipment's exception kinds
// beside it, for PostgreSQL: a connection there reads one result at a
// time, so the two cursors EachShipmentHistory merges on SQLite cannot be
// open together. The kinds come in the order of their ids, as the merge
// gives them.
const historyWithKindsSQL = `SELECT s.id, s.carrier, s.origin, s.destination, o.shipping_method, s.status,
	s.shipped_at, s.delivered_at, o.promised_at, s.first_event_at,
	(SELECT string_agg(x.kind, ',' ORDER BY x.id) FROM exceptions x WHERE x.shipment_id = s.id)
FROM shipments s JOIN orders o ON o.id = s.order_id
WHERE s.shipped_at >= ? ORDER BY s.id`

func eachShipmentHistoryPG(ctx context.Context, tx *sql.Tx, since time.Time, cases map[int64][]tracker.CaseOutcome,
	claims map[int64][]tracker.ClaimOutcome, fn func(tracker.HistoryRecord) error) error {
	rows, err := tx.QueryContext(ctx, historyWithKindsSQL, shippedUnix(since))
	if err != nil {
		return fmt.Errorf("shipment history since %s: %w", since.Format(time.DateOnly), err)
	}
	defer rows.Close()
	for rows.Next() {
		var h tracker.HistoryRecord
		var ks sql.NullString
		if err := rows.Scan(&h.ShipmentID, &h.Carrier, &h.Origin, &h.Destination, &h.Method, &h.Status,
			ts(&h.ShippedAt), ts(&h.DeliveredAt), ts(&h.OrderPromisedAt), ts(&h.FirstScanAt), &ks); err != nil {
			return fmt.Errorf("shipment history: %w", err)
		}
		h.Exceptions = kinds(ks)
		h.Cases = cases[h.ShipmentID]
		h.Claims = claims[h.ShipmentID]
		if err := fn(h); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("shipment history: %w", err)
	}
	return nil
}
