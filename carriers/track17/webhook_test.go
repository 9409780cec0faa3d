package track17_test

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
	"waybill/carriers/track17"
	"waybill/carriers/track17/track17fake"
	"waybill/tracker"
)

const hookSecret = "Xk9-sEcReT"

// Signatures computed outside Go, with
//
//	printf '%s/%s' "$(cat testdata/webhook_updated.json)" 'Xk9-sEcReT' | openssl dgst -sha256
//	printf '%s' '<stopped body>/Xk9-sEcReT' | sha256sum
const (
	updatedSign = "b1e08d74deacb020e98610f440ea2dd0f7a5c638cd51f1012c3cebb54c16d436"
	stoppedBody = `{"event":"TRACKING_STOPPED","data":{"number":"RR123456785CN","carrier":3011,"tag":""}}`
	stoppedSign = "08abf4f4f1e77b0273165929cc2a59ef823f36dcfea9bb421d4a4ebafde3e9a9"
)

// sinkRecorder is a PushSink that remembers what it was given.
type sinkRecorder struct {
	calls   int
	service string
	pushes  []tracker.Push
	err     error
}

func (s *sinkRecorder) sink(_ context.Context, service string, pushes []tracker.Push) (tracker.ApplySummary, error) {
	s.calls++
	s.service = service
	s.pushes = append(s.pushes, pushes...)
	return tracker.ApplySummary{}, s.err
}

