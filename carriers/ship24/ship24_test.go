package ship24_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"waybill/carriers/carrierhttp"
	"waybill/carriers/contract"
	"waybill/carriers/ship24"
	"waybill/carriers/ship24/ship24fake"
	"waybill/tracker"
)

func numbers(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("YT26%014d", 10000000000000+int64(i)*7919)
	}
	return out
}

func TestContract(t *testing.T) {
	contract.Run(t, contract.Harness{
		NewFake: func(t *testing.T, batchSize int) contract.Fake { return ship24fake.New(t, batchSize) },
		NewCarrier: func(baseURL, key string, timeout time.Duration) (tracker.Carrier, error) {
			return ship24.New(carrierhttp.Options{APIKey: key, BaseURL: baseURL, Timeout: timeout})
		},
		Slug:    "yunexpress",
		Numbers: numbers,
	})
}

func newCarrier(t *testing.T, fake *ship24fake.Server) *ship24.Carrier {
	t.Helper()
	c, err := ship24.New(carrierhttp.Options{APIKey: fake.Key(), BaseURL: fake.URL(), Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var shipped = time.Date(2026, 10, 20, 8, 0, 0, 0, time.UTC)

func req(number string) tracker.TrackRequest {
	return tracker.TrackRequest{ShipmentID: 1, TrackingNo: number, Carrier: "yunexpress", ShippedAt: shipped, Destination: "US"}
}

func track1(t *testing.T, c *ship24.Carrier, r tracker.TrackRequest) (tracker.TrackResult, error) {
	t.Helper()
	res, err := c.Track(context.Background(), []tracker.TrackRequest{r})
	if err != nil {
		return tracker.TrackResult{}, err
	}
	if len(res) != 1 {
		t.Fatalf("%d results for 1 request", len(res))
	}
	return res[0], nil
}

func TestNew(t *testing.T) {
	tests := []struct {
		name string
		opts carrierhttp.Options
		want string // substring of the error, "" for success
		size int
	}{
		{"key required", carrierhttp.Options{}, "carriers.ship24.api_key", 0},
		{"blank key", carrierhttp.Options{APIKey: "  "}, "carriers.ship24.api_key", 0},
		{"default batch is the documented maximum", carrierhttp.Options{APIKey: "k"}, "", ship24.MaxBatchSize},
		{"batch of one", carrierhttp.Options{APIKey: "k", BatchSize: 1}, "", 1},
		{"batch above the maximum refused", carrierhttp.Options{APIKey: "k", BatchSize: 2}, "carriers.ship24.batch_size 2", 0},
		{"negative batch refused", carrierhttp.Options{APIKey: "k", BatchSize: -1}, "negative", 0},
		{"bad base_url", carrierhttp.Options{APIKey: "k", BaseURL: "ftp://x"}, "base_url", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ship24.New(tt.opts)
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("error %v, want one mentioning %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Name() != "ship24" || c.BatchSize() != tt.size {
				t.Fatalf("name %q batch %d", c.Name(), c.BatchSize())
			}
		})
	}
}

func TestRequestShape(t *testing.T) {
	fake := ship24fake.New(t, 0)
	c := newCarrier(t, fake)
	n := numbers(1)[0]
	fake.AddDelivered(n, shipped)
	if _, err := track1(t, c, req(n)); err != nil {
		t.Fatal(err)
	}
	r2 := req(n)
	r2.ShippedAt = time.Time{}
	r2.Destination = "gbr"
	if _, err := track1(t, c, r2); err != nil {
		t.Fatal(err)
	}
	r3 := req(n)
	r3.Destination = "Germany" // not an ISO code: left out rather than refused
	if _, err := track1(t, c, r3); err != nil {
		t.Fatal(err)
	}

	got := fake.Requests()
	if len(got) != 3 {
		t.Fatalf("%d requests, want 3", len(got))
	}
	wantBodies := []map[string]string{
		{"trackingNumber": n, "shippingDate": "2026-10-20T08:00:00.000Z", "destinationCountryCode": "US"},
		{"trackingNumber": n, "destinationCountryCode": "GBR"},
		{"trackingNumber": n, "shippingDate": "2026-10-20T08:00:00.000Z"},
	}
	for i, r := range got {
		if r.Method != http.MethodPost || r.Path != "/public/v1/trackers/track" {
			t.Errorf("request %d: %s %s", i, r.Method, r.Path)
		}
		if h := r.Header.Get("Authorization"); h != "Bearer "+fake.Key() {
			t.Errorf("request %d: Authorization %q", i, h)
		}
		if h := r.Header.Get("Content-Type"); h != "application/json; charset=utf-8" {
			t.Errorf("request %d: Content-Type %q", i, h)
		}
		if h := r.Header.Get("Accept"); h != "application/json" {
			t.Errorf("request %d: Accept %q", i, h)
		}
		var body map[string]string
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatalf("request %d body %s: %v", i, r.Body, err)
		}
		if fmt.Sprint(body) != fmt.Sprint(wantBodies[i]) {
			t.Errorf("request %d body %v, want %v", i, body, wantBodies[i])
		}
	}
}

// The same shipment polled again must reuse its tracker: a different body
// would make Ship24 bill a new shipment.
func TestRepeatedPollsReuseOneTracker(t *testing.T) {
	fake := ship24fake.New(t, 0)
	c := newCarrier(t, fake)
	n := numbers(1)[0]
	fake.AddDelivered(n, shipped)
	for range 3 {
		if _, err := track1(t, c, req(n)); err != nil {
			t.Fatal(err)
		}
	}
	if got := fake.TrackerCount(); got != 1 {
		t.Fatalf("%d trackers after 3 polls, want 1", got)
	}
}

func TestEventsFromFake(t *testing.T) {
	fake := ship24fake.New(t, 0)
	c := newCarrier(t, fake)
	n := numbers(1)[0]
	fake.AddEvents(n,
		ship24fake.Event{Status: "Shipment information received", OccurrenceDatetime: "2026-10-20T09:00:00", StatusCode: "data_order_created"},
		ship24fake.Event{Status: "Held by customs: invoice required", OccurrenceDatetime: "2026-10-25T10:00:00+02:00", Location: "Frankfurt", StatusCode: "customs_exception"},
		ship24fake.Event{Status: "Package damaged in transit", OccurrenceDatetime: "2026-10-26", StatusCode: "exception_damaged", StatusMilestone: "exception"},
		ship24fake.Event{Status: "Sorted", OccurrenceDatetime: "2026-10-27T01:02:03.5Z"},
	)
	fake.SetETA(n, "2026-11-02T00:00:00")
	res, err := track1(t, c, req(n))
	if err != nil {
		t.Fatal(err)
	}
	want := []tracker.Event{ // newest first, as Ship24 sends them
		{Time: time.Date(2026, 10, 27, 1, 2, 3, 5e8, time.UTC), Status: tracker.StatusException, RawStatus: "exception", Description: "Sorted"},
		{Time: time.Date(2026, 10, 26, 0, 0, 0, 0, time.UTC), Status: tracker.StatusException, RawStatus: "exception_damaged", Description: "Package damaged in transit"},
		{Time: time.Date(2026, 10, 25, 8, 0, 0, 0, time.UTC), Status: tracker.StatusCustoms, RawStatus: "customs_exception", Location: "Frankfurt", Description: "Held by customs: invoice required", Exception: tracker.ExCustoms},
		{Time: time.Date(2026, 10, 20, 9, 0, 0, 0, time.UTC), Status: tracker.StatusInfoReceived, RawStatus: "data_order_created", Description: "Shipment information received"},
	}
	if len(res.Events) != len(want) {
		t.Fatalf("%d events, want %d: %+v", len(res.Events), len(want), res.Events)
	}
	for i, e := range res.Events {
		if e != want[i] {
			t.Errorf("event %d:\n got %+v\nwant %+v", i, e, want[i])
		}
	}
	if wantETA := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC); !res.ETA.Equal(wantETA) {
		t.Errorf("ETA %v, want %v", res.ETA, wantETA)
	}
}

