// Package track17fake is a local stand-in for the 17TRACK API v2.2, for
// tests of the adapter and of anything built on it (an end-to-end CLI test
// included). It speaks the documented paths and JSON shapes, checks the
// 17token header and the shape of every request, keeps 17TRACK's state that
// matters (which numbers are registered, the registration quota), refuses
// batches over its size with 17TRACK's own error, counts requests over the
// rate limit, and fails on demand (contract.Fault). It plays the carriers
// too: AddDelivered and AddEvents script what 17TRACK will report.
package track17fake

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"waybill/carriers/contract"
	"waybill/carriers/contract/fakekit"
)

// MaxBatch is 17TRACK's documented limit of numbers per request.
const MaxBatch = 40

// MsgCarrierUnknown is 17TRACK's documented text for -18019903
// (https://help.17track.net/hc/en-us/articles/37570440168473-Error-Codes-and-Troubleshooting).
const MsgCarrierUnknown = "Carrier cannot be detected. Visit carrier info for carrier code and send as a parameter."

// 17TRACK error codes the fake answers with.
const (
	CodeBadKey            = -18010002
	CodeInvalidData       = -18010013
	CodeTooManyNumbers    = -18010014
	CodeAlreadyRegistered = -18019901
	CodeNotRegistered     = -18019902
	CodeCarrierUnknown    = -18019903
	CodeQuotaUsed         = -18019908
)

// Event is one scan as 17TRACK reports it.
type Event struct {
	Time        time.Time
	Zone        string // offset of time_iso, e.g. "+08:00"; "" for UTC
	Stage       string // milestone word, e.g. "PickedUp"; may be ""
	SubStatus   string // e.g. "InTransit_PickedUp"
	Description string
	Location    string
	Provider    int // carrier key of the provider that reported it; 0: the parcel's
}

// Request is one request as the fake received it.
type Request struct {
	Method string
	Path   string
	Header http.Header
	Body   []byte
}

type parcel struct {
	carrier   int
	events    []Event
	etaFrom   string
	etaTo     string
	status    [2]string       // latest_status override: status, sub_status
	trackInfo json.RawMessage // scripted verbatim, replaces the rendering
	lastMile  lastMile        // misc_info.local_* (lastmile.go)
	rendered  json.RawMessage // cache of the rendering, made when the parcel changes
	life                      // whether 17TRACK still follows the number (lifecycle.go)
}

type rejection struct {
	code    int
	message string
}

// Server is a running fake.
type Server struct {
	fakekit.Base
	key   string
	batch int

	mu         sync.Mutex
	rate       int
	quota      int // registrations left; < 0 for unlimited
	parcels    map[string]*parcel
	registered map[string]int // number → carrier key
	rejects    map[string]rejection
	undetected map[string]bool // numbers whose carrier auto-detection cannot tell
	changes    map[string]int  // accepted changecarrier calls, by number
	requests   fakekit.Log[Request]
	account    // the plan's use and the fake's clock (lifecycle.go)
}

// New starts a fake that takes at most batchSize numbers a request (0 for
// 17TRACK's 40) and stops when the test ends.
func New(t testing.TB, batchSize int) *Server {
	t.Helper()
	if batchSize <= 0 || batchSize > MaxBatch {
		batchSize = MaxBatch
	}
	s := &Server{
		key:        "fake-17token-" + fmt.Sprint(time.Now().UnixNano()%1e6),
		batch:      batchSize,
		rate:       3,
		quota:      -1,
		parcels:    map[string]*parcel{},
		registered: map[string]int{},
		rejects:    map[string]rejection{},
		undetected: map[string]bool{},
		changes:    map[string]int{},
		account:    account{plan: defaultPlan},
	}
	s.Start(t, s.serve)
	return s
}

// Key is the security key the fake accepts in the 17token header.
func (s *Server) Key() string { return s.key }

// Requests returns every request received, oldest first.
func (s *Server) Requests() []Request { return s.requests.All() }

// Fail makes the next n requests fail with f, instead of any faults still
// queued.
func (s *Server) Fail(f contract.Fault, n int) { s.ReplaceFaults(f, n) }

// SetRate sets the requests a second above which requests are counted in
// Stats().OverLimit (17TRACK's is about 3).
func (s *Server) SetRate(perSecond int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rate = perSecond
}

