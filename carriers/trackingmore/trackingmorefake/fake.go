// Package trackingmorefake is a local TrackingMore API v4 for tests: an
// httptest server written from TrackingMore's published documentation and
// its official SDKs (github.com/TrackingMore-API/trackingmore-sdk-go,
// trackingmore-sdk-nodejs, trackingmore-sdk-python), not from our adapter.
// It speaks the documented paths, header, envelope and codes:
//
//   - header Tracking-Api-Key (the SDKs' request.go / request.js; v2 used
//     Trackingmore-Api-Key, which v4 does not take);
//   - GET  /v4/trackings/get?tracking_numbers=a,b   results of several numbers;
//   - POST /v4/trackings/batch   create up to 40 trackings (SDK README:
//     "Max. 40 tracking numbers create in one call"; meta 4103 beyond);
//   - POST /v4/couriers/detect   the couriers a number may belong to;
//   - POST /v4/trackings/retrack/{id}   track an expired tracking again
//     (meta 4113 when it is not expired);
//   - the envelope {"meta":{"code","message"},"data":…} and the meta codes
//     of the SDKs' "Response Code" table: 401 bad key, 4190 quota used up
//     (HTTP 400), 429 too many requests, 511–513 server errors (HTTP 500),
//     4101 already exists, 4110 invalid number, 4120–4122 courier problems.
//
// Rates follow support.trackingmore.com/en/article/trackingmore-api-request-rate-limit-c0ye70:
// 10 requests a second for get, batch, retrack and detect; a 429 means
// "wait 120 secs". It counts requests against that rate and can be told to
// enforce it, and fails on demand the way TrackingMore fails. It implements
// contract.Fake.
package trackingmorefake

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
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

// Documented limits.
const (
	MaxBatch      = 40 // numbers per POST /v4/trackings/batch (and per get, by the same meta 4103)
	RatePerSecond = 10 // get, batch, retrack and detect: 10 req/s each
	BasePath      = "/v4"
	// KeyHeader is the v4 API key header.
	KeyHeader = "Tracking-Api-Key"
	// DefaultCourier is the courier of the journeys the helpers script.
	DefaultCourier = "china-post"
)

// Meta codes of the SDKs' Response Code table.
const (
	CodeOK            = 200
	CodeBadRequest    = 400
	CodeExists        = 4101
	CodeNotExists     = 4102
	CodeTooMany       = 4103
	CodeInvalidNumber = 4110
	CodeNumberMissing = 4111
	CodeBadID         = 4112
	CodeNoRetrack     = 4113
	CodeBadCourier    = 4120
	CodeNoDetect      = 4121
	CodeNeedsFields   = 4122
	CodeQuota         = 4190
	CodeUnauthorized  = 401
	CodeRateLimited   = 429
	CodeServer        = 511
)

var messages = map[int]string{
	CodeOK:            "Request response is successful",
	CodeBadRequest:    "Request type error. Please check the API documentation for the request type of this API.",
	CodeExists:        "Tracking No. already exists.",
	CodeNotExists:     "Tracking No. no exists. Please use 「Create a tracking」 API first to create shipment.",
	CodeTooMany:       "You have exceeded the shipment quantity of API call. The maximum quantity is 40 shipments per call.",
	CodeInvalidNumber: "The value of tracking_number is invalid.",
	CodeNumberMissing: "Tracking_number is required.",
	CodeBadID:         "Invalid Tracking ID.",
	CodeNoRetrack:     "Retrack is not allowed. You can only retrack an expired tracking.",
	CodeBadCourier:    "The value of courier_code is invalid.",
	CodeNoDetect:      "Cannot detect courier.",
	CodeNeedsFields:   "Missing or invalid value of the special required fields for this courier.",
	CodeQuota:         "You are reaching the maximum quota limitation, please upgrade your current plan.",
	CodeUnauthorized:  "Authentication failed or has no permission. Please check and ensure your API Key is correct.",
	CodeRateLimited:   "Exceeded API request limits, please try again later. Please check the API documentation for the limit of this API.",
	CodeServer:        "Server error. Please contact us: service@trackingmore.org.",
}