func hookCarrier(t *testing.T) *track17.Carrier {
	t.Helper()
	c, err := track17.New(carrierhttp.Options{APIKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func post(t *testing.T, h http.Handler, method string, body []byte, sign string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, "/hooks/17track", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if sign != "" {
		r.Header.Set("sign", sign)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestSignKnownVectors(t *testing.T) {
	body, err := os.ReadFile("testdata/webhook_updated.json")
	if err != nil {
		t.Fatal(err)
	}
	if got := track17.Sign(body, hookSecret); got != updatedSign {
		t.Errorf("Sign(updated) = %s, want %s", got, updatedSign)
	}
	if got := track17.Sign([]byte(stoppedBody), hookSecret); got != stoppedSign {
		t.Errorf("Sign(stopped) = %s, want %s", got, stoppedSign)
	}
	if got := track17fake.SignPush([]byte(stoppedBody), hookSecret); got != stoppedSign {
		t.Errorf("fake's SignPush = %s, want %s", got, stoppedSign)
	}
}

func TestWebhook(t *testing.T) {
	updated, err := os.ReadFile("testdata/webhook_updated.json")
	if err != nil {
		t.Fatal(err)
	}
	big := append([]byte(`{"event":"TRACKING_UPDATED","data":{"number":"X","tag":"`), bytes.Repeat([]byte("a"), 1<<20)...)
	big = append(big, `"}}`...)

	cases := []struct {
		name     string
		method   string
		body     []byte
		sign     string
		secret   string
		sinkErr  error
		status   int
		sinkUsed bool
	}{
		{"documented push", http.MethodPost, updated, updatedSign, hookSecret, nil, 200, true},
		{"uppercase hex accepted", http.MethodPost, updated, strings.ToUpper(updatedSign), hookSecret, nil, 200, true},
		{"wrong signature", http.MethodPost, updated, stoppedSign, hookSecret, nil, 401, false},
		{"signature of another secret", http.MethodPost, updated, track17.Sign(updated, "other"), hookSecret, nil, 401, false},
		{"missing signature", http.MethodPost, updated, "", hookSecret, nil, 401, false},
		{"no secret configured", http.MethodPost, updated, track17.Sign(updated, ""), "", nil, 401, false},
		{"body changed after signing", http.MethodPost, append(bytes.Clone(updated), ' '), updatedSign, hookSecret, nil, 401, false},
		{"oversized body", http.MethodPost, big, track17.Sign(big, hookSecret), hookSecret, nil, 413, false},
		{"GET", http.MethodGet, nil, "", hookSecret, nil, 405, false},
		{"signed but not JSON", http.MethodPost, []byte("hello"), track17.Sign([]byte("hello"), hookSecret), hookSecret, nil, 400, false},
		{"signed push without a number", http.MethodPost, []byte(`{"event":"TRACKING_UPDATED","data":{}}`), track17.Sign([]byte(`{"event":"TRACKING_UPDATED","data":{}}`), hookSecret), hookSecret, nil, 400, false},
		{"stop notice without tracking data", http.MethodPost, []byte(stoppedBody), stoppedSign, hookSecret, nil, 200, true},
		{"unknown event acknowledged", http.MethodPost, []byte(`{"event":"PING"}`), track17.Sign([]byte(`{"event":"PING"}`), hookSecret), hookSecret, nil, 200, false},
		{"sink fails: 17TRACK must retry", http.MethodPost, updated, updatedSign, hookSecret, errors.New("database is locked"), 500, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := &sinkRecorder{err: tc.sinkErr}
			h := hookCarrier(t).Webhook(tc.secret, rec.sink)
			w := post(t, h, tc.method, tc.body, tc.sign)
			if w.Code != tc.status {
				t.Fatalf("status %d (%s), want %d", w.Code, strings.TrimSpace(w.Body.String()), tc.status)
			}
			if (rec.calls > 0) != tc.sinkUsed {
				t.Fatalf("sink called %d times, want called: %v", rec.calls, tc.sinkUsed)
			}
			if tc.status == 405 && w.Header().Get("Allow") != http.MethodPost {
				t.Errorf("Allow %q", w.Header().Get("Allow"))
			}
		})
	}
}

func TestWebhookDecodesPush(t *testing.T) {
	updated, err := os.ReadFile("testdata/webhook_updated.json")
	if err != nil {
		t.Fatal(err)
	}
	rec := &sinkRecorder{}
	c := hookCarrier(t)
	if w := post(t, c.Webhook(hookSecret, rec.sink), http.MethodPost, updated, updatedSign); w.Code != 200 {
		t.Fatalf("status %d", w.Code)
	}
	if rec.service != "17track" || len(rec.pushes) != 1 {
		t.Fatalf("sink got %q %+v", rec.service, rec.pushes)
	}
	p := rec.pushes[0]
	if p.TrackingNo != "RR123456785CN" {
		t.Errorf("number %q", p.TrackingNo)
	}
	if want := time.Date(2026, 11, 8, 5, 0, 0, 0, time.UTC); !p.ETA.Equal(want) {
		t.Errorf("ETA %v, want %v (from, as to is null)", p.ETA, want)
	}
	want := []tracker.Event{
		{Time: time.Date(2026, 11, 3, 11, 45, 0, 0, time.UTC), Status: tracker.StatusInTransit, RawStatus: "InTransit_Arrival", Location: "JAMAICA, NY 11430", Description: "Arrived at Facility"},
		{Time: time.Date(2026, 10, 29, 10, 20, 0, 0, time.UTC), Status: tracker.StatusInTransit, RawStatus: "InTransit_PickedUp", Location: "Shenzhen", Description: "Acceptance"},
	}
	if len(p.Events) != len(want) {
		t.Fatalf("events %+v", p.Events)
	}
	for i := range want {
		if p.Events[i] != want[i] {
			t.Errorf("event %d\n got %+v\nwant %+v", i, p.Events[i], want[i])
		}
	}
}

// TestWebhookFromFake plays a push the fake renders, signed the fake's way,
// and checks that the pushed number then counts as registered: the next
// poll does not register it again.
func TestWebhookFromFake(t *testing.T) {
	fake, c := newPair(t)
	n := s10(30000000, 1)[0]
	fake.AddDelivered(n, shipped)
	fake.Register(n, 3011)
	body := fake.PushBody(track17.EventUpdated, n)
	rec := &sinkRecorder{}
	if w := post(t, c.Webhook(hookSecret, rec.sink), http.MethodPost, body, track17fake.SignPush(body, hookSecret)); w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if len(rec.pushes) != 1 || len(rec.pushes[0].Events) != 9 || rec.pushes[0].ETA.IsZero() {
		t.Fatalf("pushes %+v", rec.pushes)
	}
	track(t, c, reqs("china-post", n))
	for _, r := range fake.Requests() {
		if r.Path == "/track/v2.2/register" {
			t.Fatal("registered a number 17TRACK had just pushed")
		}
	}
}
