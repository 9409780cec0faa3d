package bench

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"waybill/tracker"
)

// limited is a service that allows rate calls a second of at most
// batch numbers each, answers as the simulator does, and counts calls over
// either limit.
type limited struct {
	rate, batch int
	sim         tracker.Carrier
	mu          sync.Mutex
	calls       []time.Time
	overLimit   int
}

func (c *limited) Name() string   { return "limited" }
func (c *limited) BatchSize() int { return c.batch }
func (c *limited) Track(ctx context.Context, reqs []tracker.TrackRequest) ([]tracker.TrackResult, error) {
	now := time.Now()
	c.mu.Lock()
	c.calls = append(c.calls, now)
	// More than rate calls within a second (1% slack for timer jitter).
	if n := len(c.calls); n > c.rate && now.Sub(c.calls[n-1-c.rate]) < time.Second*99/100 {
		c.overLimit++
	}
	if len(reqs) > c.batch {
		c.overLimit++
	}
	c.mu.Unlock()
	return c.sim.Track(ctx, reqs)
}

// refresher refreshes the parcels of 5,000 demo orders in a store of their own
// against a service limited to 50 calls a second of 40 numbers, and
// returns the time taken over the bound those limits allow, and how many
// calls broke a limit.
//
// Its store is the file path, or with a measured store on PostgreSQL
// (beside), a schema beside that one, dropped after.
func refresher(ctx context.Context, p Ports, beside, path string) (float64, int, error) {
	const n, rate, batch = 5000, 50, 40
	if tracker.IsStoreURL(beside) {
		if p.Sibling == nil {
			return 0, 0, fmt.Errorf("bench refresher: no store beside %s", tracker.RedactStoreURL(beside))
		}
		u, drop, err := p.Sibling(ctx, beside, "waybill_bench_refresh")
		if err != nil {
			return 0, 0, fmt.Errorf("bench refresher: %w", err)
		}
		defer drop(context.WithoutCancel(ctx))
		path = u
	}
	db, err := p.Open(ctx, path)
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	now := time.Now().UTC().Truncate(time.Second)
	if err := db.AddDemoOrders(ctx, n, seed+1, now); err != nil {
		return 0, 0, err
	}
	clock := tracker.NewFixedClock(now)
	car := &limited{rate: rate, batch: batch, sim: p.Simulator(seed+1, clock)}
	policy := tracker.DefaultPolicy()
	policy.Alerts = nil
	ref := tracker.NewRefresher(db, func(string) tracker.Carrier { return nil }, clock, nil, policy)
	ref.Simulator = car // demo orders' parcels are the simulator's alone
	ref.SetRate(car.Name(), rate, 1)
	start := time.Now()
	sum, err := ref.RunOnce(ctx)
	took := time.Since(start)
	if err != nil {
		return 0, 0, err
	}
	if sum.Checked < n {
		return 0, 0, fmt.Errorf("bench refresher: checked %d parcels of %d orders", sum.Checked, n)
	}
	// The first call goes at once; each of the others waits its turn.
	bound := time.Duration((math.Ceil(float64(sum.Checked)/batch) - 1) / rate * float64(time.Second))
	return took.Seconds() / bound.Seconds(), car.overLimit, nil
}
