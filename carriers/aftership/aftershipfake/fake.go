// Package aftershipfake is a fake AfterShip Tracking API (version 2024-04)
// for tests: an httptest server that speaks the documented paths, headers
// and JSON envelopes, keeps trackings in memory, counts what it was sent and
// fails on demand. It implements contract.Fake, and has helpers to script
// any tag, subtag or field so mapping and end-to-end tests can use it.
package aftershipfake

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"waybill/carriers/contract"
	"waybill/carriers/contract/fakekit"
)

// Documented limits of the 2024-04 API.
const (
	MaxBatch      = 50 // tracking_numbers per GET /trackings
	RatePerSecond = 10 // requests per second per organization
	// BasePath is where the 2024-04 endpoints live.
	BasePath = "/tracking/2024-04"
)

// Checkpoint is one scan, with the fields of AfterShip's Checkpoint object.
type Checkpoint struct {
	Slug           string `json:"slug"`
	CreatedAt      string `json:"created_at"`
	CheckpointTime string `json:"checkpoint_time"`
	Location       string `json:"location"`
	City           string `json:"city"`
	State          string `json:"state"`
	Zip            string `json:"zip"`
	CountryISO3    string `json:"country_iso3"`
	CountryName    string `json:"country_name"`
	Message        string `json:"message"`
	Tag            string `json:"tag"`
	Subtag         string `json:"subtag"`
	SubtagMessage  string `json:"subtag_message"`
	RawTag         string `json:"raw_tag"`
}

// EDD is aftership_estimated_delivery_date.
type EDD struct {
	EstimatedDeliveryDate    string  `json:"estimated_delivery_date"`
	ConfidenceCode           float64 `json:"confidence_code"`
	EstimatedDeliveryDateMin string  `json:"estimated_delivery_date_min"`
	EstimatedDeliveryDateMax string  `json:"estimated_delivery_date_max"`
}

// Estimate is latest_estimated_delivery.
type Estimate struct {
	Type        string `json:"type"`
	Source      string `json:"source"`
	Datetime    string `json:"datetime"`
	DatetimeMin string `json:"datetime_min"`
	DatetimeMax string `json:"datetime_max"`
}

// Tracking is the part of AfterShip's Tracking object the fake keeps. Empty
// strings go out as null where AfterShip sends null.
type Tracking struct {
	ID                     string       `json:"id"`
	CreatedAt              string       `json:"created_at"`
	UpdatedAt              string       `json:"updated_at"`
	LastUpdatedAt          string       `json:"last_updated_at"`
	TrackingNumber         string       `json:"tracking_number"`
	Slug                   string       `json:"slug"`
	Active                 bool         `json:"active"`
	Tag                    string       `json:"tag"`
	Subtag                 string       `json:"subtag"`
	SubtagMessage          string       `json:"subtag_message"`
	Title                  string       `json:"title"`
	OriginCountryISO3      *string      `json:"origin_country_iso3"`
	DestinationCountryISO3 *string      `json:"destination_country_iso3"`
	ExpectedDelivery       *string      `json:"expected_delivery"`
	ShipmentPickupDate     *string      `json:"shipment_pickup_date"`
	ShipmentDeliveryDate   *string      `json:"shipment_delivery_date"`
	OnTimeStatus           *string      `json:"on_time_status"`
	Source                 string       `json:"source"`
	ReturnToSender         bool         `json:"return_to_sender"`
	AfterShipEDD           *EDD         `json:"aftership_estimated_delivery_date"`
	LatestEstimated        *Estimate    `json:"latest_estimated_delivery"`
	TrackingShipDate       *string      `json:"tracking_ship_date"`
	Checkpoints            []Checkpoint `json:"checkpoints"`

	// NextCouriers: the legs after the first (lastmile.go).
	NextCouriers []NextCourier `json:"next_couriers"`
}

// Request is one request the fake received, for shape assertions.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Body   []byte
}

