package trackingmore_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"waybill/carriers/carrierhttp"
	"waybill/carriers/contract"
	"waybill/carriers/trackingmore"
	"waybill/carriers/trackingmore/trackingmorefake"
	"waybill/tracker"
)

func numbers(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = contract.S10("RB", 30000000+i*7, "CN")
	}
	return out
}

func TestContract(t *testing.T) {
	contract.Run(t, contract.Harness{
		NewFake: func(t *testing.T, batchSize int) contract.Fake { return trackingmorefake.New(t, batchSize) },
		NewCarrier: func(baseURL, key string, timeout time.Duration) (tracker.Carrier, error) {
			return trackingmore.New(carrierhttp.Options{APIKey: key, BaseURL: baseURL, Timeout: timeout})
		},
		Slug:    "china-post",
		Numbers: numbers,
	})
}

var shipped = time.Date(2026, 10, 20, 8, 0, 0, 0, time.UTC)

func newCarrier(t *testing.T, fake *trackingmorefake.Server) *trackingmore.Carrier {
	t.Helper()
	c, err := trackingmore.New(carrierhttp.Options{APIKey: fake.Key(), BaseURL: fake.URL(), Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	c.SetRate(0) // these tests count requests, not time
	return c
}

func req(number, carrier string) tracker.TrackRequest {
	return tracker.TrackRequest{ShipmentID: 1, TrackingNo: number, Carrier: carrier, ShippedAt: shipped, Destination: "US"}
}

func track(t *testing.T, c *trackingmore.Carrier, reqs ...tracker.TrackRequest) []tracker.TrackResult {
	t.Helper()
	res, err := c.Track(context.Background(), reqs)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != len(reqs) {
		t.Fatalf("%d results for %d requests", len(res), len(reqs))
	}
	return res
}

func TestNew(t *testing.T) {
	tests := []struct {
		name string
		opts carrierhttp.Options
		want string // substring of the error, "" for success
		size int
	}{
		{"key required", carrierhttp.Options{}, "carriers.trackingmore.api_key", 0},
		{"blank key", carrierhttp.Options{APIKey: "  "}, "carriers.trackingmore.api_key", 0},
		{"default batch is the documented 40", carrierhttp.Options{APIKey: "k"}, "", 40},
		{"smaller batch", carrierhttp.Options{APIKey: "k", BatchSize: 5}, "", 5},
		{"batch above 40 refused", carrierhttp.Options{APIKey: "k", BatchSize: 41}, "batch_size 41", 0},
		{"negative batch refused", carrierhttp.Options{APIKey: "k", BatchSize: -1}, "negative", 0},
		{"bad base_url", carrierhttp.Options{APIKey: "k", BaseURL: "ftp://x"}, "base_url", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := trackingmore.New(tt.opts)
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("err %v, want %q", err, tt.want)
				}
				return
			}
			if err != nil || c.BatchSize() != tt.size || c.Name() != "trackingmore" {
				t.Fatalf("%v, batch %d", err, c.BatchSize())
			}
		})
	}
}

// The v4 key header, the documented paths, and a create only for what the
// results call did not list, sent once: a second pass finds the created
// tracking and bills nothing more.
func TestAsksFirstAndCreatesOnlyTheMissingOnce(t *testing.T) {
	fake := trackingmorefake.New(t, 0)
	c := newCarrier(t, fake)
	nums := numbers(3)
	fake.AddDelivered(nums[0], shipped)
	res := track(t, c, req(nums[0], "china-post"), req(nums[1], "china-post"), req(nums[2], "usps"))
	if len(res[0].Events) != 8 || res[0].NotFound || !res[1].NotFound || !res[2].NotFound {
		t.Fatalf("results %+v", res)
	}
	created := fake.Created()
	if len(created) != 2 || created[0].CourierCode != "china-post" || created[1].CourierCode != "usps" || created[0].DestinationCountryISO2 != "US" {
		t.Fatalf("created %+v", created)
	}
	rs := fake.Requests()
	if len(rs) != 2 || rs[0].Method != "GET" || rs[0].Path != "/v4/trackings/get" || rs[1].Path != "/v4/trackings/batch" {
		t.Fatalf("requests %+v", rs)
	}
	for _, r := range rs {
		if r.Header.Get("Tracking-Api-Key") != fake.Key() || r.Header.Get("Trackingmore-Api-Key") != "" {
			t.Fatalf("headers %v: want the v4 Tracking-Api-Key only", r.Header)
		}
	}
	if !strings.Contains(rs[0].Query, "tracking_numbers="+nums[0]+"%2C"+nums[1]+"%2C"+nums[2]) {
		t.Fatalf("query %q", rs[0].Query)
	}
	res = track(t, c, req(nums[1], "china-post"))
	if !res[0].NotFound || res[0].Err != nil || len(fake.Created()) != 2 {
		t.Fatalf("second pass %+v, created %d", res[0], len(fake.Created()))
	}
}

