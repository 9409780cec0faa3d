package track17fake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"waybill/carriers/contract"
	"waybill/carriers/contract/fakekit"
)

// How long 17TRACK keeps following a number without news: "Tracking stops
// automatically after 30 days of no event changes", and "15 days after
// delivery if there are no data changes"
// (https://help.17track.net/hc/en-us/articles/37524573677721-Why-tracking-stopped-How-to-restart-it).
const (
	QuietDays          = 30
	QuietDaysDelivered = 15
)

// Error codes of the lifecycle calls, from 17TRACK's error table
// (https://help.17track.net/hc/en-us/articles/37570440168473-Error-Codes-and-Troubleshooting):
// -18019904 "only stopped numbers can be retracked", -18019905 a number is
// retracked once at most, -18019906 "only tracked numbers can be stopped".
const (
	CodeRetrackNotStopped = -18019904
	CodeRetrackOnce       = -18019905
	CodeStopNotTracked    = -18019906
)

// defaultPlan is the quota_total the fake reports while SetQuota has not
// bounded registrations: the free plan's 100 numbers
// (https://help.17track.net/hc/en-us/articles/37575160271001-Quota-Deduction-Standards-and-Rules).
const defaultPlan = 100

// lifecycleOps are the v2.2 calls beyond register and gettrackinfo that the
// fake speaks: restart and stop following numbers, the plan's use, and the
// list of registered numbers with their tracking status.
var lifecycleOps = map[string]bool{"retrack": true, "stoptrack": true, "getquota": true, "gettracklist": true}

// life is whether 17TRACK still follows one number.
type life struct {
	changed   time.Time // when 17TRACK last had news of it (fake clock)
	stopped   bool
	reason    string // stop_track_reason: "Expired" (quiet too long) or "ByRequest"
	stoppedAt time.Time
	retracked bool
	// held is what the carrier reported while 17TRACK was not looking:
	// it shows once the number is followed again.
	held []Event
}

// account is the plan's use and the fake's clock.
type account struct {
	plan      int // quota_total while registrations are unbounded (SetQuota < 0)
	used      int // successful registrations
	usedToday int
	day       string        // the fake clock's day usedToday counts
	skew      time.Duration // Advance's sum: the fake's clock runs this far ahead
	retracks  int           // retrack answers that restarted a number
	stops     int           // stoptrack answers that stopped a number
}

// now is the fake's clock: the wall clock moved on by Advance.
func (s *Server) now() time.Time { return time.Now().Add(s.skew) }

// Advance moves the fake's clock on by d, as if that much time passed at
// 17TRACK: numbers without news for 30 days (15 once delivered) are no
// longer followed, and news of them is held until they are again.
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.skew += d
	s.sweep(s.now())
	for _, p := range s.parcels {
		if p.rendered != nil {
			s.changed(p) // days_after_last_update moved on
		}
	}
}

// Stopped reports whether 17TRACK has stopped following number, and why
// ("Expired" or "ByRequest").
func (s *Server) Stopped(number string) (stopped bool, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep(s.now())
	p, ok := s.parcels[norm(number)]
	if !ok {
		return false, ""
	}
	return p.stopped, p.reason
}

// Retracked reports whether number's one retrack was spent.
func (s *Server) Retracked(number string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.parcels[norm(number)]
	return ok && p.retracked
}

// Lifecycle counts the retracks and stops the fake accepted.
func (s *Server) Lifecycle() (retracks, stops int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.retracks, s.stops
}

// heard notes news of the number at t.
func (p *parcel) heard(t time.Time) { p.changed = t }

// quietDays is days_after_last_update: whole days since the last news.
func (p *parcel) quietDays(now time.Time) int {
	if p.changed.IsZero() || now.Before(p.changed) {
		return 0
	}
	return int(now.Sub(p.changed) / (24 * time.Hour))
}

