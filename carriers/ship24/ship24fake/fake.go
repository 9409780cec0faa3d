// Package ship24fake is a local Ship24 Tracking API for tests: it speaks
// the documented paths, headers and JSON of api.ship24.com/public/v1
// (POST /trackers/track, POST /trackers/bulk, GET /trackers/{id}/results,
// GET /trackers/search/{trackingNumber}/results), checks the API key the
// way Ship24 does, counts requests against the documented per-endpoint
// rates, and can be told to fail the way Ship24 fails. It implements
// contract.Fake.
package ship24fake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"waybill/carriers/contract"
	"waybill/carriers/contract/fakekit"
)

// Documented limits (docs.ship24.com/rate-limiter, the OpenAPI spec).
const (
	TrackRate    = 10  // POST /trackers/track, req/s
	BulkRate     = 3   // POST /trackers/bulk, req/s
	ResultsRate  = 10  // GET …/results, req/s
	MaxBulk      = 100 // trackers per POST /trackers/bulk
	prefix       = "/public/v1"
	validMessage = "The trackingNumber provided seems invalid. Please make sure it's between 5 and 50 characters, containing only letters, numbers, and hyphens, and without dummy patterns and consecutive numbers."
)

// Event is one scripted Ship24 event, in Ship24's own terms. Empty
// StatusCode, StatusCategory and Location are sent as JSON null, as Ship24
// does for insignificant events. AddEvents fills EventID and, from the
// code, StatusCategory and StatusMilestone when they are empty.
type Event struct {
	EventID            string
	Status             string // the courier's text
	OccurrenceDatetime string // any documented form: "2021-03-04T17:12:57", "…Z", "…+02:00", "2021-03-04"
	Location           string
	StatusCode         string
	StatusCategory     string
	StatusMilestone    string
	CourierCode        string
}

// Request is one request the fake received, for shape assertions.
type Request struct {
	Method string
	Path   string
	Header http.Header
	Body   []byte
}

type reject struct {
	status        int
	code, message string
}

type scripted struct {
	fault         contract.Fault
	status        int
	code, message string
}

type parcel struct {
	events []Event // oldest first
	eta    string
}

type trackerRec struct {
	id, number string
	body       json.RawMessage
	created    time.Time
}

// Server is a running fake. Its methods are safe for concurrent use.
type Server struct {
	fakekit.Base
	key    string
	batch  int
	faults fakekit.Queue[scripted] // Fail and FailCode, in one queue

	mu       sync.Mutex
	parcels  map[string]*parcel
	rejects  map[string]reject
	trackers map[string]*trackerRec // by canonical body
	byID     map[string]*trackerRec
	requests fakekit.Log[Request]
	nextID   int
}

// New starts a fake. batchSize caps the trackers of one bulk request (0:
// the documented 100); /trackers/track takes one number by definition.
func New(t testing.TB, batchSize int) *Server {
	t.Helper()
	if batchSize <= 0 || batchSize > MaxBulk {
		batchSize = MaxBulk
	}
	s := &Server{
		key:      "apik_fake_" + fmt.Sprint(time.Now().UnixNano()%1e9),
		batch:    batchSize,
		parcels:  map[string]*parcel{},
		rejects:  map[string]reject{},
		trackers: map[string]*trackerRec{},
		byID:     map[string]*trackerRec{},
	}
	s.Start(t, s.serve)
	return s
}

// Key is the API key the fake accepts.
func (s *Server) Key() string { return s.key }

// Requests returns every request received so far, oldest first.
func (s *Server) Requests() []Request { return s.requests.All() }

// TrackerCount is how many distinct trackers (billed shipments) exist.
func (s *Server) TrackerCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.trackers)
}

// Fail makes the next n requests fail with f, after the failures already
// queued by Fail or FailCode.
func (s *Server) Fail(f contract.Fault, n int) { s.faults.Add(scripted{fault: f}, n) }

// FailCode makes the next n requests answer status with the documented
// error body {"errors":[{"code","message"}],"data":null}. Status 200 puts
// the error inside a success answer.
func (s *Server) FailCode(n, status int, code, message string) {
	s.faults.Add(scripted{status: status, code: code, message: message}, n)
}

// Reject makes every request about number answer status with code and
// message, as Ship24 does for a number it will not track.
func (s *Server) Reject(number string, status int, code, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejects[number] = reject{status, code, message}
}

