// Package contract is the test suite every tracking-service adapter must
// pass against its fake server: the same promises, checked the same way,
// whatever the vendor's JSON looks like.
package contract

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// Stats is what a fake server counted.
type Stats struct {
	Requests  int // every request that reached the fake
	OverLimit int // requests over its rate limit
	MaxBatch  int // the most numbers seen in one request
	BadAuth   int // requests without the right key
}

// Fault is a failure a fake can be told to give.
type Fault string

const (
	Fault429      Fault = "429"       // Too Many Requests with Retry-After: 7
	Fault429Date  Fault = "429-date"  // Too Many Requests with an HTTP-date Retry-After ~30s ahead
	Fault500      Fault = "500"       // Internal Server Error
	FaultTimeout  Fault = "timeout"   // no answer until the client gives up
	FaultBadJSON  Fault = "bad-json"  // 200 with a body that is not the documented JSON
	FaultQuota    Fault = "quota"     // the vendor's own "quota used up" answer
	FaultAuthCode Fault = "auth-code" // the vendor's own "bad key" answer, however it is sent
)

// MaxQuotaWait is the longest a used-up quota may pause a service: a plan's
// month.
const MaxQuotaWait = 31 * 24 * time.Hour

// Fake is a service's fake server as the contract drives it.
type Fake interface {
	URL() string // base URL for the adapter's base_url
	Key() string // the API key it accepts
	// AddDelivered gives number a documented, service-native journey that
	// ends delivered, and returns how many events it has.
	AddDelivered(number string, shipped time.Time) int
	// Fail makes the next n requests fail with f.
	Fail(f Fault, n int)
	Stats() Stats
}

// Harness connects the suite to one adapter.
type Harness struct {
	// NewFake starts a fake that enforces batchSize numbers per request.
	NewFake func(t *testing.T, batchSize int) Fake
	// NewCarrier builds the adapter against baseURL with key and a short
	// request timeout (the suite's timeout test waits that long).
	NewCarrier func(baseURL, key string, timeout time.Duration) (tracker.Carrier, error)
	// Slug is a carrier slug the service tracks (for TrackRequest.Carrier).
	Slug string
	// Numbers returns n distinct tracking numbers the service accepts.
	Numbers func(n int) []string
}

