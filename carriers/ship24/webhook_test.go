package ship24_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"waybill/carriers/carrierhttp"
	"waybill/carriers/ship24"
	"waybill/carriers/ship24/ship24fake"
	"waybill/tracker"
)

// Ship24 signs nothing: the webhook secret itself comes in the
// Authorization header, so the known vector is the header value.
const (
	secret     = "whsec_9f8e7d6c5b4a"
	goodHeader = "Bearer whsec_9f8e7d6c5b4a"
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

func handler(t *testing.T, rec *recorder, secret string) http.Handler {
	t.Helper()
	c, err := ship24.New(carrierhttp.Options{APIKey: "apik_test"})
	if err != nil {
		t.Fatal(err)
	}
	return c.Webhook(secret, rec.sink)
}

func send(h http.Handler, method, auth string, body []byte) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "/webhooks/ship24", bytes.NewReader(body))
	if auth != "" {
		r.Header.Set("Authorization", auth)
	}
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestWebhookDocumentedPush(t *testing.T) {
	body, err := os.ReadFile("testdata/webhook.json")
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	w := send(handler(t, rec, secret), http.MethodPost, goodHeader, body)
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if rec.calls != 1 || rec.service != "ship24" || len(rec.pushes) != 2 {
		t.Fatalf("sink calls %d service %q pushes %d", rec.calls, rec.service, len(rec.pushes))
	}
	want := []tracker.Push{
		{
			TrackingNo: "9400111202544843610364",
			ETA:        time.Date(2025, 3, 4, 18, 0, 0, 0, time.UTC),
			Events: []tracker.Event{{
				Time: time.Date(2025, 3, 4, 17, 12, 57, 0, time.UTC), Status: tracker.StatusDelivered,
				RawStatus: "delivery_delivered", Location: "SAN RAFAEL, CA 94901", Description: "Delivered to the addressee",
			}},
		},
		{
			TrackingNo: "LP00123456789012",
			Events: []tracker.Event{{
				Time: time.Date(2025, 3, 3, 8, 30, 0, 0, time.UTC), Status: tracker.StatusCustoms,
				RawStatus: "customs_exception", Location: "Liege", Description: "Held by customs: commercial invoice required",
				Exception: tracker.ExCustoms,
			}},
		},
	}
	for i, p := range rec.pushes {
		if p.TrackingNo != want[i].TrackingNo || !p.ETA.Equal(want[i].ETA) || len(p.Events) != 1 || p.Events[0] != want[i].Events[0] {
			t.Errorf("push %d:\n got %+v\nwant %+v", i, p, want[i])
		}
	}
}

func TestWebhookRefusals(t *testing.T) {
	valid, err := os.ReadFile("testdata/webhook.json")
	if err != nil {
		t.Fatal(err)
	}
	big := append([]byte(`{"trackings":[],"pad":"`), bytes.Repeat([]byte("x"), ship24.MaxWebhookBody)...)
	big = append(big, `"}`...)
	tests := []struct {
		name   string
		method string
		auth   string
		body   []byte
		secret string
		status int
	}{
		{"right secret", http.MethodPost, goodHeader, valid, secret, http.StatusOK},
		{"scheme in lower case", http.MethodPost, "bearer " + secret, valid, secret, http.StatusOK},
		{"wrong secret", http.MethodPost, "Bearer whsec_9f8e7d6c5b4b", valid, secret, http.StatusUnauthorized},
		{"secret as a prefix", http.MethodPost, "Bearer whsec_9f8e7d", valid, secret, http.StatusUnauthorized},
		{"secret plus more", http.MethodPost, goodHeader + "0", valid, secret, http.StatusUnauthorized},
		{"missing header", http.MethodPost, "", valid, secret, http.StatusUnauthorized},
		{"no scheme", http.MethodPost, secret, valid, secret, http.StatusUnauthorized},
		{"basic scheme", http.MethodPost, "Basic " + secret, valid, secret, http.StatusUnauthorized},
		{"empty bearer", http.MethodPost, "Bearer ", valid, secret, http.StatusUnauthorized},
		{"no secret configured refuses all", http.MethodPost, "Bearer ", valid, "", http.StatusUnauthorized},
		{"oversized body", http.MethodPost, goodHeader, big, secret, http.StatusRequestEntityTooLarge},
		{"not JSON", http.MethodPost, goodHeader, []byte("trackings=1"), secret, http.StatusBadRequest},
		{"GET", http.MethodGet, goodHeader, nil, secret, http.StatusMethodNotAllowed},
		{"PUT", http.MethodPut, goodHeader, valid, secret, http.StatusMethodNotAllowed},
		{"HEAD health check", http.MethodHead, "", nil, secret, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			w := send(handler(t, rec, tt.secret), tt.method, tt.auth, tt.body)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d (%s)", w.Code, tt.status, w.Body)
			}
			if called := rec.calls > 0; called != (tt.status == http.StatusOK && tt.method == http.MethodPost) {
				t.Fatalf("sink called %d times with status %d", rec.calls, w.Code)
			}
			if tt.status == http.StatusMethodNotAllowed && !strings.Contains(w.Header().Get("Allow"), "POST") {
				t.Fatalf("Allow %q", w.Header().Get("Allow"))
			}
		})
	}
}

