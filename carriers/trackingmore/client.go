package trackingmore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"waybill/carriers/carrierhttp"
	"waybill/tracker"
)

// MetaError is an error TrackingMore stated in its envelope's meta: the
// code (401, 4190, 4101 …) and message. It sits inside a
// *tracker.CarrierError whose Kind says what to do about it.
type MetaError struct {
	Code    int
	Message string
}

func (e *MetaError) Error() string {
	s := "meta.code " + strconv.Itoa(e.Code)
	if e.Message != "" {
		s += ": " + carrierhttp.Snippet([]byte(e.Message))
	}
	return s
}

// Meta codes of the "Response Code" table in the official SDKs' READMEs
// (github.com/TrackingMore-API/trackingmore-sdk-go, -nodejs, -python).
const (
	codeOK            = 200
	codeExists        = 4101 // "Tracking No. already exists."
	codeNotExists     = 4102 // "Tracking No. no exists."
	codeTooMany       = 4103 // "The maximum quantity is 40 shipments per call."
	codeInvalidNumber = 4110 // "The value of tracking_number is invalid."
	codeNumberMissing = 4111
	codeNoRetrack     = 4113 // "You can only retrack an expired tracking."
	codeBadCourier    = 4120 // "The value of courier_code is invalid."
	codeNoDetect      = 4121 // "Cannot detect courier."
	codeNeedsFields   = 4122 // "Missing or invalid value of the special required fields for this courier."
	codeQuota         = 4190 // "You are reaching the maximum quota limitation, please upgrade your current plan."
)

// numberCodes are meta codes about one tracking number rather than the
// call: inside a batch they are that number's result, not a failure of all.
var numberCodes = map[int]bool{
	codeExists: true, codeNotExists: true, codeInvalidNumber: true, codeNumberMissing: true,
	4112: true, codeNoRetrack: true, codeBadCourier: true, codeNoDetect: true, codeNeedsFields: true, 4130: true,
}

// metaKind sorts a meta code into the failure kinds. TrackingMore repeats
// the HTTP status in meta.code for call-level failures (401, 403, 404, 429)
// and uses 511–513 for server errors under HTTP 500; its one quota code is
// 4190, sent with HTTP 400.
func metaKind(code int) tracker.FailKind {
	switch {
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return tracker.FailAuth
	case code == codeQuota:
		return tracker.FailQuota
	case code == http.StatusTooManyRequests:
		return tracker.FailRateLimited
	case code >= 500 && code <= 599:
		return tracker.FailServer
	default:
		return tracker.FailRequest
	}
}

// RateLimitWait is how long a 429 without Retry-After pauses the service:
// "your application should not send any further requests and wait 120
// secs" (support.trackingmore.com/en/article/trackingmore-api-request-rate-limit-c0ye70).
const RateLimitWait = 120 * time.Second

// exchange is what the server answered to one request, for the failures
// the shared client reports without their body and headers.
type exchange struct {
	status int
	header http.Header
	body   []byte
}

type exchangeKey struct{}

// recorder copies the status, headers and (for non-2xx answers) the body of
// each answer into the exchange its request's context carries, and hands
// carrierhttp an identical body.
type recorder struct{ base http.RoundTripper }

func (r recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	base := r.base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	ex, _ := req.Context().Value(exchangeKey{}).(*exchange)
	if ex == nil {
		return resp, nil
	}
	ex.status, ex.header, ex.body = resp.StatusCode, resp.Header, nil
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return resp, nil
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, carrierhttp.MaxBody+1))
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	ex.body = b
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

func withRecorder(hc *http.Client) *http.Client {
	var c http.Client
	if hc != nil {
		c = *hc
	}
	c.Transport = recorder{base: c.Transport}
	return &c
}

