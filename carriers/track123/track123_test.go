package track123_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"waybill/carriers/carrierhttp"
	"waybill/carriers/contract"
	"waybill/carriers/track123"
	"waybill/carriers/track123/track123fake"
	"waybill/tracker"
)

func numbers(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = contract.S10("LP", 30000000+i, "CN")
	}
	return out
}

func TestContract(t *testing.T) {
	contract.Run(t, contract.Harness{
		NewFake: func(t *testing.T, batchSize int) contract.Fake { return track123fake.New(t, batchSize) },
		NewCarrier: func(baseURL, key string, timeout time.Duration) (tracker.Carrier, error) {
			return track123.New(carrierhttp.Options{APIKey: key, BaseURL: baseURL, Timeout: timeout})
		},
		Slug:    "cainiao",
		Numbers: numbers,
	})
}

var shipped = time.Date(2026, 10, 20, 8, 0, 0, 0, time.UTC)

func newCarrier(t *testing.T, fake *track123fake.Server) *track123.Carrier {
	t.Helper()
	c, err := track123.New(carrierhttp.Options{APIKey: fake.Key(), BaseURL: fake.URL(), Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	c.SetRate(0) // these tests are not about pacing; TestPacedPerEndpoint is
	return c
}

func req(number string) tracker.TrackRequest {
	return tracker.TrackRequest{ShipmentID: 1, TrackingNo: number, Carrier: "cainiao", ShippedAt: shipped, Destination: "US"}
}

func track(t *testing.T, c *track123.Carrier, rs ...tracker.TrackRequest) ([]tracker.TrackResult, error) {
	t.Helper()
	res, err := c.Track(context.Background(), rs)
	if err == nil && len(res) != len(rs) {
		t.Fatalf("%d results for %d requests", len(res), len(rs))
	}
	return res, err
}

func TestNew(t *testing.T) {
	tests := []struct {
		name string
		opts carrierhttp.Options
		want string // in the error; "" for success
		size int
	}{
		{"key required", carrierhttp.Options{}, "carriers.track123.api_key", 0},
		{"blank key", carrierhttp.Options{APIKey: "  "}, "carriers.track123.api_key", 0},
		{"default batch is the documented 100", carrierhttp.Options{APIKey: "k"}, "", 100},
		{"smaller batch", carrierhttp.Options{APIKey: "k", BatchSize: 7}, "", 7},
		{"batch above 100 refused", carrierhttp.Options{APIKey: "k", BatchSize: 101}, "carriers.track123.batch_size: 101", 0},
		{"negative batch refused", carrierhttp.Options{APIKey: "k", BatchSize: -1}, "carriers.track123.batch_size: -1", 0},
		{"bad base_url", carrierhttp.Options{APIKey: "k", BaseURL: "ftp://x"}, "base_url", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := track123.New(tt.opts)
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("error %v, want one naming %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Name() != "track123" || c.BatchSize() != tt.size {
				t.Fatalf("name %q batch %d", c.Name(), c.BatchSize())
			}
		})
	}
}

// The requests as documented: the key header, the paths, an import array
// with the shipping time and the phone's last four digits, then a query;
// a number imported once is not imported again.
func TestRequestShape(t *testing.T) {
	fake := track123fake.New(t, 0)
	c := newCarrier(t, fake)
	nums := numbers(2)
	fake.AddDelivered(nums[0], shipped)
	r0 := req(nums[0])
	r0.Phone = "+86 138-0013-2390"
	r1 := req(nums[1])
	r1.ShippedAt = time.Time{}
	r1.Phone = "12"
	if _, err := track(t, c, r0, r1); err != nil {
		t.Fatal(err)
	}
	if _, err := track(t, c, r0); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, r := range fake.Requests() {
		paths = append(paths, r.Method+" "+r.Path)
		if r.Header.Get("Track123-Api-Secret") != fake.Key() || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("headers %v", r.Header)
		}
	}
	want := []string{"POST " + track123fake.ImportPath, "POST " + track123fake.QueryPath, "POST " + track123fake.QueryPath}
	if strings.Join(paths, ",") != strings.Join(want, ",") {
		t.Fatalf("requests %v, want %v", paths, want)
	}
	var imported []map[string]any
	if err := json.Unmarshal(fake.Requests()[0].Body, &imported); err != nil {
		t.Fatal(err)
	}
	wantImport := `[{"extendFieldMap":{"phoneSuffix":"2390"},"shipTime":"2026-10-20 08:00:00","trackNo":"` + nums[0] + `"},{"trackNo":"` + nums[1] + `"}]`
	if got, _ := json.Marshal(imported); string(got) != wantImport {
		t.Fatalf("import body %s\nwant %s", got, wantImport)
	}
	var q map[string]any
	json.Unmarshal(fake.Requests()[1].Body, &q)
	if fmt.Sprint(q["trackNos"]) != fmt.Sprint([]any{nums[0], nums[1]}) || q["queryPageSize"] != float64(100) {
		t.Fatalf("query body %v", q)
	}
}

