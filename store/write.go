package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"waybill/tracker"
	"waybill/tracker/number"
)

// addBatch bounds a bulk import's transactions: big enough that commits
// are rare, small enough that the write lock is never held for long.
const addBatch = 5000

// addBatchSize is addBatch, unless a test set DB.testAddBatch lower to
// cover several transactions with fewer orders.
func (db *DB) addBatchSize() int {
	if db.testAddBatch > 0 {
		return db.testAddBatch
	}
	return addBatch
}

// foldPages bounds the merging of the full-text index's segments that
// foldIndex asks for: about a megabyte of index written, so that no write
// waits long behind it.
const foldPages = 256

// foldIndex merges segments of the SQLite store's full-text index, up to
// foldPages pages written, in the transaction tx that added parcels to it:
// each such transaction adds a segment, and a filter key reads every
// segment (migration 0031: usermerge 2, so any two of a size merge). FTS5
// merges as it writes too (four of a size), but only after 64 pages
// written: without this, parcels added one at a time pile up in one-page
// segments. A merge larger than the bound goes on in the next transaction
// that adds parcels. PostgreSQL's word table has no segments.
func (db *DB) foldIndex(ctx context.Context, tx *sql.Tx) error {
	if db.pg {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO shipments_fts (shipments_fts, rank) VALUES ('merge', ?)`, foldPages); err != nil {
		return fmt.Errorf("merge the full-text index's segments (%d pages): %w", foldPages, err)
	}
	return nil
}

// AddOrder adds an order with its shipments, or merges them into the order
// with the same number: fields given replace stored ones, empty fields keep
// them. New shipments are due for a check at now. It returns the order as
// stored, with its shipments and their open exceptions.
func (db *DB) AddOrder(ctx context.Context, now time.Time, o tracker.Order, ships []tracker.Shipment) (tracker.OrderDetail, error) {
	d, err := db.addOrder(ctx, now, o, ships)
	return d, db.diskErr(err)
}

// On PostgreSQL it runs beside other servers' writers (pgWriteLock's
// shared mode): the order's stored parcels and the order itself are
// locked first (lockStoredOrders), and two servers adding the same number
// at once merge, one after the other, on the upsert's UNIQUE (order_no).
func (db *DB) addOrder(ctx context.Context, now time.Time, o tracker.Order, ships []tracker.Shipment) (tracker.OrderDetail, error) {
	tx, err := begin(sharedWrite(ctx), db.write)
	if err != nil {
		return tracker.OrderDetail{}, fmt.Errorf("add order %s: %w", o.OrderNo, err)
	}
	defer tx.Rollback()
	if err := db.lockStoredOrders(ctx, tx, []string{strings.TrimSpace(o.OrderNo)}); err != nil {
		return tracker.OrderDetail{}, fmt.Errorf("add order %s: %w", o.OrderNo, err)
	}
	a, err := newAdder(ctx, tx, db.prechecker())
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
	if err := a.destinations(ctx, id); err != nil {
		return tracker.OrderDetail{}, fmt.Errorf("add order %s: %w", o.OrderNo, err)
	}
	ds, err := details(ctx, tx, "o.id = ?", []any{id}, false)
	if err != nil {
		return tracker.OrderDetail{}, fmt.Errorf("add order %s: read back: %w", o.OrderNo, err)
	}
	if err := db.foldIndex(ctx, tx); err != nil {
		return tracker.OrderDetail{}, fmt.Errorf("add order %s: %w", o.OrderNo, err)
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
	for start, batch := 0, db.addBatchSize(); start < len(orders); start += batch {
		end := min(start+batch, len(orders))
		if err := db.addOrders(ctx, now, orders[start:end], nil, nil); err != nil {
			return db.diskErr(fmt.Errorf("add orders %d-%d of %d: %w", start+1, end, len(orders), err))
		}
	}
	return nil
}

// addOrders writes one batch in one transaction; with added, it marks and
// counts what is new first (ImportOrders), on a copy of the batch. after,
// when not nil, writes more in the same transaction before it commits
// (SyncOrders). On PostgreSQL it runs beside other servers' writers
// (pgWriteLock's shared mode, see pgadd.go); when one of them stored one
// of the batch's new order numbers first, the batch runs again from the
// caller's rows and merges into it.
func (db *DB) addOrders(ctx context.Context, now time.Time, orders []tracker.OrderDetail, added *tracker.Added, after func(*sql.Tx) error) error {
	for try := 1; ; try++ {
		batch := orders
		if added != nil {
			batch = cloneOrders(orders) // markImport marks the copy, never the caller's rows
		}
		err := db.addOrdersOnce(ctx, now, batch, added, after)
		if !db.pg || !pgBatchMustRunAgain(err) || try == addTries || ctx.Err() != nil {
			return err
		}
	}
}

func (db *DB) addOrdersOnce(ctx context.Context, now time.Time, orders []tracker.OrderDetail, added *tracker.Added, after func(*sql.Tx) error) error {
	fullOrd, fullSh, err := db.bulkStmts(ctx)
	if err != nil {
		return err
	}
	tx, err := begin(sharedWrite(ctx), db.write)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	prechecks := db.prechecker()
	// The upsert's statements are prepared only for a batch that has
	// orders the store knows: a first import has none.
	var a *adder
	defer func() {
		if a != nil {
			a.close()
		}
	}()
	b := &bulk{tx: tx, rows: db.bulkRows(), fullOrd: fullOrd, fullSh: fullSh, pg: db.pg}
	stored, err := known(ctx, tx, orders)
	if err != nil {
		return fmt.Errorf("find known orders: %w", err)
	}
	if err := db.lockStoredOrders(ctx, tx, slices.Sorted(maps.Keys(stored))); err != nil {
		return err
	}
	var batch tracker.Added // counted into added once committed
	if added != nil {
		if err := markImport(ctx, tx, now, orders, stored, &batch); err != nil {
			return err
		}
	}
	seen := make(map[string]bool, len(orders))
	// Runs of new orders go in together; ids still follow the input order.
	for i := 0; i < len(orders); {
		j := i
		for j < len(orders) && fresh(orders[j], stored, seen) {
			j++
		}
		if j > i {
			if err := b.insert(ctx, now, prechecks, orders[i:j]); err != nil {
				return err
			}
		}
		if j == len(orders) {
			break
		}
		if a == nil {
			if a, err = newAdder(ctx, tx, prechecks); err != nil {
				return err
			}
		}
		if err := a.add(ctx, now, orders[j]); err != nil {
			return err
		}
		i = j + 1
	}
	if after != nil {
		if err := after(tx); err != nil {
			return err
		}
	}
	if err := db.foldIndex(ctx, tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return classify(err)
	}
	if added != nil {
		added.Orders += batch.Orders
		added.Shipments += batch.Shipments
	}
	return nil
}

// add adds or merges one order with its shipments, events and exceptions.
func (a *adder) add(ctx context.Context, now time.Time, od tracker.OrderDetail) (err error) {
	id, err := a.order(ctx, now, od.Order)
	if err != nil {
		return fmt.Errorf("order %s: %w", od.OrderNo, err)
	}
	defer func() {
		if err == nil {
			err = a.destinations(ctx, id)
		}
	}()
	for _, sd := range od.Shipments {
		sid, err := a.shipment(ctx, now, id, sd.Shipment)
		if err != nil {
			return fmt.Errorf("order %s shipment %s: %w", od.OrderNo, sd.TrackingNo, err)
		}
		var first any
		for _, e := range sd.Events {
			if _, err := a.event.ExecContext(ctx, eventArgs(sid, e, eventKey(e))...); err != nil {
				return fmt.Errorf("order %s shipment %s event: %w", od.OrderNo, sd.TrackingNo, err)
			}
			if t, ok := unix(e.Time).(int64); ok && (first == nil || t < first.(int64)) {
				first = t
			}
		}
		if first != nil {
			if _, err := a.firstEvent.ExecContext(ctx, first, sid); err != nil {
				return fmt.Errorf("order %s shipment %s first event: %w", od.OrderNo, sd.TrackingNo, err)
			}
		}
		for _, k := range sd.Exceptions {
			if _, err := a.exception.ExecContext(ctx, sid, string(k), int(tracker.SeverityOf(k)), "", unix(now)); err != nil {
				return fmt.Errorf("order %s shipment %s exception %s: %w", od.OrderNo, sd.TrackingNo, k, err)
			}
		}
	}
	return nil
}

// destinations sends the order's parcels that have no destination where
// the order goes: a parcel pasted or added with its tracking number alone
// goes to the buyer like the others, and the filter finds it by country.
func (a *adder) destinations(ctx context.Context, orderID int64) error {
	if _, err := a.dest.ExecContext(ctx, orderID); err != nil {
		return fmt.Errorf("parcels' destination: %w", err)
	}
	return nil
}

// adder holds the statements of an import, prepared once per transaction.
type adder struct {
	ord, checks, ship, event, firstEvent, exception, dest *sql.Stmt
	prechecks                                             *tracker.Prechecker
}

// Order fields merge: a non-empty value replaces the stored one, an empty one
// keeps it, so re-importing a sparse file never erases what a fuller one said.
// Amounts of 0 and an insured of NULL count as empty. checks is written for
// a new order only; adder.order judges a merged one again from what this
// returns. demo too is a new order's alone: a demo order stays one, and a
// real one real, whatever is written to it later.
const upsertOrder = `
INSERT INTO orders (order_no, order_key, marketplace, buyer, email, phone, country, status, ordered_at, promised_at, created_at, shipping_method,
	address, product, amount, currency, hs_code, declared_value, insured, packaging, checks, demo)
VALUES (:no, :key, :marketplace, :buyer, :email, :phone, :country, coalesce(nullif(:status, ''), 'received'), :ordered, :promised, :created, :method,
	:address, :product, :amount, :currency, :hs, :declared, :insured, :packaging, :checks, :demo)
ON CONFLICT (order_no) DO UPDATE SET -- orders.x: the stored value (PostgreSQL wants it named so)
	marketplace = coalesce(nullif(excluded.marketplace, ''), orders.marketplace),
	shipping_method = coalesce(nullif(excluded.shipping_method, ''), orders.shipping_method),
	buyer       = coalesce(nullif(excluded.buyer, ''), orders.buyer),
	email       = coalesce(nullif(excluded.email, ''), orders.email),
	phone       = coalesce(nullif(excluded.phone, ''), orders.phone),
	country     = coalesce(nullif(excluded.country, ''), orders.country),
	status      = coalesce(nullif(:status, ''), orders.status),
	ordered_at  = coalesce(excluded.ordered_at, orders.ordered_at),
	promised_at = coalesce(excluded.promised_at, orders.promised_at),
	address     = coalesce(nullif(excluded.address, ''), orders.address),
	product     = coalesce(nullif(excluded.product, ''), orders.product),
	amount      = coalesce(nullif(excluded.amount, 0), orders.amount),
	currency    = coalesce(nullif(excluded.currency, ''), orders.currency),
	hs_code     = coalesce(nullif(excluded.hs_code, ''), orders.hs_code),
	declared_value = coalesce(nullif(excluded.declared_value, 0), orders.declared_value),
	insured     = coalesce(excluded.insured, orders.insured),
	packaging   = coalesce(nullif(excluded.packaging, ''), orders.packaging)
RETURNING id, product, amount, currency, hs_code, declared_value, insured, checks`

const updateChecks = `UPDATE orders SET checks = ? WHERE id = ?`

// fillDestinations gives an order's parcels without a destination the
// order's country.
const fillDestinations = `UPDATE shipments SET destination = (SELECT country FROM orders WHERE id = ?1)
WHERE order_id = ?1 AND destination = '' AND (SELECT country FROM orders WHERE id = ?1) != ''`

// A known shipment keeps its status and schedule: those come from carrier
// events, not from whoever added the number again. unverified is replaced
// because every add validates the number afresh.
const upsertShipment = `
INSERT INTO shipments (order_id, tracking_no, carrier, origin, destination, status, shipped_at,
	last_event_at, delivered_at, next_check_at, checked_at, eta, unverified)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (order_id, tracking_no) DO UPDATE SET
	carrier     = coalesce(nullif(excluded.carrier, ''), shipments.carrier),
	origin      = coalesce(nullif(excluded.origin, ''), shipments.origin),
	destination = coalesce(nullif(excluded.destination, ''), shipments.destination),
	shipped_at  = coalesce(nullif(excluded.shipped_at, 0), shipments.shipped_at),
	eta         = coalesce(excluded.eta, shipments.eta),
	unverified  = excluded.unverified
RETURNING id`

const insertEvent = `
INSERT INTO events (shipment_id, time, status, raw_status, location, description, exception, key)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING`

// lowerFirstEvent keeps shipments.first_event_at the oldest time of the
// shipment's events (migration 0010) after an import added some.
const lowerFirstEvent = `UPDATE shipments SET first_event_at = coalesce(min(first_event_at, ?1), ?1) WHERE id = ?2`

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

func newAdder(ctx context.Context, tx *sql.Tx, prechecks *tracker.Prechecker) (*adder, error) {
	a := &adder{prechecks: prechecks}
	var err error
	for _, p := range []struct {
		st  **sql.Stmt
		sql string
	}{{&a.ord, upsertOrder}, {&a.checks, updateChecks}, {&a.ship, upsertShipment}, {&a.event, insertEvent}, {&a.firstEvent, lowerFirstEvent}, {&a.exception, insertException}, {&a.dest, fillDestinations}} {
		if *p.st, err = tx.PrepareContext(ctx, p.sql); err != nil {
			a.close()
			return nil, err
		}
	}
	return a, nil
}

func (a *adder) close() {
	for _, st := range []*sql.Stmt{a.ord, a.checks, a.ship, a.event, a.firstEvent, a.exception, a.dest} {
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
	o, checks, err := orderRow(o, a.prechecks)
	if err != nil {
		return 0, err
	}
	var (
		id     int64
		merged tracker.Order
		stored string
	)
	err = a.ord.QueryRowContext(ctx,
		sql.Named("no", o.OrderNo), sql.Named("key", number.OrderKey(o.OrderNo)),
		sql.Named("marketplace", o.Marketplace), sql.Named("buyer", o.Buyer), sql.Named("email", o.Email),
		sql.Named("phone", o.Phone), sql.Named("country", o.Country), sql.Named("status", string(o.Status)),
		sql.Named("ordered", unix(o.OrderedAt)), sql.Named("promised", unix(o.PromisedAt)), sql.Named("created", unix(created)),
		sql.Named("method", o.ShippingMethod),
		sql.Named("address", o.Address), sql.Named("product", o.Product),
		sql.Named("amount", int64(o.Amount)), sql.Named("currency", o.Currency),
		sql.Named("hs", o.HSCode), sql.Named("declared", int64(o.DeclaredValue)),
		sql.Named("insured", insuredArg(o.Insured)), sql.Named("packaging", o.Packaging), sql.Named("checks", checks), sql.Named("demo", o.Demo),
	).Scan(&id, &merged.Product, &merged.Amount, &merged.Currency, &merged.HSCode, &merged.DeclaredValue,
		insuredCol{&merged.Insured}, &stored)
	if err != nil {
		return 0, err
	}
	// A merged order is judged on what it now holds, not on the sparse
	// row that was merged into it. A new order holds just what was given.
	if sameContents(merged, o) && stored == checks {
		return id, nil
	}
	if again, err := encodeChecks(a.prechecks.Check(merged)); err != nil {
		return 0, err
	} else if again != stored {
		if _, err := a.checks.ExecContext(ctx, again, id); err != nil {
			return 0, fmt.Errorf("pre-shipment checks: %w", err)
		}
	}
	return id, nil
}

func (a *adder) shipment(ctx context.Context, now time.Time, orderID int64, sh tracker.Shipment) (int64, error) {
	args, err := shipmentArgs(now, orderID, sh)
	if err != nil {
		return 0, err
	}
	var id int64
	err = a.ship.QueryRowContext(ctx, args...).Scan(&id)
	return id, err
}

// sameContents compares the fields tracker.Precheck reads.
func sameContents(a, b tracker.Order) bool {
	return a.Product == b.Product && a.Amount == b.Amount && a.Currency == b.Currency && a.HSCode == b.HSCode &&
		a.DeclaredValue == b.DeclaredValue && (a.Insured == nil) == (b.Insured == nil) &&
		(a.Insured == nil || *a.Insured == *b.Insured)
}
