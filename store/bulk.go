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
	"waybill/tracker/number"
)

// A bulk import is mostly new orders. Row by row, each costs two upserts,
// and SQLite copies every page an upsert touches to a statement journal
// before it writes; one INSERT of many rows pays that, and the per-call
// overhead, once per statement. So new orders go in by multi-row INSERTs,
// and only orders the store already has (or that carry events) take the
// upsert, which merges.

const (
	freshOrderCols = `id, order_no, order_key, marketplace, buyer, email, phone, country, status, ordered_at, promised_at,
	created_at, shipping_method, address, product, amount, currency, hs_code, declared_value, insured, packaging, checks, demo`
	freshShipCols = `order_id, tracking_no, carrier, origin, destination, status, shipped_at, last_event_at,
	delivered_at, next_check_at, checked_at, eta, unverified`
	// Rows per INSERT, of orders and of shipments alike (a chunk of
	// orders with one parcel each fills one shipments INSERT): 23 and 13
	// parameters a row stay far below SQLite's limit of 32766, and larger
	// statements gain nothing measurable.
	freshRows = 200
)

// bulkRows is the rows per multi-row INSERT: freshRows, unless a test
// set DB.bulkRows lower to cover full and partial chunks with fewer
// orders (one by one, as it compares, they are slow under -race).
func (db *DB) bulkRows() int {
	if db.testBulkRows > 0 {
		return db.testBulkRows
	}
	return freshRows
}

func valuesSQL(cols string, rows int) string {
	n := strings.Count(cols, ",") + 1
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", n), ",") + ")"
	return strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
}

// bulk inserts orders the store does not have yet.
type bulk struct {
	tx              *sql.Tx
	rows            int       // rows of the full-chunk INSERTs (DB.bulkRows)
	fullOrd, fullSh *sql.Stmt // prepared on the writer; see bulkStmts
	// pg says the ids insert gives orders come from PostgreSQL's
	// sequence (newOrderIDs), as other servers' do.
	pg bool
}

// bulkStmts prepares the full-chunk INSERTs on the writer once for the
// life of the DB: a many-row INSERT takes about as long to parse as its
// rows take to insert, and every import batch is a new transaction. It
// must run outside a transaction: the writer has one connection, which a
// transaction holds.
func (db *DB) bulkStmts(ctx context.Context) (ord, ship *sql.Stmt, err error) {
	get := func(text string) (*sql.Stmt, error) {
		key := "write:" + text // db.stmts holds the read pool's too
		db.stmtMu.Lock()
		defer db.stmtMu.Unlock()
		if st, ok := db.stmts[key]; ok {
			return st, nil
		}
		st, err := db.write.PrepareContext(ctx, text)
		if err != nil {
			return nil, err
		}
		if db.stmts == nil {
			db.stmts = map[string]*sql.Stmt{}
		}
		db.stmts[key] = st
		return st, nil
	}
	if ord, err = get(insertFreshOrders(db.bulkRows())); err != nil {
		return nil, nil, err
	}
	ship, err = get(insertFreshShipments(db.bulkRows()))
	return ord, ship, err
}

func insertFreshOrders(rows int) string {
	return `INSERT INTO orders (` + freshOrderCols + `) VALUES ` + valuesSQL(freshOrderCols, rows)
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
	if !first || stored[no] || number.OrderKey(no) == "" {
		return false
	}
	nums := make(map[string]bool, len(od.Shipments))
	for _, s := range od.Shipments {
		n := number.Normalize(s.TrackingNo)
		if n == "" || nums[n] || len(s.Events) > 0 || len(s.Exceptions) > 0 {
			return false
		}
		nums[n] = true
	}
	return true
}

