// Package aftership is the adapter for the AfterShip Tracking API, version
// 2024-04 (https://api.aftership.com/tracking/2024-04, header as-api-key).
//
// AfterShip tracks only numbers it has been given, so Track first lists the
// batch (GET /trackings?tracking_numbers=…, at most 50 numbers a request),
// then creates what is missing (POST /trackings, one number a request) and
// reports those as NotFound until AfterShip's first checkpoints arrive. An
// "already exists" answer (meta.code 4003) is not an error: the existing
// tracking is fetched by the id the answer carries (GET /trackings/{id}).
// Checkpoint tags and subtags map to our statuses through the table in
// codes.go; our carrier slugs map to AfterShip courier slugs through
// couriers.go. Webhook receives AfterShip's signed tracking_update pushes.
//
// The 2024-04 version allows 10 requests a second per organization (later
// versions set limits per endpoint); the adapter spaces its own requests to
// stay under it, because one Track call can send several.
package aftership

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"waybill/carriers/carrierhttp"
	"waybill/tracker"
)

// Slug is our name for the service, in errors and in [carriers.aftership].
const Slug = "aftership"

// MaxBatchSize is the most tracking numbers GET /trackings takes in
// tracking_numbers ("Supports up to 50 tracking numbers").
const MaxBatchSize = 50

// RatePerSecond is the 2024-04 rate limit: 10 requests a second for the
// whole organization.
const RatePerSecond = 10

const (
	defaultBase   = "https://api.aftership.com"
	trackingsPath = "/tracking/2024-04/trackings"
	// listLimit is the page size asked of GET /trackings (documented
	// maximum 200): one page holds a full batch even when some numbers have
	// trackings under several couriers.
	listLimit = 200
	maxPages  = 5
	// retention is how far back GET /trackings is asked to look. Its
	// created_at_min defaults to 30 days ago, and AfterShip keeps trackings
	// 120 days, so without this a parcel older than a month would look new
	// and be created again.
	retention = 120 * 24 * time.Hour
)

// Carrier is the AfterShip adapter; it implements tracker.Carrier. It is
// safe for concurrent use.
type Carrier struct {
	http  *carrierhttp.Client
	key   string
	batch int
	pace  *pacer
	now   func() time.Time
}

var _ tracker.Carrier = (*Carrier)(nil)

// New builds the adapter from the [carriers.aftership] settings.
func New(o carrierhttp.Options) (*Carrier, error) {
	apiKey := strings.TrimSpace(o.APIKey)
	if apiKey == "" {
		return nil, errors.New("carriers.aftership.api_key is empty: set it (or api_key_env) to an AfterShip API key")
	}
	batch := o.BatchSize
	switch {
	case batch == 0:
		batch = MaxBatchSize
	case batch < 0 || batch > MaxBatchSize:
		return nil, fmt.Errorf("carriers.aftership.batch_size = %d: AfterShip takes 1 to %d tracking numbers per request", batch, MaxBatchSize)
	}
	hc, err := carrierhttp.New(Slug, defaultBase, o.BaseURL, o.Timeout)
	if err != nil {
		return nil, fmt.Errorf("carriers.aftership: %w", err)
	}
	hc.HTTP = withRecorder(o.HTTP)
	hc.Redact(apiKey)
	return &Carrier{
		http:  hc,
		key:   apiKey,
		batch: batch,
		pace:  newPacer(RatePerSecond),
		now:   time.Now,
	}, nil
}

// Name is our slug for the service.
func (c *Carrier) Name() string { return Slug }

// BatchSize is the most numbers one list request carries.
func (c *Carrier) BatchSize() int { return c.batch }

