package trackingmorefake

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"waybill/carriers/contract"
)

type answer struct {
	Status int
	Meta   struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"meta"`
	Data   json.RawMessage `json:"data"`
	Header http.Header
}

func call(t *testing.T, s *Server, method, path, key, body string) answer {
	t.Helper()
	r, err := http.NewRequest(method, s.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		r.Header.Set(KeyHeader, key)
	}
	r.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var a answer
	_ = json.Unmarshal(raw, &a)
	a.Status, a.Header = resp.StatusCode, resp.Header
	return a
}

// The docs' Go example signs "1662371528" with the secret
// 2e55b9a3-4dd1-4416-9897-c4bd1e3d738f and prints this signature.
func TestSignMatchesTheDocumentedExample(t *testing.T) {
	got := Sign("2e55b9a3-4dd1-4416-9897-c4bd1e3d738f", "1662371528")
	if want := "a37084ab68ae16b77db1f8463f31be9fcc965e2515e03efecf8139bb1e511b06"; got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
}

func TestDocumentedAnswers(t *testing.T) {
	s := New(t, 0)
	s.AddDelivered("RB123456785CN", time.Now().Add(-10*24*time.Hour))
	many := make([]string, 41)
	for i := range many {
		many[i] = `{"tracking_number":"RB1234567` + strings.Repeat("0", 2) + `CN","courier_code":"china-post"}`
	}
	tests := []struct {
		name, method, path, key, body string
		status, code                  int
	}{
		{"v2 header is not the v4 key", "GET", "/v4/trackings/get?tracking_numbers=RB123456785CN", "", "", 401, CodeUnauthorized},
		{"wrong key", "GET", "/v4/trackings/get?tracking_numbers=RB123456785CN", "nope", "", 401, CodeUnauthorized},
		{"get", "GET", "/v4/trackings/get?tracking_numbers=RB123456785CN", s.Key(), "", 200, CodeOK},
		{"41 numbers to batch", "POST", "/v4/trackings/batch", s.Key(), "[" + strings.Join(many, ",") + "]", 400, CodeTooMany},
		{"batch body not an array", "POST", "/v4/trackings/batch", s.Key(), `{"tracking_number":"x"}`, 400, CodeBadRequest},
		{"detect unknown format", "POST", "/v4/couriers/detect", s.Key(), `{"tracking_number":"ZZZ"}`, 400, CodeNoDetect},
		{"detect S10", "POST", "/v4/couriers/detect", s.Key(), `{"tracking_number":"RB123456785CN"}`, 200, CodeOK},
		{"retrack a tracking that is not expired", "POST", "/v4/trackings/retrack/" + mustID(t, s, "RB123456785CN"), s.Key(), "", 400, CodeNoRetrack},
		{"retrack an unknown id", "POST", "/v4/trackings/retrack/nope", s.Key(), "", 400, CodeBadID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := call(t, s, tt.method, tt.path, tt.key, tt.body)
			if a.Status != tt.status || a.Meta.Code != tt.code {
				t.Fatalf("HTTP %d meta %d, want %d %d", a.Status, a.Meta.Code, tt.status, tt.code)
			}
		})
	}
}

func mustID(t *testing.T, s *Server, n string) string {
	tr, ok := s.Tracking(n)
	if !ok {
		t.Fatalf("no tracking %s", n)
	}
	return tr.ID
}

func TestBatchCreateReportsEachItem(t *testing.T) {
	s := New(t, 0)
	s.AddDelivered("RB123456785CN", time.Now())
	s.Reject("LP00123456789012", CodeNeedsFields)
	body := `[{"tracking_number":"RB123456785CN","courier_code":"china-post"},
	{"tracking_number":"LP00123456789012","courier_code":"cainiao"},
	{"tracking_number":"YT2600000000000001","courier_code":""},
	{"tracking_number":"YT2600000000000002","courier_code":"yunexpress"}]`
	a := call(t, s, "POST", "/v4/trackings/batch", s.Key(), body)
	var d struct {
		Success []batchItem `json:"success"`
		Error   []batchItem `json:"error"`
	}
	if err := json.Unmarshal(a.Data, &d); err != nil || a.Status != 200 {
		t.Fatalf("HTTP %d: %v %s", a.Status, err, a.Data)
	}
	if len(d.Success) != 1 || d.Success[0].TrackingNumber != "YT2600000000000002" || d.Success[0].ID == "" {
		t.Fatalf("success %+v", d.Success)
	}
	codes := map[string]int{}
	for _, e := range d.Error {
		codes[e.TrackingNumber] = e.ErrorCode
	}
	want := map[string]int{"RB123456785CN": CodeExists, "LP00123456789012": CodeNeedsFields, "YT2600000000000001": CodeBadCourier}
	for n, c := range want {
		if codes[n] != c {
			t.Errorf("%s: error %d, want %d", n, codes[n], c)
		}
	}
	if tr, ok := s.Tracking("YT2600000000000002"); !ok || tr.DeliveryStatus != "pending" {
		t.Fatalf("created tracking %+v", tr)
	}
}

func TestFaultsAreTheDocumentedAnswers(t *testing.T) {
	tests := []struct {
		fault        contract.Fault
		status, code int
	}{
		{contract.FaultQuota, 400, CodeQuota},
		{contract.FaultAuthCode, 401, CodeUnauthorized},
		{contract.Fault429, 429, CodeRateLimited},
		{contract.Fault500, 500, CodeServer},
	}
	for _, tt := range tests {
		t.Run(string(tt.fault), func(t *testing.T) {
			s := New(t, 0)
			s.Fail(tt.fault, 1)
			a := call(t, s, "GET", "/v4/trackings/get?tracking_numbers=RB123456785CN", s.Key(), "")
			if a.Status != tt.status || a.Meta.Code != tt.code {
				t.Fatalf("HTTP %d meta %d, want %d %d", a.Status, a.Meta.Code, tt.status, tt.code)
			}
		})
	}
}

func TestRetrackRestartsAnExpiredTracking(t *testing.T) {
	s := New(t, 0)
	s.AddDelivered("RB123456785CN", time.Now())
	s.SetStatus("RB123456785CN", "expired", "expired001")
	a := call(t, s, "POST", "/v4/trackings/retrack/"+mustID(t, s, "RB123456785CN"), s.Key(), "")
	if a.Status != 200 || a.Meta.Code != CodeOK {
		t.Fatalf("HTTP %d meta %d", a.Status, a.Meta.Code)
	}
	if tr, _ := s.Tracking("RB123456785CN"); tr.DeliveryStatus == "expired" {
		t.Fatal("still expired")
	}
}

func TestEnforcedRateLimit(t *testing.T) {
	s := New(t, 0)
	s.EnforceRateLimit(true)
	limited := 0
	for range RatePerSecond + 3 {
		if a := call(t, s, "GET", "/v4/trackings/get?tracking_numbers=X", s.Key(), ""); a.Status == 429 {
			limited++
			if a.Header.Get("Retry-After") != "" {
				t.Fatal("the documented 429 names no Retry-After; the wait is 120 s")
			}
		}
	}
	if limited == 0 || s.Stats().OverLimit == 0 {
		t.Fatalf("%d limited, stats %+v", limited, s.Stats())
	}
}