func TestPerNumberResults(t *testing.T) {
	tests := []struct {
		name     string
		number   string
		setup    func(f *ship24fake.Server, n string)
		notFound bool
		errHas   string // "" for no per-number error
		requests int
	}{
		{
			name: "validation_error is this number's error", number: "YT2600000000000001",
			setup: func(f *ship24fake.Server, n string) {
				f.Reject(n, 400, "validation_error", "The trackingNumber provided seems invalid.")
			},
			errHas: "validation_error: The trackingNumber provided seems invalid.", requests: 1,
		},
		{
			name: "shipping_date_outdated is this number's error", number: "YT2600000000000002",
			setup: func(f *ship24fake.Server, n string) {
				f.Reject(n, 400, "shipping_date_outdated", "Trackers with a shippingDate over 180 days old will be rejected.")
			},
			errHas: "shipping_date_outdated", requests: 1,
		},
		{
			name: "tracker_conflict is this number's error", number: "YT2600000000000003",
			setup: func(f *ship24fake.Server, n string) {
				f.Reject(n, 400, "tracker_conflict", "A Tracker with similar conflicting parameters already exists.")
			},
			errHas: "tracker_conflict", requests: 1,
		},
		{
			name: "402 request failed is this number's error, not a quota", number: "YT2600000000000004",
			setup: func(f *ship24fake.Server, n string) {
				f.Reject(n, 402, "", "The parameters were valid but the request failed.")
			},
			errHas: "request failed", requests: 1,
		},
		{
			name: "parcel_not_found is not found", number: "YT2600000000000005",
			setup: func(f *ship24fake.Server, n string) {
				f.Reject(n, 404, "parcel_not_found", "The shipment can't be found at the moment.")
			},
			notFound: true, requests: 1,
		},
		{
			name: "a pending tracker with no events is not found", number: "YT2600000000000006",
			setup: func(*ship24fake.Server, string) {}, notFound: true, requests: 1,
		},
		{
			name: "a number outside the documented schema costs no request", number: "AB1",
			setup: func(*ship24fake.Server, string) {}, errHas: "5 to 50", requests: 0,
		},
		{
			name: "spaces inside a number are refused locally", number: "RB 123 456 785 GB",
			setup: func(*ship24fake.Server, string) {}, errHas: "5 to 50", requests: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := ship24fake.New(t, 0)
			c := newCarrier(t, fake)
			tt.setup(fake, tt.number)
			res, err := track1(t, c, req(tt.number))
			if err != nil {
				t.Fatalf("call failed: %v", err)
			}
			if res.TrackingNo != tt.number || res.NotFound != tt.notFound || len(res.Events) != 0 {
				t.Fatalf("result %+v", res)
			}
			switch {
			case tt.errHas == "" && res.Err != nil:
				t.Fatalf("unexpected error %v", res.Err)
			case tt.errHas != "" && (res.Err == nil || !strings.Contains(res.Err.Error(), tt.errHas)):
				t.Fatalf("error %v, want one containing %q", res.Err, tt.errHas)
			case tt.errHas != "" && tracker.FailKindOf(res.Err) != tracker.FailRequest:
				t.Fatalf("per-number error kind %q", tracker.FailKindOf(res.Err))
			}
			if got := fake.Stats().Requests; got != tt.requests {
				t.Fatalf("%d requests, want %d", got, tt.requests)
			}
		})
	}
}

