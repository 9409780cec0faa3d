package aftership

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

	"waybill/carriers/aftership/aftershipfake"
	"waybill/carriers/carrierhttp"
	"waybill/tracker"
)

// Signature vectors computed outside Go:
//
//	openssl dgst -sha256 -hmac 'whsec_3c1f0e6b' -binary testdata/webhook_tracking_update.json | base64
//	printf '%s' '{"ts":1,"event":"tracking_update","msg":{}}' | openssl dgst -sha256 -hmac 'key' -binary | base64
const (
	sampleSecret = "whsec_3c1f0e6b"
	sampleSig    = "WbeDq9shK8CmVLVXgzJOGpXRO6olTbAy3UJihUv8dZ8="
	emptyMsgBody = `{"ts":1,"event":"tracking_update","msg":{}}`
	emptyMsgSig  = "CkY9sSJDBmG4lH/pUioQ8fvCmCP9HAbgJds7wP33s6U="
)

type sinkRecorder struct {
	calls  int
	svc    string
	pushes []tracker.Push
	err    error
}

func (s *sinkRecorder) sink(_ context.Context, service string, p []tracker.Push) (tracker.ApplySummary, error) {
	s.calls++
	s.svc, s.pushes = service, p
	return tracker.ApplySummary{}, s.err
}

