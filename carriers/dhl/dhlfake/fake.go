// Package dhlfake is a local stand-in for DHL's Shipment Tracking – Unified
// API, for tests of the dhl adapter and of anything that drives it (the
// refresher, the CLI end to end). It speaks the documented path, header,
// answer and problem bodies, enforces one tracking number per call, counts
// calls over the Starter rate (and refuses them when told to), keeps the
// daily quota, and gives the failures contract.Fault names.
//
// DHL's limits, as documented: the Starter service level allows 250 calls a
// day and at most 1 call a second
// (https://developer.dhl.com/api-reference/shipment-tracking, "Rate
// limits"); going over either is answered with HTTP 429 ("When the limit is
// reached, you will receive an HTTP Status code: 429: Too many requests"),
// the same answer for both; once the day's calls are used up, every call is
// refused until the next day ("you won't be able to get a response from the
// API until the next day. In this case, you will receive a 429 Error",
// https://support-developer.dhl.com/support/solutions/articles/47001224416),
// and the day's count resets at 00:00 GMT ("At what time does the daily
// limit of the quota resets?", support-developer.dhl.com, Shipment Tracking
// Unified API knowledge base). DHL documents no Retry-After or other header
// that tells the two apart, so the fake sends none.
package dhlfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"waybill/carriers/contract"
	"waybill/carriers/contract/fakekit"
)

// Key is the DHL-API-Key the fake accepts.
const Key = "dhl-fake-consumer-key"

// Path is the documented path.
const Path = "/track/shipments"

// DefaultInterval is the Starter service level's spacing between calls
// ("Maximum calls per second: 1", see the package comment); faster calls
// count as OverLimit, and are refused with 429 under EnforceRate.
const DefaultInterval = time.Second

// StarterQuota is the Starter service level's calls a day.
const StarterQuota = 250

// Event is one scan as DHL sends it; fields are copied into the answer
// verbatim, so tests can script any raw code.
type Event struct {
	Timestamp   string // e.g. "2026-10-20T10:00:00+08:00", or without a zone
	StatusCode  string // pre-transit, transit, delivered, failure, unknown
	Status      string // a sub-code (DF, ZU) or free text
	Description string
	Remark      string
	Locality    string // location.address.addressLocality
	CountryCode string // location.address.countryCode
}

// Shipment is what the fake answers for one number.
type Shipment struct {
	Service    string // "express" when empty
	ETA        string // estimatedTimeOfDelivery, "" for none
	ReturnFlag bool
	Events     []Event // any order: served newest first by timestamp text
}

// Request is one call as the fake saw it, for request-shape assertions.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
}

// Server is a running fake.
type Server struct {
	fakekit.Base
	batch int

	mu        sync.Mutex
	shipments map[string]Shipment
	reqs      fakekit.Log[Request]
	interval  time.Duration
	enforce   bool // refuse calls over the interval with 429, as DHL does
	next      time.Time
	quota     int       // calls allowed a day; 0 = unlimited
	calls     int       // calls answered on day
	day       time.Time // the GMT day calls counts in
	refused   int       // calls answered with 429, for the rate or the quota
}

// New starts a fake that takes batchSize numbers per call (0 or anything
// but 1 means DHL's documented 1) and stops it when t ends.
func New(t testing.TB, batchSize int) *Server {
	if batchSize <= 0 {
		batchSize = 1
	}
	s := &Server{
		batch:     batchSize,
		shipments: map[string]Shipment{},
		interval:  DefaultInterval,
	}
	s.Start(t, s.serve)
	return s
}

// Key is the API key the fake accepts.
func (s *Server) Key() string { return Key }

// SetInterval sets the spacing below which calls count as OverLimit; 0
// stops counting.
func (s *Server) SetInterval(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.interval = d
}

// EnforceRate makes calls that come sooner than the interval after the last
// answered one get DHL's 429, as the real service does; off, they are only
// counted (Stats().OverLimit).
func (s *Server) EnforceRate(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.enforce = on
}

// SetDailyQuota allows n answered calls a GMT day (StarterQuota on the
// Starter level; 0 for unlimited): every call after them gets DHL's 429
// until 00:00 GMT.
func (s *Server) SetDailyQuota(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.quota = n
}

// UseUpQuota makes the day's calls used up, as another program sharing the
// key could have: every call gets the 429 until 00:00 GMT.
func (s *Server) UseUpQuota() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.quota == 0 {
		s.quota = StarterQuota
	}
	s.day = gmtDay(time.Now())
	s.calls = s.quota
}

// Refused is how many calls were answered with 429, for the rate or the
// quota.
func (s *Server) Refused() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refused
}