// Checkpoint is one item of origin_info.trackinfo or
// destination_info.trackinfo, with the fields of the SDK's Tracking type.
type Checkpoint struct {
	CheckpointDate              string `json:"checkpoint_date"`
	CheckpointDeliveryStatus    string `json:"checkpoint_delivery_status"`
	CheckpointDeliverySubstatus string `json:"checkpoint_delivery_substatus"`
	TrackingDetail              string `json:"tracking_detail"`
	Location                    string `json:"location"`
	CountryISO2                 string `json:"country_iso2"`
	State                       string `json:"state"`
	City                        string `json:"city"`
	Zip                         string `json:"zip"`
	RawStatus                   string `json:"raw_status"`
}

// Leg is origin_info or destination_info: the courier of one part of the
// journey and its checkpoints, newest first as TrackingMore lists them.
type Leg struct {
	CourierCode     string       `json:"courier_code"`
	CourierPhone    string       `json:"courier_phone"`
	Weblink         string       `json:"weblink"`
	ReferenceNumber string       `json:"reference_number"`
	Trackinfo       []Checkpoint `json:"trackinfo"`
}

// Tracking is the part of v4's tracking object the fake keeps (field names
// from the SDK's Tracking struct). Empty strings go out as JSON null where
// TrackingMore sends null.
type Tracking struct {
	ID                     string `json:"id"`
	TrackingNumber         string `json:"tracking_number"`
	CourierCode            string `json:"courier_code"`
	OrderNumber            string `json:"order_number"`
	CreatedAt              string `json:"created_at"`
	UpdateAt               string `json:"update_at"`
	DeliveryStatus         string `json:"delivery_status"`
	Substatus              string `json:"substatus"`
	Archived               string `json:"archived"`
	Updating               bool   `json:"updating"`
	DestinationCountry     string `json:"destination_country"`
	OriginCountry          string `json:"origin_country"`
	TrackingShipDate       string `json:"tracking_ship_date"`
	LatestEvent            string `json:"latest_event"`
	LatestCheckpointTime   string `json:"latest_checkpoint_time"`
	TransitTime            int    `json:"transit_time"`
	DestinationTrackNumber string `json:"destination_track_number"`
	ExchangeNumber         string `json:"exchange_number"`
	ScheduledDeliveryDate  string `json:"scheduled_delivery_date"`
	OriginInfo             Leg    `json:"origin_info"`
	DestinationInfo        Leg    `json:"destination_info"`
}

// Created is what a POST /v4/trackings/batch item carried.
type Created struct {
	TrackingNumber         string `json:"tracking_number"`
	CourierCode            string `json:"courier_code"`
	DestinationCountryISO2 string `json:"destination_country_iso2"`
	TrackingShipDate       string `json:"tracking_ship_date"`
	CustomerSMS            string `json:"customer_sms"`
}

// Request is one request the fake received, for shape assertions.
type Request struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   []byte
}

// Server is the fake.
type Server struct {
	fakekit.Base
	t     testing.TB
	key   string
	batch int

	mu       sync.Mutex
	byKey    map[string]*Tracking // number|courier → tracking
	order    []string             // keys in creation order
	nextID   int
	rejects  map[string]int      // number → the error code a create answers
	badGet   map[string]int      // number → the error code a get naming it answers
	detect   map[string][]string // number → scripted detect answer
	created  []Created
	enforce  bool
	requests fakekit.Log[Request]
}

// New starts a fake that takes batchSize numbers a request (0 for the
// documented 40) and stops with the test.
func New(t testing.TB, batchSize int) *Server {
	t.Helper()
	if batchSize <= 0 {
		batchSize = MaxBatch
	}
	s := &Server{
		t:       t,
		key:     "tm-fake-" + strconv.FormatInt(time.Now().UnixNano()%1e9, 36),
		batch:   batchSize,
		byKey:   map[string]*Tracking{},
		rejects: map[string]int{},
		badGet:  map[string]int{},
		detect:  map[string][]string{},
	}
	s.Start(t, s.serve)
	return s
}

// Key is the API key the fake accepts in Tracking-Api-Key.
func (s *Server) Key() string { return s.key }

// Requests returns every request received so far.
func (s *Server) Requests() []Request { return s.requests.All() }

// Created returns every item POST /v4/trackings/batch created, oldest first.
func (s *Server) Created() []Created {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Created(nil), s.created...)
}

// EnforceRateLimit makes requests over 10 a second answer 429, as
// TrackingMore does; by default they are only counted.
func (s *Server) EnforceRateLimit(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.enforce = on
}