// AddEvents appends events to number's history, oldest first.
func (s *Server) AddEvents(number string, evs ...Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.parcel(number)
	for _, e := range evs {
		if e.EventID == "" {
			s.nextID++
			e.EventID = fmt.Sprintf("e0000000-0000-4000-8000-%012d", s.nextID)
		}
		if e.StatusCategory == "" && e.StatusCode != "" {
			e.StatusCategory, _, _ = strings.Cut(e.StatusCode, "_")
		}
		if e.StatusMilestone == "" {
			e.StatusMilestone = milestoneOf(e.StatusCode, p.events)
		}
		p.events = append(p.events, e)
	}
}

// SetETA sets shipment.delivery.estimatedDeliveryDate for number.
func (s *Server) SetETA(number, eta string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.parcel(number).eta = eta
}

func (s *Server) parcel(number string) *parcel {
	p := s.parcels[number]
	if p == nil {
		p = &parcel{}
		s.parcels[number] = p
	}
	return p
}

// milestoneOf is the milestone Ship24 shows with a code (its documented
// meaning); an event without a code keeps the milestone of the one before.
func milestoneOf(code string, before []Event) string {
	switch code {
	case "data_order_created", "data_order_cancelled":
		return "info_received"
	case "delivery_available_for_pickup":
		return "available_for_pickup"
	case "delivery_out_for_delivery":
		return "out_for_delivery"
	case "delivery_attempted":
		return "failed_attempt"
	case "delivery_delivered":
		return "delivered"
	case "delivery_exception", "delivery_refused", "exception_return", "exception_lost", "exception_discarded":
		return "exception"
	case "":
		if len(before) > 0 {
			return before[len(before)-1].StatusMilestone
		}
		return "in_transit"
	}
	return "in_transit"
}

// AddDelivered scripts a Ship24-native journey from China to the buyer that
// ends delivered, with times in each documented form (no offset, Z, an
// offset, fractions) and one insignificant event without a code, and an
// ETA. It returns the number of events.
func (s *Server) AddDelivered(number string, shipped time.Time) int {
	cn := time.FixedZone("CST", 8*3600)
	at := func(d time.Duration) time.Time { return shipped.UTC().Add(d) }
	plain := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05") }
	zulu := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
	offset := func(t time.Time) string { return t.In(cn).Format(time.RFC3339) }
	h := time.Hour
	evs := []Event{
		{Status: "Shipment information received", OccurrenceDatetime: plain(at(0)), Location: "Shenzhen", StatusCode: "data_order_created"},
		{Status: "Accepted by carrier", OccurrenceDatetime: zulu(at(20 * h)), Location: "Shenzhen", StatusCode: "transit_handover"},
		{Status: "Departed from country of origin", OccurrenceDatetime: offset(at(50 * h)), Location: "Shenzhen airport", StatusCode: "transit_origin_country_departure"},
		{Status: "Arrived in destination country", OccurrenceDatetime: zulu(at(96 * h)), Location: "New York, NY", StatusCode: "destination_arrival"},
		{Status: "Presented to customs", OccurrenceDatetime: plain(at(99 * h)), Location: "JFK ISC", StatusCode: "customs_received"},
		{Status: "Released by customs", OccurrenceDatetime: plain(at(120 * h)), Location: "JFK ISC", StatusCode: "customs_cleared"},
		{Status: "Processed through regional facility", OccurrenceDatetime: zulu(at(144 * h)), Location: "Newark, NJ"},
		{Status: "Out for delivery", OccurrenceDatetime: offset(at(192 * h)), Location: "Brooklyn, NY", StatusCode: "delivery_out_for_delivery"},
		{Status: "Delivered, in/at mailbox", OccurrenceDatetime: zulu(at(198 * h)), Location: "Brooklyn, NY 11201", StatusCode: "delivery_delivered"},
	}
	for i := range evs {
		evs[i].CourierCode = "us-post"
	}
	s.AddEvents(number, evs...)
	s.SetETA(number, zulu(at(200*h)))
	return len(evs)
}

// WebhookBody is the documented push body for number: one tracking item per
// event, each carrying that single event, as Ship24 groups updates.
func (s *Server) WebhookBody(number string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.parcels[number]
	var items []any
	if p != nil {
		for i := range p.events {
			t := trackingJSON(&trackerRec{id: "w-" + number, number: number}, p, &p.events[i])
			t["metadata"] = map[string]any{
				"generatedAt": time.Now().UTC().Format("2006-01-02T15:04:05.000Z"),
				"messageId":   fmt.Sprintf("m0000000-0000-4000-8000-%012d", i+1),
				"topic":       "tracking/events",
			}
			items = append(items, t)
		}
	}
	b, _ := json.Marshal(map[string]any{"trackings": items})
	return b
}

