// Package aliexpressfake is a local AliExpress Open Platform gateway for
// tests, written from ../shared/MARKETPLACES.md section A (not from the
// adapter): it verifies every request's signature as A3 says (query and
// form merged), answers /sync in the simplify=false envelopes with their
// list wrappers (A5), serves the order, dispute and extend methods (A6) and
// the token calls on /rest (A2), emits ApiCallLimit past its rate, and
// writes every time in America/Los_Angeles with DST (D).
package aliexpressfake

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // America/Los_Angeles on a machine without zoneinfo
)

// Layout is AliExpress's time format, in US Pacific for order and dispute
// times.
const Layout = "2006-01-02 15:04:05"

// Pacific is America/Los_Angeles.
var Pacific = func() *time.Location {
	l, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		panic(err)
	}
	return l
}()

// Shipment is one logistic_info_list entry.
type Shipment struct {
	No, Service string
	Sent        time.Time
}

// Order is one order as the gateway holds it.
type Order struct {
	ID, Status            string
	Created, Modified     time.Time
	BuyerLogin, BuyerName string
	FirstName, LastName   string
	BuyerCountry          string // buyer_info.country (the account's)
	ShipCountry           string // receipt_address.country (AE codes: UK, SRB…)
	Amount, Currency      string
	FreightCommitDay      int
	ServiceName           string
	Shipments             []Shipment
	OverTimeLeft          time.Time // zero: not filled
	Extended              int       // days extended so far
}

// Issue is one dispute.
type Issue struct {
	ID, OrderID, ParentOrderID, Status string
	ReasonCN, ReasonEN, BuyerLogin     string
	Created, Modified                  time.Time
	TimeoutType                        string
	TimeoutTrigger                     time.Time
	BuyerSolution, SellerSolution      string // solution_type: refund, return_and_refund
}

// Gateway is the fake. Set its fields before serving; add data with the
// methods.
type Gateway struct {
	AppKey, Secret string
	Now            func() time.Time // nil: time.Now
	// RatePerSecond bounds calls in each wall-clock second; past it the
	// answer is ApiCallLimit (A5, observed). 0: no limit.
	RatePerSecond int
	// ExtendCap is the most days an order may be extended in all (201 past
	// it); the real cap is UNCONFIRMED. 0: 30.
	ExtendCap int
	// TokenLife is expires_in of new access tokens. 0: 30 days.
	TokenLife time.Duration
	// NoPermission makes every extend answer 601.
	NoPermission bool
	// ExtendRefusal, when set, is the sub_error_code every extend answers
	// (with its A6 meaning as memo): for a refusal the fake's model cannot
	// otherwise reach from a well-formed request (200, or 100 for an order
	// it still lists).
	ExtendRefusal string

	mu      sync.Mutex
	orders  []*Order
	issues  []*Issue
	codes   map[string]bool
	access  map[string]time.Time // access token → expiry
	refresh map[string]bool
	serial  int
	window  int64 // the second counted in calls
	inWin   int
	fail    []map[string]string // injected error_responses, first out first
	Calls   map[string]int      // by method or path
}

func (g *Gateway) now() time.Time {
	if g.Now != nil {
		return g.Now()
	}
	return time.Now()
}

func (g *Gateway) init() {
	if g.codes == nil {
		g.codes, g.access, g.refresh, g.Calls = map[string]bool{}, map[string]time.Time{}, map[string]bool{}, map[string]int{}
	}
}

// AddOrder adds or replaces an order.
func (g *Gateway) AddOrder(o Order) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for i, old := range g.orders {
		if old.ID == o.ID {
			g.orders[i] = &o
			return
		}
	}
	g.orders = append(g.orders, &o)
}

// Order returns a copy of an order as it now stands.
func (g *Gateway) Order(id string) (Order, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, o := range g.orders {
		if o.ID == id {
			return *o, true
		}
	}
	return Order{}, false
}

// AddIssue adds a dispute.
func (g *Gateway) AddIssue(i Issue) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.issues = append(g.issues, &i)
}

// AddCode makes code a valid authorization code (once).
func (g *Gateway) AddCode(code string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.init()
	g.codes[code] = true
}

// AddToken makes an access token valid until exp, with a refresh token.
func (g *Gateway) AddToken(access, refresh string, exp time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.init()
	g.access[access] = exp
	if refresh != "" {
		g.refresh[refresh] = true
	}
}