// Reject makes creating number answer, in the batch's error list, the
// meta code given (4110 invalid number, 4121 cannot detect, 4122 needs
// special fields …).
func (s *Server) Reject(number string, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejects[strings.ToUpper(number)] = code
}

// RejectQuery makes any GET /v4/trackings/get that names number answer
// HTTP 400 with the meta code given (4110 "The value of tracking_number is
// invalid."), whatever else it names, as a call-level answer cannot say
// which number it means.
func (s *Server) RejectQuery(number string, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.badGet[strings.ToUpper(number)] = code
}

// SetDetect scripts what POST /v4/couriers/detect answers for number: the
// courier codes, best first; none answers meta 4121.
func (s *Server) SetDetect(number string, couriers ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.detect[strings.ToUpper(number)] = couriers
}

func key(number, courier string) string { return strings.ToUpper(number) + "|" + courier }

// AddTracking stores tr (given an id and timestamps when it has none),
// replacing any tracking of the same number and courier, and returns its id.
func (s *Server) AddTracking(tr Tracking) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.add(tr)
}

func (s *Server) add(tr Tracking) string {
	k := key(tr.TrackingNumber, tr.CourierCode)
	if old, ok := s.byKey[k]; ok && tr.ID == "" {
		tr.ID = old.ID
	}
	if tr.ID == "" {
		s.nextID++
		tr.ID = fmt.Sprintf("9a1d3844a50f3851e76e%012x", s.nextID)
	}
	now := time.Now().UTC().Format("2006-01-02T15:04:05+00:00")
	if tr.CreatedAt == "" {
		tr.CreatedAt = now
	}
	if tr.UpdateAt == "" {
		tr.UpdateAt = now
	}
	if tr.DeliveryStatus == "" {
		tr.DeliveryStatus = "pending"
	}
	if tr.Archived == "" {
		tr.Archived = "tracking"
	}
	if tr.OriginInfo.CourierCode == "" {
		tr.OriginInfo.CourierCode = tr.CourierCode
	}
	if _, ok := s.byKey[k]; !ok {
		s.order = append(s.order, k)
	}
	s.byKey[k] = &tr
	return tr.ID
}

// Tracking returns a copy of number's tracking (under any courier), and
// whether there is one.
func (s *Server) Tracking(number string) (Tracking, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.find(number); t != nil {
		return *t, true
	}
	return Tracking{}, false
}

func (s *Server) find(number string) *Tracking {
	for _, k := range s.order {
		if t := s.byKey[k]; strings.EqualFold(t.TrackingNumber, number) {
			return t
		}
	}
	return nil
}

// SetStatus sets number's tracking-level delivery_status and substatus, as
// TrackingMore does when it stops following a number ("expired").
func (s *Server) SetStatus(number, status, substatus string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.find(number); t != nil {
		t.DeliveryStatus, t.Substatus = status, substatus
	}
}

