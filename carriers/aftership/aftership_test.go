package aftership

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"waybill/carriers/aftership/aftershipfake"
	"waybill/carriers/carrierhttp"
	"waybill/carriers/contract"
	"waybill/tracker"
)

// s10 returns the i-th UPU S10 number of a series, with a valid check digit.
var s10 = contract.S10

func numbers(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s10("RR", 10000000+i*7, "CN")
	}
	return out
}

func TestS10Helper(t *testing.T) {
	if got := s10("RB", 12345678, "GB"); got != "RB123456785GB" {
		t.Fatalf("s10 = %s, want the documented example RB123456785GB", got)
	}
}

func TestContract(t *testing.T) {
	contract.Run(t, contract.Harness{
		NewFake: func(t *testing.T, batchSize int) contract.Fake { return aftershipfake.New(t, batchSize) },
		NewCarrier: func(baseURL, key string, timeout time.Duration) (tracker.Carrier, error) {
			return New(carrierhttp.Options{APIKey: key, BaseURL: baseURL, Timeout: timeout})
		},
		Slug:    "china-post",
		Numbers: numbers,
	})
}

func newCarrier(t *testing.T, f *aftershipfake.Server) *Carrier {
	t.Helper()
	c, err := New(carrierhttp.Options{APIKey: f.Key(), BaseURL: f.URL(), Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func reqs(carrier string, nums ...string) []tracker.TrackRequest {
	out := make([]tracker.TrackRequest, len(nums))
	for i, n := range nums {
		out[i] = tracker.TrackRequest{ShipmentID: int64(i + 1), TrackingNo: n, Carrier: carrier, ShippedAt: time.Date(2026, 10, 20, 8, 0, 0, 0, time.UTC)}
	}
	return out
}

func TestNew(t *testing.T) {
	cases := []struct {
		name    string
		o       carrierhttp.Options
		wantErr string
		batch   int
	}{
		{"missing key names the config field", carrierhttp.Options{}, "carriers.aftership.api_key", 0},
		{"blank key is missing", carrierhttp.Options{APIKey: "  "}, "carriers.aftership.api_key", 0},
		{"batch size defaults to the documented 50", carrierhttp.Options{APIKey: "k"}, "", 50},
		{"a smaller batch size is kept", carrierhttp.Options{APIKey: "k", BatchSize: 20}, "", 20},
		{"a batch over 50 is refused", carrierhttp.Options{APIKey: "k", BatchSize: 51}, "batch_size", 0},
		{"a negative batch is refused", carrierhttp.Options{APIKey: "k", BatchSize: -1}, "batch_size", 0},
		{"a bad base_url is refused", carrierhttp.Options{APIKey: "k", BaseURL: "ftp://x"}, "base_url", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := New(c.o)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want one naming %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Name() != "aftership" || got.BatchSize() != c.batch {
				t.Fatalf("name %q batch %d, want aftership %d", got.Name(), got.BatchSize(), c.batch)
			}
		})
	}
}

// TestDecodeSample serves the documented GET /trackings answer in testdata
// and checks every field the adapter reads, and the request it sent.
func TestDecodeSample(t *testing.T) {
	sample, err := os.ReadFile("testdata/get_trackings.json")
	if err != nil {
		t.Fatal(err)
	}
	f := aftershipfake.New(t, 0)
	f.Intercept(func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
		w.WriteHeader(http.StatusOK)
		w.Write(sample)
		return true
	})
	c := newCarrier(t, f)
	c.now = func() time.Time { return time.Date(2024, 4, 15, 8, 0, 0, 0, time.UTC) }
	rq := []tracker.TrackRequest{
		{TrackingNo: "RR123456785CN", Carrier: "china-post"},
		{TrackingNo: "3318810025", Carrier: "dhl-express"},
		{TrackingNo: "yt2410521234567890", Carrier: "yunexpress"}, // case differs from AfterShip's
	}
	res, err := c.Track(context.Background(), rq)
	if err != nil {
		t.Fatal(err)
	}
	utc := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	want := []tracker.TrackResult{
		{TrackingNo: "RR123456785CN", ETA: utc("2024-04-20T23:59:59Z"), Events: []tracker.Event{
			{Time: utc("2024-04-02T02:15:00Z"), Status: tracker.StatusInfoReceived, RawStatus: "InfoReceived_001", Location: "Shenzhen", Description: "Electronic information submitted by shipper"},
			{Time: utc("2024-04-03T10:40:12Z"), Status: tracker.StatusInTransit, RawStatus: "InTransit_007", Location: "Guangzhou, Guangdong, China", Description: "Departed from the office of exchange"},
			{Time: utc("2024-04-09T07:05:00Z"), Status: tracker.StatusCustoms, RawStatus: "Exception_004", Location: "Frankfurt", Description: "Held by customs", Exception: tracker.ExCustoms},
			{Time: utc("2024-04-10T07:30:00.5Z"), Status: tracker.StatusInTransit, RawStatus: "InTransit_005", Location: "Frankfurt, DEU", Description: "Released by customs"},
			{Time: utc("2024-04-11T02:00:00Z"), Status: tracker.StatusInTransit, RawStatus: "InTransit", Location: "", Description: "In Transit"},
		}},
		{TrackingNo: "3318810025", ETA: utc("2024-04-07T23:59:59Z"), Events: []tracker.Event{
			{Time: utc("2024-04-03T14:00:00Z"), Status: tracker.StatusInTransit, RawStatus: "InTransit_002", Location: "HONG KONG - HONG KONG", Description: "Shipment picked up"},
			{Time: utc("2024-04-05T12:11:00Z"), Status: tracker.StatusOutForDelivery, RawStatus: "OutForDelivery_001", Location: "NEW YORK, NY - USA", Description: "With delivery courier"},
			{Time: utc("2024-04-05T17:45:00Z"), Status: tracker.StatusDelivered, RawStatus: "Delivered_003", Location: "NEW YORK, NY - USA", Description: "Delivered - Signed for by: J SMITH"},
		}},
		{TrackingNo: "yt2410521234567890", NotFound: true},
	}
	if len(res) != len(want) {
		t.Fatalf("%d results, want %d", len(res), len(want))
	}
	for i, w := range want {
		g := res[i]
		if g.TrackingNo != w.TrackingNo || g.NotFound != w.NotFound || g.Err != nil || !g.ETA.Equal(w.ETA) {
			t.Fatalf("result %d: %+v, want %+v", i, g, w)
		}
		if len(g.Events) != len(w.Events) {
			t.Fatalf("result %d: %d events, want %d: %+v", i, len(g.Events), len(w.Events), g.Events)
		}
		for j, we := range w.Events {
			ge := g.Events[j]
			if !ge.Time.Equal(we.Time) || ge.Time.Location() != time.UTC || ge.Status != we.Status || ge.RawStatus != we.RawStatus ||
				ge.Location != we.Location || ge.Description != we.Description || ge.Exception != we.Exception {
				t.Errorf("result %d event %d:\n got %+v\nwant %+v", i, j, ge, we)
			}
		}
	}

	rs := f.Requests()
	if len(rs) != 1 {
		t.Fatalf("%d requests, want one list request (every number is known)", len(rs))
	}
	r := rs[0]
	q := r.Query
	if r.Method != http.MethodGet || r.Path != "/tracking/2024-04/trackings" {
		t.Fatalf("request %s %s", r.Method, r.Path)
	}
	if r.Header.Get("as-api-key") != f.Key() || r.Header.Get("Accept") != "application/json" {
		t.Fatalf("headers %v", r.Header)
	}
	if q.Get("tracking_numbers") != "RR123456785CN,3318810025,yt2410521234567890" || q.Get("limit") != "200" || q.Get("page") != "1" {
		t.Fatalf("query %v", q)
	}
	if q.Get("created_at_min") != "2023-12-17T08:00:00Z" {
		t.Fatalf("created_at_min %q, want 120 days before now", q.Get("created_at_min"))
	}
}

// TestCreateThenTrack: a number AfterShip does not know is created under the
// mapped courier and reported NotFound; the next call only lists.
func TestCreateThenTrack(t *testing.T) {
	f := aftershipfake.New(t, 0)
	c := newCarrier(t, f)
	ctx := context.Background()
	res, err := c.Track(ctx, append(reqs("dhl-express", "3318810025"), reqs("", "LP00123456789012")...))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if !r.NotFound || r.Err != nil || len(r.Events) != 0 {
			t.Fatalf("result %d: %+v, want NotFound", i, r)
		}
	}
	rs := f.Requests()
	if len(rs) != 3 || rs[0].Method != http.MethodGet || rs[1].Method != http.MethodPost || rs[2].Method != http.MethodPost {
		t.Fatalf("requests %+v, want a list then two creates", rs)
	}
	for i, wantBody := range []string{
		`{"tracking":{"tracking_number":"3318810025","slug":"dhl"}}`,
		`{"tracking":{"tracking_number":"LP00123456789012"}}`,
	} {
		r := rs[i+1]
		if r.Path != "/tracking/2024-04/trackings" || r.Header.Get("Content-Type") != "application/json" || r.Header.Get("as-api-key") != f.Key() {
			t.Fatalf("create %d: %s %v", i, r.Path, r.Header)
		}
		if string(r.Body) != wantBody {
			t.Fatalf("create %d body %s, want %s", i, r.Body, wantBody)
		}
	}
	if tr, ok := f.Tracking("3318810025", "dhl"); !ok || tr.Tag != "Pending" {
		t.Fatalf("fake has %+v", tr)
	}

	// AfterShip finds checkpoints; the next call lists and gets them.
	f.AddEvents("3318810025", aftershipfake.Checkpoint{CheckpointTime: "2026-10-21T09:00:00+08:00", Location: "HONG KONG", Message: "Shipment picked up", Tag: "InTransit", Subtag: "InTransit_002"})
	res, err = c.Track(ctx, reqs("dhl-express", "3318810025"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res[0].Events) != 1 || res[0].Events[0].RawStatus != "InTransit_002" || !res[0].Events[0].Time.Equal(time.Date(2026, 10, 21, 1, 0, 0, 0, time.UTC)) {
		t.Fatalf("after the first scan: %+v", res[0])
	}
	if n := len(f.Requests()); n != 4 {
		t.Fatalf("%d requests in all, want 4 (no second create)", n)
	}
}

func TestShipDateForCouriersThatNeedIt(t *testing.T) {
	f := aftershipfake.New(t, 0)
	c := newCarrier(t, f)
	if _, err := c.Track(context.Background(), reqs("deutsche-post", "RR123456785DE")); err != nil {
		t.Fatal(err)
	}
	rs := f.Requests()
	want := `{"tracking":{"tracking_number":"RR123456785DE","slug":"deutsch-post","tracking_ship_date":"20261020"}}`
	if len(rs) != 2 || string(rs[1].Body) != want {
		t.Fatalf("requests %+v, want a create with body %s", rs, want)
	}
}

// TestAlreadyExists: a 4003 answer is not an error; the existing tracking
// is fetched by the id the answer names, or listed by number and courier
// when it names none.
func TestAlreadyExists(t *testing.T) {
	for _, withID := range []bool{true, false} {
		t.Run(fmt.Sprintf("id in the answer %v", withID), func(t *testing.T) {
			f := aftershipfake.New(t, 0)
			f.ConflictWithoutID(!withID)
			n := "RR123456785CN"
			f.AddDelivered(n, time.Now().Add(-20*24*time.Hour))
			// The first list misses it, as when it was created between our
			// list and our create.
			var missed atomic.Bool
			f.Intercept(func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
				if r.Method == http.MethodGet && r.URL.Path == "/tracking/2024-04/trackings" && missed.CompareAndSwap(false, true) {
					aftershipfake.Reply(w, http.StatusOK, aftershipfake.Meta{Code: 200}, map[string]any{"page": 1, "limit": 200, "count": 0, "trackings": []any{}})
					return true
				}
				return false
			})
			c := newCarrier(t, f)
			res, err := c.Track(context.Background(), reqs("china-post", n))
			if err != nil {
				t.Fatal(err)
			}
			if res[0].Err != nil || res[0].NotFound || len(res[0].Events) != 8 {
				t.Fatalf("result %+v, want the 8 existing events", res[0])
			}
			rs := f.Requests()
			var shape []string
			for _, r := range rs {
				shape = append(shape, r.Method+" "+strings.TrimPrefix(r.Path, "/tracking/2024-04"))
			}
			tr, _ := f.Tracking(n, "")
			wantLast := "GET /trackings/" + tr.ID
			if !withID {
				wantLast = "GET /trackings"
				if q := rs[len(rs)-1].Query; q.Get("slug") != "china-post" || q.Get("tracking_numbers") != n {
					t.Fatalf("fallback list query %v", q)
				}
			}
			if len(shape) != 3 || shape[1] != "POST /trackings" || shape[2] != wantLast {
				t.Fatalf("requests %v, want list, create, %s", shape, wantLast)
			}
		})
	}
}

