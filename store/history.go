package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"waybill/tracker"
)

var (
	_ tracker.HistoryReader = (*DB)(nil)
	_ tracker.ETAReader     = (*DB)(nil)
)

// historySQL reads every shipment shipped since a time in one pass over the
// table. NOT INDEXED is deliberate: a scorecard window covers a large share
// of the store, and reading rows in rowid order measured four times faster
// than walking shipments_list and fetching each row (BenchmarkShipmentHistory:
// 100,000 parcels). The first scan is a correlated subquery that seeks the
// shipment's oldest timed event in events_timeline and stops there, rather
// than grouping a million events.
const historySQL = `SELECT s.id, s.carrier, s.origin, s.destination, o.shipping_method, s.status,
	s.shipped_at, s.delivered_at, o.promised_at,
	(SELECT e.time FROM events e WHERE e.shipment_id = s.id AND e.time IS NOT NULL ORDER BY e.time LIMIT 1)
FROM shipments s NOT INDEXED JOIN orders o ON o.id = s.order_id
WHERE s.shipped_at >= ?`

// historyKindsSQL reads every exception's shipment and kind, open or
// closed, in one pass over the table; a correlated subquery per shipment
// (group_concat with its temporary b-tree for DISTINCT) measured four times
// slower. A kind seen twice on one shipment is counted once by the
// scorecard.
const historyKindsSQL = `SELECT x.shipment_id, x.kind FROM exceptions x`

// historyCasesSQL reads every case; cases are few beside shipments, and
// joining them in Go keeps historySQL a single pass.
const historyCasesSQL = `SELECT c.shipment_id, c.kind, c.state, c.solution, c.root_cause FROM cases c`

// transitSQL is what the ETA model learns from: delivered parcels shipped
// since a time, read through shipments_status_list.
const transitSQL = `SELECT s.carrier, s.origin, s.destination, o.shipping_method, s.shipped_at, s.delivered_at
FROM shipments s JOIN orders o ON o.id = s.order_id
WHERE s.status = 'delivered' AND s.shipped_at >= ?`

// ShipmentHistory returns every shipment shipped at or after since (all of
// them for the zero time), with its first scan, every exception kind it
// ever had, and its cases, read from one snapshot.
func (db *DB) ShipmentHistory(ctx context.Context, since time.Time) ([]tracker.HistoryRecord, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("shipment history: %w", err)
	}
	defer tx.Rollback()
	cases, err := historyCases(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("shipment history: cases: %w", err)
	}
	kinds, err := historyKinds(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("shipment history: exceptions: %w", err)
	}
	rows, err := tx.QueryContext(ctx, historySQL, shippedUnix(since))
	if err != nil {
		return nil, fmt.Errorf("shipment history since %s: %w", since.Format(time.DateOnly), err)
	}
	defer rows.Close()
	var out []tracker.HistoryRecord
	for rows.Next() {
		var h tracker.HistoryRecord
		if err := rows.Scan(&h.ShipmentID, &h.Carrier, &h.Origin, &h.Destination, &h.Method, &h.Status,
			ts(&h.ShippedAt), ts(&h.DeliveredAt), ts(&h.OrderPromisedAt), ts(&h.FirstScanAt)); err != nil {
			return nil, fmt.Errorf("shipment history: %w", err)
		}
		h.Exceptions = kinds[h.ShipmentID]
		h.Cases = cases[h.ShipmentID]
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("shipment history: %w", err)
	}
	return out, nil
}

func historyKinds(ctx context.Context, tx *sql.Tx) (map[int64][]tracker.ExceptionKind, error) {
	rows, err := tx.QueryContext(ctx, historyKindsSQL)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]tracker.ExceptionKind{}
	for rows.Next() {
		var id int64
		var k tracker.ExceptionKind
		if err := rows.Scan(&id, &k); err != nil {
			return nil, err
		}
		out[id] = append(out[id], k)
	}
	return out, rows.Err()
}

func historyCases(ctx context.Context, tx *sql.Tx) (map[int64][]tracker.CaseOutcome, error) {
	rows, err := tx.QueryContext(ctx, historyCasesSQL)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]tracker.CaseOutcome{}
	for rows.Next() {
		var id int64
		var c tracker.CaseOutcome
		var sol *tracker.Solution
		if err := rows.Scan(&id, &c.Kind, &c.State, solutionCol{&sol}, &c.RootCause); err != nil {
			return nil, err
		}
		if sol != nil {
			c.Solution = sol.Type
		}
		out[id] = append(out[id], c)
	}
	return out, rows.Err()
}

