package sim

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"waybill/tracker"
)

func trackOne(t *testing.T, c *Carrier, req tracker.TrackRequest) tracker.TrackResult {
	t.Helper()
	res, err := c.Track(context.Background(), []tracker.TrackRequest{req})
	if err != nil {
		t.Fatalf("Track(%s): %v", req.TrackingNo, err)
	}
	if len(res) != 1 || res[0].TrackingNo != req.TrackingNo {
		t.Fatalf("Track(%s) = %+v, want one result for it", req.TrackingNo, res)
	}
	return res[0]
}

func TestCarrierIdentity(t *testing.T) {
	c := New(1, tracker.NewFixedClock(time.Time{}))
	if c.Name() != "sim" || c.BatchSize() != 40 {
		t.Errorf("Name, BatchSize = %q, %d; want sim, 40", c.Name(), c.BatchSize())
	}
}

func TestTrackShowsOnlyWhatHasHappened(t *testing.T) {
	const seed = 5
	for _, outcome := range []Outcome{OutcomeDelivered, OutcomeFailedReturned, OutcomeLostSilent} {
		t.Run(string(outcome), func(t *testing.T) {
			no := numberWith(t, seed, outcome)
			req := tracker.TrackRequest{TrackingNo: no, ShippedAt: shipped0, Destination: "FR"}
			plan := Journey(seed, no, shipped0, "FR")
			clock := tracker.NewFixedClock(time.Time{})
			c := New(seed, clock)

			clock.Set(shipped0)
			if res := trackOne(t, c, req); !res.NotFound || len(res.Events) != 0 {
				t.Fatalf("at shipping: %+v, want NotFound", res)
			}
			for i, e := range plan.Events {
				clock.Set(e.Time.Add(-time.Second))
				res := trackOne(t, c, req)
				if len(res.Events) != i || res.NotFound != (i == 0) {
					t.Fatalf("just before event %d: %d events, NotFound %v", i, len(res.Events), res.NotFound)
				}
				clock.Set(e.Time)
				res = trackOne(t, c, req)
				if !reflect.DeepEqual(res.Events, plan.Events[:i+1]) || res.NotFound || !res.ETA.Equal(plan.ETA) {
					t.Fatalf("at event %d: %d events, NotFound %v, ETA %v; want %d, false, %v",
						i, len(res.Events), res.NotFound, res.ETA, i+1, plan.ETA)
				}
			}
			clock.Set(shipped0.AddDate(1, 0, 0))
			if res := trackOne(t, c, req); len(res.Events) != len(plan.Events) {
				t.Errorf("a year on: %d events, want all %d", len(res.Events), len(plan.Events))
			}
		})
	}
}

func TestTrackNeverScannedIsNotFoundForever(t *testing.T) {
	no := numberWith(t, 5, OutcomeNeverScanned)
	clock := tracker.NewFixedClock(time.Time{})
	c := New(5, clock)
	for _, after := range []time.Duration{0, time.Hour, 10 * 24 * time.Hour, 400 * 24 * time.Hour} {
		clock.Set(shipped0.Add(after))
		if res := trackOne(t, c, tracker.TrackRequest{TrackingNo: no, ShippedAt: shipped0}); !res.NotFound || len(res.Events) != 0 {
			t.Errorf("%v after shipping: %+v, want NotFound", after, res)
		}
	}
}

func TestTrackBatch(t *testing.T) {
	clock := tracker.NewFixedClock(shipped0.Add(20 * 24 * time.Hour))
	c := New(5, clock)
	tests := []struct {
		name    string
		n       int
		wantErr bool
	}{
		{"empty batch", 0, false},
		{"one number", 1, false},
		{"a full batch", 40, false},
		{"one over the batch size", 41, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reqs := make([]tracker.TrackRequest, tt.n)
			for i := range reqs {
				reqs[i] = tracker.TrackRequest{ShipmentID: int64(i), TrackingNo: lpNumber(1000 + i), ShippedAt: shipped0.Add(time.Duration(i) * time.Hour)}
			}
			res, err := c.Track(context.Background(), reqs)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if len(res) != len(reqs) {
				t.Fatalf("%d results for %d requests", len(res), len(reqs))
			}
			for i, r := range res {
				want := Journey(5, reqs[i].TrackingNo, reqs[i].ShippedAt, "").Visible(clock.Now())
				if r.TrackingNo != reqs[i].TrackingNo || len(r.Events) != len(want) || r.NotFound != (len(want) == 0) {
					t.Errorf("result %d: %s with %d events, want %s with %d", i, r.TrackingNo, len(r.Events), reqs[i].TrackingNo, len(want))
				}
			}
		})
	}
}

func TestTrackHonoursCancellation(t *testing.T) {
	c := New(5, tracker.NewFixedClock(shipped0))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Track(ctx, []tracker.TrackRequest{{TrackingNo: lpNumber(1), ShippedAt: shipped0}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestTrackWithoutShippingDateStartsWhenFirstAsked(t *testing.T) {
	no := numberWith(t, 5, OutcomeDelivered)
	start := shipped0.Add(3 * time.Hour)
	clock := tracker.NewFixedClock(start)
	c := New(5, clock)
	req := tracker.TrackRequest{TrackingNo: no}
	if res := trackOne(t, c, req); !res.NotFound {
		t.Fatalf("when first asked: %d events, want NotFound", len(res.Events))
	}
	clock.Set(start.Add(60 * 24 * time.Hour))
	res := trackOne(t, c, req)
	want := Journey(5, no, start, "")
	if !reflect.DeepEqual(res.Events, want.Events) {
		t.Errorf("got %d events, want the journey shipped when first asked (%d events)", len(res.Events), len(want.Events))
	}
}

func TestTrackIsSafeConcurrently(t *testing.T) {
	clock := tracker.NewFixedClock(shipped0.Add(10 * 24 * time.Hour))
	c := New(5, clock)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			reqs := make([]tracker.TrackRequest, 20)
			for i := range reqs {
				reqs[i] = tracker.TrackRequest{TrackingNo: lpNumber(g*20 + i)} // no date: uses the shared first-seen map
			}
			for range 5 {
				if _, err := c.Track(context.Background(), reqs); err != nil {
					t.Error(err)
				}
				clock.Set(clock.Now().Add(time.Hour))
			}
		})
	}
	wg.Wait()
}

func BenchmarkTrack40(b *testing.B) {
	c := New(1, tracker.NewFixedClock(shipped0.Add(15*24*time.Hour)))
	reqs := make([]tracker.TrackRequest, 40)
	for i := range reqs {
		reqs[i] = tracker.TrackRequest{TrackingNo: lpNumber(i), ShippedAt: shipped0, Destination: "US"}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Track(context.Background(), reqs); err != nil {
			b.Fatal(err)
		}
	}
}

func trackReq(no string) tracker.TrackRequest {
	return tracker.TrackRequest{TrackingNo: no, ShippedAt: shipped0}
}