// ExpireToken makes an access token invalid at once (code 27 from then on).
func (g *Gateway) ExpireToken(access string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.init()
	delete(g.access, access)
}

// RevokeRefresh makes every refresh token invalid.
func (g *Gateway) RevokeRefresh() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.refresh = map[string]bool{}
}

// FailNext makes the next /sync call answer this error_response
// (type, code, sub_code).
func (g *Gateway) FailNext(typ, code, subCode string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.fail = append(g.fail, map[string]string{"type": typ, "code": code, "msg": "injected", "sub_code": subCode, "sub_msg": "injected"})
}

// Sign is A3's rule: every parameter but sign and empty ones, sorted by
// key, concatenated key+value, prefixed by the API path on /rest, HMAC-SHA256
// with the app secret, upper-case hex.
func Sign(secret, apiPath string, params map[string]string) string {
	keys := make([]string, 0, len(params))
	for k, v := range params {
		if k != "sign" && v != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(apiPath)
	for _, k := range keys {
		b.WriteString(k)
		b.WriteString(params[k])
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(b.String()))
	return strings.ToUpper(hex.EncodeToString(m.Sum(nil)))
}

// Set changes the gateway's settings (ExtendRefusal, ExtendCap,
// NoPermission, …) once it serves: f runs under the lock its handler holds.
func (g *Gateway) Set(f func(g *Gateway)) {
	g.mu.Lock()
	defer g.mu.Unlock()
	f(g)
}

func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	if err := r.ParseForm(); err != nil { // merges query and form (A4)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	p := map[string]string{}
	for k, v := range r.Form {
		if len(v) > 0 {
			p[k] = v[0]
		}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.init()
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	switch {
	case r.URL.Path == "/sync":
		g.Calls[p["method"]]++
		g.sync(w, p)
	case strings.HasPrefix(r.URL.Path, "/rest/"):
		api := strings.TrimPrefix(r.URL.Path, "/rest")
		g.Calls[api]++
		g.rest(w, api, p)
	default:
		http.NotFound(w, r)
	}
}

func (g *Gateway) reqID() string {
	g.serial++
	return fmt.Sprintf("fake%08d", g.serial)
}

func write(w http.ResponseWriter, v any) {
	_ = json.NewEncoder(w).Encode(v)
}

// check verifies app key, timestamp and signature; it returns an error
// (code, msg) or "".
func (g *Gateway) check(apiPath string, p map[string]string) (string, string) {
	if p["app_key"] != g.AppKey {
		return "InvalidAppKey", "app_key unknown"
	}
	ms, err := strconv.ParseInt(p["timestamp"], 10, 64)
	if err != nil {
		return "31", "bad timestamp"
	}
	if d := g.now().Sub(time.UnixMilli(ms)); d > 7200*time.Second || d < -7200*time.Second {
		return "31", "timestamp out of range"
	}
	if m := p["sign_method"]; m != "sha256" && m != "hmac-sha256" {
		return "25", "unsupported sign_method"
	}
	if !hmac.Equal([]byte(Sign(g.Secret, apiPath, p)), []byte(p["sign"])) {
		return "IncompleteSignature", "The request signature does not conform to platform standards"
	}
	return "", ""
}

func (g *Gateway) rest(w http.ResponseWriter, api string, p map[string]string) {
	fail := func(code, msg string) {
		write(w, map[string]any{"type": "ISV", "code": code, "message": msg, "request_id": g.reqID()})
	}
	if code, msg := g.check(api, p); code != "" {
		fail(code, msg)
		return
	}
	switch api {
	case "/auth/token/create":
		if !g.codes[p["code"]] {
			fail("InvalidCode", "authorization code invalid or used")
			return
		}
		delete(g.codes, p["code"])
	case "/auth/token/refresh":
		if !g.refresh[p["refresh_token"]] {
			fail("IllegalRefreshToken", "refresh token invalid or expired")
			return
		}
		delete(g.refresh, p["refresh_token"])
	default:
		fail("InvalidApiPath", "unknown api "+api)
		return
	}
	life := g.TokenLife
	if life == 0 {
		life = 30 * 24 * time.Hour
	}
	g.serial++
	at, rt := fmt.Sprintf("AT%d", g.serial), fmt.Sprintf("RT%d", g.serial)
	g.access[at] = g.now().Add(life)
	g.refresh[rt] = true
	write(w, map[string]any{
		"code": "0", "request_id": g.reqID(),
		"access_token": at, "refresh_token": rt,
		"expires_in": int64(life / time.Second), "refresh_expires_in": int64(3 * life / time.Second),
		"expire_time": g.now().Add(life).UnixMilli(), "user_id": "2000001", "seller_id": "2000001",
		"user_nick": "fake_store", "account": "seller@example.com", "account_platform": "seller_center", "sp": "ae", "locale": "en_US",
	})
}

func (g *Gateway) sync(w http.ResponseWriter, p map[string]string) {
	fail := func(typ, code, msg, sub string) {
		e := map[string]any{"type": typ, "code": code, "msg": msg, "request_id": g.reqID()}
		if sub != "" {
			e["sub_code"], e["sub_msg"] = sub, msg
		}
		write(w, map[string]any{"error_response": e})
	}
	if code, msg := g.check("", p); code != "" {
		fail("ISV", code, msg, "")
		return
	}
	if sec := g.now().Unix(); g.RatePerSecond > 0 {
		if sec != g.window {
			g.window, g.inWin = sec, 0
		}
		g.inWin++
		if g.inWin > g.RatePerSecond {
			fail("ISV", "ApiCallLimit", "Api access frequency exceeds the limit. this ban will last 1 seconds", "")
			return
		}
	}
	if len(g.fail) > 0 {
		f := g.fail[0]
		g.fail = g.fail[1:]
		fail(f["type"], f["code"], f["msg"], f["sub_code"])
		return
	}
	if exp, ok := g.access[p["session"]]; !ok || !g.now().Before(exp) {
		fail("ISV", "27", "Invalid session", "invalid-sessionkey")
		return
	}
	method := p["method"]
	var body map[string]any
	switch method {
	case "aliexpress.trade.seller.orderlist.get":
		body = g.orderList(p)
	case "aliexpress.trade.new.redefining.findorderbyid":
		body = g.findOrder(p)
	case "aliexpress.issue.issuelist.get":
		body = g.issueList(p)
	case "aliexpress.issue.detail.get":
		body = g.issueDetail(p)
	case "aliexpress.trade.redefining.extendsbuyeracceptgoodstime":
		body = g.extend(p)
	default:
		fail("ISV", "InvalidApiName", "unknown method "+method, "")
		return
	}
	body["request_id"] = g.reqID()
	write(w, map[string]any{strings.ReplaceAll(method, ".", "_") + "_response": body})
}

func pt(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Pacific).Format(Layout)
}

// timeStamp is the answer's time_stamp (GMT+8, D).
func (g *Gateway) timeStamp() string {
	return g.now().In(time.FixedZone("GMT+8", 8*3600)).Format(Layout)
}

func listFail(code, msg string) map[string]any {
	return map[string]any{"result": map[string]any{"success": false, "error_code": code, "error_message": msg}}
}

func (g *Gateway) orderList(p map[string]string) map[string]any {
	var q struct {
		CreateStart   string   `json:"create_date_start"`
		CreateEnd     string   `json:"create_date_end"`
		ModifiedStart string   `json:"modified_date_start"`
		ModifiedEnd   string   `json:"modified_date_end"`
		Status        string   `json:"order_status"`
		StatusList    []string `json:"order_status_list"`
		Page          int      `json:"current_page"`
		PageSize      int      `json:"page_size"`
	}
	if err := json.Unmarshal([]byte(p["param_aeop_order_query"]), &q); err != nil {
		return listFail("40", "param_aeop_order_query: "+err.Error())
	}
	parse := func(s string) (time.Time, bool) {
		if s == "" {
			return time.Time{}, true
		}
		t, err := time.ParseInLocation(Layout, s, Pacific)
		return t, err == nil
	}
	cs, ok1 := parse(q.CreateStart)
	ce, ok2 := parse(q.CreateEnd)
	ms, ok3 := parse(q.ModifiedStart)
	me, ok4 := parse(q.ModifiedEnd)
	switch {
	case !ok1 || !ok2 || !ok3 || !ok4:
		return listFail("41", "dates: want yyyy-MM-dd HH:mm:ss")
	case cs.IsZero() || ce.IsZero():
		return listFail("41", "create_date_start and create_date_end are required")
	case ce.Sub(cs) > 180*24*time.Hour:
		return listFail("41", "create date window longer than 180 days")
	case q.PageSize < 1 || q.PageSize > 50:
		return listFail("41", "page_size: want 1 to 50")
	}
	if q.Page < 1 {
		q.Page = 1
	}
	statuses := q.StatusList
	if q.Status != "" {
		statuses = append(statuses, q.Status)
	}
	var hits []*Order
	for _, o := range g.orders {
		if o.Created.Before(cs) || o.Created.After(ce) || (!ms.IsZero() && o.Modified.Before(ms)) || (!me.IsZero() && o.Modified.After(me)) {
			continue
		}
		if len(statuses) > 0 {
			found := false
			for _, s := range statuses {
				found = found || s == o.Status
			}
			if !found {
				continue
			}
		} else if o.Status == "FINISH" { // FINISH only when asked for (A6)
			continue
		}
		hits = append(hits, o)
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Created.After(hits[j].Created) })
	total := len(hits)
	pages := (total + q.PageSize - 1) / q.PageSize
	from := min((q.Page-1)*q.PageSize, total)
	to := min(from+q.PageSize, total)
	items := []any{}
	for _, o := range hits[from:to] {
		id, _ := strconv.ParseInt(o.ID, 10, 64)
		items = append(items, map[string]any{
			"order_id": id, "order_status": o.Status, "gmt_create": pt(o.Created), "gmt_update": pt(o.Modified),
			"buyer_login_id": o.BuyerLogin, "buyer_signer_fullname": o.BuyerName,
			"pay_amount":   map[string]any{"amount": o.Amount, "currency_code": o.Currency},
			"product_list": map[string]any{"aeop_order_product_dto": []any{map[string]any{"child_id": id + 10000, "product_id": 1005003574624824, "product_count": 1, "logistics_service_name": o.ServiceName, "freight_commit_day": strconv.Itoa(o.FreightCommitDay), "delivery_time": "17-17"}}},
		})
	}
	return map[string]any{"result": map[string]any{
		"success": true, "total_count": total, "total_page": pages, "current_page": q.Page, "page_size": q.PageSize,
		"time_stamp": g.timeStamp(), "target_list": map[string]any{"aeop_order_item_dto": items},
	}}
}

