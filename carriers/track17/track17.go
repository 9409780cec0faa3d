// Package track17 is the adapter for the 17TRACK API v2.2, an aggregator
// that follows some 2,000 carriers (service slug "17track", config
// [carriers.17track]).
//
// 17TRACK only answers for numbers registered with the account, so Track
// registers what it has not registered before (POST /track/v2.2/register,
// carrier chosen from our slug or detected by 17TRACK), then reads every
// number's history (POST /track/v2.2/gettrackinfo). Both take at most 40
// numbers. Which numbers are registered is remembered in memory only; when
// that memory is empty (a restart) registering again is harmless, because
// 17TRACK answers "already registered" and charges nothing, and a number
// 17TRACK has forgotten is registered again when gettrackinfo says so.
//
// Requests are paced to 17TRACK's rate limit (SetRate). Statuses, stages
// and sub-statuses map to our model through the tables in codes.go; our
// carrier slugs map to 17TRACK's carrier keys through CarrierCode. 17TRACK
// can also push updates to us: see Webhook.
package track17

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"waybill/carriers/carrierhttp"
	"waybill/tracker"
)

const (
	// Service is our slug for 17TRACK, in errors, config and pushes.
	Service = "17track"
	// DefaultBase is the documented API host.
	DefaultBase = "https://api.17track.net"
	// MaxBatch is the documented limit of numbers per call (error -18010014).
	MaxBatch = 40
	// DefaultRate is the request rate we keep to: 17TRACK answers 429 above
	// about 3 requests a second (not confirmed by its documentation).
	DefaultRate = 3.0

	pathRegister = "/track/v2.2/register"
	pathTrack    = "/track/v2.2/gettrackinfo"
)

// Carrier is the 17TRACK adapter. It is safe for concurrent use.
type Carrier struct {
	client *carrierhttp.Client
	key    string
	batch  int

	pace    pacer
	changes carrierChanges // see changecarrier.go

	mu sync.Mutex
	// registered holds the numbers (normalized) this process registered or
	// found registered, with the carrier key 17TRACK accepted (0: unknown).
	registered map[string]int
}

// New builds the adapter. The API key is required; BatchSize defaults to
// and may not exceed 40; BaseURL replaces the documented host (a fake or a
// proxy).
func New(o carrierhttp.Options) (*Carrier, error) {
	if strings.TrimSpace(o.APIKey) == "" {
		return nil, fmt.Errorf("carriers.%s.api_key: missing (17TRACK's security key, sent as the 17token header)", Service)
	}
	batch := o.BatchSize
	switch {
	case batch == 0:
		batch = MaxBatch
	case batch < 0 || batch > MaxBatch:
		return nil, fmt.Errorf("carriers.%s.batch_size: %d is outside 1..%d (17TRACK takes at most %d numbers a call)", Service, batch, MaxBatch, MaxBatch)
	}
	client, err := carrierhttp.New(Service, DefaultBase, o.BaseURL, o.Timeout)
	if err != nil {
		return nil, fmt.Errorf("carriers.%s: %w", Service, err)
	}
	client.HTTP = o.HTTP
	client.Redact(o.APIKey)
	c := &Carrier{
		client:     client,
		key:        strings.TrimSpace(o.APIKey),
		batch:      batch,
		registered: map[string]int{},
	}
	c.pace.setRate(DefaultRate)
	return c, nil
}

// Name is our slug for the service.
func (c *Carrier) Name() string { return Service }

// BatchSize is the most numbers one Track call sends in one request.
func (c *Carrier) BatchSize() int { return c.batch }

// SetRate sets how many HTTP requests a second the adapter sends at most
// (config rate_per_second); 0 or less removes the limit. One Track call
// makes two requests when it registers new numbers, one otherwise.
func (c *Carrier) SetRate(perSecond float64) { c.pace.setRate(perSecond) }

