package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"waybill/tracker"
)

// ruleEvents is how many of the newest events the rules see; every rule looks
// at the newest event or at a carrier-reported problem among recent ones.
const ruleEvents = 100

// ApplyUpdates writes a batch of check results in one transaction: new events
// (deduplicated by tracker.Event.Key), each shipment's status, last event,
// delivery and next check recomputed from its stored events, and the
// exceptions the rules want opened or closed. Each updated shipment's claim
// (ClaimDue) is released, and an update with Pushed set records now as the
// shipment's PushedAt.
func (db *DB) ApplyUpdates(ctx context.Context, now time.Time, policy tracker.Policy, updates []tracker.Update) (tracker.ApplySummary, error) {
	sum, err := db.applyUpdates(ctx, now, policy, updates)
	return sum, db.diskErr(err)
}

func (db *DB) applyUpdates(ctx context.Context, now time.Time, policy tracker.Policy, updates []tracker.Update) (tracker.ApplySummary, error) {
	var sum tracker.ApplySummary
	if len(updates) == 0 {
		return sum, nil
	}
	// Built (or taken from the cache) before the write lock is held: it
	// reads history through the read pool.
	model, err := db.ETAModel(ctx, now, policy.ETA)
	if err != nil {
		return sum, fmt.Errorf("apply %d updates: %w", len(updates), err)
	}
	tx, err := begin(ctx, db.write)
	if err != nil {
		return sum, fmt.Errorf("apply %d updates: %w", len(updates), err)
	}
	defer tx.Rollback()
	a, err := newApplier(ctx, tx)
	if err != nil {
		return sum, fmt.Errorf("apply %d updates: %w", len(updates), err)
	}
	defer a.close()
	a.eta = model
	seen := map[int64]bool{}
	for _, u := range updates {
		changed, err := a.apply(ctx, now, policy, u, &sum)
		if err != nil {
			return tracker.ApplySummary{}, fmt.Errorf("apply update of shipment %d: %w", u.ShipmentID, err)
		}
		if changed && !seen[u.ShipmentID] {
			seen[u.ShipmentID] = true
			sum.Changed = append(sum.Changed, u.ShipmentID)
		}
	}
	if err := tx.Commit(); err != nil {
		return tracker.ApplySummary{}, fmt.Errorf("apply %d updates: %w", len(updates), classify(err))
	}
	return sum, nil
}

// applier holds the statements of ApplyUpdates, prepared once per batch.
type applier struct {
	load, newest, event, save, listOpen, openEx, closeEx *sql.Stmt
	outbox, logEx, watched                               *sql.Stmt
	// anyWatch is whether any order is watched, read once per batch so
	// that without watches an update costs no lookup.
	anyWatch bool
	// eta feeds the overdue rule the history of similar parcels; nil
	// leaves it to promises and carrier estimates.
	eta *tracker.ETAModel
}

const (
	loadSQL   = `SELECT ` + shipmentCols + `, ` + orderCols + ` FROM shipments s JOIN orders o ON o.id = s.order_id WHERE s.id = ?`
	newestSQL = `SELECT e.key, ` + eventCols + ` FROM events e WHERE e.shipment_id = ? ORDER BY e.time DESC, e.id DESC LIMIT ?`
	// Saving a check releases the shipment's claim, whoever holds it: the
	// check it was claimed for is done.
	saveSQL = `UPDATE shipments SET status = ?, last_event_at = ?, delivered_at = ?, eta = ?, checked_at = ?, last_error = ?,
	next_check_at = ?, pushed_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?`
	listOpenSQL = `SELECT id, kind, source FROM exceptions WHERE shipment_id = ? AND closed_at IS NULL`
	closeExSQL  = `UPDATE exceptions SET closed_at = ?, state = 'resolved' WHERE id = ?`
)

func newApplier(ctx context.Context, tx *sql.Tx) (*applier, error) {
	a := &applier{}
	for _, p := range []struct {
		st    **sql.Stmt
		query string
	}{
		{&a.load, loadSQL}, {&a.newest, newestSQL}, {&a.event, insertEvent}, {&a.save, saveSQL},
		{&a.listOpen, listOpenSQL}, {&a.openEx, insertException}, {&a.closeEx, closeExSQL},
		{&a.outbox, insertOutbox}, {&a.logEx, insertExLog}, {&a.watched, watchedSQL},
	} {
		st, err := tx.PrepareContext(ctx, p.query)
		if err != nil {
			a.close()
			return nil, err
		}
		*p.st = st
	}
	if err := tx.QueryRowContext(ctx, anyWatchSQL).Scan(&a.anyWatch); err != nil {
		a.close()
		return nil, err
	}
	return a, nil
}