// SetQuota sets how many more numbers may be registered; beyond it
// register refuses each number with -18019908. Negative: unlimited.
func (s *Server) SetQuota(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.quota = n
}

// Register marks number as registered under carrier, as if a process
// before this one had registered it.
func (s *Server) Register(number string, carrier int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.registered[norm(number)] = carrier
	s.parcel(number).heard(s.now())
}

// Unregister forgets a registration, as 17TRACK does after deletetrack.
func (s *Server) Unregister(number string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.registered, norm(number))
}

// Registered reports whether number is registered, and under which carrier.
func (s *Server) Registered(number string) (carrier int, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	carrier, ok = s.registered[norm(number)]
	return carrier, ok
}

// Reject makes op ("register" or "gettrackinfo") refuse number with a
// per-number error code and message, until called again with code 0.
func (s *Server) Reject(op, number string, code int, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := op + " " + norm(number)
	if code == 0 {
		delete(s.rejects, k)
		return
	}
	s.rejects[k] = rejection{code, message}
}

// Undetectable makes register refuse number, sent without a carrier, with
// -18019903 (the carrier cannot be detected), whatever its scripted
// history: 17TRACK tracks it only once the carrier is sent with it.
func (s *Server) Undetectable(number string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.undetected[norm(number)] = true
}

// Changes is how many changecarrier calls 17TRACK accepted for number.
func (s *Server) Changes(number string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changes[norm(number)]
}

// SetCarrier sets the carrier 17TRACK detects for number (default: China
// Post, 3011).
func (s *Server) SetCarrier(number string, carrier int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.parcel(number)
	p.carrier = carrier
	s.changed(p)
}

// AddEvents appends scans to number's history. Any raw stage or sub-status
// may be scripted, documented or not.
func (s *Server) AddEvents(number string, events ...Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addEvents(s.parcel(number), events)
}

// SetETA sets time_metrics.estimated_delivery_date for number.
func (s *Server) SetETA(number, from, to string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.parcel(number)
	p.etaFrom, p.etaTo = from, to
	s.changed(p)
}

// SetLatestStatus makes latest_status say status and subStatus whatever the
// scans say, as 17TRACK does when it judges a parcel Expired.
func (s *Server) SetLatestStatus(number, status, subStatus string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.parcel(number)
	p.status = [2]string{status, subStatus}
	s.changed(p)
}

// SetTrackInfo makes gettrackinfo and pushes return raw (valid JSON) as
// number's track_info, verbatim, for answers the renderer would never
// produce. Use Fail(contract.FaultBadJSON, n) for answers that are not JSON.
func (s *Server) SetTrackInfo(number string, raw string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !json.Valid([]byte(raw)) {
		panic("track17fake: SetTrackInfo: not JSON: " + raw)
	}
	s.parcel(number).trackInfo = json.RawMessage(raw)
}

// AddDelivered scripts a China Post → USPS journey that ends delivered:
// scans in China at +08:00, then in the United States at -05:00, with an
// ETA window. It returns how many events gettrackinfo will report.
func (s *Server) AddDelivered(number string, shipped time.Time) int {
	h := time.Hour
	cn, us := 3011, 21051
	evs := []Event{
		{shipped, "+08:00", "InfoReceived", "InfoReceived", "Electronic information submitted by the shipper", "Shenzhen", cn},
		{shipped.Add(6 * h), "+08:00", "PickedUp", "InTransit_PickedUp", "Acceptance", "Shenzhen, Guangdong", cn},
		{shipped.Add(20 * h), "+08:00", "", "InTransit_Other", "Despatch from sorting center", "Guangzhou", cn},
		{shipped.Add(30 * h), "+08:00", "Departure", "InTransit_Departure", "Departure from outward office of exchange", "Guangzhou", cn},
		{shipped.Add(96 * h), "-05:00", "Arrival", "InTransit_Arrival", "Arrived at inward office of exchange", "New York, NY", us},
		{shipped.Add(100 * h), "-05:00", "", "InTransit_CustomsProcessing", "Held in customs", "New York, NY", us},
		{shipped.Add(120 * h), "-05:00", "", "InTransit_CustomsReleased", "Released from customs", "New York, NY", us},
		{shipped.Add(168 * h), "-05:00", "OutForDelivery", "OutForDelivery_Other", "Out for delivery", "Brooklyn, NY 11201", us},
		{shipped.Add(174 * h), "-05:00", "Delivered", "Delivered_Other", "Delivered, in/at mailbox", "Brooklyn, NY 11201", us},
	}
	s.mu.Lock()
	p := s.parcel(number)
	if p.carrier == 0 {
		p.carrier = cn
	}
	s.addEvents(p, evs)
	p.etaFrom = shipped.Add(6 * 24 * h).In(time.FixedZone("", -5*3600)).Format(time.RFC3339)
	p.etaTo = shipped.Add(9 * 24 * h).In(time.FixedZone("", -5*3600)).Format(time.RFC3339)
	n := len(p.events)
	s.changed(p)
	s.mu.Unlock()
	return n
}