// do sends one request (paced) and returns the envelope's data. A failure
// of the call is a *tracker.CarrierError; a meta code about one number
// (numberCodes) comes back as a FailRequest CarrierError wrapping the
// *MetaError, for the caller to place.
func (c *Carrier) do(ctx context.Context, req *http.Request, what string) (json.RawMessage, error) {
	if err := c.pace.wait(ctx); err != nil {
		return nil, fmt.Errorf("%s %s: %w", Slug, what, err)
	}
	req.Header.Set(KeyHeader, c.key)
	ex := &exchange{}
	raw, err := c.http.Do(context.WithValue(ctx, exchangeKey{}, ex), req)
	if err != nil {
		var ce *tracker.CarrierError
		if !errors.As(err, &ce) || ce.Status == 0 {
			return nil, annotate(err, what) // transport failure or our own cancellation
		}
		var env envelope
		if json.Unmarshal(ex.body, &env) != nil || env.Meta.Code.code() == 0 {
			// Not TrackingMore's envelope (a proxy's page): the HTTP
			// status speaks, as carrierhttp sorted it.
			if ce.Kind == tracker.FailRateLimited && ce.RetryAfter == 0 {
				ce.RetryAfter = RateLimitWait
			}
			return nil, annotate(ce, what)
		}
		return nil, c.metaFail(env, ex, what)
	}
	var env envelope
	if err := c.http.Decode(raw, &env); err != nil {
		return nil, annotate(err, what)
	}
	if code := env.Meta.Code.code(); code != 0 && (code < 200 || code > 299) {
		// Undocumented, but an error code inside a 2xx answer is an error.
		return nil, c.metaFail(env, ex, what)
	}
	return env.Data, nil
}

// metaFail builds the failure for an envelope whose meta code is an error.
func (c *Carrier) metaFail(env envelope, ex *exchange, what string) error {
	me := &MetaError{Code: env.Meta.Code.code(), Message: env.Meta.Message.String()}
	kind := metaKind(me.Code)
	if me.Code == 0 {
		kind = tracker.FailMalformed
	}
	f := c.http.Fail(kind, ex.status, fmt.Errorf("%s: %w", what, me))
	switch kind {
	case tracker.FailRateLimited:
		f.RetryAfter = carrierhttp.RetryAfter(ex.header.Get("Retry-After"), time.Now())
		if f.RetryAfter == 0 {
			f.RetryAfter = RateLimitWait
		}
	case tracker.FailServer:
		f.RetryAfter = carrierhttp.RetryAfter(ex.header.Get("Retry-After"), time.Now())
	}
	return f
}

// metaCode is the TrackingMore meta code inside err, 0 when none.
func metaCode(err error) int {
	var me *MetaError
	if errors.As(err, &me) {
		return me.Code
	}
	return 0
}

// annotate adds what was being done to a failure, keeping its kind.
func annotate(err error, what string) error {
	var ce *tracker.CarrierError
	if errors.As(err, &ce) && ce.Err != nil {
		cp := *ce
		cp.Err = fmt.Errorf("%s: %w", what, ce.Err)
		return &cp
	}
	if errors.As(err, &ce) {
		cp := *ce
		cp.Err = errors.New(what)
		return &cp
	}
	return fmt.Errorf("%s %s: %w", Slug, what, err)
}

// pacer spaces this adapter's requests so that no second holds more than
// the rate: one Track call can send several (get, detect, batch create).
// Each caller reserves the next free slot and sleeps until it; slots are a
// tenth wider than 1/rate so network jitter cannot push two requests into a
// second TrackingMore counts as one.
type pacer struct {
	mu       sync.Mutex
	interval time.Duration
	next     time.Time
}

func (p *pacer) setRate(perSecond float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if perSecond <= 0 {
		p.interval = 0
		return
	}
	p.interval = time.Duration(1.1 * float64(time.Second) / perSecond)
}

// wait blocks until the caller may send, or ctx ends.
func (p *pacer) wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p.mu.Lock()
	if p.interval == 0 {
		p.mu.Unlock()
		return nil
	}
	now := time.Now()
	slot := p.next
	if slot.Before(now) {
		slot = now
	}
	p.next = slot.Add(p.interval)
	p.mu.Unlock()
	if d := time.Until(slot); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
