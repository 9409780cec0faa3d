package tracker

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
	"waybill/tracker/number"

	"golang.org/x/time/rate"
)

// Router picks the tracking service for a carrier slug; nil when none serves it.
type Router func(carrierSlug string) Carrier

// Refresher keeps shipments current: it claims due shipments in the store,
// asks their services in batches (each service at its own rate, a few calls
// at a time), and hands every answer to the store as it comes (Writer): one
// transaction per batch while the store keeps up, the batches that queued
// meanwhile together when it does not, so a crash loses at most the
// batches in flight.
// Screens learn of changes through the hub.
//
// Each service's failures are told apart: a rejected key stops that service
// (asking again would only repeat the refusal), a used-up quota or a rate
// limit pauses it, server errors and timeouts are retried with backoff and,
// when they keep coming, open a circuit breaker that lets one probe through
// after a cooldown; an answer that cannot be read is recorded on the
// shipments it was for, which keep their last good state. Parcels of a
// paused service stay claimed until the pause ends, so neither this process
// nor another asks for them meanwhile, and they do not hold up the queue.
type Refresher struct {
	store  Store
	route  Router
	clock  Clock
	hub    *Hub
	policy Policy

	// Owner names this process's claims in the store.
	Owner string
	// Lease is how long a claim lasts if this process dies holding it.
	Lease time.Duration
	// PassLimit caps how many due shipments one claim takes.
	PassLimit int
	// Concurrency is how many calls one service may have in flight.
	Concurrency int
	// Retries is how often a server error or timeout is tried again within
	// a call, waiting RetryBase, then twice that, and so on (with jitter).
	Retries   int
	RetryBase time.Duration
	// BreakerThreshold failed calls in a row open a service's breaker for
	// BreakerCooldown, doubling on each failed probe up to BreakerMax.
	BreakerThreshold int
	BreakerCooldown  time.Duration
	BreakerMax       time.Duration
	// QuotaPause is how long a service whose quota is used up rests when
	// its error does not say when the quota resets (RetryAfter).
	QuotaPause time.Duration
	// CommitParcels bounds how many parcels' answers, queued while the
	// store was writing, are committed in one transaction (Writer);
	// DefaultCommitParcels when not positive.
	CommitParcels int
	// Simulator checks the parcels of demo orders (Shipment.Demo), and
	// only those; nil leaves them unchecked. See carrierFor.
	Simulator Carrier
	// Progress, when set, is told the pass's running totals after each batch.
	Progress func(Report)
	// OnPass, when set, is told each pass's report by Run.
	OnPass func(Report, error)
	// OnSuspect, when set, is told of the events a poll or a push stored
	// whose time cannot be right (EventTimeDoubt), by service, once: as
	// they are stored. Polls call it from the writer's goroutine and
	// pushes from the webhook's, so it must be safe for concurrent use.
	// A pass's report carries them as well (ApplySummary.Suspect).
	OnSuspect func(service string, events []SuspectEvent)
	// Life follows numbers for as long as the buyer is protected:
	// restarts and stops (lifecycle.go). nil leaves that to the services.
	Life *Lifecycle
	// QuotaReaders are the services that tell their plan's use, by name,
	// read after a pass at most every QuotaEvery (DefaultQuotaEvery when
	// not positive; quota.go).
	QuotaReaders map[string]QuotaReader
	QuotaEvery   time.Duration
	// KeyPrints are the fingerprints (KeyPrint) of each service's
	// credentials, by name: a shared pause or stop (sharedhealth.go) is
	// adopted only by processes with the key it was about.
	KeyPrints map[string]string

	// sleep waits between retries; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error

	pass     sync.Mutex // one pass at a time in this process
	mu       sync.Mutex
	state    RefresherState
	services map[string]*service
	subsOff  map[string]string // services whose pushes were refused for the account (subscribe.go)
	quotas   map[string]ServiceQuota
	noted    map[string]ServiceHealth // background jobs' health beside the services' (NoteHealth)
}

