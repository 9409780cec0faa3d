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

// addBatch bounds a bulk import's transactions: big enough that commits
// are rare, small enough that the write lock is never held for long.
const addBatch = 1000

// AddOrder adds an order with its shipments, or merges them into the order
// with the same number: fields given replace stored ones, empty fields keep
// them. New shipments are due for a check at now. It returns the order as
// stored, with its shipments and their open exceptions.
func (db *DB) AddOrder(ctx context.Context, now time.Time, o tracker.Order, ships []tracker.Shipment) (tracker.OrderDetail, error) {
	tx, err := begin(ctx, db.write)
	if err != nil {
		return tracker.OrderDetail{}, fmt.Errorf("add order %s: %w", o.OrderNo, err)
	}
	defer tx.Rollback()
	a, err := newAdder(ctx, tx)
	if err != nil {
		return tracker.OrderDetail{}, fmt.Errorf("add order %s: %w", o.OrderNo, err)
	}
	defer a.close()
	id, err := a.order(ctx, now, o)
	if err != nil {
		return tracker.OrderDetail{}, fmt.Errorf("add order %s: %w", o.OrderNo, err)
	}
	for _, sh := range ships {
		if _, err := a.shipment(ctx, now, id, sh); err != nil {
			return tracker.OrderDetail{}, fmt.Errorf("add order %s shipment %s: %w", o.OrderNo, sh.TrackingNo, err)
		}
	}
	ds, err := details(ctx, tx, "o.id = ?", []any{id}, false)
	if err != nil {
		return tracker.OrderDetail{}, fmt.Errorf("add order %s: read back: %w", o.OrderNo, err)
	}
	if err := tx.Commit(); err != nil {
		return tracker.OrderDetail{}, fmt.Errorf("add order %s: %w", o.OrderNo, classify(err))
	}
	return ds[0], nil
}

// AddOrders adds or merges many orders, as AddOrder does, together with any
// events and open exception kinds their shipments carry (demo data, imports).
// Shipment fields are stored as given; no rules run. It commits every
// addBatch orders, so on error the orders before the failing batch are kept.
func (db *DB) AddOrders(ctx context.Context, now time.Time, orders []tracker.OrderDetail) error {
	for start := 0; start < len(orders); start += addBatch {
		end := min(start+addBatch, len(orders))
		if err := db.addOrders(ctx, now, orders[start:end]); err != nil {
			return fmt.Errorf("add orders %d-%d of %d: %w", start+1, end, len(orders), err)
		}
	}
	return nil
}

func (db *DB) addOrders(ctx context.Context, now time.Time, orders []tracker.OrderDetail) error {
	tx, err := begin(ctx, db.write)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	a, err := newAdder(ctx, tx)
	if err != nil {
		return err
	}
	defer a.close()
	for _, od := range orders {
		id, err := a.order(ctx, now, od.Order)
		if err != nil {
			return fmt.Errorf("order %s: %w", od.OrderNo, err)
		}
		for _, sd := range od.Shipments {
			sid, err := a.shipment(ctx, now, id, sd.Shipment)
			if err != nil {
				return fmt.Errorf("order %s shipment %s: %w", od.OrderNo, sd.TrackingNo, err)
			}
			for _, e := range sd.Events {
				if _, err := a.event.ExecContext(ctx, eventArgs(sid, e, eventKey(e))...); err != nil {
					return fmt.Errorf("order %s shipment %s event: %w", od.OrderNo, sd.TrackingNo, err)
				}
			}
			for _, k := range sd.Exceptions {
				if _, err := a.exception.ExecContext(ctx, sid, string(k), int(tracker.SeverityOf(k)), "", unix(now)); err != nil {
					return fmt.Errorf("order %s shipment %s exception %s: %w", od.OrderNo, sd.TrackingNo, k, err)
				}
			}
		}
	}
	return classify(tx.Commit())
}

// adder holds the statements of an import, prepared once per transaction.
type adder struct {
	ord, ship, event, exception *sql.Stmt
}

// Order fields merge: a non-empty value replaces the stored one, an empty one
// keeps it, so re-importing a sparse file never erases what a fuller one said.
const upsertOrder = `
INSERT INTO orders (order_no, order_key, marketplace, buyer, email, phone, country, status, ordered_at, promised_at, created_at, shipping_method)
VALUES (:no, :key, :marketplace, :buyer, :email, :phone, :country, coalesce(nullif(:status, ''), 'received'), :ordered, :promised, :created, :method)
ON CONFLICT (order_no) DO UPDATE SET
	marketplace = coalesce(nullif(excluded.marketplace, ''), marketplace),
	shipping_method = coalesce(nullif(excluded.shipping_method, ''), shipping_method),
	buyer       = coalesce(nullif(excluded.buyer, ''), buyer),
	email       = coalesce(nullif(excluded.email, ''), email),
	phone       = coalesce(nullif(excluded.phone, ''), phone),
	country     = coalesce(nullif(excluded.country, ''), country),
	status      = coalesce(nullif(:status, ''), status),
	ordered_at  = coalesce(excluded.ordered_at, ordered_at),
	promised_at = coalesce(excluded.promised_at, promised_at)
RETURNING id`

