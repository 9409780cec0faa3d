// Package kuaidi100 is the adapter for Kuaidi100's (快递100) real-time query
// API (实时快递查询), our service slug "kuaidi100", and the receiver of its
// subscription pushes (快递信息推送).
//
// A query is POST https://poll.kuaidi100.com/poll/query.do with the form
// fields customer, sign and param, where param is a JSON object
// {"com","num"[,"phone"],"resultv2"} (phone: the order's, see phone.go) and sign = UPPER(MD5(param + key +
// customer)) over param exactly as sent. One number per call. We send
// resultv2=4, which adds to every trail entry its numeric advanced state
// (statusCode, e.g. 1002, 301) and its region; resultv2=1 only adds the
// state's name.
//
// Errors come back as HTTP 200 with {"result":false,"returnCode":…,
// "message":…}; see classify for what each code means to us. Times are China
// local time without a zone and are converted to UTC.
//
// Kuaidi100 asks that one number be queried at most every half hour, or the
// number gets locked ("锁单"); the refresher's schedule must respect that.
// No request-rate limit or rate-limit return code is documented; an HTTP 429
// is handled like any service's.
package kuaidi100

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"waybill/carriers/carrierhttp"
	"waybill/tracker"
)

// Slug is our name for the service, in config ([carriers.kuaidi100]) and errors.
const Slug = "kuaidi100"

// DefaultBaseURL is Kuaidi100's documented host.
const DefaultBaseURL = "https://poll.kuaidi100.com"

// Path is the documented path of the real-time query.
const Path = "/poll/query.do"

// MaxBatch is how many numbers one query takes.
const MaxBatch = 1

// ResultV2 is the resultv2 value we send: 4 adds the advanced state code
// to each trail entry.
const ResultV2 = "4"

// Documented bounds of num ("单号的最小长度6个字符，最大长度32个字符").
const (
	minNumLen = 6
	maxNumLen = 32
)

// Carrier queries Kuaidi100.
type Carrier struct {
	client   *carrierhttp.Client
	key      string
	customer string
	batch    int
	phone    string // a Phone mode (phone.go)
}

// New returns the adapter for o. Kuaidi100 needs both the key (api_key) and
// the customer id (customer) of an enterprise account.
func New(o carrierhttp.Options) (*Carrier, error) {
	key := strings.TrimSpace(o.APIKey)
	if key == "" {
		return nil, errors.New("carriers.kuaidi100.api_key is empty: set the key (授权key) of your Kuaidi100 enterprise account")
	}
	customer := strings.TrimSpace(o.Customer)
	if customer == "" {
		return nil, errors.New("carriers.kuaidi100.customer is empty: set the customer id shown beside the key in the Kuaidi100 console")
	}
	batch := o.BatchSize
	switch {
	case batch < 0:
		return nil, fmt.Errorf("carriers.kuaidi100.batch_size %d is negative", batch)
	case batch == 0:
		batch = MaxBatch
	case batch > MaxBatch:
		return nil, fmt.Errorf("carriers.kuaidi100.batch_size %d: the real-time query takes %d number per call", batch, MaxBatch)
	}
	c, err := carrierhttp.New(Slug, DefaultBaseURL, o.BaseURL, o.Timeout)
	if err != nil {
		return nil, err
	}
	c.HTTP = o.HTTP
	c.Redact(key)
	return &Carrier{client: c, key: key, customer: customer, batch: batch, phone: PhoneLast4}, nil
}

// Name is the service slug.
func (c *Carrier) Name() string { return Slug }

// BatchSize is how many requests one call carries.
func (c *Carrier) BatchSize() int { return c.batch }

// Track queries each request in turn and returns one result per request in
// order. A number whose carrier has no Kuaidi100 company code, or that
// Kuaidi100 refuses, gets its own Err; a number with no trail yet is
// NotFound; a call-level failure (bad key, balance used up, server, HTTP
// errors) stops the batch and returns a *tracker.CarrierError.
func (c *Carrier) Track(ctx context.Context, reqs []tracker.TrackRequest) ([]tracker.TrackResult, error) {
	return carrierhttp.TrackEach(ctx, Slug, reqs, c.trackOne)
}

// queryParam is param in its documented field order.
type queryParam struct {
	Com      string `json:"com"`
	Num      string `json:"num"`
	Phone    string `json:"phone,omitempty"`
	ResultV2 string `json:"resultv2"`
}

// Sign is Kuaidi100's query signature: upper-case hex MD5 of param, key and
// customer concatenated.
func Sign(param, key, customer string) string {
	sum := md5.Sum([]byte(param + key + customer))
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

func (c *Carrier) trackOne(ctx context.Context, req tracker.TrackRequest) (tracker.TrackResult, error) {
	res := tracker.TrackResult{TrackingNo: req.TrackingNo}
	num := strings.TrimSpace(req.TrackingNo)
	com, ok := Com(req.Carrier)
	if !ok {
		res.Err = fmt.Errorf("kuaidi100 has no company code for carrier %q: cannot query %s", req.Carrier, num)
		return res, nil
	}
	if n := len(num); n < minNumLen || n > maxNumLen {
		res.Err = fmt.Errorf("kuaidi100 takes numbers of %d–%d characters, %q has %d", minNumLen, maxNumLen, num, n)
		return res, nil
	}
	pb, err := json.Marshal(queryParam{Com: com, Num: num, Phone: phoneParam(req.Phone, c.phone), ResultV2: ResultV2})
	if err != nil {
		return res, c.client.Fail(tracker.FailRequest, 0, err)
	}
	param := string(pb)
	form := url.Values{
		"customer": {c.customer},
		"sign":     {Sign(param, c.key, c.customer)},
		"param":    {param},
	}
	hr, err := http.NewRequest(http.MethodPost, c.client.URL(Path, nil), strings.NewReader(form.Encode()))
	if err != nil {
		return res, c.client.Fail(tracker.FailRequest, 0, err)
	}
	hr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	hr.Header.Set("Accept", "application/json")
	body, err := c.client.Do(ctx, hr)
	if err != nil {
		return res, err
	}
	got, err := Interpret(body, req.TrackingNo)
	if err != nil {
		var ve *VendorError
		if errors.As(err, &ve) {
			return res, c.client.Fail(ve.Kind, 0, fmt.Errorf("query %s: %w", num, ve))
		}
		return res, c.client.Fail(tracker.FailMalformed, 0, fmt.Errorf("query %s: %v in %s", num, err, carrierhttp.Snippet(body)))
	}
	if got.Err != nil {
		got.Err = fmt.Errorf("query %s: %w", num, got.Err)
	}
	return got, nil
}

var _ tracker.Carrier = (*Carrier)(nil)
