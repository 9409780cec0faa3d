package tracker_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"waybill/tracker"
)

// flakyCarrier fails its first calls with the given errors, then answers
// every number with one in-transit event.
type flakyCarrier struct {
	name  string
	mu    sync.Mutex // the refresher calls a service from several workers
	errs  []error
	calls int
	at    time.Time
}

func (c *flakyCarrier) Name() string   { return c.name }
func (c *flakyCarrier) BatchSize() int { return 2 }
func (c *flakyCarrier) Track(_ context.Context, reqs []tracker.TrackRequest) ([]tracker.TrackResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
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
		{"used-up quota that resets in 16h (DHL's, at 00:00 GMT) pauses it until the reset", []error{fail(tracker.FailQuota, 16*time.Hour)}, 1, 0, 4, 0, tracker.HealthPaused, 16 * time.Hour},
		{"rate limit pauses it for Retry-After", []error{fail(tracker.FailRateLimited, 7*time.Second)}, 1, 0, 4, 0, tracker.HealthPaused, 7 * time.Second},
		{"server error is retried and then works", []error{fail(tracker.FailServer, 0), fail(tracker.FailTimeout, 0)}, 4, 0, 0, 4, tracker.HealthOK, 0},
		{"server error past the retries is recorded on its batch", []error{fail(tracker.FailServer, 0), fail(tracker.FailServer, 0), fail(tracker.FailServer, 0)}, 4, 2, 0, 2, tracker.HealthOK, 0},
		{"refused connection is retried and then works", []error{fail(tracker.FailConnect, 0), fail(tracker.FailConnect, 0)}, 4, 0, 0, 4, tracker.HealthOK, 0},
		{"refused connection past the retries is recorded on its batch", []error{fail(tracker.FailConnect, 0), fail(tracker.FailConnect, 0), fail(tracker.FailConnect, 0)}, 4, 2, 0, 2, tracker.HealthOK, 0},
		{"untrusted certificate stops the service without retrying", []error{fail(tracker.FailTLS, 0)}, 1, 0, 4, 0, tracker.HealthStopped, 0},
		{"malformed answer is recorded on its batch only", []error{fail(tracker.FailMalformed, 0)}, 2, 2, 0, 2, tracker.HealthOK, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := tracker.NewFixedClock(t0)
			store := fourDue(t0)
			car := &flakyCarrier{name: "x", errs: tt.errs, at: t0.Add(-time.Hour)}
			r := tracker.NewRefresher(store, func(string) tracker.Carrier { return car }, clock, nil, tracker.DefaultPolicy())
			r.Concurrency = 1 // the scripted failures come in order
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

// A quota the service names (tracker.QuotaUsedUp) is named in the pause, so
// the status bar and `waybill refresh` say what ran out and when it comes
// back; the pause lasts to the reset the error gives.
func TestRefresherQuotaPauseSaysWhichAndUntilWhen(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	reset := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	quota := &tracker.CarrierError{Service: "dhl", Kind: tracker.FailQuota, Status: 429, RetryAfter: reset.Sub(t0),
		Err: &tracker.QuotaUsedUp{Reason: "daily quota used up, resets 00:00 GMT", Err: fmt.Errorf("429 again")}}
	car := &flakyCarrier{name: "dhl", errs: []error{quota}, at: t0.Add(-time.Hour)}
	r := tracker.NewRefresher(fourDue(t0), func(string) tracker.Carrier { return car }, tracker.NewFixedClock(t0), nil, tracker.DefaultPolicy())
	r.Concurrency = 1
	if _, err := r.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	h := r.Health()
	if len(h) != 1 || h[0].State != tracker.HealthPaused || !h[0].Until.Equal(reset) {
		t.Fatalf("health %+v, want paused until %v", h, reset)
	}
	if h[0].Reason != "daily quota used up, resets 00:00 GMT" {
		t.Fatalf("reason %q, want the quota's own", h[0].Reason)
	}
	if car.calls != 1 {
		t.Fatalf("%d calls, want 1: the other batch waits for the reset", car.calls)
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

func TestBreakerOpensProbesAndCloses(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	clock := tracker.NewFixedClock(t0)
	store := fourDue(t0)
	server := fail(tracker.FailServer, 0)
	car := &flakyCarrier{name: "x", at: t0.Add(-time.Hour), errs: []error{server, server, server, server, server, server}}
	r := tracker.NewRefresher(store, func(string) tracker.Carrier { return car }, clock, nil, tracker.DefaultPolicy())
	r.Concurrency, r.BreakerThreshold, r.BreakerCooldown = 1, 1, time.Minute
	tracker.SetSleep(r, func(context.Context, time.Duration) error { return nil })
	health := func() tracker.ServiceHealth { return r.Health()[0] }

	// Three calls (two retries) fail: the breaker opens, the second batch
	// is not even tried.
	sum, _ := r.RunOnce(context.Background())
	if car.calls != 3 || sum.Skipped != 4 || health().State != tracker.HealthPaused || !strings.Contains(health().Reason, "circuit open") {
		t.Fatalf("after failures: calls %d skipped %d health %+v", car.calls, sum.Skipped, health())
	}
	clock.Advance(59 * time.Second)
	if r.RunOnce(context.Background()); car.calls != 3 {
		t.Fatalf("called during the cooldown: %d calls", car.calls)
	}
	// The cooldown is over: one probe batch goes, fails, and the breaker
	// opens again for twice as long; the other batch waits.
	clock.Advance(time.Second)
	sum, _ = r.RunOnce(context.Background())
	if car.calls != 6 || sum.Skipped != 4 || !health().Until.Equal(clock.Now().Add(2*time.Minute)) {
		t.Fatalf("failed probe: calls %d skipped %d until %v", car.calls, sum.Skipped, health().Until)
	}
	clock.Advance(2 * time.Minute)
	sum, _ = r.RunOnce(context.Background())
	if sum.NewEvents != 4 || health().State != tracker.HealthOK {
		t.Fatalf("good probe: new %d health %+v; want all four done and the breaker closed", sum.NewEvents, health())
	}
}

func TestTwoRefreshersNeverPollTheSameParcel(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	var ships []tracker.Shipment
	for i := int64(1); i <= 200; i++ {
		ships = append(ships, tracker.Shipment{ID: i, TrackingNo: fmt.Sprintf("N%d", i), Carrier: "x", Status: tracker.StatusInTransit, NextCheckAt: t0})
	}
	store := newMemStore(ships...)
	clock := tracker.NewFixedClock(t0)
	var mu sync.Mutex
	asked := map[string]int{}
	car := &countingCarrier{onTrack: func(reqs []tracker.TrackRequest) {
		mu.Lock()
		defer mu.Unlock()
		for _, r := range reqs {
			asked[r.TrackingNo]++
		}
	}}
	var wg sync.WaitGroup
	for range 2 {
		r := tracker.NewRefresher(store, func(string) tracker.Carrier { return car }, clock, nil, tracker.DefaultPolicy())
		r.PassLimit = 7
		wg.Go(func() { r.RunOnce(context.Background()) })
	}
	wg.Wait()
	if len(asked) != 200 {
		t.Fatalf("%d parcels asked, want 200", len(asked))
	}
	for n, c := range asked {
		if c != 1 {
			t.Fatalf("%s asked %d times", n, c)
		}
	}
}

type countingCarrier struct{ onTrack func([]tracker.TrackRequest) }

func (c *countingCarrier) Name() string   { return "x" }
func (c *countingCarrier) BatchSize() int { return 3 }
func (c *countingCarrier) Track(_ context.Context, reqs []tracker.TrackRequest) ([]tracker.TrackResult, error) {
	c.onTrack(reqs)
	time.Sleep(time.Millisecond) // let the other refresher interleave
	return make([]tracker.TrackResult, len(reqs)), nil
}

func TestRunSaysWhenTheNextPassIsAndReleasesClaims(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	clock := tracker.NewFixedClock(t0)
	store := fourDue(t0)
	car := &flakyCarrier{name: "x", errs: []error{fail(tracker.FailRateLimited, time.Hour)}, at: t0}
	r := tracker.NewRefresher(store, func(string) tracker.Carrier { return car }, clock, nil, tracker.DefaultPolicy())
	r.Concurrency = 1 // the scripted failure comes first: a second call in flight would be answered
	ctx, cancel := context.WithCancel(context.Background())
	passes := make(chan struct{}, 1)
	r.OnPass = func(tracker.Report, error) { passes <- struct{}{} }
	done := make(chan struct{})
	go func() { r.Run(ctx, time.Hour); close(done) }()
	<-passes
	store.mu.Lock()
	held := len(store.claims)
	store.mu.Unlock()
	if held != 4 {
		t.Fatalf("%d claims held while the service is paused, want 4", held)
	}
	cancel()
	<-done
	if st := r.State(); !st.NextPass.Equal(t0.Add(time.Hour)) {
		t.Fatalf("NextPass %v, want %v", st.NextPass, t0.Add(time.Hour))
	}
	if len(store.claims) != 0 {
		t.Fatalf("%d claims left after Run returned", len(store.claims))
	}
}

// Named parcels are reported as a pass reports: by service, with the
// reason of every failure, so `refresh --once KEY` can say why.
func TestRefreshShipmentsReportsByService(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	car := &flakyCarrier{name: "x", errs: []error{fail(tracker.FailMalformed, 0)}, at: t0.Add(-time.Hour)}
	r := tracker.NewRefresher(fourDue(t0), func(string) tracker.Carrier { return car }, tracker.NewFixedClock(t0), nil, tracker.DefaultPolicy())
	r.Concurrency = 1
	rep, err := r.RefreshShipments(context.Background(), []int64{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	x := rep.ByService["x"]
	if rep.Total.Checked != 3 || rep.Total.Failures != 2 || x == nil || x.Checked != 3 || x.Reasons["x: malformed: boom"] != 2 {
		t.Fatalf("report %+v, service x %+v; want 3 checked, the first batch of 2 failed with its reason", rep.Total, x)
	}
	if _, err := r.RefreshShipments(context.Background(), []int64{1, 99}); err == nil || !strings.Contains(err.Error(), "shipment 99") {
		t.Fatalf("an unknown shipment: %v", err)
	}
}
