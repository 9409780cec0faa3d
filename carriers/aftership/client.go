package aftership

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

// VendorError is an error AfterShip stated in meta: its code (401, 429,
// 4003 …), type and message. It sits inside a *tracker.CarrierError whose
// Kind says what to do about it.
type VendorError struct {
	Code    int
	Type    string
	Message string
	data    json.RawMessage // the answer's data, which some errors fill (4003)
}

func (e *VendorError) Error() string {
	s := "meta.code " + strconv.Itoa(e.Code)
	if e.Type != "" {
		s += " " + e.Type
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Vendor codes the adapter acts on (Tracking API "Request Errors").
const (
	codeAlreadyExists = 4003 // POST /trackings: the tracking exists; data.tracking names it
	codeDoesNotExist  = 4004 // GET /trackings/{id}: no such tracking
	codeValueInvalid  = 4008 // "The value of [field_name] is invalid."
)

// metaKind sorts a meta.code into the failure kinds. AfterShip repeats the
// HTTP status in meta.code for call-level failures (401, 403, 429, 5xx) and
// uses four-digit codes for problems with the request's content. No quota
// code is documented for the Tracking API (its error table, and
// errorx/error_code.go of AfterShip/tracking-sdk-go, list none): a used-up
// plan is a 429 whose X-RateLimit-Reset is far off (see planLimit). 402 is
// not documented either; it is kept a quota, as the shared client treats
// the HTTP status, should AfterShip ever send it.
func metaKind(code int) tracker.FailKind {
	switch {
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return tracker.FailAuth
	case code == http.StatusPaymentRequired:
		return tracker.FailQuota
	case code == http.StatusTooManyRequests:
		return tracker.FailRateLimited
	case code >= 500 && code <= 599:
		return tracker.FailServer
	default:
		return tracker.FailRequest
	}
}

// exchange is what the server answered to one request: status and headers
// always, the body only when it was not a 2xx (the shared client keeps those
// bodies to itself, and AfterShip's error envelope is in them).
type exchange struct {
	status int
	header http.Header
	body   []byte
}

type exchangeKey struct{}

// recorder is an http.RoundTripper that fills the exchange found in the
// request's context. carrierhttp.Client.Do passes our context on to the
// request, so this is how the adapter sees rate-limit headers and error
// envelopes while still sending everything through the shared client.
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

// withRecorder returns a copy of hc (or of a default client) whose transport
// records exchanges.
func withRecorder(hc *http.Client) *http.Client {
	var c http.Client
	if hc != nil {
		c = *hc
	}
	c.Transport = recorder{base: c.Transport}
	return &c
}

// pacer keeps this adapter's requests under AfterShip's rate limit, because
// one Track call can send several (a list, then a create per new number).
// It allows at most limit requests in any window, measured when each is
// sent; the window is a little longer than the vendor's second so that
// uneven network delay cannot squeeze limit+1 of them into one second at
// AfterShip's end.
type pacer struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	sent   []time.Time // the last limit send times, oldest first
}

func newPacer(perSecond int) *pacer {
	return &pacer{limit: perSecond, window: time.Second + rateMargin}
}

// rateMargin is the pacer's allowance for network jitter.
const rateMargin = 50 * time.Millisecond

// wait blocks until a request may be sent, or ctx ends. It records the
// time it lets a request go, not the time it planned to, so a late wake-up
// never counts as an early send.
func (p *pacer) wait(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		p.mu.Lock()
		now := time.Now()
		var d time.Duration
		if n := len(p.sent); n >= p.limit {
			d = p.sent[n-p.limit].Add(p.window).Sub(now)
		}
		if d <= 0 {
			p.sent = append(p.sent, now)
			if n := len(p.sent); n > p.limit {
				p.sent = append(p.sent[:0], p.sent[n-p.limit:]...)
			}
			p.mu.Unlock()
			return nil
		}
		p.mu.Unlock()
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// do sends one request and returns AfterShip's envelope of a successful
// answer. Every failure is a *tracker.CarrierError, with a *VendorError
// inside when AfterShip said what went wrong, whether it said so with an
// HTTP error status or inside a 200 answer; our own cancellation comes back
// as the context's error.
func (c *Carrier) do(ctx context.Context, req *http.Request) (*envelope, error) {
	if err := c.pace.wait(ctx); err != nil {
		return nil, err
	}
	req.Header.Set("as-api-key", c.key)
	ex := &exchange{}
	body, err := c.http.Do(context.WithValue(ctx, exchangeKey{}, ex), req)
	if err != nil {
		var ce *tracker.CarrierError
		if !errors.As(err, &ce) {
			return nil, err
		}
		return nil, c.statusFailure(ce, ex)
	}
	return c.envelope(ex, body)
}

// envelope reads the body of a 2xx answer: its envelope when meta says
// success, else the failure meta states (AfterShip may send an error code
// inside a 200).
func (c *Carrier) envelope(ex *exchange, body []byte) (*envelope, error) {
	var env envelope
	if err := c.http.Decode(body, &env); err != nil {
		return nil, err
	}
	switch env.Meta.Code {
	case http.StatusOK, http.StatusCreated:
		return &env, nil
	case 0:
		return nil, c.http.Fail(tracker.FailMalformed, ex.status,
			fmt.Errorf("answer without meta.code: %s", carrierhttp.Snippet(body)))
	}
	return nil, c.metaFailure(ex.status, ex.header, env)
}

// statusFailure refines the shared client's verdict on a non-2xx answer
// with the envelope AfterShip sent along, and with X-RateLimit-Reset when a
// 429 came without Retry-After.
func (c *Carrier) statusFailure(ce *tracker.CarrierError, ex *exchange) error {
	var env envelope
	if len(ex.body) > 0 && json.Unmarshal(ex.body, &env) == nil && env.Meta.Code != 0 {
		e := c.metaFailure(ce.Status, ex.header, env)
		if e.RetryAfter == 0 {
			e.RetryAfter = ce.RetryAfter
		}
		return e
	}
	if ce.Kind == tracker.FailRateLimited && ce.RetryAfter == 0 {
		ce.RetryAfter = retryAfter(ex.header, time.Now(), true)
		planLimit(ce, ex.header, time.Now())
	}
	return ce
}

// metaFailure turns an error envelope into a CarrierError.
func (c *Carrier) metaFailure(status int, h http.Header, env envelope) *tracker.CarrierError {
	m := env.Meta
	kind := metaKind(m.Code)
	e := c.http.Fail(kind, status, &VendorError{Code: m.Code, Type: m.Type, Message: m.Message, data: env.Data})
	switch kind {
	case tracker.FailRateLimited:
		e.RetryAfter = retryAfter(h, time.Now(), true)
		planLimit(e, h, time.Now())
	case tracker.FailServer:
		e.RetryAfter = retryAfter(h, time.Now(), false)
	}
	return e
}

// retryAfter reads how long to wait: Retry-After when sent, else (for a
// rate limit) the documented X-RateLimit-Reset, a Unix time. AfterShip's
// window is one second, so a rate limit waits at least that long.
func retryAfter(h http.Header, now time.Time, rateLimited bool) time.Duration {
	if h == nil {
		h = http.Header{}
	}
	if d := carrierhttp.RetryAfter(h.Get("Retry-After"), now); d > 0 || !rateLimited {
		return d
	}
	d := time.Second
	if reset, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil {
		if until := time.Unix(reset, 0).Sub(now); until > d {
			d = until
		}
	}
	return min(d, carrierhttp.MaxRetryAfter)
}

// planWindow is how far off an X-RateLimit-Reset may be and still be the
// rate limit's: its window is one second
// (https://www.aftership.com/docs/tracking/2024-04/quickstart/rate-limit);
// a minute leaves room for clocks that disagree.
const planWindow = time.Minute

// maxPlanWait caps how long a plan's limit may pause the service: a plan's
// period is at most a month.
const maxPlanWait = 31 * 24 * time.Hour

// planLimit turns a 429 whose X-RateLimit-Reset is further off than the
// rate limit's window into the plan's used-up limit: AfterShip answers a
// plan's limit with the same 429 and says when it resets in that header
// ("Default limit is 100 request per day for free user. The limit will be
// reset at …", home-assistant/core#42356). The service then waits until
// that reset, however far, rather than an hour at a time. A Retry-After,
// when sent, says how long to wait, and the 429 stays a rate limit.
func planLimit(e *tracker.CarrierError, h http.Header, now time.Time) {
	if h == nil || h.Get("Retry-After") != "" {
		return
	}
	secs, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if err != nil {
		return
	}
	reset := time.Unix(secs, 0)
	wait := reset.Sub(now)
	if wait <= planWindow {
		return
	}
	e.Kind = tracker.FailQuota
	e.RetryAfter = min(wait, maxPlanWait)
	e.Err = &tracker.QuotaUsedUp{Reason: fmt.Sprintf(tracker.ReasonQuotaPlan, reset.UTC().Format("2006-01-02 15:04 UTC")), Err: e.Err}
}

// annotate says what the adapter was doing when err happened, keeping a
// CarrierError a CarrierError (and its VendorError reachable).
func annotate(err error, format string, args ...any) error {
	what := fmt.Sprintf(format, args...)
	var ce *tracker.CarrierError
	if errors.As(err, &ce) {
		if ce.Err == nil {
			ce.Err = errors.New(what)
		} else {
			ce.Err = fmt.Errorf("%s: %w", what, ce.Err)
		}
		return ce
	}
	return fmt.Errorf("aftership %s: %w", what, err)
}
