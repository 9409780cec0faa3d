package tracker

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Following numbers for as long as the buyer is protected.
//
// Tracking services give up on a number that goes quiet: 17TRACK after 30
// days without news (15 once delivered), AfterShip after 30; each lets a
// stopped number be restarted once. Slow routes take longer than that,
// and a marketplace protects the buyer for 60 to 120 days, so a parcel
// that goes quiet while its order is still open (Following) is restarted,
// once, within a daily budget. A parcel that is over and whose cases are
// closed is stopped at its service, so the plan is spent on parcels that
// matter. Both are recorded in the store, so neither is ever repeated,
// whichever process runs the pass.

// Defaults of the [tracking] settings and of the walk.
const (
	DefaultFollowDays     = 90
	DefaultRestartsPerDay = 200
	// DefaultRestartRecheck is when a restarted parcel is polled again:
	// 17TRACK returns data "within 10 minutes after restarting tracking"
	// (https://help.17track.net/hc/en-us/articles/37524573677721-Why-tracking-stopped-How-to-restart-it).
	DefaultRestartRecheck = 15 * time.Minute
	// DefaultLifeLimit is how many parcels each walk reads in one pass.
	DefaultLifeLimit = 200
	// lifeLookback is how far back the walks start on a store that never
	// ran them: a parcel over for longer has been stopped by its service
	// already (17TRACK stops delivered numbers after 15 quiet days, any
	// number after 30; AfterShip after 30).
	lifeLookback = 30 * 24 * time.Hour
)

// Walks over the store, each with a cursor the store keeps (LifeCursor).
const (
	WalkStopped = "stopped" // parcels a service stopped following, to restart
	WalkFinal   = "final"   // parcels that ended, to stop following
	WalkCases   = "cases"   // parcels whose case closed, to stop following
)

// Following reports whether a parcel's number is still worth following at
// now: a complaint case on its order is open, or the parcel has neither
// arrived nor come back, its order was not cancelled or refunded, and the
// buyer is still protected (ProtectedUntil).
func Following(sh Shipment, o Order, openCase bool, now time.Time, followDays int) bool {
	if openCase {
		return true
	}
	switch sh.Status {
	case StatusDelivered, StatusReturned:
		return false
	}
	switch o.Status {
	case OrderCancelled, OrderRefunded, OrderUnfulfillable, OrderAbandoned:
		return false
	}
	return now.Before(ProtectedUntil(sh, o, followDays))
}

// ProtectedUntil is when the buyer's protection ends as far as the order
// tells: followDays after shipping (or ordering, when the shipping date is
// unknown), or the promised delivery date when that is later. Zero when
// the order holds no date at all.
func ProtectedUntil(sh Shipment, o Order, followDays int) time.Time {
	start := sh.ShippedAt
	for _, t := range []time.Time{o.OrderedAt, o.CreatedAt} {
		if start.IsZero() {
			start = t
		}
	}
	var until time.Time
	if !start.IsZero() {
		until = start.AddDate(0, 0, followDays)
	}
	if o.PromisedAt.After(until) {
		until = o.PromisedAt
	}
	return until
}

// Life is what the store keeps of a parcel's number at its service.
type Life struct {
	Service       string    // the service that stopped it, or that we stopped it at
	StoppedAt     time.Time // the service said it stopped following the number
	RestartedAt   time.Time // its one restart was asked (spent from then on)
	RestartResult string    // "" when the service took the restart, else why not
	UntrackedAt   time.Time // we told the service to stop following it
	UntrackResult string    // "" when the service took it, else why not
}

// LifeCursor is a walk's place: the time it orders by, then an id.
type LifeCursor struct {
	At time.Time
	ID int64
}

// String is how a cursor is kept: "unix seconds:id".
func (c LifeCursor) String() string {
	return strconv.FormatInt(c.At.Unix(), 10) + ":" + strconv.FormatInt(c.ID, 10)
}

