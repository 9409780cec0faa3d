// Package dhl is the adapter for DHL's Shipment Tracking – Unified API
// ("UTAPI"), our service slug "dhl".
//
// One GET /track/shipments?trackingNumber=N per number, authenticated by the
// DHL-API-Key header. The API takes exactly one trackingNumber per call: the
// OpenAPI spec (track v1.5.x) has no batch parameter, and offset/limit page
// through the shipments that match one number, so BatchSize is 1 and Track
// makes one call per request. A 404 answer means DHL knows nothing of the
// number yet and becomes TrackResult.NotFound.
//
// DHL documents no push for this API in our scope, so the adapter has no
// Webhook.
//
// # Limits
//
// The Starter service level allows 250 calls a day and one call every five
// seconds; going over either is answered with HTTP 429 and the same problem
// body. DHL documents no separate signal for the daily quota, so the adapter
// reports a 429 as rate limited unless the problem text names a daily quota
// (see quotaText). The quota resets at 00:00 GMT.
package dhl

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"waybill/carriers/carrierhttp"
	"waybill/tracker"
)

// Slug is our name for the service, in config ([carriers.dhl]) and errors.
const Slug = "dhl"

// DefaultBaseURL is DHL's documented production host.
const DefaultBaseURL = "https://api-eu.dhl.com"

// Path is the documented path of the one operation.
const Path = "/track/shipments"

// MaxBatch is how many numbers one call takes: the API has a single
// trackingNumber parameter.
const MaxBatch = 1

// Services are the values DHL documents for the service query parameter.
var Services = []string{
	"dgf", "dsc", "ecommerce", "ecommerce-apac", "ecommerce-europe", "ecommerce-iberia",
	"ecommerce-ppl", "express", "freight", "parcel-de", "parcel-nl", "parcel-pl",
	"parcel-uk", "post-de", "post-international", "sameday", "svb",
}

// serviceFor is the DHL service to ask for a request when the config fixes
// none. Without a service DHL searches every business unit, and may answer
// with another unit's shipment that reuses the number (DHL support: "When
// tracking a DHL shipment ID, I receive a body response from a different
// shipment ID"); Express waybill numbers (ten digits) are the ones that
// collide, so those are narrowed to express. Other DHL numbers (piece ids,
// eCommerce numbers that belong to one of several regional units) are left
// to DHL's search rather than risk a wrong unit's 404.
func serviceFor(req tracker.TrackRequest) string {
	n := strings.TrimSpace(req.TrackingNo)
	if req.Carrier != "dhl-express" || len(n) != 10 {
		return ""
	}
	for _, r := range n {
		if r < '0' || r > '9' {
			return ""
		}
	}
	return "express"
}

// Query holds DHL's optional query parameters.
type Query struct {
	// Service narrows every call to one DHL business unit; "" narrows
	// DHL Express waybill numbers to express and lets DHL search all units
	// for the rest (see serviceFor).
	Service string
	// Language asks for descriptions in this language (ISO 639-1, e.g. "en",
	// "de"); "" is DHL's default, English.
	Language string
	// RecipientPostalCode, when set, gives the recipient's postal code for a
	// request; DHL then shows more detail for Post & Parcel Germany
	// shipments, whose places are otherwise hidden since v1.5.0.
	RecipientPostalCode func(tracker.TrackRequest) string
}

// Carrier tracks parcels through the Unified API.
type Carrier struct {
	client *carrierhttp.Client
	key    string
	batch  int
	query  Query
}

// New returns the adapter for o with DHL's default query parameters.
func New(o carrierhttp.Options) (*Carrier, error) { return NewWithQuery(o, Query{}) }

// NewWithQuery returns the adapter for o, adding q to every call.
func NewWithQuery(o carrierhttp.Options, q Query) (*Carrier, error) {
	key := strings.TrimSpace(o.APIKey)
	if key == "" {
		return nil, errors.New("carriers.dhl.api_key is empty: set the DHL-API-Key (the Consumer Key of your app on developer.dhl.com)")
	}
	batch := o.BatchSize
	switch {
	case batch < 0:
		return nil, fmt.Errorf("carriers.dhl.batch_size %d is negative", batch)
	case batch == 0:
		batch = MaxBatch
	case batch > MaxBatch:
		return nil, fmt.Errorf("carriers.dhl.batch_size %d: DHL Unified takes %d tracking number per call", batch, MaxBatch)
	}
	if q.Service != "" && !validService(q.Service) {
		return nil, fmt.Errorf("carriers.dhl service %q: want one of %s", q.Service, strings.Join(Services, ", "))
	}
	c, err := carrierhttp.New(Slug, DefaultBaseURL, o.BaseURL, o.Timeout)
	if err != nil {
		return nil, err
	}
	c.HTTP = o.HTTP
	c.Redact(key)
	return &Carrier{client: c, key: key, batch: batch, query: q}, nil
}

func validService(s string) bool {
	for _, v := range Services {
		if s == v {
			return true
		}
	}
	return false
}

