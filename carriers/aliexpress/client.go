package aliexpress

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"waybill/carriers/carrierhttp"
	"waybill/tracker"
)

// DefaultBase is the IOP gateway (MARKETPLACES.md A1).
const DefaultBase = "https://api-sg.aliexpress.com"

// Name is the marketplace's slug, Order.Marketplace of what it returns.
const Name = "aliexpress"

// Reconnect is what a refused grant tells the seller to do.
const Reconnect = "run waybill connect aliexpress again" // as tracker.MarketReconnect says it

// DefaultRate is the calls a second the adapter keeps to when
// [marketplaces.aliexpress] rate_per_second is not set. AliExpress publishes
// no cap for the order, dispute and extend APIs (MARKETPLACES.md A5:
// UNCONFIRMED; the one published cap, for another API, is 80 a second), so
// this is a guess on the safe side: 10,000 orders (about 10,200 calls) take
// 17 minutes to sync the first time, and an ApiCallLimit still waits 1 s
// and retries.
const DefaultRate = 10.0

// paceMargin widens each slot by 3% over 1/rate: a second on the gateway's
// clock then holds more than the rate only if the network's delay swings
// by 30 ms within it, while a sync still runs within 1.1× of the
// rate (the budget).
const paceMargin = 0.03

// refreshBefore: tokens are refreshed this long before they expire, so no
// call goes out with one about to run out.
const refreshBefore = 10 * time.Minute

// Options configure a Client ([marketplaces.aliexpress]).
type Options struct {
	AppKey, AppSecret string
	BaseURL           string // "" for DefaultBase
	RedirectURI       string // the app's registered callback, for the consent URL
	TokenPath         string // the token file (TokenPath beside the config)
	Timeout           time.Duration
	// RatePerSecond is the calls a second to keep to: 0 for DefaultRate,
	// below 0 for no pacing (tests of a gateway with no limit).
	RatePerSecond float64
	// PageSize is the orders or disputes a list call asks for: 0 for
	// MaxPageSize (UNCONFIRMED for these lists).
	PageSize int
	// MaxExtendDays is the most days one extension asks for: 0 for
	// tracker.MaxExtendDays (AliExpress's cap is UNCONFIRMED).
	MaxExtendDays int
	HTTP          *http.Client
	Now           func() time.Time          // nil: time.Now
	Sleep         func(time.Duration) error // nil: a context-aware sleep
}

// Client is the adapter.
type Client struct {
	opt  Options
	http *carrierhttp.Client
	pace carrierhttp.Pacer
	mu   sync.Mutex // guards tok
	tok  Tokens
	have bool
}

var (
	_ tracker.Marketplace        = (*Client)(nil)
	_ tracker.ProtectionExtender = (*Client)(nil)
)

// New returns the adapter.
func New(opt Options) (*Client, error) {
	if opt.AppKey == "" || opt.AppSecret == "" {
		return nil, errors.New("marketplaces.aliexpress: needs app_key and app_secret (or app_secret_env)")
	}
	hc, err := carrierhttp.New(Name, DefaultBase, opt.BaseURL, opt.Timeout)
	if err != nil {
		return nil, err
	}
	hc.HTTP = opt.HTTP
	hc.Redact(opt.AppSecret)
	if opt.Now == nil {
		opt.Now = time.Now
	}
	c := &Client{opt: opt, http: hc}
	rate := opt.RatePerSecond
	if rate == 0 {
		rate = DefaultRate
	}
	c.pace.SetRate(rate, paceMargin)
	return c, nil
}

// Name implements tracker.Marketplace.
func (c *Client) Name() string { return Name }