// The parcel comes back with its events from both legs, the last-mile
// number and carrier, and the ETA.
func TestLastMileAndETA(t *testing.T) {
	fake := track123fake.New(t, 0)
	c := newCarrier(t, fake)
	n := numbers(1)[0]
	want := fake.AddDelivered(n, shipped)
	res, err := track(t, c, req(n))
	if err != nil {
		t.Fatal(err)
	}
	r := res[0]
	if r.Err != nil || len(r.Events) != want || r.Stopped {
		t.Fatalf("result %+v, want %d events", r, want)
	}
	if r.LastMile != (tracker.LastMile{TrackingNo: "LM" + n, Carrier: "usps"}) {
		t.Fatalf("last mile %+v", r.LastMile)
	}
	if !r.ETA.Equal(time.Date(2026, 10, 29, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("ETA %v", r.ETA)
	}
	// The delivery scan: 09:00 at -05:00 is 14:00 UTC.
	var delivered tracker.Event
	for _, e := range r.Events {
		if e.RawStatus == "DELIVERED_01" {
			delivered = e
		}
	}
	if delivered.Status != tracker.StatusDelivered || !delivered.Time.Equal(time.Date(2026, 10, 27, 14, 0, 0, 0, time.UTC)) || delivered.Location != "Brooklyn, NY 11201" {
		t.Fatalf("delivery scan %+v", delivered)
	}
}

// EXPIRED: Track123 stopped following the number. The result says so, and
// keeps the scans as they were (they are not re-labelled expired).
func TestExpiredIsStopped(t *testing.T) {
	fake := track123fake.New(t, 0)
	c := newCarrier(t, fake)
	nums := numbers(2)
	fake.AddEvents(nums[0], track123fake.Event{Time: shipped, Zone: "+08:00", SubStatus: "IN_TRANSIT_01", Detail: "Accepted", Address: "Shenzhen"})
	fake.SetStatus(nums[0], "EXPIRED", "")
	fake.SetStatus(nums[1], "EXPIRED", "")
	res, err := track(t, c, req(nums[0]), req(nums[1]))
	if err != nil {
		t.Fatal(err)
	}
	if !res[0].Stopped || len(res[0].Events) != 1 || res[0].Events[0].Status != tracker.StatusInTransit {
		t.Fatalf("expired with a scan: %+v", res[0])
	}
	if !res[1].Stopped || !res[1].NotFound || res[1].Err != nil {
		t.Fatalf("expired without scans: %+v", res[1])
	}
}

// A scan without a sub-status takes the parcel's status when it is the
// newest, and keeps an empty raw code so that later scans do not change
// its dedupe key.
func TestScanWithoutSubStatus(t *testing.T) {
	fake := track123fake.New(t, 0)
	c := newCarrier(t, fake)
	n := numbers(1)[0]
	fake.AddEvents(n,
		track123fake.Event{Time: shipped, Zone: "+08:00", SubStatus: "IN_TRANSIT_01", Detail: "Accepted", Address: "Shenzhen"},
		track123fake.Event{Time: shipped.Add(48 * time.Hour), Zone: "+08:00", Detail: "Parcel returned to sender", Address: "Shenzhen"})
	fake.SetStatus(n, "ABNORMAL", "ABNORMAL_06")
	res, err := track(t, c, req(n))
	if err != nil {
		t.Fatal(err)
	}
	var newest tracker.Event
	for _, e := range res[0].Events {
		if e.Time.After(newest.Time) {
			newest = e
		}
	}
	if newest.Status != tracker.StatusReturned || newest.RawStatus != "" {
		t.Fatalf("newest scan %+v, want returned with no raw code", newest)
	}
}

// The service code decides whatever HTTP status comes with it: the docs
// list 200, 400 and 500 but not which goes with which code.
func TestServiceCodesWhateverTheStatus(t *testing.T) {
	tests := []struct {
		code  string
		kind  tracker.FailKind
		retry time.Duration
	}{
		{"A0230", tracker.FailAuth, 0},
		{"A0231", tracker.FailAuth, 0},
		{"A0202", tracker.FailAuth, 0},
		{"B0210", tracker.FailRateLimited, time.Second},
		{"A0706", tracker.FailRateLimited, time.Second},
		{"B0310", tracker.FailQuota, 0},
		{"B0001", tracker.FailServer, 0},
		{"A0400", tracker.FailRequest, 0},
		{"C0113", tracker.FailRequest, 0},
	}
	for _, tt := range tests {
		for _, status := range []int{http.StatusOK, http.StatusBadRequest, http.StatusUnauthorized, http.StatusTooManyRequests, http.StatusInternalServerError} {
			t.Run(fmt.Sprintf("%s with HTTP %d", tt.code, status), func(t *testing.T) {
				fake := track123fake.New(t, 0)
				c := newCarrier(t, fake)
				fake.FailCode(1, status, tt.code, "message for "+tt.code)
				_, err := track(t, c, req(numbers(1)[0]))
				ce, ok := err.(*tracker.CarrierError)
				if !ok || ce.Kind != tt.kind || !strings.Contains(err.Error(), tt.code) {
					t.Fatalf("error %v, want %s naming %s", err, tt.kind, tt.code)
				}
				if ce.RetryAfter < tt.retry {
					t.Fatalf("RetryAfter %v, want at least %v", ce.RetryAfter, tt.retry)
				}
			})
		}
	}
}

// A number import refuses for itself is that number's error; the others
// in the batch are tracked. A number imported before (by another process)
// is refused as a duplicate yet still answered by the query.
func TestImportRefusals(t *testing.T) {
	fake := track123fake.New(t, 0)
	nums := numbers(3)
	fake.RejectImport(nums[0], "A0400", "Invalid tracking number")
	fake.AddDelivered(nums[1], shipped)
	fake.AddDelivered(nums[2], shipped)
	if _, err := track(t, newCarrier(t, fake), req(nums[2])); err != nil { // "another process"
		t.Fatal(err)
	}
	res, err := track(t, newCarrier(t, fake), req(nums[0]), req(nums[1]), req(nums[2]))
	if err != nil {
		t.Fatal(err)
	}
	if tracker.FailKindOf(res[0].Err) != tracker.FailRequest || !strings.Contains(res[0].Err.Error(), "Invalid tracking number") {
		t.Fatalf("refused number: %+v", res[0])
	}
	for _, r := range res[1:] {
		if r.Err != nil || len(r.Events) != 10 {
			t.Fatalf("%s: %+v", r.TrackingNo, r)
		}
	}
}

// A number Track123 no longer has (deleted in its dashboard) is imported
// again and answered in the same call.
func TestForgottenNumberIsImportedAgain(t *testing.T) {
	fake := track123fake.New(t, 0)
	c := newCarrier(t, fake)
	n := numbers(1)[0]
	fake.AddDelivered(n, shipped)
	if _, err := track(t, c, req(n)); err != nil {
		t.Fatal(err)
	}
	fake.Forget(n)
	res, err := track(t, c, req(n))
	if err != nil || res[0].Err != nil || len(res[0].Events) != 10 {
		t.Fatalf("after Track123 forgot it: %+v %v", res, err)
	}
	if _, ok := fake.Imported(n); !ok {
		t.Fatal("not imported again")
	}
}

// trackingStatus 003–006: Track123 could not read the carrier. Without
// scans that is the number's failure, not "nothing yet".
func TestCarrierWebsiteErrors(t *testing.T) {
	fake := track123fake.New(t, 0)
	c := newCarrier(t, fake)
	nums := numbers(2)
	fake.SetTrackingStatus(nums[0], "003")
	fake.AddDelivered(nums[1], shipped)
	fake.SetTrackingStatus(nums[1], "005")
	res, err := track(t, c, req(nums[0]), req(nums[1]))
	if err != nil {
		t.Fatal(err)
	}
	if tracker.FailKindOf(res[0].Err) != tracker.FailServer || res[0].NotFound || !strings.Contains(res[0].Err.Error(), "UNSTABLE_OFFICIAL_WEBSITE") {
		t.Fatalf("003 without scans: %+v", res[0])
	}
	if res[1].Err != nil || len(res[1].Events) != 10 {
		t.Fatalf("005 with cached scans: %+v", res[1])
	}
}

// The key never shows in an error, even when Track123 echoes it.
func TestErrorsNeverCarryTheKey(t *testing.T) {
	fake := track123fake.New(t, 0)
	c := newCarrier(t, fake)
	fake.FailCode(1, http.StatusOK, "A0230", "Token "+fake.Key()+" is invalid or expired.")
	_, err := track(t, c, req(numbers(1)[0]))
	if err == nil || strings.Contains(err.Error(), fake.Key()) {
		t.Fatalf("error %v", err)
	}
}

// Import and query are paced to 5 a second each, the documented limit per
// endpoint, whatever the caller does.
func TestPacedPerEndpoint(t *testing.T) {
	fake := track123fake.New(t, 0)
	c, err := track123.New(carrierhttp.Options{APIKey: fake.Key(), BaseURL: fake.URL(), Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range numbers(8) {
		if _, err := track(t, c, req(n)); err != nil {
			t.Fatal(err)
		}
	}
	if s := fake.Stats(); s.OverLimit != 0 || s.Requests != 16 {
		t.Fatalf("stats %+v: want 16 requests, none over the limit", s)
	}
}
