// Package kuaidi100fake is a local stand-in for Kuaidi100's real-time query
// (POST /poll/query.do), its subscription (POST /poll, subscribe.go) and a
// sender of its subscription pushes, for tests of the kuaidi100 adapter and
// of anything that drives it. It checks the form fields and the signature
// exactly as documented, answers with the documented trail and returnCode
// bodies, and gives the failures contract.Fault names: the bad-key fault is
// returnCode 503 (signature check failed), the quota fault returnCode 601
// (key expired: no queries left).
//
// Sources: the real-time query document
// https://api.kuaidi100.com/document/5f0ffb5ebc8da837cbd8aefc (also at
// https://apifox.com/apidoc/project-514987/api-8562559), the subscription
// and push documents https://apifox.com/apidoc/project-514987/api-8567477
// and https://apifox.com/apidoc/project-514987/api-8568518, and the
// official SDKs github.com/kuaidi100-api/go-demo (base/query.go,
// base/poll.go) and github.com/kuaidi100-api/java-demo.
package kuaidi100fake

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime"
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

// Key and Customer are the credentials the fake accepts.
const (
	Key      = "kd100-fake-key"
	Customer = "KD100FAKECUSTOMER0001"
)

// Path is the documented query path.
const Path = "/poll/query.do"

// DefaultMinInterval is Kuaidi100's advice for one number: query it at most
// every half hour, or it gets locked. Faster repeat queries of a number
// count as OverLimit.
const DefaultMinInterval = 30 * time.Minute

// Event is one trail entry as Kuaidi100 sends it, copied verbatim.
type Event struct {
	Time       string // China local time, "2006-01-02 15:04:05"
	Context    string
	Location   string
	AreaName   string
	Status     string // state name, e.g. 在途 (sent with resultv2 ≥ 1)
	StatusCode string // advanced state, e.g. 1002 (sent with resultv2 = 4)
}

// Trail is what the fake answers for one number.
type Trail struct {
	Com   string // "" answers whatever com is asked
	State string // overall state; "" takes the newest event's code
	// Phone is the phone on the waybill, "" when the carrier asks for
	// none. The query document says SF Express (顺丰速运, 顺丰快运) and
	// ZTO (中通快递) must be sent the sender's or recipient's phone; the
	// java-demo's SubscribeParameters says its last four digits will do
	// ("也可以填写后四位"), and the query document asks for the last four
	// of a marketplace's virtual number. The fake takes the whole number's
	// digits or its last four, and answers 408 to anything else.
	Phone string
	// BadData makes the fake answer the documented 400 for this number:
	// "提交的数据不完整，或者贵公司没授权" (incomplete data, or your company is
	// not authorised), the one text the query document gives for 400.
	// Kuaidi100 gives it for a number's own bad data as well as for an
	// account without the product, so it says nothing sure of the account.
	BadData bool
	Events  []Event
}

// Request is one query as the fake saw it.
type Request struct {
	Method      string
	Path        string
	ContentType string
	Form        url.Values
	Param       map[string]string // param decoded; nil when it was not JSON
}

// Server is a running fake.
type Server struct {
	fakekit.Base
	batch int

	mu       sync.Mutex
	trails   map[string]Trail
	reqs     fakekit.Log[Request]
	minGap   time.Duration
	lastSeen map[string]time.Time
	quota    int
	calls    int

	subMu   sync.Mutex
	subs    []Subscription
	polling map[string]Subscription // company|number → the subscription followed
	refuse  map[string]string       // number → the code its subscription gets
}

// New starts a fake that takes batchSize numbers per query (Kuaidi100
// takes one; 0 means that) and stops it when t ends.
func New(t testing.TB, batchSize int) *Server {
	if batchSize <= 0 {
		batchSize = 1
	}
	s := &Server{
		batch:    batchSize,
		trails:   map[string]Trail{},
		minGap:   DefaultMinInterval,
		lastSeen: map[string]time.Time{},
	}
	s.Start(t, s.serve)
	return s
}

// Key is the key the fake accepts; the customer is Customer.
func (s *Server) Key() string { return Key }

// SetMinInterval sets how soon a number may be queried again before the
// query counts as OverLimit; 0 stops counting.
func (s *Server) SetMinInterval(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.minGap = d
}

// SetQuota makes every query after the first n get returnCode 601.
func (s *Server) SetQuota(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.quota = n
}

// Add sets the trail of number.
func (s *Server) Add(number string, tr Trail) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tr.Events = append([]Event(nil), tr.Events...)
	s.trails[number] = tr
}

// AddEvents appends raw entries to number's trail, creating it.
func (s *Server) AddEvents(number string, evs ...Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tr := s.trails[number]
	tr.Events = append(tr.Events, evs...)
	s.trails[number] = tr
}