// ParseLifeCursor reads a cursor String wrote.
func ParseLifeCursor(s string) (LifeCursor, error) {
	at, id, ok := strings.Cut(s, ":")
	secs, err1 := strconv.ParseInt(at, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if !ok || err1 != nil || err2 != nil {
		return LifeCursor{}, fmt.Errorf("life cursor %q: want unix-seconds:id", s)
	}
	return LifeCursor{At: time.Unix(secs, 0).UTC(), ID: n}, nil
}

// LifeParcel is one parcel a walk read, with what the rules look at.
type LifeParcel struct {
	Shipment Shipment
	Order    Order
	OpenCase bool // a complaint case on the parcel's order is open
	Life     Life
	Cursor   LifeCursor // where the walk goes on after this parcel
}

// LifeResult is what a service answered about one parcel's restart or stop.
type LifeResult struct {
	ShipmentID int64
	Err        string // "" when the service took it
	// Spent: the restart is used up (taken, refused as spent, or refused
	// for the number's own reason). false: the service still followed the
	// number, so there was nothing to restart, and the stop it reported
	// is forgotten.
	Spent bool
}

// LifeStore is the store's side of following numbers as long as they
// matter. Each write is one transaction.
type LifeStore interface {
	// MarkStopped notes that service stopped following the numbers of
	// shipments ids, keeping the first time it said so.
	MarkStopped(ctx context.Context, service string, ids []int64, now time.Time) error
	// StoppedParcels reads up to limit parcels after cursor (by the time
	// they were stopped, then shipment id) that a service stopped and that
	// were neither restarted nor stopped by us.
	StoppedParcels(ctx context.Context, after LifeCursor, limit int) ([]LifeParcel, error)
	// RestartsSince counts the restarts asked of service since t.
	RestartsSince(ctx context.Context, service string, since time.Time) (int, error)
	// RecordRestarts records what service answered to restarts asked at
	// now; the parcels it took are polled again at recheck (DueRechecks).
	RecordRestarts(ctx context.Context, service string, results []LifeResult, now, recheck time.Time) error
	// DueRechecks takes up to limit restarted parcels whose recheck is due
	// at now, whatever their status, and clears their recheck.
	DueRechecks(ctx context.Context, now time.Time, limit int) ([]Shipment, error)
	// FinalParcels reads up to limit delivered, returned or expired
	// parcels after cursor (by when they were last checked, then id)
	// that we have not stopped following.
	FinalParcels(ctx context.Context, after LifeCursor, limit int) ([]LifeParcel, error)
	// ClosedCaseParcels reads the parcels of up to limit cases closed
	// after cursor (by closing time, then case id) that we have not
	// stopped following.
	ClosedCaseParcels(ctx context.Context, after LifeCursor, limit int) ([]LifeParcel, error)
	// RecordStops records what service answered to stops asked at now.
	RecordStops(ctx context.Context, service string, results []LifeResult, now time.Time) error
	// LifeCursor reads a walk's cursor; ok is false before the first.
	LifeCursor(ctx context.Context, walk string) (c LifeCursor, ok bool, err error)
	// SetLifeCursor keeps a walk's cursor.
	SetLifeCursor(ctx context.Context, walk string, c LifeCursor) error
}

// Lifecycle configures how the refresher follows numbers for as long as
// they matter ([tracking] in the config).
type Lifecycle struct {
	Store LifeStore
	// FollowDays is how long after shipping the buyer is protected when
	// the order promises no later date (ProtectedUntil).
	FollowDays int
	// RestartsPerDay caps the restarts asked of each service per UTC day,
	// counted in the store, so the cap holds across passes and processes.
	// Restarts are free at 17TRACK and AfterShip, but each is a call within
	// the service's rate limit; after an outage or a big sale, thousands of
	// numbers can go quiet the same day, and they must not crowd out the
	// polls of parcels that move. 0 asks none.
	RestartsPerDay int
	Recheck        time.Duration // 0: DefaultRestartRecheck
	Limit          int           // parcels per walk and pass; 0: DefaultLifeLimit
}

// LifeReport is what a pass restarted and stopped, by service.
type LifeReport struct {
	Restarted  map[string]int // restarts the service took
	Refused    map[string]int // restarts or stops it refused for the number's own reason
	OverBudget map[string]int // restarts left for another day (RestartsPerDay)
	Untracked  map[string]int // numbers it stopped following at our request
}

func (lr *LifeReport) count(m *map[string]int, service string, n int) {
	if n == 0 {
		return
	}
	if *m == nil {
		*m = map[string]int{}
	}
	(*m)[service] += n
}

// noteStopped records the parcels whose service said it no longer follows
// them. ships are the parcels as they were before the answer: a delivered
// or returned one is over, and its service stopping is no news.
func (r *Refresher) noteStopped(ctx context.Context, service string, ships []Shipment) error {
	if r.Life == nil || r.Life.Store == nil {
		return nil
	}
	var ids []int64
	for _, sh := range ships {
		if sh.Demo || sh.Status == StatusDelivered || sh.Status == StatusReturned {
			continue
		}
		ids = append(ids, sh.ID)
	}
	if len(ids) == 0 {
		return nil
	}
	if err := r.Life.Store.MarkStopped(context.WithoutCancel(ctx), service, ids, r.clock.Now()); err != nil {
		return fmt.Errorf("%s: note %d stopped numbers: %w", service, len(ids), err)
	}
	return nil
}

// stoppedIn returns the parcels of batch whose answer says their service
// stopped following them.
func stoppedIn(batch []Shipment, updates []Update) []Shipment {
	var out []Shipment
	for i, u := range updates {
		if u.Stopped && i < len(batch) && batch[i].ID == u.ShipmentID {
			out = append(out, batch[i])
		}
	}
	return out
}

// lifePass is the lifecycle's share of a pass: restarted parcels due a
// recheck are polled, parcels whose service stopped following them while
// they matter are restarted, and parcels that are over are stopped.
func (r *Refresher) lifePass(ctx context.Context, rep *Report) error {
	l := r.Life
	if l == nil || l.Store == nil {
		return nil
	}
	now := r.clock.Now()
	due, err := l.Store.DueRechecks(ctx, now, l.limit())
	if err != nil {
		return fmt.Errorf("lifecycle: rechecks due: %w", err)
	}
	if len(due) > 0 {
		if err := r.check(ctx, due, rep); err != nil {
			return err
		}
	}
	if err := r.restartStopped(ctx, now, rep); err != nil {
		return err
	}
	return r.stopFinished(ctx, now, rep)
}

func (l *Lifecycle) limit() int {
	if l.Limit > 0 {
		return l.Limit
	}
	return DefaultLifeLimit
}

func (l *Lifecycle) recheck() time.Duration {
	if l.Recheck > 0 {
		return l.Recheck
	}
	return DefaultRestartRecheck
}

// cursor reads a walk's cursor, or from when it starts.
func (l *Lifecycle) cursor(ctx context.Context, walk string, start LifeCursor) (LifeCursor, error) {
	c, ok, err := l.Store.LifeCursor(ctx, walk)
	if err != nil {
		return LifeCursor{}, fmt.Errorf("lifecycle: %s walk cursor: %w", walk, err)
	}
	if !ok {
		return start, nil
	}
	return c, nil
}

// advance keeps the stopped walk's place: after the last parcel read, or
// back at the start once it read fewer than a full page (it reached the
// end, and parcels it passed over may be due a restart later: a case
// opened on their order).
func (l *Lifecycle) advance(ctx context.Context, walk string, was LifeCursor, read []LifeParcel) error {
	var next LifeCursor
	if len(read) >= l.limit() {
		next = read[len(read)-1].Cursor
	}
	if next == was {
		return nil
	}
	if err := l.Store.SetLifeCursor(ctx, walk, next); err != nil {
		return fmt.Errorf("lifecycle: keep the %s walk's place: %w", walk, err)
	}
	return nil
}

// lifeGroup is the parcels one service is asked about.
type lifeGroup struct {
	c     Carrier
	ships []Shipment
}

// byService groups parcels by the service that now follows their carrier,
// keeping those want accepts for it.
func (r *Refresher) byService(parcels []LifeParcel, want func(LifeParcel, Carrier) bool) (map[string]*lifeGroup, []string) {
	groups := map[string]*lifeGroup{}
	var order []string
	for _, p := range parcels {
		if p.Shipment.Demo {
			continue // the simulator's alone
		}
		c := r.carrierFor(p.Shipment)
		if c == nil || !want(p, c) {
			continue
		}
		g, ok := groups[c.Name()]
		if !ok {
			g = &lifeGroup{c: c}
			groups[c.Name()] = g
			order = append(order, c.Name())
		}
		g.ships = append(g.ships, p.Shipment)
	}
	sort.Strings(order)
	return groups, order
}

// restartStopped restarts, once and within each service's daily budget,
// the stopped parcels that are still Following.
func (r *Refresher) restartStopped(ctx context.Context, now time.Time, rep *Report) error {
	l := r.Life
	was, err := l.cursor(ctx, WalkStopped, LifeCursor{})
	if err != nil {
		return err
	}
	parcels, err := l.Store.StoppedParcels(ctx, was, l.limit())
	if err != nil {
		return fmt.Errorf("lifecycle: stopped parcels: %w", err)
	}
	groups, order := r.byService(parcels, func(p LifeParcel, c Carrier) bool {
		_, ok := c.(Restarter)
		// Only the service that stopped it can restart it.
		return ok && c.Name() == p.Life.Service && Following(p.Shipment, p.Order, p.OpenCase, now, l.FollowDays)
	})
	dayStart := now.UTC().Truncate(24 * time.Hour)
	done := true
	for _, name := range order {
		g := groups[name]
		used, err := l.Store.RestartsSince(ctx, name, dayStart)
		if err != nil {
			return fmt.Errorf("lifecycle: %s restarts today: %w", name, err)
		}
		allowed := max(0, min(len(g.ships), l.RestartsPerDay-used))
		rep.Life.count(&rep.Life.OverBudget, name, len(g.ships)-allowed)
		if allowed == 0 {
			continue
		}
		ships := g.ships[:allowed]
		errs, ok := r.lifeCall(ctx, g.c, ships, func(reqs []TrackRequest) ([]error, error) {
			return g.c.(Restarter).Restart(ctx, reqs)
		})
		if !ok {
			done = false // the service failed or cannot be asked now: next pass
			continue
		}
		results := make([]LifeResult, len(ships))
		for i, sh := range ships {
			res := LifeResult{ShipmentID: sh.ID, Spent: true}
			switch e := errs[i]; {
			case e == nil:
				rep.Life.count(&rep.Life.Restarted, name, 1)
			case errors.Is(e, ErrNotStopped):
				res.Err, res.Spent = e.Error(), false
			default:
				res.Err = e.Error()
				rep.Life.count(&rep.Life.Refused, name, 1)
			}
			results[i] = res
		}
		if err := l.Store.RecordRestarts(context.WithoutCancel(ctx), name, results, now, now.Add(l.recheck())); err != nil {
			return fmt.Errorf("lifecycle: record %d %s restarts: %w", len(results), name, err)
		}
	}
	if !done {
		return nil
	}
	return l.advance(ctx, WalkStopped, was, parcels)
}

// over reports whether a parcel no longer needs following at its service:
// it is final and nobody waits on it (Following), and when it expired,
// its one restart is spent or its order no longer needs it.
func (l *Lifecycle) over(p LifeParcel, now time.Time) bool {
	if !p.Shipment.Status.Final() || !p.Life.UntrackedAt.IsZero() {
		return false
	}
	return !Following(p.Shipment, p.Order, p.OpenCase, now, l.FollowDays)
}

// stopFinished stops following the parcels that are over: those that
// ended since the walk last looked, and those whose case closed since.
func (r *Refresher) stopFinished(ctx context.Context, now time.Time, rep *Report) error {
	l := r.Life
	start := LifeCursor{At: now.Add(-lifeLookback)}
	type walk struct {
		name string
		read func(LifeCursor) ([]LifeParcel, error)
	}
	for _, w := range []walk{
		{WalkFinal, func(c LifeCursor) ([]LifeParcel, error) { return l.Store.FinalParcels(ctx, c, l.limit()) }},
		{WalkCases, func(c LifeCursor) ([]LifeParcel, error) { return l.Store.ClosedCaseParcels(ctx, c, l.limit()) }},
	} {
		was, err := l.cursor(ctx, w.name, start)
		if err != nil {
			return err
		}
		parcels, err := w.read(was)
		if err != nil {
			return fmt.Errorf("lifecycle: %s walk: %w", w.name, err)
		}
		groups, order := r.byService(parcels, func(p LifeParcel, c Carrier) bool {
			_, ok := c.(Stopper)
			return ok && l.over(p, now)
		})
		done := true
		for _, name := range order {
			g := groups[name]
			errs, ok := r.lifeCall(ctx, g.c, g.ships, func(reqs []TrackRequest) ([]error, error) {
				return g.c.(Stopper).Stop(ctx, reqs)
			})
			if !ok {
				done = false // read these again next pass
				continue
			}
			results := make([]LifeResult, len(g.ships))
			for i, sh := range g.ships {
				results[i] = LifeResult{ShipmentID: sh.ID, Spent: true}
				if errs[i] != nil {
					results[i].Err = errs[i].Error()
					rep.Life.count(&rep.Life.Refused, name, 1)
				} else {
					rep.Life.count(&rep.Life.Untracked, name, 1)
				}
			}
			if err := l.Store.RecordStops(context.WithoutCancel(ctx), name, results, now); err != nil {
				return fmt.Errorf("lifecycle: record %d %s stops: %w", len(results), name, err)
			}
		}
		// These walks never wrap: each waits at the last parcel it read
		// for parcels that end later. A failed call keeps it where it was,
		// to read the same parcels again next pass.
		if done && len(parcels) > 0 && parcels[len(parcels)-1].Cursor != was {
			if err := l.Store.SetLifeCursor(ctx, w.name, parcels[len(parcels)-1].Cursor); err != nil {
				return fmt.Errorf("lifecycle: keep the %s walk's place: %w", w.name, err)
			}
		}
	}
	return nil
}

// lifeCall asks service c about ships with call, paced and guarded as a
// poll is: not while the service is paused or stopped, and a failure
// counts toward its health. ok is false when nothing was learned.
func (r *Refresher) lifeCall(ctx context.Context, c Carrier, ships []Shipment, call func([]TrackRequest) ([]error, error)) ([]error, bool) {
	name := c.Name()
	if ctx.Err() != nil || !r.acquire(name, r.clock.Now()) {
		return nil, false
	}
	if lim := r.limiter(name); lim != nil {
		if err := lim.Wait(ctx); err != nil {
			r.release(name)
			return nil, false
		}
	}
	reqs := make([]TrackRequest, len(ships))
	for i, sh := range ships {
		reqs[i] = TrackRequest{ShipmentID: sh.ID, TrackingNo: sh.TrackingNo, Carrier: sh.Carrier, ShippedAt: sh.ShippedAt, Destination: sh.Destination}
	}
	errs, err := call(reqs)
	if err == nil && len(errs) != len(reqs) {
		err = &CarrierError{Service: name, Kind: FailMalformed, Err: Wrapf(CarrierAnswersFor, len(errs), len(reqs))}
	}
	if err != nil {
		r.recordFailure(ctx, name, r.clock.Now(), err) // ends a probe, as a poll's failure does
		return nil, false
	}
	r.recordOK(ctx, name, r.clock.Now())
	return errs, true
}
