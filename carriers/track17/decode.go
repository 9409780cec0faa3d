package track17

import (
	"strings"
	"time"

	"waybill/tracker"
)

// events turns a track_info into our events: every provider's scans (the
// origin carrier's and the destination carrier's), or the latest event alone
// when 17TRACK sent no history. Scans without a readable time are dropped:
// an event we cannot place in time would corrupt the timeline and the rules.
func events(ti *trackInfo) []tracker.Event {
	if ti == nil {
		return nil
	}
	var out []tracker.Event
	for _, p := range ti.Tracking.Providers {
		for _, e := range p.Events {
			if ev, ok := event(e); ok {
				out = append(out, ev)
			}
		}
	}
	if len(out) == 0 && ti.LatestEvent != nil {
		if ev, ok := event(*ti.LatestEvent); ok {
			out = append(out, ev)
		}
	}
	return append(out, expiry(ti, out)...)
}

// expiry is the one state 17TRACK reports in latest_status without a scan
// behind it: Expired, its own judgment that the carrier has gone quiet for
// too long. Our status comes from events, so it becomes one, placed a
// second after the newest scan. That time is derived from the data, not
// the clock, so every poll yields the same event and the store keeps one.
func expiry(ti *trackInfo, evs []tracker.Event) []tracker.Event {
	ls := ti.LatestStatus
	c := classify(ls.SubStatus, "", ls.Status)
	if c.status != tracker.StatusExpired || len(evs) == 0 {
		return nil
	}
	newest := evs[0].Time
	for _, e := range evs {
		if e.Status == tracker.StatusExpired {
			return nil // a scan already says so
		}
		if e.Time.After(newest) {
			newest = e.Time
		}
	}
	return []tracker.Event{{
		Time:        newest.Add(time.Second),
		Status:      tracker.StatusExpired,
		RawStatus:   rawStatus(ls.SubStatus, "", ls.Status),
		Description: "17TRACK: no news from the carrier for too long; tracking expired",
		Exception:   c.exception,
	}}
}

func event(e apiEvent) (tracker.Event, bool) {
	t, ok := eventTime(e)
	if !ok {
		return tracker.Event{}, false
	}
	c := classify(e.SubStatus, e.Stage, "")
	return tracker.Event{
		Time:        t,
		Status:      c.status,
		RawStatus:   rawStatus(e.SubStatus, e.Stage, ""),
		Location:    location(e),
		Description: strings.TrimSpace(e.Description),
		Exception:   c.exception,
	}, true
}

// location is the carrier's place text, or the structured address joined
// the way a label reads (city, state, country) when the text is empty.
func location(e apiEvent) string {
	if s := strings.TrimSpace(e.Location); s != "" {
		return s
	}
	var parts []string
	for _, s := range []string{e.Address.City, e.Address.State, e.Address.Country} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// eventTime reads an event's time. time_iso carries the local offset and
// time_utc the same instant in UTC; either is enough when it names its zone.
// Without a zone we take time_utc as UTC (its name says so), then the
// carrier's raw date, time and timezone. A placeholder year (0001, 9999)
// in one field gives way to a real date in another; when every field has
// one, the event keeps it, as sent: the store keeps such an event, tells
// of it and does not count it (tracker.EventTimeDoubt), where dropping it
// here told nobody.
func eventTime(e apiEvent) (time.Time, bool) {
	if t, ok := eventTimeIf(e, sane); ok {
		return t, true
	}
	return eventTimeIf(e, func(time.Time) bool { return true })
}

// eventTimeIf is eventTime among the fields whose time passes keep.
func eventTimeIf(e apiEvent, keep func(time.Time) bool) (time.Time, bool) {
	read := func(s string) (time.Time, bool, bool) {
		t, zoned, ok := parseTime(s)
		return t, zoned, ok && keep(t)
	}
	for _, s := range []string{e.TimeISO, e.TimeUTC} {
		if t, zoned, ok := read(s); ok && zoned {
			return t, true
		}
	}
	if t, _, ok := read(e.TimeUTC); ok {
		return t, true
	}
	if d := strings.TrimSpace(e.TimeRaw.Date); d != "" {
		raw := d
		if tm := strings.TrimSpace(e.TimeRaw.Time); tm != "" {
			raw += "T" + tm
		}
		if t, zoned, ok := parseTime(raw); ok {
			if !zoned {
				if loc, ok := parseZone(e.TimeRaw.Timezone); ok {
					t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc).UTC()
				}
			}
			if keep(t) {
				return t, true
			}
		}
	}
	if t, _, ok := read(e.TimeISO); ok {
		return t, true
	}
	return time.Time{}, false
}

// zonedLayouts and plainLayouts are the forms 17TRACK's times take: ISO 8601
// with an offset or Z (with or without fractions), and the same without a
// zone, with a T or a space, down to a bare date.
var (
	zonedLayouts = []string{
		time.RFC3339Nano,
		"2006-01-02T15:04Z07:00",
		"2006-01-02 15:04:05Z07:00",
		"2006-01-02 15:04:05.999999999Z07:00",
		"2006-01-02T15:04:05Z0700",
		"2006-01-02T15:04:05.999999999Z0700",
	}
	plainLayouts = []string{
		"2006-01-02T15:04:05.999999999",
		"2006-01-02 15:04:05.999999999",
		"2006-01-02T15:04",
		"2006-01-02 15:04",
		"2006-01-02",
		"2006/01/02 15:04:05",
		"2006/01/02 15:04",
		"2006/01/02",
	}
)

// parseTime reads one time, returning it in UTC and whether the text named
// its zone. A time without one is read as UTC. Any year is read: sane
// says which are real.
func parseTime(s string) (t time.Time, zoned, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false, false
	}
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true, true
		}
	}
	for _, l := range plainLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), false, true
		}
	}
	return time.Time{}, false, false
}

// sane tells placeholder years (0001-01-01, 9999-…) some carriers send for
// "unknown" from real dates: a parcel event is never that far from now.
func sane(t time.Time) bool {
	y := t.UTC().Year()
	return y >= 1990 && y <= 2200
}

// parseZone reads a raw timezone such as "+08:00", "+0800", "UTC+8" or "Z".
func parseZone(s string) (*time.Location, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "UTC"), "GMT")
	if s == "" || s == "Z" {
		return time.UTC, true
	}
	for _, l := range []string{"-07:00", "-0700", "-07"} {
		if t, err := time.Parse(l, s); err == nil {
			return t.Location(), true
		}
	}
	// "+8" and "-5": hours without padding.
	if len(s) >= 2 && len(s) <= 3 && (s[0] == '+' || s[0] == '-') {
		h := 0
		for _, c := range s[1:] {
			if c < '0' || c > '9' {
				return nil, false
			}
			h = h*10 + int(c-'0')
		}
		if h > 14 {
			return nil, false
		}
		if s[0] == '-' {
			h = -h
		}
		return time.FixedZone(s, h*3600), true
	}
	return nil, false
}

// eta reads time_metrics.estimated_delivery_date: the end of the window when
// given ("to"), else its start.
func eta(ti *trackInfo) time.Time {
	if ti == nil || ti.TimeMetrics.EstimatedDeliveryDate == nil {
		return time.Time{}
	}
	d := ti.TimeMetrics.EstimatedDeliveryDate
	for _, s := range []string{d.To, d.From} {
		if t, _, ok := parseTime(s); ok && sane(t) {
			return t
		}
	}
	return time.Time{}
}
