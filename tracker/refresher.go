package tracker

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Router picks the tracking service for a carrier slug; nil when none serves it.
type Router func(carrierSlug string) Carrier

// Refresher keeps shipments current: it asks the store which are due, asks
// their carriers in batches, and hands the answers back to the store in one
// transaction per batch. Screens learn of changes through the hub.
//
// Each service's failures are told apart: a rejected key stops that service
// (asking again would only repeat the refusal), a used-up quota or a rate
// limit pauses it, server errors and timeouts are retried with backoff, and
// an answer that cannot be read is recorded on the shipments it was for,
// which keep their last good state. Parcels of a paused service stay due and
// are asked again when the pause ends, so nothing is lost and no error is
// written a thousand times.
type Refresher struct {
	store  Store
	route  Router
	clock  Clock
	hub    *Hub
	policy Policy

	// PassLimit caps how many due shipments one pass reads at a time.
	PassLimit int
	// Retries is how often a server error or timeout is tried again within
	// a pass, waiting RetryBase, then twice that, and so on (with jitter).
	Retries   int
	RetryBase time.Duration
	// QuotaPause is how long a service whose quota is used up rests.
	QuotaPause time.Duration
	// sleep waits between retries; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error

	pass   sync.Mutex // one pass at a time in this process
	mu     sync.Mutex
	state  RefresherState
	health map[string]*ServiceHealth
}