// Ship24's own error codes decide the kind, whatever status they come with,
// including inside a 200 answer.
func TestVendorErrors(t *testing.T) {
	tests := []struct {
		status     int
		code       string
		kind       tracker.FailKind
		retryAfter time.Duration
	}{
		{400, "auth_missing_header", tracker.FailAuth, 0},
		{400, "auth_invalid_header", tracker.FailAuth, 0},
		{401, "auth_invalid_api_key", tracker.FailAuth, 0},
		{401, "", tracker.FailAuth, 0},
		{403, "", tracker.FailAuth, 0},
		{200, "auth_invalid_api_key", tracker.FailAuth, 0},
		{403, "quota_limit_reached", tracker.FailQuota, 0},
		{405, "quota_limit_reached", tracker.FailQuota, 0},
		{200, "quota_limit_reached", tracker.FailQuota, 0},
		{422, "no_active_subscription", tracker.FailQuota, 0},
		{409, "request_conflict", tracker.FailServer, time.Second},
		{409, "", tracker.FailServer, 0},
		{429, "too_many_requests", tracker.FailRateLimited, 0},
		{500, "", tracker.FailServer, 0},
		{503, "service_unavailable", tracker.FailServer, 0},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d %s", tt.status, tt.code), func(t *testing.T) {
			fake := ship24fake.New(t, 0)
			c := newCarrier(t, fake)
			n := numbers(1)[0]
			fake.AddDelivered(n, shipped)
			fake.FailCode(1, tt.status, tt.code, "the vendor's words")
			_, err := track1(t, c, req(n))
			var ce *tracker.CarrierError
			if !errors.As(err, &ce) || ce.Kind != tt.kind {
				t.Fatalf("error %v, want a %s CarrierError", err, tt.kind)
			}
			if ce.Service != "ship24" || ce.Status != tt.status || ce.RetryAfter < tt.retryAfter {
				t.Fatalf("error %+v", ce)
			}
			if !strings.Contains(err.Error(), "the vendor's words") || !strings.Contains(err.Error(), n) {
				t.Fatalf("error %q lacks the vendor's message or the number", err)
			}
		})
	}
}

