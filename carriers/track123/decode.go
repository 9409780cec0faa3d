package track123

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"waybill/tracker"
)

// The JSON Track123 sends, reduced to what we read. Every answer is an
// envelope {"code": "00000", "msg": …, "data": …}
// (track123.com/docs/en/api/baseInfo/introduce.html, "Response").
// Nullable strings decode to "" (JSON null leaves a Go string untouched);
// numbers and times we do not need are not read, so their types cannot
// fail a decode.

type envelope struct {
	Code string          `json:"code"`
	Msg  string          `json:"msg"`
	Data json.RawMessage `json:"data"`
}

// apiError is a service code with its message, from the envelope or from
// one rejected item.
type apiError struct {
	Code string `json:"code"`
	Msg  string `json:"msg"`
}

func (e apiError) Error() string {
	if e.Msg == "" {
		return "code " + e.Code
	}
	return "code " + e.Code + ": " + e.Msg
}

// importItem is one element of the import body (the documented request:
// trackNo, courierCode, orderNo, country, shipTime, customerEmail,
// postalCode, extendFieldMap.phoneSuffix, remark, custom1, custom2). We
// send only what we know for certain.
type importItem struct {
	TrackNo        string            `json:"trackNo"`
	ShipTime       string            `json:"shipTime,omitempty"`
	ExtendFieldMap map[string]string `json:"extendFieldMap,omitempty"`
}

// importData is the data of an import answer.
type importData struct {
	Accepted []struct {
		TrackNo string `json:"trackNo"`
	} `json:"accepted"`
	Rejected []rejected `json:"rejected"`
}

type rejected struct {
	Index   int      `json:"index"`
	TrackNo string   `json:"trackNo"`
	Error   apiError `json:"error"`
}

// queryRequest is the documented query body. createTimeStart/End and
// orderNos are filters we do not need; the docs do not say they are
// required or what window applies without them.
type queryRequest struct {
	TrackNos      []string `json:"trackNos"`
	QueryPageSize int      `json:"queryPageSize"`
}

// queryData is the data of a query answer: accepted.content holds one
// tracking per number Track123 has; rejected is not shown in the docs'
// example (it is cut short), so both a list of rejected items and a page
// of them are read.
type queryData struct {
	Accepted struct {
		Content []tracking `json:"content"`
	} `json:"accepted"`
	Rejected json.RawMessage `json:"rejected"`
}

func (d queryData) rejected() []rejected {
	raw := bytes.TrimSpace(d.Rejected)
	if len(raw) == 0 || raw[0] == 'n' {
		return nil
	}
	var list []rejected
	if json.Unmarshal(raw, &list) == nil {
		return list
	}
	var page struct {
		Content []rejected `json:"content"`
	}
	_ = json.Unmarshal(raw, &page) // anything else says nothing we can use
	return page.Content
}

// tracking is one number's record, as the query returns it in
// accepted.content and a webhook in data (the documented examples:
// track123.com/carriers/*/api for the query,
// docs.track123.com/reference/getting-started-with-your-api for pushes).
type tracking struct {
	TrackNo          string    `json:"trackNo"`
	TrackingStatus   string    `json:"trackingStatus"`
	TransitStatus    string    `json:"transitStatus"`
	TransitSubStatus string    `json:"transitSubStatus"`
	ExpectedDelivery string    `json:"expectedDelivery"`
	Local            *waybill  `json:"localLogisticsInfo"`
	LastMile         *lastMile `json:"lastMileInfo"`
}

// waybill is one carrier's leg: localLogisticsInfo, or the last-mile
// carrier's under lastMileInfo.openApiWayBillInfo.
type waybill struct {
	CourierCode     string   `json:"courierCode"`
	TrackingDetails []detail `json:"trackingDetails"`
}

// lastMile is lastMileInfo. The official examples stop before it (the
// query example is cut short, the webhook example shows only
// localLogisticsInfo); the field names are those third-party clients read
// (the com.sdk.tms.track123 Java model LastMileInfo{lmTrackNo,
// openApiWayBillInfo}, and integrations that merge its trackingDetails).
type lastMile struct {
	TrackNo string   `json:"lmTrackNo"`
	Waybill *waybill `json:"openApiWayBillInfo"`
}

