// Package track123fake is a local stand-in for the Track123 tracking API
// (https://docs.track123.com/reference), written from its documentation for
// tests of the adapter and of anything built on it (an end-to-end CLI test
// included). It speaks the documented paths, header and JSON envelope,
// checks the Track123-Api-Secret header, remembers which numbers were
// imported, refuses batches over 100 numbers, counts requests over the
// documented 5 a second per endpoint, signs webhooks as documented, and fails
// on demand (contract.Fault). It plays the carriers too: AddDelivered and
// AddEvents script what Track123 will report.
//
// Where the documentation is silent the fake has to choose, and says so
// next to the choice: the HTTP status that comes with a service code, what
// a query says about a number never imported, and which code means a
// used-up plan.
package track123fake

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"waybill/carriers/contract"
	"waybill/carriers/contract/fakekit"
)

// Documented facts the fake enforces.
const (
	// Prefix is the documented base path (docs.track123.com/reference:
	// "https://api.track123.com/gateway/open-api/" and
	// ".../tk/v2/track/import").
	Prefix     = "/gateway/open-api/tk/v2"
	ImportPath = Prefix + "/track/import"
	QueryPath  = Prefix + "/track/query"
	// KeyHeader carries the API key (docs.track123.com/reference, "Request
	// HEADERS").
	KeyHeader = "Track123-Api-Secret"
	// MaxBatch: "You can track up to 100 tracking numbers at a time"
	// (track123.com/carriers/*/api, the query example).
	MaxBatch = 100
	// RatePerSecond: "5 requests per second per endpoint"
	// (docs.track123.com/reference/rate-limit).
	RatePerSecond = 5
)

// Service codes from docs.track123.com/reference/status-code (the "code"
// field of every answer), plus A0706 from the rate-limit page.
const (
	CodeSuccess      = "00000"
	CodeParam        = "A0400" // PARAM_ERROR
	CodeTokenInvalid = "A0230" // TOKEN_INVALID_OR_EXPIRED
	CodeTooMany      = "A0706" // "Too Many Requests" (rate-limit page)
	CodeFlowLimit    = "B0210" // FLOW_LIMITING
	CodeSystemError  = "B0001" // SYSTEM_EXECUTION_ERROR
	CodeExhausted    = "B0310" // SYSTEM_RESOURCE_EXHAUSTION
)

// Event is one scan as Track123 reports it in trackingDetails.
type Event struct {
	Time      time.Time
	Zone      string // the "timezone" of the scan, e.g. "+08:00"; "" for "+00:00"
	SubStatus string // transitSubStatus, e.g. "IN_TRANSIT_01"; "" sends null
	Detail    string // eventDetail
	Address   string
	// LastMile puts the scan under lastMileInfo.openApiWayBillInfo (the
	// destination carrier's leg) instead of localLogisticsInfo.
	LastMile bool
}

// Request is one request as the fake received it.
type Request struct {
	Method string
	Path   string
	Header http.Header
	Body   []byte
}

// ImportItem is one element of an import body, as the fake read it.
type ImportItem struct {
	TrackNo        string            `json:"trackNo"`
	CourierCode    string            `json:"courierCode"`
	OrderNo        string            `json:"orderNo"`
	ShipTime       string            `json:"shipTime"`
	PostalCode     string            `json:"postalCode"`
	ExtendFieldMap map[string]string `json:"extendFieldMap"`
}

type parcel struct {
	events      []Event // oldest first
	status, sub string  // transitStatus override ("" : from the newest scan)
	tracking    string  // trackingStatus override ("" : 001 or 002)
	eta         string  // expectedDelivery
	lmNo, lmCo  string  // lastMileInfo.lmTrackNo and its courier
	courier     string
}

type scripted struct {
	fault         contract.Fault
	status        int
	code, message string
}