// Server is the fake.
type Server struct {
	fakekit.Base
	t     testing.TB
	key   string
	batch int

	mu        sync.Mutex
	byID      map[string]*Tracking
	order     []string // ids in creation order
	nextID    int
	rejects   map[string]Meta // number → the error a create answers
	requests  fakekit.Log[Request]
	enforce   bool
	conflict0 bool
	intercept func(w http.ResponseWriter, r *http.Request, body []byte) bool
	lifecycle // whether AfterShip still follows each tracking (lifecycle.go)
}

// Meta is AfterShip's meta object.
type Meta struct {
	Code    int    `json:"code"`
	Message string `json:"message,omitempty"`
	Type    string `json:"type,omitempty"`
}

// New starts a fake that takes batchSize numbers per list request (0 for
// the documented 50) and stops with the test.
func New(t testing.TB, batchSize int) *Server {
	t.Helper()
	if batchSize <= 0 {
		batchSize = MaxBatch
	}
	s := &Server{
		t:       t,
		key:     "asat_fake_" + strconv.FormatInt(time.Now().UnixNano()%1e9, 36),
		batch:   batchSize,
		byID:    map[string]*Tracking{},
		rejects: map[string]Meta{},
	}
	s.Start(t, s.serve)
	return s
}

// Key is the API key the fake accepts in as-api-key.
func (s *Server) Key() string { return s.key }

// Requests returns every request received so far.
func (s *Server) Requests() []Request { return s.requests.All() }

// EnforceRateLimit makes requests over 10 a second answer 429, as AfterShip
// does; by default they are only counted.
func (s *Server) EnforceRateLimit(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.enforce = on
}

// ConflictWithoutID makes "already exists" answers leave out the existing
// tracking's id, so the adapter must find it another way.
func (s *Server) ConflictWithoutID(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conflict0 = on
}

// Intercept installs f in front of the API, after counting and auth: when
// f returns true it has answered the request itself. Tests use it to script
// answers the fake does not give on its own (an error code inside a 200, a
// race between listing and creating). nil removes it.
func (s *Server) Intercept(f func(w http.ResponseWriter, r *http.Request, body []byte) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.intercept = f
}

// Reply writes AfterShip's envelope {meta, data}, for Intercept functions.
func Reply(w http.ResponseWriter, status int, m Meta, data any) { reply(w, status, m, data) }

// Reject makes creating number answer 400 with the given meta code (4005
// invalid number, 4012 courier not detected …) and message.
func (s *Server) Reject(number string, code int, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejects[strings.ToUpper(number)] = Meta{Code: code, Message: message, Type: "BadRequest"}
}

// AddTracking stores tr (given an id and timestamps when it has none) and
// returns its id.
func (s *Server) AddTracking(tr Tracking) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.add(tr)
}

func (s *Server) add(tr Tracking) string {
	if tr.ID == "" {
		s.nextID++
		tr.ID = fmt.Sprintf("fk%022d", s.nextID)
	}
	now := time.Now().UTC().Format(time.RFC3339)
	for _, p := range []*string{&tr.CreatedAt, &tr.UpdatedAt, &tr.LastUpdatedAt} {
		if *p == "" {
			*p = now
		}
	}
	if tr.Tag == "" {
		tr.Tag, tr.Subtag, tr.SubtagMessage = "Pending", "Pending_001", "Pending"
	}
	if tr.Title == "" {
		tr.Title = tr.TrackingNumber
	}
	if tr.Source == "" {
		tr.Source = "api"
	}
	if tr.Checkpoints == nil {
		tr.Checkpoints = []Checkpoint{}
	}
	if tr.NextCouriers == nil {
		tr.NextCouriers = []NextCourier{}
	}
	if _, ok := s.byID[tr.ID]; !ok {
		s.order = append(s.order, tr.ID)
	}
	tr.Active = tr.Tag != "Delivered" && tr.Tag != "Expired"
	s.byID[tr.ID] = &tr
	s.lifeOf(tr.ID).changed = s.now()
	return tr.ID
}

// Tracking returns a copy of the tracking of number (under slug, or any
// courier when slug is ""), and whether there is one.
func (s *Server) Tracking(number, slug string) (Tracking, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.find(number, slug); t != nil {
		cp := *t
		cp.Checkpoints = append([]Checkpoint(nil), t.Checkpoints...)
		return cp, true
	}
	return Tracking{}, false
}