// detail is one scan in trackingDetails.
type detail struct {
	Address          string `json:"address"`
	Timezone         string `json:"timezone"`
	EventTime        string `json:"eventTime"`
	EventTimeZeroUTC string `json:"eventTimeZeroUTC"`
	EventDetail      string `json:"eventDetail"`
	TransitSubStatus string `json:"transitSubStatus"`
}

// converted is what one tracking says about its number.
type converted struct {
	events   []tracker.Event
	eta      time.Time
	lastMile tracker.LastMile
	stopped  bool
	skipped  int // scans whose time could not be read
}

// convert turns a tracking into our terms. Polls and pushes both come
// through here, so one scan always becomes the same tracker.Event and the
// store's dedupe key (time, raw code, location, text) matches whichever
// path brought it.
func convert(t tracking) converted {
	var out converted
	var details []detail
	if t.Local != nil {
		details = append(details, t.Local.TrackingDetails...)
	}
	if lm := t.LastMile; lm != nil {
		if lm.Waybill != nil {
			details = append(details, lm.Waybill.TrackingDetails...)
		}
		if n := strings.TrimSpace(lm.TrackNo); n != "" && !strings.EqualFold(n, strings.TrimSpace(t.TrackNo)) {
			out.lastMile.TrackingNo = n
			if lm.Waybill != nil {
				out.lastMile.Carrier = strings.TrimSpace(lm.Waybill.CourierCode)
			}
		}
	}
	newest := -1
	for _, d := range details {
		at, ok := eventTime(d)
		if !ok {
			out.skipped++
			continue
		}
		c := classify(d.TransitSubStatus)
		out.events = append(out.events, tracker.Event{
			Time:        at,
			Status:      c.status,
			RawStatus:   strings.TrimSpace(d.TransitSubStatus),
			Location:    d.Address,
			Description: d.EventDetail,
			Exception:   c.exception,
		})
		if i := len(out.events) - 1; newest < 0 || at.After(out.events[newest].Time) {
			newest = i
		}
	}
	// A scan without a sub-status tells no status of its own; the newest
	// one stands for the parcel's current state when Track123 gives one.
	// Its raw code stays empty, so the dedupe key does not change when a
	// later scan makes it no longer the newest.
	if newest >= 0 && out.events[newest].RawStatus == "" {
		if c, ok := parcelStatus(t.TransitStatus, t.TransitSubStatus); ok {
			out.events[newest].Status, out.events[newest].Exception = c.status, c.exception
		}
	}
	out.eta, _ = parseDate(t.ExpectedDelivery)
	out.stopped = t.TransitStatus == "EXPIRED"
	return out
}

// wall is Track123's date-time form, "2021-08-12 10:32:41".
const wall = "2006-01-02 15:04:05"

// eventTime reads a scan's time. eventTime with its timezone is the
// carrier's own clock and comes first: in the documented webhook example
// eventTimeZeroUTC holds one placeholder for every scan, unlike eventTime.
// Then eventTimeZeroUTC; then eventTime alone, read as UTC (stable across
// polls and pushes, at most hours off). Any year is kept: the store keeps
// a placeholder date, tells of it and does not count it.
func eventTime(d detail) (time.Time, bool) {
	local := strings.TrimSpace(d.EventTime)
	if len(local) > 64 {
		return time.Time{}, false
	}
	if z := strings.TrimSpace(d.Timezone); z != "" && local != "" {
		if t, err := time.Parse(wall+"-07:00", local+z); err == nil {
			return t.UTC(), true
		}
	}
	if u := strings.TrimSpace(d.EventTimeZeroUTC); u != "" && len(u) <= 64 {
		if t, err := time.Parse(time.RFC3339Nano, u); err == nil {
			return t.UTC(), true
		}
		if t, err := time.Parse("2006-01-02T15:04:05", u); err == nil {
			return t, true
		}
	}
	for _, layout := range []string{wall, time.RFC3339Nano, "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, local); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// parseDate reads expectedDelivery ("2026-09-25" in the clients we found,
// or a date-time), refusing years before 1970: placeholders.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	for _, layout := range []string{"2006-01-02", wall, time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() >= 1970 {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
