package store

import (
	"context"
	"database/sql"
	"encoding/json"
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
// 100,000 parcels). The first scan is the shipment's own first_event_at,
// which every write of events keeps (migration 0010), so the read touches
// no event.
const historySQL = `SELECT s.id, s.carrier, s.origin, s.destination, o.shipping_method, s.status,
	s.shipped_at, s.delivered_at, o.promised_at, s.first_event_at
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

// historyClaimsSQL reads the closed claims, the only ones the scorecard
// counts; like cases they are few beside shipments.
const historyClaimsSQL = `SELECT shipment_id, state, currency, claimed, recovered FROM claims
WHERE state IN ('paid', 'rejected', 'withdrawn')`

// transitSQL is what the ETA model learns from: delivered parcels shipped
// since a time. NOT INDEXED for the reason historySQL gives: delivered
// parcels are most of a store, and fetching each one through
// shipments_status_list measured four times slower than one pass in rowid
// order (61,805 of 103,002 parcels delivered: 393 ms against 91 ms). The
// first screen waits for it when it shows an ETA (first_frame in waybill
// bench).
const transitSQL = `SELECT s.carrier, s.origin, s.destination, o.shipping_method, s.shipped_at, s.delivered_at
FROM shipments s NOT INDEXED JOIN orders o ON o.id = s.order_id
WHERE s.status = 'delivered' AND s.shipped_at >= ?`

// etaOneSQL reads the shipment and order one ETA is asked for.
const etaOneSQL = `SELECT ` + shipmentCols + `, ` + orderCols + ` FROM shipments s JOIN orders o ON o.id = s.order_id WHERE s.id = ?`

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
	claims, err := historyClaims(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("shipment history: claims: %w", err)
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
		h.Claims = claims[h.ShipmentID]
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

func historyClaims(ctx context.Context, tx *sql.Tx) (map[int64][]tracker.ClaimOutcome, error) {
	rows, err := tx.QueryContext(ctx, historyClaimsSQL)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]tracker.ClaimOutcome{}
	for rows.Next() {
		var id int64
		var c tracker.ClaimOutcome
		if err := rows.Scan(&id, &c.State, &c.Currency, &c.Claimed, &c.Recovered); err != nil {
			return nil, err
		}
		out[id] = append(out[id], c)
	}
	return out, rows.Err()
}

// Transits returns the delivered parcels shipped at or after since.
func (db *DB) Transits(ctx context.Context, since time.Time) ([]tracker.Transit, error) {
	var out []tracker.Transit
	err := db.eachTransit(ctx, since, func(t tracker.Transit) { out = append(out, t) })
	return out, err
}

// eachTransit hands each delivered parcel shipped at or after since to f,
// one at a time: the ETA model learns from them without a list of all.
func (db *DB) eachTransit(ctx context.Context, since time.Time, f func(tracker.Transit)) error {
	rows, err := db.read.QueryContext(ctx, transitSQL, shippedUnix(since))
	if err != nil {
		return fmt.Errorf("delivered parcels since %s: %w", since.Format(time.DateOnly), err)
	}
	defer rows.Close()
	for rows.Next() {
		var t tracker.Transit
		if err := rows.Scan(&t.Carrier, &t.Origin, &t.Destination, &t.Method, ts(&t.ShippedAt), ts(&t.DeliveredAt)); err != nil {
			return fmt.Errorf("delivered parcels: %w", err)
		}
		f(t)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("delivered parcels: %w", err)
	}
	return nil
}

// defaultETATTL is how long a built ETA model serves before history is read
// again. Transit times of a whole carrier move slowly; reading every
// delivered parcel on each refresh pass would not.
const defaultETATTL = 10 * time.Minute

// emptyETATTL is the TTL of a model too small to predict anything.
const emptyETATTL = 30 * time.Second

// etaCache keeps one built ETA model for every caller of a DB: the
// refresher's rule evaluation, screens and commands. A model it builds is
// also saved in the store (eta_model), and a cold cache loads the saved one
// while it is younger than the TTL: another process (the server's
// refresher, an earlier screen) likely built it a moment ago, and reading
// every delivered parcel is what a first screen would otherwise wait for.
type etaCache struct {
	mu       sync.Mutex
	model    *tracker.ETAModel
	settings tracker.ETASettings
	built    time.Time        // wall clock
	wall     func() time.Time // nil: time.Now; tests move it
	ttl      time.Duration
	ttlSet   bool
	defaults tracker.ETASettings // for readers that pass none (ShipmentETA)
	saving   sync.WaitGroup      // saves in flight; Close waits for them
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
	from := now.Add(-s.Window.Duration)
	if m, built, ok := db.loadETAModel(ctx, s, from, wall().Add(-ttl)); ok && m.Size() >= s.MinSamples {
		c.model, c.settings, c.built = m, s, built
		return c.model, nil
	}
	b := tracker.NewETABuilder(s)
	if err := db.eachTransit(ctx, from, b.Add); err != nil {
		return nil, fmt.Errorf("eta model: %w", err)
	}
	c.model, c.settings, c.built = b.Model(), s, wall()
	// Saved after the caller has its model: the writer may be busy with a
	// refresh, and nobody should wait for it to keep a cache. A model
	// nobody would load (no TTL, too thin to predict) is not saved.
	if m, built := c.model, c.built; ttl > 0 && m.Size() >= s.MinSamples {
		c.saving.Go(func() { db.saveETAModel(context.WithoutCancel(ctx), m, s, from, built) })
	}
	return c.model, nil
}

// etaModelKey is what a saved model must have been built with to be used:
// the settings and the day its window began (a process on another clock,
// such as a simulation, learns from other parcels).
func etaModelKey(s tracker.ETASettings, from time.Time) (string, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return "", err
	}
	return string(b) + " from " + from.UTC().Format(time.DateOnly), nil
}

// loadETAModel reads the saved model if it was built after notBefore with
// settings s over a window from the same day. The test is in the query: a
// model this process saved and has since outlived is not read and decoded
// only to be thrown away. A missing, mismatched or damaged one is simply
// not there: the caller builds a new one.
func (db *DB) loadETAModel(ctx context.Context, s tracker.ETASettings, from, notBefore time.Time) (*tracker.ETAModel, time.Time, bool) {
	want, err := etaModelKey(s, from)
	if err != nil {
		return nil, time.Time{}, false
	}
	var built int64
	var blob []byte
	err = db.read.QueryRowContext(ctx, `SELECT built_at, model FROM eta_model WHERE id = 1 AND settings = ? AND built_at > ?`,
		want, float64(notBefore.UnixNano())/1e9).Scan(&built, &blob)
	if err != nil {
		return nil, time.Time{}, false
	}
	m := new(tracker.ETAModel)
	if err := m.UnmarshalBinary(blob); err != nil {
		return nil, time.Time{}, false
	}
	return m, time.Unix(built, 0), true
}

// etaSaveTimeout bounds how long a save waits for the writer; a model not
// saved is only a slower start for the next process.
const etaSaveTimeout = 10 * time.Second

// saveETAModel keeps m as the store's last built model. Errors are
// dropped: a read-only store or a busy writer costs the next process one
// build, nothing else.
func (db *DB) saveETAModel(ctx context.Context, m *tracker.ETAModel, s tracker.ETASettings, from, built time.Time) {
	settings, err := etaModelKey(s, from)
	if err != nil {
		return
	}
	blob, err := m.MarshalBinary()
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, etaSaveTimeout)
	defer cancel()
	_, _ = db.write.ExecContext(ctx, `INSERT INTO eta_model (id, built_at, settings, model) VALUES (1, ?, ?, ?)
	ON CONFLICT (id) DO UPDATE SET built_at = excluded.built_at, settings = excluded.settings, model = excluded.model
	WHERE excluded.built_at >= eta_model.built_at`, built.Unix(), settings, blob)
}

// ShipmentETA is the ETA of one shipment at now (tracker.EstimateETA); ok is
// false when it is delivered or neither the carrier nor history knows.
func (db *DB) ShipmentETA(ctx context.Context, shipmentID int64, now time.Time) (tracker.ETA, bool, error) {
	var sh tracker.Shipment
	var o tracker.Order
	rows, err := db.read.QueryContext(ctx, etaOneSQL, shipmentID)
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

// ForgetSavedETAModel deletes the saved model, so the next process builds
// its own: what a store left alone for longer than the TTL looks like to
// the first screen opened on it (waybill bench's first_frame_cold).
func (db *DB) ForgetSavedETAModel(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `DELETE FROM eta_model`); err != nil {
		return fmt.Errorf("forget the saved eta model: %w", err)
	}
	return nil
}