var china = time.FixedZone("CST", 8*3600)

// ChinaTime formats t as Kuaidi100 does: China local time, no zone.
func ChinaTime(t time.Time) string { return t.In(china).Format("2006-01-02 15:04:05") }

// AddDelivered gives number a China Post international trail from Shenzhen
// to New York that ends signed for, and returns its number of entries.
func (s *Server) AddDelivered(number string, shipped time.Time) int {
	at := func(d time.Duration) string { return ChinaTime(shipped.Add(d)) }
	h := time.Hour
	evs := []Event{
		{at(1 * h), "【深圳市】深圳国际小包中心已收寄", "广东,深圳市", "广东,深圳市", "揽收", "103"},
		{at(6 * h), "【深圳市】离开深圳国际互换局，发往美国", "广东,深圳市", "广东,深圳市", "在途", "1002"},
		{at(20 * h), "【深圳市】出口海关申报中", "广东,深圳市", "广东,深圳市", "清关", "11"},
		{at(26 * h), "【深圳市】出口海关已放行", "广东,深圳市", "广东,深圳市", "清关", "12"},
		{at(72 * h), "Arrived at destination country, NEW YORK NY", "NEW YORK NY", "美国,纽约", "在途", "1001"},
		{at(96 * h), "Out for delivery, NEW YORK NY 10001", "NEW YORK NY", "美国,纽约", "派件", "5"},
		{at(102 * h), "Delivered, front door, NEW YORK NY 10001", "NEW YORK NY", "美国,纽约", "签收", "301"},
	}
	s.Add(number, Trail{State: "3", Events: evs})
	return len(evs)
}

// AddRefused gives number a trail the recipient refused (拒签, state 14)
// that then goes back to the sender (退回, 6) and is signed for there
// (退签, 4), and returns its number of entries. The state table of the
// query document lists 14 as "收件人拒签快件": the recipient refused it,
// which is not yet the parcel's end.
func (s *Server) AddRefused(number string, shipped time.Time) int {
	at := func(d time.Duration) string { return ChinaTime(shipped.Add(d)) }
	h := time.Hour
	evs := []Event{
		{at(1 * h), "【深圳市】已揽收", "广东,深圳市", "广东,深圳市", "揽收", "103"},
		{at(30 * h), "【上海市】派件中", "上海,上海市", "上海,上海市", "派件", "5"},
		{at(34 * h), "【上海市】收件人拒收，拒签", "上海,上海市", "上海,上海市", "拒签", "14"},
		{at(40 * h), "【上海市】退回寄件人", "上海,上海市", "上海,上海市", "退回", "6"},
		{at(70 * h), "【深圳市】寄件人已签收退件", "广东,深圳市", "广东,深圳市", "退签", "4"},
	}
	s.Add(number, Trail{State: "4", Events: evs})
	return len(evs)
}

// PhoneMatches reports whether sent answers a waybill phone want: no phone
// is needed when want is "", else the digits of sent must be want's or
// their last four (see Trail.Phone).
func PhoneMatches(want, sent string) bool {
	if want == "" {
		return true
	}
	w, g := digitsOf(want), digitsOf(sent)
	return g != "" && (g == w || len(w) >= 4 && g == w[len(w)-4:])
}

func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Requests returns every query the fake saw, oldest first.
func (s *Server) Requests() []Request { return s.reqs.All() }

