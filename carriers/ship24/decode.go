package ship24

import (
	"strings"
	"time"

	"waybill/tracker"
)

// The JSON Ship24 sends, reduced to what we read. Nullable strings decode
// to "" (JSON null leaves a Go string untouched), and fields whose type
// varies between answers (tracker.courierCode: string or array, order:
// integer or null) are not read at all, so they cannot fail a decode.

// answer is the body of every /trackers/... answer: data on success, errors
// on failure (docs.ship24.com/errors).
type answer struct {
	Data *struct {
		Trackings []tracking `json:"trackings"`
	} `json:"data"`
	Errors []apiError `json:"errors"`
}

// apiError is one item of the documented errors array.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// push is the body of a webhook: the same tracking objects, at the root.
type push struct {
	Trackings []tracking `json:"trackings"`
}

type tracking struct {
	Tracker struct {
		TrackerID      string `json:"trackerId"`
		TrackingNumber string `json:"trackingNumber"`
	} `json:"tracker"`
	Shipment struct {
		StatusMilestone string `json:"statusMilestone"`
		Delivery        struct {
			EstimatedDeliveryDate string `json:"estimatedDeliveryDate"`
		} `json:"delivery"`
	} `json:"shipment"`
	Events []event `json:"events"`
}

type event struct {
	EventID            string `json:"eventId"`
	TrackingNumber     string `json:"trackingNumber"`
	Status             string `json:"status"` // the courier's own text
	OccurrenceDatetime string `json:"occurrenceDatetime"`
	Location           string `json:"location"`
	StatusCode         string `json:"statusCode"`
	StatusCategory     string `json:"statusCategory"`
	StatusMilestone    string `json:"statusMilestone"`
}

// converted is what a list of tracking objects says about one number.
type converted struct {
	events  []tracker.Event
	eta     time.Time
	skipped int // events whose time could not be read
}

// convert turns tracking objects into normalized events. The poll and the
// webhook both come through here, so the same Ship24 event always becomes
// the same tracker.Event (same Time, RawStatus, Location, Description) and
// the store's dedupe key matches whichever path brought it. An event that
// appears twice (one eventId in two trackings) is kept once.
func convert(ts []tracking) converted {
	var out converted
	seen := map[string]bool{}
	for _, t := range ts {
		if out.eta.IsZero() {
			if eta, ok := parseTime(t.Shipment.Delivery.EstimatedDeliveryDate); ok {
				out.eta = eta
			}
		}
		for _, e := range t.Events {
			if e.EventID != "" {
				if seen[e.EventID] {
					continue
				}
				seen[e.EventID] = true
			}
			// Any year, as sent: the store keeps a placeholder date, tells of
			// it and does not count it (tracker.EventTimeDoubt).
			at, ok := readTime(e.OccurrenceDatetime)
			if !ok {
				out.skipped++
				continue
			}
			m := mapStatus(e.StatusCode, e.StatusCategory, e.StatusMilestone)
			out.events = append(out.events, tracker.Event{
				Time:        at,
				Status:      m.status,
				RawStatus:   rawStatus(e.StatusCode, e.StatusCategory, e.StatusMilestone),
				Location:    e.Location,
				Description: e.Status,
				Exception:   m.exception,
			})
		}
	}
	return out
}

// timeLayouts are the forms of a Ship24 "logistic date-time"
// (docs.ship24.com/data-format): with an offset or Z, without one (the
// courier's local time), or a bare date; fractions of a second optional.
// A few neighbours (space separator, offset without colon, no seconds) are
// accepted because couriers' data passes through unchanged.
var timeLayouts = []string{
	time.RFC3339Nano, // 2021-03-04T10:12:57.000Z, 2021-03-04T10:12:57+02:00
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
}

// parseTime reads a logistic date-time as UTC (readTime), refusing years
// before 1970: placeholders for "unknown".
func parseTime(s string) (time.Time, bool) {
	t, ok := readTime(s)
	if !ok || t.Year() < 1970 {
		return time.Time{}, false
	}
	return t, true
}

// readTime reads a logistic date-time as UTC, whatever its year. A time
// without an offset is the courier's local wall clock in an unknown zone;
// it is read as if it were UTC, which keeps it stable across polls and
// pushes (dedupe) and at most a few hours off.
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
