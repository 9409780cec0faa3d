package dhl

import (
	"testing"
	"time"
)

// FuzzDecode feeds arbitrary answers to the decoder: it must never panic,
// and what it returns must be usable (UTC times, valid statuses).
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"shipments":[{"id":"1","service":"express","events":[{"timestamp":"2026-10-20T10:00:00+08:00","statusCode":"transit","status":"PU"}]}]}`), "1")
	f.Fuzz(func(t *testing.T, body []byte, number string) {
		res, err := Decode(body, number)
		if err != nil {
			return
		}
		for _, e := range res.Events {
			if !e.Status.Valid() {
				t.Fatalf("invalid status %q", e.Status)
			}
			if e.Time.IsZero() || e.Time.Location() != time.UTC {
				t.Fatalf("bad time %v", e.Time)
			}
		}
		if res.NotFound && len(res.Events) > 0 {
			t.Fatalf("NotFound with events")
		}
	})
}
