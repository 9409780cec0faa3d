package kuaidi100

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"waybill/tracker"
)

// answer is a query answer: a trail on success, or result/returnCode/message
// on failure. Numeric fields come as strings or numbers depending on the
// endpoint and its version, so they are read as flexString.
type answer struct {
	Result     *bool      `json:"result"`
	ReturnCode flexString `json:"returnCode"`
	Message    string     `json:"message"`
	Nu         string     `json:"nu"`
	Com        string     `json:"com"`
	State      flexString `json:"state"`
	IsCheck    flexString `json:"ischeck"`
	Status     flexString `json:"status"` // "communication status", documented as ignorable
	Data       []datum    `json:"data"`
}

// datum is one trail entry.
type datum struct {
	Time       string     `json:"time"`
	FTime      string     `json:"ftime"`
	Context    string     `json:"context"`
	Location   string     `json:"location"`
	AreaName   string     `json:"areaName"`
	Status     string     `json:"status"`     // state name, resultv2 ≥ 1
	StatusCode flexString `json:"statusCode"` // advanced state code, resultv2 = 4
}

// flexString takes a JSON string, number or boolean.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*f = ""
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(strings.TrimSpace(s))
	case string(b) == "true" || string(b) == "false":
		*f = flexString(b)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("want a string or a number, got %.40s", b)
		}
		*f = flexString(n.String())
	}
	return nil
}

// VendorError is a failure Kuaidi100 reports for the whole account or
// service (bad signature, balance used up, server trouble), not for one
// number.
type VendorError struct {
	Code    string
	Message string
	Kind    tracker.FailKind
}

func (e *VendorError) Error() string {
	return fmt.Sprintf("returnCode %s: %s", e.Code, e.Message)
}

// Return codes of the query (documented table: 200 success, 400 "提交的数
// 据不完整，或者贵公司没授权" (incomplete data, or your company is not
// authorised), 500 no result yet, 501 server error, 502 server busy, 503
// signature check failed, 601 key expired: no queries left on the account;
// 408 is the carrier's phone check, documented in Kuaidi100's FAQ and seen
// in answers). https://api.kuaidi100.com/document/5f0ffb5ebc8da837cbd8aefc
// and the SDKs' copies of the table (e.g. kuaidi100-api/java-demo).
const (
	codeOK          = "200"
	codeBadRequest  = "400"
	codePhone       = "408"
	codeNoResult    = "500"
	codeServerError = "501"
	codeServerBusy  = "502"
	codeBadSign     = "503"
	codeKeyExpired  = "601"
)

// classify sorts a failed answer: call-level failures come back as a
// *VendorError; a number's own problem as (err, false) for TrackResult.Err;
// "no result yet" as notFound. Only an answer that cannot be about the
// number asked stops or pauses the service: one bad number must not switch
// it off for every parcel.
func classify(code, msg string) (vendor *VendorError, own error, notFound bool) {
	switch code {
	case codeNoResult:
		return nil, nil, true
	case codeBadSign:
		return &VendorError{code, msg, tracker.FailAuth}, nil, false
	case codeKeyExpired:
		return &VendorError{code, msg, tracker.FailQuota}, nil, false
	case codeServerError, codeServerBusy:
		return &VendorError{code, msg, tracker.FailServer}, nil, false
	case codeBadRequest:
		// 400 covers a bad com/num (this number) and an account that is
		// not authorised (every number), and its one documented text
		// names both at once, so no wording of it tells them apart: it is
		// the number's error. An account without the product gets it for
		// every number, each one saying so, and the service goes on; a
		// rejected key is 503, which is about the call's signature alone.
		// A message about the balance (undocumented wording, seen in
		// integrations) cannot be about one number, so it pauses.
		if strings.Contains(msg, "充值") || strings.Contains(msg, "余额") || strings.Contains(msg, "单量") {
			return &VendorError{code, msg, tracker.FailQuota}, nil, false
		}
		return nil, fmt.Errorf("kuaidi100 refused the query (returnCode 400): %s", msg), false
	case codePhone:
		return nil, fmt.Errorf("kuaidi100: the carrier wants the recipient's or sender's phone number (returnCode 408): %s", msg), false
	}
	if strings.Contains(msg, "查询无结果") {
		return nil, nil, true
	}
	return nil, fmt.Errorf("kuaidi100 returnCode %s: %s", code, msg), false
}

