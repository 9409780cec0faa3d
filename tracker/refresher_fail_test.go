package tracker_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"waybill/tracker"
)

// flakyCarrier fails its first calls with the given errors, then answers
// every number with one in-transit event.
type flakyCarrier struct {
	name  string
	errs  []error
	calls int
	at    time.Time
}

func (c *flakyCarrier) Name() string   { return c.name }
func (c *flakyCarrier) BatchSize() int { return 2 }
func (c *flakyCarrier) Track(_ context.Context, reqs []tracker.TrackRequest) ([]tracker.TrackResult, error) {
	c.calls++
	if len(c.errs) > 0 {
		err := c.errs[0]
		c.errs = c.errs[1:]
		return nil, err
	}
	out := make([]tracker.TrackResult, len(reqs))
	for i, r := range reqs {
		out[i] = tracker.TrackResult{TrackingNo: r.TrackingNo, Events: []tracker.Event{{Time: c.at, Status: tracker.StatusInTransit, RawStatus: "T"}}}
	}
	return out, nil
}

func fail(kind tracker.FailKind, retryAfter time.Duration) error {
	return &tracker.CarrierError{Service: "x", Kind: kind, RetryAfter: retryAfter, Err: fmt.Errorf("boom")}
}

func fourDue(t0 time.Time) *memStore {
	var ships []tracker.Shipment
	for i := int64(1); i <= 4; i++ {
		ships = append(ships, tracker.Shipment{ID: i, TrackingNo: fmt.Sprintf("N%d", i), Carrier: "x", Status: tracker.StatusInTransit, NextCheckAt: t0})
	}
	return newMemStore(ships...)
}

func TestRefresherFailureKinds(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		errs      []error
		calls     int // Track calls in the first pass (batch size 2, four parcels)
		failures  int // shipments with an error written
		skipped   int
		newEvents int
		state     tracker.HealthState
		resumeIn  time.Duration // when > 0: a pass this much later asks again
	}{
		{"rejected key stops the service without writing errors", []error{fail(tracker.FailAuth, 0)}, 1, 0, 4, 0, tracker.HealthStopped, 0},
		{"used-up quota pauses it", []error{fail(tracker.FailQuota, 0)}, 1, 0, 4, 0, tracker.HealthPaused, time.Hour},
		{"rate limit pauses it for Retry-After", []error{fail(tracker.FailRateLimited, 7*time.Second)}, 1, 0, 4, 0, tracker.HealthPaused, 7 * time.Second},
		{"server error is retried and then works", []error{fail(tracker.FailServer, 0), fail(tracker.FailTimeout, 0)}, 4, 0, 0, 4, tracker.HealthOK, 0},
		{"server error past the retries pauses it", []error{fail(tracker.FailServer, 0), fail(tracker.FailServer, 0), fail(tracker.FailServer, 0)}, 3, 0, 4, 0, tracker.HealthPaused, time.Minute},
		{"malformed answer is recorded on its batch only", []error{fail(tracker.FailMalformed, 0)}, 2, 2, 0, 2, tracker.HealthOK, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := tracker.NewFixedClock(t0)
			store := fourDue(t0)
			car := &flakyCarrier{name: "x", errs: tt.errs, at: t0.Add(-time.Hour)}
			r := tracker.NewRefresher(store, func(string) tracker.Carrier { return car }, clock, nil, tracker.DefaultPolicy())
			var slept []time.Duration
			tracker.SetSleep(r, func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil })

			sum, err := r.RunOnce(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if car.calls != tt.calls || sum.Failures != tt.failures || sum.Skipped != tt.skipped || sum.NewEvents != tt.newEvents {
				t.Fatalf("calls %d failures %d skipped %d new %d; want %d %d %d %d", car.calls, sum.Failures, sum.Skipped, sum.NewEvents, tt.calls, tt.failures, tt.skipped, tt.newEvents)
			}
			h := r.State().Services
			if len(h) != 1 || h[0].State != tt.state {
				t.Fatalf("health %+v, want %s", h, tt.state)
			}
			if tt.state != tracker.HealthOK && h[0].Reason == "" {
				t.Fatalf("no reason for %s", h[0].State)
			}
			for i, d := range slept {
				if base := time.Second << i; d < base || d > base*3/2+time.Nanosecond {
					t.Errorf("retry %d waited %v, want %v plus up to half again", i, d, base)
				}
			}

			// Asked again only once the pause is over; a stopped service
			// never, however long we wait.
			before := car.calls
			clock.Advance(tt.resumeIn - time.Millisecond)
			if tt.resumeIn > 0 {
				r.RunOnce(context.Background())
				if car.calls != before {
					t.Fatalf("asked again %v into a %v pause", tt.resumeIn-time.Millisecond, tt.resumeIn)
				}
				clock.Advance(time.Millisecond)
				sum, _ = r.RunOnce(context.Background())
				if car.calls == before || sum.NewEvents != 4 {
					t.Fatalf("after the pause: calls %d→%d, new events %d; want the 4 parcels done", before, car.calls, sum.NewEvents)
				}
			}
			if tt.state == tracker.HealthStopped {
				clock.Advance(48 * time.Hour)
				r.RunOnce(context.Background())
				if car.calls != before {
					t.Fatal("a stopped service was asked again")
				}
			}
		})
	}
}

func TestPushGoesThroughTheStore(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	store := fourDue(t0)
	hub := tracker.NewHub()
	sub := hub.Subscribe()
	defer sub.Close()
	r := tracker.NewRefresher(store, func(string) tracker.Carrier { return nil }, tracker.NewFixedClock(t0), hub, tracker.DefaultPolicy())
	push := []tracker.Push{
		{TrackingNo: "n2", Events: []tracker.Event{{Time: t0, Status: tracker.StatusOutForDelivery, RawStatus: "OFD"}}},
		{TrackingNo: "UNKNOWN1", Events: []tracker.Event{{Time: t0, Status: tracker.StatusDelivered, RawStatus: "D"}}},
	}
	sum, err := r.Push(context.Background(), "17track", push)
	if err != nil || sum.NewEvents != 1 || sum.Checked != 1 {
		t.Fatalf("Push = %+v, %v; want one new event on one shipment", sum, err)
	}
	if sh, _ := store.Shipment(context.Background(), 2); sh.Status != tracker.StatusOutForDelivery {
		t.Fatalf("pushed shipment status %s", sh.Status)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if c, ok := sub.Next(ctx); !ok || len(c.ShipmentIDs) != 1 || c.ShipmentIDs[0] != 2 {
		t.Fatalf("change notice %+v", c)
	}
	// The same push again adds nothing.
	if sum, _ := r.Push(context.Background(), "17track", push); sum.NewEvents != 0 {
		t.Fatalf("repeated push added %d events", sum.NewEvents)
	}
}