// TestPerNumberErrors: AfterShip rejecting one number fails that result
// only, with the vendor's code; numbers that cannot be sent are refused
// before any request.
func TestPerNumberErrors(t *testing.T) {
	f := aftershipfake.New(t, 0)
	good := numbers(2)
	for _, n := range good {
		f.AddDelivered(n, time.Now().Add(-15*24*time.Hour))
	}
	f.Reject("123", 4005, "The value of `tracking_number` is invalid.")
	f.Reject("9999999999", 4012, "Unable to import shipment as we don't recognize the carrier from this tracking number.")
	c := newCarrier(t, f)
	rq := reqs("china-post", good[0], "123", "AB,CD", good[1], "", "9999999999")
	rq[5].Carrier = ""
	res, err := c.Track(context.Background(), rq)
	if err != nil {
		t.Fatalf("call failed: %v", err)
	}
	for _, i := range []int{0, 3} {
		if res[i].Err != nil || len(res[i].Events) != 8 {
			t.Fatalf("good number %d: %+v", i, res[i])
		}
	}
	for i, code := range map[int]int{1: 4005, 5: 4012} {
		var ve *VendorError
		if tracker.FailKindOf(res[i].Err) != tracker.FailRequest || !errors.As(res[i].Err, &ve) || ve.Code != code {
			t.Fatalf("result %d error %v, want request failure with meta.code %d", i, res[i].Err, code)
		}
		if res[i].TrackingNo != rq[i].TrackingNo || res[i].NotFound {
			t.Fatalf("result %d: %+v", i, res[i])
		}
	}
	for _, i := range []int{2, 4} {
		if tracker.FailKindOf(res[i].Err) != tracker.FailRequest {
			t.Fatalf("unsendable number %q: %v", rq[i].TrackingNo, res[i].Err)
		}
	}
	for _, r := range f.Requests() {
		if strings.Contains(r.Query.Get("tracking_numbers"), "AB") || strings.Contains(string(r.Body), "AB,CD") {
			t.Fatalf("sent the unsendable number: %+v", r)
		}
	}
}

