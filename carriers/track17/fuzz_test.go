package track17

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

// FuzzDecodeTrackInfo feeds arbitrary answers to the gettrackinfo decoder:
// it must never panic, fail only with a CarrierError, and turn whatever it
// accepts into events with a valid status and a UTC time.
func FuzzDecodeTrackInfo(f *testing.F) {
	f.Add([]byte(`{"code":0,"data":{"accepted":[],"rejected":[]}}`))
	f.Add([]byte(`{"code":-18010002,"data":{"errors":[{"code":-18010002,"message":"x"}]}}`))
	c := testCarrier(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		var data trackData
		if err := c.decode(raw, &data); err != nil {
			if tracker.FailKindOf(err) == "" {
				t.Fatalf("decode error %v is not a CarrierError", err)
			}
			return
		}
		for _, acc := range data.Accepted {
			for _, e := range events(acc.TrackInfo) {
				if !e.Status.Valid() || e.Time.IsZero() || e.Time.Location() != time.UTC {
					t.Fatalf("bad event %+v", e)
				}
				if e.Exception != "" && !validKind(e.Exception) {
					t.Fatalf("unknown exception kind %q", e.Exception)
				}
			}
			if t0 := eta(acc.TrackInfo); !t0.IsZero() && t0.Location() != time.UTC {
				t.Fatalf("ETA %v not in UTC", t0)
			}
		}
	})
}

func validKind(k tracker.ExceptionKind) bool {
	for _, v := range tracker.ExceptionKinds {
		if k == v {
			return true
		}
	}
	return false
}

// FuzzWebhook posts arbitrary bodies and signatures (or the right one, when
// signed is true) to the handler: it must never panic, answer only with the
// documented statuses, and call the sink only for a verified push.
func FuzzWebhook(f *testing.F) {
	f.Add([]byte(`{"event":"TRACKING_UPDATED","data":{"number":"X"}}`), "", true)
	f.Add([]byte(`{}`), "deadbeef", false)
	const secret = "fuzz-secret"
	c := testCarrier(f)
	f.Fuzz(func(t *testing.T, body []byte, sign string, signed bool) {
		if signed {
			sign = Sign(body, secret)
		}
		calls := 0
		var got []tracker.Push
		h := c.Webhook(secret, func(_ context.Context, service string, pushes []tracker.Push) (tracker.ApplySummary, error) {
			calls++
			got = pushes
			if service != Service {
				t.Fatalf("service %q", service)
			}
			return tracker.ApplySummary{}, nil
		})
		r := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(body))
		r.Header.Set("sign", sign)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		switch w.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusUnauthorized, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d", w.Code)
		}
		valid := Sign(body, secret) == sign || Sign(body, secret) == lower(sign)
		if calls > 0 && (!valid || w.Code != http.StatusOK) {
			t.Fatalf("sink called for status %d, signature valid %v", w.Code, valid)
		}
		if !valid && w.Code != http.StatusUnauthorized && w.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("unverified body answered %d", w.Code)
		}
		for _, p := range got {
			if p.TrackingNo == "" {
				t.Fatal("push without a number")
			}
			for _, e := range p.Events {
				if !e.Status.Valid() || e.Time.IsZero() {
					t.Fatalf("bad event %+v", e)
				}
			}
		}
	})
}

func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
