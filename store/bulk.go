package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"waybill/tracker"
)

// A bulk import is mostly new orders. Row by row, each costs two upserts,
// and SQLite copies every page an upsert touches to a statement journal
// before it writes; one INSERT of many rows pays that, and the per-call
// overhead, once per statement. So new orders go in by multi-row INSERTs,
// and only orders the store already has (or that carry events) take the
// upsert, which merges.

const (
	freshOrderCols = `order_no, order_key, marketplace, buyer, email, phone, country, status, ordered_at, promised_at,
	created_at, shipping_method, address, product, amount, currency, hs_code, declared_value, insured, checks`
	freshShipCols = `order_id, tracking_no, carrier, origin, destination, status, shipped_at, last_event_at,
	delivered_at, next_check_at, checked_at, eta, unverified`
	// Rows per INSERT: 20 and 13 parameters a row stay far below SQLite's
	// limit of 32766, and larger statements gain nothing measurable.
	freshOrderRows = 50
	freshShipRows  = 75
)

func valuesSQL(cols string, rows int) string {
	n := strings.Count(cols, ",") + 1
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", n), ",") + ")"
	return strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
}

// bulk inserts orders the store does not have yet.
type bulk struct {
	tx              *sql.Tx
	fullOrd, fullSh *sql.Stmt // statements for full chunks, prepared once
}

func newBulk(ctx context.Context, tx *sql.Tx) (*bulk, error) {
	b := &bulk{tx: tx}
	var err error
	if b.fullOrd, err = tx.PrepareContext(ctx, insertFreshOrders(freshOrderRows)); err != nil {
		return nil, err
	}
	if b.fullSh, err = tx.PrepareContext(ctx, insertFreshShipments(freshShipRows)); err != nil {
		b.fullOrd.Close()
		return nil, err
	}
	return b, nil
}

func (b *bulk) close() {
	b.fullOrd.Close()
	b.fullSh.Close()
}

func insertFreshOrders(rows int) string {
	return `INSERT INTO orders (` + freshOrderCols + `) VALUES ` + valuesSQL(freshOrderCols, rows) + ` RETURNING id, order_no`
}

func insertFreshShipments(rows int) string {
	return `INSERT INTO shipments (` + freshShipCols + `) VALUES ` + valuesSQL(freshShipCols, rows)
}

