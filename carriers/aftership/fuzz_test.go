package aftership

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"waybill/carriers/aftership/aftershipfake"
	"waybill/carriers/carrierhttp"
	"waybill/tracker"
)

// checkEvents holds what every decoded event must satisfy.
func checkEvents(t *testing.T, evs []tracker.Event) {
	t.Helper()
	for _, e := range evs {
		if e.Time.IsZero() || e.Time.Location() != time.UTC || !e.Status.Valid() {
			t.Fatalf("event without a UTC time or a valid status: %+v", e)
		}
		if e.Exception != "" {
			known := false
			for _, k := range tracker.ExceptionKinds {
				known = known || k == e.Exception
			}
			if !known {
				t.Fatalf("unknown exception kind %q", e.Exception)
			}
		}
	}
}

// FuzzDecodeTrackings feeds arbitrary bodies to the decoder of a 2xx GET
// /trackings answer and to the tracking → result mapping.
func FuzzDecodeTrackings(f *testing.F) {
	f.Add([]byte(`{"meta":{"code":200},"data":{"trackings":[{"tracking_number":"X1","checkpoints":[{"checkpoint_time":"2024-01-02T03:04:05+08:00","tag":"InTransit","subtag":"InTransit_001"}]}]}}`))
	f.Add([]byte(`{"meta":{"code":429},"data":{}}`))
	f.Add([]byte(`{"meta":{"code":200},"data":{"trackings":[{"tracking_number":null,"expected_delivery":12,"latest_estimated_delivery":{"datetime_max":"2024-13-45"},"checkpoints":[{"checkpoint_time":"0000-00-00","created_at":"1e400"}]}]}}`))
	c, err := New(optionsForFuzz())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		env, err := c.envelope(&exchange{status: 200}, body)
		if err != nil {
			if tracker.FailKindOf(err) == "" {
				t.Fatalf("decode error is not a CarrierError: %v", err)
			}
			return
		}
		var d listData
		if err := c.data(env, &d); err != nil {
			if tracker.FailKindOf(err) != tracker.FailMalformed {
				t.Fatalf("data error is not malformed: %v", err)
			}
			return
		}
		for i := range d.Trackings {
			r := d.Trackings[i].result("N")
			if r.NotFound != (len(r.Events) == 0) || r.TrackingNo != "N" {
				t.Fatalf("result %+v", r)
			}
			checkEvents(t, r.Events)
			if !r.ETA.IsZero() && r.ETA.Location() != time.UTC {
				t.Fatalf("ETA not in UTC: %v", r.ETA)
			}
			_ = pick(d.Trackings, d.Trackings[i].Slug.String())
		}
	})
}

// FuzzWebhook posts arbitrary bodies, signed or not, to the handler: it
// never panics, answers only the documented statuses, and calls the sink
// only for a signed body that names a tracking.
func FuzzWebhook(f *testing.F) {
	f.Add([]byte(`{"ts":1712822400,"event":"tracking_update","event_id":"e","msg":{"tracking_number":"RR123456785CN","tag":"Delivered","checkpoints":[{"checkpoint_time":"2024-04-11T09:58:00+02:00","tag":"Delivered","subtag":"Delivered_001","message":"ok"}]}}`), true)
	f.Add([]byte(`{"msg":{"tracking_number":"A"}}`), false)
	f.Add([]byte(`{"msg":[]}`), true)
	f.Add([]byte(`null`), true)
	const secret = "fuzz-secret"
	c, err := New(optionsForFuzz())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte, signed bool) {
		calls := 0
		h := c.Webhook(secret, func(_ context.Context, svc string, ps []tracker.Push) (tracker.ApplySummary, error) {
			calls++
			for _, p := range ps {
				if p.TrackingNo == "" {
					t.Fatalf("push without a number: %+v", p)
				}
				checkEvents(t, p.Events)
			}
			return tracker.ApplySummary{}, nil
		})
		r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		if signed {
			r.Header.Set(SignatureHeader, aftershipfake.Sign(secret, body))
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		switch w.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusUnauthorized, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d", w.Code)
		}
		if !signed && (w.Code != http.StatusUnauthorized || calls != 0) {
			t.Fatalf("unsigned body: status %d, sink calls %d", w.Code, calls)
		}
		if calls > 0 && w.Code != http.StatusOK {
			t.Fatalf("sink called, then status %d", w.Code)
		}
	})
}