// gmtDay is the start of t's day in GMT, the day DHL's quota counts in.
func gmtDay(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Add sets what the fake answers for number.
func (s *Server) Add(number string, sh Shipment) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sh.Events = append([]Event(nil), sh.Events...)
	s.shipments[number] = sh
}

// AddEvents appends raw events to number's Express shipment, creating it.
func (s *Server) AddEvents(number string, evs ...Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sh := s.shipments[number]
	sh.Events = append(sh.Events, evs...)
	s.shipments[number] = sh
}

// AddDelivered gives number an Express journey from Shenzhen to New York
// that ends delivered, and returns its number of events.
func (s *Server) AddDelivered(number string, shipped time.Time) int {
	cn := time.FixedZone("CST", 8*3600)
	us := time.FixedZone("EST", -5*3600)
	at := func(d time.Duration, z *time.Location) string {
		return shipped.Add(d).In(z).Format(time.RFC3339)
	}
	h := time.Hour
	evs := []Event{
		{at(2*h, cn), "transit", "PU", "Shipment picked up", "", "SHENZHEN - CHINA MAINLAND", "CN"},
		{at(6*h, cn), "transit", "PL", "Processed at SHENZHEN - CHINA MAINLAND", "", "SHENZHEN - CHINA MAINLAND", "CN"},
		{at(10*h, cn), "transit", "DF", "Shipment has departed from a DHL facility SHENZHEN - CHINA MAINLAND", "", "SHENZHEN - CHINA MAINLAND", "CN"},
		{at(28*h, cn), "transit", "AF", "Arrived at DHL Sort Facility HONG KONG - HONG KONG SAR, CHINA", "", "HONG KONG - HONG KONG SAR, CHINA", "HK"},
		{at(48*h, us), "transit", "IC", "Processed for clearance at CINCINNATI HUB, OH - USA", "", "CINCINNATI HUB, OH - USA", "US"},
		{at(51*h, us), "transit", "CR", "Clearance processing complete at CINCINNATI HUB, OH - USA", "", "CINCINNATI HUB, OH - USA", "US"},
		{at(72*h, us), "transit", "AR", "Arrived at DHL Delivery Facility NEW YORK CITY, NY - USA", "", "NEW YORK CITY, NY - USA", "US"},
		{at(77*h, us), "transit", "WC", "Shipment is out with courier for delivery", "", "NEW YORK CITY, NY - USA", "US"},
		{at(81*h, us), "delivered", "OK", "Delivered", "", "NEW YORK CITY, NY - USA", "US"},
	}
	eta := shipped.Add(96 * h).In(us).Format(time.RFC3339)
	s.Add(number, Shipment{Service: "express", ETA: eta, Events: evs})
	return len(evs)
}

// Requests returns every call the fake saw, oldest first.
func (s *Server) Requests() []Request { return s.reqs.All() }

// problem writes DHL's error body.
func problem(w http.ResponseWriter, status int, title, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	b, _ := json.Marshal(map[string]any{"status": status, "title": title, "detail": detail})
	w.Write(b)
}

