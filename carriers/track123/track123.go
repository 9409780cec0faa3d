// Package track123 is the adapter for the Track123 tracking API
// (https://docs.track123.com/reference), an aggregator popular with
// China-based sellers (service slug "track123", config [carriers.track123]).
//
// # What the adapter does, and on which documented facts
//
// Track123 answers only for numbers imported into the account, so Track
// imports what it has not imported before (POST
// /gateway/open-api/tk/v2/track/import, a JSON array), then reads every
// number (POST /gateway/open-api/tk/v2/track/query, {"trackNos": […]}).
// Both take up to 100 numbers ("You can track up to 100 tracking numbers at
// a time", track123.com/carriers/*/api). The key goes in the
// Track123-Api-Secret header (docs.track123.com/reference, "Request
// HEADERS"). Which numbers are imported is remembered in memory only: after
// a restart importing again is harmless (Track123 refuses the duplicate
// with A0400 and the query still answers), and a number the query does not
// know is imported again once.
//
// The import sends the number, the shipping time ("shipTime",
// "2024-01-01 12:00:00", sent in UTC: the docs give no zone) and, when the
// order has a phone, its last four digits as extendFieldMap.phoneSuffix,
// which the docs' "Additional Tracking Fields" list asks for some carriers.
// No courierCode: our slugs are not Track123's codes, and Track123 detects
// the carrier without one.
//
// Answers are an envelope {"code", "msg", "data"}; code "00000" is success
// and every other documented code (docs.track123.com/reference/status-code)
// sorts into a failure kind in codes.go, whatever HTTP status comes with it
// (the docs list only 200, 400 and 500 and do not say which goes with
// which code). A0230 and the other account codes stop the service; A0706
// (docs.track123.com/reference/rate-limit) and B0210 FLOW_LIMITING pause it
// for Retry-After when sent, else a second ("retry after a short delay").
//
// # Where the docs are silent
//
//   - Rate: "5 requests per second per endpoint" is documented; the adapter
//     paces import and query to that each (SetRate changes both).
//   - Quota: no code names a used-up plan and no endpoint reports usage, so
//     the adapter implements no tracker.QuotaReader. B0310
//     SYSTEM_RESOURCE_EXHAUSTION is read as a used-up plan (a pause), a guess.
//   - The query's rejected list is not shown; a number missing from the
//     answer is NotFound.
//   - Last mile: lastMileInfo {lmTrackNo, openApiWayBillInfo} is not in the
//     official examples (cut short); it is what third-party clients read.
//     When present its number becomes TrackResult.LastMile and its scans
//     join the events.
//   - Stop and restart: EXPIRED ("no tracking information for 30 days since
//     added") sets TrackResult.Stopped. The docs list "Retrack a tracking"
//     and "Delete a tracking" but not their bodies here, so no
//     tracker.Restarter or tracker.Stopper yet.
//
// Statuses and sub-statuses map to our model in codes.go; pushes are in
// webhook.go.
package track123

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"waybill/carriers/carrierhttp"
	"waybill/tracker"
)

const (
	// Slug is our name for the service, in config, errors and pushes.
	Slug = "track123"
	// DefaultBaseURL is the documented host; paths start with
	// /gateway/open-api.
	DefaultBaseURL = "https://api.track123.com"
	// MaxBatch is the documented most numbers a request.
	MaxBatch = 100
	// RatePerSecond is the documented limit, per endpoint.
	RatePerSecond = 5
	// KeyHeader carries the API key.
	KeyHeader = "Track123-Api-Secret"

	pathImport = "/gateway/open-api/tk/v2/track/import"
	pathQuery  = "/gateway/open-api/tk/v2/track/query"
)

// Carrier is the Track123 adapter. It is safe for concurrent use.
type Carrier struct {
	client *carrierhttp.Client
	key    string
	batch  int

	importPace, queryPace pacer

	mu       sync.Mutex
	imported map[string]bool // normalized numbers this process imported or found imported
}

