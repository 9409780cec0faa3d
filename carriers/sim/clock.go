package sim

import (
	"math"
	"sync"
	"time"
)

// DemoClock is a tracker.Clock whose time runs Speed times faster than the
// wall clock from a starting demo time, so a demo moves while you watch: at
// speed 3600 an hour of parcel life passes every second. It is safe for
// concurrent use.
type DemoClock struct {
	wall func() time.Time

	mu    sync.Mutex
	start time.Time // demo time at wall0
	wall0 time.Time
	speed float64
}

// NewDemoClock returns a clock that reads start now and then advances speed
// times faster than wall (time.Now when nil). A speed that is not a positive
// finite number freezes it at start.
func NewDemoClock(start time.Time, speed float64, wall func() time.Time) *DemoClock {
	if wall == nil {
		wall = time.Now
	}
	return &DemoClock{wall: wall, start: start, wall0: wall(), speed: cleanSpeed(speed)}
}

// Now is the demo time.
func (c *DemoClock) Now() time.Time {
	w := c.wall()
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at(w)
}

func (c *DemoClock) at(w time.Time) time.Time {
	d := float64(w.Sub(c.wall0)) * c.speed
	// Clamp so absurd speeds saturate instead of wrapping around.
	d = math.Max(math.Min(d, math.MaxInt64), math.MinInt64)
	return c.start.Add(time.Duration(d))
}

// Speed is how many demo seconds pass per wall-clock second.
func (c *DemoClock) Speed() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.speed
}

// SetSpeed changes the speed from now on without a jump in demo time, so a
// screen can pause (0) or fast-forward the demo.
func (c *DemoClock) SetSpeed(speed float64) {
	w := c.wall()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.start, c.wall0, c.speed = c.at(w), w, cleanSpeed(speed)
}

func cleanSpeed(s float64) float64 {
	if !(s > 0) || math.IsInf(s, 1) {
		return 0
	}
	return s
}
