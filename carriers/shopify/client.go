// Package shopify is the Shopify Admin GraphQL adapter (MARKETPLACES.md C):
// a shop's orders updated since the last sync, with their fulfillments'
// tracking numbers, paced by the cost-based leaky bucket the API reports.
package shopify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"sync"
	"time"

	"waybill/carriers/carrierhttp"
	"waybill/tracker"
)

// Name is the marketplace's slug, Order.Marketplace of what it returns.
const Name = "shopify"

// DefaultVersion is the Admin API version asked for when the config names
// none (C: 2025-01 or later).
const DefaultVersion = "2025-01"

// pageSize is the orders asked for per page (C's sketch; at most 250).
const pageSize = 100

// maxWait is the longest the client waits for the bucket in one call
// before giving the rate limit back to the caller (the sync retries on
// its next run).
const maxWait = 2 * time.Minute

// Options configure a Client ([marketplaces.shopify]).
type Options struct {
	Shop    string // "my-shop" or "my-shop.myshopify.com"
	Token   string // the Admin API access token
	Version string // "" for DefaultVersion
	BaseURL string // "" for https://{shop}.myshopify.com
	Timeout time.Duration
	HTTP    *http.Client
	Now     func() time.Time                           // nil: time.Now
	Sleep   func(context.Context, time.Duration) error // nil: a context-aware sleep
	MaxWait time.Duration                              // 0: maxWait
}

// Client is the adapter.
type Client struct {
	opt  Options
	http *carrierhttp.Client
	path string

	mu     sync.Mutex // guards bucket
	bucket bucket
}

// bucket is the last throttleStatus the API reported, and when.
type bucket struct {
	known                   bool
	max, available, restore float64
	at                      time.Time
	lastCost                float64 // the last call's requested cost
}

var _ tracker.Marketplace = (*Client)(nil)

// ShopHost is the shop's host: "my-shop" becomes my-shop.myshopify.com.
func ShopHost(shop string) string {
	shop = strings.ToLower(strings.TrimSpace(shop))
	shop = strings.TrimPrefix(strings.TrimPrefix(shop, "https://"), "http://")
	shop = strings.TrimRight(shop, "/")
	if shop != "" && !strings.Contains(shop, ".") {
		shop += ".myshopify.com"
	}
	return shop
}

// New returns the adapter.
func New(opt Options) (*Client, error) {
	if opt.Token == "" {
		return nil, errors.New("marketplaces.shopify: needs access_token_env (or access_token)")
	}
	host := ShopHost(opt.Shop)
	if host == "" && opt.BaseURL == "" {
		return nil, errors.New("marketplaces.shopify: needs shop (my-shop or my-shop.myshopify.com)")
	}
	if opt.Version == "" {
		opt.Version = DefaultVersion
	}
	hc, err := carrierhttp.New(Name, "https://"+host, opt.BaseURL, opt.Timeout)
	if err != nil {
		return nil, err
	}
	hc.HTTP = opt.HTTP
	hc.Redact(opt.Token)
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.MaxWait == 0 {
		opt.MaxWait = maxWait
	}
	return &Client{opt: opt, http: hc, path: "/admin/api/" + opt.Version + "/graphql.json"}, nil
}