// serve routes one request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	path := r.URL.Path
	endpoint, limit := "results", ResultsRate
	switch {
	case r.Method == http.MethodPost && path == prefix+"/trackers/track":
		endpoint, limit = "track", TrackRate
	case r.Method == http.MethodPost && path == prefix+"/trackers/bulk":
		endpoint, limit = "bulk", BulkRate
	}

	s.CountRequest()
	s.requests.Add(Request{Method: r.Method, Path: path, Header: r.Header.Clone(), Body: body})
	s.CountRate(endpoint, limit, time.Now())

	if f, ok := s.faults.Next(); ok && s.fault(w, r, f) {
		return
	}
	if !s.authorized(w, r) {
		return
	}
	switch {
	case endpoint == "track":
		s.track(w, r, body)
	case endpoint == "bulk":
		s.bulk(w, r, body)
	case r.Method == http.MethodGet && strings.HasPrefix(path, prefix+"/trackers/search/") && strings.HasSuffix(path, "/results"):
		number := strings.TrimSuffix(strings.TrimPrefix(path, prefix+"/trackers/search/"), "/results")
		s.searchResults(w, number)
	case r.Method == http.MethodGet && strings.HasPrefix(path, prefix+"/trackers/") && strings.HasSuffix(path, "/results"):
		id := strings.TrimSuffix(strings.TrimPrefix(path, prefix+"/trackers/"), "/results")
		s.trackerResults(w, id)
	default:
		writeError(w, http.StatusNotFound, "not_found", "The requested resource doesn't exist.")
	}
}

// fault answers with a scripted failure; false when the fault is not one
// this fake knows (the request then proceeds normally).
func (s *Server) fault(w http.ResponseWriter, r *http.Request, f scripted) bool {
	if f.fault == "" {
		writeError(w, f.status, f.code, f.message)
		return true
	}
	switch f.fault {
	case contract.Fault429, contract.Fault429Date:
		w.Header().Set("Retry-After", fakekit.RetryAfter(f.fault, time.Now()))
		w.Header().Set("RateLimit-Limit", "10")
		w.Header().Set("RateLimit-Remaining", "0")
		w.Header().Set("RateLimit-Reset", "7")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, "Too many requests, please try again later.")
	case contract.Fault500:
		// Ship24 documents no code for server errors; this one is invented.
		writeError(w, http.StatusInternalServerError, "internal_error", "Something went wrong on Ship24's end.")
	case contract.FaultTimeout:
		s.Hang(r)
	case contract.FaultBadJSON:
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
	case contract.FaultQuota:
		// The documented quota answer (OpenAPI, bulk 403 example).
		writeError(w, http.StatusForbidden, "quota_limit_reached", "No more quota left. Please update your plan.")
	case contract.FaultAuthCode:
		writeError(w, http.StatusUnauthorized, "auth_invalid_api_key", "The API key provided is invalid.")
	default:
		return false
	}
	return true
}

// authorized checks "Authorization: Bearer KEY". The codes and statuses
// are those of Ship24's SDK: a missing or malformed header is 400, a wrong
// key 401.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	var status int
	var code, msg string
	switch {
	case h == "":
		status, code, msg = http.StatusBadRequest, "auth_missing_header", "The Authorization header is missing."
	case !ok || scheme != "Bearer" || token == "":
		status, code, msg = http.StatusBadRequest, "auth_invalid_header", "The Authorization header must be: Bearer your_api_key."
	case token != s.key:
		status, code, msg = http.StatusUnauthorized, "auth_invalid_api_key", "The API key provided is invalid."
	default:
		return true
	}
	s.CountBadAuth()
	writeError(w, status, code, msg)
	return false
}

// createRequest is the tracker-create-request fields the fake checks.
type createRequest struct {
	TrackingNumber         string `json:"trackingNumber"`
	DestinationCountryCode string `json:"destinationCountryCode"`
	ShippingDate           string `json:"shippingDate"`
}

func jsonBody(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "application/json"
}

