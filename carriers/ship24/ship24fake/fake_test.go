package ship24fake

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"waybill/carriers/contract"
)

type answer struct {
	Status int
	Body   map[string]any
	Header http.Header
}

func call(t *testing.T, s *Server, method, path, auth, body string) answer {
	t.Helper()
	r, err := http.NewRequest(method, s.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		r.Header.Set("Authorization", auth)
	}
	r.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := answer{Status: resp.StatusCode, Header: resp.Header}
	_ = json.Unmarshal(raw, &a.Body)
	return a
}

func errCode(a answer) string {
	errs, _ := a.Body["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	m, _ := errs[0].(map[string]any)
	code, _ := m["code"].(string)
	return code
}

func TestAuthAnswers(t *testing.T) {
	s := New(t, 0)
	body := `{"trackingNumber":"YT2600000000000001"}`
	tests := []struct {
		auth   string
		status int
		code   string
	}{
		{"", 400, "auth_missing_header"},
		{"Token abc", 400, "auth_invalid_header"},
		{"Bearer wrong", 401, "auth_invalid_api_key"},
		{"Bearer " + s.Key(), 200, ""},
	}
	for _, tt := range tests {
		a := call(t, s, "POST", "/public/v1/trackers/track", tt.auth, body)
		if a.Status != tt.status || errCode(a) != tt.code {
			t.Errorf("auth %q: %d %q, want %d %q", tt.auth, a.Status, errCode(a), tt.status, tt.code)
		}
	}
	if got := s.Stats().BadAuth; got != 3 {
		t.Fatalf("BadAuth %d, want 3", got)
	}
}

func TestTrackValidation(t *testing.T) {
	s := New(t, 0)
	auth := "Bearer " + s.Key()
	tests := []struct {
		body, code string
	}{
		{`{"trackingNumber":"AB"}`, "validation_error"},
		{`{"trackingNumber":"AB 12345"}`, "validation_error"},
		{`{"trackingNumber":"AB12345","destinationCountryCode":"USAX"}`, "validation_error"},
		{`{"trackingNumber":"AB12345","shippingDate":"last week"}`, "validation_error"},
		{`[{"trackingNumber":"AB12345"},{"trackingNumber":"CD12345"}]`, "validation_error"},
		{`{"trackingNumber":`, "parsing_error"},
	}
	for _, tt := range tests {
		if a := call(t, s, "POST", "/public/v1/trackers/track", auth, tt.body); a.Status != 400 || errCode(a) != tt.code {
			t.Errorf("%s: %d %q, want 400 %q", tt.body, a.Status, errCode(a), tt.code)
		}
	}
	if got := s.Stats().MaxBatch; got != 2 {
		t.Fatalf("MaxBatch %d, want 2 (the array of two)", got)
	}
}

func TestBulkAndResults(t *testing.T) {
	s := New(t, 2)
	auth := "Bearer " + s.Key()
	s.AddDelivered("YT2600000000000001", time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC))

	if a := call(t, s, "GET", "/public/v1/trackers/search/YT2600000000000001/results", auth, ""); a.Status != 404 || errCode(a) != "tracker_not_found" {
		t.Fatalf("search before any tracker: %d %q", a.Status, errCode(a))
	}
	over := `{"trackers":[{"trackingNumber":"YT2600000000000001"},{"trackingNumber":"YT2600000000000002"},{"trackingNumber":"YT2600000000000003"}]}`
	a := call(t, s, "POST", "/public/v1/trackers/bulk", auth, over)
	if e, _ := a.Body["error"].(map[string]any); a.Status != 403 || e["code"] != "bulk_create_limit_exceeded" {
		t.Fatalf("bulk over the limit: %d %v", a.Status, a.Body)
	}
	a = call(t, s, "POST", "/public/v1/trackers/bulk", auth, `[{"trackingNumber":"YT2600000000000001"},{"trackingNumber":"X"}]`)
	if a.Status != 207 || a.Body["status"] != "partial" {
		t.Fatalf("partial bulk: %d %v", a.Status, a.Body)
	}
	data, _ := a.Body["data"].([]any)
	first, _ := data[0].(map[string]any)
	tr, _ := first["tracker"].(map[string]any)
	id, _ := tr["trackerId"].(string)
	if id == "" {
		t.Fatalf("no trackerId in %v", first)
	}
	for _, path := range []string{"/public/v1/trackers/" + id + "/results", "/public/v1/trackers/search/YT2600000000000001/results"} {
		a = call(t, s, "GET", path, auth, "")
		d, _ := a.Body["data"].(map[string]any)
		ts, _ := d["trackings"].([]any)
		if a.Status != 200 || len(ts) != 1 {
			t.Fatalf("%s: %d %v", path, a.Status, a.Body)
		}
		events, _ := ts[0].(map[string]any)["events"].([]any)
		if len(events) != 9 {
			t.Fatalf("%s: %d events", path, len(events))
		}
	}
	if a = call(t, s, "GET", "/public/v1/trackers/nope/results", auth, ""); a.Status != 404 {
		t.Fatalf("unknown tracker: %d", a.Status)
	}
	// The same tracker again through /trackers/track: no new tracker.
	call(t, s, "POST", "/public/v1/trackers/track", auth, `{"trackingNumber":"YT2600000000000001"}`)
	if n := s.TrackerCount(); n != 1 {
		t.Fatalf("%d trackers, want 1", n)
	}
	if s.Stats().MaxBatch != 3 {
		t.Fatalf("MaxBatch %d", s.Stats().MaxBatch)
	}
}

