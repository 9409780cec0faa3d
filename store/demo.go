package store

import (
	"context"
	"fmt"

	"waybill/tracker"
)

// The demo orders of a store (tracker.Order.Demo), read through the
// partial index orders_demo, which a store of real work keeps empty.

const (
	demoOrderIDs   = `SELECT o.id FROM orders o WHERE o.demo = 1`
	demoParcelIDs  = `SELECT s.id FROM shipments s WHERE s.order_id IN (` + demoOrderIDs + `)`
	demoExceptions = `SELECT x.id FROM exceptions x WHERE x.shipment_id IN (` + demoParcelIDs + `)`
	// demoAlerts are the outbox rows about a demo parcel or its
	// exceptions. outbox has no index on either column: this reads it
	// once, where the cascade from each parcel would read it per parcel.
	demoAlerts = `FROM outbox WHERE shipment_id IN (` + demoParcelIDs + `) OR exception_id IN (` + demoExceptions + `)`
)

const hasOrdersSQL = `SELECT EXISTS (SELECT 1 FROM orders WHERE demo = 1),
	EXISTS (SELECT 1 FROM orders WHERE demo = 0)`

// HasOrders says whether the store holds demo orders, and real ones. The
// first is one look at orders_demo; the second stops at the first real
// order, so on SQLite it reads every order only of a store that holds
// nothing but the demo (on PostgreSQL, one look at orders_real: 0032).
func (db *DB) HasOrders(ctx context.Context) (demo, real bool, err error) {
	err = db.read.QueryRowContext(ctx, hasOrdersSQL).Scan(&demo, &real)
	if err != nil {
		return false, false, fmt.Errorf("demo or real orders in %s: %w", db.path, err)
	}
	return demo, real, nil
}

// CountOrders counts the demo orders and the real ones.
func (db *DB) CountOrders(ctx context.Context) (demo, real int, err error) {
	err = db.read.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM orders WHERE demo = 1),
		(SELECT count(*) FROM orders WHERE demo = 0)`).Scan(&demo, &real)
	if err != nil {
		return 0, 0, fmt.Errorf("count demo and real orders in %s: %w", db.path, err)
	}
	return demo, real, nil
}

// RemoveDemoOrders deletes every demo order and all that hangs on it, in
// one transaction: its parcels, their events, exceptions (and their log),
// alerts, complaint cases (and their log) and watches. The foreign keys'
// cascades and the events trigger (migration 0008) delete what the order
// and its parcels own; the alerts go first, in one read of the outbox.
// Real orders are not touched. The store is no demo store any more (meta
// tracker.MetaDemo and the demo clock go), and the saved ETA model, which
// learned from demo deliveries too, is dropped.
func (db *DB) RemoveDemoOrders(ctx context.Context) (tracker.DemoRemoved, error) {
	r, err := db.removeDemoOrders(ctx)
	return r, db.diskErr(err)
}

func (db *DB) removeDemoOrders(ctx context.Context) (tracker.DemoRemoved, error) {
	var r tracker.DemoRemoved
	tx, err := begin(ctx, db.write)
	if err != nil {
		return r, fmt.Errorf("remove demo orders from %s: %w", db.path, err)
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM orders WHERE demo = 1),
		(SELECT count(*) FROM shipments WHERE id IN (`+demoParcelIDs+`)),
		(SELECT count(*) FROM events WHERE shipment_id IN (`+demoParcelIDs+`)),
		(SELECT count(*) FROM exceptions WHERE id IN (`+demoExceptions+`)),
		(SELECT count(*) FROM cases WHERE order_id IN (`+demoOrderIDs+`)),
		(SELECT count(*) `+demoAlerts+`),
		(SELECT count(*) FROM orders WHERE demo = 0)`).
		Scan(&r.Orders, &r.Parcels, &r.Events, &r.Exceptions, &r.Cases, &r.Alerts, &r.Kept)
	if err != nil {
		return r, fmt.Errorf("remove demo orders from %s: count them: %w", db.path, classify(err))
	}
	for _, q := range []string{
		`DELETE ` + demoAlerts,
		`DELETE FROM orders WHERE demo = 1`,
		`DELETE FROM meta WHERE key IN ('` + tracker.MetaDemo + `', '` + tracker.MetaDemoClock + `')`,
		`DELETE FROM eta_model`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return r, fmt.Errorf("remove demo orders from %s: %w", db.path, classify(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return r, fmt.Errorf("remove demo orders from %s: %w", db.path, classify(err))
	}
	return r, nil
}