func (s *Server) track(w http.ResponseWriter, r *http.Request, body []byte) {
	if !jsonBody(r) {
		writeError(w, http.StatusBadRequest, "validation_error", "Content-Type must be application/json; charset=utf-8.")
		return
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		var many []json.RawMessage
		_ = json.Unmarshal(trimmed, &many)
		s.CountBatch(len(many))
		writeError(w, http.StatusBadRequest, "validation_error", "This endpoint takes one tracker; use /trackers/bulk for several.")
		return
	}
	s.CountBatch(1)
	rec, _, status, code, msg := s.create(trimmed)
	if rec == nil {
		writeError(w, status, code, msg)
		return
	}
	s.mu.Lock()
	t := trackingJSON(rec, s.parcels[rec.number], nil)
	s.mu.Unlock()
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"trackings": []any{t}}})
}

// create validates one tracker-create-request and returns its tracker,
// creating it (isNew) unless an identical request made it before.
func (s *Server) create(raw []byte) (rec *trackerRec, isNew bool, status int, code, msg string) {
	var req createRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		return nil, false, http.StatusBadRequest, "parsing_error", "The request body is not valid JSON: " + err.Error()
	}
	if !validNumber(req.TrackingNumber) {
		return nil, false, http.StatusBadRequest, "validation_error", validMessage
	}
	if cc := req.DestinationCountryCode; cc != "" && (len(cc) < 2 || len(cc) > 3) {
		return nil, false, http.StatusBadRequest, "validation_error", "Please make sure that destinationCountryCode contains only 2 or 3 characters."
	}
	if req.ShippingDate != "" && !validDate(req.ShippingDate) {
		return nil, false, http.StatusBadRequest, "validation_error", "Please make sure that shippingDate is a valid date."
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if rj, ok := s.rejects[req.TrackingNumber]; ok {
		return nil, false, rj.status, rj.code, rj.message
	}
	// Identical parameters find the same tracker; any difference makes a
	// new one (the documented idempotence).
	var fields map[string]any
	_ = json.Unmarshal(raw, &fields)
	canon, _ := json.Marshal(fields)
	if rec := s.trackers[string(canon)]; rec != nil {
		return rec, false, 0, "", ""
	}
	s.nextID++
	rec = &trackerRec{
		id:      fmt.Sprintf("t0000000-0000-4000-8000-%012d", s.nextID),
		number:  req.TrackingNumber,
		body:    canon,
		created: time.Now().UTC(),
	}
	s.trackers[string(canon)] = rec
	s.byID[rec.id] = rec
	return rec, true, 0, "", ""
}

func validNumber(n string) bool {
	if len(n) < 5 || len(n) > 50 {
		return false
	}
	for _, r := range n {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case r == '-' || r == '_' || r == '/' || r == '.':
		default:
			return false
		}
	}
	return true
}

func validDate(s string) bool {
	for _, l := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if _, err := time.Parse(l, s); err == nil {
			return true
		}
	}
	return false
}

func (s *Server) bulk(w http.ResponseWriter, r *http.Request, body []byte) {
	if !jsonBody(r) {
		writeError(w, http.StatusBadRequest, "validation_error", "Content-Type must be application/json; charset=utf-8.")
		return
	}
	// The schema says {"trackers":[…]}; the example shows a bare array.
	var items []json.RawMessage
	if err := json.Unmarshal(body, &items); err != nil {
		var wrapped struct {
			Trackers []json.RawMessage `json:"trackers"`
		}
		if err := json.Unmarshal(body, &wrapped); err != nil {
			writeError(w, http.StatusBadRequest, "parsing_error", "The request body is not valid JSON.")
			return
		}
		items = wrapped.Trackers
	}
	s.CountBatch(len(items))
	if len(items) > s.batch {
		fakekit.WriteJSON(w, http.StatusForbidden, map[string]any{
			"status": "error", "summary": nil, "data": nil,
			"error": map[string]any{"code": "bulk_create_limit_exceeded", "message": fmt.Sprintf("The number of Trackers in the bulk creation request exceeds the limit of %d.", s.batch)},
		})
		return
	}
	var data []any
	created, existing, failed := 0, 0, 0
	for _, raw := range items {
		rec, isNew, _, code, msg := s.create(raw)
		var input any
		_ = json.Unmarshal(raw, &input)
		switch {
		case rec == nil:
			failed++
			data = append(data, map[string]any{"itemStatus": "error", "inputData": input, "tracker": nil,
				"errors": []any{map[string]any{"code": code, "message": msg}}})
		default:
			status := "created"
			if isNew {
				created++
			} else {
				status = "existing"
				existing++
			}
			data = append(data, map[string]any{"itemStatus": status, "inputData": input, "tracker": trackerJSON(rec), "errors": nil})
		}
	}
	summary := map[string]any{"totalInputs": len(items), "totalCreated": created, "totalExisting": existing, "totalErrors": failed}
	switch {
	case failed == len(items):
		fakekit.WriteJSON(w, http.StatusBadRequest, map[string]any{"status": "error", "summary": summary, "data": data,
			"error": map[string]any{"code": "processing_error", "message": "Every single item failed validation. Please refer to the error field for each item."}})
	case failed > 0:
		fakekit.WriteJSON(w, http.StatusMultiStatus, map[string]any{"status": "partial", "summary": summary, "data": data, "error": nil})
	default:
		fakekit.WriteJSON(w, http.StatusCreated, map[string]any{"status": "success", "summary": summary, "data": data, "error": nil})
	}
}