// known returns which of the orders' numbers the store already has.
func known(ctx context.Context, tx *sql.Tx, orders []tracker.OrderDetail) (map[string]bool, error) {
	nos := make([]string, len(orders))
	for i, o := range orders {
		nos[i] = strings.TrimSpace(o.OrderNo)
	}
	arr, err := json.Marshal(nos)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT order_no FROM orders WHERE order_no IN (SELECT value FROM json_each(?))`, string(arr))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var no string
		if err := rows.Scan(&no); err != nil {
			return nil, err
		}
		out[no] = true
	}
	return out, rows.Err()
}

// fresh reports whether od can go in by a plain INSERT: a number neither
// stored nor earlier in the batch, no events or exceptions to attach, and
// distinct tracking numbers. seen collects the batch's numbers.
func fresh(od tracker.OrderDetail, stored, seen map[string]bool) bool {
	no := strings.TrimSpace(od.OrderNo)
	first := !seen[no]
	seen[no] = true
	if !first || stored[no] || normalize(no) == "" {
		return false
	}
	nums := make(map[string]bool, len(od.Shipments))
	for _, s := range od.Shipments {
		n := normalize(s.TrackingNo)
		if n == "" || nums[n] || len(s.Events) > 0 || len(s.Exceptions) > 0 {
			return false
		}
		nums[n] = true
	}
	return true
}

// insert adds new orders and their shipments, exactly as adder.order and
// adder.shipment would have for orders the store does not have.
func (b *bulk) insert(ctx context.Context, now time.Time, prechecks *tracker.Prechecker, orders []tracker.OrderDetail) error {
	ids := make(map[string]int64, len(orders))
	args := make([]any, 0, freshOrderRows*20)
	for start := 0; start < len(orders); start += freshOrderRows {
		chunk := orders[start:min(start+freshOrderRows, len(orders))]
		args = args[:0]
		for _, od := range chunk {
			o, checks, err := orderRow(od.Order, prechecks)
			if err != nil {
				return fmt.Errorf("order %s: %w", od.OrderNo, err)
			}
			created := o.CreatedAt
			if created.IsZero() {
				created = now
			}
			status := o.Status
			if status == "" {
				status = tracker.OrderReceived
			}
			args = append(args, o.OrderNo, normalize(o.OrderNo), o.Marketplace, o.Buyer, o.Email, o.Phone, o.Country,
				string(status), unix(o.OrderedAt), unix(o.PromisedAt), unix(created), o.ShippingMethod,
				o.Address, o.Product, int64(o.Amount), o.Currency, o.HSCode, int64(o.DeclaredValue), insuredArg(o.Insured), checks)
		}
		if err := b.query(ctx, b.fullOrd, len(chunk) == freshOrderRows, insertFreshOrders(len(chunk)), args, func(rows *sql.Rows) error {
			var id int64
			var no string
			if err := rows.Scan(&id, &no); err != nil {
				return err
			}
			ids[no] = id
			return nil
		}); err != nil {
			return fmt.Errorf("insert orders: %w", err)
		}
	}

	args = args[:0]
	n := 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		err := b.query(ctx, b.fullSh, n == freshShipRows, insertFreshShipments(n), args, nil)
		args, n = args[:0], 0
		return err
	}
	for _, od := range orders {
		id, ok := ids[strings.TrimSpace(od.OrderNo)]
		if !ok {
			return fmt.Errorf("order %s: the insert returned no id", od.OrderNo)
		}
		for _, sd := range od.Shipments {
			row, err := shipmentArgs(now, id, sd.Shipment)
			if err != nil {
				return fmt.Errorf("order %s shipment %s: %w", od.OrderNo, sd.TrackingNo, err)
			}
			args = append(args, row...)
			if n++; n == freshShipRows {
				if err := flush(); err != nil {
					return fmt.Errorf("insert shipments: %w", err)
				}
			}
		}
	}
	if err := flush(); err != nil {
		return fmt.Errorf("insert shipments: %w", err)
	}
	return nil
}

// query runs a full chunk through its prepared statement and a shorter
// last one through text of its own; each row goes to scan when given.
func (b *bulk) query(ctx context.Context, full *sql.Stmt, isFull bool, text string, args []any, scan func(*sql.Rows) error) error {
	var (
		rows *sql.Rows
		err  error
	)
	if isFull {
		rows, err = full.QueryContext(ctx, args...)
	} else {
		rows, err = b.tx.QueryContext(ctx, text, args...)
	}
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if scan == nil {
			continue
		}
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// orderRow is an order as both ways of adding store it: trimmed, the
// currency in capitals, with its checks.
func orderRow(o tracker.Order, prechecks *tracker.Prechecker) (tracker.Order, string, error) {
	o.OrderNo = strings.TrimSpace(o.OrderNo)
	if normalize(o.OrderNo) == "" {
		return o, "", errors.New("order number is empty")
	}
	o.ShippingMethod = strings.TrimSpace(o.ShippingMethod)
	o.Address, o.Product, o.HSCode = strings.TrimSpace(o.Address), strings.TrimSpace(o.Product), strings.TrimSpace(o.HSCode)
	o.Currency = strings.ToUpper(strings.TrimSpace(o.Currency))
	checks, err := encodeChecks(prechecks.Check(o))
	return o, checks, err
}

// shipmentArgs are a shipment's values in freshShipCols order, as stored:
// the number normalized, pending by default, due at once unless final.
func shipmentArgs(now time.Time, orderID int64, sh tracker.Shipment) ([]any, error) {
	no := normalize(sh.TrackingNo)
	if no == "" {
		return nil, errors.New("tracking number is empty")
	}
	if sh.Status == "" {
		sh.Status = tracker.StatusPending
	}
	next := sh.NextCheckAt
	switch {
	case sh.Status.Final():
		next = time.Time{}
	case next.IsZero():
		next = now
	}
	return []any{orderID, no, sh.Carrier, sh.Origin, sh.Destination, string(sh.Status),
		shippedUnix(sh.ShippedAt), unix(sh.LastEventAt), unix(sh.DeliveredAt), unix(next), unix(sh.CheckedAt),
		unix(sh.ETA), sh.Unverified}, nil
}