// registeredNow counts a successful registration against the plan; s.mu
// must be held.
func (s *Server) registeredNow(p *parcel) {
	now := s.now()
	p.heard(now)
	s.used++
	if day := now.UTC().Format(time.DateOnly); day != s.day {
		s.day, s.usedToday = day, 0
	}
	s.usedToday++
}

// addEvents appends scans to p, or holds them while 17TRACK does not
// follow the number; s.mu must be held.
func (s *Server) addEvents(p *parcel, evs []Event) {
	if p.stopped {
		p.held = append(p.held, evs...)
		return
	}
	p.events = append(p.events, evs...)
	p.heard(s.now())
	s.changed(p)
}

// delivered reports whether the parcel's latest status is Delivered.
func (p *parcel) delivered() bool {
	if p.status[0] != "" {
		return p.status[0] == "Delivered"
	}
	var newest *Event
	for i := range p.events {
		if newest == nil || p.events[i].Time.After(newest.Time) {
			newest = &p.events[i]
		}
	}
	return newest != nil && strings.HasPrefix(newest.SubStatus, "Delivered")
}

// sweep stops following the registered numbers that have been quiet for
// too long; s.mu must be held.
func (s *Server) sweep(now time.Time) {
	for k := range s.registered {
		p := s.parcels[k]
		if p == nil || p.stopped || p.changed.IsZero() {
			continue
		}
		limit := QuietDays
		if p.delivered() {
			limit = QuietDaysDelivered
		}
		if now.Sub(p.changed) >= time.Duration(limit)*24*time.Hour {
			p.stop(now, "Expired")
		}
	}
}

func (p *parcel) stop(now time.Time, reason string) {
	p.stopped, p.reason, p.stoppedAt = true, reason, now
}

// serveLifecycle answers retrack, stoptrack, getquota and gettracklist.
func (s *Server) serveLifecycle(w http.ResponseWriter, op string, body []byte, fault contract.Fault) {
	if fault == contract.FaultQuota {
		fakekit.WriteJSON(w, http.StatusOK, errorBody(CodeQuotaUsed, "The quota is insufficient."))
		return
	}
	switch op {
	case "getquota":
		// The body is empty or an empty array; the docs show no fields.
		if b := bytes.TrimSpace(body); len(b) > 0 && string(b) != "[]" && string(b) != "{}" {
			fakekit.WriteJSON(w, http.StatusOK, errorBody(CodeInvalidData, "Invalid submitted data: getquota takes no fields"))
			return
		}
		s.mu.Lock()
		data := s.quotaData()
		s.mu.Unlock()
		fakekit.WriteJSON(w, http.StatusOK, map[string]any{"code": 0, "data": data})
	case "gettracklist":
		s.trackList(w, body)
	default:
		items, err := decodeItems("gettrackinfo", body) // {number, carrier}, as gettrackinfo
		if err != nil {
			fakekit.WriteJSON(w, http.StatusOK, errorBody(CodeInvalidData, "Invalid submitted data: "+err.Error()))
			return
		}
		s.CountBatch(len(items))
		if len(items) > s.batch {
			fakekit.WriteJSON(w, http.StatusOK, errorBody(CodeTooManyNumbers, fmt.Sprintf("The number of tracking numbers exceeds the limit of %d.", s.batch)))
			return
		}
		s.mu.Lock()
		data := s.restartOrStop(op, items)
		s.mu.Unlock()
		fakekit.WriteJSON(w, http.StatusOK, map[string]any{"code": 0, "data": data})
	}
}

// quotaData is getquota's data; s.mu must be held.
func (s *Server) quotaData() map[string]any {
	total := s.plan
	if s.quota >= 0 {
		total = s.used + s.quota
	}
	total = max(total, s.used)
	today := 0
	if s.day == s.now().UTC().Format(time.DateOnly) {
		today = s.usedToday
	}
	return map[string]any{
		"quota_total": total, "quota_used": s.used, "quota_remain": total - s.used,
		"today_used": today, "max_track_daily": 0, // 0: no daily limit
		"free_email_quota": 300, "free_email_quotaused": 0,
	}
}