// FuzzParseTime: any string parses to a plausible UTC time or to nothing.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2024-04-02T10:15:00+08:00", "2024-04-10T09:30:00.500+0200", "2024-04-09T07:05:00", "2024-04-20", "1712822400", "", "2024-02-30"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, parse := range []func(string) (time.Time, bool){parseTime, parseETA} {
			tm, ok := parse(s)
			if ok && (tm.Location() != time.UTC || !plausible(tm)) {
				t.Fatalf("parse(%q) = %v", s, tm)
			}
		}
	})
}

func TestParseTime(t *testing.T) {
	cases := []struct {
		in   string
		want string // RFC3339Nano UTC, "" for no time
	}{
		{"2024-04-02T10:15:00+08:00", "2024-04-02T02:15:00Z"},
		{"2024-04-02T10:15:00Z", "2024-04-02T10:15:00Z"},
		{"2024-04-10T09:30:00.500+0200", "2024-04-10T07:30:00.5Z"},
		{"2024-04-10T09:30:00-0530", "2024-04-10T15:00:00Z"},
		{"2024-04-09T07:05:00", "2024-04-09T07:05:00Z"},
		{"2024-04-09 07:05:00", "2024-04-09T07:05:00Z"},
		{"2024-04-09T07:05", "2024-04-09T07:05:00Z"},
		{"2024-04-09", "2024-04-09T00:00:00Z"},
		{"1712822400", "2024-04-11T08:00:00Z"},
		{"", ""},
		{"yesterday", ""},
		{"0001-01-01T00:00:00Z", ""},
		{"2024-02-30T10:00:00Z", ""},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			tm, ok := parseTime(c.in)
			if c.want == "" {
				if ok {
					t.Fatalf("parsed %v", tm)
				}
				return
			}
			if !ok || tm.Format(time.RFC3339Nano) != c.want || tm.Location() != time.UTC {
				t.Fatalf("got %v %v, want %s", tm, ok, c.want)
			}
		})
	}
	if eta, ok := parseETA("2024-04-20"); !ok || !eta.Equal(time.Date(2024, 4, 20, 23, 59, 59, 0, time.UTC)) {
		t.Fatalf("date-only ETA %v, want the end of that day", eta)
	}
}

func optionsForFuzz() carrierhttp.Options { return carrierhttp.Options{APIKey: "k"} }

// A checkpoint's placeholder year gives way to when AfterShip recorded it;
// with nothing better it is kept as sent, for the store to tell of and not
// count (issue 19: dropping it told nobody).
func TestCheckpointTimes(t *testing.T) {
	real := time.Date(2024, 4, 2, 2, 15, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, at, created string
		want              time.Time
		kept              bool
	}{
		{"a real time", "2024-04-02T10:15:00+08:00", "", real, true},
		{"a placeholder gives way to created_at", "9999-12-31T00:00:00Z", "2024-04-02T02:15:00Z", real, true},
		{"an unreadable time gives way to created_at", "soon", "2024-04-02T02:15:00Z", real, true},
		{"9999-12-31 alone is kept", "9999-12-31T00:00:00Z", "", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), true},
		{"1970 alone is kept", "1970-01-01T00:00:01Z", "", time.Unix(1, 0).UTC(), true},
		{"a placeholder beside a placeholder", "0001-01-01T00:00:00Z", "9999-12-31T00:00:00Z", time.Time{}, true},
		{"nothing readable", "soon", "later", time.Time{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := apiTracking{Checkpoints: []apiCheckpoint{{CheckpointTime: text(tc.at), CreatedAt: text(tc.created), Tag: "InTransit"}}}
			evs := tr.events()
			if (len(evs) == 1) != tc.kept {
				t.Fatalf("%d events, want kept %v", len(evs), tc.kept)
			}
			if tc.kept && !evs[0].Time.Equal(tc.want) {
				t.Errorf("time %v, want %v", evs[0].Time, tc.want)
			}
		})
	}
}