// Track returns one result per request, in order. A failure of the whole
// call (auth, quota, rate limit, server, timeout, malformed answer) is a
// *tracker.CarrierError and no results; a number AfterShip rejects (invalid
// number, unknown courier …) gets the error in its own result.
func (c *Carrier) Track(ctx context.Context, reqs []tracker.TrackRequest) ([]tracker.TrackResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("aftership track %d numbers: %w", len(reqs), err)
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

// trackBatch fills out for reqs (at most one batch).
func (c *Carrier) trackBatch(ctx context.Context, reqs []tracker.TrackRequest, out []tracker.TrackResult) error {
	var numbers []string
	seen := map[string]bool{}
	for i, r := range reqs {
		n := strings.TrimSpace(r.TrackingNo)
		if err := checkNumber(n); err != nil {
			out[i] = tracker.TrackResult{TrackingNo: r.TrackingNo, Err: c.http.Fail(tracker.FailRequest, 0, err)}
			continue
		}
		if k := key(n); !seen[k] {
			seen[k] = true
			numbers = append(numbers, n)
		}
	}
	if len(numbers) == 0 {
		return nil
	}
	found, err := c.list(ctx, numbers, "")
	if err != nil {
		return annotate(err, "get trackings for %d numbers", len(numbers))
	}
	created := map[string]tracker.TrackResult{} // key|slug → result of a create in this batch
	for i, r := range reqs {
		if out[i].Err != nil {
			continue
		}
		n := strings.TrimSpace(r.TrackingNo)
		slug := CourierSlug(r.Carrier)
		if t := pick(found[key(n)], slug); t != nil {
			out[i] = t.result(r.TrackingNo)
			continue
		}
		ck := key(n) + "|" + slug
		res, ok := created[ck]
		if !ok {
			if res, err = c.create(ctx, r, n, slug); err != nil {
				return annotate(err, "create tracking %s", n)
			}
			created[ck] = res
		}
		res.TrackingNo = r.TrackingNo
		out[i] = res
	}
	return nil
}

// list asks for the trackings of numbers (optionally of one courier) and
// returns them by number.
func (c *Carrier) list(ctx context.Context, numbers []string, slug string) (map[string][]apiTracking, error) {
	q := url.Values{}
	q.Set("tracking_numbers", strings.Join(numbers, ","))
	if slug != "" {
		q.Set("slug", slug)
	}
	q.Set("limit", strconv.Itoa(listLimit))
	q.Set("created_at_min", c.now().Add(-retention).UTC().Format(time.RFC3339))
	found := map[string][]apiTracking{}
	for page := 1; page <= maxPages; page++ {
		q.Set("page", strconv.Itoa(page))
		req, err := c.http.JSONRequest(http.MethodGet, trackingsPath, q, nil)
		if err != nil {
			return nil, err
		}
		env, err := c.do(ctx, req)
		if err != nil {
			return nil, err
		}
		var d listData
		if err := c.data(env, &d); err != nil {
			return nil, err
		}
		for _, t := range d.Trackings {
			k := key(t.TrackingNumber.String())
			found[k] = append(found[k], t)
		}
		if len(d.Trackings) < listLimit {
			break
		}
	}
	return found, nil
}

// newTracking is the body of POST /trackings.
type newTracking struct {
	Tracking struct {
		TrackingNumber   string `json:"tracking_number"`
		Slug             string `json:"slug,omitempty"`
		TrackingShipDate string `json:"tracking_ship_date,omitempty"`
	} `json:"tracking"`
}

// create registers number with AfterShip and returns what it knows: usually
// nothing yet (NotFound). "Already exists" fetches the existing tracking; a
// rejection of the number itself is the result's Err. The error return is
// for failures of the call.
func (c *Carrier) create(ctx context.Context, r tracker.TrackRequest, number, slug string) (tracker.TrackResult, error) {
	var body newTracking
	body.Tracking.TrackingNumber = number
	body.Tracking.Slug = slug
	if shipDateRequired[slug] && !r.ShippedAt.IsZero() {
		body.Tracking.TrackingShipDate = r.ShippedAt.UTC().Format("20060102")
	}
	req, err := c.http.JSONRequest(http.MethodPost, trackingsPath, nil, body)
	if err != nil {
		return tracker.TrackResult{}, err
	}
	env, err := c.do(ctx, req)
	if err == nil {
		var d oneData
		if err := c.data(env, &d); err != nil {
			return tracker.TrackResult{}, err
		}
		return d.Tracking.result(number), nil
	}
	var ve *VendorError
	if tracker.FailKindOf(err) != tracker.FailRequest || !errors.As(err, &ve) {
		return tracker.TrackResult{}, err
	}
	if ve.Code != codeAlreadyExists {
		return tracker.TrackResult{TrackingNo: number, Err: err}, nil
	}
	return c.existing(ctx, number, slug, ve)
}

// existing finds the tracking a 4003 answer refers to: by the id in its
// data when there is one, else by listing the number under that courier.
func (c *Carrier) existing(ctx context.Context, number, slug string, ve *VendorError) (tracker.TrackResult, error) {
	var d oneData
	if len(ve.data) > 0 && json.Unmarshal(ve.data, &d) == nil && d.Tracking.ID.String() != "" {
		t, err := c.get(ctx, d.Tracking.ID.String())
		if err != nil || t == nil {
			return tracker.TrackResult{TrackingNo: number, NotFound: true}, err
		}
		return t.result(number), nil
	}
	found, err := c.list(ctx, []string{number}, slug)
	if err != nil {
		return tracker.TrackResult{}, err
	}
	if t := pick(found[key(number)], slug); t != nil {
		return t.result(number), nil
	}
	return tracker.TrackResult{TrackingNo: number, NotFound: true}, nil
}

// get fetches one tracking by id; nil when AfterShip no longer has it.
func (c *Carrier) get(ctx context.Context, id string) (*apiTracking, error) {
	req, err := c.http.JSONRequest(http.MethodGet, trackingsPath+"/"+url.PathEscape(id), nil, nil)
	if err != nil {
		return nil, err
	}
	env, err := c.do(ctx, req)
	var ve *VendorError
	if errors.As(err, &ve) && (ve.Code == codeDoesNotExist || ve.Code == http.StatusNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, annotate(err, "get tracking %s", id)
	}
	var d oneData
	if err := c.data(env, &d); err != nil {
		return nil, err
	}
	return &d.Tracking, nil
}

// data decodes an envelope's data.
func (c *Carrier) data(env *envelope, out any) error {
	if len(env.Data) == 0 {
		return nil
	}
	return c.http.Decode(env.Data, out)
}

// pick chooses the tracking for a request among those AfterShip has for its
// number: the one under the requested courier, else the most recently
// updated (AfterShip may have detected or corrected the courier itself).
func pick(ts []apiTracking, slug string) *apiTracking {
	var best *apiTracking
	var bestAt time.Time
	for i := range ts {
		t := &ts[i]
		if slug != "" && t.Slug.String() == slug {
			return t
		}
		at, _ := parseTime(t.UpdatedAt.String())
		if best == nil || at.After(bestAt) {
			best, bestAt = t, at
		}
	}
	return best
}

// key compares tracking numbers the way AfterShip stores them.
func key(n string) string { return strings.ToUpper(strings.TrimSpace(n)) }

// checkNumber refuses what cannot go into a comma-separated list or a
// tracking: AfterShip accepts 4 to 100 of A–Z, 0–9, - . _ /.
func checkNumber(n string) error {
	if n == "" {
		return errors.New("empty tracking number")
	}
	if strings.ContainsAny(n, ", \t\r\n") {
		return fmt.Errorf("tracking number %q has a comma or space, which AfterShip does not accept", n)
	}
	return nil
}