// Transits returns the delivered parcels shipped at or after since.
func (db *DB) Transits(ctx context.Context, since time.Time) ([]tracker.Transit, error) {
	rows, err := db.read.QueryContext(ctx, transitSQL, shippedUnix(since))
	if err != nil {
		return nil, fmt.Errorf("delivered parcels since %s: %w", since.Format(time.DateOnly), err)
	}
	defer rows.Close()
	var out []tracker.Transit
	for rows.Next() {
		var t tracker.Transit
		if err := rows.Scan(&t.Carrier, &t.Origin, &t.Destination, &t.Method, ts(&t.ShippedAt), ts(&t.DeliveredAt)); err != nil {
			return nil, fmt.Errorf("delivered parcels: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("delivered parcels: %w", err)
	}
	return out, nil
}

// defaultETATTL is how long a built ETA model serves before history is read
// again. Transit times of a whole carrier move slowly; reading every
// delivered parcel on each refresh pass would not.
const defaultETATTL = 10 * time.Minute

// emptyETATTL is the TTL of a model too small to predict anything.
const emptyETATTL = 30 * time.Second

// etaCache keeps one built ETA model for every caller of a DB: the
// refresher's rule evaluation, screens and commands.
type etaCache struct {
	mu       sync.Mutex
	model    *tracker.ETAModel
	settings tracker.ETASettings
	built    time.Time        // wall clock
	wall     func() time.Time // nil: time.Now; tests move it
	ttl      time.Duration
	ttlSet   bool
	defaults tracker.ETASettings // for readers that pass none (ShipmentETA)
}

// SetETATTL sets how long a built ETA model is reused; 0 rebuilds it on
// every use, which tests want.
func (db *DB) SetETATTL(d time.Duration) {
	db.eta.mu.Lock()
	defer db.eta.mu.Unlock()
	db.eta.ttl, db.eta.ttlSet, db.eta.model = d, true, nil
}

// SetETASettings sets the model settings ShipmentETA uses (the config's
// [eta]); ApplyUpdates uses its policy's.
func (db *DB) SetETASettings(s tracker.ETASettings) {
	db.eta.mu.Lock()
	defer db.eta.mu.Unlock()
	db.eta.defaults = s
}

// ETAModel returns the ETA model learned from the parcels delivered within
// s.Window before now, built once and reused for the TTL (or until the
// settings change). The zero settings mean the defaults.
func (db *DB) ETAModel(ctx context.Context, now time.Time, s tracker.ETASettings) (*tracker.ETAModel, error) {
	if s == (tracker.ETASettings{}) {
		s = tracker.DefaultETASettings()
	}
	c := &db.eta
	c.mu.Lock()
	defer c.mu.Unlock()
	ttl := defaultETATTL
	if c.model != nil && c.model.Size() < c.settings.MinSamples {
		// Too little history to predict from yet (a new or freshly seeded
		// store): look again soon rather than in ten minutes.
		ttl = emptyETATTL
	}
	if c.ttlSet {
		ttl = c.ttl
	}
	wall := c.wall
	if wall == nil {
		wall = time.Now
	}
	if c.model != nil && c.settings == s && wall().Sub(c.built) < ttl {
		return c.model, nil
	}
	ts, err := db.Transits(ctx, now.Add(-s.Window.Duration))
	if err != nil {
		return nil, fmt.Errorf("eta model: %w", err)
	}
	c.model, c.settings, c.built = tracker.BuildETAModel(ts, s), s, wall()
	return c.model, nil
}

// ShipmentETA is the ETA of one shipment at now (tracker.EstimateETA); ok is
// false when it is delivered or neither the carrier nor history knows.
func (db *DB) ShipmentETA(ctx context.Context, shipmentID int64, now time.Time) (tracker.ETA, bool, error) {
	var sh tracker.Shipment
	var o tracker.Order
	rows, err := db.read.QueryContext(ctx, loadSQL, shipmentID)
	if err != nil {
		return tracker.ETA{}, false, fmt.Errorf("eta of shipment %d: %w", shipmentID, err)
	}
	if err := scanOne(rows, append(shipmentDest(&sh), orderDest(&o)...)...); err != nil {
		if err == sql.ErrNoRows {
			err = tracker.ErrNotFound
		}
		return tracker.ETA{}, false, fmt.Errorf("eta of shipment %d: %w", shipmentID, err)
	}
	db.eta.mu.Lock()
	s := db.eta.defaults
	db.eta.mu.Unlock()
	m, err := db.ETAModel(ctx, now, s)
	if err != nil {
		return tracker.ETA{}, false, err
	}
	e, ok := tracker.EstimateETA(m, sh, o, now)
	return e, ok, nil
}
