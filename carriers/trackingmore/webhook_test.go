package trackingmore_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"waybill/carriers/trackingmore"
	"waybill/carriers/trackingmore/trackingmorefake"
	"waybill/tracker"
)

const secret = "2e55b9a3-4dd1-4416-9897-c4bd1e3d738f"

type sinkRec struct {
	calls  int
	pushes []tracker.Push
	err    error
}

func (s *sinkRec) sink(_ context.Context, service string, ps []tracker.Push) (tracker.ApplySummary, error) {
	s.calls++
	if service != "trackingmore" {
		return tracker.ApplySummary{}, errors.New("wrong service " + service)
	}
	s.pushes = append(s.pushes, ps...)
	return tracker.ApplySummary{}, s.err
}

func post(t *testing.T, h http.Handler, method string, header http.Header, body []byte) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, "/webhooks/trackingmore", bytes.NewReader(body))
	for k, v := range header {
		r.Header[k] = v
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestWebhook(t *testing.T) {
	fake := trackingmorefake.New(t, 0)
	fake.AddDelivered("RB123456785CN", time.Now().Add(-10*24*time.Hour))
	body := fake.WebhookBody("RB123456785CN")
	c, err := trackingmore.New(trackingmoreOpts(fake))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	signedBody := http.Header{}
	signedBody.Set("signature", trackingmorefake.SignBody(secret, body))
	stale := trackingmorefake.PushHeaders(secret, now.Add(-2*time.Hour))
	wrongTS := trackingmorefake.PushHeaders(secret, now)
	wrongTS.Set("timestamp", strconv.FormatInt(now.Unix()+1, 10)) // signature of another timestamp
	tests := []struct {
		name    string
		secret  string
		method  string
		header  http.Header
		body    []byte
		sinkErr error
		status  int
		stored  bool
	}{
		{"signed timestamp, as the docs' Go example", secret, "POST", trackingmorefake.PushHeaders(secret, now), body, nil, 200, true},
		{"signed body, as the docs' prose", secret, "POST", signedBody, body, nil, 200, true},
		{"signature with another secret", secret, "POST", trackingmorefake.PushHeaders("other", now), body, nil, 401, false},
		{"no signature", secret, "POST", http.Header{}, body, nil, 401, false},
		{"timestamp changed after signing", secret, "POST", wrongTS, body, nil, 401, false},
		{"timestamp older than an hour", secret, "POST", stale, body, nil, 401, false},
		{"empty secret accepts nothing", "", "POST", trackingmorefake.PushHeaders("", now), body, nil, 401, false},
		{"GET", secret, "GET", trackingmorefake.PushHeaders(secret, now), nil, nil, 405, false},
		{"signed, but not TrackingMore's JSON", secret, "POST", trackingmorefake.PushHeaders(secret, now), []byte(`"nope"`), nil, 400, false},
		{"too big", secret, "POST", trackingmorefake.PushHeaders(secret, now), bytes.Repeat([]byte("x"), trackingmore.MaxWebhookBody+1), nil, 413, false},
		{"the store fails: TrackingMore retries", secret, "POST", trackingmorefake.PushHeaders(secret, now), body, errors.New("disk full"), 500, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &sinkRec{err: tt.sinkErr}
			w := post(t, c.Webhook(tt.secret, rec.sink), tt.method, tt.header, tt.body)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			if (rec.calls > 0) != tt.stored {
				t.Fatalf("sink called %d times, want stored %v", rec.calls, tt.stored)
			}
			if tt.stored && (len(rec.pushes) != 1 || rec.pushes[0].TrackingNo != "RB123456785CN" || len(rec.pushes[0].Events) != 8) {
				t.Fatalf("pushes %+v", rec.pushes)
			}
		})
	}
}

// A push is the same as a poll: same events, and an expired tracking is
// Stopped.
func TestWebhookMatchesPollAndCarriesStop(t *testing.T) {
	fake := trackingmorefake.New(t, 0)
	fake.AddDelivered("RB123456785CN", time.Now().Add(-10*24*time.Hour))
	fake.SetStatus("RB123456785CN", "expired", "expired001")
	c, err := trackingmore.New(trackingmoreOpts(fake))
	if err != nil {
		t.Fatal(err)
	}
	c.SetRate(0)
	polled := track(t, c, req("RB123456785CN", "china-post"))[0]
	rec := &sinkRec{}
	w := post(t, c.Webhook(secret, rec.sink), "POST", trackingmorefake.PushHeaders(secret, time.Now()), fake.WebhookBody("RB123456785CN"))
	if w.Code != 200 || len(rec.pushes) != 1 {
		t.Fatalf("status %d pushes %+v", w.Code, rec.pushes)
	}
	p := rec.pushes[0]
	if !p.Stopped || !polled.Stopped || len(p.Events) != len(polled.Events) {
		t.Fatalf("push %+v\npoll %+v", p, polled)
	}
	for i := range p.Events {
		if p.Events[i].Key() != polled.Events[i].Key() {
			t.Fatalf("event %d differs: %+v vs %+v", i, p.Events[i], polled.Events[i])
		}
	}
	// A push that names no number, or says nothing, is acknowledged and
	// stores nothing.
	for _, b := range []string{`{"data":{"delivery_status":"transit"}}`, `{"data":{"tracking_number":"RB1","delivery_status":"pending"}}`, `{"data":[]}`} {
		rec := &sinkRec{}
		if w := post(t, c.Webhook(secret, rec.sink), "POST", trackingmorefake.PushHeaders(secret, time.Now()), []byte(b)); w.Code != 200 || rec.calls != 0 {
			t.Fatalf("%s: status %d, sink %d", b, w.Code, rec.calls)
		}
	}
	if trackingmorefake.SignatureHeader != trackingmore.SignatureHeader || trackingmorefake.TimestampHeader != trackingmore.TimestampHeader {
		t.Fatal("the fake and the adapter disagree on the header names")
	}
}
