package trackingmore

import (
	"encoding/json"
	"testing"
	"time"

	"waybill/tracker"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// checkEvents holds for every event we hand on, whatever TrackingMore sent.
func checkEvents(t *testing.T, evs []tracker.Event) {
	t.Helper()
	for _, e := range evs {
		if e.Time.Location() != time.UTC {
			t.Fatalf("event time %v is not UTC", e.Time)
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

var seeds = []string{
	`{"meta":{"code":200},"data":[{"tracking_number":"RB1","delivery_status":"delivered","origin_info":{"trackinfo":[{"checkpoint_date":"2026-10-20T09:30:00+08:00","checkpoint_delivery_status":"delivered","checkpoint_delivery_substatus":"delivered001"}]}}]}`,
	`{"meta":{"code":"4190","message":"quota"},"data":[]}`,
	`{"meta":{"code":200},"data":{"tracking_number":"RB1","delivery_status":"expired","destination_track_number":"LX1","origin_info":null,"destination_info":{"trackinfo":"none"}}}`,
	`{"meta":{"code":200},"data":[{"tracking_number":7,"origin_info":{"trackinfo":[{"checkpoint_date":12}]}}, 3, null]}`,
	`[{"tracking_number":"RB1"}]`,
}

// FuzzDecodeResults feeds arbitrary bodies to the decoder of a results
// answer: it must never panic, and each tracking it reads becomes one
// coherent result.
func FuzzDecodeResults(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var env envelope
		if json.Unmarshal(body, &env) != nil {
			return
		}
		_ = env.Meta.Code.code()
		ts, err := trackings(env.Data)
		if err != nil {
			return
		}
		for _, tr := range ts {
			res := result("AB12345", tr)
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
		}
	})
}

// FuzzDecodePush feeds arbitrary bodies to the webhook decoder: no panic,
// and every push names a number and says something.
func FuzzDecodePush(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ps, err := decodePush(body)
		if err != nil {
			return
		}
		for _, p := range ps {
			if p.TrackingNo == "" {
				t.Fatalf("push without a number: %+v", p)
			}
			if len(p.Events) == 0 && p.ETA.IsZero() && p.LastMile == (tracker.LastMile{}) && !p.Stopped {
				t.Fatalf("push that says nothing: %+v", p)
			}
			checkEvents(t, p.Events)
		}
	})
}
