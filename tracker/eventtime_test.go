package tracker

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestEventTimeDoubt(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	shipped := now.AddDate(0, 0, -5)
	day := 24 * time.Hour
	for _, tc := range []struct {
		name    string
		at      time.Time
		shipped time.Time
		want    TimeDoubt
	}{
		{"an hour old", now.Add(-time.Hour), shipped, ""},
		{"a local clock of UTC+14 read as UTC", now.Add(14 * time.Hour), shipped, ""},
		{"exactly a day ahead", now.Add(day), shipped, ""},
		{"a second past a day ahead", now.Add(day + time.Second), shipped, TimeAhead},
		{"400 days ahead", now.AddDate(0, 0, 400), shipped, TimeAhead},
		{"the placeholder 9999-12-31", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), shipped, TimeAhead},
		{"a label printed days before the shipping date", shipped.Add(-4 * day), shipped, ""},
		{"thirty days before shipping", shipped.Add(-EventBeforeShipped), shipped, ""},
		{"a recycled number's parcel of last year", shipped.AddDate(-1, 0, 0), shipped, TimeBeforeShipped},
		{"a year typed 2002 for 2026", time.Date(2002, 3, 1, 0, 0, 0, 0, time.UTC), shipped, TimeBeforeShipped},
		{"the Unix epoch", time.Unix(0, 0).UTC(), shipped, TimeMissing},
		{"a day after the epoch", time.Unix(0, 0).UTC().Add(day), shipped, TimeBeforeShipped},
		{"no time", time.Time{}, shipped, TimeMissing},
		{"no shipping date: last month counts", now.AddDate(0, -1, 0), time.Time{}, ""},
		{"no shipping date: before 1990 does not", time.Date(1989, 12, 31, 0, 0, 0, 0, time.UTC), time.Time{}, TimeBeforeShipped},
		{"no shipping date: still not ahead", now.AddDate(1, 0, 0), time.Time{}, TimeAhead},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := EventTimeDoubt(tc.at, tc.shipped, now); got != tc.want {
				t.Errorf("EventTimeDoubt(%v, shipped %v, now %v) = %q, want %q", tc.at, tc.shipped, now, got, tc.want)
			}
		})
	}
}

func TestCountingEventsKeepsOrderAndLeavesDoubtfulOut(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	shipped := now.AddDate(0, 0, -5)
	ev := func(id int64, at time.Time) Event { return Event{ID: id, Time: at} }
	future, real1, real2, epoch := ev(1, now.AddDate(0, 0, 400)), ev(2, now.Add(-time.Hour)), ev(3, shipped), ev(4, time.Unix(0, 0).UTC())
	for _, tc := range []struct {
		name string
		in   []Event
		want []int64
	}{
		{"none", nil, nil},
		{"all count", []Event{real1, real2}, []int64{2, 3}},
		{"a future one first", []Event{future, real1, real2}, []int64{2, 3}},
		{"doubtful at both ends", []Event{future, real1, real2, epoch}, []int64{2, 3}},
		{"only doubtful ones", []Event{future, epoch}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []int64
			for _, e := range CountingEvents(tc.in, shipped, now) {
				got = append(got, e.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("CountingEvents = %v, want %v", got, tc.want)
			}
		})
	}
}

// The attack of issue 19: a push dated 400 days ahead must not hide what
// the carrier says now.
func TestEvaluateIgnoresEventsWhoseTimeCannotBeRight(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	shipped := now.AddDate(0, 0, -10)
	sh := Shipment{TrackingNo: "LX123456789CN", Carrier: "china-post", Status: StatusReturning, ShippedAt: shipped}
	future := Event{ID: 9, Time: now.AddDate(0, 0, 400), Status: StatusDelivered, RawStatus: "Delivered_Other"}
	placeholder := Event{ID: 8, Time: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), Status: StatusException, RawStatus: "Exception_Damage", Exception: ExDamaged}
	returning := Event{ID: 2, Time: now.Add(-time.Hour), Status: StatusReturning, RawStatus: "Exception_Returning"}
	transit := Event{ID: 1, Time: shipped.Add(24 * time.Hour), Status: StatusInTransit, RawStatus: "InTransit_Other"}
	recycled := Event{ID: 0, Time: shipped.AddDate(0, -6, 0), Status: StatusException, RawStatus: "Exception_Lost", Exception: ExLost}
	for _, tc := range []struct {
		name   string
		events []Event // newest first, as the store reads them
		want   []ExceptionKind
		absent []ExceptionKind
	}{
		{"a future delivery above a real return", []Event{future, returning, transit}, []ExceptionKind{ExReturning}, nil},
		{"a placeholder damage is not sticky", []Event{placeholder, returning, transit}, []ExceptionKind{ExReturning}, []ExceptionKind{ExDamaged}},
		{"a recycled number's loss", []Event{returning, transit, recycled}, []ExceptionKind{ExReturning}, []ExceptionKind{ExLost}},
		{"only doubtful events: nothing is tracked yet", []Event{future}, nil, []ExceptionKind{ExReturning, ExLost, ExStale}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := map[ExceptionKind]bool{}
			for _, f := range Evaluate(sh, Order{}, tc.events, now, DefaultRules()) {
				got[f.Kind] = true
			}
			for _, k := range tc.want {
				if !got[k] {
					t.Errorf("no %s finding; got %v", k, got)
				}
			}
			for _, k := range tc.absent {
				if got[k] {
					t.Errorf("a %s finding from an event whose time cannot be right; got %v", k, got)
				}
			}
		})
	}
}

func TestSuspectEventLineIsSafeAndShort(t *testing.T) {
	s := SuspectEvent{TrackingNo: "LX123456789CN", Doubt: TimeAhead, Event: Event{
		Time: time.Date(2027, 4, 14, 12, 0, 0, 0, time.UTC), Status: StatusDelivered,
		Description: "Delivered\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07 " + strings.Repeat("W", 20_000),
	}}
	line := s.String()
	for _, want := range []string{"LX123456789CN", "2027-04-14T12:00:00Z", "delivered", string(TimeAhead)} {
		if !strings.Contains(line, want) {
			t.Errorf("line %q does not say %q", line, want)
		}
	}
	if strings.ContainsAny(line, "\x1b\x07") || len(line) > 300 {
		t.Errorf("line of %d bytes, with controls or too long: %q", len(line), line)
	}
	if got := (SuspectEvent{TrackingNo: "X", Doubt: TimeMissing}).String(); !strings.Contains(got, "no time") {
		t.Errorf("an event without a time: %q", got)
	}
}
