package trackingmore

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"waybill/tracker"
)

// The JSON TrackingMore sends, reduced to what we read (field names from
// the official Go SDK's Tracking type, github.com/TrackingMore-API/
// trackingmore-sdk-go trackings.go). Every leaf is a text, which takes a
// string, a number or null and ignores anything else, and lists that are
// not lists read as empty: a field of an unexpected type cannot fail a
// whole answer.

// envelope is every v4 answer: {"meta":{"code","message"},"data":…}.
type envelope struct {
	Meta struct {
		Code    text `json:"code"`
		Message text `json:"message"`
	} `json:"meta"`
	Data json.RawMessage `json:"data"`
}

// text is a JSON string, number or null, as a string.
type text string

func (t *text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = text(strings.TrimSpace(s))
	case len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9'):
		*t = text(b)
	default:
		*t = ""
	}
	return nil
}

func (t text) String() string { return string(t) }

// code reads a meta code; 0 when it is not a number.
func (t text) code() int {
	n, err := strconv.Atoi(string(t))
	if err != nil {
		return 0
	}
	return n
}

// list is a JSON array of T; anything else reads as empty.
type list[T any] []T

func (l *list[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '[' {
		*l = nil
		return nil
	}
	var out []T
	if err := json.Unmarshal(b, &out); err != nil {
		return err
	}
	*l = out
	return nil
}

// checkpoint is one item of a leg's trackinfo.
type checkpoint struct {
	CheckpointDate              text `json:"checkpoint_date"`
	CheckpointDeliveryStatus    text `json:"checkpoint_delivery_status"`
	CheckpointDeliverySubstatus text `json:"checkpoint_delivery_substatus"`
	TrackingDetail              text `json:"tracking_detail"`
	Location                    text `json:"location"`
	CountryISO2                 text `json:"country_iso2"`
	State                       text `json:"state"`
	City                        text `json:"city"`
	RawStatus                   text `json:"raw_status"`
}

// leg is origin_info or destination_info.
type leg struct {
	CourierCode text             `json:"courier_code"`
	Trackinfo   list[checkpoint] `json:"trackinfo"`
}

// object is a JSON object of T; anything else reads as the zero T.
type object[T any] struct{ v T }

func (o *object[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return nil
	}
	return json.Unmarshal(b, &o.v)
}

type tracking struct {
	ID                     text        `json:"id"`
	TrackingNumber         text        `json:"tracking_number"`
	CourierCode            text        `json:"courier_code"`
	DeliveryStatus         text        `json:"delivery_status"`
	Substatus              text        `json:"substatus"`
	UpdateAt               text        `json:"update_at"`
	DestinationTrackNumber text        `json:"destination_track_number"`
	ScheduledDeliveryDate  text        `json:"scheduled_delivery_date"`
	OriginInfo             object[leg] `json:"origin_info"`
	DestinationInfo        object[leg] `json:"destination_info"`
}

// trackings reads data that is a list of trackings or a single one (the
// webhook's data, whose exact shape the docs we could read do not show).
func trackings(data json.RawMessage) ([]tracking, error) {
	data = bytes.TrimSpace(data)
	switch {
	case len(data) == 0 || bytes.Equal(data, []byte("null")):
		return nil, nil
	case data[0] == '{':
		var t tracking
		if err := json.Unmarshal(data, &t); err != nil {
			return nil, err
		}
		return []tracking{t}, nil
	}
	var ts list[object[tracking]]
	if err := json.Unmarshal(data, &ts); err != nil {
		return nil, err
	}
	out := make([]tracking, len(ts))
	for i, t := range ts {
		out[i] = t.v
	}
	return out, nil
}

// converted is what one tracking object says about its number.
type converted struct {
	events   []tracker.Event
	eta      time.Time
	lastMile tracker.LastMile
	stopped  bool
	skipped  int // checkpoints whose time could not be read
}

// convert turns a tracking object into normalized facts. The poll and the
// webhook both come through here, so the same checkpoint always becomes the
// same tracker.Event and the store's dedupe matches whichever path brought
// it. A checkpoint listed twice (in both legs) is kept once.
func convert(t tracking) converted {
	var out converted
	seen := map[string]bool{}
	for _, lg := range []leg{t.OriginInfo.v, t.DestinationInfo.v} {
		for _, cp := range lg.Trackinfo {
			// Any year, as sent: the store keeps a placeholder date, tells
			// of it and does not count it (tracker.EventTimeDoubt).
			at, ok := readTime(cp.CheckpointDate.String())
			if !ok {
				out.skipped++
				continue
			}
			m := mapStatus(cp.CheckpointDeliveryStatus.String(), cp.CheckpointDeliverySubstatus.String())
			ev := tracker.Event{
				Time:        at,
				Status:      m.status,
				RawStatus:   rawStatus(cp.CheckpointDeliveryStatus.String(), cp.CheckpointDeliverySubstatus.String(), cp.RawStatus.String()),
				Location:    location(cp),
				Description: cp.TrackingDetail.String(),
				Exception:   m.exception,
			}
			k := ev.Time.String() + "\x00" + ev.RawStatus + "\x00" + ev.Location + "\x00" + ev.Description
			if seen[k] {
				continue
			}
			seen[k] = true
			out.events = append(out.events, ev)
		}
	}
	if eta, ok := parseTime(t.ScheduledDeliveryDate.String()); ok {
		out.eta = eta
	}
	// destination_track_number is the number the parcel travels under at
	// the destination (SDK field); its carrier is the destination leg's.
	if n := t.DestinationTrackNumber.String(); n != "" && !strings.EqualFold(n, t.TrackingNumber.String()) {
		out.lastMile = tracker.LastMile{TrackingNo: n, Carrier: ourSlug(t.DestinationInfo.v.CourierCode.String())}
	}
	out.stopped = norm(t.DeliveryStatus.String()) == "expired"
	return out
}

// location is a checkpoint's place: the courier's location text, else its
// city, state and country.
func location(cp checkpoint) string {
	if l := cp.Location.String(); l != "" {
		return l
	}
	var parts []string
	for _, p := range []text{cp.City, cp.State, cp.CountryISO2} {
		if p != "" {
			parts = append(parts, p.String())
		}
	}
	return strings.Join(parts, ", ")
}

// timeLayouts are the forms checkpoint_date takes: ISO 8601 with an offset
// ("2023-08-03T20:07:00-05:00") or without one ("2023-09-15T15:00:00", the
// courier's local time), and a few neighbours couriers pass through.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02",
}

// parseTime reads a date-time as UTC (readTime), refusing years before
// 1970: placeholders for "unknown".
func parseTime(s string) (time.Time, bool) {
	t, ok := readTime(s)
	if !ok || t.Year() < 1970 {
		return time.Time{}, false
	}
	return t, true
}

// readTime reads a date-time as UTC, whatever its year. A time without an
// offset is the courier's local wall clock in a zone nobody names; it is
// read as if it were UTC, which keeps it stable across polls and pushes
// (dedupe) and at most a few hours off.
func readTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