func webhookCarrier(t *testing.T) *Carrier {
	t.Helper()
	c, err := New(carrierhttp.Options{APIKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func post(h http.Handler, method string, body []byte, sig string, hasSig bool) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "/webhooks/aftership", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if hasSig {
		r.Header.Set("aftership-hmac-sha256", sig)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestWebhookSignedUpdate(t *testing.T) {
	body, err := os.ReadFile("testdata/webhook_tracking_update.json")
	if err != nil {
		t.Fatal(err)
	}
	var rec sinkRecorder
	h := webhookCarrier(t).Webhook(sampleSecret, rec.sink)
	w := post(h, http.MethodPost, body, sampleSig, true)
	if w.Code != http.StatusOK || rec.calls != 1 || rec.svc != "aftership" {
		t.Fatalf("status %d, sink calls %d for %q", w.Code, rec.calls, rec.svc)
	}
	if len(rec.pushes) != 1 {
		t.Fatalf("%d pushes", len(rec.pushes))
	}
	p := rec.pushes[0]
	wantETA := time.Date(2024, 4, 12, 16, 0, 0, 0, time.UTC)
	if p.TrackingNo != "RR123456785CN" || !p.ETA.Equal(wantETA) || len(p.Events) != 2 {
		t.Fatalf("push %+v", p)
	}
	e := p.Events[1]
	want := tracker.Event{
		Time:        time.Date(2024, 4, 11, 7, 58, 0, 0, time.UTC),
		Status:      tracker.StatusDeliveryFailed,
		RawStatus:   "AttemptFail_002",
		Location:    "Berlin, Berlin, Germany",
		Description: "Der Empfänger wurde nicht angetroffen. Die Sendung wird in die Filiale gebracht.",
		Exception:   tracker.ExDeliveryFailed,
	}
	if !e.Time.Equal(want.Time) || e.Status != want.Status || e.RawStatus != want.RawStatus ||
		e.Location != want.Location || e.Description != want.Description || e.Exception != want.Exception {
		t.Fatalf("event\n got %+v\nwant %+v", e, want)
	}

	// The same push again is accepted too: the store dedupes.
	if w := post(h, http.MethodPost, body, sampleSig, true); w.Code != http.StatusOK || rec.calls != 2 {
		t.Fatalf("repeat: status %d, calls %d", w.Code, rec.calls)
	}
}

func TestWebhookRefusals(t *testing.T) {
	body, err := os.ReadFile("testdata/webhook_tracking_update.json")
	if err != nil {
		t.Fatal(err)
	}
	big := append(append([]byte(`{"ts":1,"event":"tracking_update","msg":{"note":"`), bytes.Repeat([]byte("x"), MaxWebhookBody)...), `"}}`...)
	cases := []struct {
		name   string
		secret string
		method string
		body   []byte
		sig    string
		hasSig bool
		status int
	}{
		{"missing signature", sampleSecret, http.MethodPost, body, "", false, http.StatusUnauthorized},
		{"empty signature", sampleSecret, http.MethodPost, body, "", true, http.StatusUnauthorized},
		{"wrong signature", sampleSecret, http.MethodPost, body, emptyMsgSig, true, http.StatusUnauthorized},
		{"signature that is not base64", sampleSecret, http.MethodPost, body, "not base64!", true, http.StatusUnauthorized},
		{"hex instead of base64", sampleSecret, http.MethodPost, body, "59b783abdb212bc0a654b55783324e1a95d13baa254db032dd42628542fc759f", true, http.StatusUnauthorized},
		{"right signature, other secret", "whsec_other", http.MethodPost, body, sampleSig, true, http.StatusUnauthorized},
		{"body changed after signing", sampleSecret, http.MethodPost, bytes.Replace(body, []byte("AttemptFail_002"), []byte("Delivered_001"), 1), sampleSig, true, http.StatusUnauthorized},
		{"no secret configured", "", http.MethodPost, body, sampleSig, true, http.StatusUnauthorized},
		{"oversized body", sampleSecret, http.MethodPost, big, aftershipfake.Sign(sampleSecret, big), true, http.StatusRequestEntityTooLarge},
		{"GET", sampleSecret, http.MethodGet, nil, "", false, http.StatusMethodNotAllowed},
		{"PUT with a valid signature", sampleSecret, http.MethodPut, body, sampleSig, true, http.StatusMethodNotAllowed},
		{"signed body that is not JSON", "key", http.MethodPost, []byte("not json"), aftershipfake.Sign("key", []byte("not json")), true, http.StatusBadRequest},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var rec sinkRecorder
			w := post(webhookCarrier(t).Webhook(c.secret, rec.sink), c.method, c.body, c.sig, c.hasSig)
			if w.Code != c.status {
				t.Fatalf("status %d, want %d", w.Code, c.status)
			}
			if rec.calls != 0 {
				t.Fatal("sink called")
			}
			if c.status == http.StatusMethodNotAllowed && w.Header().Get("Allow") != http.MethodPost {
				t.Fatalf("Allow %q", w.Header().Get("Allow"))
			}
		})
	}
}

func TestWebhookTrackingWithoutNumberIsAcknowledged(t *testing.T) {
	var rec sinkRecorder
	w := post(webhookCarrier(t).Webhook("key", rec.sink), http.MethodPost, []byte(emptyMsgBody), emptyMsgSig, true)
	if w.Code != http.StatusOK || rec.calls != 0 {
		t.Fatalf("status %d, sink calls %d", w.Code, rec.calls)
	}
}

func TestWebhookSinkFailureAsksForARetry(t *testing.T) {
	body, _ := os.ReadFile("testdata/webhook_tracking_update.json")
	rec := sinkRecorder{err: errors.New("database is locked")}
	w := post(webhookCarrier(t).Webhook(sampleSecret, rec.sink), http.MethodPost, body, sampleSig, true)
	if w.Code != http.StatusInternalServerError || rec.calls != 1 {
		t.Fatalf("status %d, calls %d", w.Code, rec.calls)
	}
	if strings.Contains(w.Body.String(), "database") {
		t.Fatalf("internal error leaked to the sender: %q", w.Body.String())
	}
}

// TestWebhookFromFake: the fake's webhook body for a scripted tracking goes
// through the handler, for end-to-end tests elsewhere.
func TestWebhookFromFake(t *testing.T) {
	f := aftershipfake.New(t, 0)
	n := "RR123456785CN"
	f.AddDelivered(n, time.Date(2026, 10, 20, 8, 0, 0, 0, time.UTC))
	body := f.WebhookBody(n)
	var rec sinkRecorder
	w := post(webhookCarrier(t).Webhook("s3cret", rec.sink), http.MethodPost, body, aftershipfake.Sign("s3cret", body), true)
	if w.Code != http.StatusOK || rec.calls != 1 || len(rec.pushes[0].Events) != 8 {
		t.Fatalf("status %d calls %d pushes %+v", w.Code, rec.calls, rec.pushes)
	}
	last := rec.pushes[0].Events[7]
	if last.Status != tracker.StatusDelivered || rec.pushes[0].ETA.IsZero() {
		t.Fatalf("last event %+v, ETA %v", last, rec.pushes[0].ETA)
	}
}
