// Package shopifyfake is a local Shopify Admin GraphQL endpoint for tests,
// written from ../shared/MARKETPLACES.md section C (not from the adapter):
// POST /admin/api/{version}/graphql.json with X-Shopify-Access-Token, the
// orders connection (first/after, pageInfo, sortKey UPDATED_AT, the
// updated_at query filter), orders with their fulfillments' trackingInfo,
// the cost-based leaky bucket in extensions.cost.throttleStatus and the
// THROTTLED body, and webhook signing (X-Shopify-Hmac-SHA256).
//
// It parses queries loosely: it answers any query naming orders( with
// every field it knows, whatever the selection asks, and reads first,
// after and query from the variables (or the query text's literal
// arguments). That is enough to check what an adapter sends and reads, not
// a GraphQL validator.
//
// Fields beyond C's list (customer{displayName}, shippingAddress{name},
// totalPriceSet{shopMoney{amount currencyCode}}, createdAt) are served as
// Shopify's schema names them; they are not in MARKETPLACES.md's sources.
package shopifyfake

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Tracking is one FulfillmentTrackingInfo (C: number company url).
type Tracking struct {
	Number, Company, URL string
}

// Fulfillment is one Order.fulfillments entry.
type Fulfillment struct {
	ID            int64 // legacyResourceId; gid://shopify/Fulfillment/ID
	Status        string
	DisplayStatus string
	Created       time.Time
	Updated       time.Time
	Tracking      []Tracking
}

// Order is one order as the shop holds it.
type Order struct {
	ID                 int64  // legacyResourceId; gid://shopify/Order/ID
	Name               string // "#1001"
	Created, Updated   time.Time
	FulfillmentStatus  string // displayFulfillmentStatus
	Country            string // shippingAddress.countryCodeV2; "": no shipping address
	ShipName, Customer string
	Amount, Currency   string // totalPriceSet.shopMoney
	Fulfillments       []Fulfillment
}

// Shop is the fake. Set its fields before serving; add orders with Put.
type Shop struct {
	Token string           // the only X-Shopify-Access-Token accepted
	Now   func() time.Time // nil: time.Now
	// Bucket: MaxAvailable points, restored at RestoreRate per second
	// (C: read from throttleStatus, never hard-coded). 0: 1000 and 50, the
	// community sample's numbers.
	MaxAvailable, RestoreRate float64
	// CostPerOrder is the points one order node costs; a query's requested
	// cost is 1 + first×CostPerOrder, its actual cost 1 + nodes×CostPerOrder
	// (a simplification of Shopify's calculation). 0: 1.
	CostPerOrder float64
	// ThrottleStatusCode is the HTTP status of a THROTTLED answer (200 or
	// 429 is UNCONFIRMED in C). 0: 200.
	ThrottleStatusCode int

	mu        sync.Mutex
	orders    []*Order
	available float64
	filled    time.Time // when available was last brought up to date
	started   bool
	Calls     int // GraphQL calls answered, throttled ones included
	Throttled int // calls answered THROTTLED
}

func (s *Shop) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Shop) limits() (max, rate, per float64) {
	max, rate, per = s.MaxAvailable, s.RestoreRate, s.CostPerOrder
	if max == 0 {
		max = 1000
	}
	if rate == 0 {
		rate = 50
	}
	if per == 0 {
		per = 1
	}
	return
}

// Put adds or replaces an order (by ID).
func (s *Shop) Put(o Order) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, old := range s.orders {
		if old.ID == o.ID {
			s.orders[i] = &o
			return
		}
	}
	s.orders = append(s.orders, &o)
}

// Drain empties the bucket now, as another app sharing it would.
func (s *Shop) Drain() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refill()
	s.available = 0
}

// refill brings the bucket up to now.
func (s *Shop) refill() {
	max, rate, _ := s.limits()
	now := s.now()
	if !s.started {
		s.available, s.filled, s.started = max, now, true
		return
	}
	if d := now.Sub(s.filled).Seconds(); d > 0 {
		s.available = math.Min(max, s.available+d*rate)
	}
	s.filled = now
}

var versionRE = regexp.MustCompile(`^/admin/api/(\d{4}-\d{2}|unstable)/graphql\.json$`)

