package ship24

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// checkEvents holds for every event we hand on, whatever Ship24 sent.
func checkEvents(t *testing.T, evs []tracker.Event) {
	t.Helper()
	for _, e := range evs {
		if e.Time.IsZero() || e.Time.Location() != time.UTC {
			t.Fatalf("event time %v is zero or not UTC", e.Time)
		}
		if !e.Status.Valid() {
			t.Fatalf("event status %q is not normalized", e.Status)
		}
		if e.Exception != "" {
			known := false
			for _, k := range tracker.ExceptionKinds {
				known = known || k == e.Exception
			}
			if !known {
				t.Fatalf("exception kind %q unknown", e.Exception)
			}
		}
	}
}

// FuzzDecodeTrackAnswer feeds arbitrary bodies to the decoder of a 2xx
// answer of POST /trackers/track: it must never panic, and what it returns
// is either a call error, or one coherent result.
func FuzzDecodeTrackAnswer(f *testing.F) {
	f.Add([]byte(`{"data":{"trackings":[{"events":[{"eventId":"a","occurrenceDatetime":"2021-03-04T17:12:57","statusCode":"delivery_delivered","statusMilestone":"delivered"}]}]}}`))
	f.Add([]byte(`{"errors":[{"code":"quota_limit_reached","message":"No more quota left."}],"data":null}`))
	f.Add([]byte(`{"data":{"trackings":[]}}`))
	c := testCarrier(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		res, err := c.parse(tracker.TrackResult{TrackingNo: "AB12345"}, "AB12345", body)
		if err != nil {
			if tracker.FailKindOf(err) == "" {
				t.Fatalf("call error %v is not a CarrierError", err)
			}
			return
		}
		if res.TrackingNo != "AB12345" {
			t.Fatalf("result for %q", res.TrackingNo)
		}
		if res.NotFound && (len(res.Events) > 0 || res.Err != nil) {
			t.Fatalf("NotFound with events or an error: %+v", res)
		}
		if !res.NotFound && len(res.Events) == 0 && res.Err == nil {
			t.Fatalf("neither events, NotFound nor an error: %+v", res)
		}
		checkEvents(t, res.Events)
		if !res.ETA.IsZero() && res.ETA.Location() != time.UTC {
			t.Fatalf("ETA %v not UTC", res.ETA)
		}
	})
}

// FuzzWebhook sends arbitrary bodies and Authorization headers to the
// webhook: it must never panic, answer only documented statuses, and call
// the sink only for the right secret, with routable, coherent pushes.
func FuzzWebhook(f *testing.F) {
	const secret = "whsec_fuzz"
	f.Add([]byte(`{"trackings":[{"tracker":{"trackingNumber":"AB12345"},"events":[{"eventId":"a","occurrenceDatetime":"2025-03-04T17:12:57","statusMilestone":"delivered","statusCode":"delivery_delivered"}]}]}`), "Bearer "+secret)
	f.Add([]byte(`{"trackings":[]}`), "Bearer wrong")
	f.Add([]byte(`{`), "Bearer "+secret)
	c := testCarrier(f)
	f.Fuzz(func(t *testing.T, body []byte, auth string) {
		called := false
		h := c.Webhook(secret, func(_ context.Context, service string, pushes []tracker.Push) (tracker.ApplySummary, error) {
			called = true
			if service != Slug || len(pushes) == 0 {
				t.Fatalf("sink got service %q and %d pushes", service, len(pushes))
			}
			for _, p := range pushes {
				if strings.TrimSpace(p.TrackingNo) == "" {
					t.Fatal("push without a tracking number")
				}
				checkEvents(t, p.Events)
			}
			return tracker.ApplySummary{}, nil
		})
		r := httptest.NewRequest(http.MethodPost, "/webhooks/ship24", bytes.NewReader(body))
		r.Header.Set("Authorization", auth)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		switch w.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusUnauthorized, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d", w.Code)
		}
		a := strings.TrimSpace(auth)
		if called && (w.Code != http.StatusOK || !strings.Contains(a, secret) || len(a) < 7 || !strings.EqualFold(a[:6], "bearer")) {
			t.Fatalf("sink called for Authorization %q (status %d)", auth, w.Code)
		}
	})
}