// AddDelivered gives number a China Post journey from Shenzhen to New York
// handed to USPS at the destination, in TrackingMore's documented statuses
// and sub-statuses, ending delivered, and returns how many checkpoints it
// has. The last-mile number is the same as the number (no transfer).
func (s *Server) AddDelivered(number string, shipped time.Time) int {
	cn := time.FixedZone("CST", 8*3600)
	us := time.FixedZone("EST", -5*3600)
	at := func(d time.Duration, z *time.Location) string {
		return shipped.Add(d).In(z).Format("2006-01-02T15:04:05-07:00")
	}
	h := time.Hour
	origin := []Checkpoint{ // newest first
		{CheckpointDate: at(30*h, cn), CheckpointDeliveryStatus: "transit", CheckpointDeliverySubstatus: "transit007", TrackingDetail: "Departed from airport", Location: "Guangzhou", City: "Guangzhou", CountryISO2: "CN"},
		{CheckpointDate: at(6*h, cn), CheckpointDeliveryStatus: "transit", CheckpointDeliverySubstatus: "transit001", TrackingDetail: "Posting/Collection", Location: "Shenzhen", City: "Shenzhen", CountryISO2: "CN"},
		{CheckpointDate: at(0, cn), CheckpointDeliveryStatus: "inforeceived", CheckpointDeliverySubstatus: "inforeceived001", TrackingDetail: "Electronic information received", Location: "Shenzhen", City: "Shenzhen", CountryISO2: "CN"},
	}
	dest := []Checkpoint{
		{CheckpointDate: at(9*24*h+5*h, us), CheckpointDeliveryStatus: "delivered", CheckpointDeliverySubstatus: "delivered001", TrackingDetail: "Delivered, In/At Mailbox", Location: "NEW YORK, NY 10001", City: "New York", State: "NY", CountryISO2: "US", RawStatus: "01"},
		{CheckpointDate: at(9*24*h, us), CheckpointDeliveryStatus: "pickup", CheckpointDeliverySubstatus: "pickup001", TrackingDetail: "Out for Delivery", Location: "NEW YORK, NY 10001", City: "New York", State: "NY", CountryISO2: "US", RawStatus: "OF"},
		{CheckpointDate: at(7*24*h, us), CheckpointDeliveryStatus: "transit", CheckpointDeliverySubstatus: "transit002", TrackingDetail: "Arrived at USPS Regional Facility", Location: "NEW YORK NY DISTRIBUTION CENTER", City: "New York", State: "NY", CountryISO2: "US", RawStatus: "10"},
		{CheckpointDate: at(6*24*h, us), CheckpointDeliveryStatus: "transit", CheckpointDeliverySubstatus: "transit005", TrackingDetail: "Released from customs", Location: "JAMAICA, NY", City: "Jamaica", State: "NY", CountryISO2: "US"},
		{CheckpointDate: at(5*24*h, us), CheckpointDeliveryStatus: "transit", CheckpointDeliverySubstatus: "transit004", TrackingDetail: "Arrived in the destination country", Location: "JAMAICA, NY", City: "Jamaica", State: "NY", CountryISO2: "US"},
	}
	s.AddTracking(Tracking{
		TrackingNumber:         number,
		CourierCode:            DefaultCourier,
		DeliveryStatus:         "delivered",
		Substatus:              "delivered001",
		OriginCountry:          "CN",
		DestinationCountry:     "US",
		LatestEvent:            dest[0].TrackingDetail + "," + dest[0].Location + "," + dest[0].CheckpointDate,
		LatestCheckpointTime:   dest[0].CheckpointDate,
		TransitTime:            9,
		DestinationTrackNumber: number,
		OriginInfo:             Leg{CourierCode: DefaultCourier, Trackinfo: origin},
		DestinationInfo:        Leg{CourierCode: "usps", Trackinfo: dest},
	})
	return len(origin) + len(dest)
}

// Sign is the v4 webhook signature of the docs' Go example: hex of
// HMAC-SHA256 over the timestamp, keyed with the webhook secret.
func Sign(secret, timestamp string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp))
	return hex.EncodeToString(m.Sum(nil))
}