// New builds the adapter. The API key is required; BatchSize 0 means the
// documented 100, and more is refused; BaseURL replaces the documented host
// (a fake or a proxy).
func New(o carrierhttp.Options) (*Carrier, error) {
	key := strings.TrimSpace(o.APIKey)
	if key == "" {
		return nil, fmt.Errorf("carriers.%s.api_key: missing (the API key from Track123's Developers > API page, sent as %s)", Slug, KeyHeader)
	}
	batch := o.BatchSize
	switch {
	case batch == 0:
		batch = MaxBatch
	case batch < 0 || batch > MaxBatch:
		return nil, fmt.Errorf("carriers.%s.batch_size: %d is outside 1..%d (Track123 takes at most %d numbers a request)", Slug, batch, MaxBatch, MaxBatch)
	}
	client, err := carrierhttp.New(Slug, DefaultBaseURL, o.BaseURL, o.Timeout)
	if err != nil {
		return nil, fmt.Errorf("carriers.%s: %w", Slug, err)
	}
	client.Redact(key)
	// Wrap the transport so the whole body of an error answer can be read:
	// carrierhttp keeps a snippet, and Track123's code decides the kind.
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
	c := &Carrier{client: client, key: key, batch: batch, imported: map[string]bool{}}
	c.SetRate(RatePerSecond)
	return c, nil
}

// Name is the service's slug.
func (c *Carrier) Name() string { return Slug }

// BatchSize is the most numbers one Track call sends in one request.
func (c *Carrier) BatchSize() int { return c.batch }

// SetRate sets how many requests a second each endpoint gets at most
// (config rate_per_second); 0 or less removes the limit.
func (c *Carrier) SetRate(perSecond float64) {
	c.importPace.setRate(perSecond)
	c.queryPace.setRate(perSecond)
}

// Track answers each request with what Track123 knows of its number, in
// request order. Numbers Track123 has nothing for come back NotFound; a
// failure limited to one number is in its result's Err; an error return is
// a *tracker.CarrierError (or the context's error) and means nothing was
// learned. Batches larger than BatchSize go in several calls.
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
	key string // normalized, for matching answers
	req tracker.TrackRequest
}

// answer is what a batch learned of one number.
type answer struct {
	found    bool
	conv     converted
	err      error // a failure of this number alone
	refusal  error // why import refused it, if it did
	imported bool  // imported by this call
	website  string
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
		items = append(items, item{key: k, req: r})
	}
	answers := make(map[string]*answer, len(items))
	for _, it := range items {
		answers[it.key] = &answer{}
	}

	if fresh := c.notImported(items); len(fresh) > 0 {
		if err := c.importItems(ctx, fresh, answers); err != nil {
			return nil, err
		}
	}
	if err := c.query(ctx, unsettled(items, answers), answers); err != nil {
		return nil, err
	}
	// Missing from the query though our memory said imported (deleted in
	// Track123's dashboard, or imported by a process that has since lost
	// it): import once more and ask again.
	var again []item
	for _, it := range items {
		if a := answers[it.key]; !a.found && a.err == nil && !a.imported && a.refusal == nil {
			again = append(again, it)
		}
	}
	if len(again) > 0 {
		c.forget(again)
		if err := c.importItems(ctx, again, answers); err != nil {
			return nil, err
		}
		if err := c.query(ctx, unsettled(again, answers), answers); err != nil {
			return nil, err
		}
	}

	out := make([]tracker.TrackResult, len(reqs))
	for i, r := range reqs {
		res := tracker.TrackResult{TrackingNo: r.TrackingNo}
		a := answers[normalize(r.TrackingNo)]
		switch {
		case a == nil:
			res.Err = c.client.Fail(tracker.FailRequest, 0, errors.New("empty tracking number"))
		case a.err != nil:
			res.Err = a.err
		case !a.found && a.refusal != nil:
			// Refused by import and unknown to the query: the refusal is
			// the reason.
			res.Err = c.client.Fail(tracker.FailRequest, 0, fmt.Errorf("import %s: %w", r.TrackingNo, a.refusal))
		case a.found && len(a.conv.events) == 0 && a.website != "":
			// Track123 could not read the carrier: no events does not mean
			// the carrier has none.
			res.Err = c.client.Fail(tracker.FailServer, 0, fmt.Errorf("track %s: Track123 could not read the carrier (trackingStatus %s)", r.TrackingNo, a.website))
			res.Stopped = a.conv.stopped
		case a.found && len(a.conv.events) == 0 && a.conv.skipped > 0:
			res.Err = c.client.Fail(tracker.FailMalformed, 0, fmt.Errorf("track %s: no scan has a readable eventTime", r.TrackingNo))
		default:
			// Each result owns its slice: one number asked twice in a batch
			// must not share a backing array.
			res.Events = append([]tracker.Event(nil), a.conv.events...)
			res.ETA = a.conv.eta
			res.LastMile = a.conv.lastMile
			res.Stopped = a.conv.stopped
			res.NotFound = len(res.Events) == 0
		}
		out[i] = res
	}
	return out, nil
}