// TestVendorCodes: AfterShip's error codes map to kinds whether they come
// with the HTTP status or inside a 200 answer.
func TestVendorCodes(t *testing.T) {
	cases := []struct {
		name       string
		httpStatus int
		code       int
		header     map[string]string
		kind       tracker.FailKind
		retryAtExp time.Duration // minimum RetryAfter
	}{
		{"401 in a 200 body", 200, 401, nil, tracker.FailAuth, 0},
		{"403 in a 200 body", 200, 403, nil, tracker.FailAuth, 0},
		{"429 in a 200 body waits for X-RateLimit-Reset", 200, 429, map[string]string{"X-RateLimit-Reset": "+5"}, tracker.FailRateLimited, 4 * time.Second},
		{"429 in a 200 body waits at least the 1 s window", 200, 429, nil, tracker.FailRateLimited, time.Second},
		{"402 in a 200 body", 200, 402, nil, tracker.FailQuota, 0},
		{"500 in a 200 body", 200, 500, nil, tracker.FailServer, 0},
		{"4008 in a 200 body", 200, 4008, nil, tracker.FailRequest, 0},
		{"HTTP 429 without Retry-After uses X-RateLimit-Reset", 429, 429, map[string]string{"X-RateLimit-Reset": "+9"}, tracker.FailRateLimited, 8 * time.Second},
		{"HTTP 429 with Retry-After", 429, 429, map[string]string{"Retry-After": "12"}, tracker.FailRateLimited, 12 * time.Second},
		{"HTTP 401", 401, 401, nil, tracker.FailAuth, 0},
		{"HTTP 403", 403, 403, nil, tracker.FailAuth, 0},
		{"HTTP 400 with 4001", 400, 4001, nil, tracker.FailRequest, 0},
		{"HTTP 404 with 404", 404, 404, nil, tracker.FailRequest, 0},
		{"HTTP 503 with 503", 503, 503, map[string]string{"Retry-After": "30"}, tracker.FailServer, 30 * time.Second},
		{"HTTP 400 whose meta says 401", 400, 401, nil, tracker.FailAuth, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := aftershipfake.New(t, 0)
			f.Intercept(func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
				for k, v := range tc.header {
					if strings.HasPrefix(v, "+") {
						d, _ := strconv.Atoi(v[1:])
						v = strconv.FormatInt(time.Now().Add(time.Duration(d)*time.Second).Unix(), 10)
					}
					w.Header().Set(k, v)
				}
				if _, ok := tc.header["X-RateLimit-Reset"]; !ok {
					w.Header().Del("X-RateLimit-Reset")
				}
				aftershipfake.Reply(w, tc.httpStatus, aftershipfake.Meta{Code: tc.code, Message: "scripted", Type: "Scripted"}, nil)
				return true
			})
			c := newCarrier(t, f)
			_, err := c.Track(context.Background(), reqs("china-post", numbers(1)...))
			var ce *tracker.CarrierError
			if !errors.As(err, &ce) || ce.Kind != tc.kind || ce.Service != "aftership" {
				t.Fatalf("error %v, want a %s CarrierError", err, tc.kind)
			}
			if ce.RetryAfter < tc.retryAtExp || ce.RetryAfter > time.Hour {
				t.Fatalf("RetryAfter %v, want at least %v", ce.RetryAfter, tc.retryAtExp)
			}
			var ve *VendorError
			if !errors.As(err, &ve) || ve.Code != tc.code || !strings.Contains(err.Error(), "scripted") {
				t.Fatalf("error %v does not carry meta.code %d and its message", err, tc.code)
			}
		})
	}
	t.Run("a 200 without meta is malformed", func(t *testing.T) {
		f := aftershipfake.New(t, 0)
		f.Intercept(func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
			w.Write([]byte(`{"data":{"trackings":[]}}`))
			return true
		})
		_, err := newCarrier(t, f).Track(context.Background(), reqs("china-post", numbers(1)...))
		if tracker.FailKindOf(err) != tracker.FailMalformed {
			t.Fatalf("error %v, want malformed", err)
		}
	})
}

