// Package trackingmore is the adapter for the TrackingMore API v4
// (https://api.trackingmore.com/v4, docs at
// https://www.trackingmore.com/docs/trackingmore/d5ac362fc3cda-api-quick-start),
// an aggregator popular with China-based sellers.
//
// # What it sends
//
// The key goes in the Tracking-Api-Key header (the official SDKs'
// request.go/request.js; v2 and v3 used Trackingmore-Api-Key). TrackingMore
// follows only numbers it has been given, and bills one quota per number
// and courier created, so Track first asks for the batch's results (GET
// /v4/trackings/get?tracking_numbers=a,b,…), then creates only what is
// missing (POST /v4/trackings/batch, at most 40 a call: "Max. 40 tracking
// numbers create in one call", meta 4103 beyond) and reports those as
// NotFound until TrackingMore's first checkpoints arrive (it fetches them
// from the courier every few hours). Creating needs a courier code: ours
// maps through couriers.go, else POST /v4/couriers/detect names it (free in
// v4). "Already exists" (4101) is not an error. The batch is 40 for the
// results call too: the docs we could read give no separate maximum for
// tracking_numbers, so the create limit (and its meta 4103) is taken.
//
// Each endpoint allows 10 requests a second per account
// (support.trackingmore.com/en/article/trackingmore-api-request-rate-limit-c0ye70);
// the adapter paces its own requests to the configured rate because one
// Track call can send several. A 429 asks us to "wait 120 secs", which is
// the pause when no Retry-After comes with it.
//
// # What it reads
//
// Checkpoints come from origin_info.trackinfo and
// destination_info.trackinfo; each checkpoint's status and sub-status map
// through codes.go. destination_track_number, when it differs from the
// number, is the last-mile number (TrackResult.LastMile) under the
// destination leg's courier. delivery_status "expired" (no update for 30
// days) sets TrackResult.Stopped, and Restart retracks such numbers (POST
// /v4/trackings/retrack/{id}, which refuses others with 4113).
//
// # Errors
//
// Answers are {"meta":{"code","message"},"data":…}. meta.code decides where
// it is an error: 401/403 a rejected key, 4190 ("maximum quota
// limitation", sent with HTTP 400) a used-up plan, 429 a rate limit,
// 511–513 (HTTP 500) server errors; codes about one number (4101–4130)
// become that number's TrackResult.Err, or NotFound for 4101/4102.
//
// # Where the docs are silent
//
// v4 documents no quota or account endpoint (v2's /trackings/getuserinfo is
// gone from the v4 SDKs), so the adapter does not implement
// tracker.QuotaReader; nor an endpoint that stops following a number short
// of deleting it, so no tracker.Stopper. The webhook's header names and body
// are not in the copies of the docs we could read: see webhook.go.
package trackingmore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"waybill/carriers/carrierhttp"
	"waybill/tracker"
)

const (
	// Slug is our name for the service, in config and errors.
	Slug = "trackingmore"
	// DefaultBaseURL is the documented host; paths start with /v4.
	DefaultBaseURL = "https://api.trackingmore.com"
	// KeyHeader carries the API key in v4.
	KeyHeader = "Tracking-Api-Key"
	// MaxBatch is the most numbers one create (and one results) call takes.
	MaxBatch = 40
	// RatePerSecond is the documented default limit of each v4 endpoint.
	RatePerSecond = 10

	getPath     = "/v4/trackings/get"
	batchPath   = "/v4/trackings/batch"
	detectPath  = "/v4/couriers/detect"
	retrackPath = "/v4/trackings/retrack/"
)

// Carrier is the TrackingMore adapter. It is safe for concurrent use.
type Carrier struct {
	http  *carrierhttp.Client
	key   string
	batch int
	pace  *pacer
}

var (
	_ tracker.Carrier   = (*Carrier)(nil)
	_ tracker.Restarter = (*Carrier)(nil)
)