// PushBody is the body 17TRACK would post to a webhook about number, for
// event "TRACKING_UPDATED" or "TRACKING_STOPPED".
func (s *Server) PushBody(event, number string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.parcel(number)
	data := map[string]any{"number": number, "carrier": p.carrierOr(3011), "param": nil, "tag": ""}
	// A stop notice carries no track_info: number, carrier, param and tag
	// only (v2.2 docs, "Notification status & content").
	if event != "TRACKING_STOPPED" {
		data["track_info"] = s.trackInfo(p)
	}
	b, err := json.Marshal(map[string]any{"event": event, "data": data})
	if err != nil {
		panic(err) // only our own maps: cannot fail
	}
	return b
}

// SignPush is the sign header 17TRACK sends with a push body: the hex
// SHA-256 of body + "/" + the security key.
func SignPush(body []byte, securityKey string) string {
	sum := sha256.Sum256(append(append(append([]byte(nil), body...), '/'), securityKey...))
	return hex.EncodeToString(sum[:])
}

func norm(n string) string { return strings.ToUpper(strings.TrimSpace(n)) }

// parcel returns number's parcel, creating it; s.mu must be held.
func (s *Server) parcel(number string) *parcel {
	k := norm(number)
	p, ok := s.parcels[k]
	if !ok {
		p = &parcel{}
		s.parcels[k] = p
	}
	return p
}

func (p *parcel) carrierOr(def int) int {
	if p.carrier != 0 {
		return p.carrier
	}
	return def
}

// serve is the whole API: accounting, faults, authentication, the request
// shape, then the operation.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	now := time.Now() // arrival, before anything that takes time
	body, _ := io.ReadAll(io.LimitReader(r.Body, 4<<20))

	s.CountRequest()
	s.requests.Add(Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	s.mu.Lock()
	rate := s.rate
	s.mu.Unlock()
	s.CountRate("", rate, now)
	fault := s.NextFault()

	op := strings.TrimPrefix(r.URL.Path, "/track/v2.2/")
	if s.PlainFault(w, r, fault, now) {
		return
	}
	switch fault {
	case contract.FaultBadJSON:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
		return
	case contract.FaultAuthCode:
		// 17TRACK's own answer, inside a 200.
		fakekit.WriteJSON(w, http.StatusOK, errorBody(CodeBadKey, "The security key is invalid."))
		return
	}

	if r.Header.Get("17token") != s.key {
		s.CountBadAuth()
		fakekit.WriteJSON(w, http.StatusUnauthorized, errorBody(CodeBadKey, "The security key is invalid."))
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if op != "register" && op != "gettrackinfo" && op != "changecarrier" && !lifecycleOps[op] {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		fakekit.WriteJSON(w, http.StatusOK, errorBody(CodeInvalidData, "Content-Type must be application/json, got "+ct))
		return
	}
	if op == "changecarrier" {
		s.changeCarrierOp(w, body)
		return
	}
	s.mu.Lock()
	s.sweep(s.now())
	s.mu.Unlock()
	if lifecycleOps[op] {
		s.serveLifecycle(w, op, body, fault)
		return
	}
	items, err := decodeItems(op, body)
	if err != nil {
		fakekit.WriteJSON(w, http.StatusOK, errorBody(CodeInvalidData, "Invalid submitted data: "+err.Error()))
		return
	}
	s.CountBatch(len(items))
	if len(items) > s.batch {
		fakekit.WriteJSON(w, http.StatusOK, errorBody(CodeTooManyNumbers, fmt.Sprintf("The number of tracking numbers exceeds the limit of %d.", s.batch)))
		return
	}
	if fault == contract.FaultQuota && op != "register" {
		fakekit.WriteJSON(w, http.StatusOK, errorBody(CodeQuotaUsed, "The quota is insufficient."))
		return
	}

	s.mu.Lock()
	var data any
	if op == "register" {
		data = s.register(items, fault == contract.FaultQuota)
	} else {
		data = s.trackInfoAnswer(items)
	}
	s.mu.Unlock()
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"code": 0, "data": data})
}

