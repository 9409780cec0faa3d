package dhl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"waybill/tracker"
)

// answer is the documented 200 body of GET /track/shipments. Only the
// fields we use are declared; DHL adds fields without notice.
type answer struct {
	Shipments []shipment `json:"shipments"`
}

type shipment struct {
	ID                         flexString `json:"id"` // a string in the spec, a number in its own example
	Service                    string     `json:"service"`
	Status                     *event     `json:"status"`
	EstimatedTimeOfDelivery    string     `json:"estimatedTimeOfDelivery"`
	EstimatedDeliveryTimeFrame *struct {
		EstimatedFrom    string `json:"estimatedFrom"`
		EstimatedThrough string `json:"estimatedThrough"`
	} `json:"estimatedDeliveryTimeFrame"`
	// ReturnFlag (added in 1.4.2) marks a shipment returned or rejected
	// back to the consignor.
	ReturnFlag bool    `json:"returnFlag"`
	Events     []event `json:"events"`
}

type event struct {
	Timestamp   string    `json:"timestamp"`
	Location    *location `json:"location"`
	StatusCode  string    `json:"statusCode"`
	Status      string    `json:"status"`
	Description string    `json:"description"`
	Remark      string    `json:"remark"`
}

type location struct {
	Address *struct {
		AddressLocality string `json:"addressLocality"`
		CountryCode     string `json:"countryCode"`
		PostalCode      string `json:"postalCode"`
	} `json:"address"`
}

// flexString takes a JSON string or number.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		*f = ""
		return nil
	}
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("id: want a string or a number, got %s", b)
	}
	*f = flexString(n.String())
	return nil
}

