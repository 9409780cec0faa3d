package kuaidi100_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"waybill/carriers/carrierhttp"
	"waybill/carriers/contract"
	"waybill/carriers/kuaidi100"
	"waybill/carriers/kuaidi100/kuaidi100fake"
	"waybill/tracker"
)

// s10 returns n China Post UPU S10 numbers (RR + 8 digits + check + CN).
func s10(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = contract.S10("RR", 30012345+i*7, "CN")
	}
	return out
}

func newCarrier(baseURL, key string, timeout time.Duration) (*kuaidi100.Carrier, error) {
	return kuaidi100.New(carrierhttp.Options{APIKey: key, Customer: kuaidi100fake.Customer, BaseURL: baseURL, Timeout: timeout})
}

func TestContract(t *testing.T) {
	contract.Run(t, contract.Harness{
		NewFake: func(t *testing.T, batchSize int) contract.Fake { return kuaidi100fake.New(t, batchSize) },
		NewCarrier: func(baseURL, key string, timeout time.Duration) (tracker.Carrier, error) {
			return newCarrier(baseURL, key, timeout)
		},
		Slug:    "china-post",
		Numbers: s10,
	})
}

func TestNew(t *testing.T) {
	cases := []struct {
		name string
		o    carrierhttp.Options
		want string
	}{
		{"empty key names the config field", carrierhttp.Options{Customer: "C"}, "carriers.kuaidi100.api_key"},
		{"empty customer names the config field", carrierhttp.Options{APIKey: "k"}, "carriers.kuaidi100.customer"},
		{"blank customer is empty", carrierhttp.Options{APIKey: "k", Customer: " "}, "carriers.kuaidi100.customer"},
		{"batch above 1 is refused", carrierhttp.Options{APIKey: "k", Customer: "C", BatchSize: 5}, "batch_size 5"},
		{"negative batch is refused", carrierhttp.Options{APIKey: "k", Customer: "C", BatchSize: -1}, "negative"},
		{"bad base_url is refused", carrierhttp.Options{APIKey: "k", Customer: "C", BaseURL: "poll.kuaidi100.com"}, "base_url"},
		{"defaults work", carrierhttp.Options{APIKey: "k", Customer: "C"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := kuaidi100.New(tc.o)
			if tc.want == "" {
				if err != nil || c.Name() != "kuaidi100" || c.BatchSize() != 1 {
					t.Fatalf("%v %v", c, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestSignVector(t *testing.T) {
	// printf '%s' '{"com":"youzhengguoji","num":"RR123456785CN","resultv2":"4"}kd100-fake-keyKD100FAKECUSTOMER0001' | md5sum | tr a-f A-F
	got := kuaidi100.Sign(`{"com":"youzhengguoji","num":"RR123456785CN","resultv2":"4"}`, "kd100-fake-key", "KD100FAKECUSTOMER0001")
	if got != "2F2E3944E806BE763C504C361E75648F" {
		t.Fatalf("sign %s", got)
	}
}

func TestRequestShape(t *testing.T) {
	f := kuaidi100fake.New(t, 0)
	c, err := newCarrier(f.URL(), f.Key(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	f.AddDelivered("RR123456785CN", time.Now().Add(-200*time.Hour))
	res, err := c.Track(context.Background(), []tracker.TrackRequest{{TrackingNo: " RR123456785CN ", Carrier: "china-post"}})
	if err != nil || res[0].Err != nil {
		t.Fatalf("%v %+v", err, res)
	}
	reqs := f.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d queries", len(reqs))
	}
	r := reqs[0]
	if r.Method != http.MethodPost || r.Path != "/poll/query.do" || r.ContentType != "application/x-www-form-urlencoded" {
		t.Fatalf("%s %s %s", r.Method, r.Path, r.ContentType)
	}
	if len(r.Form) != 3 || r.Form.Get("customer") != kuaidi100fake.Customer {
		t.Fatalf("form %v", r.Form)
	}
	wantParam := `{"com":"youzhengguoji","num":"RR123456785CN","resultv2":"4"}`
	if p := r.Form.Get("param"); p != wantParam {
		t.Fatalf("param %s, want %s", p, wantParam)
	}
	if s := r.Form.Get("sign"); s != "2F2E3944E806BE763C504C361E75648F" {
		t.Fatalf("sign %s", s)
	}
}

func TestTrackResults(t *testing.T) {
	f := kuaidi100fake.New(t, 0)
	f.SetMinInterval(0)
	c, err := newCarrier(f.URL(), f.Key(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	nums := s10(3)
	shipped := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)
	f.AddDelivered(nums[0], shipped)
	f.Add("SF1234567890123", kuaidi100fake.Trail{Com: "shunfeng", Phone: "13800138000", Events: []kuaidi100fake.Event{{Time: "2026-10-20 10:00:00", Context: "已揽收", Status: "揽收", StatusCode: "103"}}})

	reqs := []tracker.TrackRequest{
		{TrackingNo: nums[0], Carrier: "china-post"},
		{TrackingNo: nums[1], Carrier: "royal-mail"},           // no Kuaidi100 code
		{TrackingNo: nums[2], Carrier: "china-post"},           // unknown to Kuaidi100
		{TrackingNo: "SF1234567890123", Carrier: "sf-express"}, // SF wants a phone
		{TrackingNo: "12345", Carrier: "china-post"},           // too short
	}
	res, err := c.Track(ctx, reqs)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != len(reqs) {
		t.Fatalf("%d results", len(res))
	}
	for i, r := range res {
		if r.TrackingNo != reqs[i].TrackingNo {
			t.Fatalf("result %d for %q", i, r.TrackingNo)
		}
	}
	if r := res[0]; r.Err != nil || r.NotFound || len(r.Events) != 7 {
		t.Fatalf("delivered: %+v", r)
	}
	newest := res[0].Events[0]
	if newest.Status != tracker.StatusDelivered || newest.RawStatus != "301" || !newest.Time.Equal(shipped.Add(102*time.Hour)) || newest.Location != "NEW YORK NY" {
		t.Fatalf("newest %+v", newest)
	}
	if r := res[1]; r.Err == nil || !strings.Contains(r.Err.Error(), `"royal-mail"`) || r.NotFound {
		t.Fatalf("unmapped carrier: %+v", r)
	}
	if r := res[2]; !r.NotFound || r.Err != nil {
		t.Fatalf("unknown number: %+v", r)
	}
	if r := res[3]; r.Err == nil || !strings.Contains(r.Err.Error(), "408") {
		t.Fatalf("SF without phone: %+v", r)
	}
	if r := res[4]; r.Err == nil || !strings.Contains(r.Err.Error(), "6–32") {
		t.Fatalf("short number: %+v", r)
	}
	if n := f.Stats().Requests; n != 3 {
		t.Fatalf("%d queries, want 3: no query for numbers we cannot ask about", n)
	}
}

func TestQuotaAfterUse(t *testing.T) {
	f := kuaidi100fake.New(t, 0)
	f.SetQuota(1)
	c, _ := newCarrier(f.URL(), f.Key(), time.Second)
	nums := s10(2)
	res, err := c.Track(context.Background(), []tracker.TrackRequest{{TrackingNo: nums[0], Carrier: "china-post"}, {TrackingNo: nums[1], Carrier: "china-post"}})
	var ce *tracker.CarrierError
	if res != nil || !errors.As(err, &ce) || ce.Kind != tracker.FailQuota || !strings.Contains(err.Error(), "601") {
		t.Fatalf("%v %v", res, err)
	}
}

func TestOverLimitCountsRepeatQueries(t *testing.T) {
	f := kuaidi100fake.New(t, 0)
	c, _ := newCarrier(f.URL(), f.Key(), time.Second)
	n := s10(1)[0]
	req := []tracker.TrackRequest{{TrackingNo: n, Carrier: "china-post"}}
	c.Track(context.Background(), req)
	c.Track(context.Background(), req)
	if s := f.Stats(); s.OverLimit != 1 || s.Requests != 2 {
		t.Fatalf("%+v: a second query within 30 minutes is over the limit", s)
	}
}

// TestReturnCodes drives every documented returnCode through the adapter.
func TestReturnCodes(t *testing.T) {
	cases := []struct {
		code, msg string
		kind      tracker.FailKind // call-level failure, "" for none
		notFound  bool
		ownErr    bool
	}{
		{"500", "查询无结果，请隔段时间再查", "", true, false},
		{"503", "验证签名失败", tracker.FailAuth, false, false},
		{"601", "POLL:KEY已过期", tracker.FailQuota, false, false},
		{"601", "key已过期", tracker.FailQuota, false, false},
		{"501", "服务器错误", tracker.FailServer, false, false},
		{"502", "服务器繁忙", tracker.FailServer, false, false},
		{"400", "找不到对应公司", "", false, true},
		{"400", "不支持此快递公司", "", false, true},
		// The one documented 400 text names bad data and a missing
		// authorisation alike: it can be about this number, so it is.
		{"400", "提交的数据不完整，或者贵公司没授权", "", false, true},
		{"400", "贵公司没授权", "", false, true},
		{"400", "账号未充值", tracker.FailQuota, false, false},
		{"408", "快递公司参数异常：验证码错误", "", false, true},
		{"777", "something new", "", false, true},
	}
	for _, tc := range cases {
		t.Run(tc.code+" "+tc.msg, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				json.NewEncoder(w).Encode(map[string]any{"result": false, "returnCode": tc.code, "message": tc.msg})
			}))
			defer srv.Close()
			c, _ := newCarrier(srv.URL, "k", time.Second)
			res, err := c.Track(context.Background(), []tracker.TrackRequest{{TrackingNo: "RR123456785CN", Carrier: "china-post"}})
			if tc.kind != "" {
				var ce *tracker.CarrierError
				if !errors.As(err, &ce) || ce.Kind != tc.kind || ce.Service != "kuaidi100" || !strings.Contains(err.Error(), tc.msg) {
					t.Fatalf("error %v, want %s", err, tc.kind)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			r := res[0]
			if r.NotFound != tc.notFound || (r.Err != nil) != tc.ownErr {
				t.Fatalf("%+v", r)
			}
		})
	}
}

func TestHTTPStatusFailures(t *testing.T) {
	for _, tc := range []struct {
		status int
		kind   tracker.FailKind
	}{{401, tracker.FailAuth}, {403, tracker.FailAuth}, {429, tracker.FailRateLimited}, {502, tracker.FailServer}, {404, tracker.FailRequest}} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(tc.status) }))
			defer srv.Close()
			c, _ := newCarrier(srv.URL, "k", time.Second)
			_, err := c.Track(context.Background(), []tracker.TrackRequest{{TrackingNo: "RR123456785CN", Carrier: "china-post"}})
			if tracker.FailKindOf(err) != tc.kind {
				t.Fatalf("%v, want %s", err, tc.kind)
			}
		})
	}
}
