package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5/pgconn"
)

// Adding orders beside other writers (pgWriteLock's shared mode, issue 25).
// What is new needs no lock: a new order's row and its parcels' rows are
// the transaction's own until it commits. What must stay true without the
// exclusive lock is held by the schema and by the order rows are locked in:
//   - an order number is stored once: UNIQUE (order_no). Two servers adding
//     the same new number at once both find it unknown; the second one's
//     INSERT waits for the first to commit and then fails on the
//     constraint, and its batch runs again (addOrders), now merging into
//     the stored order, exactly as if it had come second;
//   - a tracking number is on an order once: UNIQUE (order_id, tracking_no),
//     which the upsert of a parcel merges on;
//   - ids come from the tables' sequences (migration 0028), never from the
//     largest id + 1, which two writers would read alike;
//   - rows that are stored already (the parcels and order a merge changes)
//     are locked first, parcels then orders, in id order, as every other
//     shared writer locks them (lockRows), so no two wait in a circle.

// addTries bounds how often a batch of orders runs again after another
// server stored one of its new order numbers first: each time the batch
// merges into what the other stored, so a second try is almost always
// the last.
const addTries = 4

// pgBatchMustRunAgain reports whether err is PostgreSQL refusing a second
// order with a number another transaction has just stored, or ending a
// batch that waited for another in a circle (40P01): each held a new order
// number (or the events' insert turn) the other went on to insert. Both
// are over when the batch runs again and merges into what the other
// stored (TestPGOrderBatchesThatDeadlockRunAgain).
func pgBatchMustRunAgain(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	return pe.Code == "23505" && pe.ConstraintName == "orders_order_no_key" || pe.Code == "40P01"
}

// lockStoredOrders locks, on PostgreSQL, the stored orders with these
// numbers for a shared write that merges into them: their parcels first,
// then the orders, each in id order. Numbers the store does not have lock
// nothing: those orders are new.
func (db *DB) lockStoredOrders(ctx context.Context, tx *sql.Tx, nos []string) error {
	if !db.pg || len(nos) == 0 {
		return nil
	}
	arr, err := json.Marshal(nos)
	if err != nil {
		return err
	}
	ships, err := int64Rows(ctx, tx, `SELECT s.id FROM orders o JOIN shipments s ON s.order_id = o.id
		WHERE o.order_no IN (SELECT value FROM json_each(?))`, string(arr))
	if err != nil {
		return fmt.Errorf("find the parcels of %d stored orders: %w", len(nos), err)
	}
	if err := db.lockShipments(ctx, tx, ships); err != nil {
		return err
	}
	orders, err := int64Rows(ctx, tx, `SELECT id FROM orders WHERE order_no IN (SELECT value FROM json_each(?))`, string(arr))
	if err != nil {
		return fmt.Errorf("find %d stored orders: %w", len(nos), err)
	}
	return db.lockOrders(ctx, tx, orders)
}

// lockOrderAndParcels locks, on PostgreSQL, order id's parcels and then
// the order, for a shared write that adds to it (a case's reissued parcel,
// a verified address).
func (db *DB) lockOrderAndParcels(ctx context.Context, tx *sql.Tx, orderID int64) error {
	if !db.pg {
		return nil
	}
	ships, err := int64Rows(ctx, tx, `SELECT id FROM shipments WHERE order_id = ?`, orderID)
	if err != nil {
		return fmt.Errorf("find the parcels of order %d: %w", orderID, err)
	}
	if err := db.lockShipments(ctx, tx, ships); err != nil {
		return err
	}
	return db.lockOrders(ctx, tx, []int64{orderID})
}

// newOrderIDs gives n ids for new orders, ascending. On SQLite, alone in
// the store, they are the largest id + 1 onwards, as SQLite would number
// them. On PostgreSQL they come from the orders' sequence, so a writer on
// another server never takes the same: they may leave gaps, and another
// writer's may fall between them.
func newOrderIDs(ctx context.Context, tx *sql.Tx, pg bool, n int) ([]int64, error) {
	if pg {
		ids, err := int64Rows(ctx, tx, `SELECT nextval('orders_id_seq') FROM generate_series(1, ?)`, n)
		if err != nil {
			return nil, fmt.Errorf("take %d order ids: %w", n, err)
		}
		slices.Sort(ids)
		return ids, nil
	}
	var last int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM orders`).Scan(&last); err != nil {
		return nil, err
	}
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = last + int64(i) + 1
	}
	return ids, nil
}