// New returns the adapter for o. The API key is required; BatchSize 0 means
// MaxBatch, and more is refused.
func New(o carrierhttp.Options) (*Carrier, error) {
	key := strings.TrimSpace(o.APIKey)
	if key == "" {
		return nil, fmt.Errorf("%s: carriers.%s.api_key is empty: set it (or api_key_env) to the API key from TrackingMore's Developer > API Key page", Slug, Slug)
	}
	batch := o.BatchSize
	switch {
	case batch < 0:
		return nil, fmt.Errorf("%s: carriers.%s.batch_size %d is negative", Slug, Slug, batch)
	case batch == 0:
		batch = MaxBatch
	case batch > MaxBatch:
		return nil, fmt.Errorf("%s: carriers.%s.batch_size %d: TrackingMore takes at most %d numbers a call", Slug, Slug, batch, MaxBatch)
	}
	hc, err := carrierhttp.New(Slug, DefaultBaseURL, o.BaseURL, o.Timeout)
	if err != nil {
		return nil, err
	}
	hc.HTTP = withRecorder(o.HTTP)
	if hc.HTTP.Timeout == 0 {
		hc.HTTP.Timeout = hc.Timeout
	}
	hc.Redact(key)
	c := &Carrier{http: hc, key: key, batch: batch, pace: &pacer{}}
	c.pace.setRate(RatePerSecond)
	return c, nil
}

// Name is the service's slug.
func (c *Carrier) Name() string { return Slug }

// BatchSize is the most numbers one Track call asks about in one request.
func (c *Carrier) BatchSize() int { return c.batch }

// SetRate sets how many HTTP requests a second the adapter sends at most
// (the config's rate_per_second); 0 sends without pacing.
func (c *Carrier) SetRate(perSecond float64) { c.pace.setRate(perSecond) }