// A carrier our table does not map is asked of /couriers/detect, the first
// courier named is used; a number nobody can place gets its own error and
// leaves the rest of the batch alone.
func TestDetectsTheCourierOfUnmappedCarriers(t *testing.T) {
	fake := trackingmorefake.New(t, 0)
	c := newCarrier(t, fake)
	fake.SetDetect("4PX3000123456789CN", "4px", "china-post")
	res := track(t, c, req("4PX3000123456789CN", "4px"), req("ZZ0000000000", ""), req("LP00123456789012", ""))
	if !res[0].NotFound || res[0].Err != nil || !res[2].NotFound || res[2].Err != nil {
		t.Fatalf("results %+v", res)
	}
	var me *trackingmore.MetaError
	if res[1].Err == nil || !errors.As(res[1].Err, &me) || me.Code != trackingmorefake.CodeNoDetect || tracker.FailKindOf(res[1].Err) != tracker.FailRequest {
		t.Fatalf("undetectable number: %+v", res[1])
	}
	got := map[string]string{}
	for _, cr := range fake.Created() {
		got[cr.TrackingNumber] = cr.CourierCode
	}
	if got["4PX3000123456789CN"] != "4px" || got["LP00123456789012"] != "cainiao" || len(got) != 2 {
		t.Fatalf("created %v", got)
	}
}

// Errors about one number stay with it; "already exists" is no error.
func TestCreateErrorsStayWithTheirNumber(t *testing.T) {
	fake := trackingmorefake.New(t, 0)
	c := newCarrier(t, fake)
	nums := numbers(4)
	fake.Reject(nums[0], trackingmorefake.CodeNeedsFields)
	fake.Reject(nums[1], trackingmorefake.CodeExists)
	fake.Reject(nums[2], trackingmorefake.CodeInvalidNumber)
	res := track(t, c, req(nums[0], "china-post"), req(nums[1], "china-post"), req(nums[2], "china-post"), req(nums[3], "china-post"))
	for i, want := range []int{trackingmorefake.CodeNeedsFields, 0, trackingmorefake.CodeInvalidNumber, 0} {
		var me *trackingmore.MetaError
		switch {
		case want == 0 && (res[i].Err != nil || !res[i].NotFound):
			t.Errorf("result %d: %+v, want NotFound", i, res[i])
		case want != 0 && (!errors.As(res[i].Err, &me) || me.Code != want):
			t.Errorf("result %d: %+v, want meta %d", i, res[i], want)
		}
	}
}

// A results call refused for one number of several (meta 4110) asks each
// number alone, so one bad number does not block its batch for good.
func TestOneRejectedNumberDoesNotBlockItsBatch(t *testing.T) {
	fake := trackingmorefake.New(t, 0)
	c := newCarrier(t, fake)
	nums := numbers(3)
	fake.AddDelivered(nums[0], shipped)
	fake.RejectQuery(nums[1], trackingmorefake.CodeInvalidNumber)
	res := track(t, c, req(nums[0], "china-post"), req(nums[1], "china-post"), req(nums[2], "china-post"))
	if len(res[0].Events) != 8 || res[1].Err == nil || !strings.Contains(res[1].Err.Error(), "4110") || !res[2].NotFound {
		t.Fatalf("results %+v", res)
	}
}

// A results call answering 4102 ("Tracking No. no exists. Please use
// Create a tracking first") lists nothing: the number is created, not
// failed.
func TestNotExistsFromGetCreates(t *testing.T) {
	fake := trackingmorefake.New(t, 0)
	c := newCarrier(t, fake)
	n := numbers(1)[0]
	fake.RejectQuery(n, trackingmorefake.CodeNotExists)
	res := track(t, c, req(n, "china-post"))
	if res[0].Err != nil || !res[0].NotFound || len(fake.Created()) != 1 {
		t.Fatalf("result %+v, created %+v", res[0], fake.Created())
	}
}

// The documented failure answers become the right kinds, with the waits
// the docs give.
func TestCallFailures(t *testing.T) {
	tests := []struct {
		name  string
		setup func(*trackingmorefake.Server)
		kind  tracker.FailKind
		wait  time.Duration
	}{
		{"meta 4190 under HTTP 400 is the used-up plan", func(f *trackingmorefake.Server) { f.Fail(contract.FaultQuota, 1) }, tracker.FailQuota, 0},
		{"meta 401", func(f *trackingmorefake.Server) { f.Fail(contract.FaultAuthCode, 1) }, tracker.FailAuth, 0},
		{"429 without Retry-After waits the documented 120 s", func(f *trackingmorefake.Server) {
			f.EnforceRateLimit(true)
			for range trackingmorefake.RatePerSecond + 1 {
				http.Get(f.URL() + "/v4/trackings/get") // fill the window
			}
		}, tracker.FailRateLimited, trackingmore.RateLimitWait},
		{"meta 511 under HTTP 500", func(f *trackingmorefake.Server) { f.Fail(contract.Fault500, 1) }, tracker.FailServer, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := trackingmorefake.New(t, 0)
			c := newCarrier(t, fake)
			tt.setup(fake)
			_, err := c.Track(context.Background(), []tracker.TrackRequest{req(numbers(1)[0], "china-post")})
			var ce *tracker.CarrierError
			if !errors.As(err, &ce) || ce.Kind != tt.kind || ce.RetryAfter != tt.wait {
				t.Fatalf("err %v (%+v), want %s waiting %v", err, ce, tt.kind, tt.wait)
			}
			if strings.Contains(err.Error(), fake.Key()) {
				t.Fatalf("the error shows the key: %v", err)
			}
		})
	}
}