// sign is the documented query signature.
func sign(param, key, customer string) string {
	sum := md5.Sum([]byte(param + key + customer))
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

func vendorError(w http.ResponseWriter, code, msg string) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	json.NewEncoder(w).Encode(map[string]any{"result": false, "returnCode": code, "message": msg})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	s.CountRequest()
	fault := s.NextFault()

	if r.URL.Path == SubscribePath {
		s.subscribe(w, r, fault, now)
		return
	}
	if r.URL.Path != Path {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	ct := r.Header.Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(ct)
	r.ParseForm()
	rec := Request{Method: r.Method, Path: r.URL.Path, ContentType: ct, Form: r.PostForm}
	var param map[string]any
	if json.Unmarshal([]byte(r.PostForm.Get("param")), &param) == nil {
		rec.Param = map[string]string{}
		for k, v := range param {
			rec.Param[k] = fmt.Sprint(v)
		}
	}
	s.reqs.Add(rec)

	if s.PlainFault(w, r, fault, now) {
		return
	}
	switch fault {
	case contract.FaultBadJSON:
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body>系统繁忙</body></html>"))
		return
	case contract.FaultQuota:
		vendorError(w, "601", "POLL:KEY已过期")
		return
	case contract.FaultAuthCode:
		s.CountBadAuth()
		vendorError(w, "503", "验证签名失败")
		return
	}

	if mt != "application/x-www-form-urlencoded" {
		vendorError(w, "400", "提交的数据不完整，或者贵公司没授权")
		return
	}
	form := r.PostForm
	p := form.Get("param")
	if form.Get("customer") != Customer || form.Get("sign") != sign(p, Key, Customer) {
		s.CountBadAuth()
		vendorError(w, "503", "验证签名失败")
		return
	}
	s.mu.Lock()
	s.calls++
	over := s.quota > 0 && s.calls > s.quota
	s.mu.Unlock()
	if over {
		vendorError(w, "601", "POLL:KEY已过期")
		return
	}
	var q struct {
		Com      string `json:"com"`
		Num      string `json:"num"`
		Phone    string `json:"phone"`
		ResultV2 string `json:"resultv2"`
	}
	if err := json.Unmarshal([]byte(p), &q); err != nil {
		vendorError(w, "400", "提交的数据不完整，或者贵公司没授权")
		return
	}
	nums := strings.Split(q.Num, ",")
	s.CountBatch(len(nums))
	switch {
	case q.Com == "":
		vendorError(w, "400", "找不到对应公司")
		return
	case len(nums) > s.batch:
		vendorError(w, "400", "提交的数据不完整")
		return
	case len(q.Num) < 6 || len(q.Num) > 32:
		vendorError(w, "400", "单号不合规")
		return
	}
	s.mu.Lock()
	last, seen := s.lastSeen[q.Num]
	tooSoon := seen && s.minGap > 0 && now.Sub(last) < s.minGap
	s.lastSeen[q.Num] = now
	tr, ok := s.trails[q.Num]
	s.mu.Unlock()
	if tooSoon {
		s.CountOverLimit()
	}
	if ok && tr.BadData {
		vendorError(w, "400", "提交的数据不完整，或者贵公司没授权")
		return
	}
	if !ok || (tr.Com != "" && tr.Com != q.Com) || len(tr.Events) == 0 {
		vendorError(w, "500", "查询无结果，请隔段时间再查")
		return
	}
	if !PhoneMatches(tr.Phone, q.Phone) {
		vendorError(w, "408", "快递公司参数异常：验证码错误")
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	json.NewEncoder(w).Encode(Render(q.Num, q.Com, q.ResultV2, tr))
}

// Render is the documented success answer (and push lastResult) for a
// trail: entries newest first, state names with resultv2 ≥ 1, advanced
// codes and regions with resultv2 = 4.
func Render(number, com, resultv2 string, tr Trail) map[string]any {
	evs := append([]Event(nil), tr.Events...)
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].Time > evs[j].Time })
	data := make([]any, len(evs))
	state := tr.State
	for i, e := range evs {
		d := map[string]any{"time": e.Time, "ftime": e.Time, "context": e.Context}
		if resultv2 != "" && resultv2 != "0" {
			d["status"] = e.Status
			d["location"] = e.Location
			d["areaName"] = e.AreaName
		}
		if resultv2 == "4" || resultv2 == "8" {
			d["statusCode"] = e.StatusCode
		}
		data[i] = d
	}
	if state == "" && len(evs) > 0 {
		state = evs[0].StatusCode
	}
	ischeck := "0"
	if strings.HasPrefix(state, "3") {
		ischeck = "1"
	}
	if com == "" {
		com = tr.Com
	}
	return map[string]any{
		"message": "ok", "nu": number, "ischeck": ischeck, "condition": "F00",
		"com": com, "status": "200", "state": state, "data": data,
	}
}

// SignPush is the documented push signature, MD5(param + salt) in
// upper-case hex.
func SignPush(param, salt string) string {
	sum := md5.Sum([]byte(param + salt))
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// PushForm builds the form Kuaidi100 posts to a callback for number's
// trail: param with status (polling, shutdown, abort, updateall) and the
// trail as lastResult, and sign over salt.
func (s *Server) PushForm(number, status, salt string) url.Values {
	s.mu.Lock()
	tr := s.trails[number]
	s.mu.Unlock()
	last := Render(number, tr.Com, "4", tr)
	b, _ := json.Marshal(map[string]any{
		"status": status, "billstatus": "got", "message": "", "autoCheck": "0",
		"comOld": "", "comNew": "", "lastResult": last,
	})
	param := string(b)
	return url.Values{"param": {param}, "sign": {SignPush(param, salt)}}
}

// Push posts number's trail to callback as Kuaidi100 would.
func (s *Server) Push(ctx context.Context, callback, number, status, salt string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, callback, strings.NewReader(s.PushForm(number, status, salt).Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return http.DefaultClient.Do(req)
}

var _ contract.Fake = (*Server)(nil)
