package tracker

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"time"
)

// SyncLeaser keeps one sync of a marketplace at a time across the
// processes sharing a store (a screen and `refresh --watch` on one file).
// TakeLease makes owner the holder of name until until when no one holds
// it, owner already does, or the holder's lease ended by now.
// ReleaseLease gives it up if owner holds it. The store keeps it in meta.
type SyncLeaser interface {
	TakeLease(ctx context.Context, name, owner string, now, until time.Time) (bool, error)
	ReleaseLease(ctx context.Context, name, owner string) error
}

// SyncWants keeps, beside a sync's lease, that a sync is wanted: a push
// (Kick) reaching a process that does not hold the lease is recorded for
// the holder, which runs one more sync after its current one (or at its
// next look, WantPoll, when idle). The store keeps it in meta.
// WantSync records it; SyncWanted reads it; TakeSyncWanted reads and
// clears it in one transaction.
type SyncWants interface {
	WantSync(ctx context.Context, name string, now time.Time) error
	SyncWanted(ctx context.Context, name string) (bool, error)
	TakeSyncWanted(ctx context.Context, name string) (bool, error)
}

// WantPoll is how often a MarketSyncer looks whether another process on
// the store recorded a wanted sync (SyncWants): a push arriving there is
// served within it, not at the next sync_interval. One read of a meta row.
const WantPoll = 5 * time.Second

// HealthNoter shows a background job's health beside the tracking
// services' (the refresher's state, so the status bar says when it fails).
type HealthNoter interface {
	NoteHealth(h ServiceHealth)
}

// MarketSyncer is the marketplace sync beside the refresher: every
// Interval it runs SyncMarketplace for each marketplace, one after the
// other, as "sync:<marketplace>". A marketplace another process on the
// store is syncing (SyncLeaser) is left to it. A failed sync is noted as
// that marketplace's health and told to OnSync; the loop and the
// refresher go on, and the next round resumes where it stopped.
// Kick asks for one marketplace's sync now (a verified webhook said it
// changed) without waiting for the interval.
type MarketSyncer struct {
	svc     *Service
	markets []Marketplace
	clock   Clock

	// Interval is the time between rounds (wall time).
	Interval time.Duration
	// Owner names this process's leases in the store.
	Owner string
	// Role is the role the syncs act with.
	Role Role
	// Health, when set, is told each marketplace's health after each sync.
	Health HealthNoter
	// OnSync, when set, is told each sync this process ran.
	OnSync func(SyncReport, error)

	// tick makes the round ticker; tests replace it.
	tick func(d time.Duration) (<-chan time.Time, func())
	// poll makes the ticker that looks for syncs wanted by other
	// processes (WantPoll); tests replace it.
	poll func() (<-chan time.Time, func())

	// busy holds one lock per marketplace, so a kicked sync, a round and
	// a Round called from elsewhere never sync one marketplace at once.
	busy map[string]*sync.Mutex
	// kicked names the marketplaces Kick asked for and no sync has
	// started since; wake (one slot) tells Run there are some.
	kickMu sync.Mutex
	kicked map[string]bool
	wake   chan struct{}
}

// NewMarketSyncer wires the sync of markets through svc; nil when there
// are none, and a nil MarketSyncer's Run returns at once.
func NewMarketSyncer(svc *Service, clock Clock, markets []Marketplace, interval time.Duration) *MarketSyncer {
	if len(markets) == 0 {
		return nil
	}
	host, _ := os.Hostname()
	busy := map[string]*sync.Mutex{}
	for _, mk := range markets {
		busy[mk.Name()] = new(sync.Mutex)
	}
	return &MarketSyncer{
		busy: busy, kicked: map[string]bool{}, wake: make(chan struct{}, 1),
		svc: svc, markets: markets, clock: clock, Interval: interval,
		Owner: fmt.Sprintf("%s:%d:%x", host, os.Getpid(), rand.Uint32()),
		Role:  RoleAdmin,
		tick: func(d time.Duration) (<-chan time.Time, func()) {
			t := time.NewTicker(d)
			return t.C, t.Stop
		},
		poll: func() (<-chan time.Time, func()) {
			t := time.NewTicker(WantPoll)
			return t.C, t.Stop
		},
	}
}