// reqItem is one element of a request body.
type reqItem struct {
	Number        string `json:"number"`
	Carrier       *int   `json:"carrier"`
	AutoDetection *bool  `json:"auto_detection"`
	// Documented optional register fields the adapter does not send.
	FinalCarrier *int   `json:"final_carrier"`
	Param        string `json:"param"`
	OrderNo      string `json:"order_no"`
	OrderTime    string `json:"order_time"`
	Tag          string `json:"tag"`
	Lang         string `json:"lang"`
	Email        string `json:"email"`
	Remark       string `json:"remark"`
}

// decodeItems checks a request body: a JSON array of objects with a
// number, documented fields only (gettrackinfo takes number and carrier).
func decodeItems(op string, body []byte) ([]reqItem, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var items []reqItem
	if err := dec.Decode(&items); err != nil {
		return nil, err
	}
	if items == nil {
		return nil, fmt.Errorf("body is not an array")
	}
	for i, it := range items {
		if strings.TrimSpace(it.Number) == "" {
			return nil, fmt.Errorf("item %d has no number", i)
		}
		if it.Carrier != nil && *it.Carrier <= 0 {
			return nil, fmt.Errorf("item %d: carrier %d", i, *it.Carrier)
		}
		if op == "gettrackinfo" && (it.AutoDetection != nil || it.FinalCarrier != nil || it.Tag != "" || it.OrderNo != "" || it.Param != "" || it.Lang != "") {
			return nil, fmt.Errorf("item %d: gettrackinfo takes number and carrier only", i)
		}
	}
	return items, nil
}

func (s *Server) register(items []reqItem, quotaFault bool) map[string]any {
	accepted, rejected := []any{}, []any{}
	reject := func(n string, code int, msg string) {
		rejected = append(rejected, map[string]any{"number": n, "error": map[string]any{"code": code, "message": msg}})
	}
	for _, it := range items {
		k := norm(it.Number)
		if rj, ok := s.rejects["register "+k]; ok {
			reject(it.Number, rj.code, rj.message)
			continue
		}
		if _, ok := s.registered[k]; ok {
			reject(it.Number, CodeAlreadyRegistered, fmt.Sprintf("The tracking number '%s' has been registered, don't need to repeat registration.", it.Number))
			continue
		}
		carrier := 0
		if it.Carrier != nil {
			carrier = *it.Carrier
		} else if p, ok := s.parcels[k]; ok && !s.undetected[k] && (it.AutoDetection == nil || *it.AutoDetection) {
			carrier = p.carrierOr(3011)
		}
		if carrier == 0 {
			// Rejected, so not registered: the documented remedy is to
			// register again with the carrier.
			reject(it.Number, CodeCarrierUnknown, MsgCarrierUnknown)
			continue
		}
		if quotaFault || s.quota == 0 {
			reject(it.Number, CodeQuotaUsed, "The quota is insufficient.")
			continue
		}
		if s.quota > 0 {
			s.quota--
		}
		s.registered[k] = carrier
		s.registeredNow(s.parcel(it.Number))
		accepted = append(accepted, map[string]any{"origin": 1, "number": it.Number, "carrier": carrier, "tag": it.Tag})
	}
	return map[string]any{"accepted": accepted, "rejected": rejected}
}

func (s *Server) trackInfoAnswer(items []reqItem) map[string]any {
	accepted, rejected := []any{}, []any{}
	for _, it := range items {
		k := norm(it.Number)
		if rj, ok := s.rejects["gettrackinfo "+k]; ok {
			rejected = append(rejected, map[string]any{"number": it.Number, "error": map[string]any{"code": rj.code, "message": rj.message}})
			continue
		}
		carrier, ok := s.registered[k]
		if !ok || (it.Carrier != nil && *it.Carrier != carrier) {
			rejected = append(rejected, map[string]any{"number": it.Number, "error": map[string]any{
				"code": CodeNotRegistered, "message": fmt.Sprintf("The tracking number '%s' does not register, please register first.", it.Number)}})
			continue
		}
		p := s.parcel(it.Number)
		accepted = append(accepted, map[string]any{
			"number": it.Number, "carrier": carrier, "param": nil, "tag": "",
			"track_info": s.trackInfo(p),
		})
	}
	return map[string]any{"accepted": accepted, "rejected": rejected}
}

