package aftership

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"waybill/tracker"
)

// envelope is AfterShip's body envelope: every answer, success or error,
// carries meta.code (200, 201, or an error code such as 401, 429, 4003) and
// data.
type envelope struct {
	Meta meta            `json:"meta"`
	Data json.RawMessage `json:"data"`
}

type meta struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Type    string `json:"type"`
}

// listData is data of GET /trackings.
type listData struct {
	Page      int           `json:"page"`
	Limit     int           `json:"limit"`
	Count     int           `json:"count"`
	Trackings []apiTracking `json:"trackings"`
}

// oneData is data of POST /trackings, GET /trackings/{id} and of the 4003
// "already exists" answer (which carries the existing tracking's id).
type oneData struct {
	Tracking apiTracking `json:"tracking"`
}

// apiTracking is the part of the Tracking object we read. Strings are
// lenient (null, numbers and odd types decode instead of failing the whole
// batch) because AfterShip fills many fields from carriers as they come.
type apiTracking struct {
	ID               text            `json:"id"`
	TrackingNumber   text            `json:"tracking_number"`
	Slug             text            `json:"slug"`
	Tag              text            `json:"tag"`
	Active           *bool           `json:"active"` // lifecycle.go
	Subtag           text            `json:"subtag"`
	SubtagMessage    text            `json:"subtag_message"`
	UpdatedAt        text            `json:"updated_at"`
	ExpectedDelivery text            `json:"expected_delivery"`
	Latest           *estimate       `json:"latest_estimated_delivery"`
	AfterShipEDD     *aftershipEDD   `json:"aftership_estimated_delivery_date"`
	Checkpoints      []apiCheckpoint `json:"checkpoints"`

	// The legs after the first, read leniently (lastmile.go).
	NextCouriers json.RawMessage `json:"next_couriers"`
	LastMileLeg  json.RawMessage `json:"last_mile"`
}

// estimate is latest_estimated_delivery: a single date or a range.
type estimate struct {
	Type        text `json:"type"`
	Source      text `json:"source"`
	Datetime    text `json:"datetime"`
	DatetimeMin text `json:"datetime_min"`
	DatetimeMax text `json:"datetime_max"`
}

// aftershipEDD is AfterShip's own (AI) estimate.
type aftershipEDD struct {
	Date text `json:"estimated_delivery_date"`
	Min  text `json:"estimated_delivery_date_min"`
	Max  text `json:"estimated_delivery_date_max"`
}

// apiCheckpoint is one scan.
type apiCheckpoint struct {
	CheckpointTime text `json:"checkpoint_time"`
	CreatedAt      text `json:"created_at"`
	Location       text `json:"location"`
	City           text `json:"city"`
	State          text `json:"state"`
	Zip            text `json:"zip"`
	CountryISO3    text `json:"country_iso3"`
	CountryName    text `json:"country_name"`
	Message        text `json:"message"`
	Tag            text `json:"tag"`
	Subtag         text `json:"subtag"`
	SubtagMessage  text `json:"subtag_message"`
	RawTag         text `json:"raw_tag"`
}

// text decodes a JSON string; null, numbers and booleans become their text,
// objects and arrays become "".
type text string

func (t *text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*t = ""
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = text(s)
	case b[0] == '{' || b[0] == '[':
		*t = ""
	default:
		*t = text(b)
	}
	return nil
}

func (t text) String() string { return strings.TrimSpace(string(t)) }

// events turns a tracking's checkpoints into our events. A checkpoint whose
// time cannot be read, or names a year no parcel has, falls back to when
// AfterShip recorded it; one with neither is dropped, because an event
// without a time cannot be ordered. A placeholder year with no real date
// beside it is kept as sent: the store keeps such an event, tells of it
// and does not count it (tracker.EventTimeDoubt).
func (t *apiTracking) events() []tracker.Event {
	out := make([]tracker.Event, 0, len(t.Checkpoints))
	for _, cp := range t.Checkpoints {
		when, ok := parseTime(cp.CheckpointTime.String())
		if !ok {
			when, ok = parseTime(cp.CreatedAt.String())
		}
		if !ok {
			when, ok = readTime(cp.CheckpointTime.String())
		}
		if !ok {
			if when, ok = readTime(cp.CreatedAt.String()); !ok {
				continue
			}
		}
		tag, sub := cp.Tag.String(), cp.Subtag.String()
		st, ex := normalize(tag, sub)
		raw := rawStatus(tag, sub)
		if raw == "" {
			raw = cp.RawTag.String()
		}
		desc := cp.Message.String()
		if desc == "" {
			desc = cp.SubtagMessage.String()
		}
		out = append(out, tracker.Event{
			Time:        when,
			Status:      st,
			RawStatus:   raw,
			Location:    cp.location(),
			Description: desc,
			Exception:   ex,
		})
	}
	return out
}