// unsettled returns the items no answer has settled yet.
func unsettled(items []item, answers map[string]*answer) []item {
	var out []item
	for _, it := range items {
		if a := answers[it.key]; !a.found && a.err == nil {
			out = append(out, it)
		}
	}
	return out
}

// importItems imports items. Accepted numbers are remembered; refused ones
// keep their refusal, and are still queried: Track123 refuses a number it
// already has with A0400 in the same words as a bad one. A refusal that
// concerns the account fails the call; one that concerns the plan for
// every number does too.
func (c *Carrier) importItems(ctx context.Context, items []item, answers map[string]*answer) error {
	body := make([]importItem, len(items))
	for i, it := range items {
		body[i] = importItem{TrackNo: strings.TrimSpace(it.req.TrackingNo)}
		if !it.req.ShippedAt.IsZero() {
			body[i].ShipTime = it.req.ShippedAt.UTC().Format(wall)
		}
		if s := tracker.PhoneLast4(it.req.Phone); s != "" {
			body[i].ExtendFieldMap = map[string]string{"phoneSuffix": s}
		}
	}
	var data importData
	if err := c.call(ctx, &c.importPace, pathImport, body, &data); err != nil {
		return annotate(err, fmt.Sprintf(tracker.CarrierCallNumbers, "import", len(items)))
	}
	for _, acc := range data.Accepted {
		k := normalize(acc.TrackNo)
		if a := answers[k]; a != nil {
			a.imported = true
		}
		c.remember(k)
	}
	quota := 0
	for _, r := range data.Rejected {
		k := normalize(r.TrackNo)
		if k == "" && r.Index >= 0 && r.Index < len(items) {
			k = items[r.Index].key
		}
		switch kind := kindOf(r.Error.Code); kind {
		case tracker.FailAuth, tracker.FailRateLimited:
			return annotate(c.fail(kind, 0, r.Error, nil), "import "+r.TrackNo)
		case tracker.FailQuota, tracker.FailServer:
			quota += boolInt(kind == tracker.FailQuota)
			if a := answers[k]; a != nil {
				a.err = c.client.Fail(kind, 0, fmt.Errorf("import %s: %w", r.TrackNo, r.Error))
			}
		default:
			if a := answers[k]; a != nil {
				a.refusal = r.Error
			}
		}
	}
	if quota > 0 && quota == len(items) {
		return annotate(c.client.Fail(tracker.FailQuota, 0, data.Rejected[0].Error), fmt.Sprintf(tracker.CarrierCallNumbersRefused, "import", len(items)))
	}
	return nil
}

// query reads items' trackings into answers.
func (c *Carrier) query(ctx context.Context, items []item, answers map[string]*answer) error {
	if len(items) == 0 {
		return nil
	}
	body := queryRequest{TrackNos: make([]string, len(items)), QueryPageSize: MaxBatch}
	for i, it := range items {
		body.TrackNos[i] = strings.TrimSpace(it.req.TrackingNo)
	}
	var data queryData
	if err := c.call(ctx, &c.queryPace, pathQuery, body, &data); err != nil {
		return annotate(err, fmt.Sprintf(tracker.CarrierCallNumbers, "query", len(items)))
	}
	for _, t := range data.Accepted.Content {
		k := normalize(t.TrackNo)
		a := answers[k]
		if a == nil || a.err != nil {
			continue // a number we did not ask about
		}
		conv := convert(t)
		if a.found {
			// The same number twice (two carriers): keep both histories,
			// the store dedupes.
			conv.events = append(a.conv.events, conv.events...)
			conv.skipped += a.conv.skipped
			if conv.eta.IsZero() {
				conv.eta = a.conv.eta
			}
			if conv.lastMile.TrackingNo == "" {
				conv.lastMile = a.conv.lastMile
			}
			conv.stopped = conv.stopped && a.conv.stopped
		}
		a.found, a.conv = true, conv
		if websiteError(t.TrackingStatus) {
			a.website = t.TrackingStatus + " " + queryStatuses[t.TrackingStatus]
		}
		c.remember(k)
	}
	for _, r := range data.rejected() {
		switch kind := kindOf(r.Error.Code); kind {
		case tracker.FailAuth, tracker.FailRateLimited:
			return annotate(c.fail(kind, 0, r.Error, nil), "query "+r.TrackNo)
		default:
			if a := answers[normalize(r.TrackNo)]; a != nil && !a.found {
				a.err = c.client.Fail(kind, 0, fmt.Errorf("query %s: %w", r.TrackNo, r.Error))
			}
		}
	}
	return nil
}

