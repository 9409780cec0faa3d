// Package ship24 is the adapter for the Ship24 Tracking API v1
// (https://api.ship24.com/public/v1, docs.ship24.com): an aggregator that
// follows a parcel across the couriers it passes through.
//
// # Which endpoint, and why one number per request
//
// Ship24 has no endpoint that returns the results of several numbers at
// once. To learn a number's events one can:
//
//   - POST /trackers/track: create the tracker if needed and return its
//     results, one number per request (10 req/s);
//   - POST /trackers/bulk (up to 100 numbers, 3 req/s) to create trackers,
//     then GET /trackers/{trackerId}/results, one per number (10 req/s);
//   - GET /trackers/search/{trackingNumber}/results, one per number, which
//     only works once a tracker exists.
//
// A batch of n numbers therefore costs n requests with /trackers/track and
// n+⌈n/100⌉ with bulk + results (n with search, but only after trackers were
// made some other way, which we would have to remember). The adapter uses
// /trackers/track only, so BatchSize is 1: one Track call is one HTTP request
// and a refresher that paces calls at the configured rate (10/s documented)
// paces requests exactly. The endpoint is idempotent for identical bodies and
// creates a new tracker (a new billed shipment) when any field differs, so
// the body for a number is built only from facts that do not change: the
// number, the shipping date and the destination country.
//
// The first request for a number can take up to a minute while Ship24
// asks the courier; later ones answer at once. A first call that outlasts
// the timeout fails as a timeout, but the tracker exists by then, so the
// retry is quick.
//
// # Errors
//
// Ship24 answers errors as {"errors":[{"code","message"}],"data":null} with
// an HTTP status. Codes decide where known (auth_invalid_api_key and the
// auth header codes are auth failures even when sent with 400,
// quota_limit_reached is a quota failure even when sent with 403 or 405,
// no_active_subscription too); otherwise the status does, through
// carrierhttp. A code that concerns the number alone (validation_error,
// shipping_date_outdated, …) becomes that number's TrackResult.Err, and
// parcel_not_found / tracker_not_found become NotFound.
package ship24

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"waybill/carriers/carrierhttp"
	"waybill/tracker"
)

const (
	// Slug is our name for the service, in config and errors.
	Slug = "ship24"
	// DefaultBaseURL is the documented host; paths start with /public/v1.
	DefaultBaseURL = "https://api.ship24.com"
	// MaxBatchSize is how many numbers POST /trackers/track takes.
	MaxBatchSize = 1
	// RatePerSecond is the documented default limit of POST /trackers/track.
	RatePerSecond = 10

	trackPath = "/public/v1/trackers/track"
)

// Carrier is the Ship24 adapter. It is safe for concurrent use.
type Carrier struct {
	client *carrierhttp.Client
	key    string
	batch  int
}

// New returns the adapter for o. The API key is required; BatchSize 0 means
// MaxBatchSize, and more is refused.
func New(o carrierhttp.Options) (*Carrier, error) {
	key := strings.TrimSpace(o.APIKey)
	if key == "" {
		return nil, fmt.Errorf("%s: carriers.%s.api_key is empty: set it (or api_key_env) to the API key from dashboard.ship24.com", Slug, Slug)
	}
	batch := o.BatchSize
	switch {
	case batch < 0:
		return nil, fmt.Errorf("%s: carriers.%s.batch_size %d is negative", Slug, Slug, batch)
	case batch == 0:
		batch = MaxBatchSize
	case batch > MaxBatchSize:
		return nil, fmt.Errorf("%s: carriers.%s.batch_size %d: POST /trackers/track takes %d number per request", Slug, Slug, batch, MaxBatchSize)
	}
	client, err := carrierhttp.New(Slug, DefaultBaseURL, o.BaseURL, o.Timeout)
	if err != nil {
		return nil, err
	}
	client.Redact(key)
	// Wrap the transport so the full body of an error answer can be read:
	// carrierhttp keeps only a snippet, and Ship24's error code decides
	// the failure kind.
	hc := &http.Client{Timeout: client.Timeout}
	if o.HTTP != nil {
		copied := *o.HTTP
		hc = &copied
	}
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	hc.Transport = captureTransport{base: base}
	client.HTTP = hc
	return &Carrier{client: client, key: key, batch: batch}, nil
}

// Name is the service's slug.
func (c *Carrier) Name() string { return Slug }