func (a *applier) close() {
	for _, st := range []*sql.Stmt{a.load, a.newest, a.event, a.save, a.listOpen, a.openEx, a.closeEx, a.outbox, a.logEx, a.watched} {
		if st != nil {
			st.Close()
		}
	}
}

// apply writes one update and reports whether anything about the shipment
// changed that a screen shows: events, status, or exceptions.
func (a *applier) apply(ctx context.Context, now time.Time, p tracker.Policy, u tracker.Update, sum *tracker.ApplySummary) (bool, error) {
	var sh tracker.Shipment
	var order tracker.Order
	err := a.load.QueryRowContext(ctx, u.ShipmentID).Scan(append(shipmentDest(&sh), orderDest(&order)...)...)
	if errors.Is(err, sql.ErrNoRows) {
		// Deleted since it fell due: there is nothing left to record against.
		return false, nil
	}
	if err != nil {
		return false, err
	}
	sum.Checked++
	if u.Err != "" {
		sum.Failures++
	}

	events, added, newest, err := a.addEvents(ctx, sh.ID, u.Events)
	if err != nil {
		return false, err
	}
	sum.NewEvents += added

	// Recompute from the newest stored events rather than from the batch, so
	// events arriving late or out of order still leave the newest in charge.
	before := sh
	if len(events) > 0 {
		sh.Status = events[0].Status
		sh.LastEventAt = events[0].Time
	}
	// The newest delivered event is in the window if any is newer than the
	// window's oldest; otherwise the stored time, set when it was, stands.
	for _, e := range events {
		if e.Status == tracker.StatusDelivered {
			sh.DeliveredAt = e.Time
			break
		}
	}
	if !u.ETA.IsZero() {
		sh.ETA = u.ETA.UTC().Truncate(time.Second)
	}
	sh.CheckedAt = now.UTC().Truncate(time.Second)
	if u.Pushed {
		sh.PushedAt = sh.CheckedAt // before NextCheck, which may poll pushed parcels less
	}
	sh.NextCheckAt = p.Schedule.NextCheck(sh, now)
	if _, err := a.save.ExecContext(ctx, string(sh.Status), unix(sh.LastEventAt), unix(sh.DeliveredAt), unix(sh.ETA),
		unix(sh.CheckedAt), u.Err, unix(sh.NextCheckAt), unix(sh.PushedAt), sh.ID); err != nil {
		return false, err
	}
	moved := sh.Status != before.Status || !sh.LastEventAt.Equal(before.LastEventAt)
	if moved {
		sum.Updated++
	}

	if added > 0 {
		if err := a.watchedChange(ctx, now, p, sh, order, newest, added); err != nil {
			return false, err
		}
	}
	opened, closed, err := a.sync(ctx, now, p, tracker.EvaluateWithHistory(sh, order, events, now, p.Rules, a.eta.Due(tracker.QueryOf(sh, order))), sh, order)
	if err != nil {
		return false, err
	}
	sum.Opened += opened
	sum.Closed += closed
	return added > 0 || moved || opened+closed > 0, nil
}