// SignBody is the signature as the docs' prose words it: base64 of
// HMAC-SHA256 over the request body, keyed with the webhook secret.
func SignBody(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// Webhook header names. The docs say the signature travels in a header and
// name the signed value "timestamp"; the copies of the docs we could read
// do not name the headers, so these are the names the example uses.
const (
	TimestampHeader = "timestamp"
	SignatureHeader = "signature"
)

// PushHeaders are the headers of a webhook sent at at, signed with secret.
func PushHeaders(secret string, at time.Time) http.Header {
	ts := strconv.FormatInt(at.Unix(), 10)
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set(TimestampHeader, ts)
	h.Set(SignatureHeader, Sign(secret, ts))
	return h
}

// WebhookBody returns the body TrackingMore would post for number's
// current tracking: the API's envelope with the tracking object as data.
// The exact v4 webhook body is not in the docs we could read; this is the
// shape of the API's own answers. nil when number has no tracking.
func (s *Server) WebhookBody(number string) []byte {
	t, ok := s.Tracking(number)
	if !ok {
		return nil
	}
	b, err := json.Marshal(map[string]any{"meta": meta(CodeOK), "data": trackingJSON(&t)})
	if err != nil {
		s.t.Errorf("trackingmorefake: webhook body: %v", err)
	}
	return b
}

// serve is the whole API.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	s.requests.Add(Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body})
	s.CountRequest()
	now := time.Now()
	window := r.URL.Path // the limit is per endpoint
	if strings.HasPrefix(window, BasePath+"/trackings/retrack/") {
		window = BasePath + "/trackings/retrack"
	}
	over := s.CountRate(window, RatePerSecond, now)
	s.mu.Lock()
	enforce := s.enforce
	s.mu.Unlock()

	switch f := s.NextFault(); f {
	case "":
	case contract.Fault429, contract.Fault429Date:
		w.Header().Set("Retry-After", fakekit.RetryAfter(f, now))
		reply(w, http.StatusTooManyRequests, CodeRateLimited, nil)
		return
	case contract.Fault500:
		reply(w, http.StatusInternalServerError, CodeServer, nil)
		return
	case contract.FaultTimeout:
		s.Hang(r)
		return
	case contract.FaultBadJSON:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
		return
	case contract.FaultQuota:
		// The documented quota answer: meta 4190 under HTTP 400.
		reply(w, http.StatusBadRequest, CodeQuota, nil)
		return
	case contract.FaultAuthCode:
		reply(w, http.StatusUnauthorized, CodeUnauthorized, nil)
		return
	}
	if r.Header.Get(KeyHeader) != s.key {
		s.CountBadAuth()
		reply(w, http.StatusUnauthorized, CodeUnauthorized, nil)
		return
	}
	if over && enforce {
		// No Retry-After: the docs say to wait 120 seconds.
		reply(w, http.StatusTooManyRequests, CodeRateLimited, nil)
		return
	}
	path, ok := strings.CutPrefix(r.URL.Path, BasePath)
	switch {
	case ok && path == "/trackings/get" && r.Method == http.MethodGet:
		s.get(w, r)
	case ok && path == "/trackings/batch" && r.Method == http.MethodPost:
		s.batchCreate(w, body)
	case ok && path == "/couriers/detect" && r.Method == http.MethodPost:
		s.detectCourier(w, body)
	case ok && strings.HasPrefix(path, "/trackings/retrack/") && r.Method == http.MethodPost:
		s.retrack(w, strings.TrimPrefix(path, "/trackings/retrack/"))
	case ok && (path == "/trackings/get" || path == "/trackings/batch" || path == "/couriers/detect"):
		reply(w, http.StatusBadRequest, CodeBadRequest, nil)
	default:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, `{"meta":{"code":404,"message":"Page does not exist. Please check and ensure your link is correct."},"data":[]}`)
	}
}

func (s *Server) get(w http.ResponseWriter, r *http.Request) {
	var numbers []string
	for _, n := range strings.Split(r.URL.Query().Get("tracking_numbers"), ",") {
		if n = strings.TrimSpace(n); n != "" {
			numbers = append(numbers, n)
		}
	}
	s.CountBatch(len(numbers))
	if len(numbers) > s.batch {
		reply(w, http.StatusBadRequest, CodeTooMany, nil)
		return
	}
	want := map[string]bool{}
	for _, n := range numbers {
		want[strings.ToUpper(n)] = true
	}
	courier := r.URL.Query().Get("courier_code")
	s.mu.Lock()
	for n := range want {
		if code, ok := s.badGet[n]; ok {
			s.mu.Unlock()
			reply(w, http.StatusBadRequest, code, nil)
			return
		}
	}
	out := []map[string]any{}
	for _, k := range s.order {
		t := s.byKey[k]
		if len(want) > 0 && !want[strings.ToUpper(t.TrackingNumber)] || courier != "" && t.CourierCode != courier {
			continue
		}
		out = append(out, trackingJSON(t))
	}
	s.mu.Unlock()
	reply(w, http.StatusOK, CodeOK, out)
}

type batchItem struct {
	ID             string `json:"id,omitempty"`
	TrackingNumber string `json:"tracking_number"`
	CourierCode    string `json:"courier_code"`
	ErrorCode      int    `json:"errorCode,omitempty"`
	ErrorMessage   string `json:"errorMessage,omitempty"`
}