// TestBatches: more requests than the batch size go in several list
// requests, results in order.
func TestBatches(t *testing.T) {
	f := aftershipfake.New(t, 20)
	nums := numbers(45)
	for _, n := range nums {
		f.AddDelivered(n, time.Now().Add(-12*24*time.Hour))
	}
	c, err := New(carrierhttp.Options{APIKey: f.Key(), BaseURL: f.URL(), BatchSize: 20})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Track(context.Background(), reqs("china-post", nums...))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.TrackingNo != nums[i] || len(r.Events) != 8 {
			t.Fatalf("result %d: %+v", i, r)
		}
	}
	if s := f.Stats(); s.Requests != 3 || s.MaxBatch != 20 || s.OverLimit != 0 {
		t.Fatalf("stats %+v, want 3 requests of at most 20", s)
	}
}

// TestDuplicatesInABatch: a number asked twice is listed and created once.
func TestDuplicatesInABatch(t *testing.T) {
	f := aftershipfake.New(t, 0)
	c := newCarrier(t, f)
	res, err := c.Track(context.Background(), reqs("china-post", "RR123456785CN", "rr123456785cn"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || !res[0].NotFound || !res[1].NotFound || res[1].TrackingNo != "rr123456785cn" {
		t.Fatalf("results %+v", res)
	}
	rs := f.Requests()
	if len(rs) != 2 || rs[0].Query.Get("tracking_numbers") != "RR123456785CN" {
		t.Fatalf("requests %+v, want one list of one number and one create", rs)
	}
}

// TestPagination: a full page asks for the next one.
func TestPagination(t *testing.T) {
	f := aftershipfake.New(t, 0)
	n := "RR123456785CN"
	f.Intercept(func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
		var ts []map[string]any
		if r.URL.Query().Get("page") == "1" {
			for i := range listLimit {
				ts = append(ts, map[string]any{"id": fmt.Sprint(i), "tracking_number": n, "slug": fmt.Sprintf("courier-%d", i), "checkpoints": []any{}})
			}
		} else {
			ts = append(ts, map[string]any{"id": "x", "tracking_number": n, "slug": "china-post", "tag": "Delivered", "checkpoints": []any{
				map[string]any{"checkpoint_time": "2026-10-30T10:00:00+01:00", "tag": "Delivered", "subtag": "Delivered_001", "message": "Delivered"},
			}})
		}
		aftershipfake.Reply(w, 200, aftershipfake.Meta{Code: 200}, map[string]any{"page": 1, "limit": listLimit, "count": listLimit + 1, "trackings": ts})
		return true
	})
	res, err := newCarrier(t, f).Track(context.Background(), reqs("china-post", n))
	if err != nil {
		t.Fatal(err)
	}
	if len(res[0].Events) != 1 || res[0].Events[0].Status != tracker.StatusDelivered {
		t.Fatalf("result %+v, want the china-post tracking from page 2", res[0])
	}
	if len(f.Requests()) != 2 {
		t.Fatalf("%d requests, want 2 pages", len(f.Requests()))
	}
}

// TestStaysUnderTheRateLimit: a call that must create many numbers sends
// no more than 10 requests in any second.
func TestStaysUnderTheRateLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("takes a second")
	}
	f := aftershipfake.New(t, 0)
	f.EnforceRateLimit(true)
	c := newCarrier(t, f)
	start := time.Now()
	res, err := c.Track(context.Background(), reqs("china-post", numbers(15)...))
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 15 || !res[14].NotFound {
		t.Fatalf("results %+v", res)
	}
	if s := f.Stats(); s.Requests != 16 || s.OverLimit != 0 {
		t.Fatalf("stats %+v, want 16 requests none over the limit", s)
	}
	if d := time.Since(start); d < time.Second {
		t.Fatalf("16 requests in %v: more than 10 in a second", d)
	}
}