// NewRefresher wires a refresher. hub may be nil when nothing listens.
func NewRefresher(store Store, route Router, clock Clock, hub *Hub, policy Policy) *Refresher {
	return &Refresher{
		store: store, route: route, clock: clock, hub: hub, policy: policy,
		PassLimit: 500, Retries: 2, RetryBase: time.Second, QuotaPause: time.Hour,
		sleep:  sleepCtx,
		health: map[string]*ServiceHealth{},
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// State returns what the refresher is doing, for status bars.
func (r *Refresher) State() RefresherState {
	r.mu.Lock()
	defer r.mu.Unlock()
	st := r.state
	st.Services = r.healthLocked()
	return st
}

func (r *Refresher) setState(f func(*RefresherState)) {
	r.mu.Lock()
	f(&r.state)
	r.state.Services = r.healthLocked()
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
	skipped := 0
	for _, name := range order {
		g := groups[name]
		size := max(1, g.c.BatchSize())
		for start := 0; start < len(g.ships); start += size {
			if err := ctx.Err(); err != nil {
				sum, aerr := r.apply(ctx, now, updates, err)
				sum.Skipped += skipped
				return sum, aerr
			}
			if !r.available(name, now) {
				skipped += len(g.ships) - start
				break
			}
			batch := g.ships[start:min(start+size, len(g.ships))]
			results, err := r.call(ctx, g.c, batch)
			if err == nil {
				r.recordOK(name, now)
				updates = append(updates, toUpdates(batch, results)...)
				continue
			}
			if errors.Is(err, context.Canceled) && ctx.Err() != nil {
				skipped += len(g.ships) - start
				break
			}
			if r.recordFailure(name, now, err) {
				// The service is paused or stopped: these parcels stay
				// due, untouched, and are asked again after the pause.
				skipped += len(g.ships) - start
				break
			}
			msg := err.Error()
			if FailKindOf(err) == "" {
				msg = name + ": " + msg // CarrierErrors name their service already
			}
			for _, sh := range batch {
				updates = append(updates, Update{ShipmentID: sh.ID, Err: msg})
			}
		}
	}
	sum, err := r.apply(ctx, now, updates, nil)
	sum.Skipped += skipped
	return sum, err
}

// call asks c about one batch, trying server errors and timeouts again with
// growing waits.
func (r *Refresher) call(ctx context.Context, c Carrier, batch []Shipment) ([]TrackResult, error) {
	reqs := make([]TrackRequest, len(batch))
	for i, sh := range batch {
		reqs[i] = TrackRequest{ShipmentID: sh.ID, TrackingNo: sh.TrackingNo, Carrier: sh.Carrier, ShippedAt: sh.ShippedAt, Destination: sh.Destination}
	}
	wait := r.RetryBase
	for attempt := 0; ; attempt++ {
		results, err := c.Track(ctx, reqs)
		if err == nil {
			if len(results) != len(reqs) {
				return nil, &CarrierError{Service: c.Name(), Kind: FailMalformed, Err: fmt.Errorf("%d answers for %d numbers", len(results), len(reqs))}
			}
			return results, nil
		}
		var ce *CarrierError
		if attempt >= r.Retries || !errors.As(err, &ce) || (ce.Kind != FailServer && ce.Kind != FailTimeout) {
			return nil, err
		}
		d := max(wait, ce.RetryAfter)
		d += time.Duration(rand.Int64N(int64(d)/2 + 1)) // spread retries of many processes
		if serr := r.sleep(ctx, d); serr != nil {
			return nil, serr
		}
		wait *= 2
	}
}

// toUpdates pairs each shipment of a batch with its answer.
func toUpdates(batch []Shipment, results []TrackResult) []Update {
	updates := make([]Update, len(batch))
	for i, sh := range batch {
		res := results[i]
		u := Update{ShipmentID: sh.ID, Events: res.Events, ETA: res.ETA, NotFound: res.NotFound}
		if res.Err != nil {
			u.Err = res.Err.Error()
		}
		for j := range u.Events {
			u.Events[j].ShipmentID = sh.ID
		}
		updates[i] = u
	}
	return updates
}

// available reports whether a service may be asked now.
func (r *Refresher) available(service string, now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	h, ok := r.health[service]
	if !ok || h.State == HealthOK {
		return true
	}
	if h.State == HealthPaused && !now.Before(h.Until) {
		h.State, h.Reason, h.Until = HealthOK, "", time.Time{}
		return true
	}
	return false
}

func (r *Refresher) healthOf(service string) *ServiceHealth {
	h, ok := r.health[service]
	if !ok {
		h = &ServiceHealth{Service: service, State: HealthOK}
		r.health[service] = h
	}
	return h
}

func (r *Refresher) recordOK(service string, now time.Time) {
	r.mu.Lock()
	h := r.healthOf(service)
	h.State, h.Reason, h.Until, h.LastOK = HealthOK, "", time.Time{}, now
	r.mu.Unlock()
}

// recordFailure notes a failed call and reports whether the service is now
// paused or stopped (true) or the failure concerns only this batch (false).
func (r *Refresher) recordFailure(service string, now time.Time, err error) bool {
	var ce *CarrierError
	if !errors.As(err, &ce) {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	h := r.healthOf(service)
	switch ce.Kind {
	case FailAuth:
		h.State, h.Until = HealthStopped, time.Time{}
		h.Reason = "key rejected: " + ce.Error()
	case FailQuota:
		h.State, h.Until = HealthPaused, now.Add(r.QuotaPause)
		h.Reason = "quota used up"
	case FailRateLimited:
		h.State, h.Until = HealthPaused, now.Add(max(ce.RetryAfter, time.Second))
		h.Reason = "rate limited"
	case FailServer, FailTimeout:
		// Retries within the pass were spent: rest before the next try.
		h.State, h.Until = HealthPaused, now.Add(max(ce.RetryAfter, time.Minute))
		h.Reason = string(ce.Kind) + ": " + ce.Error()
	default:
		return false
	}
	return true
}

// Health returns every service's state, sorted by name.
func (r *Refresher) Health() []ServiceHealth {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.healthLocked()
}

func (r *Refresher) healthLocked() []ServiceHealth {
	out := make([]ServiceHealth, 0, len(r.health))
	for _, h := range r.health {
		out = append(out, *h)
	}
	slices.SortFunc(out, func(a, b ServiceHealth) int { return strings.Compare(a.Service, b.Service) })
	return out
}

// Push stores what a service sent by webhook, through the same path as a
// poll: events deduplicated, status, schedule and exceptions recomputed.
// Numbers we do not track are ignored.
func (r *Refresher) Push(ctx context.Context, service string, pushes []Push) (ApplySummary, error) {
	nums := make([]string, len(pushes))
	for i, p := range pushes {
		nums[i] = p.TrackingNo
	}
	byNo, err := r.store.ShipmentsByTracking(ctx, nums)
	if err != nil {
		return ApplySummary{}, fmt.Errorf("%s push: %w", service, err)
	}
	var updates []Update
	for _, p := range pushes {
		for key, ships := range byNo {
			if !sameNumber(key, p.TrackingNo) {
				continue
			}
			for _, sh := range ships {
				evs := make([]Event, len(p.Events))
				copy(evs, p.Events)
				for j := range evs {
					evs[j].ShipmentID = sh.ID
				}
				updates = append(updates, Update{ShipmentID: sh.ID, Events: evs, ETA: p.ETA})
			}
		}
	}
	return r.apply(ctx, r.clock.Now(), updates, nil)
}

// sameNumber compares a stored (normalized) number with one as a service
// wrote it, ignoring case, spaces and dashes.
func sameNumber(stored, pushed string) bool {
	return stored == strings.Map(func(c rune) rune {
		if c == ' ' || c == '-' {
			return -1
		}
		return unicode.ToUpper(c)
	}, strings.TrimSpace(pushed))
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