// BatchSize is the most requests one Track call takes.
func (c *Carrier) BatchSize() int { return c.batch }

// Track asks Ship24 about each number, one request per number in order,
// and returns one result per request. A batch larger than BatchSize is
// served the same way (one request per number, one after another), since
// no request can carry more. A failure of the service (auth, quota, rate
// limit, server, timeout, unreadable answer) stops the call and returns no
// results.
func (c *Carrier) Track(ctx context.Context, reqs []tracker.TrackRequest) ([]tracker.TrackResult, error) {
	return carrierhttp.TrackEach(ctx, Slug, reqs, c.trackOne)
}

// trackBody is the tracker-create-request we send. Only stable facts go in
// (see the package comment): a changed field would make a new tracker.
type trackBody struct {
	TrackingNumber         string `json:"trackingNumber"`
	ShippingDate           string `json:"shippingDate,omitempty"`
	DestinationCountryCode string `json:"destinationCountryCode,omitempty"`
}

func bodyFor(req tracker.TrackRequest) trackBody {
	b := trackBody{TrackingNumber: strings.TrimSpace(req.TrackingNo)}
	if !req.ShippedAt.IsZero() {
		b.ShippingDate = req.ShippedAt.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	if cc := strings.ToUpper(strings.TrimSpace(req.Destination)); countryCode(cc) {
		b.DestinationCountryCode = cc
	}
	return b
}

// countryCode reports whether s looks like ISO 3166-1 alpha-2 or alpha-3,
// the forms Ship24 accepts.
func countryCode(s string) bool {
	if len(s) != 2 && len(s) != 3 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// validNumber applies the documented trackingNumber schema: 5 to 50 of
// letters, digits, '-', '_', '/', '.'. A number that fails it is refused
// here rather than spending a request on a validation_error.
func validNumber(n string) bool {
	if len(n) < 5 || len(n) > 50 {
		return false
	}
	for _, r := range n {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case r == '-' || r == '_' || r == '/' || r == '.':
		default:
			return false
		}
	}
	return true
}

func (c *Carrier) trackOne(ctx context.Context, req tracker.TrackRequest) (tracker.TrackResult, error) {
	res := tracker.TrackResult{TrackingNo: req.TrackingNo}
	body := bodyFor(req)
	if !validNumber(body.TrackingNumber) {
		res.Err = c.client.Fail(tracker.FailRequest, 0, fmt.Errorf("track %q: Ship24 takes 5 to 50 letters, digits, '-', '_', '/' or '.'", req.TrackingNo))
		return res, nil
	}
	hreq, err := c.client.JSONRequest(http.MethodPost, trackPath, nil, body)
	if err != nil {
		return res, c.client.Fail(tracker.FailRequest, 0, fmt.Errorf("track %s: %w", body.TrackingNumber, err))
	}
	hreq.Header.Set("Authorization", "Bearer "+c.key)
	hreq.Header.Set("Content-Type", "application/json; charset=utf-8")

	capt := &captured{}
	raw, err := c.client.Do(context.WithValue(ctx, captureKey{}, capt), hreq)
	if err != nil {
		var ce *tracker.CarrierError
		if !errors.As(err, &ce) || ce.Status == 0 {
			return res, err // transport failure or our own cancellation
		}
		var a answer
		_ = json.Unmarshal(capt.body, &a) // a body that is not the documented JSON leaves no codes
		return c.outcome(res, body.TrackingNumber, ce.Status, a.Errors, ce)
	}
	return c.parse(res, body.TrackingNumber, raw)
}

// parse reads a 2xx answer for one number.
func (c *Carrier) parse(res tracker.TrackResult, number string, raw []byte) (tracker.TrackResult, error) {
	var a answer
	if err := c.client.Decode(raw, &a); err != nil {
		return res, err
	}
	if len(a.Errors) > 0 {
		// Undocumented, but an error inside a 2xx answer is still an error.
		return c.outcome(res, number, http.StatusOK, a.Errors, nil)
	}
	if a.Data == nil {
		return res, c.client.Fail(tracker.FailMalformed, 0, fmt.Errorf("track %s: answer without data or errors in %s", number, carrierhttp.Snippet(raw)))
	}
	conv := convert(a.Data.Trackings)
	res.Events = conv.events
	res.ETA = conv.eta
	switch {
	case len(res.Events) > 0:
	case conv.skipped > 0:
		res.Err = c.client.Fail(tracker.FailMalformed, 0, fmt.Errorf("track %s: no event has a readable occurrenceDatetime", number))
	default:
		// A tracker with no events is Ship24's "pending": nothing found yet.
		res.NotFound = true
	}
	return res, nil
}

// callCodes are error codes that concern the account or the call, whatever
// HTTP status they come with. The auth_* codes come from Ship24's own SDK
// (ship24/ship24-node), the others from docs.ship24.com/errors.
var callCodes = map[string]tracker.FailKind{
	"auth_missing_header":        tracker.FailAuth,
	"auth_invalid_header":        tracker.FailAuth,
	"auth_invalid_api_key":       tracker.FailAuth,
	"quota_limit_reached":        tracker.FailQuota,
	"no_active_subscription":     tracker.FailQuota,
	"request_conflict":           tracker.FailServer, // parallel identical request: retry later
	"bulk_create_limit_exceeded": tracker.FailRequest,
}

// notFoundCodes mean Ship24 knows nothing of the number yet.
var notFoundCodes = map[string]bool{"parcel_not_found": true, "tracker_not_found": true}

// outcome decides what an error answer means: a failure of the call, a
// number Ship24 does not know, or an error for this number only. ce is what
// carrierhttp made of the HTTP status (nil for a 2xx answer).
func (c *Carrier) outcome(res tracker.TrackResult, number string, status int, errs []apiError, ce *tracker.CarrierError) (tracker.TrackResult, error) {
	detail := fmt.Errorf("track %s: %s", number, describe(errs, ce))
	for _, e := range errs {
		if kind, ok := callCodes[e.Code]; ok {
			f := c.client.Fail(kind, status, detail)
			if ce != nil {
				f.RetryAfter = ce.RetryAfter
			}
			if kind == tracker.FailServer && f.RetryAfter == 0 {
				f.RetryAfter = time.Second
			}
			return res, f
		}
	}
	switch {
	case status == http.StatusTooManyRequests, status >= 500,
		status == http.StatusUnauthorized, status == http.StatusForbidden:
		// The status speaks for the call; carrierhttp classified it.
		if ce == nil {
			ce = c.client.Fail(tracker.FailServer, status, nil)
		}
		ce.Err = detail
		return res, ce
	}
	for _, e := range errs {
		if notFoundCodes[e.Code] {
			res.NotFound = true
			return res, nil
		}
	}
	switch status {
	case http.StatusNotFound:
		res.NotFound = true
		return res, nil
	case http.StatusConflict:
		return res, c.client.Fail(tracker.FailServer, status, detail)
	}
	// 400, 402 ("the parameters were valid but the request failed"), 422 and
	// error codes in a 2xx answer: one request carries one number, so the
	// error is that number's. (carrierhttp would call 402 a quota failure;
	// Ship24 does not use it so.)
	res.Err = c.client.Fail(tracker.FailRequest, status, detail)
	return res, nil
}

// describe joins the vendor's codes and messages for an error text.
func describe(errs []apiError, ce *tracker.CarrierError) string {
	var parts []string
	for _, e := range errs {
		switch {
		case e.Code != "" && e.Message != "":
			parts = append(parts, e.Code+": "+e.Message)
		case e.Code != "":
			parts = append(parts, e.Code)
		case e.Message != "":
			parts = append(parts, e.Message)
		}
	}
	if len(parts) == 0 && ce != nil && ce.Err != nil {
		return ce.Err.Error()
	}
	if len(parts) == 0 {
		return "error answer without details"
	}
	return carrierhttp.Snippet([]byte(strings.Join(parts, "; ")))
}

// captured holds the body of a non-2xx answer for the request whose
// context carries it.
type captured struct{ body []byte }

type captureKey struct{}

// captureTransport copies the body of every non-2xx answer into the
// request's captured holder and hands carrierhttp an identical body.
type captureTransport struct{ base http.RoundTripper }

func (t captureTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if err != nil || resp.StatusCode < 300 {
		return resp, err
	}
	holder, _ := r.Context().Value(captureKey{}).(*captured)
	if holder == nil {
		return resp, nil
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, carrierhttp.MaxBody+1))
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	holder.body = b
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

var _ tracker.Carrier = (*Carrier)(nil)
