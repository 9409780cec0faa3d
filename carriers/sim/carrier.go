package sim

import (
	"context"
	"fmt"
	"sync"
	"time"

	"waybill/tracker"
)

// Carrier is the simulated tracking service behind demo mode and tests. It
// answers every number with the visible part of its Journey: what has
// happened by the clock's now. It keeps no state beyond the first-seen times
// of numbers asked about without a shipping date.
type Carrier struct {
	seed  int64
	clock tracker.Clock

	mu        sync.Mutex
	firstSeen map[string]time.Time
}

// batchSize matches the aggregators' limit (17TRACK takes 40 numbers a call),
// so the refresher batches against the simulator as it would in production.
const batchSize = 40

// New returns a simulated carrier whose journeys are drawn from seed and
// whose present is clock.Now().
func New(seed int64, clock tracker.Clock) *Carrier {
	return &Carrier{seed: seed, clock: clock, firstSeen: map[string]time.Time{}}
}

// Name is the carrier's name in config and logs.
func (c *Carrier) Name() string { return "sim" }

// BatchSize is the most requests one Track call takes.
func (c *Carrier) BatchSize() int { return batchSize }

// Track answers each request with the events of its parcel's journey whose
// time is not after now, oldest first, and the journey's ETA; or NotFound
// when none has happened yet or the parcel is never scanned. A request
// without ShippedAt counts as shipped when the simulator first hears of its
// number. It fails as a whole when ctx ends or the batch is too large.
func (c *Carrier) Track(ctx context.Context, reqs []tracker.TrackRequest) ([]tracker.TrackResult, error) {
	if len(reqs) > batchSize {
		return nil, fmt.Errorf("sim track %d numbers: batch larger than %d", len(reqs), batchSize)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sim track %d numbers: %w", len(reqs), err)
	}
	now := c.clock.Now()
	out := make([]tracker.TrackResult, len(reqs))
	for i, req := range reqs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("sim track %d numbers: %w", len(reqs), err)
		}
		shipped := req.ShippedAt
		if shipped.IsZero() {
			shipped = c.seen(req.TrackingNo, now)
		}
		plan := Journey(c.seed, req.TrackingNo, shipped, req.Destination)
		res := tracker.TrackResult{TrackingNo: req.TrackingNo}
		if ev := plan.Visible(now); len(ev) > 0 {
			res.Events = ev // the plan is new and Visible clips it: the caller owns it
			res.ETA = plan.ETA
		} else {
			res.NotFound = true
		}
		out[i] = res
	}
	return out, nil
}

// seen returns when a number was first asked about, recording now if never.
func (c *Carrier) seen(trackingNo string, now time.Time) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.firstSeen[trackingNo]; ok {
		return t
	}
	c.firstSeen[trackingNo] = now
	return now
}

var _ tracker.Carrier = (*Carrier)(nil)