// restartOrStop answers retrack or stoptrack for items; s.mu must be held.
func (s *Server) restartOrStop(op string, items []reqItem) map[string]any {
	accepted, rejected := []any{}, []any{}
	reject := func(n string, code int, msg string) {
		rejected = append(rejected, map[string]any{"number": n, "error": map[string]any{"code": code, "message": msg}})
	}
	now := s.now()
	for _, it := range items {
		k := norm(it.Number)
		carrier, ok := s.registered[k]
		if !ok || (it.Carrier != nil && *it.Carrier != carrier) {
			reject(it.Number, CodeNotRegistered, fmt.Sprintf("The tracking number '%s' does not register, please register first.", it.Number))
			continue
		}
		p := s.parcel(it.Number)
		switch {
		case op == "stoptrack" && p.stopped:
			reject(it.Number, CodeStopNotTracked, "Stop tracking is not allowed. You can only stop tracking numbers that are being tracked.")
			continue
		case op == "stoptrack":
			p.stop(now, "ByRequest")
			s.stops++
		case !p.stopped:
			reject(it.Number, CodeRetrackNotStopped, "Retrack is not allowed. You can only retrack stopped number.")
			continue
		case p.retracked:
			reject(it.Number, CodeRetrackOnce, "Retrack is not allowed. You can only retrack once.")
			continue
		default:
			p.stopped, p.reason, p.stoppedAt, p.retracked = false, "", time.Time{}, true
			s.retracks++
			// Followed again: what the carrier said meanwhile shows now.
			held := p.held
			p.held = nil
			p.events = append(p.events, held...)
			p.heard(now)
			s.changed(p)
		}
		accepted = append(accepted, map[string]any{"number": it.Number, "carrier": carrier})
	}
	return map[string]any{"accepted": accepted, "rejected": rejected}
}

// trackList answers gettracklist for the numbers its "number" field lists
// (comma-separated), or for every registered number, in one page; the
// fields are those of the v2.2 docs' example answer.
func (s *Server) trackList(w http.ResponseWriter, body []byte) {
	var q struct {
		Number string `json:"number"`
		PageNo int    `json:"page_no"`
	}
	if len(bytes.TrimSpace(body)) > 0 {
		if err := json.Unmarshal(body, &q); err != nil {
			fakekit.WriteJSON(w, http.StatusOK, errorBody(CodeInvalidData, "Invalid submitted data: "+err.Error()))
			return
		}
	}
	want := map[string]bool{}
	for _, n := range strings.Split(q.Number, ",") {
		if n = norm(n); n != "" {
			want[n] = true
		}
	}
	s.CountBatch(len(want))
	if len(want) > s.batch {
		fakekit.WriteJSON(w, http.StatusOK, errorBody(CodeTooManyNumbers, fmt.Sprintf("The number of tracking numbers exceeds the limit of %d.", s.batch)))
		return
	}
	s.mu.Lock()
	var keys []string
	for k := range s.registered {
		if len(want) == 0 || want[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	accepted := []any{}
	for _, k := range keys {
		p := s.parcels[k]
		if p == nil {
			p = s.parcel(k)
		}
		status, stopTime, stopReason := "Tracking", any(nil), any(nil)
		if p.stopped {
			status, stopTime, stopReason = "Stopped", p.stoppedAt.UTC().Format(time.RFC3339), p.reason
		}
		accepted = append(accepted, map[string]any{
			"number": k, "carrier": s.registered[k], "param": nil, "data_origin": "Api",
			"tracking_status": status, "stop_track_time": stopTime, "stop_track_reason": stopReason,
			"is_retracked": p.retracked, "carrier_change_count": 0, "tag": nil,
		})
	}
	s.mu.Unlock()
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{
		"page": map[string]any{"data_total": len(accepted), "page_total": 1, "page_no": max(1, q.PageNo), "page_size": MaxBatch},
		"code": 0,
		"data": map[string]any{"accepted": accepted, "rejected": []any{}},
	})
}