func (s *Server) find(number, slug string) *Tracking {
	for _, id := range s.order {
		t := s.byID[id]
		if strings.EqualFold(t.TrackingNumber, number) && (slug == "" || t.Slug == slug) {
			return t
		}
	}
	return nil
}

// DefaultSlug is the courier of trackings the helpers create.
const DefaultSlug = "china-post"

// AddEvents appends checkpoints to number's tracking (creating one under
// DefaultSlug) and sets the tracking's tag and subtag from the last one, as
// AfterShip does. Any tag or subtag may be scripted, known or not.
func (s *Server) AddEvents(number string, cps ...Checkpoint) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.find(number, "")
	if t == nil {
		s.add(Tracking{TrackingNumber: number, Slug: DefaultSlug})
		t = s.find(number, "")
	}
	if l := s.lifeOf(t.ID); l.quiet {
		// AfterShip no longer looks: the news waits for a retrack.
		l.held = append(l.held, cps...)
		return
	}
	s.appendCheckpoints(t, cps)
}

// appendCheckpoints adds cps to t as news AfterShip just had; s.mu must
// be held.
func (s *Server) appendCheckpoints(t *Tracking, cps []Checkpoint) {
	s.lifeOf(t.ID).changed = s.now()
	now := time.Now().UTC().Format(time.RFC3339)
	for _, cp := range cps {
		if cp.Slug == "" {
			cp.Slug = t.Slug
		}
		if cp.CreatedAt == "" {
			cp.CreatedAt = now
		}
		t.Checkpoints = append(t.Checkpoints, cp)
		t.Tag, t.Subtag, t.SubtagMessage = cp.Tag, cp.Subtag, cp.SubtagMessage
	}
	t.UpdatedAt, t.LastUpdatedAt = now, now
	t.Active = t.Tag != "Delivered" && t.Tag != "Expired"
}

// SetExpectedDelivery sets number's expected_delivery ("" for null).
func (s *Server) SetExpectedDelivery(number, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.find(number, ""); t != nil {
		t.ExpectedDelivery = strOrNil(v)
	}
}

// AddDelivered gives number a China Post journey from Shenzhen to New York
// that ends delivered, in AfterShip's documented tags and subtags, and
// returns how many checkpoints it has.
func (s *Server) AddDelivered(number string, shipped time.Time) int {
	cn := time.FixedZone("CST", 8*3600)
	us := time.FixedZone("EST", -5*3600)
	at := func(d time.Duration, z *time.Location) string {
		return shipped.Add(d).In(z).Format("2006-01-02T15:04:05-07:00")
	}
	h := time.Hour
	cps := []Checkpoint{
		{CheckpointTime: at(0, cn), City: "Shenzhen", CountryISO3: "CHN", CountryName: "China", Message: "Electronic information received", Tag: "InfoReceived", Subtag: "InfoReceived_001", SubtagMessage: "Info Received", RawTag: "GWMS_ACCEPT"},
		{CheckpointTime: at(6*h, cn), City: "Shenzhen", CountryISO3: "CHN", CountryName: "China", Message: "Posting/Collection", Tag: "InTransit", Subtag: "InTransit_002", SubtagMessage: "Acceptance scan", RawTag: "PU_PICKUP_SUCCESS"},
		{CheckpointTime: at(30*h, cn), Location: "Guangzhou International Mail Processing Center", Message: "Dispatched from the office of exchange", Tag: "InTransit", Subtag: "InTransit_007", SubtagMessage: "Departure Scan", RawTag: "LH_DEPART"},
		{CheckpointTime: at(5*24*h, us), City: "Jamaica", State: "NY", CountryISO3: "USA", Message: "Presented to customs", Tag: "InTransit", Subtag: "InTransit_006", SubtagMessage: "Customs clearance started", RawTag: "CC_IM_START"},
		{CheckpointTime: at(6*24*h, us), City: "Jamaica", State: "NY", CountryISO3: "USA", Message: "Released from customs", Tag: "InTransit", Subtag: "InTransit_005", SubtagMessage: "Customs clearance completed", RawTag: "CC_IM_SUCCESS"},
		{CheckpointTime: at(7*24*h, us), City: "New York", State: "NY", CountryISO3: "USA", Message: "Arrived at USPS Regional Facility", Tag: "InTransit", Subtag: "InTransit_003", SubtagMessage: "Arrival scan", RawTag: "10"},
		{CheckpointTime: at(9*24*h, us), City: "New York", State: "NY", CountryISO3: "USA", Message: "Out for Delivery", Tag: "OutForDelivery", Subtag: "OutForDelivery_001", SubtagMessage: "Out for Delivery", RawTag: "OF"},
		{CheckpointTime: at(9*24*h+5*h, us), City: "New York", State: "NY", CountryISO3: "USA", Message: "Delivered, In/At Mailbox", Tag: "Delivered", Subtag: "Delivered_001", SubtagMessage: "Delivered", RawTag: "01"},
	}
	s.mu.Lock()
	if t := s.find(number, ""); t != nil {
		delete(s.byID, t.ID)
		for i, id := range s.order {
			if id == t.ID {
				s.order = append(s.order[:i], s.order[i+1:]...)
				break
			}
		}
	}
	s.mu.Unlock()
	for i := range cps {
		cps[i].Slug = DefaultSlug
	}
	s.AddTracking(Tracking{
		TrackingNumber:         number,
		Slug:                   DefaultSlug,
		OriginCountryISO3:      strOrNil("CHN"),
		DestinationCountryISO3: strOrNil("USA"),
		ShipmentPickupDate:     strOrNil(cps[1].CheckpointTime),
		ShipmentDeliveryDate:   strOrNil(cps[len(cps)-1].CheckpointTime),
		ExpectedDelivery:       strOrNil(shipped.Add(10 * 24 * h).In(us).Format("2006-01-02")),
		OnTimeStatus:           strOrNil("on-time"),
	})
	s.AddEvents(number, cps...)
	return len(cps)
}

