package track123

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// checkEvents holds for every event we hand on, whatever Track123 sent.
func checkEvents(t *testing.T, evs []tracker.Event) {
	t.Helper()
	for _, e := range evs {
		if e.Time.Location() != time.UTC {
			t.Fatalf("event time %v is not UTC", e.Time)
		}
		if !e.Status.Valid() {
			t.Fatalf("event status %q is not normalized", e.Status)
		}
		if e.Exception != "" && !slices.Contains(tracker.ExceptionKinds, e.Exception) {
			t.Fatalf("exception kind %q unknown", e.Exception)
		}
	}
}

// FuzzDecodeQuery feeds arbitrary bodies to the decoder of a 2xx query
// answer and to convert: it must never panic, a refusal is a CarrierError,
// and what it reads is coherent.
func FuzzDecodeQuery(f *testing.F) {
	f.Add([]byte(`{"code":"00000","data":{"accepted":{"content":[{"trackNo":"LP00123456789012","trackingStatus":"001","transitStatus":"DELIVERED","transitSubStatus":"DELIVERED_01","expectedDelivery":"2026-10-29","localLogisticsInfo":{"courierCode":"cainiao","trackingDetails":[{"address":"Mableton, GA","timezone":"+08:00","eventDetail":"Delivered","eventTime":"2021-08-12 10:32:41","eventTimeZeroUTC":"2024-12-05T10:19:29Z","transitSubStatus":"DELIVERED_01"}]},"lastMileInfo":{"lmTrackNo":"9400111","openApiWayBillInfo":{"courierCode":"usps","trackingDetails":[]}}}]},"rejected":[]},"msg":"Success"}`))
	f.Add([]byte(`{"code":"A0230","msg":"Token is invalid or expired.","data":null}`))
	f.Add([]byte(`{"code":"00000","data":{"accepted":{"content":[]},"rejected":{"content":[{"trackNo":"X","error":{"code":"A0400","msg":"bad"}}]}}}`))
	f.Add([]byte(`{"code":"00000","data":{"accepted":{"content":[{"trackNo":"X","transitStatus":"EXPIRED","localLogisticsInfo":{"trackingDetails":[{"eventTime":"9999-12-31 23:59:59","timezone":"+14:00"},{"eventTime":"soon"}]}}]}}}`))
	c := testCarrier(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		var data queryData
		if err := c.decodeAnswer(body, &data); err != nil {
			if tracker.FailKindOf(err) == "" {
				t.Fatalf("error %v is not a CarrierError", err)
			}
			return
		}
		for _, r := range data.rejected() {
			_ = kindOf(r.Error.Code)
		}
		for _, tr := range data.Accepted.Content {
			conv := convert(tr)
			checkEvents(t, conv.events)
			if conv.skipped < 0 {
				t.Fatal("negative skipped")
			}
			if !conv.eta.IsZero() && (conv.eta.Location() != time.UTC || conv.eta.Year() < 1970) {
				t.Fatalf("ETA %v", conv.eta)
			}
			if conv.lastMile.TrackingNo != strings.TrimSpace(conv.lastMile.TrackingNo) {
				t.Fatalf("last mile %q not trimmed", conv.lastMile.TrackingNo)
			}
			if conv.stopped != (tr.TransitStatus == "EXPIRED") {
				t.Fatalf("stopped %v for %q", conv.stopped, tr.TransitStatus)
			}
		}
	})
}

// FuzzWebhook sends arbitrary bodies and signature headers to the
// receiver: it must never panic, answer only documented statuses, and call
// the sink only for a body or headers signed with the secret at a fresh
// timestamp, with routable, coherent pushes.
func FuzzWebhook(f *testing.F) {
	const secret = "t123-fuzz-key"
	now := time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)
	ts := "1793620800000" // now, in milliseconds
	sig := Sign(secret, ts)
	f.Add([]byte(`{"data":{"trackNo":"LP00123456789012","localLogisticsInfo":{"trackingDetails":[{"eventTime":"2026-11-01 10:00:00","timezone":"+08:00","transitSubStatus":"DELIVERED_01"}]}},"verify":{"timestamp":`+ts+`,"signature":"`+sig+`"}}`), "", "")
	f.Add([]byte(`{"trackingNumber":"YT122315645615","transitStatus":"Delivered","trackInfo":[{"eventTime":"2024-01-10 16:15:00","eventDetail":"Delivered","eventLocation":"US,CA,Fontana"}]}`), ts, sig)
	f.Add([]byte(`{"data":{"trackNo":"X"},"verify":{"timestamp":"1","signature":"00"}}`), "", "")
	f.Add([]byte(`{`), ts, sig)
	f.Add([]byte(`{"data":{"trackNo":"X","transitStatus":"EXPIRED"}}`), ts, strings.ToUpper(sig))
	c := testCarrier(f)
	f.Fuzz(func(t *testing.T, body []byte, hts, hsig string) {
		called := false
		h := c.webhook(secret, func(_ context.Context, service string, pushes []tracker.Push) (tracker.ApplySummary, error) {
			called = true
			if service != Slug || len(pushes) != 1 || strings.TrimSpace(pushes[0].TrackingNo) == "" {
				t.Fatalf("sink got %q %+v", service, pushes)
			}
			checkEvents(t, pushes[0].Events)
			return tracker.ApplySummary{}, nil
		}, func() time.Time { return now })
		r := httptest.NewRequest(http.MethodPost, "/webhooks/track123", bytes.NewReader(body))
		if hts != "" {
			r.Header.Set("X-Track123-Timestamp", hts)
		}
		if hsig != "" {
			r.Header.Set("X-Track123-Signature", hsig)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		switch w.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusUnauthorized, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d", w.Code)
		}
		if !called {
			return
		}
		// Called: whichever timestamp was checked carries a valid signature
		// and is fresh.
		checkTS, checkSig := r.Header.Get("X-Track123-Timestamp"), r.Header.Get("X-Track123-Signature")
		if checkTS == "" && checkSig == "" {
			return // the body's verify block was checked; verify() is tested apart
		}
		if verify(secret, checkTS, checkSig, now) != nil {
			t.Fatalf("sink called for headers %q %q", checkTS, checkSig)
		}
	})
}