func write(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func gqlError(w http.ResponseWriter, msg string) {
	write(w, http.StatusOK, map[string]any{"errors": []any{map[string]any{"message": msg}}})
}

func (s *Shop) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !versionRE.MatchString(r.URL.Path) {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	if tok := r.Header.Get("X-Shopify-Access-Token"); tok == "" || !hmac.Equal([]byte(tok), []byte(s.Token)) {
		write(w, http.StatusUnauthorized, map[string]any{"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"})
		return
	}
	var req struct {
		Query     string         `json:"query"`
		Variables map[string]any `json:"variables"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		write(w, http.StatusBadRequest, map[string]any{"errors": "body: " + err.Error()})
		return
	}
	if !strings.Contains(req.Query, "orders(") {
		gqlError(w, "the fake answers only the orders connection")
		return
	}
	args, err := readArgs(req.Query, req.Variables)
	if err != nil {
		gqlError(w, err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Calls++
	s.refill()
	max, rate, per := s.limits()
	requested := 1 + float64(args.first)*per
	status := func(actual any) map[string]any {
		return map[string]any{"cost": map[string]any{"requestedQueryCost": requested, "actualQueryCost": actual,
			"throttleStatus": map[string]any{"maximumAvailable": max, "currentlyAvailable": math.Floor(s.available), "restoreRate": rate}}}
	}
	if requested > max {
		write(w, http.StatusOK, map[string]any{"errors": []any{map[string]any{"message": fmt.Sprintf("Query cost is %v, which exceeds the single query max cost limit (%v).", requested, max),
			"extensions": map[string]any{"code": "MAX_COST_EXCEEDED", "cost": requested, "maxCost": max}}}})
		return
	}
	if requested > s.available {
		s.Throttled++
		code := s.ThrottleStatusCode
		if code == 0 {
			code = http.StatusOK
		}
		write(w, code, map[string]any{"errors": []any{map[string]any{"message": "Throttled",
			"extensions": map[string]any{"code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits"}}},
			"extensions": status(nil)})
		return
	}
	nodes, info := s.page(args)
	actual := 1 + float64(len(nodes))*per
	s.available -= actual // the unused part of the requested cost is refunded
	write(w, http.StatusOK, map[string]any{
		"data":       map[string]any{"orders": map[string]any{"pageInfo": info, "nodes": nodes}},
		"extensions": status(actual),
	})
}

type args struct {
	first int
	after string
	since time.Time
	hasQ  bool
}

var (
	literalRE = map[string]*regexp.Regexp{
		"first": regexp.MustCompile(`orders\([^)]*\bfirst:\s*(\d+)`),
		"after": regexp.MustCompile(`orders\([^)]*\bafter:\s*"([^"]*)"`),
		"query": regexp.MustCompile(`orders\([^)]*\bquery:\s*"((?:[^"\\]|\\.)*)"`),
	}
	varRE = map[string]*regexp.Regexp{
		"first": regexp.MustCompile(`orders\([^)]*\bfirst:\s*\$(\w+)`),
		"after": regexp.MustCompile(`orders\([^)]*\bafter:\s*\$(\w+)`),
		"query": regexp.MustCompile(`orders\([^)]*\bquery:\s*\$(\w+)`),
	}
	sortRE    = regexp.MustCompile(`orders\([^)]*\bsortKey:\s*UPDATED_AT\b`)
	updatedRE = regexp.MustCompile(`^updated_at:>=\s*'?([^' ]+)'?$`)
)

// arg reads one argument of orders(…): a $variable or a literal.
func arg(q string, vars map[string]any, name string) (string, bool) {
	if m := varRE[name].FindStringSubmatch(q); m != nil {
		v, ok := vars[m[1]]
		if !ok || v == nil {
			return "", false
		}
		switch t := v.(type) {
		case string:
			return t, true
		case float64:
			return strconv.FormatFloat(t, 'f', -1, 64), true
		}
		return fmt.Sprint(v), true
	}
	if m := literalRE[name].FindStringSubmatch(q); m != nil {
		return strings.ReplaceAll(m[1], `\"`, `"`), true
	}
	return "", false
}