func strOrNil(v string) *string {
	if v == "" {
		return nil
	}
	return &v
}

// Sign returns the aftership-hmac-sha256 header for body: base64 of its
// HMAC-SHA256 with the webhook secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// WebhookBody returns the body AfterShip would post for number's current
// tracking (event tracking_update), or nil when there is none.
func (s *Server) WebhookBody(number string) []byte {
	t, ok := s.Tracking(number, "")
	if !ok {
		return nil
	}
	b, err := json.Marshal(map[string]any{
		"ts":                    time.Now().Unix(),
		"event":                 "tracking_update",
		"event_id":              "3f645f5e-530b-4062-8695-db6a64420af8",
		"is_tracking_first_tag": false,
		"msg":                   t,
	})
	if err != nil {
		s.t.Errorf("aftershipfake: webhook body: %v", err)
	}
	return b
}

// serve is the whole API.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	s.requests.Add(Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body})
	s.mu.Lock()
	enforce, intercept := s.enforce, s.intercept
	s.mu.Unlock()
	s.CountRequest()
	over := s.CountRate("", RatePerSecond, time.Now())
	f := s.NextFault()

	w.Header().Set("Content-Type", "application/json")
	s.rateHeaders(w)
	switch f {
	case "":
	case contract.Fault429:
		w.Header().Set("Retry-After", "7")
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(7*time.Second).Unix(), 10))
		tooMany(w)
		return
	case contract.Fault429Date:
		w.Header().Set("Retry-After", fakekit.RetryAfter(f, time.Now()))
		tooMany(w)
		return
	case contract.Fault500:
		reply(w, http.StatusInternalServerError, Meta{500, "Something went wrong on AfterShip's end.", "InternalError"}, nil)
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
		planLimit(w, time.Now().Add(PlanResetIn))
		return
	case contract.FaultAuthCode:
		badKey(w)
		return
	}
	if r.Header.Get("as-api-key") != s.key {
		s.CountBadAuth()
		badKey(w)
		return
	}
	if over && enforce {
		tooMany(w)
		return
	}
	if intercept != nil && intercept(w, r, body) {
		return
	}
	s.mu.Lock()
	s.sweep(s.now())
	s.mu.Unlock()

	path, ok := strings.CutPrefix(r.URL.Path, BasePath)
	switch {
	case ok && path == "/trackings" && r.Method == http.MethodGet:
		s.list(w, r)
	case ok && path == "/trackings" && r.Method == http.MethodPost:
		s.create(w, body)
	case ok && strings.HasPrefix(path, "/trackings/") && strings.HasSuffix(path, "/retrack") && r.Method == http.MethodPost:
		s.retrack(w, strings.TrimSuffix(strings.TrimPrefix(path, "/trackings/"), "/retrack"))
	case ok && strings.HasPrefix(path, "/trackings/") && r.Method == http.MethodGet:
		s.get(w, strings.TrimPrefix(path, "/trackings/"))
	default:
		reply(w, http.StatusNotFound, Meta{404, "The URI requested is invalid or the resource requested does not exist.", "NotFound"}, nil)
	}
}

