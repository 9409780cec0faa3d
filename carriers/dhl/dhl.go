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
// The Starter service level allows 250 calls a day and at most 1 call a
// second (https://developer.dhl.com/api-reference/shipment-tracking, "Rate
// limits"; higher levels allow more of both, see SetRate); going over either
// is answered with the same HTTP 429 and the same problem body, and DHL
// documents no header or text that tells them apart. Once the day's calls
// are used up, every call is refused "until the next day"
// (https://support-developer.dhl.com/support/solutions/articles/47001224416),
// and the count resets at 00:00 GMT (support-developer.dhl.com, "At what
// time does the daily limit of the quota resets?").
//
// So the adapter tells them apart by waiting: after a 429 it waits DHL's
// interval between calls (a tenth more, for network jitter) and asks once
// more. A second 429 cannot be the per-second limit, so it is the daily
// quota: a FailQuota whose RetryAfter runs to the next 00:00 GMT, and the
// refresher pauses DHL until then instead of asking about once a second
// until midnight. A 429 that asks, by Retry-After, for a longer wait than
// the interval is left a rate limit of that length (DHL documents no
// Retry-After; a proxy may send one).
package dhl

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
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

// DefaultInterval is the Starter service level's spacing between calls: 1
// call a second.
const DefaultInterval = time.Second

// QuotaReason is why DHL is paused once its daily quota is used up, as the
// status bar and `waybill refresh` show it.
const QuotaReason = tracker.ReasonQuotaDailyGMT

// Carrier tracks parcels through the Unified API.
type Carrier struct {
	client *carrierhttp.Client
	key    string
	batch  int
	query  Query

	// check is held while a 429 is checked (the wait, the second call):
	// one check at a time, and no other call meanwhile, so that workers
	// asking at once make one check between them and learn its verdict.
	check chan struct{}

	mu         sync.Mutex
	interval   time.Duration // DHL's spacing between calls for this key
	hold       time.Time     // no call before this: the interval after a check
	quotaUntil time.Time     // the quota is known used up until this 00:00 GMT
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
	return &Carrier{client: c, key: key, batch: batch, query: q, interval: DefaultInterval, check: make(chan struct{}, 1)}, nil
}

// SetRate sets how many calls a second DHL allows this key (the config's
// rate_per_second, for a service level above Starter's 1): after a 429 the
// adapter waits one such interval before it asks again. 0 or less keeps
// the Starter level's.
func (c *Carrier) SetRate(perSecond float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.interval = DefaultInterval
	if perSecond > 0 {
		c.interval = time.Duration(float64(time.Second) / perSecond)
	}
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
	body, err := c.send(ctx, req)
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

// send asks DHL about one number; after a 429 that asks for no longer wait
// than DHL's interval (DHL's own ask for none), it waits the interval and
// asks once more, and a second 429 is the daily quota (see the package
// comment): this call's error, and every call's until 00:00 GMT without
// asking DHL.
func (c *Carrier) send(ctx context.Context, req tracker.TrackRequest) ([]byte, error) {
	body, err := c.call(ctx, req)
	wait, ok := c.retryWait(err)
	if !ok {
		return body, err
	}
	if err := c.lockCheck(ctx); err != nil {
		return nil, fmt.Errorf("%s track %q: %w", Slug, req.TrackingNo, err)
	}
	defer c.unlockCheck()
	if qerr := c.knownQuota(); qerr != nil {
		return nil, qerr // another worker's check, meanwhile
	}
	if err := sleep(ctx, wait); err != nil {
		return nil, fmt.Errorf("%s track %q: %w", Slug, req.TrackingNo, err)
	}
	body, err = c.do(ctx, req)
	now := time.Now()
	c.mu.Lock()
	// The refresher spaced its calls without counting this one: the next
	// keeps DHL's interval from it.
	c.hold = now.Add(c.interval)
	var ce *tracker.CarrierError
	quota := errors.As(err, &ce) && ce.Status == http.StatusTooManyRequests
	if quota {
		c.quotaUntil = now.Add(untilMidnightUTC(now))
	}
	c.mu.Unlock()
	if quota {
		ce.Kind = tracker.FailQuota
		ce.RetryAfter = untilMidnightUTC(now)
		ce.Err = &tracker.QuotaUsedUp{Reason: QuotaReason, Err: fmt.Errorf(
			"429 again after waiting %s, DHL's interval between calls; asking again at %s (in %s): %w",
			wait.Round(time.Millisecond), now.Add(ce.RetryAfter).Format("2006-01-02 15:04 MST"), ce.RetryAfter.Round(time.Minute), ce.Err)}
	}
	return body, err
}

// call sends the documented GET for one number, unless the quota is known
// used up, once any check in progress is over, and no sooner than hold.
func (c *Carrier) call(ctx context.Context, req tracker.TrackRequest) ([]byte, error) {
	if err := c.lockCheck(ctx); err != nil {
		return nil, fmt.Errorf("%s track %q: %w", Slug, req.TrackingNo, err)
	}
	c.unlockCheck()
	if qerr := c.knownQuota(); qerr != nil {
		return nil, qerr
	}
	c.mu.Lock()
	hold := c.hold
	c.mu.Unlock()
	if err := sleep(ctx, time.Until(hold)); err != nil {
		return nil, fmt.Errorf("%s track %q: %w", Slug, req.TrackingNo, err)
	}
	return c.do(ctx, req)
}

// do sends the documented GET for one number.
func (c *Carrier) do(ctx context.Context, req tracker.TrackRequest) ([]byte, error) {
	hr, err := c.request(req)
	if err != nil {
		return nil, c.client.Fail(tracker.FailRequest, 0, fmt.Errorf("build request for %q: %w", req.TrackingNo, err))
	}
	return c.client.Do(ctx, hr)
}

func (c *Carrier) lockCheck(ctx context.Context) error {
	select {
	case c.check <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *Carrier) unlockCheck() { <-c.check }

// knownQuota is the quota failure while the day's calls are known used up,
// nil otherwise.
func (c *Carrier) knownQuota() error {
	c.mu.Lock()
	until := c.quotaUntil
	c.mu.Unlock()
	now := time.Now()
	if !now.Before(until) {
		return nil
	}
	e := c.client.Fail(tracker.FailQuota, 0, nil)
	e.RetryAfter = until.Sub(now)
	e.Err = &tracker.QuotaUsedUp{Reason: QuotaReason, Err: fmt.Errorf(
		"not asking DHL before %s", until.Format("2006-01-02 15:04 MST"))}
	return e
}

// retryWait reports whether err is a 429 to ask again after, and how long
// to wait first: DHL's interval and a tenth more, so that network jitter
// cannot put the two calls into one of DHL's seconds.
func (c *Carrier) retryWait(err error) (time.Duration, bool) {
	var ce *tracker.CarrierError
	if !errors.As(err, &ce) || ce.Status != http.StatusTooManyRequests || ce.Kind != tracker.FailRateLimited {
		return 0, false
	}
	c.mu.Lock()
	wait := c.interval + c.interval/10
	c.mu.Unlock()
	if ce.RetryAfter > wait {
		return 0, false // asked to wait longer: the refresher pauses for it
	}
	return max(wait, ce.RetryAfter), true
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// classify turns what carrierhttp made of a non-2xx answer into DHL's
// meaning: 404 with DHL's problem body is "not found", 400 is this number's
// own problem. Everything else, 429 included (send has told the rate limit
// from the quota), keeps its kind.
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
	}
	return res, ce
}

// untilMidnightUTC is how long from now until 00:00 GMT, when DHL's day of
// calls begins again.
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