func (g *Gateway) find(id string) *Order {
	for _, o := range g.orders {
		if o.ID == id {
			return o
		}
	}
	return nil
}

func (g *Gateway) findOrder(p map[string]string) map[string]any {
	var q struct {
		OrderID json.Number `json:"order_id"`
	}
	_ = json.Unmarshal([]byte(p["param1"]), &q)
	o := g.find(q.OrderID.String())
	if o == nil {
		return map[string]any{"time_stamp": g.timeStamp()}
	}
	var logi []any
	for _, s := range o.Shipments {
		logi = append(logi, map[string]any{"logistics_no": s.No, "logistics_service_name": s.Service, "logistics_type_code": s.Service, "gmt_send": pt(s.Sent), "receive_status": "not_received"})
	}
	id, _ := strconv.ParseInt(o.ID, 10, 64)
	t := map[string]any{
		"id": id, "order_status": o.Status, "gmt_create": pt(o.Created), "gmt_modified": pt(o.Modified),
		"buyerloginid":       o.BuyerLogin,
		"receipt_address":    map[string]any{"country": o.ShipCountry, "city": "somewhere", "contact_person": "Bad*****"},
		"buyer_info":         map[string]any{"country": o.BuyerCountry, "login_id": o.BuyerLogin, "first_name": o.FirstName, "last_name": o.LastName},
		"logistic_info_list": map[string]any{"aeop_tp_logistic_info_dto": logi},
		"child_order_list":   map[string]any{"aeop_tp_child_order_dto": []any{map[string]any{"child_order_id": strconv.FormatInt(id+10000, 10), "product_count": 1}}},
		"order_amount":       map[string]any{"amount": o.Amount, "currency_code": o.Currency},
	}
	if !o.OverTimeLeft.IsZero() {
		t["over_time_left"] = pt(o.OverTimeLeft)
	}
	return map[string]any{"time_stamp": g.timeStamp(), "target": t}
}