// Track answers each request with what 17TRACK knows of its number, in
// request order. Numbers 17TRACK does not know (yet) come back NotFound; a
// failure limited to one number is in its result's Err; an error return is
// a *tracker.CarrierError (or the context's error) and means nothing was
// learned. Batches larger than BatchSize are sent in several calls.
func (c *Carrier) Track(ctx context.Context, reqs []tracker.TrackRequest) ([]tracker.TrackResult, error) {
	out := make([]tracker.TrackResult, 0, len(reqs))
	for start := 0; start < len(reqs); start += c.batch {
		part, err := c.trackBatch(ctx, reqs[start:min(start+c.batch, len(reqs))])
		if err != nil {
			return nil, err
		}
		out = append(out, part...)
	}
	return out, nil
}

// item is one distinct number of a batch.
type item struct {
	key    string // normalized number, for matching answers
	number string // as sent
	code   int    // carrier key from our slug, 0 when 17TRACK should detect it
	slug   string // the parcel's carrier, our slug, "" when unknown
}

// answer is what we learned of one number during a batch.
type answer struct {
	done   bool // nothing more to ask 17TRACK about it in this batch
	events []tracker.Event
	eta    time.Time
	err    error
	// lastMile is the number at the destination, when 17TRACK names one.
	lastMile tracker.LastMile
	// quiet: 17TRACK may have stopped following the number (lifecycle.go);
	// stopped: gettracklist says it has.
	quiet, stopped bool
}

func (c *Carrier) trackBatch(ctx context.Context, reqs []tracker.TrackRequest) ([]tracker.TrackResult, error) {
	var items []item
	seen := map[string]bool{}
	for _, r := range reqs {
		k := normalize(r.TrackingNo)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		code, _ := CarrierCode(r.Carrier)
		items = append(items, item{key: k, number: strings.TrimSpace(r.TrackingNo), code: code, slug: strings.TrimSpace(r.Carrier)})
	}
	answers := make(map[string]*answer, len(items))
	for _, it := range items {
		answers[it.key] = &answer{}
	}

	var justRegistered map[string]bool
	if fresh := c.unregistered(items); len(fresh) > 0 {
		var err error
		if justRegistered, err = c.register(ctx, fresh, answers); err != nil {
			return nil, err
		}
		if err := quotaBlocked(items, answers); err != nil {
			return nil, annotate(err, fmt.Sprintf(tracker.CarrierCallNumbersRefused, "register", len(fresh)))
		}
	}
	if err := c.applyParcelCarriers(ctx, items, answers); err != nil {
		return nil, err
	}
	notRegistered, err := c.trackInfo(ctx, pending(items, answers), answers)
	if err != nil {
		return nil, err
	}
	var missing []item
	for _, it := range notRegistered {
		if justRegistered[it.key] {
			// Registered a moment ago and not yet visible: nothing to
			// read yet, and registering again would not help.
			answers[it.key].done = true
			continue
		}
		missing = append(missing, it)
	}
	if len(missing) > 0 {
		// Our memory said registered, 17TRACK says not (deleted, or
		// registered by another process under another carrier): register
		// and ask once more. Still missing after that means unknown.
		c.forget(missing)
		if _, err := c.register(ctx, missing, answers); err != nil {
			return nil, err
		}
		again, err := c.trackInfo(ctx, pending(missing, answers), answers)
		if err != nil {
			return nil, err
		}
		for _, it := range again {
			answers[it.key].done = true
		}
	}
	if err := c.resolveUnknownCarriers(ctx, items, answers); err != nil {
		return nil, err
	}
	c.markStopped(ctx, items, answers)

	out := make([]tracker.TrackResult, len(reqs))
	for i, r := range reqs {
		res := tracker.TrackResult{TrackingNo: r.TrackingNo}
		a := answers[normalize(r.TrackingNo)]
		switch {
		case a == nil:
			res.Err = c.client.Fail(tracker.FailRequest, 0, errors.New("empty tracking number"))
		case a.err != nil:
			res.Err = a.err
		default:
			// Each result owns its slice: the same number asked twice in a
			// batch must not share one backing array.
			res.Events = append([]tracker.Event(nil), a.events...)
			res.ETA = a.eta
			res.NotFound = len(a.events) == 0
			res.LastMile = a.lastMile
			res.Stopped = a.stopped
		}
		out[i] = res
	}
	return out, nil
}

