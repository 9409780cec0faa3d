package tracker

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sync"
	"time"
)

// MetaDemoClock is the store's meta key of a demo store's clock.
const MetaDemoClock = "demo_clock"

// MetaStore keeps small named values in the store.
type MetaStore interface {
	Meta(ctx context.Context, key string) (value string, ok bool, err error)
	SetMeta(ctx context.Context, key, value string) error
}

// DemoClock is a demo store's clock. Demo time runs Speed times faster than
// the wall clock while some process has the store open; when none has
// shown a sign of life for demoPause, it stands still from the last sign
// until a process opens the store again. So the demo's journeys neither
// race ahead while nobody watches nor ever jump backwards. Its anchor is kept in the store: every
// process writing to the store (the screen, a server, `waybill case do` in
// a shell) reads the same time line, so their logs never disagree.
type DemoClock struct {
	store MetaStore
	wall  func() time.Time

	mu     sync.Mutex
	anchor demoAnchor
}

// demoAnchor says demo time Demo was wall time Wall, and runs Speed times
// faster; Seen is the last time a process was known to have the store
// open.
type demoAnchor struct {
	Wall  time.Time `json:"wall"`
	Demo  time.Time `json:"demo"`
	Speed float64   `json:"speed"`
	Seen  time.Time `json:"seen"`
}

// demoPause is how long without a sign of life from any process makes the
// demo stand still from its last sign. Processes that keep the store open
// give one every demoBeat.
const (
	demoPause = 2 * time.Minute
	demoBeat  = 30 * time.Second
)

// at is the demo time at wall time w.
func (a demoAnchor) at(w time.Time) time.Time {
	d := float64(w.Sub(a.Wall)) * a.Speed
	// Clamp so absurd speeds saturate instead of wrapping around.
	d = math.Max(math.Min(d, math.MaxInt64), math.MinInt64)
	return a.Demo.Add(time.Duration(d))
}

// OpenDemoClock reads the demo clock of a store and takes it up at speed
// (a speed that is not a positive finite number stops it): resumed from
// where it stood when no process had the store open for a while, or as
// the processes that have it open read it. wall is time.Now when nil.
func OpenDemoClock(ctx context.Context, store MetaStore, speed float64, wall func() time.Time) (*DemoClock, error) {
	if wall == nil {
		wall = time.Now
	}
	if !(speed > 0) || math.IsInf(speed, 1) {
		speed = 0
	}
	c := &DemoClock{store: store, wall: wall}
	now := wall()
	a, ok, err := c.read(ctx, now)
	if err != nil {
		return nil, err
	}
	switch {
	case !ok:
		a = demoAnchor{Wall: now, Demo: now, Speed: speed}
	case now.Sub(a.Seen) > demoPause:
		// Nobody had the store open: the demo stood still since.
		a = demoAnchor{Wall: now, Demo: a.at(a.Seen), Speed: a.Speed}
	}
	if a.Speed != speed {
		a = demoAnchor{Wall: now, Demo: a.at(now), Speed: speed}
	}
	a.Seen = now
	c.anchor = a
	return c, c.write(ctx)
}

// read reads the stored anchor. A store from before anchors holds the
// demo's time alone (RFC 3339), saved when the last process left.
func (c *DemoClock) read(ctx context.Context, now time.Time) (demoAnchor, bool, error) {
	v, ok, err := c.store.Meta(ctx, MetaDemoClock)
	if err != nil || !ok {
		return demoAnchor{}, false, err
	}
	var a demoAnchor
	if err := json.Unmarshal([]byte(v), &a); err == nil && !a.Wall.IsZero() {
		return a, true, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		start := now
		if t.After(now) {
			start = t
		}
		return demoAnchor{Wall: now, Demo: start, Seen: now}, true, nil
	}
	return demoAnchor{}, false, nil // unreadable: start afresh rather than fail the demo
}

func (c *DemoClock) write(ctx context.Context) error {
	c.mu.Lock()
	b, err := json.Marshal(c.anchor)
	c.mu.Unlock()
	if err != nil {
		return err
	}
	if err := c.store.SetMeta(ctx, MetaDemoClock, string(b)); err != nil {
		return fmt.Errorf("save the demo clock: %w", err)
	}
	return nil
}

// Now is the demo time.
func (c *DemoClock) Now() time.Time {
	w := c.wall()
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.anchor.at(w)
}

// Speed is how many demo seconds pass per wall-clock second.
func (c *DemoClock) Speed() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.anchor.Speed
}

// Keep tells the other processes this one has the store open, every
// demoBeat until ctx ends, and takes up the anchor another process wrote
// (a new speed), so every open process stays on one time line. The end of
// ctx is its last sign of life (Leave).
func (c *DemoClock) Keep(ctx context.Context) {
	t := time.NewTicker(demoBeat)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			c.Leave(context.WithoutCancel(ctx))
			return
		case <-t.C:
			c.beat(ctx)
		}
	}
}

// beat adopts the stored anchor and marks the store as open now.
func (c *DemoClock) beat(ctx context.Context) {
	now := c.wall()
	if a, ok, err := c.read(ctx, now); err == nil && ok {
		c.mu.Lock()
		c.anchor = a
		c.mu.Unlock()
	}
	c.mu.Lock()
	c.anchor.Seen = now
	c.mu.Unlock()
	_ = c.write(ctx)
}

// Leave notes this process's last sign of life: without another's, the
// demo stands still from now.
func (c *DemoClock) Leave(ctx context.Context) { c.beat(ctx) }