func (g *Gateway) issueList(p map[string]string) map[string]any {
	var q struct {
		Page     int    `json:"current_page"`
		PageSize int    `json:"page_size"`
		Status   string `json:"issue_status"`
	}
	if err := json.Unmarshal([]byte(p["query_dto"]), &q); err != nil || q.PageSize < 1 || q.PageSize > 50 {
		return map[string]any{"result": map[string]any{"success": false, "error_code": "41", "error_message": "query_dto: page_size 1 to 50"}}
	}
	if q.Page < 1 {
		q.Page = 1
	}
	var hits []*Issue
	for _, i := range g.issues {
		if q.Status == "" || i.Status == q.Status {
			hits = append(hits, i)
		}
	}
	from := min((q.Page-1)*q.PageSize, len(hits))
	to := min(from+q.PageSize, len(hits))
	items := []any{}
	for _, i := range hits[from:to] {
		items = append(items, map[string]any{
			"issue_id": json.Number(i.ID), "order_id": json.Number(i.OrderID), "parent_order_id": json.Number(i.ParentOrderID),
			"issue_status": i.Status, "reason_chinese": i.ReasonCN, "reason_english": i.ReasonEN,
			"gmt_create": pt(i.Created), "gmt_modified": pt(i.Modified), "buyer_login_id": i.BuyerLogin,
		})
	}
	return map[string]any{"result": map[string]any{
		"success": true, "current_page": q.Page, "page_size": q.PageSize, "total_item": len(hits),
		"data_list": map[string]any{"issue_api_issue_dto": items},
	}}
}