func TestRateCounting(t *testing.T) {
	s := New(t, 0)
	auth := "Bearer " + s.Key()
	for range TrackRate + 2 {
		call(t, s, "POST", "/public/v1/trackers/track", auth, `{"trackingNumber":"YT2600000000000001"}`)
	}
	for range BulkRate {
		call(t, s, "POST", "/public/v1/trackers/bulk", auth, `[]`)
	}
	if st := s.Stats(); st.OverLimit != 2 || st.Requests != TrackRate+2+BulkRate {
		t.Fatalf("stats %+v, want 2 over the track limit and none over bulk", st)
	}
}

func TestFaults(t *testing.T) {
	s := New(t, 0)
	auth := "Bearer " + s.Key()
	body := `{"trackingNumber":"YT2600000000000001"}`
	s.Fail(contract.Fault429, 1)
	a := call(t, s, "POST", "/public/v1/trackers/track", auth, body)
	if a.Status != 429 || a.Header.Get("Retry-After") != "7" || a.Header.Get("RateLimit-Reset") == "" {
		t.Fatalf("429: %d %v", a.Status, a.Header)
	}
	s.Fail(contract.FaultQuota, 1)
	if a = call(t, s, "POST", "/public/v1/trackers/track", auth, body); a.Status != 403 || errCode(a) != "quota_limit_reached" {
		t.Fatalf("quota: %d %q", a.Status, errCode(a))
	}
	s.FailCode(1, 200, "quota_limit_reached", "No more quota left.")
	if a = call(t, s, "POST", "/public/v1/trackers/track", auth, body); a.Status != 200 || errCode(a) != "quota_limit_reached" {
		t.Fatalf("scripted: %d %q", a.Status, errCode(a))
	}
	if a = call(t, s, "POST", "/public/v1/trackers/track", auth, body); a.Status != 200 || errCode(a) != "" {
		t.Fatalf("after the faults: %d %v", a.Status, a.Body)
	}
}

// A hanging request ends when its client gives up, and one still hanging
// when the test ends does not keep the server from stopping.
func TestTimeoutFault(t *testing.T) {
	s := New(t, 0)
	s.Fail(contract.FaultTimeout, 2)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	r, _ := http.NewRequestWithContext(ctx, "POST", s.URL()+"/public/v1/trackers/track", strings.NewReader("{}"))
	start := time.Now()
	if _, err := http.DefaultClient.Do(r); err == nil {
		t.Fatal("no error from a hanging request")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %v", d)
	}
	go func() {
		r, _ := http.NewRequest("POST", s.URL()+"/public/v1/trackers/track", strings.NewReader("{}"))
		if resp, err := http.DefaultClient.Do(r); err == nil {
			resp.Body.Close()
		}
	}()
	time.Sleep(50 * time.Millisecond) // let it reach the handler; Cleanup must still return
}

func TestWebhookBodyIsOneEventPerItem(t *testing.T) {
	s := New(t, 0)
	n := s.AddDelivered("YT2600000000000001", time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC))
	var p struct {
		Trackings []struct {
			Metadata struct{ Topic string } `json:"metadata"`
			Tracker  struct {
				TrackingNumber string `json:"trackingNumber"`
			} `json:"tracker"`
			Events []map[string]any `json:"events"`
		} `json:"trackings"`
	}
	if err := json.Unmarshal(s.WebhookBody("YT2600000000000001"), &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Trackings) != n {
		t.Fatalf("%d items for %d events", len(p.Trackings), n)
	}
	for i, it := range p.Trackings {
		if len(it.Events) != 1 || it.Tracker.TrackingNumber != "YT2600000000000001" || it.Metadata.Topic != "tracking/events" {
			t.Fatalf("item %d: %+v", i, it)
		}
	}
	if got := fmt.Sprint(len(s.WebhookBody("unknown"))); got == "0" {
		t.Fatal("empty body for an unknown number")
	}
}