// validServices are the documented values of the service parameter.
var validServices = map[string]bool{
	"dgf": true, "dsc": true, "ecommerce": true, "ecommerce-apac": true, "ecommerce-europe": true,
	"ecommerce-iberia": true, "ecommerce-ppl": true, "express": true, "freight": true,
	"parcel-de": true, "parcel-nl": true, "parcel-pl": true, "parcel-uk": true, "post-de": true,
	"post-international": true, "sameday": true, "svb": true,
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	s.CountRequest()
	s.reqs.Add(Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone()})
	s.mu.Lock()
	over := false
	if s.interval > 0 {
		if over = now.Before(s.next); !over {
			s.next = now.Add(s.interval)
		}
	}
	refuse := over && s.enforce
	s.mu.Unlock()
	if over {
		s.CountOverLimit()
	}
	fault := s.NextFault()

	if r.URL.Path != Path {
		// The gateway's answer for an unknown path: not DHL's problem body.
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		problem(w, http.StatusMethodNotAllowed, "Method Not Allowed", "Only GET is supported.")
		return
	}
	if r.Header.Get("DHL-API-Key") != Key {
		s.CountBadAuth()
		problem(w, http.StatusUnauthorized, "Unauthorized", "Unauthorized for given resource.")
		return
	}
	if refuse {
		s.tooMany(w)
		return
	}
	switch fault {
	case contract.Fault429, contract.Fault429Date:
		w.Header().Set("Retry-After", fakekit.RetryAfter(fault, now))
		problem(w, http.StatusTooManyRequests, "Too Many Requests", "Too many requests within defined time period, please try again later.")
		return
	case contract.Fault500:
		problem(w, http.StatusInternalServerError, "Internal Server Error", "An unexpected error occurred.")
		return
	case contract.FaultTimeout:
		s.Hang(r)
		return
	case contract.FaultBadJSON:
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`<html><body>Service temporarily unavailable</body></html>`))
		return
	case contract.FaultQuota:
		s.tooMany(w)
		return
	case contract.FaultAuthCode:
		s.CountBadAuth()
		problem(w, http.StatusUnauthorized, "Unauthorized", "Unauthorized for given resource.")
		return
	}

	s.mu.Lock()
	if day := gmtDay(now); !day.Equal(s.day) {
		s.day, s.calls = day, 0 // 00:00 GMT: a new day's calls
	}
	overQuota := s.quota > 0 && s.calls >= s.quota
	if !overQuota {
		s.calls++
	}
	s.mu.Unlock()
	if overQuota {
		s.tooMany(w)
		return
	}

	q := r.URL.Query()
	var numbers []string
	for _, v := range q["trackingNumber"] {
		for _, n := range strings.Split(v, ",") {
			if n = strings.TrimSpace(n); n != "" {
				numbers = append(numbers, n)
			}
		}
	}
	s.CountBatch(len(numbers))
	switch {
	case len(numbers) == 0:
		problem(w, http.StatusBadRequest, "Bad Request", "Missing parameter trackingNumber.")
		return
	case len(numbers) > s.batch:
		problem(w, http.StatusBadRequest, "Bad Request", fmt.Sprintf("Only %d trackingNumber per request is supported.", s.batch))
		return
	}
	service := q.Get("service")
	if service != "" && !validServices[service] {
		problem(w, http.StatusBadRequest, "Bad Request", "Invalid value for parameter service.")
		return
	}

	var out []any
	for _, n := range numbers {
		s.mu.Lock()
		sh, ok := s.shipments[n]
		s.mu.Unlock()
		if !ok {
			continue
		}
		svc := sh.Service
		if svc == "" {
			svc = "express"
		}
		if service != "" && service != svc {
			continue
		}
		out = append(out, render(n, svc, sh))
	}
	if len(out) == 0 {
		problem(w, http.StatusNotFound, "No result found", "No shipment with given tracking number found.")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"shipments": out})
}

// tooMany is DHL's one answer to a call over either limit, the per-second
// rate or the day's quota: HTTP 429 with the problem body of the OpenAPI
// spec's 429 example, which names neither (dpdhl_tracking-unified-api
// yaml, linked from https://developer.dhl.com/api-reference/shipment-tracking
// "Downloads"), and no Retry-After.
func (s *Server) tooMany(w http.ResponseWriter) {
	s.mu.Lock()
	s.refused++
	s.mu.Unlock()
	problem(w, http.StatusTooManyRequests, "Too Many Requests", "Too many requests within defined time period, please try again later.")
}

func render(number, service string, sh Shipment) map[string]any {
	evs := append([]Event(nil), sh.Events...)
	sort.SliceStable(evs, func(i, j int) bool { return parse(evs[i].Timestamp).After(parse(evs[j].Timestamp)) })
	list := make([]any, len(evs))
	for i, e := range evs {
		list[i] = renderEvent(e)
	}
	m := map[string]any{
		"id":      number,
		"service": service,
		"events":  list,
	}
	if len(evs) > 0 {
		m["status"] = renderEvent(evs[0])
	}
	if sh.ETA != "" {
		m["estimatedTimeOfDelivery"] = sh.ETA
	}
	if sh.ReturnFlag {
		m["returnFlag"] = true
	}
	return m
}

func renderEvent(e Event) map[string]any {
	m := map[string]any{"timestamp": e.Timestamp}
	if e.StatusCode != "" {
		m["statusCode"] = e.StatusCode
	}
	if e.Status != "" {
		m["status"] = e.Status
	}
	if e.Description != "" {
		m["description"] = e.Description
	}
	if e.Remark != "" {
		m["remark"] = e.Remark
	}
	if e.Locality != "" || e.CountryCode != "" {
		addr := map[string]any{}
		if e.Locality != "" {
			addr["addressLocality"] = e.Locality
		}
		if e.CountryCode != "" {
			addr["countryCode"] = e.CountryCode
		}
		m["location"] = map[string]any{"address": addr}
	}
	return m
}

func parse(s string) time.Time {
	for _, l := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(l, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

var _ contract.Fake = (*Server)(nil)