func readArgs(q string, vars map[string]any) (args, error) {
	var a args
	f, ok := arg(q, vars, "first")
	if !ok {
		return a, fmt.Errorf("orders: you must provide one of first or last")
	}
	n, err := strconv.Atoi(f)
	if err != nil || n < 1 || n > 250 { // C: at most 250 per page
		return a, fmt.Errorf("orders: first %q: want 1 to 250", f)
	}
	a.first = n
	a.after, _ = arg(q, vars, "after")
	if !sortRE.MatchString(q) {
		return a, fmt.Errorf("orders: the fake wants sortKey: UPDATED_AT")
	}
	if qs, ok := arg(q, vars, "query"); ok && strings.TrimSpace(qs) != "" {
		m := updatedRE.FindStringSubmatch(strings.TrimSpace(qs))
		if m == nil {
			return a, fmt.Errorf("orders: query %q: the fake reads only updated_at:>='TIME'", qs)
		}
		t, err := time.Parse(time.RFC3339, m[1])
		if err != nil {
			return a, fmt.Errorf("orders: query %q: %v", qs, err)
		}
		a.since, a.hasQ = t, true
	}
	return a, nil
}

// cursor is the sort key of a node (updatedAt, id), as Shopify's opaque
// cursors carry the last node's key: a page after it starts past that key
// even when orders change between pages.
func cursor(o *Order) string {
	return base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf("%d|%d", o.Updated.UnixNano(), o.ID)))
}

func readCursor(c string) (int64, int64, bool) {
	b, err := base64.StdEncoding.DecodeString(c)
	if err != nil {
		return 0, 0, false
	}
	a, id, ok := strings.Cut(string(b), "|")
	if !ok {
		return 0, 0, false
	}
	t, err1 := strconv.ParseInt(a, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	return t, n, err1 == nil && err2 == nil
}

func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

func (s *Shop) page(a args) ([]any, map[string]any) {
	var hits []*Order
	for _, o := range s.orders {
		if a.hasQ && o.Updated.Before(a.since) {
			continue
		}
		hits = append(hits, o)
	}
	sort.Slice(hits, func(i, j int) bool {
		if !hits[i].Updated.Equal(hits[j].Updated) {
			return hits[i].Updated.Before(hits[j].Updated)
		}
		return hits[i].ID < hits[j].ID
	})
	if t, id, ok := readCursor(a.after); a.after != "" && ok {
		i := sort.Search(len(hits), func(i int) bool {
			u := hits[i].Updated.UnixNano()
			return u > t || (u == t && hits[i].ID > id)
		})
		hits = hits[i:]
	}
	more := len(hits) > a.first
	if more {
		hits = hits[:a.first]
	}
	nodes := []any{}
	for _, o := range hits {
		nodes = append(nodes, node(o))
	}
	info := map[string]any{"hasNextPage": more, "hasPreviousPage": a.after != "", "endCursor": nil}
	if len(hits) > 0 {
		info["endCursor"] = cursor(hits[len(hits)-1])
	}
	return nodes, info
}

func node(o *Order) map[string]any {
	n := map[string]any{
		"id": fmt.Sprintf("gid://shopify/Order/%d", o.ID), "legacyResourceId": strconv.FormatInt(o.ID, 10),
		"name": o.Name, "createdAt": ts(o.Created), "updatedAt": ts(o.Updated),
		"displayFulfillmentStatus": o.FulfillmentStatus, "shippingAddress": nil, "customer": nil,
		"totalPriceSet": map[string]any{"shopMoney": map[string]any{"amount": o.Amount, "currencyCode": o.Currency}},
	}
	if o.Country != "" {
		n["shippingAddress"] = map[string]any{"countryCodeV2": o.Country, "name": o.ShipName}
	}
	if o.Customer != "" {
		n["customer"] = map[string]any{"displayName": o.Customer}
	}
	fs := []any{}
	for _, f := range o.Fulfillments {
		ti := []any{}
		for _, t := range f.Tracking {
			ti = append(ti, map[string]any{"number": t.Number, "company": t.Company, "url": t.URL})
		}
		fs = append(fs, map[string]any{
			"id": fmt.Sprintf("gid://shopify/Fulfillment/%d", f.ID), "legacyResourceId": strconv.FormatInt(f.ID, 10),
			"status": f.Status, "displayStatus": f.DisplayStatus, "createdAt": ts(f.Created), "updatedAt": ts(f.Updated),
			"trackingInfo": ti,
		})
	}
	n["fulfillments"] = fs
	return n
}

// Sign is C's webhook signature: base64(HMAC-SHA256(secret, raw body)),
// sent as X-Shopify-Hmac-SHA256.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