// insert adds new orders and their shipments, exactly as adder.order and
// adder.shipment would have for orders the store does not have. The ids
// are taken first (newOrderIDs: SQLite's own numbering, PostgreSQL's
// sequence) and given explicitly so a second goroutine can build each
// chunk's values while the previous chunk is being written: on two cores
// the write alone is the critical path.
func (b *bulk) insert(ctx context.Context, now time.Time, prechecks *tracker.Prechecker, orders []tracker.OrderDetail) error {
	ids, err := newOrderIDs(ctx, b.tx, b.pg, len(orders))
	if err != nil {
		return fmt.Errorf("insert orders: %w", err)
	}
	type chunk struct {
		orders, ships []any
		nOrders       int
		nShips        int
		err           error
	}
	chunks := make(chan chunk, 2)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(chunks)
		for start := 0; start < len(orders); start += b.rows {
			c := chunk{orders: make([]any, 0, b.rows*22)}
			for k, od := range orders[start:min(start+b.rows, len(orders))] {
				id := ids[start+k]
				o, checks, err := orderRow(od.Order, prechecks)
				if err != nil {
					c.err = fmt.Errorf("order %s: %w", od.OrderNo, err)
					break
				}
				created := o.CreatedAt
				if created.IsZero() {
					created = now
				}
				status := o.Status
				if status == "" {
					status = tracker.OrderReceived
				}
				c.orders = append(c.orders, id, o.OrderNo, number.OrderKey(o.OrderNo), o.Marketplace, o.Buyer, o.Email, o.Phone, o.Country,
					string(status), unix(o.OrderedAt), unix(o.PromisedAt), unix(created), o.ShippingMethod,
					o.Address, o.Product, int64(o.Amount), o.Currency, o.HSCode, int64(o.DeclaredValue), insuredArg(o.Insured), o.Packaging, checks, o.Demo)
				c.nOrders++
				for _, sd := range od.Shipments {
					sh := sd.Shipment
					if sh.Destination == "" {
						sh.Destination = o.Country // as adder.destinations does
					}
					row, err := shipmentArgs(now, id, sh)
					if err != nil {
						c.err = fmt.Errorf("order %s shipment %s: %w", od.OrderNo, sd.TrackingNo, err)
						break
					}
					c.ships = append(c.ships, row...)
					c.nShips++
				}
				if c.err != nil {
					break
				}
			}
			select {
			case chunks <- c:
			case <-done:
				return
			}
			if c.err != nil {
				return
			}
		}
	}()
	for c := range chunks {
		if c.err != nil {
			return c.err
		}
		if err := b.exec(ctx, b.fullOrd, c.nOrders == b.rows, insertFreshOrders(c.nOrders), c.orders); err != nil {
			return fmt.Errorf("insert orders: %w", err)
		}
		// A chunk's shipments go in by statements of at most b.rows.
		for s := 0; s < c.nShips; s += b.rows {
			n := min(b.rows, c.nShips-s)
			if err := b.exec(ctx, b.fullSh, n == b.rows, insertFreshShipments(n), c.ships[s*13:(s+n)*13]); err != nil {
				return fmt.Errorf("insert shipments: %w", err)
			}
		}
	}
	return ctx.Err()
}

// exec runs a full chunk through its prepared statement and a shorter
// one through text of its own.
func (b *bulk) exec(ctx context.Context, full *sql.Stmt, isFull bool, text string, args []any) error {
	var err error
	if isFull {
		_, err = b.tx.StmtContext(ctx, full).ExecContext(ctx, args...)
	} else {
		_, err = b.tx.ExecContext(ctx, text, args...)
	}
	return err
}

// orderRow is an order as both ways of adding store it: trimmed, the
// currency in capitals, with its checks.
func orderRow(o tracker.Order, prechecks *tracker.Prechecker) (tracker.Order, string, error) {
	o.OrderNo = strings.TrimSpace(o.OrderNo)
	if number.OrderKey(o.OrderNo) == "" {
		return o, "", errors.New("order number is empty")
	}
	o.ShippingMethod = strings.TrimSpace(o.ShippingMethod)
	o.Address, o.Product, o.HSCode = strings.TrimSpace(o.Address), strings.TrimSpace(o.Product), strings.TrimSpace(o.HSCode)
	o.Packaging = strings.TrimSpace(o.Packaging)
	o.Currency = strings.ToUpper(strings.TrimSpace(o.Currency))
	o.Country = strings.ToUpper(strings.TrimSpace(o.Country))
	checks, err := encodeChecks(prechecks.Check(o))
	return o, checks, err
}

// shipmentArgs are a shipment's values in freshShipCols order, as stored:
// the number normalized, pending by default, due at once unless final.
func shipmentArgs(now time.Time, orderID int64, sh tracker.Shipment) ([]any, error) {
	no := number.Normalize(sh.TrackingNo)
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