// changed renders a parcel again after a change, so that answering a full
// batch stays cheap (a test's client may allow only half a second, under
// -race, on a busy machine); s.mu must be held.
func (s *Server) changed(p *parcel) {
	b, err := json.Marshal(s.render(p, s.now()))
	if err != nil {
		panic(err) // only our own maps: cannot fail
	}
	p.rendered = b
}

// trackInfo is a parcel's track_info as the API returns it; s.mu must be
// held.
func (s *Server) trackInfo(p *parcel) json.RawMessage {
	switch {
	case p.trackInfo != nil:
		return p.trackInfo
	case p.rendered == nil:
		s.changed(p)
	}
	return p.rendered
}

// render builds a parcel's track_info as 17TRACK shapes it.
func (s *Server) render(p *parcel, now time.Time) any {
	evs := append([]Event(nil), p.events...)
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].Time.After(evs[j].Time) }) // newest first, as 17TRACK
	status, sub := "NotFound", "NotFound_Other"
	var latest any
	if len(evs) > 0 {
		sub = evs[0].SubStatus
		status, _, _ = strings.Cut(sub, "_")
		latest = renderEvent(evs[0])
	}
	if p.status[0] != "" {
		status, sub = p.status[0], p.status[1]
	}
	// Providers in the order of their newest scan: the destination
	// carrier, which reported last, comes first.
	var order []int
	byProvider := map[int][]any{}
	for _, e := range evs {
		key := e.Provider
		if key == 0 {
			key = p.carrierOr(3011)
		}
		if _, ok := byProvider[key]; !ok {
			order = append(order, key)
		}
		byProvider[key] = append(byProvider[key], renderEvent(e))
	}
	providers := []any{}
	for _, key := range order {
		providers = append(providers, map[string]any{
			"provider":           map[string]any{"key": key, "name": providerName(key), "alias": providerName(key), "tel": nil, "homepage": nil, "country": nil},
			"service_type":       nil,
			"latest_sync_status": "Success",
			"latest_sync_time":   now.UTC().Format(time.RFC3339),
			"events_hash":        len(byProvider[key]),
			"events":             byProvider[key],
		})
	}
	var milestones []any
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].Stage != "" {
			milestones = append(milestones, map[string]any{"key_stage": evs[i].Stage, "time_iso": isoTime(evs[i]), "time_utc": evs[i].Time.UTC().Format(time.RFC3339)})
		}
	}
	var edd any
	if p.etaFrom != "" || p.etaTo != "" {
		edd = map[string]any{"source": "17TRACK", "from": nullable(p.etaFrom), "to": nullable(p.etaTo)}
	}
	return map[string]any{
		"shipping_info": map[string]any{"shipper_address": map[string]any{"country": "CN"}, "recipient_address": map[string]any{"country": "US"}},
		"latest_status": map[string]any{"status": status, "sub_status": sub, "sub_status_descr": nil},
		"latest_event":  latest,
		"time_metrics": map[string]any{
			"days_after_order": 0, "days_of_transit": 0, "days_of_transit_done": 0, "days_after_last_update": p.quietDays(now),
			"estimated_delivery_date": edd,
		},
		"milestone": milestones,
		"misc_info": miscInfo(p),
		"tracking":  map[string]any{"providers_hash": len(evs), "providers": providers},
	}
}

func renderEvent(e Event) map[string]any {
	loc := time.UTC
	if e.Zone != "" {
		if t, err := time.Parse("-07:00", e.Zone); err == nil {
			loc = t.Location()
		}
	}
	local := e.Time.In(loc)
	return map[string]any{
		"time_iso":                isoTime(e),
		"time_utc":                e.Time.UTC().Format(time.RFC3339),
		"time_raw":                map[string]any{"date": local.Format("2006-01-02"), "time": local.Format("15:04:05"), "timezone": nullable(e.Zone)},
		"description":             e.Description,
		"description_translation": nil,
		"location":                e.Location,
		"stage":                   nullable(e.Stage),
		"sub_status":              e.SubStatus,
		"address":                 map[string]any{"country": nil, "state": nil, "city": nil, "street": nil, "postal_code": nil, "coordinates": map[string]any{"longitude": nil, "latitude": nil}},
	}
}