// pending returns the items not yet settled.
func pending(items []item, answers map[string]*answer) []item {
	var out []item
	for _, it := range items {
		if a := answers[it.key]; a != nil && !a.done {
			out = append(out, it)
		}
	}
	return out
}

// quotaBlocked returns a call-level quota failure when every number of the
// batch was refused for quota: there is nothing to ask, and the refresher
// should back off the service rather than record forty equal errors.
func quotaBlocked(items []item, answers map[string]*answer) error {
	var first error
	for _, it := range items {
		a := answers[it.key]
		if a.err == nil || tracker.FailKindOf(a.err) != tracker.FailQuota {
			return nil
		}
		if first == nil {
			first = a.err
		}
	}
	return first
}

// register registers items, settling those 17TRACK refuses and remembering
// those it accepts or already has; it returns the latter.
func (c *Carrier) register(ctx context.Context, items []item, answers map[string]*answer) (map[string]bool, error) {
	if len(items) == 0 {
		return nil, nil
	}
	body := make([]registerItem, len(items))
	for i, it := range items {
		body[i] = registerItem{Number: it.number, Carrier: it.code, AutoDetection: it.code == 0}
	}
	var data registerData
	if err := c.call(ctx, pathRegister, body, &data); err != nil {
		return nil, annotate(err, fmt.Sprintf(tracker.CarrierCallNumbers, "register", len(items)))
	}
	ok := map[string]bool{}
	for _, a := range data.Accepted {
		k := normalize(a.Number)
		c.remember(k, a.Carrier)
		c.noteDetected(items, k, a.Carrier)
		ok[k] = true
	}
	for _, r := range data.Rejected {
		k := normalize(r.Number)
		switch code := r.Error.Code; {
		case code == errAlreadyRegistered:
			c.remember(k, 0)
			ok[k] = true
		case callLevel(code):
			return nil, annotate(c.client.Fail(kindOf(code), 0, r.Error), "register "+r.Number)
		default:
			c.settle(answers, k, r)
		}
	}
	return ok, nil
}

// trackInfo reads the history of items, filling answers. It returns the
// items 17TRACK says are not registered.
func (c *Carrier) trackInfo(ctx context.Context, items []item, answers map[string]*answer) ([]item, error) {
	if len(items) == 0 {
		return nil, nil
	}
	body := make([]numberItem, len(items))
	for i, it := range items {
		// Only a carrier 17TRACK itself accepted for this number: naming
		// another would find no registration.
		body[i] = numberItem{Number: it.number, Carrier: c.knownCarrier(it.key)}
	}
	var data trackData
	if err := c.call(ctx, pathTrack, body, &data); err != nil {
		return nil, annotate(err, fmt.Sprintf(tracker.CarrierCallNumbers, "gettrackinfo", len(items)))
	}
	for _, acc := range data.Accepted {
		a := answers[normalize(acc.Number)]
		if a == nil {
			continue // an answer for a number we did not ask about
		}
		// A number registered under two carriers comes back twice: the
		// store dedupes, so both histories are kept.
		a.done = true
		a.events = append(a.events, events(acc.TrackInfo)...)
		if a.eta.IsZero() {
			a.eta = eta(acc.TrackInfo)
		}
		if lm := lastMile(acc.TrackInfo, acc.Number); !lm.IsZero() {
			a.lastMile = lm
		}
		a.quiet = a.quiet || quiet(acc.TrackInfo)
		c.remember(normalize(acc.Number), acc.Carrier)
	}
	byKey := map[string]item{}
	for _, it := range items {
		byKey[it.key] = it
	}
	var missing []item
	for _, r := range data.Rejected {
		k := normalize(r.Number)
		switch code := r.Error.Code; {
		case code == errNotRegistered:
			if it, ok := byKey[k]; ok && !answers[k].done {
				missing = append(missing, it)
			}
		case callLevel(code):
			return nil, annotate(c.client.Fail(kindOf(code), 0, r.Error), "gettrackinfo "+r.Number)
		default:
			c.settle(answers, k, r)
		}
	}
	// A number in neither list: 17TRACK has nothing to say about it.
	for _, it := range items {
		if a := answers[it.key]; !a.done && !contains(missing, it.key) {
			a.done = true
		}
	}
	return missing, nil
}

