package tracker_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"waybill/tracker"
)

// limitedCarrier is a service that allows rate calls a second of at most
// batch numbers each, and counts every call that breaks either limit.
type limitedCarrier struct {
	rate, batch int
	mu          sync.Mutex
	calls       []time.Time
	overLimit   int
}

func (c *limitedCarrier) Name() string   { return "limited" }
func (c *limitedCarrier) BatchSize() int { return c.batch }
func (c *limitedCarrier) Track(_ context.Context, reqs []tracker.TrackRequest) ([]tracker.TrackResult, error) {
	now := time.Now()
	c.mu.Lock()
	c.calls = append(c.calls, now)
	// Over the limit: more than rate calls within one second, or a batch
	// too large. The times are when each call reached this fake, which a
	// loaded machine delays by the scheduler's whim, so a window has 25 ms
	// of slack (CI's smoke run, beside other packages' benchmarks, once saw
	// a window 1% short); a rate a little over the limit, which that slack
	// would let by, is caught by the whole run's rate (overall).
	if n := len(c.calls); n > c.rate && now.Sub(c.calls[n-1-c.rate]) < time.Second*975/1000 {
		c.overLimit++
	}
	if len(reqs) > c.batch {
		c.overLimit++
	}
	c.mu.Unlock()
	return make([]tracker.TrackResult, len(reqs)), nil
}

// overall is the calls a second from the first call to the last, not
// counting the first: at the limit it is rate.
func (c *limitedCarrier) overall() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(c.calls)
	if n < 2 {
		return 0
	}
	return float64(n-1) / c.calls[n-1].Sub(c.calls[0]).Seconds()
}

// BenchmarkRefresherRateBound refreshes 5,000 shipments against a service
// limited to R calls a second of B numbers: the best any refresher can do
// is N/(R·B) seconds. It reports the ratio of the time taken to that bound
// and fails on any call over a limit.
func BenchmarkRefresherRateBound(b *testing.B) {
	const n, r, batch = 5000, 50, 40
	bound := time.Duration(float64(n) / float64(r*batch) * float64(time.Second))
	for b.Loop() {
		b.StopTimer()
		t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
		ships := make([]tracker.Shipment, n)
		for i := range ships {
			ships[i] = tracker.Shipment{ID: int64(i + 1), TrackingNo: fmt.Sprint("N", i), Carrier: "x", Status: tracker.StatusInTransit, NextCheckAt: t0}
		}
		store := newMemStore(ships...)
		car := &limitedCarrier{rate: r, batch: batch}
		ref := tracker.NewRefresher(store, func(string) tracker.Carrier { return car }, tracker.NewFixedClock(t0), nil, tracker.DefaultPolicy())
		ref.SetRate("limited", r, 1)
		b.StartTimer()
		start := time.Now()
		sum, err := ref.RunOnce(context.Background())
		took := time.Since(start)
		if err != nil || sum.Checked != n {
			b.Fatalf("checked %d of %d: %v", sum.Checked, n, err)
		}
		if car.overLimit != 0 {
			b.Fatalf("%d calls over the limit", car.overLimit)
		}
		if got := car.overall(); got > float64(r)*1.005 {
			b.Fatalf("%.2f calls a second over the run, over the limit of %d", got, r)
		}
		b.ReportMetric(took.Seconds()/bound.Seconds(), "x-bound")
		b.ReportMetric(float64(car.overLimit), "over-limit")
	}
}