// delivery_status expired sets Stopped, and Restart retracks it.
func TestExpiredIsStoppedAndRestartRetracksIt(t *testing.T) {
	fake := trackingmorefake.New(t, 0)
	c := newCarrier(t, fake)
	nums := numbers(3)
	fake.AddDelivered(nums[0], shipped)
	fake.SetStatus(nums[0], "expired", "expired001")
	fake.AddDelivered(nums[1], shipped)
	res := track(t, c, req(nums[0], "china-post"), req(nums[1], "china-post"))
	if !res[0].Stopped || len(res[0].Events) != 8 || res[1].Stopped {
		t.Fatalf("results %+v", res)
	}
	errs, err := c.Restart(context.Background(), []tracker.TrackRequest{req(nums[0], "china-post"), req(nums[1], "china-post"), req(nums[2], "china-post")})
	if err != nil || len(errs) != 3 {
		t.Fatalf("Restart: %v %v", errs, err)
	}
	var me *trackingmore.MetaError
	if errs[0] != nil || !errors.As(errs[1], &me) || me.Code != trackingmorefake.CodeNoRetrack || !errors.Is(errs[1], tracker.ErrNotStopped) || errs[2] == nil {
		t.Fatalf("Restart errors %v", errs)
	}
	if tr, _ := fake.Tracking(nums[0]); tr.DeliveryStatus == "expired" {
		t.Fatal("the expired tracking was not retracked")
	}
}

// destination_track_number is the last-mile number when it differs, with
// the destination leg's courier in our slug where we know it.
func TestLastMileNumber(t *testing.T) {
	fake := trackingmorefake.New(t, 0)
	c := newCarrier(t, fake)
	cp := trackingmorefake.Checkpoint{CheckpointDate: "2026-10-25T10:00:00+08:00", CheckpointDeliveryStatus: "transit", CheckpointDeliverySubstatus: "transit004", TrackingDetail: "Arrived"}
	fake.AddTracking(trackingmorefake.Tracking{TrackingNumber: "LP00123456789012", CourierCode: "cainiao", DeliveryStatus: "transit",
		DestinationTrackNumber: "9400111899562537683144", DestinationInfo: trackingmorefake.Leg{CourierCode: "usps"},
		OriginInfo: trackingmorefake.Leg{Trackinfo: []trackingmorefake.Checkpoint{cp}}})
	fake.AddTracking(trackingmorefake.Tracking{TrackingNumber: "LP00123456789013", CourierCode: "cainiao", DeliveryStatus: "transit",
		DestinationTrackNumber: "CX123456789DE", DestinationInfo: trackingmorefake.Leg{CourierCode: "deutsche-post"},
		OriginInfo: trackingmorefake.Leg{Trackinfo: []trackingmorefake.Checkpoint{cp}}})
	fake.AddDelivered("RB123456785CN", shipped) // destination_track_number is the number itself
	res := track(t, c, req("LP00123456789012", "cainiao"), req("LP00123456789013", "cainiao"), req("RB123456785CN", "china-post"))
	want := []tracker.LastMile{{TrackingNo: "9400111899562537683144", Carrier: "usps"}, {TrackingNo: "CX123456789DE", Carrier: "deutsche-post"}, {}}
	for i, w := range want {
		if res[i].LastMile != w {
			t.Errorf("result %d last mile %+v, want %+v", i, res[i].LastMile, w)
		}
	}
}

// Requests are paced to the documented 10 a second across endpoints, so a
// batch that needs detects stays under the limit the fake enforces.
func TestPacedUnderTheRateLimit(t *testing.T) {
	fake := trackingmorefake.New(t, 0)
	fake.EnforceRateLimit(true)
	c, err := trackingmore.New(carrierhttp.Options{APIKey: fake.Key(), BaseURL: fake.URL(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var reqs []tracker.TrackRequest
	for _, n := range numbers(11) {
		reqs = append(reqs, req(n, "")) // each one detected
	}
	res := track(t, c, reqs...)
	for i, r := range res {
		if r.Err != nil || !r.NotFound {
			t.Fatalf("result %d: %+v", i, r)
		}
	}
	if s := fake.Stats(); s.OverLimit != 0 || s.Requests != 13 {
		t.Fatalf("stats %+v, want 13 requests and none over the limit", s)
	}
}

func trackingmoreOpts(fake *trackingmorefake.Server) carrierhttp.Options {
	return carrierhttp.Options{APIKey: fake.Key(), BaseURL: fake.URL(), Timeout: 2 * time.Second}
}