// addEvents stores the events not stored yet and returns the shipment's
// newest ruleEvents events, newest first, with how many were added and the
// newest of those.
//
// Carriers send a parcel's whole history on every poll, so most events are
// repeats. Reading the newest stored events first (the rules need them
// anyway) lets repeats be skipped in Go without a round trip each; a repeat
// older than that window still meets ON CONFLICT DO NOTHING.
func (a *applier) addEvents(ctx context.Context, shipmentID int64, in []tracker.Event) (_ []tracker.Event, added int, newest tracker.Event, _ error) {
	rows, err := a.newest.QueryContext(ctx, shipmentID, ruleEvents)
	if err != nil {
		return nil, 0, newest, err
	}
	var events []tracker.Event
	stored := map[string]bool{}
	for rows.Next() {
		var e tracker.Event
		var key []byte
		if err := rows.Scan(append([]any{&key}, eventDest(&e)...)...); err != nil {
			rows.Close()
			return nil, 0, newest, err
		}
		stored[string(key)] = true
		events = append(events, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, newest, err
	}

	for _, e := range in {
		key := eventKey(e)
		if stored[string(key)] {
			continue
		}
		stored[string(key)] = true
		res, err := a.event.ExecContext(ctx, eventArgs(shipmentID, e, key)...)
		if err != nil {
			return nil, 0, newest, err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			continue // stored long ago, beyond the window
		}
		if e.ID, err = res.LastInsertId(); err != nil {
			return nil, 0, newest, err
		}
		// As it reads back from the store: whole seconds, UTC.
		e.ShipmentID = shipmentID
		if !e.Time.IsZero() {
			e.Time = time.Unix(e.Time.Unix(), 0).UTC()
		}
		events = append(events, e)
		if added == 0 || newerEvent(e, newest) {
			newest = e
		}
		added++
	}
	if added > 0 {
		// The order of the newest query: time descending (unknown times
		// last), then id descending.
		slices.SortFunc(events, func(x, y tracker.Event) int {
			if c := y.Time.Compare(x.Time); c != 0 {
				return c
			}
			return cmp.Compare(y.ID, x.ID)
		})
		events = events[:min(len(events), ruleEvents)]
	}
	return events, added, newest, nil
}

// newerEvent reports whether x comes before y in the newest-first order of
// the newest query: time descending (unknown times last), then id
// descending.
func newerEvent(x, y tracker.Event) bool {
	if c := x.Time.Compare(y.Time); c != 0 {
		return c > 0
	}
	return cmp.Compare(x.ID, y.ID) > 0
}

// sync makes the open exceptions match the findings: a finding not yet open
// opens, and a rule exception no longer found closes unless its kind is
// sticky. Exceptions a person opened are left to people. Each open and close
// goes to the exception log, and each open writes its alerts to the outbox,
// all in the caller's transaction.
func (a *applier) sync(ctx context.Context, now time.Time, p tracker.Policy, findings []tracker.Finding, sh tracker.Shipment, order tracker.Order) (opened, closed int, err error) {
	shipmentID := sh.ID
	type current struct {
		id     int64
		kind   tracker.ExceptionKind
		source string
	}
	rows, err := a.listOpen.QueryContext(ctx, shipmentID)
	if err != nil {
		return 0, 0, err
	}
	var open []current
	isOpen := map[tracker.ExceptionKind]bool{}
	for rows.Next() {
		var x current
		if err := rows.Scan(&x.id, &x.kind, &x.source); err != nil {
			rows.Close()
			return 0, 0, err
		}
		open = append(open, x)
		isOpen[x.kind] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}

	found := map[tracker.ExceptionKind]bool{}
	for _, f := range findings {
		found[f.Kind] = true
		if isOpen[f.Kind] {
			continue
		}
		res, err := a.openEx.ExecContext(ctx, shipmentID, string(f.Kind), int(f.Severity), f.Detail, unix(now))
		if err != nil {
			return 0, 0, err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			continue // open already (ON CONFLICT DO NOTHING): nothing new to tell
		}
		x := tracker.Exception{ShipmentID: shipmentID, Kind: f.Kind, Severity: f.Severity, State: tracker.ExOpen, Detail: f.Detail, OpenedAt: now}
		if x.ID, err = res.LastInsertId(); err != nil {
			return 0, 0, err
		}
		if err := a.exceptionOpened(ctx, now, p, x, sh, order); err != nil {
			return 0, 0, err
		}
		opened++
	}
	for _, x := range open {
		if x.source != "rule" || found[x.kind] || x.kind.Sticky() {
			continue
		}
		if _, err := a.closeEx.ExecContext(ctx, unix(now), x.id); err != nil {
			return 0, 0, err
		}
		if _, err := a.logEx.ExecContext(ctx, x.id, now.Unix(), "closed", "no longer found by the rules"); err != nil {
			return 0, 0, fmt.Errorf("log exception %d: %w", x.id, err)
		}
		closed++
	}
	return opened, closed, nil
}