// ConsentURL is the page where the seller grants access (A1, D4); state
// comes back with the code.
func (c *Client) ConsentURL(state string) string {
	q := url.Values{"response_type": {"code"}, "force_auth": {"true"}, "redirect_uri": {c.opt.RedirectURI}, "client_id": {c.opt.AppKey}}
	if state != "" {
		q.Set("state", state)
	}
	return c.http.URL("/oauth/authorize", q)
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.opt.Sleep != nil {
		return c.opt.Sleep(d)
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

// errorBody is /sync's error_response and /rest's top-level error (A5).
type errorBody struct {
	Type    string `json:"type"`
	Code    str    `json:"code"`
	Msg     string `json:"msg"`
	Message string `json:"message"`
	SubCode string `json:"sub_code"`
	SubMsg  string `json:"sub_msg"`
}

// classify turns a gateway error into a CarrierError of the right kind:
// ApiCallLimit and code 7 are a rate limit to retry after 1 s; 27 and the
// IOP token codes a refused grant; isp.* and 15 the platform's own trouble,
// retried; the rest the request's fault.
func (c *Client) classify(e errorBody) *tracker.CarrierError {
	code := string(e.Code)
	msg := tracker.Sanitize(strings.TrimSpace(strings.Join([]string{code, e.Msg + e.Message, e.SubCode, e.SubMsg}, " ")))
	switch {
	case code == "ApiCallLimit" || code == "7":
		err := c.http.Fail(tracker.FailRateLimited, 0, errors.New(msg))
		err.RetryAfter = time.Second
		return err
	case code == "27" || code == "IllegalAccessToken" || code == "IllegalRefreshToken" || code == "InvalidCode" || code == "InvalidSession":
		return c.http.Fail(tracker.FailAuth, 0, fmt.Errorf(tracker.MarketReconnect, msg))
	case code == "25" || code == "IncompleteSignature" || code == "InvalidAppKey" || code == "11":
		return c.http.Fail(tracker.FailAuth, 0, fmt.Errorf(tracker.MarketCheckAliExpress, msg))
	case strings.HasPrefix(e.SubCode, "isp.") || strings.EqualFold(e.Type, "ISP") || code == "15":
		return c.http.Fail(tracker.FailServer, 0, errors.New(msg))
	default:
		return c.http.Fail(tracker.FailRequest, 0, errors.New(msg))
	}
}

// retries bounds the calls one request makes through rate limits and
// platform errors before giving up to the caller.
const retries = 3

// post sends one signed form POST and returns the body; apiPath is "" for
// /sync.
func (c *Client) post(ctx context.Context, apiPath string, sys, biz url.Values) ([]byte, error) {
	all := url.Values{}
	for k, v := range sys {
		all[k] = v
	}
	for k, v := range biz {
		all[k] = v
	}
	sys.Set("sign", Sign(c.opt.AppSecret, apiPath, all))
	path := "/sync"
	if apiPath != "" {
		path = "/rest" + apiPath
	}
	// System parameters in the query, business ones in the body, as the
	// Java SDK sends them (A4); the signature covers both.
	req, err := http.NewRequest(http.MethodPost, c.http.URL(path, sys), strings.NewReader(biz.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
	req.Header.Set("Accept", "application/json")
	// Every call, a retry too, waits for its slot: the gateway answers
	// ApiCallLimit past its rate and bans the app for a second (A5), so
	// keeping under it is faster than retrying.
	if err := c.pace.Wait(ctx); err != nil {
		return nil, err
	}
	return c.http.Do(ctx, req)
}

func (c *Client) timestamp() string { return strconv.FormatInt(c.opt.Now().UnixMilli(), 10) }

// call runs a /sync method and decodes its <method>_response object into
// out, retrying rate limits and platform errors, and refreshing the token
// once when the gateway says it is no longer valid.
func (c *Client) call(ctx context.Context, method string, biz url.Values, out any) error {
	refreshed := false
	for attempt := 1; ; attempt++ {
		tok, err := c.token(ctx)
		if err != nil {
			return err
		}
		sys := url.Values{"app_key": {c.opt.AppKey}, "method": {method}, "session": {tok}, "timestamp": {c.timestamp()},
			"sign_method": {"sha256"}, "format": {"json"}, "v": {"2.0"}, "simplify": {"false"}}
		body, err := c.post(ctx, "", sys, biz)
		if err == nil {
			err = c.decodeSync(method, body, out)
		}
		var ce *tracker.CarrierError
		if !errors.As(err, &ce) {
			return err
		}
		switch {
		case ce.Kind == tracker.FailAuth && strings.Contains(ce.Error(), Reconnect) && !refreshed:
			// Expired or revoked early: refresh once and try again; a second
			// refusal is the seller's to fix.
			refreshed = true
			if err := c.refresh(ctx); err != nil {
				return err
			}
			continue
		case (ce.Kind == tracker.FailRateLimited || ce.Kind == tracker.FailServer) && attempt < retries:
			wait := ce.RetryAfter
			if wait == 0 {
				wait = time.Second
			}
			if err := c.sleep(ctx, wait); err != nil {
				return err
			}
			continue
		}
		return tracker.Wrapf(tracker.MarketCall, method, err)
	}
}

func (c *Client) decodeSync(method string, body []byte, out any) error {
	var env map[string]json.RawMessage
	if err := c.http.Decode(body, &env); err != nil {
		return err
	}
	if raw, ok := env["error_response"]; ok {
		var e errorBody
		if err := c.http.Decode(raw, &e); err != nil {
			return err
		}
		return c.classify(e)
	}
	key := strings.ReplaceAll(method, ".", "_") + "_response"
	raw, ok := env[key]
	if !ok {
		return c.http.Fail(tracker.FailMalformed, 0, fmt.Errorf("no %s in %s", key, carrierhttp.Snippet(body)))
	}
	return c.http.Decode(raw, out)
}

// tokenAnswer is /rest/auth/token/create|refresh (A2).
type tokenAnswer struct {
	errorBody
	AccessToken      string `json:"access_token"`
	RefreshToken     string `json:"refresh_token"`
	ExpiresIn        int64  `json:"expires_in"`
	RefreshExpiresIn int64  `json:"refresh_expires_in"`
	SellerID         str    `json:"seller_id"`
	UserNick         string `json:"user_nick"`
}

func (c *Client) rest(ctx context.Context, apiPath string, biz url.Values) (Tokens, error) {
	now := c.opt.Now()
	sys := url.Values{"app_key": {c.opt.AppKey}, "timestamp": {c.timestamp()}, "sign_method": {"sha256"}}
	body, err := c.post(ctx, apiPath, sys, biz)
	if err != nil {
		return Tokens{}, err
	}
	var a tokenAnswer
	if err := c.http.Decode(body, &a); err != nil {
		return Tokens{}, err
	}
	if a.Code != "0" || a.AccessToken == "" {
		e := c.classify(a.errorBody)
		if e.Kind != tracker.FailRateLimited && e.Kind != tracker.FailServer {
			// A refused code or refresh token is never worth retrying.
			e.Kind = tracker.FailAuth
			if !strings.Contains(e.Err.Error(), Reconnect) {
				e.Err = fmt.Errorf(tracker.MarketReconnect, e.Err)
			}
		}
		return Tokens{}, e
	}
	t := Tokens{AccessToken: a.AccessToken, RefreshToken: a.RefreshToken, ExpiresAt: now.Add(time.Duration(a.ExpiresIn) * time.Second).UTC(),
		SellerID: string(a.SellerID), UserNick: a.UserNick}
	if a.RefreshExpiresIn > 0 {
		t.RefreshExpiresAt = now.Add(time.Duration(a.RefreshExpiresIn) * time.Second).UTC()
	}
	c.http.Redact(t.AccessToken, t.RefreshToken)
	return t, nil
}

// Exchange trades the consent page's code for tokens and writes them to
// the token file (mode 0600).
func (c *Client) Exchange(ctx context.Context, code string) (Tokens, error) {
	c.http.Redact(code)
	t, err := c.rest(ctx, "/auth/token/create", url.Values{"code": {strings.TrimSpace(code)}})
	if err != nil {
		return Tokens{}, tracker.Wrapf(tracker.MarketExchangeCode, err)
	}
	if err := c.store(t); err != nil {
		return Tokens{}, err
	}
	return t, nil
}

func (c *Client) store(t Tokens) error {
	c.mu.Lock()
	c.tok, c.have = t, true
	c.mu.Unlock()
	if c.opt.TokenPath == "" {
		return nil
	}
	return SaveTokens(c.opt.TokenPath, t)
}

// token returns a valid access token, loading the file on first use and
// refreshing it when it is within refreshBefore of its expiry.
func (c *Client) token(ctx context.Context) (string, error) {
	c.mu.Lock()
	if !c.have {
		if c.opt.TokenPath == "" {
			c.mu.Unlock()
			return "", ErrNotConnected
		}
		t, err := LoadTokens(c.opt.TokenPath)
		if err != nil {
			c.mu.Unlock()
			return "", err
		}
		c.tok, c.have = t, true
		c.http.Redact(t.AccessToken, t.RefreshToken)
	}
	t := c.tok
	c.mu.Unlock()
	if !t.ExpiresAt.IsZero() && c.opt.Now().Add(refreshBefore).After(t.ExpiresAt) {
		if err := c.refresh(ctx); err != nil {
			return "", err
		}
		c.mu.Lock()
		t = c.tok
		c.mu.Unlock()
	}
	return t.AccessToken, nil
}

// refresh trades the refresh token for new tokens and writes them.
func (c *Client) refresh(ctx context.Context) error {
	c.mu.Lock()
	rt := c.tok.RefreshToken
	c.mu.Unlock()
	if rt == "" {
		return c.http.Fail(tracker.FailAuth, 0, errors.New(tracker.MarketNoRefreshToken))
	}
	t, err := c.rest(ctx, "/auth/token/refresh", url.Values{"refresh_token": {rt}})
	if err != nil {
		return tracker.Wrapf(tracker.MarketRefreshing, err)
	}
	return c.store(t)
}