// location is the checkpoint's location text, or its parts joined when the
// carrier gave only city, state and country.
func (cp *apiCheckpoint) location() string {
	if l := cp.Location.String(); l != "" {
		return l
	}
	country := cp.CountryName.String()
	if country == "" {
		country = cp.CountryISO3.String()
	}
	var parts []string
	for _, p := range []string{cp.City.String(), cp.State.String(), country} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// eta is the tracking's estimated delivery: the carrier's expected_delivery
// when it gave one (that is the promise a parcel is late against), else
// AfterShip's latest estimate, else its AI estimate. A range counts by its
// later end, so a parcel is not called late while still inside the range.
func (t *apiTracking) eta() time.Time {
	if e, ok := parseETA(t.ExpectedDelivery.String()); ok {
		return e
	}
	if l := t.Latest; l != nil {
		for _, s := range []text{l.DatetimeMax, l.Datetime} {
			if e, ok := parseETA(s.String()); ok {
				return e
			}
		}
	}
	if a := t.AfterShipEDD; a != nil {
		for _, s := range []text{a.Max, a.Date} {
			if e, ok := parseETA(s.String()); ok {
				return e
			}
		}
	}
	return time.Time{}
}

// result is one TrackResult from a tracking: its events and ETA, or NotFound
// while AfterShip has no checkpoint for it (pending, or expired without any).
func (t *apiTracking) result(number string) tracker.TrackResult {
	ev := t.events()
	if len(ev) == 0 {
		return tracker.TrackResult{TrackingNo: number, NotFound: true, Stopped: t.stopped()}
	}
	return tracker.TrackResult{TrackingNo: number, Events: ev, ETA: t.eta(), LastMile: t.lastMile(number), Stopped: t.stopped()}
}

// Layouts AfterShip documents for checkpoint_time and the delivery dates
// ("YYYY-MM-DD", "YYYY-MM-DDTHH:mm:ss", "YYYY-MM-DDTHH:mm:ssZ"), with the
// variants carriers actually send: fractions, offsets without a colon, a
// space instead of the T.
var (
	zonedLayouts = []string{
		time.RFC3339Nano,
		"2006-01-02T15:04:05.999999999Z0700",
		"2006-01-02T15:04Z07:00",
		"2006-01-02 15:04:05.999999999Z07:00",
		"2006-01-02 15:04:05.999999999Z0700",
	}
	localLayouts = []string{
		"2006-01-02T15:04:05.999999999",
		"2006-01-02T15:04",
		"2006-01-02 15:04:05.999999999",
		"2006-01-02 15:04",
		dateLayout,
	}
)

const dateLayout = "2006-01-02"

// parseTime reads a checkpoint time into UTC, refusing years no parcel has
// (plausible).
func parseTime(s string) (time.Time, bool) {
	t, ok := readTime(s)
	return t, ok && plausible(t)
}

// readTime reads a checkpoint time into UTC, whatever its year. A time
// with an offset is exact; a local time without one is the checkpoint's
// own wall clock, whose zone AfterShip does not say, so it is read as UTC
// (off by the zone, but stable, so the same scan always gets the same key).
func readTime(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	for _, l := range localLayouts {
		if t, err := time.ParseInLocation(l, s, time.UTC); err == nil {
			return t, true
		}
	}
	if secs, err := strconv.ParseInt(s, 10, 64); err == nil && secs > 0 {
		return time.Unix(secs, 0).UTC(), true
	}
	return time.Time{}, false
}

// parseETA reads a delivery estimate. A bare date means "during that day"
// in the recipient's zone, so it counts until the day's end.
func parseETA(s string) (time.Time, bool) {
	if t, err := time.ParseInLocation(dateLayout, s, time.UTC); err == nil {
		return t.Add(24*time.Hour - time.Second), plausible(t)
	}
	return parseTime(s)
}

// plausible rejects years no parcel has: zero dates and typos such as 0202.
func plausible(t time.Time) bool {
	y := t.UTC().Year()
	return y >= 1990 && y <= 2200
}