func (s *Server) rateHeaders(w http.ResponseWriter) {
	left := max(0, RatePerSecond-s.InWindow(""))
	w.Header().Set("X-RateLimit-Limit", strconv.Itoa(RatePerSecond))
	w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(left))
	w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Second).Unix(), 10))
}

func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var numbers []string
	for _, n := range strings.Split(q.Get("tracking_numbers"), ",") {
		if n = strings.TrimSpace(n); n != "" {
			numbers = append(numbers, n)
		}
	}
	s.CountBatch(len(numbers))
	if len(numbers) > s.batch {
		reply(w, http.StatusBadRequest, Meta{4008, "The value of `tracking_numbers` is invalid.", "BadRequest"}, nil)
		return
	}
	limit, page := 100, 1
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			reply(w, http.StatusBadRequest, Meta{4008, "The value of `limit` is invalid.", "BadRequest"}, nil)
			return
		}
		limit = n
	}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			reply(w, http.StatusBadRequest, Meta{4008, "The value of `page` is invalid.", "BadRequest"}, nil)
			return
		}
		page = n
	}
	createdMin := time.Now().Add(-30 * 24 * time.Hour) // documented default
	if v := q.Get("created_at_min"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			reply(w, http.StatusBadRequest, Meta{4008, "The value of `created_at_min` is invalid.", "BadRequest"}, nil)
			return
		}
		createdMin = t
	}
	slugs := map[string]bool{}
	for _, sl := range strings.Split(q.Get("slug"), ",") {
		if sl != "" {
			slugs[sl] = true
		}
	}
	want := map[string]bool{}
	for _, n := range numbers {
		want[strings.ToUpper(n)] = true
	}
	s.mu.Lock()
	var all []Tracking
	for _, id := range s.order {
		t := s.byID[id]
		created, _ := time.Parse(time.RFC3339, t.CreatedAt)
		if len(want) > 0 && !want[strings.ToUpper(t.TrackingNumber)] ||
			len(slugs) > 0 && !slugs[t.Slug] || created.Before(createdMin) {
			continue
		}
		all = append(all, *t)
	}
	s.mu.Unlock()
	from := min(len(all), (page-1)*limit)
	to := min(len(all), from+limit)
	reply(w, http.StatusOK, Meta{Code: 200}, map[string]any{
		"page":                             page,
		"limit":                            limit,
		"count":                            len(all),
		"keyword":                          "",
		"slug":                             q.Get("slug"),
		"origin":                           []string{},
		"destination":                      []string{},
		"tag":                              "",
		"created_at_min":                   createdMin.UTC().Format(time.RFC3339),
		"created_at_max":                   time.Now().UTC().Format(time.RFC3339),
		"last_updated_at":                  nil,
		"return_to_sender":                 []bool{},
		"courier_destination_country_iso3": []string{},
		"trackings":                        append([]Tracking{}, all[from:to]...),
	})
}

