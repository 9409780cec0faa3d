package tracker

import (
	"fmt"
	"time"
)

// A carrier's date is not always true: a scan dated 400 days ahead, the
// placeholders 9999-12-31, 1970-01-01 and 0001-01-01 some services send
// for "unknown", a year typed 2002 for 2020, or the history a recycled
// number carried for a parcel before ours. Such an event is stored as the
// carrier sent it (the timeline shows it, and a later look may explain
// it), but it never counts as the parcel's newest event: it neither
// decides the status nor feeds the exception rules. Counted, a future
// "Delivered" would end the parcel's polling and hide every later scan,
// and a 1970 scan would read as a parcel idle for fifty years.
//
// The doubt is judged against the clock, so it can end: an event dated
// hours past the tolerance counts at the first check after the clock
// reaches it (the store recomputes the status from the stored events on
// every check, and a parcel whose status no counting event ended is still
// polled).

const (
	// EventAhead is how far ahead of the clock an event may be dated and
	// still count. A carrier's local wall clock read as UTC, when it gives
	// no zone, is up to 14 hours ahead (UTC+14), and its clock may run a
	// little fast; a day covers both, and any later date is a mistake
	// whatever the zone.
	EventAhead = 24 * time.Hour
	// EventBeforeShipped is how long before the parcel's shipping date an
	// event may be dated and still count. The shipping date is often not
	// the hand-over: an import without a date records the day of the
	// import, and sellers mark an order shipped days after printing the
	// label the carrier's first "information received" comes from. A
	// margin of a day or two would hide those real first scans from the
	// rules (the parcel would look untracked). What the bound is for lies
	// months or years back: placeholders, year typos, a recycled number's
	// previous parcel. Thirty days keeps those out and real scans in.
	EventBeforeShipped = 30 * 24 * time.Hour
)

// eventFloor is the earliest date an event counts at when the parcel has
// no shipping date: no parcel followed today was scanned before tracking
// services existed, and the adapters refused earlier years as placeholders
// before this rule took over.
var eventFloor = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// TimeDoubt says why an event's time cannot be right; "" when it can.
type TimeDoubt string

const (
	// TimeMissing: no time at all, or the Unix epoch the store cannot
	// tell from none.
	TimeMissing TimeDoubt = "no time"
	// TimeAhead: more than EventAhead ahead of the clock.
	TimeAhead TimeDoubt = "more than a day ahead of the clock"
	// TimeBeforeShipped: more than EventBeforeShipped before the parcel
	// was shipped (or before 1990 when its shipping date is unknown).
	TimeBeforeShipped TimeDoubt = "long before the parcel was shipped"
)

// EventTimeDoubt judges an event time t of a parcel shipped at shipped
// (zero when unknown) against the clock's now. It is the one rule of which
// events count: the store and the refresher ask it, and Evaluate follows it.
func EventTimeDoubt(t, shipped, now time.Time) TimeDoubt {
	switch {
	case t.IsZero() || t.Unix() == 0:
		return TimeMissing
	case t.After(LatestCounting(now)):
		return TimeAhead
	case t.Before(eventFloor) || (!shipped.IsZero() && t.Before(shipped.Add(-EventBeforeShipped))):
		return TimeBeforeShipped
	}
	return ""
}

// LatestCounting is the latest event time that counts at now. A store
// that picks a parcel's newest event in a query bounds it with this; the
// other doubts bound it from below, so when the newest event under it is
// doubtful, every older one is too (EventTimeDoubt tells).
func LatestCounting(now time.Time) time.Time { return now.Add(EventAhead) }

// CountingEvents returns the events of a parcel shipped at shipped whose
// time can be right at now, in their order. It returns events itself when
// all count.
func CountingEvents(events []Event, shipped, now time.Time) []Event {
	for i, e := range events {
		if EventTimeDoubt(e.Time, shipped, now) == "" {
			continue
		}
		out := append(make([]Event, 0, len(events)-1), events[:i]...)
		for _, e := range events[i+1:] {
			if EventTimeDoubt(e.Time, shipped, now) == "" {
				out = append(out, e)
			}
		}
		return out
	}
	return events
}

// SuspectEvent is an event the store took in whose time cannot be right
// (EventTimeDoubt): kept as sent, not counted, and reported once, when it
// was first stored.
type SuspectEvent struct {
	ShipmentID int64
	TrackingNo string
	Event      Event
	Doubt      TimeDoubt
}

// String is the report line's text, safe for a terminal: the carrier's
// text goes through Sanitize and is cut to a log line's share.
func (s SuspectEvent) String() string {
	when := "no time"
	if !s.Event.Time.IsZero() {
		when = s.Event.Time.UTC().Format(time.RFC3339)
	}
	text := []rune(Sanitize(firstNonEmpty(s.Event.Description, s.Event.RawStatus)))
	if len(text) > 80 {
		text = append(text[:79], '…')
	}
	return fmt.Sprintf("%s: event dated %s (%s, %q) kept but not counted: %s",
		Sanitize(s.TrackingNo), when, s.Event.Status, string(text), s.Doubt)
}