// Name is the service slug.
func (c *Carrier) Name() string { return Slug }

// BatchSize is how many requests one call carries.
func (c *Carrier) BatchSize() int { return c.batch }

// Track asks DHL about each request in turn, one call per number, and returns
// one result per request in order. A call-level failure (auth, rate limit,
// quota, server, timeout, unreadable answer) stops the batch and returns the
// *tracker.CarrierError with no results; a number DHL does not know is
// NotFound; a number DHL refuses (400) gets its own Err.
func (c *Carrier) Track(ctx context.Context, reqs []tracker.TrackRequest) ([]tracker.TrackResult, error) {
	return carrierhttp.TrackEach(ctx, Slug, reqs, c.trackOne)
}

// request builds the documented GET for one number.
func (c *Carrier) request(req tracker.TrackRequest) (*http.Request, error) {
	q := url.Values{"trackingNumber": {strings.TrimSpace(req.TrackingNo)}}
	service := c.query.Service
	if service == "" {
		service = serviceFor(req)
	}
	if service != "" {
		q.Set("service", service)
	}
	if c.query.Language != "" {
		q.Set("language", c.query.Language)
	}
	if c.query.RecipientPostalCode != nil {
		if pc := strings.TrimSpace(c.query.RecipientPostalCode(req)); pc != "" {
			q.Set("recipientPostalCode", pc)
		}
	}
	r, err := http.NewRequest(http.MethodGet, c.client.URL(Path, q), nil)
	if err != nil {
		return nil, err
	}
	r.Header.Set("Accept", "application/json")
	r.Header.Set("DHL-API-Key", c.key)
	return r, nil
}

func (c *Carrier) trackOne(ctx context.Context, req tracker.TrackRequest) (tracker.TrackResult, error) {
	res := tracker.TrackResult{TrackingNo: req.TrackingNo}
	if strings.TrimSpace(req.TrackingNo) == "" {
		res.Err = errors.New("dhl: empty tracking number")
		return res, nil
	}
	hr, err := c.request(req)
	if err != nil {
		return res, c.client.Fail(tracker.FailRequest, 0, fmt.Errorf("build request for %q: %w", req.TrackingNo, err))
	}
	body, err := c.client.Do(ctx, hr)
	if err != nil {
		return c.classify(req, err)
	}
	got, err := Decode(body, req.TrackingNo)
	if err != nil {
		return res, c.client.Fail(tracker.FailMalformed, 0, fmt.Errorf("track %q: %w in %s", req.TrackingNo, err, carrierhttp.Snippet(body)))
	}
	got.TrackingNo = req.TrackingNo
	return got, nil
}

// classify turns what carrierhttp made of a non-2xx answer into DHL's
// meaning: 404 with DHL's problem body is "not found", 400 is this number's
// own problem, 429 is a rate limit or, when the text says so, the daily
// quota. Everything else keeps carrierhttp's kind.
func (c *Carrier) classify(req tracker.TrackRequest, err error) (tracker.TrackResult, error) {
	res := tracker.TrackResult{TrackingNo: req.TrackingNo}
	var ce *tracker.CarrierError
	if !errors.As(err, &ce) {
		return res, err // our own cancellation
	}
	p := problemOf(ce)
	switch ce.Status {
	case http.StatusNotFound:
		// A 404 from a wrong base_url (a proxy, a typo) has no DHL problem
		// body; calling that "not found" would hide the misconfiguration
		// behind an ever-empty parcel.
		if p.notFound() {
			res.NotFound = true
			return res, nil
		}
		ce.Kind = tracker.FailRequest
		ce.Err = fmt.Errorf("404 without DHL's problem body (check base_url): %w", ce.Err)
		return res, ce
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		res.Err = fmt.Errorf("dhl refused %q (HTTP %d): %s", req.TrackingNo, ce.Status, firstNonEmpty(p.Detail, p.Title, ce.Err.Error()))
		return res, nil
	case http.StatusTooManyRequests:
		if quotaText(p.Title + " " + p.Detail + " " + ce.Err.Error()) {
			ce.Kind = tracker.FailQuota
			ce.Err = fmt.Errorf("daily quota used up, DHL resets it at 00:00 GMT (in %s): %w",
				untilMidnightUTC(time.Now()).Round(time.Minute), ce.Err)
			ce.RetryAfter = 0
		}
		return res, ce
	}
	return res, ce
}

// quotaText reports whether a 429's text speaks of the daily quota rather
// than the per-second rate. DHL's documented 429 detail is "Too many requests
// within defined time period, please try again later." for both; this is a
// heuristic that only catches answers that say more.
func quotaText(s string) bool {
	s = strings.ToLower(s)
	for _, w := range []string{"quota", "daily", "per day", "calls/day", "a day", "today"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func untilMidnightUTC(now time.Time) time.Duration {
	now = now.UTC()
	next := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
	return next.Sub(now)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

var _ tracker.Carrier = (*Carrier)(nil)