func (s *Server) create(w http.ResponseWriter, body []byte) {
	var in struct {
		Tracking *struct {
			TrackingNumber   string `json:"tracking_number"`
			Slug             string `json:"slug"`
			TrackingShipDate string `json:"tracking_ship_date"`
		} `json:"tracking"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		reply(w, http.StatusBadRequest, Meta{4001, "Invalid JSON data.", "BadRequest"}, nil)
		return
	}
	if in.Tracking == nil {
		reply(w, http.StatusBadRequest, Meta{4006, "`tracking` object is required.", "BadRequest"}, nil)
		return
	}
	n := strings.TrimSpace(in.Tracking.TrackingNumber)
	if n == "" {
		reply(w, http.StatusBadRequest, Meta{4007, "`tracking_number` is required.", "BadRequest"}, nil)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.CountBatch(1)
	if m, ok := s.rejects[strings.ToUpper(n)]; ok {
		reply(w, http.StatusBadRequest, m, map[string]any{})
		return
	}
	if t := s.find(n, in.Tracking.Slug); t != nil {
		ref := map[string]any{"slug": t.Slug, "tracking_number": t.TrackingNumber}
		if !s.conflict0 {
			ref["id"] = t.ID
		}
		reply(w, http.StatusBadRequest, Meta{4003, "Tracking already exists.", "BadRequest"}, map[string]any{"tracking": ref})
		return
	}
	slug := in.Tracking.Slug
	if slug == "" {
		slug = "unrecognized"
	}
	id := s.add(Tracking{TrackingNumber: n, Slug: slug, TrackingShipDate: strOrNil(in.Tracking.TrackingShipDate)})
	reply(w, http.StatusCreated, Meta{Code: 201}, map[string]any{"tracking": s.byID[id]})
}

func (s *Server) get(w http.ResponseWriter, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.byID[id]
	if !ok {
		reply(w, http.StatusNotFound, Meta{4004, "Tracking does not exist.", "BadRequest"}, map[string]any{})
		return
	}
	reply(w, http.StatusOK, Meta{Code: 200}, map[string]any{"tracking": t})
}

// PlanResetIn is how far ahead the fake's used-up plan limit resets.
const PlanResetIn = 6 * time.Hour

// planLimit is AfterShip's answer once the plan's requests are used up. The
// Tracking API documents no code of its own for it: its error table
// (https://www.aftership.com/docs/tracking/2024-04/quickstart/request-errors,
// and errorx/error_code.go of AfterShip/tracking-sdk-go) has no 402 and no
// quota code, only 429 TooManyRequests, whose X-RateLimit-Reset header is
// "the Unix timestamp when the rate limit will be reset"
// (https://www.aftership.com/docs/tracking/2024-04/quickstart/rate-limit).
// A plan's limit comes as that same 429, its message naming the limit and
// the reset (as quoted in home-assistant/core#42356: "You have exceeded the
// API call rate limit. Default limit is 100 request per day for free user.
// The limit will be reset at 2020-10-24 17:53:53+00:00. Select a plan at
// https://admin.aftership.com/settings/billing to have bigger rate limit"),
// so the fake sends it with X-RateLimit-Reset at the plan's reset and no
// Retry-After.
func planLimit(w http.ResponseWriter, reset time.Time) {
	w.Header().Set("X-RateLimit-Limit", "100")
	w.Header().Set("X-RateLimit-Remaining", "0")
	w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	reply(w, http.StatusTooManyRequests, Meta{429, "You have exceeded the API call rate limit. Default limit is 100 request per day for free user. The limit will be reset at " +
		reset.UTC().Format("2006-01-02 15:04:05+00:00") + ". Select a plan at https://admin.aftership.com/settings/billing to have bigger rate limit", "TooManyRequests"}, nil)
}

func tooMany(w http.ResponseWriter) {
	reply(w, http.StatusTooManyRequests, Meta{429, "You have exceeded the API call rate limit. The default limit is 10 requests per second.", "TooManyRequests"}, nil)
}

func badKey(w http.ResponseWriter) {
	reply(w, http.StatusUnauthorized, Meta{401, "Invalid API key.", "Unauthorized"}, nil)
}

// reply writes AfterShip's envelope {meta, data}.
func reply(w http.ResponseWriter, status int, m Meta, data any) {
	if data == nil {
		data = map[string]any{}
	}
	b, err := json.Marshal(map[string]any{"meta": m, "data": data})
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"meta":{"code":500},"data":{}}`)
	}
	w.WriteHeader(status)
	w.Write(b)
}

var _ contract.Fake = (*Server)(nil)