// leaseName is the store's lease of one marketplace's sync.
func leaseName(market string) string { return "sync:" + market }

// Run syncs at once and then every Interval until ctx ends, then gives
// its leases up so another process takes over without waiting.
func (m *MarketSyncer) Run(ctx context.Context) {
	if m == nil {
		return
	}
	leaser, _ := m.svc.store.(SyncLeaser)
	if leaser != nil {
		defer func() {
			for _, mk := range m.markets {
				_ = leaser.ReleaseLease(context.WithoutCancel(ctx), leaseName(mk.Name()), m.Owner)
			}
		}()
	}
	c, stop := m.tick(m.Interval)
	defer stop()
	var polled <-chan time.Time
	if _, ok := m.svc.store.(SyncWants); ok && m.poll != nil {
		p, stopPoll := m.poll()
		defer stopPoll()
		polled = p
	}
	m.Round(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case <-c:
			m.Round(ctx)
		case <-polled:
			m.servePushed(ctx)
		case <-m.wake:
			for _, mk := range m.markets {
				if ctx.Err() == nil {
					m.syncOne(ctx, mk, true)
				}
			}
		}
	}
}

// Kick asks Run to sync the marketplace name as soon as it is free, and
// reports whether there is one of that name. It never waits: a webhook
// handler calls it. Kicks before a sync of name starts are served by that
// one sync; a kick during a sync gets one more after it, since the change
// it tells of may have come after the sync read the marketplace. Nil, or
// a marketplace another process on the store syncs, is no sync here.
func (m *MarketSyncer) Kick(name string) bool {
	if m == nil || m.busy[name] == nil {
		return false
	}
	m.kickMu.Lock()
	m.kicked[name] = true
	m.kickMu.Unlock()
	select {
	case m.wake <- struct{}{}:
	default: // Run is told already
	}
	return true
}

// WebhookRepeat is the sync's service's WebhookRepeat: a marketplace's
// webhook id recorded in the store, true when it was seen before.
func (m *MarketSyncer) WebhookRepeat(ctx context.Context, market, id string) (bool, error) {
	return m.svc.WebhookRepeat(ctx, market, id)
}

// span is d on the clock: a demo clock runs faster than the wall clock
// the ticker keeps, as the refresher's next pass does.
func (m *MarketSyncer) span(d time.Duration) time.Duration {
	if sc, ok := m.clock.(interface{ Speed() float64 }); ok && sc.Speed() > 0 {
		return time.Duration(float64(d) * sc.Speed())
	}
	return d
}

// servePushed syncs each marketplace another process recorded a wanted
// sync of (a push it could not serve, SyncWants); syncOne takes the
// lease, so only its holder (or a process taking over a lapsed lease)
// runs it.
func (m *MarketSyncer) servePushed(ctx context.Context) {
	wants, _ := m.svc.store.(SyncWants)
	if wants == nil {
		return
	}
	for _, mk := range m.markets {
		if ctx.Err() != nil {
			return
		}
		if wanted, err := wants.SyncWanted(ctx, leaseName(mk.Name())); err == nil && wanted {
			m.syncOne(ctx, mk, false)
		}
	}
}

// Round syncs each marketplace once, each that no other process holds.
func (m *MarketSyncer) Round(ctx context.Context) {
	for _, mk := range m.markets {
		if ctx.Err() != nil {
			return
		}
		m.syncOne(ctx, mk, false)
	}
}