// call POSTs body to path and decodes the envelope's data into out. The
// envelope's code decides, whatever the HTTP status; without a readable
// code the status does, through carrierhttp.
func (c *Carrier) call(ctx context.Context, pace *pacer, path string, body, out any) error {
	if err := pace.wait(ctx); err != nil {
		return err
	}
	req, err := c.client.JSONRequest(http.MethodPost, path, nil, body)
	if err != nil {
		return c.client.Fail(tracker.FailRequest, 0, err)
	}
	req.Header.Set(KeyHeader, c.key)
	capt := &captured{}
	raw, err := c.client.Do(context.WithValue(ctx, captureKey{}, capt), req)
	if err != nil {
		var ce *tracker.CarrierError
		if !errors.As(err, &ce) || ce.Status == 0 {
			return err // transport failure or our own cancellation
		}
		var env envelope
		if json.Unmarshal(capt.body, &env) == nil && env.Code != "" && env.Code != codeSuccess {
			return c.fail(kindOf(env.Code), ce.Status, apiError{env.Code, env.Msg}, ce)
		}
		return err
	}
	return c.decodeAnswer(raw, out)
}

// decodeAnswer reads a 2xx answer: the envelope, its code, then data into
// out.
func (c *Carrier) decodeAnswer(raw []byte, out any) error {
	var env envelope
	if err := c.client.Decode(raw, &env); err != nil {
		return err
	}
	if env.Code != codeSuccess {
		if env.Code == "" {
			return c.client.Fail(tracker.FailMalformed, 0, fmt.Errorf("answer without a code in %s", carrierhttp.Snippet(raw)))
		}
		return c.fail(kindOf(env.Code), 0, apiError{env.Code, env.Msg}, nil)
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return c.client.Fail(tracker.FailMalformed, 0, fmt.Errorf("data: %v in %s", err, carrierhttp.Snippet(raw)))
	}
	return nil
}

// fail builds the failure for a service code. ce is what carrierhttp made
// of the HTTP status, when it was not 2xx: its Retry-After is kept. A rate
// limit without one waits a second, the docs' "short delay".
func (c *Carrier) fail(kind tracker.FailKind, status int, e apiError, ce *tracker.CarrierError) *tracker.CarrierError {
	f := c.client.Fail(kind, status, e)
	if ce != nil {
		f.RetryAfter = ce.RetryAfter
	}
	if kind == tracker.FailRateLimited && f.RetryAfter == 0 {
		f.RetryAfter = time.Second
	}
	return f
}

// annotate says what was being done when a call failed, keeping a
// CarrierError the error returned.
func annotate(err error, doing string) error {
	var ce *tracker.CarrierError
	if errors.As(err, &ce) {
		cp := *ce
		cp.Err = fmt.Errorf("%s: %w", doing, ce.Err)
		return &cp
	}
	return fmt.Errorf("%s %s: %w", Slug, doing, err)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// normalize is the form numbers are matched in.
func normalize(n string) string { return strings.ToUpper(strings.TrimSpace(n)) }

func (c *Carrier) notImported(items []item) []item {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []item
	for _, it := range items {
		if !c.imported[it.key] {
			out = append(out, it)
		}
	}
	return out
}

func (c *Carrier) remember(k string) {
	if k == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.imported[k] = true
}

func (c *Carrier) forget(items []item) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, it := range items {
		delete(c.imported, it.key)
	}
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