// Interpret reads a query answer for number. It returns the trail (newest
// first as Kuaidi100 sends it), NotFound, or a per-number Err in the result;
// a *VendorError for a call-level failure; any other error when the body is
// not the documented JSON.
func Interpret(body []byte, number string) (tracker.TrackResult, error) {
	res := tracker.TrackResult{TrackingNo: number}
	var a answer
	if err := json.Unmarshal(body, &a); err != nil {
		return res, err
	}
	failed := (a.Result != nil && !*a.Result) || (a.ReturnCode != "" && a.ReturnCode != codeOK)
	if failed {
		code := string(a.ReturnCode)
		if code == "" {
			code = "?"
		}
		ve, own, nf := classify(code, a.Message)
		switch {
		case ve != nil:
			return res, ve
		case nf:
			res.NotFound = true
		default:
			res.Err = own
		}
		return res, nil
	}
	if a.Data == nil && a.State == "" && a.Nu == "" && a.Message == "" {
		return res, errors.New("neither a trail nor a returnCode")
	}
	res.Events = Events(a.Data, string(a.State))
	if len(res.Events) == 0 {
		res.NotFound = true
	}
	return res, nil
}

// Events converts a trail. state is the answer's overall state, used as
// the raw code of the newest entry when entries carry no state of their
// own (resultv2 off). Entries whose time cannot be read are dropped; one
// whose year no parcel has (a placeholder) is kept as sent, for the store
// to tell of and not count (tracker.EventTimeDoubt), and is never the
// newest entry here either.
func Events(data []datum, state string) []tracker.Event {
	var out []tracker.Event
	newest := -1
	for _, d := range data {
		t, err := ParseTime(firstNonEmpty(d.FTime, d.Time))
		if err != nil {
			t, err = ParseTime(d.Time)
		}
		placeholder := false
		if err != nil {
			if t, err = readTime(firstNonEmpty(d.FTime, d.Time)); err != nil {
				if t, err = readTime(d.Time); err != nil {
					continue
				}
			}
			placeholder = true
		}
		raw := string(d.StatusCode)
		if raw == "" {
			raw = strings.TrimSpace(d.Status)
		}
		m := MapState(raw)
		out = append(out, tracker.Event{
			Time:        t,
			Status:      m.Status,
			RawStatus:   raw,
			Location:    strings.TrimSpace(firstNonEmpty(d.Location, d.AreaName)),
			Description: strings.TrimSpace(d.Context),
			Exception:   m.Exception,
		})
		if !placeholder && (newest < 0 || t.After(out[newest].Time)) {
			newest = len(out) - 1
		}
	}
	if newest >= 0 && out[newest].RawStatus == "" && state != "" {
		m := MapState(state)
		out[newest].RawStatus = state
		out[newest].Status = m.Status
		out[newest].Exception = m.Exception
	}
	return out
}

// china is China Standard Time. China has kept UTC+8 all year since 1991,
// so a fixed zone is exact and needs no tzdata on the machine.
var china = time.FixedZone("CST", 8*3600)

var timeLayouts = []string{
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"2006-01-02T15:04:05",
	"2006-01-02",
}

// ParseTime reads a Kuaidi100 time ("2026-10-20 18:02:33", China local
// time) into UTC. A time that carries its own offset keeps it.
func ParseTime(s string) (time.Time, error) {
	t, err := readTime(s)
	if err != nil {
		return t, err
	}
	return checkYear(t, strings.TrimSpace(s))
}

// readTime is ParseTime for any year.
func readTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("empty time")
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	for _, l := range timeLayouts {
		if t, err := time.ParseInLocation(l, s, china); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q: want yyyy-MM-dd HH:mm:ss", s)
}

func checkYear(t time.Time, s string) (time.Time, error) {
	if t.Year() < 1990 || t.Year() > 2200 {
		return time.Time{}, fmt.Errorf("time %q out of range", s)
	}
	return t, nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