func (s *Server) batchCreate(w http.ResponseWriter, body []byte) {
	var items []Created
	if err := json.Unmarshal(body, &items); err != nil {
		reply(w, http.StatusBadRequest, CodeBadRequest, nil)
		return
	}
	s.CountBatch(len(items))
	if len(items) > s.batch || len(items) > MaxBatch {
		reply(w, http.StatusBadRequest, CodeTooMany, nil)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	success, failed := []batchItem{}, []batchItem{}
	fail := func(it Created, code int) {
		failed = append(failed, batchItem{TrackingNumber: it.TrackingNumber, CourierCode: it.CourierCode, ErrorCode: code, ErrorMessage: messages[code]})
	}
	for _, it := range items {
		n := strings.TrimSpace(it.TrackingNumber)
		switch {
		case n == "":
			fail(it, CodeNumberMissing)
			continue
		case it.CourierCode == "":
			fail(it, CodeBadCourier)
			continue
		}
		if code, ok := s.rejects[strings.ToUpper(n)]; ok {
			fail(it, code)
			continue
		}
		if t, ok := s.byKey[key(n, it.CourierCode)]; ok {
			failed = append(failed, batchItem{ID: t.ID, TrackingNumber: t.TrackingNumber, CourierCode: t.CourierCode, ErrorCode: CodeExists, ErrorMessage: messages[CodeExists]})
			continue
		}
		s.created = append(s.created, it)
		id := s.add(Tracking{TrackingNumber: n, CourierCode: it.CourierCode, DestinationCountry: it.DestinationCountryISO2, TrackingShipDate: it.TrackingShipDate})
		success = append(success, batchItem{ID: id, TrackingNumber: n, CourierCode: it.CourierCode})
	}
	reply(w, http.StatusOK, CodeOK, map[string]any{"success": success, "error": failed})
}

// detectCourier answers from the scripted table, else from number formats
// the fake knows: UPU S10 numbers ending CN are China Post's, ending GB
// Royal Mail's, LP… Cainiao's, YT… YunExpress's, 94… USPS's.
func (s *Server) detectCourier(w http.ResponseWriter, body []byte) {
	var in struct {
		TrackingNumber string `json:"tracking_number"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		reply(w, http.StatusBadRequest, CodeBadRequest, nil)
		return
	}
	n := strings.ToUpper(strings.TrimSpace(in.TrackingNumber))
	if n == "" {
		reply(w, http.StatusBadRequest, CodeNumberMissing, nil)
		return
	}
	s.mu.Lock()
	codes, scripted := s.detect[n]
	s.mu.Unlock()
	if !scripted {
		switch {
		case len(n) == 13 && strings.HasSuffix(n, "CN"):
			codes = []string{"china-post", "china-ems"}
		case len(n) == 13 && strings.HasSuffix(n, "GB"):
			codes = []string{"royal-mail"}
		case strings.HasPrefix(n, "LP"):
			codes = []string{"cainiao"}
		case strings.HasPrefix(n, "YT"):
			codes = []string{"yunexpress"}
		case strings.HasPrefix(n, "94"):
			codes = []string{"usps"}
		}
	}
	if len(codes) == 0 {
		reply(w, http.StatusBadRequest, CodeNoDetect, nil)
		return
	}
	out := make([]map[string]any, len(codes))
	for i, c := range codes {
		out[i] = map[string]any{"courier_name": c, "courier_code": c}
	}
	reply(w, http.StatusOK, CodeOK, out)
}

func (s *Server) retrack(w http.ResponseWriter, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range s.order {
		t := s.byKey[k]
		if t.ID != id {
			continue
		}
		if t.DeliveryStatus != "expired" {
			reply(w, http.StatusBadRequest, CodeNoRetrack, nil)
			return
		}
		t.DeliveryStatus, t.Substatus = "transit", ""
		reply(w, http.StatusOK, CodeOK, trackingJSON(t))
		return
	}
	reply(w, http.StatusBadRequest, CodeBadID, nil)
}

func meta(code int) map[string]any { return map[string]any{"code": code, "message": messages[code]} }

// reply writes TrackingMore's envelope {meta, data}.
func reply(w http.ResponseWriter, status, code int, data any) {
	if data == nil {
		data = []any{}
	}
	fakekit.WriteJSON(w, status, map[string]any{"meta": meta(code), "data": data})
}

// trackingJSON renders t with null for the empty optional strings, as
// TrackingMore sends them.
func trackingJSON(t *Tracking) map[string]any {
	b, _ := json.Marshal(t)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	for _, f := range []string{"order_number", "destination_track_number", "exchange_number", "scheduled_delivery_date", "tracking_ship_date", "substatus", "latest_event", "latest_checkpoint_time"} {
		if m[f] == "" {
			m[f] = nil
		}
	}
	return m
}

var _ contract.Fake = (*Server)(nil)
