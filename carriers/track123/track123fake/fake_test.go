package track123fake

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// post sends body to path with key and decodes the envelope.
func post(t *testing.T, s *Server, path, key string, body any) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, s.URL()+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set(KeyHeader, key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, env
}

// The documented protocol, as the fake plays it: the key header, import
// then query, the envelope's code, and the 100-number limit.
func TestFakeSpeaksTheDocumentedProtocol(t *testing.T) {
	s := New(t, 0)
	n := "LP00123456789012"
	s.AddDelivered(n, time.Date(2026, 10, 20, 8, 0, 0, 0, time.UTC))

	if _, env := post(t, s, ImportPath, "wrong", []any{map[string]any{"trackNo": n}}); env["code"] != CodeTokenInvalid {
		t.Fatalf("wrong key: code %v, want A0230", env["code"])
	}
	if s.Stats().BadAuth != 1 {
		t.Fatalf("bad auth counted %d", s.Stats().BadAuth)
	}
	// Not imported yet: the query has nothing for it.
	_, env := post(t, s, QueryPath, s.Key(), map[string]any{"trackNos": []string{n}, "queryPageSize": 100})
	if content := env["data"].(map[string]any)["accepted"].(map[string]any)["content"].([]any); len(content) != 0 {
		t.Fatalf("query before import: %v", content)
	}
	_, env = post(t, s, ImportPath, s.Key(), []any{map[string]any{"trackNo": n, "extendFieldMap": map[string]string{"phoneSuffix": "2390"}}})
	if env["code"] != CodeSuccess || len(env["data"].(map[string]any)["accepted"].([]any)) != 1 {
		t.Fatalf("import: %v", env)
	}
	if it, ok := s.Imported(n); !ok || it.ExtendFieldMap["phoneSuffix"] != "2390" {
		t.Fatalf("imported %+v %v", it, ok)
	}
	_, env = post(t, s, ImportPath, s.Key(), []any{map[string]any{"trackNo": n}})
	rej := env["data"].(map[string]any)["rejected"].([]any)
	if len(rej) != 1 || rej[0].(map[string]any)["error"].(map[string]any)["code"] != CodeParam {
		t.Fatalf("second import: %v", env)
	}
	_, env = post(t, s, QueryPath, s.Key(), map[string]any{"trackNos": []string{n}, "queryPageSize": 100})
	content := env["data"].(map[string]any)["accepted"].(map[string]any)["content"].([]any)
	if len(content) != 1 {
		t.Fatalf("query: %v", env)
	}
	item := content[0].(map[string]any)
	if item["transitStatus"] != "DELIVERED" || item["transitSubStatus"] != "DELIVERED_01" || item["trackingStatus"] != "001" {
		t.Fatalf("item status %v / %v / %v", item["transitStatus"], item["transitSubStatus"], item["trackingStatus"])
	}
	details := item["localLogisticsInfo"].(map[string]any)["trackingDetails"].([]any)
	lm := item["lastMileInfo"].(map[string]any)
	lmDetails := lm["openApiWayBillInfo"].(map[string]any)["trackingDetails"].([]any)
	if len(details)+len(lmDetails) != 10 || lm["lmTrackNo"] != "LM"+n {
		t.Fatalf("%d + %d details, last mile %v", len(details), len(lmDetails), lm["lmTrackNo"])
	}
	// Newest first, the scan's wall clock in its own zone.
	if d := lmDetails[0].(map[string]any); d["transitSubStatus"] != "DELIVERED_01" || d["timezone"] != "-05:00" || d["eventTime"] != "2026-10-27 09:00:00" {
		t.Fatalf("newest detail %v", d)
	}

	many := make([]string, MaxBatch+1)
	for i := range many {
		many[i] = n
	}
	if status, env := post(t, s, QueryPath, s.Key(), map[string]any{"trackNos": many}); status != http.StatusBadRequest || env["code"] != CodeParam {
		t.Fatalf("101 numbers: %d %v", status, env)
	}
	if s.Stats().MaxBatch != MaxBatch+1 {
		t.Fatalf("max batch %d", s.Stats().MaxBatch)
	}
}

// The limit is 5 a second per endpoint: five imports and five queries in
// the same second are within it, a sixth query is not.
func TestFakeCountsTheRatePerEndpoint(t *testing.T) {
	s := New(t, 0)
	for range RatePerSecond {
		post(t, s, ImportPath, s.Key(), []any{map[string]any{"trackNo": "AB123456789"}})
		post(t, s, QueryPath, s.Key(), map[string]any{"trackNos": []string{"AB123456789"}})
	}
	if s.Stats().OverLimit != 0 {
		t.Fatalf("over limit %d after 5 a second on each endpoint", s.Stats().OverLimit)
	}
	post(t, s, QueryPath, s.Key(), map[string]any{"trackNos": []string{"AB123456789"}})
	if s.Stats().OverLimit != 1 {
		t.Fatalf("over limit %d after a sixth query", s.Stats().OverLimit)
	}
}

// The signature is HMAC-SHA256 over the timestamp's text, keyed with the
// API key, in hex. The vector was computed apart from Go:
// python3 -c "import hmac,hashlib;print(hmac.new(b'apikey-123',b'1724750053243',hashlib.sha256).hexdigest())"
func TestSignatureVector(t *testing.T) {
	const want = "c5e3418ad58af7a6bc25deef2d105cd17a80c724fcc05bf9bd400736b52e7d79"
	if got := Signature("apikey-123", "1724750053243"); got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	if got := Millis(time.UnixMilli(1724750053243)); got != "1724750053243" {
		t.Fatalf("millis %s", got)
	}
}

func TestWebhookBodies(t *testing.T) {
	s := New(t, 0)
	n := "LP00123456789012"
	s.AddDelivered(n, time.Date(2026, 10, 20, 8, 0, 0, 0, time.UTC))
	at := time.UnixMilli(1724750053243)
	var api struct {
		Data   map[string]any `json:"data"`
		Verify struct {
			Timestamp json.Number `json:"timestamp"`
			Signature string      `json:"signature"`
		} `json:"verify"`
	}
	if err := json.Unmarshal(s.WebhookBody(n, at), &api); err != nil {
		t.Fatal(err)
	}
	if api.Data["trackNo"] != n || api.Verify.Timestamp != "1724750053243" || api.Verify.Signature != Signature(s.Key(), "1724750053243") {
		t.Fatalf("API push %+v", api)
	}
	body, h := s.AppWebhook(n, at)
	if h.Get("X-Track123-Timestamp") != "1724750053243" || h.Get("X-Track123-Signature") != Signature(s.Key(), "1724750053243") {
		t.Fatalf("app push headers %v", h)
	}
	if !strings.Contains(string(body), `"trackingNumber":"`+n+`"`) || !strings.Contains(string(body), `"trackInfo":[`) {
		t.Fatalf("app push body %s", body)
	}
}
