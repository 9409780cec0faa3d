package tracker

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Router picks the tracking service for a carrier slug; nil when none serves it.
type Router func(carrierSlug string) Carrier

// Refresher keeps shipments current: it asks the store which are due, asks
// their carriers in batches, and hands the answers back to the store in one
// transaction per batch. Screens learn of changes through the hub.
//
// This is the first refresher; rate limits, leases, backoff and breakers
// come with the refresher issue and slot in around callCarrier.
type Refresher struct {
	store  Store
	route  Router
	clock  Clock
	hub    *Hub
	policy Policy

	// PassLimit caps how many due shipments one pass reads at a time.
	PassLimit int

	pass  sync.Mutex // one pass at a time in this process
	mu    sync.Mutex
	state RefresherState
}

// NewRefresher wires a refresher. hub may be nil when nothing listens.
func NewRefresher(store Store, route Router, clock Clock, hub *Hub, policy Policy) *Refresher {
	return &Refresher{store: store, route: route, clock: clock, hub: hub, policy: policy, PassLimit: 500}
}

// State returns what the refresher is doing, for status bars.
func (r *Refresher) State() RefresherState {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state
}

func (r *Refresher) setState(f func(*RefresherState)) {
	r.mu.Lock()
	f(&r.state)
	st := r.state
	r.mu.Unlock()
	r.publish(nil, &st)
}

func (r *Refresher) publish(ids []int64, st *RefresherState) {
	if r.hub != nil {
		r.hub.Publish(Change{ShipmentIDs: ids, Refresher: st})
	}
}

// RunOnce checks every shipment due now and returns what changed. Shipments
// checked in this pass are not due again within it, because the store moves
// their next check into the future, so the loop ends.
func (r *Refresher) RunOnce(ctx context.Context) (ApplySummary, error) {
	r.pass.Lock()
	defer r.pass.Unlock()
	r.setState(func(s *RefresherState) { s.Running = true })

	var total ApplySummary
	err := r.runPass(ctx, &total)
	r.setState(func(s *RefresherState) {
		s.Running = false
		s.LastPass = r.clock.Now()
		s.Last = total
		s.Last.Changed = nil
		s.Err = ""
		if err != nil {
			s.Err = err.Error()
		}
	})
	return total, err
}

func (r *Refresher) runPass(ctx context.Context, total *ApplySummary) error {
	now := r.clock.Now()
	seen := map[int64]bool{}
	for {
		due, err := r.store.DueShipments(ctx, now, r.PassLimit)
		if err != nil {
			return fmt.Errorf("refresh: read due shipments: %w", err)
		}
		// A shipment still due after we checked it (the store could not
		// reschedule it) must not make the pass loop forever.
		fresh := due[:0]
		for _, sh := range due {
			if !seen[sh.ID] {
				seen[sh.ID] = true
				fresh = append(fresh, sh)
			}
		}
		if len(fresh) == 0 {
			return nil
		}
		sum, err := r.check(ctx, now, fresh)
		total.Add(sum)
		if err != nil {
			return err
		}
		if len(due) < r.PassLimit {
			return nil
		}
	}
}

// RefreshNow checks one shipment at once, whether or not it is due.
func (r *Refresher) RefreshNow(ctx context.Context, shipmentID int64) (ApplySummary, error) {
	sh, err := r.store.Shipment(ctx, shipmentID)
	if err != nil {
		return ApplySummary{}, fmt.Errorf("refresh shipment %d: %w", shipmentID, err)
	}
	return r.check(ctx, r.clock.Now(), []Shipment{sh})
}

// check asks the carriers about ships, grouped by service and cut to each
// service's batch size, and stores the answers.
func (r *Refresher) check(ctx context.Context, now time.Time, ships []Shipment) (ApplySummary, error) {
	type group struct {
		c     Carrier
		ships []Shipment
	}
	var order []string
	groups := map[string]*group{}
	var updates []Update
	for _, sh := range ships {
		c := r.route(sh.Carrier)
		if c == nil {
			updates = append(updates, Update{ShipmentID: sh.ID, Err: fmt.Sprintf("no tracking service configured for carrier %q", sh.Carrier)})
			continue
		}
		g, ok := groups[c.Name()]
		if !ok {
			g = &group{c: c}
			groups[c.Name()] = g
			order = append(order, c.Name())
		}
		g.ships = append(g.ships, sh)
	}
	for _, name := range order {
		g := groups[name]
		size := g.c.BatchSize()
		if size <= 0 {
			size = 1
		}
		for start := 0; start < len(g.ships); start += size {
			end := min(start+size, len(g.ships))
			if err := ctx.Err(); err != nil {
				return r.apply(ctx, now, updates, err)
			}
			updates = append(updates, callCarrier(ctx, g.c, g.ships[start:end])...)
		}
	}
	return r.apply(ctx, now, updates, nil)
}

func (r *Refresher) apply(ctx context.Context, now time.Time, updates []Update, cause error) (ApplySummary, error) {
	if len(updates) == 0 {
		return ApplySummary{}, cause
	}
	// Store what was learned even when the pass is being cancelled, so
	// answers already paid for are not thrown away.
	sum, err := r.store.ApplyUpdates(context.WithoutCancel(ctx), now, r.policy, updates)
	if err != nil {
		return sum, fmt.Errorf("refresh: store %d updates: %w", len(updates), err)
	}
	if len(sum.Changed) > 0 {
		r.publish(sum.Changed, nil)
	}
	return sum, cause
}

// callCarrier turns one carrier call into updates, one per shipment, so a
// failed call still records when each parcel was last tried and why.
func callCarrier(ctx context.Context, c Carrier, ships []Shipment) []Update {
	reqs := make([]TrackRequest, len(ships))
	for i, sh := range ships {
		reqs[i] = TrackRequest{ShipmentID: sh.ID, TrackingNo: sh.TrackingNo, Carrier: sh.Carrier, ShippedAt: sh.ShippedAt, Destination: sh.Destination}
	}
	results, err := c.Track(ctx, reqs)
	updates := make([]Update, len(ships))
	for i, sh := range ships {
		updates[i].ShipmentID = sh.ID
		switch {
		case err != nil:
			updates[i].Err = fmt.Sprintf("%s: %v", c.Name(), err)
		case i >= len(results):
			updates[i].Err = fmt.Sprintf("%s: no answer for %s", c.Name(), sh.TrackingNo)
		default:
			res := results[i]
			updates[i].Events = res.Events
			updates[i].ETA = res.ETA
			updates[i].NotFound = res.NotFound
			if res.Err != nil {
				updates[i].Err = fmt.Sprintf("%s: %v", c.Name(), res.Err)
			}
		}
		for j := range updates[i].Events {
			updates[i].Events[j].ShipmentID = sh.ID
		}
	}
	return updates
}

// Run refreshes every interval (wall time) until ctx ends. A failed pass is
// recorded in the state and retried on the next tick rather than ending the
// loop: a carrier that is down for an hour must not stop the refresher.
func (r *Refresher) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		_, _ = r.RunOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