// problem is DHL's error body (RFC 7807 style): {"status":404,"title":"No
// result found","detail":"No shipment with given tracking number found."}.
type problem struct {
	Status int    `json:"status"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
	raw    string // what we could read of the body, for substring checks
}

// problemOf reads DHL's problem body back out of a CarrierError. carrierhttp
// keeps only a quoted, 120-byte snippet of a non-2xx body, so a long problem
// may be cut: then only raw is set and callers match substrings of it.
func problemOf(ce *tracker.CarrierError) problem {
	if ce == nil || ce.Err == nil {
		return problem{}
	}
	text := ce.Err.Error()
	if u, err := strconv.Unquote(text); err == nil {
		text = u
	}
	var p problem
	if json.Unmarshal([]byte(text), &p) != nil {
		p = problem{}
	}
	p.raw = text
	return p
}

// notFound reports whether a 404's body is DHL's "no shipment" problem.
func (p problem) notFound() bool {
	if p.Status == 404 {
		return true
	}
	raw := strings.ToLower(p.raw)
	return strings.Contains(raw, `"status":404`) || strings.Contains(raw, `"status": 404`) ||
		strings.Contains(raw, "no result found") || strings.Contains(raw, "no shipment")
}

// Decode reads a 200 answer for number into a result: the events of the
// shipment that matches the number (or of the first shipment when none has
// that id, as when DHL matched a piece id), newest first as DHL sends them,
// and the ETA. An answer with no shipment or no event is NotFound.
func Decode(body []byte, number string) (tracker.TrackResult, error) {
	res := tracker.TrackResult{TrackingNo: number}
	var a answer
	if err := json.Unmarshal(body, &a); err != nil {
		return res, err
	}
	sh, ok := pick(a.Shipments, number)
	if !ok {
		res.NotFound = true
		return res, nil
	}
	raw := sh.Events
	if len(raw) == 0 && sh.Status != nil {
		// Some business units send only the current status.
		raw = []event{*sh.Status}
	}
	for _, e := range raw {
		ev, ok := convert(e, sh.Service)
		if !ok {
			continue
		}
		res.Events = append(res.Events, ev)
	}
	if sh.ReturnFlag {
		markReturned(res.Events)
	}
	if len(res.Events) == 0 {
		res.NotFound = true
	}
	res.ETA = eta(sh)
	return res, nil
}

// pick chooses the shipment that answers number.
func pick(ss []shipment, number string) (shipment, bool) {
	if len(ss) == 0 {
		return shipment{}, false
	}
	want := normalizeID(number)
	for _, s := range ss {
		if normalizeID(string(s.ID)) == want {
			return s, true
		}
	}
	return ss[0], true
}

func normalizeID(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// convert turns one DHL event into ours; events without a readable time are
// dropped, since an event we cannot place in time would corrupt the order
// and the dedupe key. A readable time of any year is kept as sent: the
// store keeps a placeholder date, tells of it and does not count it
// (tracker.EventTimeDoubt), where dropping it here told nobody.
func convert(e event, service string) (tracker.Event, bool) {
	t, err := readTime(e.Timestamp)
	if err != nil {
		return tracker.Event{}, false
	}
	m := MapEvent(service, e.StatusCode, e.Status, e.Description+" "+e.Remark)
	desc := strings.TrimSpace(e.Description)
	if desc == "" && !isCode(e.Status) {
		desc = strings.TrimSpace(e.Status)
	}
	return tracker.Event{
		Time:        t,
		Status:      m.Status,
		RawStatus:   m.Raw,
		Location:    place(e.Location),
		Description: desc,
		Exception:   m.Exception,
	}, true
}

// markReturned applies the shipment's returnFlag: the delivery that ends a
// returned shipment is the delivery back to the sender.
func markReturned(evs []tracker.Event) {
	if len(evs) == 0 {
		return
	}
	newest := 0
	for i, e := range evs {
		if e.Time.After(evs[newest].Time) {
			newest = i
		}
	}
	switch evs[newest].Status {
	case tracker.StatusDelivered:
		evs[newest].Status = tracker.StatusReturned
	case tracker.StatusReturned, tracker.StatusReturning:
	default:
		evs[newest].Status = tracker.StatusReturning
		if evs[newest].Exception == "" {
			evs[newest].Exception = tracker.ExReturning
		}
	}
}

func place(l *location) string {
	if l == nil || l.Address == nil {
		return ""
	}
	city := strings.TrimSpace(l.Address.AddressLocality)
	cc := strings.TrimSpace(l.Address.CountryCode)
	switch {
	case city != "" && cc != "" && !strings.HasSuffix(strings.ToUpper(city), strings.ToUpper(cc)):
		return city + ", " + cc
	case city != "":
		return city
	default:
		return cc
	}
}

// eta is the documented estimate: estimatedTimeOfDelivery, else the end of
// estimatedDeliveryTimeFrame (the latest time DHL still calls on time).
func eta(s shipment) time.Time {
	if t, err := ParseTime(s.EstimatedTimeOfDelivery); err == nil {
		return t
	}
	if f := s.EstimatedDeliveryTimeFrame; f != nil {
		if t, err := ParseTime(f.EstimatedThrough); err == nil {
			return t
		}
		if t, err := ParseTime(f.EstimatedFrom); err == nil {
			return t
		}
	}
	return time.Time{}
}

// timeLayouts are the shapes DHL's timestamps take: ISO 8601 with Z or an
// offset (the documented form), and, for several business units, local
// time without a zone, sometimes without seconds.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
}

// ParseTime reads a DHL timestamp into UTC. A timestamp without a zone is
// the local time of the scan, whose zone DHL does not give; we read it as
// UTC, which keeps order within one place and is off by at most the local
// offset.
func ParseTime(s string) (time.Time, error) {
	t, err := readTime(s)
	if err == nil && (t.Year() < 1990 || t.Year() > 2200) {
		return time.Time{}, fmt.Errorf("timestamp %q out of range", strings.TrimSpace(s))
	}
	return t, err
}

// readTime is ParseTime for any year.
func readTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("empty timestamp")
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("timestamp %q: not ISO 8601", s)
}