// settle records a per-number refusal: unknown numbers are NotFound, other
// codes the number's own error.
func (c *Carrier) settle(answers map[string]*answer, k string, r rejected) {
	a := answers[k]
	if a == nil || a.done {
		return
	}
	a.done = true
	switch r.Error.Code {
	case errCarrierUnknown:
		a.err = &unknownCarrier{r.Error} // resolveUnknownCarriers says what helps
	case errNoInfoYet:
		// 17TRACK does not know the number (yet): NotFound, no error.
	default:
		a.err = c.client.Fail(kindOf(r.Error.Code), 0, r.Error)
	}
}

func contains(items []item, key string) bool {
	for _, it := range items {
		if it.key == key {
			return true
		}
	}
	return false
}

// call POSTs body to path and decodes the envelope's data into out,
// turning the vendor's own error codes into CarrierErrors.
func (c *Carrier) call(ctx context.Context, path string, body any, out errorLister) error {
	if err := c.pace.wait(ctx); err != nil {
		return err
	}
	req, err := c.client.JSONRequest(http.MethodPost, path, nil, body)
	if err != nil {
		return c.client.Fail(tracker.FailRequest, 0, err)
	}
	req.Header.Set("17token", c.key)
	raw, err := c.client.Do(ctx, req)
	if err != nil {
		return err
	}
	return c.decode(raw, out)
}

// decode reads an answer envelope into out (a *registerData or *trackData)
// in one pass: answers run to hundreds of kilobytes. A non-zero code, at
// the top or as the first of data.errors, fails the call with its kind.
func (c *Carrier) decode(raw []byte, out errorLister) error {
	env := struct {
		Code int `json:"code"`
		Data any `json:"data"` // holds out: decoded in place
	}{Data: out}
	if err := json.Unmarshal(raw, &env); err != nil {
		// A refusal may come with a data we cannot read: the code decides.
		var probe struct {
			Code int `json:"code"`
		}
		if json.Unmarshal(raw, &probe) == nil && probe.Code != 0 {
			return c.client.Fail(kindOf(probe.Code), 0, apiError{Code: probe.Code})
		}
		return c.client.Fail(tracker.FailMalformed, 0, fmt.Errorf("%v in %s", err, carrierhttp.Snippet(raw)))
	}
	errs := out.errorList()
	if env.Code != 0 || len(errs) > 0 {
		e := apiError{Code: env.Code}
		if len(errs) > 0 {
			if e.Code == 0 {
				e.Code = errs[0].Code
			}
			e.Message = errs[0].Message
		}
		return c.client.Fail(kindOf(e.Code), 0, e)
	}
	return nil
}

// annotate says what was being done when a call failed. A CarrierError
// stays the error returned (a copy, its cause prefixed), so callers that
// type-assert it keep working; other errors (the context's) are wrapped.
func annotate(err error, doing string) error {
	var ce *tracker.CarrierError
	if errors.As(err, &ce) {
		cp := *ce
		cp.Err = fmt.Errorf("%s: %w", doing, ce.Err)
		return &cp
	}
	return fmt.Errorf("%s %s: %w", Service, doing, err)
}

// normalize is the form numbers are matched in: 17TRACK may echo a number
// in another case or without our stray spaces.
func normalize(n string) string { return strings.ToUpper(strings.TrimSpace(n)) }

func (c *Carrier) unregistered(items []item) []item {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []item
	for _, it := range items {
		if _, ok := c.registered[it.key]; !ok {
			out = append(out, it)
		}
	}
	return out
}

// remember notes a number as registered, keeping a known carrier key over
// an unknown one.
func (c *Carrier) remember(k string, carrier int) {
	if k == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.registered[k]; ok && carrier == 0 {
		carrier = old
	}
	c.registered[k] = carrier
}

func (c *Carrier) forget(items []item) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, it := range items {
		delete(c.registered, it.key)
	}
}

func (c *Carrier) knownCarrier(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.registered[k]
}

var _ tracker.Carrier = (*Carrier)(nil)
