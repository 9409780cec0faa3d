package shopify

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"waybill/carriers/shopify/shopifyfake"
	"waybill/tracker"
)

// clock is a fake time that Sleep moves forward, so the bucket restores
// without the test waiting.
type clock struct {
	mu    sync.Mutex
	t     time.Time
	slept time.Duration
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Sleep(_ context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t, c.slept = c.t.Add(d), c.slept+d
	return nil
}

const token = "shpat_0123456789abcdef"

func setup(t *testing.T, shop *shopifyfake.Shop) (*Client, *clock) {
	t.Helper()
	clk := &clock{t: time.Date(2025, 5, 7, 8, 37, 0, 0, time.UTC)}
	shop.Now = clk.Now
	if shop.Token == "" {
		shop.Token = token
	}
	srv := httptest.NewServer(shop)
	t.Cleanup(srv.Close)
	c, err := New(Options{Shop: "my-shop", Token: token, BaseURL: srv.URL, Now: clk.Now, Sleep: clk.Sleep})
	if err != nil {
		t.Fatal(err)
	}
	return c, clk
}

func TestOrdersMapping(t *testing.T) {
	shop := &shopifyfake.Shop{}
	c, clk := setup(t, shop)
	now := clk.Now()
	shop.Put(shopifyfake.Order{ID: 450789469, Name: "#1001", Created: now.Add(-48 * time.Hour), Updated: now.Add(-time.Hour),
		FulfillmentStatus: "PARTIALLY_FULFILLED", Country: "ES", ShipName: "Ana Ship", Customer: "Ana Silva", Amount: "17.50", Currency: "EUR",
		Fulfillments: []shopifyfake.Fulfillment{
			{ID: 1, Status: "SUCCESS", DisplayStatus: "IN_TRANSIT", Created: now.Add(-24 * time.Hour), Updated: now.Add(-time.Hour),
				Tracking: []shopifyfake.Tracking{{Number: "1Z999AA10123456784", Company: "UPS"}, {Number: "RR123456785CN", Company: "Some Local Courier"}}},
			{ID: 2, Status: "CANCELLED", Tracking: []shopifyfake.Tracking{{Number: "LX123456785CN", Company: "USPS"}}},
		}})
	shop.Put(shopifyfake.Order{ID: 2, Name: "", Updated: now.Add(-30 * time.Minute), FulfillmentStatus: "UNFULFILLED"})

	pg, err := c.Orders(context.Background(), time.Time{}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(pg.Items) != 2 || pg.Next != "" {
		t.Fatalf("got %d orders, next %q", len(pg.Items), pg.Next)
	}
	o := pg.Items[0]
	d := o.Detail
	checks := []struct{ name, got, want string }{
		{"marketplace", d.Marketplace, "shopify"},
		{"order no (name without #)", d.OrderNo, "1001"},
		{"country", d.Country, "ES"},
		{"buyer (customer over ship-to name)", d.Buyer, "Ana Silva"},
		{"amount in cents", fmt.Sprint(int64(d.Amount)), "1750"},
		{"currency", d.Currency, "EUR"},
		{"status", o.MarketStatus, "PARTIALLY_FULFILLED"},
		{"updated", o.UpdatedAt.Format(time.RFC3339), now.Add(-time.Hour).Format(time.RFC3339)},
		{"parcels (cancelled fulfillment left out)", fmt.Sprint(len(d.Shipments)), "2"},
		{"first parcel", d.Shipments[0].TrackingNo + " " + d.Shipments[0].Carrier + " " + d.Shipments[0].Destination, "1Z999AA10123456784 ups ES"},
		{"unknown company left to detection", d.Shipments[1].Carrier, ""},
		{"no name: legacy id", pg.Items[1].Detail.OrderNo, "2"},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s = %q, want %q", ck.name, ck.got, ck.want)
		}
	}
	if ds, err := c.Disputes(context.Background(), time.Time{}, ""); err != nil || len(ds.Items) != 0 || ds.Next != "" {
		t.Errorf("disputes = %+v, %v; want an empty last page", ds, err)
	}
}

func TestCarrierSlug(t *testing.T) {
	for company, want := range map[string]string{"UPS": "ups", "DHL Express": "dhl-express", "usps": "usps", "Royal Mail": "royal-mail", "Acme Couriers": "", "": ""} {
		if got := CarrierSlug(company); got != want {
			t.Errorf("CarrierSlug(%q) = %q, want %q", company, got, want)
		}
	}
}

// 250 orders come in pages of 100 by endCursor; since filters by
// updatedAt; the bucket (110 points, 10 a second) is waited for before each
// call so the shop never has to answer THROTTLED.
func TestOrdersPagesPacedByTheBucket(t *testing.T) {
	shop := &shopifyfake.Shop{MaxAvailable: 110, RestoreRate: 10}
	c, clk := setup(t, shop)
	now := clk.Now()
	for i := 1; i <= 260; i++ {
		shop.Put(shopifyfake.Order{ID: int64(i), Name: fmt.Sprintf("#%d", 1000+i), Updated: now.Add(-time.Duration(i) * time.Minute)})
	}
	since := now.Add(-250*time.Minute - time.Second)
	seen := map[string]bool{}
	page, pages := "", 0
	for {
		pg, err := c.Orders(context.Background(), since, page)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, o := range pg.Items {
			if seen[o.Detail.OrderNo] {
				t.Fatalf("order %s twice", o.Detail.OrderNo)
			}
			seen[o.Detail.OrderNo] = true
		}
		if pg.Next == "" {
			break
		}
		page = pg.Next
	}
	if len(seen) != 250 || pages != 3 {
		t.Fatalf("%d orders in %d pages, want 250 in 3", len(seen), pages)
	}
	if shop.Throttled != 0 {
		t.Errorf("the shop answered THROTTLED %d times: the client did not pace itself", shop.Throttled)
	}
	// Two waits for ~92 points at 10/s: about 18 s, not more than 20.
	if clk.slept < 15*time.Second || clk.slept > 20*time.Second {
		t.Errorf("waited %s for the bucket, want about 18s", clk.slept)
	}
}

// A bucket drained by someone else answers THROTTLED: the client waits for
// it to restore and asks again; when that would take longer than MaxWait
// it gives up as a rate limit with RetryAfter. 429 is handled the same.
func TestThrottledIsWaitedOut(t *testing.T) {
	for _, status := range []int{200, 429} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			shop := &shopifyfake.Shop{MaxAvailable: 1000, RestoreRate: 50, ThrottleStatusCode: status}
			c, clk := setup(t, shop)
			shop.Put(shopifyfake.Order{ID: 1, Name: "#1001", Updated: clk.Now()})
			shop.Drain()
			pg, err := c.Orders(context.Background(), time.Time{}, "")
			if err != nil || len(pg.Items) != 1 {
				t.Fatalf("after throttling: %v, %d orders", err, len(pg.Items))
			}
			if shop.Throttled == 0 || clk.slept < time.Second {
				t.Fatalf("throttled %d times, slept %s: the fake did not throttle", shop.Throttled, clk.slept)
			}

			c.opt.MaxWait = time.Second
			shop.Drain()
			c.mu.Lock()
			c.bucket = bucket{}
			c.mu.Unlock()
			_, err = c.Orders(context.Background(), time.Time{}, "")
			var ce *tracker.CarrierError
			if !errors.As(err, &ce) || ce.Kind != tracker.FailRateLimited || ce.RetryAfter <= 0 {
				t.Fatalf("bucket that will not restore in time: %v, want rate-limited with RetryAfter", err)
			}
		})
	}
}

func TestBadTokenIsAuth(t *testing.T) {
	shop := &shopifyfake.Shop{Token: "shpat_other"}
	c, _ := setup(t, shop)
	_, err := c.Orders(context.Background(), time.Time{}, "")
	if tracker.FailKindOf(err) != tracker.FailAuth || !strings.Contains(err.Error(), "[marketplaces.shopify]") {
		t.Fatalf("bad token: %v, want auth naming the config table", err)
	}
	if strings.Contains(err.Error(), token) {
		t.Fatal("the token is in the error")
	}
}

func TestShopHost(t *testing.T) {
	for in, want := range map[string]string{"my-shop": "my-shop.myshopify.com", "My-Shop.myshopify.com": "my-shop.myshopify.com", "https://x.myshopify.com/": "x.myshopify.com", "": ""} {
		if got := ShopHost(in); got != want {
			t.Errorf("ShopHost(%q) = %q, want %q", in, got, want)
		}
	}
}