// A call with more numbers than BatchSize (the contract makes one) is
// served one request per number, in order.
func TestLargerBatchGoesOneRequestPerNumber(t *testing.T) {
	fake := ship24fake.New(t, 0)
	c := newCarrier(t, fake)
	nums := numbers(4)
	var reqs []tracker.TrackRequest
	for _, n := range nums {
		fake.AddDelivered(n, shipped)
		reqs = append(reqs, req(n))
	}
	res, err := c.Track(context.Background(), reqs)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.TrackingNo != nums[i] || len(r.Events) != 9 {
			t.Fatalf("result %d: %+v", i, r)
		}
	}
	if s := fake.Stats(); s.Requests != 4 || s.MaxBatch != 1 {
		t.Fatalf("stats %+v, want 4 requests of 1 number", s)
	}
	for i, r := range fake.Requests() {
		if !strings.Contains(string(r.Body), nums[i]) {
			t.Fatalf("request %d is not for %s: %s", i, nums[i], r.Body)
		}
	}
}

func TestEmptyBatch(t *testing.T) {
	fake := ship24fake.New(t, 0)
	res, err := newCarrier(t, fake).Track(context.Background(), nil)
	if err != nil || len(res) != 0 || fake.Stats().Requests != 0 {
		t.Fatalf("res %v err %v requests %d", res, err, fake.Stats().Requests)
	}
}

func TestCustomHTTPClientKeepsCodeClassification(t *testing.T) {
	fake := ship24fake.New(t, 0)
	hc := &http.Client{Timeout: time.Second}
	c, err := ship24.New(carrierhttp.Options{APIKey: fake.Key(), BaseURL: fake.URL(), HTTP: hc})
	if err != nil {
		t.Fatal(err)
	}
	fake.FailCode(1, 403, "quota_limit_reached", "No more quota left. Please update your plan.")
	if _, err := track1(t, c, req(numbers(1)[0])); tracker.FailKindOf(err) != tracker.FailQuota {
		t.Fatalf("error %v, want quota", err)
	}
	if hc.Transport != nil {
		t.Fatal("the caller's http.Client was modified")
	}
}