// Server is a running fake. Its methods are safe for concurrent use.
type Server struct {
	fakekit.Base
	key    string
	batch  int
	faults fakekit.Queue[scripted]

	mu       sync.Mutex
	parcels  map[string]*parcel
	imported map[string]ImportItem
	rejects  map[string]scripted // "import NUMBER" → per-number refusal
	requests fakekit.Log[Request]
}

// New starts a fake that takes at most batchSize numbers a request (0 for
// Track123's 100) and stops when the test ends.
func New(t testing.TB, batchSize int) *Server {
	t.Helper()
	if batchSize <= 0 || batchSize > MaxBatch {
		batchSize = MaxBatch
	}
	s := &Server{
		key:      "t123-fake-" + strconv.FormatInt(time.Now().UnixNano()%1e9, 16),
		batch:    batchSize,
		parcels:  map[string]*parcel{},
		imported: map[string]ImportItem{},
		rejects:  map[string]scripted{},
	}
	s.Start(t, s.serve)
	return s
}

// Key is the API key the fake accepts in the Track123-Api-Secret header.
func (s *Server) Key() string { return s.key }

// Requests returns every request received, oldest first.
func (s *Server) Requests() []Request { return s.requests.All() }

// Fail makes the next n requests fail with f, after the failures already
// queued by Fail or FailCode.
func (s *Server) Fail(f contract.Fault, n int) { s.faults.Add(scripted{fault: f}, n) }

// FailCode makes the next n requests answer HTTP status with the
// documented envelope carrying code and message.
func (s *Server) FailCode(n, status int, code, message string) {
	s.faults.Add(scripted{status: status, code: code, message: message}, n)
}

// RejectImport makes import refuse number with a per-number error in
// data.rejected, as the documented example does for a duplicate order
// number; code "" lifts it.
func (s *Server) RejectImport(number, code, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == "" {
		delete(s.rejects, norm(number))
		return
	}
	s.rejects[norm(number)] = scripted{code: code, message: message}
}

// Imported reports whether number was imported, and what the import said.
func (s *Server) Imported(number string) (ImportItem, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.imported[norm(number)]
	return it, ok
}

// Forget drops an import, as Track123's "Delete a tracking" does.
func (s *Server) Forget(number string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.imported, norm(number))
}

// AddEvents appends scans to number's history, oldest first. Any
// sub-status may be scripted, documented or not.
func (s *Server) AddEvents(number string, evs ...Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.parcel(number)
	p.events = append(p.events, evs...)
}

// SetStatus makes transitStatus and transitSubStatus say status and sub
// whatever the scans say, as Track123 does when it marks a number EXPIRED.
func (s *Server) SetStatus(number, status, sub string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.parcel(number)
	p.status, p.sub = status, sub
}

// SetTrackingStatus sets the query status code ("001" … "006") of number.
func (s *Server) SetTrackingStatus(number, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.parcel(number).tracking = code
}

// SetETA sets expectedDelivery for number.
func (s *Server) SetETA(number, eta string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.parcel(number).eta = eta
}

// SetLastMile gives number a last-mile number and courier
// (lastMileInfo.lmTrackNo, lastMileInfo.openApiWayBillInfo.courierCode).
func (s *Server) SetLastMile(number, lmNo, courier string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.parcel(number)
	p.lmNo, p.lmCo = lmNo, courier
}