func (g *Gateway) issueDetail(p map[string]string) map[string]any {
	for _, i := range g.issues {
		if i.ID != p["issue_id"] || i.BuyerLogin != p["buyer_login_id"] {
			continue
		}
		sol := func(typ string) map[string]any {
			if typ == "" {
				return map[string]any{}
			}
			return map[string]any{"solution_api_dto": []any{map[string]any{"solution_type": typ, "refund_money": "10.00", "refund_money_currency": "USD", "status": "wait_seller_accept"}}}
		}
		r := map[string]any{
			"id": json.Number(i.ID), "order_id": json.Number(i.OrderID), "parent_order_id": json.Number(i.ParentOrderID),
			"issue_status": i.Status, "reverse_detail_status": "wait_for_seller_response", "issue_reason": i.ReasonEN,
			"buyer_solution_list": sol(i.BuyerSolution), "seller_solution_list": sol(i.SellerSolution),
		}
		if i.TimeoutType != "" {
			r["timeout_type"], r["timeout_trigger_time"] = i.TimeoutType, pt(i.TimeoutTrigger)
		}
		return map[string]any{"result": map[string]any{"result_success": true, "result_object": r}}
	}
	return map[string]any{"result": map[string]any{"result_success": false, "result_error_code": "issue_not_found"}}
}

// extendMemo is each A6 sub code's meaning, as the fake's memo.
var extendMemo = map[string]string{"100": "order not found", "200": "no matching business data",
	"201": "exceeds the allowed extension", "210": "order state does not allow extension", "601": "account has no permission"}

// extend models A6's guess: WAIT_BUYER_ACCEPT_GOODS only (IN_ISSUE,
// IN_FROZEN and the rest → 210), past the cap → 201, unknown → 100, a
// malformed request → 200, no permission → 601; success moves
// over_time_left by the days.
func (g *Gateway) extend(p map[string]string) map[string]any {
	refuse := func(code, memo string) map[string]any {
		return map[string]any{"is_success": false, "sub_error_code": code, "memo": memo}
	}
	days, err := strconv.Atoi(p["param1"])
	if g.ExtendRefusal != "" {
		return refuse(g.ExtendRefusal, extendMemo[g.ExtendRefusal])
	}
	if g.NoPermission {
		return refuse("601", "account has no permission")
	}
	if err != nil || days < 1 {
		return refuse("200", "no matching business data")
	}
	o := g.find(p["param0"])
	if o == nil {
		return refuse("100", "order not found")
	}
	if o.Status != "WAIT_BUYER_ACCEPT_GOODS" {
		return refuse("210", "order state does not allow extension")
	}
	limit := g.ExtendCap
	if limit == 0 {
		limit = 30
	}
	if o.Extended+days > limit {
		return refuse("201", "exceeds the allowed extension")
	}
	o.Extended += days
	o.OverTimeLeft = o.OverTimeLeft.Add(time.Duration(days) * 24 * time.Hour)
	o.Modified = g.now()
	return map[string]any{"is_success": true, "memo": ""}
}