// A known shipment keeps its status and schedule: those come from carrier
// events, not from whoever added the number again. unverified is replaced
// because every add validates the number afresh.
const upsertShipment = `
INSERT INTO shipments (order_id, tracking_no, carrier, origin, destination, status, shipped_at,
	last_event_at, delivered_at, next_check_at, checked_at, eta, unverified)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (order_id, tracking_no) DO UPDATE SET
	carrier     = coalesce(nullif(excluded.carrier, ''), carrier),
	origin      = coalesce(nullif(excluded.origin, ''), origin),
	destination = coalesce(nullif(excluded.destination, ''), destination),
	shipped_at  = coalesce(nullif(excluded.shipped_at, 0), shipped_at),
	eta         = coalesce(excluded.eta, eta),
	unverified  = excluded.unverified
RETURNING id`

const insertEvent = `
INSERT INTO events (shipment_id, time, status, raw_status, location, description, exception, key)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING`

// eventArgCount is how many values eventArgs gives per event.
const eventArgCount = 8

// insertEventsSQL inserts n events, none of them stored yet, in one
// statement. A repeat is an error: UNIQUE (shipment_id, key) stays the
// guard of dedupe.
func insertEventsSQL(n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO events (shipment_id, time, status, raw_status, location, description, exception, key) VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?)")
	}
	return b.String()
}

func eventArgs(shipmentID int64, e tracker.Event, key []byte) []any {
	return []any{shipmentID, unix(e.Time), string(e.Status), e.RawStatus, e.Location, e.Description, string(e.Exception), key}
}

// insertException opens a rule exception unless one of its kind is open.
const insertException = `
INSERT INTO exceptions (shipment_id, kind, severity, state, detail, source, opened_at)
VALUES (?, ?, ?, 'open', ?, 'rule', ?)
ON CONFLICT DO NOTHING`

func newAdder(ctx context.Context, tx *sql.Tx) (*adder, error) {
	a := &adder{}
	var err error
	for _, p := range []struct {
		st  **sql.Stmt
		sql string
	}{{&a.ord, upsertOrder}, {&a.ship, upsertShipment}, {&a.event, insertEvent}, {&a.exception, insertException}} {
		if *p.st, err = tx.PrepareContext(ctx, p.sql); err != nil {
			a.close()
			return nil, err
		}
	}
	return a, nil
}

func (a *adder) close() {
	for _, st := range []*sql.Stmt{a.ord, a.ship, a.event, a.exception} {
		if st != nil {
			st.Close()
		}
	}
}

func (a *adder) order(ctx context.Context, now time.Time, o tracker.Order) (int64, error) {
	created := o.CreatedAt
	if created.IsZero() {
		created = now
	}
	if normalize(o.OrderNo) == "" {
		return 0, errors.New("order number is empty")
	}
	var id int64
	err := a.ord.QueryRowContext(ctx,
		sql.Named("no", strings.TrimSpace(o.OrderNo)), sql.Named("key", normalize(o.OrderNo)),
		sql.Named("marketplace", o.Marketplace), sql.Named("buyer", o.Buyer), sql.Named("email", o.Email),
		sql.Named("phone", o.Phone), sql.Named("country", o.Country), sql.Named("status", string(o.Status)),
		sql.Named("ordered", unix(o.OrderedAt)), sql.Named("promised", unix(o.PromisedAt)), sql.Named("created", unix(created)),
		sql.Named("method", strings.TrimSpace(o.ShippingMethod)),
	).Scan(&id)
	return id, err
}

func (a *adder) shipment(ctx context.Context, now time.Time, orderID int64, sh tracker.Shipment) (int64, error) {
	no := normalize(sh.TrackingNo)
	if no == "" {
		return 0, errors.New("tracking number is empty")
	}
	if sh.Status == "" {
		sh.Status = tracker.StatusPending
	}
	// A new parcel is due at once, a final one never.
	next := sh.NextCheckAt
	switch {
	case sh.Status.Final():
		next = time.Time{}
	case next.IsZero():
		next = now
	}
	var id int64
	err := a.ship.QueryRowContext(ctx, orderID, no, sh.Carrier, sh.Origin, sh.Destination, string(sh.Status),
		shippedUnix(sh.ShippedAt), unix(sh.LastEventAt), unix(sh.DeliveredAt), unix(next), unix(sh.CheckedAt),
		unix(sh.ETA), sh.Unverified).Scan(&id)
	return id, err
}