// AddDelivered scripts a Cainiao → USPS journey that ends delivered: scans
// in China at +08:00, the hand-over to a last-mile number, then scans in
// the United States at -05:00 under lastMileInfo. It returns how many
// events the query will report.
func (s *Server) AddDelivered(number string, shipped time.Time) int {
	h := time.Hour
	at := func(d time.Duration) time.Time { return shipped.UTC().Add(d) }
	evs := []Event{
		{at(0), "+08:00", "INFO_RECEIVED_01", "Shipment information received", "Shenzhen", false},
		{at(8 * h), "+08:00", "IN_TRANSIT_01", "Accepted by carrier", "Shenzhen, Guangdong", false},
		{at(20 * h), "+08:00", "IN_TRANSIT_02", "Arrived at sorting center", "Guangzhou", false},
		{at(30 * h), "+08:00", "IN_TRANSIT_04", "Dispatched to the airport", "Guangzhou", false},
		{at(40 * h), "+08:00", "IN_TRANSIT_08", "Flight departed", "Guangzhou Baiyun", false},
		{at(96 * h), "-05:00", "IN_TRANSIT_06", "Arrived in the destination country", "New York, NY", false},
		{at(120 * h), "-05:00", "IN_TRANSIT_03", "Customs clearance completed", "New York, NY", false},
		{at(150 * h), "-05:00", "IN_TRANSIT_07", "Arrived at post office", "Brooklyn, NY", true},
		{at(168 * h), "-05:00", "WAITING_DELIVERY_01", "Out for delivery", "Brooklyn, NY 11201", true},
		{at(174 * h), "-05:00", "DELIVERED_01", "Delivered, in/at mailbox", "Brooklyn, NY 11201", true},
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.parcel(number)
	p.events = append(p.events, evs...)
	p.courier = "cainiao"
	p.lmNo, p.lmCo = "LM"+norm(number), "usps"
	p.eta = at(9 * 24 * h).Format("2006-01-02")
	return len(p.events)
}

// Signature is the documented webhook signature: the hex HMAC-SHA256 of the
// timestamp's text, keyed with the account's API key ("Use your Track123 API
// key and timestamp (plain text) to generate a signature … JAVA:
// HmacSHA256", docs.track123.com/reference/getting-started-with-your-api).
// Lowercase hex is PHP's hash_hmac output; the docs show no example value.
func Signature(apiKey, timestamp string) string {
	m := hmac.New(sha256.New, []byte(apiKey))
	m.Write([]byte(timestamp))
	return hex.EncodeToString(m.Sum(nil))
}

// Millis is a webhook timestamp: milliseconds since 1970, as the
// documented header example "X-Track123-Timestamp:1724750053243" shows.
func Millis(at time.Time) string { return strconv.FormatInt(at.UnixMilli(), 10) }

// WebhookBody is the push of the API guide
// (docs.track123.com/reference/getting-started-with-your-api, "Webhook
// specifications"): {"data": <the tracking, as the query returns it>,
// "verify": {"timestamp", "signature"}}, signed at at. The docs do not say
// whether the timestamp is a JSON number or a string; the fake sends a
// number.
func (s *Server) WebhookBody(number string, at time.Time) []byte {
	s.mu.Lock()
	item := s.tracking(number, s.parcel(number))
	s.mu.Unlock()
	ts := Millis(at)
	b, err := json.Marshal(map[string]any{
		"data":   item,
		"verify": map[string]any{"timestamp": json.Number(ts), "signature": Signature(s.key, ts)},
	})
	if err != nil {
		panic(err) // our own maps: cannot fail
	}
	return b
}

// AppWebhook is the push of the help centre's "Track123 Webhook for
// developer" (intercom.help/track123/en/articles/9790020): the signature in
// the X-Track123-Timestamp and X-Track123-Signature headers, and a flat
// body with trackingNumber, transitStatus and trackInfo[{eventTime,
// eventDetail, eventLocation}].
func (s *Server) AppWebhook(number string, at time.Time) ([]byte, http.Header) {
	s.mu.Lock()
	p := s.parcel(number)
	var info []any
	for i := len(p.events) - 1; i >= 0; i-- {
		e := p.events[i]
		info = append(info, map[string]any{
			"eventTime":     e.Time.In(zone(e.Zone)).Format(wall),
			"eventDetail":   e.Detail,
			"eventLocation": e.Address,
		})
	}
	status, sub := s.status(p)
	s.mu.Unlock()
	b, err := json.Marshal(map[string]any{
		"trackingNumber":   number,
		"transitStatus":    status,
		"transitSubStatus": nullable(sub),
		"lastTrackingTime": nil,
		"trackInfo":        info,
	})
	if err != nil {
		panic(err)
	}
	ts := Millis(at)
	h := http.Header{}
	h.Set("Accept", "application/json")
	h.Set("Content-Type", "application/json")
	h.Set("X-Track123-Timestamp", ts)
	h.Set("X-Track123-Signature", Signature(s.key, ts))
	return b, h
}

// wall is Track123's date-time form: "2021-08-12 10:32:41".
const wall = "2006-01-02 15:04:05"

func norm(n string) string { return strings.ToUpper(strings.TrimSpace(n)) }

// parcel returns number's parcel, creating it; s.mu must be held.
func (s *Server) parcel(number string) *parcel {
	k := norm(number)
	p := s.parcels[k]
	if p == nil {
		p = &parcel{}
		s.parcels[k] = p
	}
	return p
}

// serve is the whole API: accounting, faults, the key, then the operation.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	body, _ := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	s.CountRequest()
	s.requests.Add(Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	// The limit is per endpoint: each path has its own window.
	s.CountRate(r.URL.Path, RatePerSecond, now)

	if f, ok := s.faults.Next(); ok && s.fault(w, r, f, now) {
		return
	}
	if r.Header.Get(KeyHeader) != s.key {
		s.CountBadAuth()
		// The docs give the code (A0230) but not the HTTP status that comes
		// with it; the fake answers 200, as it does every envelope.
		writeEnvelope(w, http.StatusOK, CodeTokenInvalid, "Token is invalid or expired.", nil)
		return
	}
	if r.Method != http.MethodPost {
		// "All API interfaces use the HTTPS POST method"
		// (track123.com/docs/en/api/baseInfo/introduce.html).
		writeEnvelope(w, http.StatusBadRequest, CodeParam, "Request method not supported.", nil)
		return
	}
	switch r.URL.Path {
	case ImportPath:
		s.importTrackings(w, body)
	case QueryPath:
		s.query(w, body)
	default:
		writeEnvelope(w, http.StatusOK, "C0113", "The interface does not exist.", nil)
	}
}

// fault answers a scripted failure; false when f is none the fake knows.
func (s *Server) fault(w http.ResponseWriter, r *http.Request, f scripted, now time.Time) bool {
	if f.fault == "" {
		writeEnvelope(w, f.status, f.code, f.message, nil)
		return true
	}
	switch f.fault {
	case contract.Fault429, contract.Fault429Date:
		// "the API will return an HTTP A0706 Too Many Requests error"
		// (rate-limit page). That reads as HTTP 429 with code A0706; no
		// Retry-After is documented, so this is what a gateway in front
		// would add.
		w.Header().Set("Retry-After", fakekit.RetryAfter(f.fault, now))
		writeEnvelope(w, http.StatusTooManyRequests, CodeTooMany, "Too Many Requests", nil)
	case contract.Fault500:
		writeEnvelope(w, http.StatusInternalServerError, CodeSystemError, "System error.", nil)
	case contract.FaultTimeout:
		s.Hang(r)
	case contract.FaultBadJSON:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
	case contract.FaultQuota:
		// No code in the documented table names a used-up plan; B0310
		// SYSTEM_RESOURCE_EXHAUSTION ("System resources are exhausted") is
		// the one that can. A guess, said so in the adapter and README.
		writeEnvelope(w, http.StatusOK, CodeExhausted, "System resources are exhausted.", nil)
	case contract.FaultAuthCode:
		writeEnvelope(w, http.StatusOK, CodeTokenInvalid, "Token is invalid or expired.", nil)
	default:
		return false
	}
	return true
}

// importTrackings is POST …/track/import: a JSON array of trackings, each
// accepted or rejected with its index (the documented example).
func (s *Server) importTrackings(w http.ResponseWriter, body []byte) {
	var items []ImportItem
	if err := json.Unmarshal(body, &items); err != nil {
		writeEnvelope(w, http.StatusBadRequest, CodeParam, "The request body is not a JSON array: "+err.Error(), nil)
		return
	}
	s.CountBatch(len(items))
	if len(items) == 0 {
		writeEnvelope(w, http.StatusBadRequest, "A0410", "The parameter for the request is null.", nil)
		return
	}
	if len(items) > s.batch {
		// The limit is documented, the answer to exceeding it is not.
		writeEnvelope(w, http.StatusBadRequest, CodeParam, fmt.Sprintf("At most %d tracking numbers a request.", s.batch), nil)
		return
	}
	accepted, rejected := []any{}, []any{}
	s.mu.Lock()
	for i, it := range items {
		k := norm(it.TrackNo)
		reject := func(code, msg string) {
			rejected = append(rejected, map[string]any{
				"index": i, "trackNo": it.TrackNo, "orderNo": it.OrderNo, "courierCode": it.CourierCode,
				"error": map[string]any{"code": code, "msg": msg},
			})
		}
		switch rj, ok := s.rejects[k]; {
		case k == "":
			reject(CodeParam, "The tracking number is null.")
		case ok:
			reject(rj.code, rj.message)
		case s.isImported(k):
			// Undocumented wording, in the form of the documented "The order
			// number has been imported".
			reject(CodeParam, "The tracking number has been imported")
		default:
			s.imported[k] = it
			accepted = append(accepted, it)
		}
	}
	s.mu.Unlock()
	writeEnvelope(w, http.StatusOK, CodeSuccess, "Success", map[string]any{"accepted": accepted, "rejected": rejected})
}

func (s *Server) isImported(k string) bool { _, ok := s.imported[k]; return ok }

// queryBody is the documented query request.
type queryBody struct {
	TrackNos        []string `json:"trackNos"`
	OrderNos        []string `json:"orderNos"`
	CreateTimeStart string   `json:"createTimeStart"`
	CreateTimeEnd   string   `json:"createTimeEnd"`
	Cursor          string   `json:"cursor"`
	QueryPageSize   int      `json:"queryPageSize"`
}

// query is POST …/track/query. A number never imported is simply absent
// from accepted.content: the docs do not say what Track123 does with one.
func (s *Server) query(w http.ResponseWriter, body []byte) {
	var q queryBody
	if err := json.Unmarshal(body, &q); err != nil {
		writeEnvelope(w, http.StatusBadRequest, CodeParam, "The request body is not a JSON object: "+err.Error(), nil)
		return
	}
	s.CountBatch(len(q.TrackNos))
	if len(q.TrackNos) > s.batch || q.QueryPageSize > MaxBatch {
		writeEnvelope(w, http.StatusBadRequest, CodeParam, fmt.Sprintf("At most %d tracking numbers a request.", s.batch), nil)
		return
	}
	content := []any{}
	s.mu.Lock()
	seen := map[string]bool{}
	for _, n := range q.TrackNos {
		k := norm(n)
		if seen[k] || !s.isImported(k) {
			continue
		}
		seen[k] = true
		content = append(content, s.tracking(s.imported[k].TrackNo, s.parcel(k)))
	}
	s.mu.Unlock()
	writeEnvelope(w, http.StatusOK, CodeSuccess, "Success", map[string]any{
		"accepted": map[string]any{
			"content": content, "totalElements": len(content), "totalPages": 1, "currentPage": 1, "cursor": "",
		},
		"rejected": []any{},
	})
}

// status is the parcel's transitStatus and transitSubStatus: the override,
// else the newest scan's sub-status and its main part, else NO_RECORD.
func (s *Server) status(p *parcel) (string, string) {
	if p.status != "" {
		return p.status, p.sub
	}
	if len(p.events) == 0 {
		return "NO_RECORD", ""
	}
	sub := p.events[len(p.events)-1].SubStatus
	if i := strings.LastIndexByte(sub, '_'); i > 0 {
		return sub[:i], sub
	}
	return "IN_TRANSIT", sub
}

// tracking renders one element of accepted.content (and of a push's data):
// the fields of the documented query and webhook examples. s.mu is held.
func (s *Server) tracking(number string, p *parcel) map[string]any {
	status, sub := s.status(p)
	tracking := p.tracking
	if tracking == "" {
		tracking = "001"
		if len(p.events) == 0 {
			tracking = "002"
		}
	}
	var local, last []any
	var newest, delivered any
	for i := len(p.events) - 1; i >= 0; i-- {
		e := p.events[i]
		z := e.Zone
		if z == "" {
			z = "+00:00"
		}
		d := map[string]any{
			"address":          e.Address,
			"timezone":         z,
			"eventTime":        e.Time.In(zone(z)).Format(wall),
			"eventTimeZeroUTC": e.Time.UTC().Format("2006-01-02T15:04:05Z"),
			"eventDetail":      e.Detail,
			"transitSubStatus": nullable(e.SubStatus),
		}
		if e.LastMile {
			last = append(last, d)
		} else {
			local = append(local, d)
		}
		if newest == nil {
			newest = d["eventTime"]
		}
		if delivered == nil && strings.HasPrefix(e.SubStatus, "DELIVERED") {
			delivered = d["eventTime"]
		}
	}
	courier := p.courier
	if courier == "" {
		courier = "china-post"
	}
	item := map[string]any{
		"id":               "229255084490768384",
		"trackNo":          number,
		"createTime":       "2026-10-20 08:00:00",
		"nextUpdateTime":   "2026-10-21 08:00:00",
		"orderNo":          "",
		"customerEmail":    "",
		"shipFrom":         "CN",
		"shipTo":           "US",
		"trackingStatus":   tracking,
		"transitStatus":    status,
		"transitSubStatus": nullable(sub),
		"shipTime":         nil,
		"orderTime":        nil,
		"receiptTime":      nil,
		"deliveredTime":    delivered,
		"lastTrackingTime": newest,
		"transitDays":      len(p.events),
		"stayDays":         0,
		"deliveredDays":    nil,
		"remark":           "",
		"expectedDelivery": nullable(p.eta),
		"shipmentType":     nil,
		"localLogisticsInfo": map[string]any{
			"courierCode": courier, "courierNameCN": courier, "courierNameEN": courier,
			"courierHomePage": "https://example.com/" + courier, "courierTrackingLink": nil,
			"trackingDetails": orEmpty(local),
		},
		"lastMileInfo": nil,
	}
	if p.lmNo != "" {
		// lastMileInfo {lmTrackNo, openApiWayBillInfo} is not in the
		// official examples (their query example is cut short); the shape
		// is the one third-party clients read (see the adapter's comment).
		item["lastMileInfo"] = map[string]any{
			"lmTrackNo": p.lmNo,
			"openApiWayBillInfo": map[string]any{
				"courierCode": p.lmCo, "courierNameEN": p.lmCo, "trackingDetails": orEmpty(last),
			},
		}
	}
	return item
}

func orEmpty(v []any) []any {
	if v == nil {
		return []any{}
	}
	return v
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// zone reads "+08:00" as a fixed zone.
func zone(z string) *time.Location {
	t, err := time.Parse("-07:00", z)
	if err != nil {
		return time.UTC
	}
	_, off := t.Zone()
	return time.FixedZone(z, off)
}

// writeEnvelope answers the documented envelope: code, msg, data, and a
// traceId as in the import example.
func writeEnvelope(w http.ResponseWriter, status int, code, msg string, data any) {
	fakekit.WriteJSON(w, status, map[string]any{
		"code":    code,
		"msg":     msg,
		"data":    data,
		"traceId": "79160aef7dde4df3ab53d77a5e783fad.161.17086538800398087",
	})
}

var _ contract.Fake = (*Server)(nil)