func TestCancelWhileWaitingForTheRateLimit(t *testing.T) {
	f := aftershipfake.New(t, 0)
	c := newCarrier(t, f)
	c.pace.limit, c.pace.window = 1, time.Hour
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.Track(ctx, reqs("china-post", numbers(2)...)) // list, then a create that must wait an hour
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want the context's deadline", err)
	}
}

// TestFakeAnswersAsDocumented pins the fake's own shapes, so the adapter is
// tested against the documented API and not against itself.
func TestFakeAnswersAsDocumented(t *testing.T) {
	f := aftershipfake.New(t, 3)
	get := func(path, key string) (int, map[string]any) {
		req, _ := http.NewRequest(http.MethodGet, f.URL()+path, nil)
		req.Header.Set("as-api-key", key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, m
	}
	metaCode := func(m map[string]any) float64 { return m["meta"].(map[string]any)["code"].(float64) }
	if st, m := get("/tracking/2024-04/trackings", "nope"); st != 401 || metaCode(m) != 401 {
		t.Fatalf("bad key: %d %v", st, m)
	}
	if st, m := get("/tracking/2024-04/trackings?tracking_numbers=A1,B2,C3,D4", f.Key()); st != 400 || metaCode(m) != 4008 {
		t.Fatalf("over the batch: %d %v", st, m)
	}
	if st, m := get("/tracking/2024-04/trackings/nosuch", f.Key()); st != 404 || metaCode(m) != 4004 {
		t.Fatalf("unknown id: %d %v", st, m)
	}
	f.AddDelivered("RR123456785CN", time.Now())
	st, m := get("/tracking/2024-04/trackings?tracking_numbers=RR123456785CN", f.Key())
	data := m["data"].(map[string]any)
	ts := data["trackings"].([]any)
	if st != 200 || metaCode(m) != 200 || len(ts) != 1 || data["limit"].(float64) != 100 {
		t.Fatalf("list: %d %v", st, m)
	}
	tr := ts[0].(map[string]any)
	if tr["tag"] != "Delivered" || tr["subtag"] != "Delivered_001" || tr["expected_delivery"] == nil || len(tr["checkpoints"].([]any)) != 8 {
		t.Fatalf("tracking %v", tr)
	}
}

func TestPacer(t *testing.T) {
	p := &pacer{limit: 5, window: 100 * time.Millisecond}
	var sent []time.Time
	for range 12 {
		if err := p.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		sent = append(sent, time.Now())
	}
	for i := 0; i+5 < len(sent); i++ {
		if d := sent[i+5].Sub(sent[i]); d < 99*time.Millisecond { // 1 ms for the test's own clock reads
			t.Fatalf("requests %d and %d only %v apart: 6 in one window of 5", i, i+5, d)
		}
	}
	if d := sent[4].Sub(sent[0]); d > 50*time.Millisecond {
		t.Fatalf("the first 5 waited %v: a burst up to the limit should go at once", d)
	}
}