func TestWebhookSinkFailureAsksForRetry(t *testing.T) {
	body, _ := os.ReadFile("testdata/webhook.json")
	rec := &recorder{err: errors.New("database is locked")}
	w := send(handler(t, rec, secret), http.MethodPost, goodHeader, body)
	if w.Code != http.StatusInternalServerError || rec.calls != 1 {
		t.Fatalf("status %d, sink calls %d", w.Code, rec.calls)
	}
	if strings.Contains(w.Body.String(), "database") {
		t.Fatalf("internal error leaked to the sender: %q", w.Body)
	}
}

func TestWebhookSkipsItemsWithoutNumberOrNews(t *testing.T) {
	body := []byte(`{"trackings":[
		{"tracker":{"trackingNumber":""},"events":[{"eventId":"x","occurrenceDatetime":"2025-01-01","statusMilestone":"in_transit"}]},
		{"tracker":{"trackingNumber":"AB123456"},"events":[]},
		{"tracker":{},"events":[{"eventId":"y","trackingNumber":"CD123456","occurrenceDatetime":"2025-01-02","statusMilestone":"in_transit"}]}
	]}`)
	rec := &recorder{}
	w := send(handler(t, rec, secret), http.MethodPost, goodHeader, body)
	if w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	// The first item names no number anywhere; the second says nothing.
	if len(rec.pushes) != 1 || rec.pushes[0].TrackingNo != "CD123456" {
		t.Fatalf("pushes %+v", rec.pushes)
	}
	rec = &recorder{}
	w = send(handler(t, rec, secret), http.MethodPost, goodHeader, []byte(`{"trackings":[]}`))
	if w.Code != http.StatusOK || rec.calls != 0 {
		t.Fatalf("empty push: status %d, sink calls %d", w.Code, rec.calls)
	}
}

// A push and a poll of the same events must give the same events, so the
// store's dedupe key (time, raw status, location, description) matches.
func TestWebhookAndPollAgree(t *testing.T) {
	fake := ship24fake.New(t, 0)
	c := newCarrier(t, fake)
	n := numbers(1)[0]
	fake.AddDelivered(n, shipped)
	res, err := track1(t, c, req(n))
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	if w := send(c.Webhook(secret, rec.sink), http.MethodPost, goodHeader, fake.WebhookBody(n)); w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	var polled, pushed []string
	for _, e := range res.Events {
		polled = append(polled, e.Key()+"|"+string(e.Status)+"|"+string(e.Exception))
	}
	for _, p := range rec.pushes {
		if p.TrackingNo != n {
			t.Fatalf("push for %q", p.TrackingNo)
		}
		for _, e := range p.Events {
			pushed = append(pushed, e.Key()+"|"+string(e.Status)+"|"+string(e.Exception))
		}
	}
	sort.Strings(polled)
	sort.Strings(pushed)
	if strings.Join(polled, "\n") != strings.Join(pushed, "\n") {
		t.Fatalf("poll and push differ:\npoll:\n%s\npush:\n%s", strings.Join(polled, "\n"), strings.Join(pushed, "\n"))
	}
}
