package tracker

import (
	"context"
	"sync"
	"time"
)

// RefresherState is what a status bar shows about the background refresher.
type RefresherState struct {
	Running  bool      // a pass is under way
	LastPass time.Time // when the last pass ended (clock time)
	NextPass time.Time // when Run starts the next one (clock time), zero outside Run
	Last     ApplySummary
	Err      string          // the last whole-pass failure, "" when fine
	Services []ServiceHealth // every service asked so far, by name
	Quotas   []ServiceQuota  // each service's plan use as last read, by name (quota.go)
}

// HealthState is how a tracking service is doing, as the refresher sees it.
type HealthState string

const (
	HealthOK      HealthState = "ok"
	HealthPaused  HealthState = "paused"  // rate limited, quota, or backing off: asked again after Until
	HealthStopped HealthState = "stopped" // key rejected, sent elsewhere, or no trusted TLS: not asked again until the config changes
)

// ServiceHealth is one service's state, for the status bar and summaries.
type ServiceHealth struct {
	Service string
	State   HealthState
	Reason  string    // why it is paused or stopped, for a person
	Until   time.Time // when a pause ends
	LastOK  time.Time // the last call that worked
}

// Change is a notice that shipments changed. Screens re-read what they show
// when they get one; they never receive row data through it, so a notice that
// merges many changes is as good as the many.
type Change struct {
	ShipmentIDs []int64         // the shipments that changed, without repeats
	All         bool            // something changed that cannot be named (another process wrote the store, or too many to list): re-read everything shown
	Refresher   *RefresherState // set when the refresher's state changed
}

// maxPendingIDs bounds a busy subscriber's pending notice: past it, the
// notice says "everything" rather than growing without end.
const maxPendingIDs = 4096

// Hub fans change notices out to every open screen (the local TUI, each SSH
// session). Publish never blocks: a subscriber that is busy gets its pending
// notices merged into one, so a burst of refresher updates costs a screen one
// redraw, not one per update.
type Hub struct {
	mu   sync.Mutex
	subs map[*Subscription]struct{}
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{subs: map[*Subscription]struct{}{}} }

// Subscription receives merged change notices until it is closed.
type Subscription struct {
	hub     *Hub
	mu      sync.Mutex
	pending *Change
	seen    map[int64]struct{}
	closed  bool
	signal  chan struct{}
}

// Subscribe registers a new subscriber.
func (h *Hub) Subscribe() *Subscription {
	s := &Subscription{hub: h, signal: make(chan struct{}, 1)}
	h.mu.Lock()
	h.subs[s] = struct{}{}
	h.mu.Unlock()
	return s
}

// Publish delivers c to every subscriber without waiting for any of them.
func (h *Hub) Publish(c Change) {
	h.mu.Lock()
	subs := make([]*Subscription, 0, len(h.subs))
	for s := range h.subs {
		subs = append(subs, s)
	}
	h.mu.Unlock()
	for _, s := range subs {
		s.merge(c)
	}
}

func (s *Subscription) merge(c Change) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	if s.pending == nil {
		s.pending = &Change{}
		s.seen = map[int64]struct{}{}
	}
	p := s.pending
	p.All = p.All || c.All
	for _, id := range c.ShipmentIDs {
		if p.All {
			break
		}
		if _, dup := s.seen[id]; !dup {
			s.seen[id] = struct{}{}
			p.ShipmentIDs = append(p.ShipmentIDs, id)
		}
		if len(p.ShipmentIDs) > maxPendingIDs {
			p.All = true
		}
	}
	if p.All {
		p.ShipmentIDs, s.seen = nil, map[int64]struct{}{}
	}
	if c.Refresher != nil {
		st := *c.Refresher
		s.pending.Refresher = &st
	}
	select {
	case s.signal <- struct{}{}:
	default:
	}
}

// Next waits for the next merged notice, or returns false when ctx ends or
// the subscription is closed.
func (s *Subscription) Next(ctx context.Context) (Change, bool) {
	for {
		select {
		case <-ctx.Done():
			return Change{}, false
		case _, ok := <-s.signal:
			if !ok {
				return Change{}, false
			}
			s.mu.Lock()
			p := s.pending
			s.pending, s.seen = nil, nil
			s.mu.Unlock()
			if p != nil {
				return *p, true
			}
		}
	}
}

// Close unregisters the subscriber and ends any Next that is waiting.
func (s *Subscription) Close() {
	s.hub.mu.Lock()
	delete(s.hub.subs, s)
	s.hub.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.signal)
	}
}