// Run runs the contract.
func Run(t *testing.T, h Harness) {
	ctx := context.Background()
	shipped := time.Date(2026, 10, 20, 8, 0, 0, 0, time.UTC)
	setup := func(t *testing.T) (Fake, tracker.Carrier) {
		fake := h.NewFake(t, 0)
		c, err := h.NewCarrier(fake.URL(), fake.Key(), 500*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		return fake, c
	}
	reqs := func(nums ...string) []tracker.TrackRequest {
		out := make([]tracker.TrackRequest, len(nums))
		for i, n := range nums {
			out[i] = tracker.TrackRequest{ShipmentID: int64(i + 1), TrackingNo: n, Carrier: h.Slug, ShippedAt: shipped, Destination: "US"}
		}
		return out
	}

	t.Run("delivered journey comes back normalized, one result per request in order", func(t *testing.T) {
		fake, c := setup(t)
		nums := h.Numbers(3)
		want := map[string]int{}
		for _, n := range nums[:2] {
			want[n] = fake.AddDelivered(n, shipped)
		}
		// Track takes at most BatchSize numbers a call, as the refresher
		// sends them.
		var res []tracker.TrackResult
		all := reqs(nums...)
		for start := 0; start < len(all); start += max(1, c.BatchSize()) {
			part, err := c.Track(ctx, all[start:min(len(all), start+max(1, c.BatchSize()))])
			if err != nil {
				t.Fatal(err)
			}
			res = append(res, part...)
		}
		if len(res) != 3 {
			t.Fatalf("%d results for 3 requests", len(res))
		}
		for i, r := range res[:2] {
			if r.TrackingNo != nums[i] {
				t.Fatalf("result %d is for %q, want %q", i, r.TrackingNo, nums[i])
			}
			if r.Err != nil || r.NotFound || len(r.Events) != want[nums[i]] {
				t.Fatalf("result %d: err %v notFound %v events %d, want %d events", i, r.Err, r.NotFound, len(r.Events), want[nums[i]])
			}
			newest := r.Events[0]
			for _, e := range r.Events {
				if e.Time.IsZero() || e.RawStatus == "" || !e.Status.Valid() {
					t.Fatalf("event lacks time, raw code or a valid status: %+v", e)
				}
				if e.Time.After(newest.Time) {
					newest = e
				}
			}
			if newest.Status != tracker.StatusDelivered {
				t.Fatalf("newest event status %s, want delivered", newest.Status)
			}
		}
		if !res[2].NotFound || res[2].Err != nil || len(res[2].Events) != 0 {
			t.Fatalf("unknown number: %+v, want NotFound and no error", res[2])
		}
	})

	t.Run("a full batch goes in requests no larger than the batch size", func(t *testing.T) {
		fake, c := setup(t)
		nums := h.Numbers(c.BatchSize())
		for _, n := range nums {
			fake.AddDelivered(n, shipped)
		}
		res, err := c.Track(ctx, reqs(nums...))
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range res {
			if r.Err != nil || len(r.Events) == 0 {
				t.Fatalf("result %d: %+v", i, r)
			}
		}
		if s := fake.Stats(); s.BadAuth != 0 || s.MaxBatch > c.BatchSize() {
			t.Fatalf("stats %+v with batch size %d", s, c.BatchSize())
		}
	})

	failures := []struct {
		fault      Fault
		kind       tracker.FailKind
		retryAfter time.Duration // minimum expected
	}{
		{Fault429, tracker.FailRateLimited, 7 * time.Second},
		{Fault429Date, tracker.FailRateLimited, 20 * time.Second},
		{Fault500, tracker.FailServer, 0},
		{FaultTimeout, tracker.FailTimeout, 0},
		{FaultBadJSON, tracker.FailMalformed, 0},
		{FaultQuota, tracker.FailQuota, 0},
		{FaultAuthCode, tracker.FailAuth, 0},
	}
	for _, f := range failures {
		t.Run("fault "+string(f.fault)+" is reported as "+string(f.kind), func(t *testing.T) {
			fake, c := setup(t)
			n := h.Numbers(1)
			fake.AddDelivered(n[0], shipped)
			fake.Fail(f.fault, 100)
			_, err := c.Track(ctx, reqs(n...))
			var ce *tracker.CarrierError
			if !errors.As(err, &ce) || ce.Kind != f.kind {
				t.Fatalf("error %v, want a %s CarrierError", err, f.kind)
			}
			// A wait is at most an hour (carrierhttp.MaxRetryAfter), but a
			// quota lasts until the service's reset, which for a daily
			// quota (DHL's, at 00:00 GMT) is up to a day, and for a plan's
			// up to a month.
			most := time.Hour
			if f.kind == tracker.FailQuota {
				most = MaxQuotaWait
			}
			if ce.RetryAfter < f.retryAfter || ce.RetryAfter > most {
				t.Fatalf("RetryAfter %v, want from %v to %v", ce.RetryAfter, f.retryAfter, most)
			}
			if f.fault == FaultBadJSON && !strings.Contains(err.Error(), `"`) {
				t.Fatalf("malformed answer error quotes nothing of the body: %v", err)
			}
		})
	}

	t.Run("a wrong key is an auth failure", func(t *testing.T) {
		fake := h.NewFake(t, 0)
		c, err := h.NewCarrier(fake.URL(), "wrong-"+fake.Key(), 500*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Track(ctx, reqs(h.Numbers(1)...))
		if tracker.FailKindOf(err) != tracker.FailAuth {
			t.Fatalf("error %v, want auth", err)
		}
	})

	t.Run("a cancelled context stops the call", func(t *testing.T) {
		fake, c := setup(t)
		fake.Fail(FaultTimeout, 100)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		start := time.Now()
		if _, err := c.Track(cctx, reqs(h.Numbers(1)...)); err == nil {
			t.Fatal("no error from a cancelled call")
		}
		if d := time.Since(start); d > 400*time.Millisecond {
			t.Fatalf("cancelled call took %v", d)
		}
	})
}
