package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"waybill/tracker"
	"waybill/tracker/number"
)

// ImportOrders adds or merges orders as AddOrders does, the way `waybill
// import` and the screen's add form, paste and import write them, and says
// what was new. It decides what is new inside each batch's
// transaction, so two writers at once cannot both count an order:
//   - an order the store does not have, with a parcel, is marked shipped,
//     and so is a known one still being prepared (received, in progress,
//     packed) when a new parcel comes; other known orders keep their
//     status, so importing the same rows again changes nothing;
//   - a parcel without a ship date (zero, or now: a file reader dates rows
//     without one at the time it read them, orderfile.Options.Now) is
//     dated now when it is new, and keeps its stored date when it is not,
//     rather than moving to today on every import.
//
// It marks a copy of each batch (status, ship dates), never the caller's
// rows: a screen still showing the file it imports reads them meanwhile.
func (db *DB) ImportOrders(ctx context.Context, now time.Time, orders []tracker.OrderDetail) (tracker.Added, error) {
	var added tracker.Added
	for start, batch := 0, db.addBatchSize(); start < len(orders); start += batch {
		end := min(start+batch, len(orders))
		if err := db.addOrders(ctx, now, orders[start:end], &added, nil); err != nil {
			return added, db.diskErr(fmt.Errorf("add orders %d-%d of %d: %w", start+1, end, len(orders), err))
		}
	}
	return added, nil
}

// cloneOrders copies orders deep enough for markImport to change each
// order's status and each parcel's ship date.
func cloneOrders(orders []tracker.OrderDetail) []tracker.OrderDetail {
	out := make([]tracker.OrderDetail, len(orders))
	for i, o := range orders {
		out[i] = o
		out[i].Shipments = append([]tracker.ShipmentDetail(nil), o.Shipments...)
	}
	return out
}

// preShipment are the order statuses a first parcel moves on to shipped.
var preShipment = map[tracker.OrderStatus]bool{tracker.OrderReceived: true, tracker.OrderInProgress: true, tracker.OrderPacked: true}

// markImport does ImportOrders' marking for one batch, given the order
// numbers the store has (known).
func markImport(ctx context.Context, tx *sql.Tx, now time.Time, orders []tracker.OrderDetail, stored map[string]bool, added *tracker.Added) error {
	status, parcels, err := storedParcels(ctx, tx, stored)
	if err != nil {
		return fmt.Errorf("find known parcels: %w", err)
	}
	counted := make(map[string]bool, len(orders))
	for i := range orders {
		o := &orders[i]
		no := strings.TrimSpace(o.OrderNo)
		if !stored[no] && !counted[no] {
			added.Orders++
			counted[no] = true
		}
		newParcel := false
		for j := range o.Shipments {
			sh := &o.Shipments[j].Shipment
			undated := sh.ShippedAt.IsZero() || sh.ShippedAt.Equal(now)
			key := no + "\x00" + number.Normalize(sh.TrackingNo)
			switch {
			case !parcels[key]:
				added.Shipments++
				newParcel = true
				parcels[key] = true // a number twice in the batch is one parcel
				if undated {
					sh.ShippedAt = now
				}
			case undated:
				sh.ShippedAt = time.Time{} // keeps the stored date
			}
		}
		// A new order that comes with a parcel has shipped, and so has a
		// known one still being prepared; any other known order (arrived,
		// refunded, awaiting clarification…) keeps the status it has.
		if newParcel && (!stored[no] || preShipment[status[no]]) {
			o.Status = tracker.OrderShipped
		}
	}
	return nil
}

// storedParcels returns the status of each of the given stored orders and
// "order no\x00normalized tracking no" of each of their parcels.
func storedParcels(ctx context.Context, tx *sql.Tx, stored map[string]bool) (map[string]tracker.OrderStatus, map[string]bool, error) {
	status, parcels := map[string]tracker.OrderStatus{}, map[string]bool{}
	if len(stored) == 0 {
		return status, parcels, nil
	}
	nos := make([]string, 0, len(stored))
	for no := range stored {
		nos = append(nos, no)
	}
	arr, err := json.Marshal(nos)
	if err != nil {
		return nil, nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT o.order_no, o.status, coalesce(s.tracking_no, '') FROM orders o LEFT JOIN shipments s ON s.order_id = o.id
	WHERE o.order_no IN (SELECT value FROM json_each(?))`, string(arr))
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var no, st, tn string
		if err := rows.Scan(&no, &st, &tn); err != nil {
			return nil, nil, err
		}
		status[no] = tracker.OrderStatus(st)
		if tn != "" {
			parcels[no+"\x00"+number.Normalize(tn)] = true
		}
	}
	return status, parcels, rows.Err()
}