func (s *Server) searchResults(w http.ResponseWriter, number string) {
	s.mu.Lock()
	var recs []*trackerRec
	for _, rec := range s.trackers {
		if rec.number == number {
			recs = append(recs, rec)
		}
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].id < recs[j].id })
	var ts []any
	for _, rec := range recs {
		ts = append(ts, trackingJSON(rec, s.parcels[number], nil))
	}
	s.mu.Unlock()
	if len(ts) == 0 {
		writeError(w, http.StatusNotFound, "tracker_not_found", "Tracker not found.")
		return
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"trackings": ts}})
}

func (s *Server) trackerResults(w http.ResponseWriter, id string) {
	s.mu.Lock()
	rec := s.byID[id]
	var t map[string]any
	if rec != nil {
		t = trackingJSON(rec, s.parcels[rec.number], nil)
	}
	s.mu.Unlock()
	if rec == nil {
		writeError(w, http.StatusNotFound, "tracker_not_found", "Tracker not found.")
		return
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"trackings": []any{t}}})
}

func trackerJSON(rec *trackerRec) map[string]any {
	return map[string]any{
		"trackerId":         rec.id,
		"trackingNumber":    rec.number,
		"shipmentReference": nil,
		"clientTrackerId":   nil,
		"isSubscribed":      true,
		"isTracked":         true,
		"createdAt":         rec.created.Format("2006-01-02T15:04:05.000Z"),
	}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// trackingJSON renders a tracking object: events newest first, the
// shipment's milestone from the newest event ("pending" with none). only,
// when set, restricts the events to that one (a webhook item). Callers
// hold s.mu.
func trackingJSON(rec *trackerRec, p *parcel, only *Event) map[string]any {
	var evs []Event
	eta := ""
	if p != nil {
		evs, eta = p.events, p.eta
	}
	milestone, code, category := "pending", "", ""
	if len(evs) > 0 {
		last := evs[len(evs)-1]
		milestone, code, category = last.StatusMilestone, last.StatusCode, last.StatusCategory
	}
	if only != nil {
		evs = []Event{*only}
		milestone, code, category = only.StatusMilestone, only.StatusCode, only.StatusCategory
	}
	events := make([]any, 0, len(evs))
	for i := len(evs) - 1; i >= 0; i-- {
		e := evs[i]
		events = append(events, map[string]any{
			"eventId":             e.EventID,
			"trackingNumber":      rec.number,
			"eventTrackingNumber": rec.number,
			"status":              nullable(e.Status),
			"occurrenceDatetime":  e.OccurrenceDatetime,
			"order":               nil,
			"location":            nullable(e.Location),
			"sourceCode":          nullable(e.CourierCode),
			"courierCode":         nullable(e.CourierCode),
			"statusCode":          nullable(e.StatusCode),
			"statusCategory":      nullable(e.StatusCategory),
			"statusMilestone":     e.StatusMilestone,
		})
	}
	return map[string]any{
		"tracker": trackerJSON(rec),
		"shipment": map[string]any{
			"shipmentId":             nil,
			"statusCode":             nullable(code),
			"statusCategory":         nullable(category),
			"statusMilestone":        milestone,
			"originCountryCode":      nil,
			"destinationCountryCode": nil,
			"delivery":               map[string]any{"estimatedDeliveryDate": nullable(eta), "service": nil, "signedBy": nil},
			"trackingNumbers":        []any{map[string]any{"tn": rec.number}},
			"recipient":              nil,
		},
		"events":     events,
		"statistics": map[string]any{"timestamps": map[string]any{}},
	}
}

// writeError answers in the documented error format.
func writeError(w http.ResponseWriter, status int, code, message string) {
	fakekit.WriteJSON(w, status, map[string]any{
		"errors": []any{map[string]any{"code": code, "message": message}},
		"data":   nil,
	})
}

var _ contract.Fake = (*Server)(nil)