// service is one tracking service's limiter and health.
type service struct {
	ServiceHealth
	limiter  *rate.Limiter
	failures int           // failed calls in a row
	cooldown time.Duration // the breaker's current cooldown
	breaker  bool          // the pause is the breaker's, so it ends in a probe
	probing  bool          // a probe call is in flight
	// share is what the last verdict asks of the store's shared record;
	// shared is whether the store holds one this process knows of, and
	// adopted whether the state came from it (sharedhealth.go).
	share   shareOp
	shared  bool
	adopted bool
}

// NewRefresher wires a refresher. hub may be nil when nothing listens.
func NewRefresher(store Store, route Router, clock Clock, hub *Hub, policy Policy) *Refresher {
	host, _ := os.Hostname()
	return &Refresher{
		store: store, route: route, clock: clock, hub: hub, policy: policy,
		Owner:     fmt.Sprintf("%s:%d:%x", host, os.Getpid(), rand.Uint32()),
		Lease:     2 * time.Minute,
		PassLimit: 500, Concurrency: 2,
		Retries: 2, RetryBase: time.Second,
		BreakerThreshold: 3, BreakerCooldown: time.Minute, BreakerMax: 30 * time.Minute,
		QuotaPause: time.Hour,
		sleep:      sleepCtx,
		services:   map[string]*service{},
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

// SetRate limits calls to a service to perSecond, with bursts of up to
// burst calls; perSecond <= 0 removes the limit.
func (r *Refresher) SetRate(name string, perSecond float64, burst int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.serviceLocked(name)
	if perSecond <= 0 {
		s.limiter = nil
		return
	}
	s.limiter = rate.NewLimiter(rate.Limit(perSecond), max(1, burst))
}

func (r *Refresher) serviceLocked(name string) *service {
	s, ok := r.services[name]
	if !ok {
		s = &service{ServiceHealth: ServiceHealth{Service: name, State: HealthOK}}
		r.services[name] = s
	}
	return s
}

// Report is what a pass did, in all and by service.
type Report struct {
	Total     ApplySummary
	ByService map[string]*ServiceReport
	Life      LifeReport // restarts and stops (lifecycle.go)
	// DeadlineAlerts counts the deadline alerts the pass enqueued
	// (deadline_alerts.go).
	DeadlineAlerts int
}

// ServiceReport is one service's share of a pass.
type ServiceReport struct {
	ApplySummary
	Reasons map[string]int // failure reasons and how many shipments had each
	// Subscribed counts the numbers the service newly pushes (Subscriber);
	// NotSubscribed why others are not, and how many: they are polled.
	Subscribed    int
	NotSubscribed map[string]int
}

func (rep *Report) add(service string, sum ApplySummary, updates []Update) {
	rep.Total.Add(sum)
	sr := rep.ByService[service]
	if sr == nil {
		sr = &ServiceReport{Reasons: map[string]int{}}
		rep.ByService[service] = sr
	}
	sr.Add(sum)
	sr.Changed = nil
	for _, u := range updates {
		if u.Err != "" {
			sr.Reasons[u.Err]++
		}
	}
}

func (rep *Report) skip(service string, n int) {
	rep.add(service, ApplySummary{Skipped: n}, nil)
}

// State returns what the refresher is doing, for status bars.
func (r *Refresher) State() RefresherState {
	r.mu.Lock()
	defer r.mu.Unlock()
	st := r.state
	st.Services = r.healthLocked()
	st.Quotas = r.quotasLocked()
	return st
}

func (r *Refresher) setState(f func(*RefresherState)) {
	r.mu.Lock()
	f(&r.state)
	r.state.Services = r.healthLocked()
	r.state.Quotas = r.quotasLocked()
	st := r.state
	r.mu.Unlock()
	r.publish(nil, &st)
}

func (r *Refresher) publish(ids []int64, st *RefresherState) {
	if r.hub != nil {
		r.hub.Publish(Change{ShipmentIDs: ids, Refresher: st})
	}
}

// RunOnce checks every shipment due now and returns what changed.
func (r *Refresher) RunOnce(ctx context.Context) (ApplySummary, error) {
	rep, err := r.RunPass(ctx)
	return rep.Total, err
}

// RunPass checks every shipment due now, claiming them in chunks, and
// reports what it did by service. Shipments checked in the pass are not due
// again within it (the store moves their next check on and releases them),
// and skipped ones stay claimed, so the claims run out and the pass ends.
func (r *Refresher) RunPass(ctx context.Context) (Report, error) {
	r.pass.Lock()
	defer r.pass.Unlock()
	r.adoptShared(ctx, true) // before the state is published, so the screen says it at once
	r.setState(func(s *RefresherState) { s.Running = true })

	rep := Report{ByService: map[string]*ServiceReport{}}
	err := r.runPass(ctx, &rep)
	if err == nil {
		err = r.lifePass(ctx, &rep)
	}
	// A carrier's failure must not hold back a clock that is running out.
	if ctx.Err() == nil {
		err = errors.Join(err, r.deadlineAlerts(ctx, &rep))
	}
	r.readQuotas(ctx)
	r.setState(func(s *RefresherState) {
		s.Running = false
		s.LastPass = r.clock.Now()
		s.Last = rep.Total
		s.Last.Changed, s.Last.Suspect = nil, nil
		s.Err = ""
		if err != nil {
			s.Err = err.Error()
		}
	})
	return rep, err
}

func (r *Refresher) runPass(ctx context.Context, rep *Report) error {
	seen := map[int64]bool{}
	for ctx.Err() == nil {
		claimed, err := r.store.ClaimDue(ctx, r.clock.Now(), r.Owner, r.Lease, r.PassLimit)
		if err != nil {
			return fmt.Errorf("refresh: claim due shipments: %w", err)
		}
		// A shipment claimed again after we checked it (the store could
		// not reschedule it) must not make the pass loop forever.
		fresh := claimed[:0]
		for _, sh := range claimed {
			if !seen[sh.ID] {
				seen[sh.ID] = true
				fresh = append(fresh, sh)
			}
		}
		if len(fresh) == 0 {
			return nil
		}
		if err := r.check(ctx, fresh, rep); err != nil {
			return err
		}
	}
	return nil
}

// Run refreshes every interval (wall time) until ctx ends, then gives back
// every claim it still holds so another process can take them at once. A
// failed pass is recorded in the state and retried on the next tick rather
// than ending the loop: a carrier that is down for an hour must not stop
// the refresher.
func (r *Refresher) Run(ctx context.Context, interval time.Duration) {
	defer r.store.ReleaseClaims(context.WithoutCancel(ctx), r.Owner)
	t := time.NewTicker(interval)
	defer t.Stop()
	// A demo clock runs faster than the wall clock the ticker keeps.
	speed := 1.0
	if sc, ok := r.clock.(interface{ Speed() float64 }); ok && sc.Speed() > 0 {
		speed = sc.Speed()
	}
	for {
		rep, err := r.RunPass(ctx)
		if r.OnPass != nil {
			r.OnPass(rep, err)
		}
		r.setState(func(s *RefresherState) {
			s.NextPass = r.clock.Now().Add(time.Duration(float64(interval) * speed))
		})
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RefreshNow checks one shipment at once, whether or not it is due. When
// its service may not be asked now (paused or stopped, by this process or
// by another sharing the store) the error is a *ServiceDown saying until
// when and why: a person who asked must not read "0 new events".
func (r *Refresher) RefreshNow(ctx context.Context, shipmentID int64) (ApplySummary, error) {
	r.adoptShared(ctx, true)
	rep, err := r.refreshShipments(ctx, []int64{shipmentID})
	if err == nil && rep.Total.Skipped > 0 {
		err = r.downIn(rep)
	}
	return rep.Total, err
}

// RefreshShipments checks the given shipments at once, whether or not they
// are due, and reports as a pass does: by service, with the reasons of
// every failure. A pause or stop that other processes recorded is not
// taken on: a person who names parcels asks the service (after upgrading
// a plan, say), and an answer that works lifts the pause for every
// process on the store; this process's own pause still holds.
func (r *Refresher) RefreshShipments(ctx context.Context, shipmentIDs []int64) (Report, error) {
	r.adoptShared(ctx, false)
	return r.refreshShipments(ctx, shipmentIDs)
}

func (r *Refresher) refreshShipments(ctx context.Context, shipmentIDs []int64) (Report, error) {
	rep := Report{ByService: map[string]*ServiceReport{}}
	ships := make([]Shipment, 0, len(shipmentIDs))
	for _, id := range shipmentIDs {
		sh, err := r.store.Shipment(ctx, id)
		if err != nil {
			return rep, fmt.Errorf("refresh shipment %d: %w", id, err)
		}
		ships = append(ships, sh)
	}
	err := r.check(ctx, ships, &rep)
	return rep, err
}

// check asks the services about ships, each service's batches on its own
// workers, and stores every answer as it comes.
func (r *Refresher) check(ctx context.Context, ships []Shipment, rep *Report) error {
	type group struct {
		c     Carrier
		ships []Shipment
	}
	groups := map[string]*group{}
	var order []string
	var orphans []Update
	for _, sh := range ships {
		c := r.carrierFor(sh)
		if c == nil {
			orphans = append(orphans, Update{ShipmentID: sh.ID, Err: noService(sh)})
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
	var mu sync.Mutex // guards rep, firstErr and stopped
	var firstErr error
	stopped := map[string][]Shipment{} // by service: parcels it no longer follows
	// Answers are stored on the writer's goroutine, so the workers go on
	// asking while the store writes, and batches that queue meanwhile are
	// committed together.
	w := NewWriter(ctx, r.store, r.clock, r.policy, r.CommitParcels)
	store := func(service string, updates []Update) {
		if len(updates) == 0 {
			return
		}
		w.Put(updates, func(sum ApplySummary, err error) {
			sum, err = r.stored(service, updates, sum, err)
			mu.Lock()
			defer mu.Unlock()
			rep.add(service, sum, updates)
			if err != nil && firstErr == nil {
				firstErr = err
			}
			if r.Progress != nil {
				r.Progress(*rep)
			}
		})
	}
	skip := func(service string, n int) {
		mu.Lock()
		rep.skip(service, n)
		mu.Unlock()
	}
	store("(none)", orphans)

	var wg sync.WaitGroup
	for _, name := range order {
		g := groups[name]
		subs := r.subscriptionsFor(ctx, g.c, g.ships, func(n int, reason string) {
			mu.Lock()
			rep.subscription(name, n, reason)
			mu.Unlock()
		})
		size := max(1, g.c.BatchSize())
		batches := make(chan []Shipment, len(g.ships)/size+1)
		for start := 0; start < len(g.ships); start += size {
			batches <- g.ships[start:min(start+size, len(g.ships))]
		}
		close(batches)
		for range max(1, r.Concurrency) {
			wg.Go(func() {
				for batch := range batches {
					updates, skipped := r.checkBatch(ctx, g.c, batch)
					if skipped {
						skip(name, len(batch))
						continue
					}
					store(name, updates)
					subs.batch(ctx, batch) // pushes from now on, for what was just polled
					if s := stoppedIn(batch, updates); len(s) > 0 {
						mu.Lock()
						stopped[name] = append(stopped[name], s...)
						mu.Unlock()
					}
				}
			})
		}
	}
	wg.Wait()
	w.Close()
	for _, name := range order {
		if err := r.noteStopped(ctx, name, stopped[name]); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

// carrierFor is the one rule of who checks a parcel. A demo order's
// parcel goes to the simulator alone: a real service would be asked about
// a number nobody shipped. Every other parcel goes to the service its
// carrier routes to, never to the simulator, so a configured service is
// never shadowed by it, even in a store that holds demo orders too. nil
// when nobody may check it.
func (r *Refresher) carrierFor(sh Shipment) Carrier {
	switch {
	case sh.Demo:
		return r.Simulator
	case r.route == nil:
		return nil
	}
	return r.route(sh.Carrier)
}

// noService says why nobody checked a parcel (carrierFor was nil).
func noService(sh Shipment) string {
	if sh.Demo {
		return CheckDemoParcel
	}
	// Said on the order view and by `waybill show` too: where to act.
	return fmt.Sprintf(CheckNoService, sh.Carrier)
}

// checkBatch asks one service about one batch. It returns the updates to
// store, or skipped when the service cannot be asked now (the batch stays
// claimed until it can).
func (r *Refresher) checkBatch(ctx context.Context, c Carrier, batch []Shipment) ([]Update, bool) {
	name := c.Name()
	if ctx.Err() != nil || !r.acquire(name, r.clock.Now()) {
		r.deferBatch(ctx, name, batch)
		return nil, true
	}
	if lim := r.limiter(name); lim != nil {
		if err := lim.Wait(ctx); err != nil {
			r.release(name)
			r.deferBatch(ctx, name, batch)
			return nil, true
		}
	}
	results, err := r.call(ctx, c, batch)
	if err == nil {
		r.recordOK(ctx, name, r.clock.Now())
		return toUpdates(batch, results), false
	}
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		r.release(name)
		r.deferBatch(ctx, name, batch)
		return nil, true
	}
	if r.recordFailure(ctx, name, r.clock.Now(), err) {
		r.deferBatch(ctx, name, batch)
		return nil, true
	}
	msg := err.Error()
	if FailKindOf(err) == "" {
		msg = name + ": " + msg // CarrierErrors name their service already
	}
	updates := make([]Update, len(batch))
	for i, sh := range batch {
		updates[i] = Update{ShipmentID: sh.ID, Err: msg}
	}
	return updates, false
}

// deferBatch keeps a skipped batch claimed until its service may be asked
// again, so no process asks for it meanwhile and the queue moves past it.
// A cancelled pass instead gives the batch back at once.
func (r *Refresher) deferBatch(ctx context.Context, service string, batch []Shipment) {
	if ctx.Err() != nil {
		return // Run releases every claim on its way out
	}
	// Until the pause ends; a stopped service's parcels are looked at again
	// when the lease runs out, in case the config was fixed meanwhile.
	until := r.clock.Now().Add(r.Lease)
	r.mu.Lock()
	if s := r.services[service]; s != nil && s.State == HealthPaused {
		until = s.Until
	}
	r.mu.Unlock()
	ids := make([]int64, len(batch))
	for i, sh := range batch {
		ids[i] = sh.ID
	}
	// A failure here only means the claims expire on their own.
	_ = r.store.DeferClaims(context.WithoutCancel(ctx), r.Owner, ids, until)
}

// call asks c about one batch, trying server errors, timeouts and failed
// connections again with growing waits.
func (r *Refresher) call(ctx context.Context, c Carrier, batch []Shipment) ([]TrackResult, error) {
	reqs := make([]TrackRequest, len(batch))
	for i, sh := range batch {
		reqs[i] = trackRequest(sh)
	}
	wait := r.RetryBase
	for attempt := 0; ; attempt++ {
		results, err := c.Track(ctx, reqs)
		if err == nil {
			if len(results) != len(reqs) {
				return nil, &CarrierError{Service: c.Name(), Kind: FailMalformed, Err: Wrapf(CarrierAnswersFor, len(results), len(reqs))}
			}
			return results, nil
		}
		var ce *CarrierError
		if attempt >= r.Retries || !errors.As(err, &ce) || !ce.Kind.backsOff() {
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
		u := Update{ShipmentID: sh.ID, Events: res.Events, ETA: res.ETA, NotFound: res.NotFound, Stopped: res.Stopped}
		u.LastMile = res.LastMile
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

func (r *Refresher) apply(ctx context.Context, service string, updates []Update) (ApplySummary, error) {
	// Store what was learned even when the pass is being cancelled, so
	// answers already paid for are not thrown away.
	sum, err := r.store.ApplyUpdates(context.WithoutCancel(ctx), r.clock.Now(), r.policy, updates)
	return r.stored(service, updates, sum, err)
}

// stored tells the screens what a stored batch of service's changed, and
// OnSuspect of the events it stored whose time cannot be right.
func (r *Refresher) stored(service string, updates []Update, sum ApplySummary, err error) (ApplySummary, error) {
	if err != nil {
		return sum, fmt.Errorf("refresh: store %d updates: %w", len(updates), err)
	}
	if len(sum.Changed) > 0 {
		r.publish(sum.Changed, nil)
	}
	if len(sum.Suspect) > 0 && r.OnSuspect != nil {
		r.OnSuspect(service, sum.Suspect)
	}
	return sum, nil
}

func (r *Refresher) limiter(name string) *rate.Limiter {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.serviceLocked(name).limiter
}

// acquire reports whether a service may be asked now. A pause that has run
// out ends; a breaker's pause ends in one probe call, and until it returns
// no other call goes through.
func (r *Refresher) acquire(name string, now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.serviceLocked(name)
	switch s.State {
	case HealthOK:
		return true
	case HealthStopped:
		return false
	}
	if now.Before(s.Until) {
		return false
	}
	if !s.breaker {
		s.State, s.Reason, s.Until = HealthOK, "", time.Time{}
		return true
	}
	if s.probing {
		return false
	}
	s.probing = true
	return true
}

// release undoes acquire for a call that was never made.
func (r *Refresher) release(name string) {
	r.mu.Lock()
	r.serviceLocked(name).probing = false
	r.mu.Unlock()
}

// recordOK notes a call that worked; a shared pause or stop this process
// knows of is over, for every process.
func (r *Refresher) recordOK(ctx context.Context, name string, now time.Time) {
	r.mu.Lock()
	s := r.serviceLocked(name)
	s.State, s.Reason, s.Until, s.LastOK = HealthOK, "", time.Time{}, now
	s.failures, s.cooldown, s.breaker, s.probing = 0, 0, false, false
	s.adopted = false
	if s.shared {
		s.share = shareClear
	}
	r.mu.Unlock()
	r.syncShared(ctx, name)
}

// recordFailure notes a failed call and reports whether the service is now
// paused or stopped (true) or the failure concerns only this batch (false).
// A used-up quota and a rejected key are recorded for the other processes
// sharing the store (sharedhealth.go).
func (r *Refresher) recordFailure(ctx context.Context, name string, now time.Time, err error) bool {
	held := r.recordFailureLocked(name, now, err)
	if held && shares(FailKindOf(err)) {
		r.mu.Lock()
		r.serviceLocked(name).share = shareRecord
		r.mu.Unlock()
		r.syncShared(ctx, name)
	}
	return held
}

func (r *Refresher) recordFailureLocked(name string, now time.Time, err error) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.serviceLocked(name)
	s.adopted = false // whatever it says now, it is this process's own verdict
	// Whatever went wrong, a probe is over; only a server failure keeps the
	// breaker open.
	probed := s.probing
	s.probing = false
	var ce *CarrierError
	if !errors.As(err, &ce) {
		return false
	}
	switch ce.Kind {
	case FailAuth:
		s.State, s.Until, s.breaker, s.probing = HealthStopped, time.Time{}, false, false
		s.Reason = fmt.Sprintf(ReasonKeyRejected, ce.Error())
	case FailRequest:
		if !errors.Is(ce, ErrCrossHostRedirect) {
			return false
		}
		// Every call would be sent away again; only a config change helps.
		s.State, s.Until, s.breaker, s.probing = HealthStopped, time.Time{}, false, false
		s.Reason = fmt.Sprintf(ReasonRedirected, ce.Error())
	case FailQuota:
		// Until the reset when the service says (or its documentation
		// does: DHL's day ends 00:00 GMT); else a guess, QuotaPause.
		pause, reason := r.QuotaPause, ReasonQuota
		if ce.RetryAfter > 0 {
			pause = ce.RetryAfter
		}
		var q *QuotaUsedUp
		if errors.As(ce, &q) && q.Reason != "" {
			reason = q.Reason
		}
		s.pause(now.Add(pause), reason)
	case FailRateLimited:
		s.pause(now.Add(max(ce.RetryAfter, time.Second)), ReasonRateLimited)
	case FailTLS:
		// The same handshake fails on every call; and the key is never
		// sent over a connection we cannot trust.
		s.State, s.Until, s.breaker, s.probing = HealthStopped, time.Time{}, false, false
		s.Reason = fmt.Sprintf(ReasonNoTLS, ce.Error())
	case FailServer, FailTimeout, FailConnect:
		// The call's own retries were spent.
		s.failures++
		if !probed && s.failures < r.BreakerThreshold {
			return false
		}
		if s.cooldown == 0 {
			s.cooldown = r.BreakerCooldown
		} else {
			s.cooldown = min(2*s.cooldown, r.BreakerMax)
		}
		s.pause(now.Add(max(s.cooldown, ce.RetryAfter)), fmt.Sprintf(ReasonBreaker, s.failures, ce.Error()))
		s.breaker = true
	default:
		return false
	}
	return true
}

func (s *service) pause(until time.Time, reason string) {
	s.State, s.Until, s.Reason = HealthPaused, until, reason
	s.breaker, s.probing = false, false
}

// Health returns every service's state, sorted by name.
func (r *Refresher) Health() []ServiceHealth {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.healthLocked()
}

func (r *Refresher) healthLocked() []ServiceHealth {
	out := make([]ServiceHealth, 0, len(r.services))
	for _, s := range r.services {
		out = append(out, s.ServiceHealth)
	}
	for _, h := range r.noted {
		out = append(out, h)
	}
	sortHealth(out)
	return out
}

func sortHealth(hs []ServiceHealth) {
	slices.SortFunc(hs, func(a, b ServiceHealth) int { return strings.Compare(a.Service, b.Service) })
}

// Push stores what a service sent by webhook, through the same path as a
// poll: events deduplicated, status, schedule and exceptions recomputed.
// Numbers we do not track, and demo parcels, are ignored.
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
	var stopped []Shipment
	for _, p := range pushes {
		for _, sh := range byNo[number.Normalize(p.TrackingNo)] {
			if sh.Demo {
				continue // the simulator's alone (carrierFor), whoever pushes its number
			}
			if p.Stopped {
				stopped = append(stopped, sh)
			}
			if len(p.Events) == 0 && p.ETA.IsZero() && p.Stopped {
				continue // a bare stop notice (17TRACK's TRACKING_STOPPED): nothing to store but that
			}
			evs := make([]Event, len(p.Events))
			copy(evs, p.Events)
			for j := range evs {
				evs[j].ShipmentID = sh.ID
			}
			u := Update{ShipmentID: sh.ID, Events: evs, ETA: p.ETA, Pushed: true, Stopped: p.Stopped}
			u.LastMile = p.LastMile
			updates = append(updates, u)
		}
	}
	if err := r.noteStopped(ctx, service, stopped); err != nil {
		return ApplySummary{}, fmt.Errorf("%s push: %w", service, err)
	}
	if len(updates) == 0 {
		return ApplySummary{}, nil
	}
	return r.apply(ctx, service, updates)
}
