package dhl_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"waybill/carriers/carrierhttp"
	"waybill/carriers/contract"
	"waybill/carriers/dhl"
	"waybill/carriers/dhl/dhlfake"
	"waybill/tracker"
)

// expressNumbers returns n DHL Express waybill numbers: ten digits, the last
// the first nine mod 7.
func expressNumbers(n int) []string {
	out := make([]string, n)
	for i := range out {
		base := 331881002 + i*7919
		out[i] = fmt.Sprintf("%09d%d", base, base%7)
	}
	return out
}

func TestContract(t *testing.T) {
	contract.Run(t, contract.Harness{
		NewFake: func(t *testing.T, batchSize int) contract.Fake {
			f := dhlfake.New(t, batchSize)
			f.SetInterval(0)
			return f
		},
		NewCarrier: func(baseURL, key string, timeout time.Duration) (tracker.Carrier, error) {
			return dhl.New(carrierhttp.Options{APIKey: key, BaseURL: baseURL, Timeout: timeout})
		},
		Slug:    "dhl-express",
		Numbers: expressNumbers,
	})
}

func newCarrier(t *testing.T, f *dhlfake.Server, q dhl.Query) *dhl.Carrier {
	t.Helper()
	c, err := dhl.NewWithQuery(carrierhttp.Options{APIKey: f.Key(), BaseURL: f.URL(), Timeout: time.Second}, q)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNew(t *testing.T) {
	cases := []struct {
		name string
		o    carrierhttp.Options
		q    dhl.Query
		want string // substring of the error, "" for success
	}{
		{"empty key names the config field", carrierhttp.Options{}, dhl.Query{}, "carriers.dhl.api_key"},
		{"blank key is empty", carrierhttp.Options{APIKey: "  "}, dhl.Query{}, "carriers.dhl.api_key"},
		{"batch above the documented 1 is refused", carrierhttp.Options{APIKey: "k", BatchSize: 2}, dhl.Query{}, "batch_size 2"},
		{"negative batch is refused", carrierhttp.Options{APIKey: "k", BatchSize: -1}, dhl.Query{}, "negative"},
		{"unknown service is refused", carrierhttp.Options{APIKey: "k"}, dhl.Query{Service: "pigeon"}, `service "pigeon"`},
		{"bad base_url is refused", carrierhttp.Options{APIKey: "k", BaseURL: "ftp://x"}, dhl.Query{}, "base_url"},
		{"defaults work", carrierhttp.Options{APIKey: "k"}, dhl.Query{}, ""},
		{"a documented service works", carrierhttp.Options{APIKey: "k"}, dhl.Query{Service: "parcel-de"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := dhl.NewWithQuery(tc.o, tc.q)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if c.Name() != "dhl" || c.BatchSize() != 1 {
					t.Fatalf("name %q batch %d", c.Name(), c.BatchSize())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestRequestShape(t *testing.T) {
	f := dhlfake.New(t, 0)
	c := newCarrier(t, f, dhl.Query{Language: "de", RecipientPostalCode: func(r tracker.TrackRequest) string {
		if r.Destination == "DE" {
			return "53113"
		}
		return ""
	}})
	nums := expressNumbers(4)
	f.AddDelivered(nums[0], time.Now().Add(-96*time.Hour))
	reqs := []tracker.TrackRequest{
		{TrackingNo: nums[0], Carrier: "dhl-express", Destination: "US"},
		{TrackingNo: "GM2951173225174494", Carrier: "dhl-ecommerce", Destination: "DE"},
		{TrackingNo: " " + nums[2] + " ", Carrier: "", Destination: "FR"},
		{TrackingNo: "JJD0001234567890", Carrier: "dhl-express", Destination: "FR"},
	}
	if _, err := c.Track(context.Background(), reqs); err != nil {
		t.Fatal(err)
	}
	got := f.Requests()
	if len(got) != 4 {
		t.Fatalf("%d calls for 4 numbers, want one each", len(got))
	}
	want := []struct{ number, service, postal string }{
		{nums[0], "express", ""},            // an Express waybill is narrowed to express
		{"GM2951173225174494", "", "53113"}, // eCommerce has several units: DHL searches
		{nums[2], "", ""},                   // carrier unknown
		{"JJD0001234567890", "", ""},        // a piece id: DHL searches
	}
	for i, r := range got {
		w := want[i]
		if r.Method != http.MethodGet || r.Path != "/track/shipments" {
			t.Errorf("call %d: %s %s", i, r.Method, r.Path)
		}
		if k := r.Header.Get("DHL-API-Key"); k != dhlfake.Key {
			t.Errorf("call %d: DHL-API-Key %q", i, k)
		}
		if a := r.Header.Get("Accept"); a != "application/json" {
			t.Errorf("call %d: Accept %q", i, a)
		}
		if v := r.Query["trackingNumber"]; len(v) != 1 || v[0] != w.number {
			t.Errorf("call %d: trackingNumber %q, want [%q]", i, v, w.number)
		}
		if s := r.Query.Get("service"); s != w.service {
			t.Errorf("call %d: service %q, want %q", i, s, w.service)
		}
		if s := r.Query.Get("language"); s != "de" {
			t.Errorf("call %d: language %q", i, s)
		}
		if s := r.Query.Get("recipientPostalCode"); s != w.postal {
			t.Errorf("call %d: recipientPostalCode %q, want %q", i, s, w.postal)
		}
		if r.Query.Has("api-key") || r.Query.Has("DHL-API-Key") {
			t.Errorf("call %d: key leaked into the query string", i)
		}
	}
}

func TestFixedServiceOverridesSlug(t *testing.T) {
	f := dhlfake.New(t, 0)
	c := newCarrier(t, f, dhl.Query{Service: "parcel-de"})
	c.Track(context.Background(), []tracker.TrackRequest{{TrackingNo: "00340434188193912345", Carrier: "dhl-express"}})
	if s := f.Requests()[0].Query.Get("service"); s != "parcel-de" {
		t.Fatalf("service %q, want parcel-de", s)
	}
}

func TestTrackResults(t *testing.T) {
	f := dhlfake.New(t, 0)
	f.SetInterval(0)
	c := newCarrier(t, f, dhl.Query{})
	ctx := context.Background()
	nums := expressNumbers(2)

	t.Run("scripted raw codes map through the table and the text", func(t *testing.T) {
		f.Add(nums[0], dhlfake.Shipment{Service: "express", Events: []dhlfake.Event{
			{Timestamp: "2026-10-20T10:00:00+08:00", StatusCode: "transit", Status: "PU", Description: "Shipment picked up", Locality: "SHENZHEN - CHINA MAINLAND", CountryCode: "CN"},
			{Timestamp: "2026-10-23T10:00:00+01:00", StatusCode: "transit", Status: "CD", Description: "Clearance delay - documents required", Locality: "LONDON-HEATHROW - UK", CountryCode: "GB"},
			{Timestamp: "2026-10-24T10:00:00Z", StatusCode: "failure", Description: "Delivery attempted - recipient not home"},
			{Timestamp: "2026-10-25T10:00:00Z", StatusCode: "transit", Status: "ZZ", Description: "Something new"},
		}})
		res, err := c.Track(ctx, []tracker.TrackRequest{{TrackingNo: nums[0], Carrier: "dhl-express"}})
		if err != nil {
			t.Fatal(err)
		}
		r := res[0]
		if r.NotFound || r.Err != nil || len(r.Events) != 4 {
			t.Fatalf("%+v", r)
		}
		want := []struct {
			raw string
			st  tracker.Status
			ex  tracker.ExceptionKind
			loc string
		}{
			{"transit/ZZ", tracker.StatusInTransit, "", ""},
			{"failure", tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed, ""},
			{"transit/CD", tracker.StatusCustoms, tracker.ExCustoms, "LONDON-HEATHROW - UK, GB"},
			{"transit/PU", tracker.StatusInTransit, "", "SHENZHEN - CHINA MAINLAND, CN"},
		}
		for i, w := range want {
			e := r.Events[i]
			if e.RawStatus != w.raw || e.Status != w.st || e.Exception != w.ex || e.Location != w.loc {
				t.Errorf("event %d: %+v, want %+v", i, e, w)
			}
			if e.Time.Location() != time.UTC {
				t.Errorf("event %d: time %v not UTC", i, e.Time)
			}
		}
		if !r.Events[3].Time.Equal(time.Date(2026, 10, 20, 2, 0, 0, 0, time.UTC)) {
			t.Errorf("offset not applied: %v", r.Events[3].Time)
		}
	})

	t.Run("ETA comes from estimatedTimeOfDelivery", func(t *testing.T) {
		shipped := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)
		f.AddDelivered(nums[1], shipped)
		res, err := c.Track(ctx, []tracker.TrackRequest{{TrackingNo: nums[1]}})
		if err != nil {
			t.Fatal(err)
		}
		if want := shipped.Add(96 * time.Hour); !res[0].ETA.Equal(want) {
			t.Fatalf("ETA %v, want %v", res[0].ETA, want)
		}
	})

	t.Run("an empty number is a per-number error without a call", func(t *testing.T) {
		before := f.Stats().Requests
		res, err := c.Track(ctx, []tracker.TrackRequest{{TrackingNo: "  "}})
		if err != nil || res[0].Err == nil || f.Stats().Requests != before {
			t.Fatalf("res %+v err %v", res, err)
		}
	})
}

func TestVendorErrors(t *testing.T) {
	ctx := context.Background()
	num := expressNumbers(1)

	// DHL answers the used-up daily quota with the same 429 as the 1 call/s
	// limit; only that it persists after the documented wait tells them
	// apart. The quota then lasts until 00:00 GMT.
	t.Run("a 429 that persists after the documented wait is the daily quota, until 00:00 GMT", func(t *testing.T) {
		f := dhlfake.New(t, 0)
		f.SetInterval(0)
		f.SetDailyQuota(1)
		c := newCarrier(t, f, dhl.Query{})
		if _, err := c.Track(ctx, []tracker.TrackRequest{{TrackingNo: num[0]}}); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, err := c.Track(ctx, []tracker.TrackRequest{{TrackingNo: num[0]}})
		var ce *tracker.CarrierError
		if !errors.As(err, &ce) || ce.Kind != tracker.FailQuota || ce.Status != 429 {
			t.Fatalf("%v, want quota", err)
		}
		if took := time.Since(start); took < time.Second {
			t.Errorf("called it the quota after %v, before waiting DHL's 1 s interval", took)
		}
		if n := f.Stats().Requests; n != 3 {
			t.Errorf("%d calls, want 3: one answered, one refused, one retry after the wait", n)
		}
		now := time.Now().UTC()
		midnight := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
		if want := midnight.Sub(now); ce.RetryAfter < want-time.Minute || ce.RetryAfter > want+time.Minute {
			t.Errorf("RetryAfter %v, want the %v to 00:00 GMT", ce.RetryAfter, want.Round(time.Second))
		}
		if ce.Kind.Retryable() || !strings.Contains(err.Error(), "daily quota used up, resets 00:00 GMT") {
			t.Fatalf("%v", err)
		}
		var q *tracker.QuotaUsedUp
		if !errors.As(err, &q) || q.Reason != "daily quota used up, resets 00:00 GMT" {
			t.Fatalf("%v carries no QuotaUsedUp for the pause to name", err)
		}
		// Known used up: until 00:00 GMT no call reaches DHL.
		_, err = c.Track(ctx, []tracker.TrackRequest{{TrackingNo: num[0]}})
		if tracker.FailKindOf(err) != tracker.FailQuota || f.Stats().Requests != 3 {
			t.Fatalf("after the quota: %v and %d calls, want quota and no new call", err, f.Stats().Requests)
		}
	})

	// Workers asking at once (the refresher's concurrency) make one check
	// between them: the second waits for the first's verdict.
	t.Run("concurrent calls after the quota make one check between them", func(t *testing.T) {
		f := dhlfake.New(t, 0)
		f.SetInterval(0)
		f.UseUpQuota()
		c := newCarrier(t, f, dhl.Query{})
		errs := make(chan error, 2)
		for range 2 {
			go func() {
				_, err := c.Track(ctx, []tracker.TrackRequest{{TrackingNo: num[0]}})
				errs <- err
			}()
		}
		for range 2 {
			if err := <-errs; tracker.FailKindOf(err) != tracker.FailQuota {
				t.Fatalf("%v, want quota", err)
			}
		}
		if n := f.Stats().Requests; n > 3 {
			t.Fatalf("%d calls, want at most 3: two first tries and one check", n)
		}
	})

	t.Run("a 429 that clears after the documented wait was the rate: the call succeeds", func(t *testing.T) {
		f := dhlfake.New(t, 0)
		f.EnforceRate(true)
		f.AddDelivered(num[0], time.Now().Add(-96*time.Hour))
		c := newCarrier(t, f, dhl.Query{})
		for i := range 2 { // back to back: the second comes within DHL's second
			res, err := c.Track(ctx, []tracker.TrackRequest{{TrackingNo: num[0]}})
			if err != nil || len(res) != 1 || len(res[0].Events) == 0 {
				t.Fatalf("call %d: %+v %v", i, res, err)
			}
		}
		if f.Refused() != 1 || f.Stats().Requests != 3 {
			t.Fatalf("refused %d of %d calls, want 1 of 3", f.Refused(), f.Stats().Requests)
		}
	})

	t.Run("a failure mid-batch fails the whole call", func(t *testing.T) {
		f := dhlfake.New(t, 0)
		c := newCarrier(t, f, dhl.Query{})
		nums := expressNumbers(3)
		for _, n := range nums {
			f.AddDelivered(n, time.Now())
		}
		f.SetDailyQuota(2)
		res, err := c.Track(ctx, []tracker.TrackRequest{{TrackingNo: nums[0]}, {TrackingNo: nums[1]}, {TrackingNo: nums[2]}})
		if res != nil || tracker.FailKindOf(err) != tracker.FailQuota {
			t.Fatalf("res %v err %v", res, err)
		}
	})

	answer := func(status int, body string, hdr map[string]string) *httptest.Server {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for k, v := range hdr {
				w.Header().Set(k, v)
			}
			w.WriteHeader(status)
			w.Write([]byte(body))
		}))
		t.Cleanup(srv.Close)
		return srv
	}
	track := func(t *testing.T, srv *httptest.Server) (tracker.TrackResult, error) {
		c, err := dhl.New(carrierhttp.Options{APIKey: "k", BaseURL: srv.URL, Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		res, err := c.Track(ctx, []tracker.TrackRequest{{TrackingNo: num[0]}})
		if err != nil {
			return tracker.TrackResult{}, err
		}
		return res[0], nil
	}

	t.Run("404 with DHL's problem body is NotFound", func(t *testing.T) {
		r, err := track(t, answer(404, `{"title":"No result found","status":404,"detail":"No shipment with given tracking number found.","instance":"/shipments/`+strings.Repeat("9", 80)+`"}`, nil))
		if err != nil || !r.NotFound || r.Err != nil {
			t.Fatalf("%+v %v", r, err)
		}
	})
	t.Run("404 without it points at base_url", func(t *testing.T) {
		_, err := track(t, answer(404, `<html>Not Found</html>`, nil))
		if tracker.FailKindOf(err) != tracker.FailRequest || !strings.Contains(err.Error(), "base_url") {
			t.Fatalf("%v", err)
		}
	})
	t.Run("400 is this number's own error", func(t *testing.T) {
		r, err := track(t, answer(400, `{"status":400,"title":"Bad Request","detail":"Invalid trackingNumber."}`, nil))
		if err != nil || r.Err == nil || !strings.Contains(r.Err.Error(), "Invalid trackingNumber") {
			t.Fatalf("%+v %v", r, err)
		}
	})
	t.Run("documented 429 is a rate limit with Retry-After", func(t *testing.T) {
		_, err := track(t, answer(429, `{"status":429,"title":"Too Many Requests","detail":"Too many requests within defined time period, please try again later."}`, map[string]string{"Retry-After": "5"}))
		var ce *tracker.CarrierError
		if !errors.As(err, &ce) || ce.Kind != tracker.FailRateLimited || ce.RetryAfter != 5*time.Second {
			t.Fatalf("%v", err)
		}
	})
	t.Run("401 is auth", func(t *testing.T) {
		_, err := track(t, answer(401, `{"status":401,"title":"Unauthorized","detail":"Unauthorized for given resource."}`, nil))
		if tracker.FailKindOf(err) != tracker.FailAuth {
			t.Fatalf("%v", err)
		}
	})
	t.Run("403 is auth", func(t *testing.T) {
		_, err := track(t, answer(403, `{"status":403,"title":"Forbidden"}`, nil))
		if tracker.FailKindOf(err) != tracker.FailAuth {
			t.Fatalf("%v", err)
		}
	})
	t.Run("200 without shipments is NotFound", func(t *testing.T) {
		r, err := track(t, answer(200, `{"shipments":[]}`, nil))
		if err != nil || !r.NotFound {
			t.Fatalf("%+v %v", r, err)
		}
	})
	t.Run("200 with another shape is malformed and quotes the body", func(t *testing.T) {
		_, err := track(t, answer(200, `{"shipments":{"id":1}}`, nil))
		if tracker.FailKindOf(err) != tracker.FailMalformed || !strings.Contains(err.Error(), `shipments`) {
			t.Fatalf("%v", err)
		}
	})
}