// Name implements tracker.Marketplace.
func (c *Client) Name() string { return Name }

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	if c.opt.Sleep != nil {
		return c.opt.Sleep(ctx, d)
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

// cost is C's extensions.cost.
type cost struct {
	RequestedQueryCost float64  `json:"requestedQueryCost"`
	ActualQueryCost    *float64 `json:"actualQueryCost"`
	ThrottleStatus     *struct {
		MaximumAvailable   float64 `json:"maximumAvailable"`
		CurrentlyAvailable float64 `json:"currentlyAvailable"`
		RestoreRate        float64 `json:"restoreRate"`
	} `json:"throttleStatus"`
}

type gqlError struct {
	Message    string `json:"message"`
	Extensions struct {
		Code string `json:"code"`
	} `json:"extensions"`
}

type envelope struct {
	Data       json.RawMessage `json:"data"`
	Errors     json.RawMessage `json:"errors"` // a list, or a string on 401s
	Extensions struct {
		Cost *cost `json:"cost"`
	} `json:"extensions"`
}

// note keeps what the answer said of the bucket.
func (c *Client) note(k *cost) {
	if k == nil || k.ThrottleStatus == nil || k.ThrottleStatus.RestoreRate <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bucket = bucket{known: true, max: k.ThrottleStatus.MaximumAvailable, available: k.ThrottleStatus.CurrentlyAvailable,
		restore: k.ThrottleStatus.RestoreRate, at: c.opt.Now(), lastCost: k.RequestedQueryCost}
}

// wait is how long until the bucket holds need points, from what the API
// last said and its restore rate; 0 when it holds them now or nothing is
// known yet.
func (c *Client) wait(need float64) time.Duration {
	c.mu.Lock()
	b := c.bucket
	c.mu.Unlock()
	if !b.known {
		return 0
	}
	if need == 0 {
		need = b.lastCost
	}
	need = math.Min(need, b.max)
	have := math.Min(b.max, b.available+c.opt.Now().Sub(b.at).Seconds()*b.restore)
	if have >= need {
		return 0
	}
	return time.Duration(math.Ceil((need-have)/b.restore*1000)) * time.Millisecond
}

// query runs one GraphQL query and decodes its data into out. Before the
// call it waits for the bucket to hold what the last call cost; a
// THROTTLED answer (or an HTTP 429: which one Shopify sends is
// UNCONFIRMED) waits for the bucket to restore and asks again, until
// MaxWait is spent, then gives up as FailRateLimited with RetryAfter.
func (c *Client) query(ctx context.Context, q string, vars map[string]any, out any) error {
	waited := time.Duration(0)
	for {
		if d := c.wait(0); d > 0 {
			if waited+d > c.opt.MaxWait {
				return c.limited(d)
			}
			if err := c.sleep(ctx, d); err != nil {
				return err
			}
			waited += d
		}
		req, err := c.http.JSONRequest(http.MethodPost, c.path, nil, map[string]any{"query": q, "variables": vars})
		if err != nil {
			return err
		}
		req.Header.Set("X-Shopify-Access-Token", c.opt.Token)
		body, err := c.http.Do(ctx, req)
		var env envelope
		if err == nil {
			err = c.http.Decode(body, &env)
		}
		var ce *tracker.CarrierError
		switch {
		case err == nil:
		case errors.As(err, &ce) && ce.Kind == tracker.FailAuth:
			ce.Err = fmt.Errorf(tracker.MarketCheckShopify, ce.Err)
			return ce
		case errors.As(err, &ce) && ce.Kind == tracker.FailRateLimited:
			d := max(ce.RetryAfter, time.Second)
			if waited+d > c.opt.MaxWait {
				return c.limited(d)
			}
			if err := c.sleep(ctx, d); err != nil {
				return err
			}
			waited += d
			continue
		default:
			return err
		}
		c.note(env.Extensions.Cost)
		if len(env.Errors) > 0 && string(env.Errors) != "null" {
			var list []gqlError
			if json.Unmarshal(env.Errors, &list) != nil {
				return c.http.Fail(tracker.FailRequest, 0, fmt.Errorf("%s", carrierhttp.Snippet(env.Errors)))
			}
			if throttled(list) {
				need := 0.0
				if k := env.Extensions.Cost; k != nil {
					need = k.RequestedQueryCost
				}
				d := max(c.wait(need), time.Second)
				if waited+d > c.opt.MaxWait {
					return c.limited(d)
				}
				if err := c.sleep(ctx, d); err != nil {
					return err
				}
				waited += d
				continue
			}
			msgs := make([]string, 0, len(list))
			for _, e := range list {
				msgs = append(msgs, strings.TrimSpace(e.Extensions.Code+" "+e.Message))
			}
			return c.http.Fail(tracker.FailRequest, 0, errors.New(tracker.Sanitize(strings.Join(msgs, "; "))))
		}
		if len(env.Data) == 0 || string(env.Data) == "null" {
			return c.http.Fail(tracker.FailMalformed, 0, fmt.Errorf(tracker.MarketNoData, carrierhttp.Snippet(body)))
		}
		return c.http.Decode(env.Data, out)
	}
}

func throttled(list []gqlError) bool {
	for _, e := range list {
		if e.Extensions.Code == "THROTTLED" {
			return true
		}
	}
	return false
}

// limited gives the rate limit to the caller, saying when to come back.
func (c *Client) limited(d time.Duration) error {
	e := c.http.Fail(tracker.FailRateLimited, 0, fmt.Errorf(tracker.MarketThrottled, d.Round(time.Second)))
	e.RetryAfter = d
	return e
}