func isoTime(e Event) string {
	if e.Zone == "" {
		return e.Time.UTC().Format(time.RFC3339)
	}
	t, err := time.Parse("-07:00", e.Zone)
	if err != nil {
		return e.Time.UTC().Format(time.RFC3339)
	}
	return e.Time.In(t.Location()).Format(time.RFC3339)
}

func providerName(key int) string {
	switch key {
	case 3011:
		return "China Post"
	case 21051:
		return "USPS"
	case 190271:
		return "Cainiao"
	}
	return fmt.Sprintf("Carrier %d", key)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func errorBody(code int, message string) map[string]any {
	return map[string]any{"code": code, "data": map[string]any{"errors": []any{map[string]any{"code": code, "message": message}}}}
}

var _ contract.Fake = (*Server)(nil)

// changeItem is one element of a changecarrier body: "number", "carrier_old"
// (optional: which of the number's registrations), "carrier_new", and the
// last-mile pair "final_carrier_old"/"final_carrier_new"
// (https://asset.17track.net/api/document/v2.2_en/index.html#changecarrier).
type changeItem struct {
	Number          string `json:"number"`
	CarrierOld      *int   `json:"carrier_old"`
	CarrierNew      *int   `json:"carrier_new"`
	FinalCarrierOld *int   `json:"final_carrier_old"`
	FinalCarrierNew *int   `json:"final_carrier_new"`
}

// changeCarrierOp is POST /track/v2.2/changecarrier: it moves a registered
// number to another carrier, at no quota ("Free for up to 5 changes to
// shipment carriers; no quota deduction", help.17track.net "Quota Deduction
// Standards and Rules"). A number not registered (under carrier_old, when
// given) is refused with -18019902. 17TRACK documents a limit of five
// changes a number; the code it refuses a sixth with could not be
// confirmed, so the fake does not enforce it. A gettrackinfo refusal with
// -18019903 scripted by Reject ends once the carrier is set: the docs do
// not say whether gettrackinfo gives that code, so only tests script it.
func (s *Server) changeCarrierOp(w http.ResponseWriter, body []byte) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var items []changeItem
	if err := dec.Decode(&items); err != nil || items == nil {
		fakekit.WriteJSON(w, http.StatusOK, errorBody(CodeInvalidData, fmt.Sprintf("Invalid submitted data: %v", err)))
		return
	}
	s.CountBatch(len(items))
	if len(items) > s.batch {
		fakekit.WriteJSON(w, http.StatusOK, errorBody(CodeTooManyNumbers, fmt.Sprintf("The number of tracking numbers exceeds the limit of %d.", s.batch)))
		return
	}
	for i, it := range items {
		if strings.TrimSpace(it.Number) == "" || it.CarrierNew == nil || *it.CarrierNew <= 0 {
			fakekit.WriteJSON(w, http.StatusOK, errorBody(CodeInvalidData, fmt.Sprintf("Invalid submitted data: item %d needs number and carrier_new", i)))
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	accepted, rejected := []any{}, []any{}
	for _, it := range items {
		k := norm(it.Number)
		old, ok := s.registered[k]
		if !ok || (it.CarrierOld != nil && *it.CarrierOld != old) {
			rejected = append(rejected, map[string]any{"number": it.Number, "error": map[string]any{
				"code": CodeNotRegistered, "message": fmt.Sprintf("The tracking number '%s' does not register, please register first.", it.Number)}})
			continue
		}
		s.registered[k] = *it.CarrierNew
		s.changes[k]++
		if rj, ok := s.rejects["gettrackinfo "+k]; ok && rj.code == CodeCarrierUnknown {
			delete(s.rejects, "gettrackinfo "+k)
		}
		accepted = append(accepted, map[string]any{"number": it.Number, "carrier_old": old, "carrier_new": *it.CarrierNew})
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"code": 0, "data": map[string]any{"accepted": accepted, "rejected": rejected}})
}
