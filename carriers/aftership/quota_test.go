package aftership

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"waybill/carriers/aftership/aftershipfake"
	"waybill/carriers/contract"
	"waybill/tracker"
)

// AfterShip's 429 is both its per-second rate limit and a plan's used-up
// limit; X-RateLimit-Reset says which: a second away is the rate, hours
// away is the plan. The service waits until that reset either way, and a
// plan's reset is named in the pause.
func TestA429WaitsUntilXRateLimitReset(t *testing.T) {
	cases := []struct {
		name    string
		resetIn time.Duration // X-RateLimit-Reset, from now
		retry   string        // Retry-After, "" for none
		kind    tracker.FailKind
		plan    bool // a QuotaUsedUp names the reset
	}{
		{"the 1 s window is the rate limit", time.Second, "", tracker.FailRateLimited, false},
		{"a reset 20 s away is still the rate limit", 20 * time.Second, "", tracker.FailRateLimited, false},
		{"a reset 3 h away is the plan's limit, waited for in full", 3 * time.Hour, "", tracker.FailQuota, true},
		{"a reset 2 days away is the plan's limit", 48 * time.Hour, "", tracker.FailQuota, true},
		{"Retry-After says how long when it is sent", 5 * time.Hour, "7", tracker.FailRateLimited, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := aftershipfake.New(t, 0)
			reset := time.Now().Add(tc.resetIn).Truncate(time.Second)
			f.Intercept(func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
				w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
				if tc.retry != "" {
					w.Header().Set("Retry-After", tc.retry)
				}
				aftershipfake.Reply(w, http.StatusTooManyRequests, aftershipfake.Meta{Code: 429, Type: "TooManyRequests", Message: "You have exceeded the API call rate limit."}, nil)
				return true
			})
			_, err := newCarrier(t, f).Track(context.Background(), reqs("china-post", numbers(1)...))
			var ce *tracker.CarrierError
			if !errors.As(err, &ce) || ce.Kind != tc.kind {
				t.Fatalf("%v, want %s", err, tc.kind)
			}
			want := time.Until(reset)
			if tc.retry != "" {
				want = 7 * time.Second
			}
			want = max(want, time.Second)
			if ce.RetryAfter < want-2*time.Second || ce.RetryAfter > want+time.Second {
				t.Fatalf("RetryAfter %v, want %v: until the reset", ce.RetryAfter, want.Round(time.Second))
			}
			var q *tracker.QuotaUsedUp
			if got := errors.As(err, &q); got != tc.plan {
				t.Fatalf("QuotaUsedUp %v, want %v: %v", got, tc.plan, err)
			}
			if tc.plan && (!strings.Contains(q.Reason, "plan") || !strings.Contains(q.Reason, reset.UTC().Format("2006-01-02 15:04 UTC"))) {
				t.Fatalf("reason %q does not name the plan and its reset %s", q.Reason, reset.UTC())
			}
		})
	}
}

// The fake's used-up plan, as AfterShip documents it (429, its message,
// X-RateLimit-Reset at the reset), is a quota that lasts to the reset.
func TestUsedUpPlanIsAQuotaUntilItsReset(t *testing.T) {
	f := aftershipfake.New(t, 0)
	f.Fail(contract.FaultQuota, 10)
	_, err := newCarrier(t, f).Track(context.Background(), reqs("china-post", numbers(1)...))
	var ce *tracker.CarrierError
	if !errors.As(err, &ce) || ce.Kind != tracker.FailQuota || ce.Kind.Retryable() {
		t.Fatalf("%v, want quota", err)
	}
	if want := aftershipfake.PlanResetIn; ce.RetryAfter < want-5*time.Second || ce.RetryAfter > want {
		t.Fatalf("RetryAfter %v, want the %v to the plan's reset", ce.RetryAfter, want)
	}
	var ve *VendorError
	if !errors.As(err, &ve) || ve.Code != 429 || !strings.Contains(err.Error(), "Select a plan") {
		t.Fatalf("%v does not keep AfterShip's own words", err)
	}
	if n := f.Stats().Requests; n != 1 {
		t.Fatalf("%d requests, want 1: a used-up plan is not asked again in the same call", n)
	}
}
