package track123

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"waybill/carriers/carrierhttp"
	"waybill/carriers/contract"
	"waybill/carriers/track123/track123fake"
	"waybill/tracker"
)

type recorder struct {
	calls   int
	service string
	pushes  []tracker.Push
	err     error
}

func (r *recorder) sink(_ context.Context, service string, pushes []tracker.Push) (tracker.ApplySummary, error) {
	r.calls++
	r.service = service
	r.pushes = append(r.pushes, pushes...)
	return tracker.ApplySummary{Checked: len(pushes)}, r.err
}

// clock is the receiver's now in these tests.
var clock = time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)

func testCarrier(t testing.TB) *Carrier {
	t.Helper()
	c, err := New(carrierhttp.Options{APIKey: "t123-test-key"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func send(h http.Handler, method string, header http.Header, body []byte) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "/webhooks/track123", bytes.NewReader(body))
	for k, v := range header {
		r.Header[k] = v
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// The documented recipe against a value computed apart from Go:
// python3 -c "import hmac,hashlib;print(hmac.new(b'apikey-123',b'1724750053243',hashlib.sha256).hexdigest())"
func TestSignVector(t *testing.T) {
	const want = "c5e3418ad58af7a6bc25deef2d105cd17a80c724fcc05bf9bd400736b52e7d79"
	if got := Sign("apikey-123", "1724750053243"); got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	if got := track123fake.Signature("apikey-123", "1724750053243"); got != want {
		t.Fatalf("the fake signs %s", got)
	}
}

// A push in either documented form, signed with the key and a fresh
// timestamp, reaches the sink as a poll would have it: the same events,
// last-mile number and ETA, so the store's dedupe takes a repeat as one.
func TestWebhookGoodSignature(t *testing.T) {
	fake := track123fake.New(t, 0)
	n := "LP00123456789012"
	fake.AddDelivered(n, time.Date(2026, 10, 20, 8, 0, 0, 0, time.UTC))

	// What a poll of the same number returns.
	poll, err := New(carrierhttp.Options{APIKey: fake.Key(), BaseURL: fake.URL(), Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	res, err := poll.Track(context.Background(), []tracker.TrackRequest{{TrackingNo: n}})
	if err != nil || res[0].Err != nil {
		t.Fatalf("poll: %+v %v", res, err)
	}

	rec := &recorder{}
	h := testCarrier(t).webhook(fake.Key(), rec.sink, func() time.Time { return clock })
	w := send(h, http.MethodPost, http.Header{"Content-Type": {"application/json"}}, fake.WebhookBody(n, clock.Add(-90*time.Second)))
	if w.Code != http.StatusOK || rec.calls != 1 || rec.service != "track123" || len(rec.pushes) != 1 {
		t.Fatalf("status %d %s; sink calls %d service %q pushes %d", w.Code, w.Body, rec.calls, rec.service, len(rec.pushes))
	}
	p := rec.pushes[0]
	if p.TrackingNo != n || p.LastMile != res[0].LastMile || !p.ETA.Equal(res[0].ETA) || p.Stopped {
		t.Fatalf("push %+v\npoll %+v", p, res[0])
	}
	if len(p.Events) != len(res[0].Events) {
		t.Fatalf("%d events pushed, %d polled", len(p.Events), len(res[0].Events))
	}
	for i := range p.Events {
		if p.Events[i].Key() != res[0].Events[i].Key() || p.Events[i].Status != res[0].Events[i].Status {
			t.Fatalf("event %d pushed %+v, polled %+v", i, p.Events[i], res[0].Events[i])
		}
	}

	// The help centre's form: headers, flat body, words for people.
	body, header := fake.AppWebhook(n, clock.Add(2*time.Minute))
	rec = &recorder{}
	h = testCarrier(t).webhook(fake.Key(), rec.sink, func() time.Time { return clock })
	if w := send(h, http.MethodPost, header, body); w.Code != http.StatusOK || len(rec.pushes) != 1 {
		t.Fatalf("app form: status %d %s, %d pushes", w.Code, w.Body, len(rec.pushes))
	}
	p = rec.pushes[0]
	if p.TrackingNo != n || len(p.Events) != 10 {
		t.Fatalf("app push %+v", p)
	}
	var newest tracker.Event
	for _, e := range p.Events {
		if e.Time.After(newest.Time) {
			newest = e
		}
	}
	if newest.Status != tracker.StatusDelivered || newest.Description != "Delivered, in/at mailbox" {
		t.Fatalf("app push newest event %+v", newest)
	}
}

// Every way a push can fail its check gets 401 and never reaches the sink.
func TestWebhookRefusals(t *testing.T) {
	const key = "t123-test-key"
	n := "LP00123456789012"
	body := func(ts, sig string) []byte {
		return []byte(`{"data":{"trackNo":"` + n + `","transitStatus":"IN_TRANSIT","localLogisticsInfo":{"trackingDetails":[{"eventTime":"2026-11-01 10:00:00","timezone":"+08:00","eventDetail":"Accepted","transitSubStatus":"IN_TRANSIT_01"}]}},"verify":{"timestamp":` + ts + `,"signature":"` + sig + `"}}`)
	}
	ms := func(at time.Time) string { return track123fake.Millis(at) }
	fresh := ms(clock.Add(-time.Minute))
	tests := []struct {
		name   string
		secret string
		header http.Header
		body   []byte
		want   string
	}{
		{"bad signature", key, nil, body(fresh, Sign("other-key", fresh)), "bad signature"},
		{"signature of another timestamp", key, nil, body(fresh, Sign(key, ms(clock))), "bad signature"},
		{"signature not hex", key, nil, body(fresh, "zz"+Sign(key, fresh)[2:]), "bad signature"},
		{"stale timestamp", key, nil, body(ms(clock.Add(-6*time.Minute)), Sign(key, ms(clock.Add(-6*time.Minute)))), "stale timestamp"},
		{"timestamp from the future", key, nil, body(ms(clock.Add(6*time.Minute)), Sign(key, ms(clock.Add(6*time.Minute)))), "stale timestamp"},
		{"a day-old signature replayed on a new body", key, nil, body(ms(clock.Add(-24*time.Hour)), Sign(key, ms(clock.Add(-24*time.Hour)))), "stale timestamp"},
		{"timestamp not a time", key, nil, body(`"12345"`, Sign(key, "12345")), "unreadable timestamp"},
		{"no signature at all", key, nil, []byte(`{"data":{"trackNo":"` + n + `"}}`), "no timestamp and signature"},
		{"no secret configured", "", nil, body(fresh, Sign("", fresh)), "no webhook secret"},
		{"bad header signature", key, http.Header{"X-Track123-Timestamp": {fresh}, "X-Track123-Signature": {Sign("x", fresh)}}, body(fresh, Sign(key, fresh)), "bad signature"},
		{"stale header timestamp", key, http.Header{"X-Track123-Timestamp": {ms(clock.Add(-time.Hour))}, "X-Track123-Signature": {Sign(key, ms(clock.Add(-time.Hour)))}}, body(fresh, Sign(key, fresh)), "stale timestamp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			h := testCarrier(t).webhook(tt.secret, rec.sink, func() time.Time { return clock })
			w := send(h, http.MethodPost, tt.header, tt.body)
			if w.Code != http.StatusUnauthorized || !strings.Contains(w.Body.String(), tt.want) {
				t.Fatalf("status %d %q, want 401 saying %q", w.Code, w.Body, tt.want)
			}
			if rec.calls != 0 {
				t.Fatal("the sink was called")
			}
		})
	}
	// Within the window, in both timestamp spellings, it passes.
	for _, ts := range []string{fresh, `"` + fresh + `"`, `"` + fresh[:10] + `"`} {
		rec := &recorder{}
		h := testCarrier(t).webhook(key, rec.sink, func() time.Time { return clock })
		text := strings.Trim(ts, `"`)
		if w := send(h, http.MethodPost, nil, body(ts, Sign(key, text))); w.Code != http.StatusOK || rec.calls != 1 {
			t.Fatalf("timestamp %s: status %d %s", ts, w.Code, w.Body)
		}
	}
}

func TestWebhookOtherAnswers(t *testing.T) {
	const key = "t123-test-key"
	ts := track123fake.Millis(clock)
	signed := http.Header{"X-Track123-Timestamp": {ts}, "X-Track123-Signature": {Sign(key, ts)}}
	good := []byte(`{"data":{"trackNo":"LP00123456789012","localLogisticsInfo":{"trackingDetails":[{"eventTime":"2026-11-01 10:00:00","transitSubStatus":"IN_TRANSIT_01"}]}}}`)
	tests := []struct {
		name    string
		method  string
		body    []byte
		sinkErr error
		want    int
		calls   int
	}{
		{"GET", http.MethodGet, nil, nil, http.StatusMethodNotAllowed, 0},
		{"not JSON", http.MethodPost, []byte("trackNo=1"), nil, http.StatusBadRequest, 0},
		{"no number", http.MethodPost, []byte(`{"data":{"transitStatus":"DELIVERED"}}`), nil, http.StatusBadRequest, 0},
		{"too big", http.MethodPost, bytes.Repeat([]byte(" "), MaxWebhookBody+1), nil, http.StatusRequestEntityTooLarge, 0},
		{"nothing to store", http.MethodPost, []byte(`{"data":{"trackNo":"LP00123456789012","transitStatus":"NO_RECORD"}}`), nil, http.StatusOK, 0},
		{"sink fails: Track123 retries", http.MethodPost, good, errors.New("disk full"), http.StatusInternalServerError, 1},
		{"stored", http.MethodPost, good, nil, http.StatusOK, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{err: tt.sinkErr}
			h := testCarrier(t).webhook(key, rec.sink, func() time.Time { return clock })
			if w := send(h, tt.method, signed, tt.body); w.Code != tt.want || rec.calls != tt.calls {
				t.Fatalf("status %d, sink calls %d; want %d, %d", w.Code, rec.calls, tt.want, tt.calls)
			}
		})
	}
}

// An EXPIRED push says Track123 stopped following the number.
func TestWebhookExpiredIsStopped(t *testing.T) {
	const key = "t123-test-key"
	ts := track123fake.Millis(clock)
	rec := &recorder{}
	h := testCarrier(t).webhook(key, rec.sink, func() time.Time { return clock })
	body := []byte(`{"data":{"trackNo":"LP00123456789012","transitStatus":"EXPIRED","localLogisticsInfo":{"trackingDetails":[]}},"verify":{"timestamp":"` + ts + `","signature":"` + Sign(key, ts) + `"}}`)
	if w := send(h, http.MethodPost, nil, body); w.Code != http.StatusOK || len(rec.pushes) != 1 || !rec.pushes[0].Stopped {
		t.Fatalf("status %d, pushes %+v", w.Code, rec.pushes)
	}
}

// The production handler reads the real clock: a push signed now passes.
func TestWebhookUsesTheClock(t *testing.T) {
	const key = "t123-test-key"
	ts := track123fake.Millis(time.Now())
	rec := &recorder{}
	h := testCarrier(t).Webhook(key, rec.sink)
	header := http.Header{"X-Track123-Timestamp": {ts}, "X-Track123-Signature": {Sign(key, ts)}}
	body := []byte(`{"trackingNumber":"YT122315645615","transitStatus":"Delivered","transitSubStatus":"Delivered","trackInfo":[{"eventTime":"2024-01-10 16:15:00","eventDetail":"Your express has been delivered","eventLocation":"US,CA,Fontana"}]}`)
	if w := send(h, http.MethodPost, header, body); w.Code != http.StatusOK || len(rec.pushes) != 1 || rec.pushes[0].Events[0].Status != tracker.StatusDelivered {
		t.Fatalf("status %d %s, pushes %+v", w.Code, w.Body, rec.pushes)
	}
}

// The API guide's example push (testdata/webhook.json, with its trackNo
// and verify block filled in), read field by field.
func TestWebhookDocumentedExample(t *testing.T) {
	const key = "t123-test-key"
	raw, err := os.ReadFile("testdata/webhook.json")
	if err != nil {
		t.Fatal(err)
	}
	body := bytes.Replace(raw, []byte("SIGNATURE"), []byte(Sign(key, "1793620800000")), 1)
	rec := &recorder{}
	h := testCarrier(t).webhook(key, rec.sink, func() time.Time { return clock })
	if w := send(h, http.MethodPost, nil, body); w.Code != http.StatusOK || len(rec.pushes) != 1 {
		t.Fatalf("status %d %s", w.Code, w.Body)
	}
	at := func(h, m, s int) time.Time { return time.Date(2021, 8, 11, h, m, s, 0, time.UTC) }
	want := []tracker.Event{
		// eventTime 10:32:41 at +08:00, not the placeholder eventTimeZeroUTC.
		{Time: time.Date(2021, 8, 12, 2, 32, 41, 0, time.UTC), Status: tracker.StatusDelivered, RawStatus: "DELIVERED_01", Location: "Mableton, GA", Description: "Delivered"},
		{Time: at(19, 9, 0), Status: tracker.StatusOutForDelivery, RawStatus: "WAITING_DELIVERY_01", Location: "AUSTELL, GA", Description: "On fedex vehicle for delivery"},
		{Time: at(19, 4, 0), Status: tracker.StatusInTransit, RawStatus: "IN_TRANSIT_01", Location: "AUSTELL, GA", Description: "Arrived at fedex location"},
	}
	p := rec.pushes[0]
	if p.TrackingNo != "9261290289104300655419" || p.Stopped || p.LastMile != (tracker.LastMile{}) {
		t.Fatalf("push %+v", p)
	}
	contract.SameEvents(t, p.Events, want)
}