// syncOne syncs mk unless another process holds its lease; onlyKicked
// skips it unless Kick asked for it since its last sync started (a round
// may have served the kick while this waited).
func (m *MarketSyncer) syncOne(ctx context.Context, mk Marketplace, onlyKicked bool) {
	name := mk.Name()
	mu := m.busy[name]
	if mu == nil { // a MarketSyncer built without NewMarketSyncer
		mu = new(sync.Mutex)
	}
	mu.Lock()
	defer mu.Unlock()
	m.kickMu.Lock()
	asked := m.kicked[name]
	delete(m.kicked, name)
	m.kickMu.Unlock()
	if onlyKicked && !asked {
		return
	}
	leaser, _ := m.svc.store.(SyncLeaser)
	// The lease lasts one interval from the start, and again from the
	// end: the holder keeps it round after round, and another process
	// takes over an interval after a holder that died.
	if leaser != nil {
		held, err := leaser.TakeLease(ctx, leaseName(name), m.Owner, m.clock.Now(), m.clock.Now().Add(m.span(m.Interval)))
		if err != nil {
			m.done(SyncReport{Marketplace: name, Problems: []SyncProblem{}}, fmt.Errorf("%s: take the sync's lease: %w", name, err))
			return
		}
		if !held {
			// Another process on the store syncs it. A push asked for a
			// sync here: record it for the holder, or it is lost until
			// the holder's next round.
			if wants, ok := m.svc.store.(SyncWants); ok && asked {
				if err := wants.WantSync(ctx, leaseName(name), m.clock.Now()); err != nil {
					m.done(SyncReport{Marketplace: name, Problems: []SyncProblem{}}, fmt.Errorf("%s: record a wanted sync for the process holding its lease: %w", name, err))
				}
			}
			return
		}
	}
	wants, _ := m.svc.store.(SyncWants)
	for {
		// This sync serves every push recorded before it starts; one
		// recorded while it runs is found after it, and served by one more.
		if wants != nil {
			_, _ = wants.TakeSyncWanted(ctx, leaseName(name))
		}
		rep, err := m.svc.SyncMarketplace(ctx, Actor{Name: "sync:" + name, Role: m.Role}, mk)
		held := true
		if leaser != nil {
			held, _ = leaser.TakeLease(context.WithoutCancel(ctx), leaseName(name), m.Owner, m.clock.Now(), m.clock.Now().Add(m.span(m.Interval)))
		}
		if ctx.Err() != nil && err != nil {
			return // stopped, not failed: the next start resumes
		}
		if rep.OrdersNew+rep.OrdersChanged+rep.ParcelsNew+rep.DisputesOpened+rep.DisputesUpdated+rep.DisputesFinished > 0 {
			m.svc.publish() // open screens read again
		}
		m.done(rep, err)
		if err != nil || !held || wants == nil || ctx.Err() != nil {
			return // a failed sync is retried by the next round, which serves the push too
		}
		if again, werr := wants.SyncWanted(ctx, leaseName(name)); werr != nil || !again {
			return
		}
	}
}

// done notes a sync's health and tells OnSync.
func (m *MarketSyncer) done(rep SyncReport, err error) {
	if m.Health != nil {
		now := m.clock.Now()
		h := ServiceHealth{Service: leaseName(rep.Marketplace), State: HealthOK, LastOK: now}
		if err != nil {
			h = ServiceHealth{Service: leaseName(rep.Marketplace), State: HealthPaused, Reason: Sanitize(err.Error()), Until: now.Add(m.span(m.Interval))}
		}
		m.Health.NoteHealth(h)
	}
	if m.OnSync != nil {
		m.OnSync(rep, err)
	}
}

// NoteHealth shows a background job's health (the marketplace sync's)
// among the services' in the refresher's state, and publishes the state
// so open screens show it. A failure keeps the last success's time.
func (r *Refresher) NoteHealth(h ServiceHealth) {
	r.mu.Lock()
	if r.noted == nil {
		r.noted = map[string]ServiceHealth{}
	}
	if h.LastOK.IsZero() {
		h.LastOK = r.noted[h.Service].LastOK
	}
	r.noted[h.Service] = h
	r.mu.Unlock()
	r.setState(func(*RefresherState) {})
}