// Track returns one result per request, in order. A failure of the whole
// call (auth, quota, rate limit, server, timeout, malformed answer) is a
// *tracker.CarrierError and no results; a number TrackingMore rejects
// (invalid number, courier it cannot detect …) gets the error in its own
// result.
func (c *Carrier) Track(ctx context.Context, reqs []tracker.TrackRequest) ([]tracker.TrackResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s track %d numbers: %w", Slug, len(reqs), err)
	}
	out := make([]tracker.TrackResult, len(reqs))
	for i := 0; i < len(reqs); i += c.batch {
		j := min(i+c.batch, len(reqs))
		if err := c.trackBatch(ctx, reqs[i:j], out[i:j]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// newTracking is one item of POST /v4/trackings/batch (SDK
// CreateTrackingParams). Only facts that do not change go in.
type newTracking struct {
	TrackingNumber         string `json:"tracking_number"`
	CourierCode            string `json:"courier_code"`
	DestinationCountryISO2 string `json:"destination_country_iso2,omitempty"`
}

// trackBatch fills out for reqs (at most one batch).
func (c *Carrier) trackBatch(ctx context.Context, reqs []tracker.TrackRequest, out []tracker.TrackResult) error {
	var numbers []string
	seen := map[string]bool{}
	for i, r := range reqs {
		out[i].TrackingNo = r.TrackingNo
		n := strings.TrimSpace(r.TrackingNo)
		if err := checkNumber(n); err != nil {
			out[i].Err = c.http.Fail(tracker.FailRequest, 0, err)
			continue
		}
		if k := numberKey(n); !seen[k] {
			seen[k] = true
			numbers = append(numbers, n)
		}
	}
	if len(numbers) == 0 {
		return nil
	}
	found, bad, err := c.results(ctx, numbers)
	if err != nil {
		return err
	}
	var missing []int
	for i, r := range reqs {
		if out[i].Err != nil {
			continue
		}
		n := strings.TrimSpace(r.TrackingNo)
		if e, ok := bad[numberKey(n)]; ok {
			out[i].Err = e
			continue
		}
		if t := pick(found[numberKey(n)], CourierCode(r.Carrier)); t != nil {
			out[i] = result(r.TrackingNo, *t)
			continue
		}
		missing = append(missing, i)
	}
	if len(missing) == 0 {
		return nil
	}
	return c.create(ctx, reqs, missing, out)
}

// create registers the missing numbers in one batch call and fills their
// results: NotFound once created (or already there), the number's own
// error otherwise.
func (c *Carrier) create(ctx context.Context, reqs []tracker.TrackRequest, missing []int, out []tracker.TrackResult) error {
	var items []newTracking
	at := map[string][]int{} // number|courier → indexes of reqs
	for _, i := range missing {
		r := reqs[i]
		n := strings.TrimSpace(r.TrackingNo)
		courier := CourierCode(r.Carrier)
		if courier == "" {
			var err error
			if courier, err = c.detect(ctx, n); err != nil {
				if !numberCodes[metaCode(err)] {
					return err
				}
				out[i].Err = err
				continue
			}
		}
		k := numberKey(n) + "|" + courier
		if _, ok := at[k]; !ok {
			item := newTracking{TrackingNumber: n, CourierCode: courier}
			if cc := strings.ToUpper(strings.TrimSpace(r.Destination)); len(cc) == 2 && isUpper(cc) {
				item.DestinationCountryISO2 = cc
			}
			items = append(items, item)
		}
		at[k] = append(at[k], i)
	}
	if len(items) == 0 {
		return nil
	}
	req, err := c.http.JSONRequest(http.MethodPost, batchPath, nil, items)
	if err != nil {
		return c.http.Fail(tracker.FailRequest, 0, err)
	}
	data, err := c.do(ctx, req, fmt.Sprintf("create %d trackings", len(items)))
	if err != nil {
		return err
	}
	var d struct {
		Success list[batchItem] `json:"success"`
		Error   list[batchItem] `json:"error"`
	}
	if err := c.http.Decode(data, &d); err != nil {
		return err
	}
	answered := map[string]bool{}
	for _, it := range d.Success {
		k := numberKey(it.TrackingNumber.String()) + "|" + it.CourierCode.String()
		answered[k] = true
		for _, i := range at[k] {
			out[i].NotFound = true
		}
	}
	for _, it := range d.Error {
		k := numberKey(it.TrackingNumber.String()) + "|" + it.CourierCode.String()
		answered[k] = true
		code := it.ErrorCode.code()
		for _, i := range at[k] {
			if code == codeExists {
				// Created before, and not listed by get yet: nothing to
				// tell, and nothing billed again.
				out[i].NotFound = true
				continue
			}
			out[i].Err = c.http.Fail(tracker.FailRequest, http.StatusBadRequest,
				fmt.Errorf("create tracking %s (courier %s): %w", it.TrackingNumber, it.CourierCode, &MetaError{Code: code, Message: it.ErrorMessage.String()}))
		}
	}
	for k, idx := range at {
		if answered[k] {
			continue
		}
		// TrackingMore said nothing of this item: assume it was taken,
		// which the next get will show.
		for _, i := range idx {
			out[i].NotFound = true
		}
	}
	return nil
}

// batchItem is one item of a batch answer's success or error list
// (SDK BatchItem).
type batchItem struct {
	ID             text `json:"id"`
	TrackingNumber text `json:"tracking_number"`
	CourierCode    text `json:"courier_code"`
	ErrorCode      text `json:"errorCode"`
	ErrorMessage   text `json:"errorMessage"`
}

// results asks for the trackings of numbers and returns them by number. An
// answer that rejects one of several numbers (4110 …) cannot say which, so
// each is then asked alone; bad holds the numbers rejected alone.
func (c *Carrier) results(ctx context.Context, numbers []string) (found map[string][]tracking, bad map[string]error, err error) {
	found, err = c.get(ctx, numbers)
	switch {
	case err == nil || !numberCodes[metaCode(err)]:
		return found, nil, err
	case len(numbers) == 1:
		return nil, map[string]error{numberKey(numbers[0]): err}, nil
	}
	found, bad = map[string][]tracking{}, map[string]error{}
	for _, n := range numbers {
		one, err := c.get(ctx, []string{n})
		switch {
		case err == nil:
			found[numberKey(n)] = one[numberKey(n)]
		case numberCodes[metaCode(err)]:
			bad[numberKey(n)] = err
		default:
			return nil, nil, err
		}
	}
	return found, bad, nil
}

// get is one GET /v4/trackings/get for numbers.
func (c *Carrier) get(ctx context.Context, numbers []string) (map[string][]tracking, error) {
	q := url.Values{}
	q.Set("tracking_numbers", strings.Join(numbers, ","))
	req, err := c.http.JSONRequest(http.MethodGet, getPath, q, nil)
	if err != nil {
		return nil, c.http.Fail(tracker.FailRequest, 0, err)
	}
	data, err := c.do(ctx, req, fmt.Sprintf("get %d trackings", len(numbers)))
	if metaCode(err) == codeNotExists {
		// "Tracking No. no exists. Please use Create a tracking first":
		// an answer that lists nothing, not a failure.
		return map[string][]tracking{}, nil
	}
	if err != nil {
		return nil, err
	}
	ts, err := trackings(data)
	if err != nil {
		return nil, c.http.Fail(tracker.FailMalformed, 0, fmt.Errorf("get %d trackings: %v in %s", len(numbers), err, carrierhttp.Snippet(data)))
	}
	found := map[string][]tracking{}
	for _, t := range ts {
		k := numberKey(t.TrackingNumber.String())
		found[k] = append(found[k], t)
	}
	return found, nil
}

// detect asks TrackingMore which courier number belongs to and returns the
// first it names. A number it cannot place is an error about that number
// (meta 4121), for the caller to put in the number's result.
func (c *Carrier) detect(ctx context.Context, number string) (string, error) {
	req, err := c.http.JSONRequest(http.MethodPost, detectPath, nil, map[string]string{"tracking_number": number})
	if err != nil {
		return "", c.http.Fail(tracker.FailRequest, 0, err)
	}
	data, err := c.do(ctx, req, "detect the courier of "+number)
	if err != nil {
		return "", err
	}
	// The SDK reads data as a list of couriers; some answers wrap it as
	// {"couriers":[…]}, which is read too.
	var couriers list[struct {
		CourierCode text `json:"courier_code"`
	}]
	if err := json.Unmarshal(data, &couriers); err != nil {
		return "", c.http.Fail(tracker.FailMalformed, 0, fmt.Errorf("detect %s: %v in %s", number, err, carrierhttp.Snippet(data)))
	}
	if len(couriers) == 0 {
		var wrapped struct {
			Couriers list[struct {
				CourierCode text `json:"courier_code"`
			}] `json:"couriers"`
		}
		if json.Unmarshal(data, &wrapped) == nil {
			couriers = wrapped.Couriers
		}
	}
	for _, co := range couriers {
		if code := co.CourierCode.String(); code != "" {
			return code, nil
		}
	}
	return "", c.http.Fail(tracker.FailRequest, http.StatusOK,
		fmt.Errorf("detect the courier of %s: %w (set the order's carrier)", number, &MetaError{Code: codeNoDetect, Message: "Cannot detect courier."}))
}

// result turns a tracking into the answer for the number as it was asked.
func result(asked string, t tracking) tracker.TrackResult {
	conv := convert(t)
	res := tracker.TrackResult{TrackingNo: asked, Events: conv.events, ETA: conv.eta, LastMile: conv.lastMile, Stopped: conv.stopped}
	switch {
	case len(res.Events) > 0:
	case conv.skipped > 0:
		res.Err = &tracker.CarrierError{Service: Slug, Kind: tracker.FailMalformed,
			Err: fmt.Errorf("tracking %s: no checkpoint has a readable checkpoint_date", asked)}
	default:
		// pending, notfound, or created and not fetched yet.
		res.NotFound = true
	}
	return res
}

// pick chooses the tracking for a request among those TrackingMore has for
// its number: the one under our courier, else the one with events, else
// the most recently updated (TrackingMore may have corrected the courier).
func pick(ts []tracking, courier string) *tracking {
	var best *tracking
	for i := range ts {
		t := &ts[i]
		if courier != "" && t.CourierCode.String() == courier {
			return t
		}
		if best == nil || better(t, best) {
			best = t
		}
	}
	return best
}

func better(a, b *tracking) bool {
	na := len(a.OriginInfo.v.Trackinfo) + len(a.DestinationInfo.v.Trackinfo)
	nb := len(b.OriginInfo.v.Trackinfo) + len(b.DestinationInfo.v.Trackinfo)
	if (na > 0) != (nb > 0) {
		return na > 0
	}
	ta, _ := readTime(a.UpdateAt.String())
	tb, _ := readTime(b.UpdateAt.String())
	return ta.After(tb)
}

// Restart asks TrackingMore to follow expired numbers again (POST
// /v4/trackings/retrack/{id}). The answer holds one error per request, nil
// where the retrack was accepted; a number TrackingMore does not follow, or
// that is not expired (4113), gets its error. The error return is a failed
// call.
func (c *Carrier) Restart(ctx context.Context, reqs []tracker.TrackRequest) ([]error, error) {
	errs := make([]error, len(reqs))
	for start := 0; start < len(reqs); start += c.batch {
		part := reqs[start:min(len(reqs), start+c.batch)]
		var numbers []string
		for i, r := range part {
			n := strings.TrimSpace(r.TrackingNo)
			if err := checkNumber(n); err != nil {
				errs[start+i] = c.http.Fail(tracker.FailRequest, 0, err)
				continue
			}
			numbers = append(numbers, n)
		}
		if len(numbers) == 0 {
			continue
		}
		found, bad, err := c.results(ctx, numbers)
		if err != nil {
			return nil, err
		}
		for i, r := range part {
			if errs[start+i] != nil {
				continue
			}
			n := strings.TrimSpace(r.TrackingNo)
			if e, ok := bad[numberKey(n)]; ok {
				errs[start+i] = e
				continue
			}
			t := pick(found[numberKey(n)], CourierCode(r.Carrier))
			if t == nil || t.ID == "" {
				errs[start+i] = c.http.Fail(tracker.FailRequest, 0, fmt.Errorf("retrack %s: TrackingMore does not follow this number", n))
				continue
			}
			req, err := c.http.JSONRequest(http.MethodPost, retrackPath+url.PathEscape(t.ID.String()), nil, nil)
			if err != nil {
				return nil, c.http.Fail(tracker.FailRequest, 0, err)
			}
			if _, err := c.do(ctx, req, "retrack "+n); err != nil {
				code := metaCode(err)
				if !numberCodes[code] {
					return nil, err
				}
				if code == codeNoRetrack {
					// TrackingMore still follows it: the refresher keeps
					// the restart for when the number does stop.
					err = fmt.Errorf("%w: %w", tracker.ErrNotStopped, err)
				}
				errs[start+i] = err
			}
		}
	}
	return errs, nil
}

// numberKey compares tracking numbers the way TrackingMore stores them.
func numberKey(n string) string { return strings.ToUpper(strings.TrimSpace(n)) }

func isUpper(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// checkNumber refuses what cannot go into a comma-separated query or a
// tracking, before a request is spent on it.
func checkNumber(n string) error {
	switch {
	case n == "":
		return errors.New("empty tracking number")
	case len(n) > 100:
		return fmt.Errorf("tracking number %.20q… is longer than 100 characters", n)
	case strings.ContainsAny(n, ", \t\r\n"):
		return fmt.Errorf("tracking number %q has a comma or space, which TrackingMore does not take", n)
	}
	for _, r := range n {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("tracking number %q has a control character", n)
		}
	}
	return nil
}
