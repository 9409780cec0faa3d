package aliexpress

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"waybill/carriers/aliexpress/aliexpressfake"
)

// The adapter keeps to its rate rather than leaning on ApiCallLimit: a
// page of orders and each one's detail against a gateway limited to the
// same rate (on the wall clock) is never refused, so nothing is retried.
func TestPacedUnderTheGatewayLimit(t *testing.T) {
	const rate, orders = 20, 25
	for _, tt := range []struct {
		name    string
		ours    float64
		limited bool // the gateway should refuse some calls
	}{
		{"paced at the gateway's rate", rate, false},
		{"unpaced (a gateway with no limit)", -1, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wall := time.Now()
			g := &aliexpressfake.Gateway{AppKey: "key1", Secret: "topsecret", RatePerSecond: rate}
			if tt.limited {
				// The fake counts calls in each wall-clock second: 26 unpaced
				// calls that straddle a second's end can fit in two (a
				// slow machine, or the race detector, makes that likely).
				// A clock stopped in one second makes the limit certain.
				g.Now = func() time.Time { return wall }
			}
			srv := httptest.NewServer(g)
			defer srv.Close()
			var retries atomic.Int32
			c, err := New(Options{AppKey: "key1", AppSecret: "topsecret", BaseURL: srv.URL, TokenPath: filepath.Join(t.TempDir(), TokenFileName),
				RatePerSecond: tt.ours, Sleep: func(time.Duration) error { retries.Add(1); return nil }})
			if err != nil {
				t.Fatal(err)
			}
			if err := SaveTokens(c.opt.TokenPath, Tokens{AccessToken: "AT", RefreshToken: "RT", ExpiresAt: wall.Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
			g.AddToken("AT", "RT", wall.Add(time.Hour))
			for i := range orders {
				id := strconv.Itoa(3031265788000000 + i)
				g.AddOrder(aliexpressfake.Order{ID: id, Status: "WAIT_SELLER_SEND_GOODS", Created: wall.AddDate(0, 0, -3), Modified: wall.Add(-time.Hour),
					ShipCountry: "DE", Amount: "1.00", Currency: "USD"})
			}
			start := time.Now()
			pg, err := c.Orders(context.Background(), time.Time{}, "")
			took := time.Since(start)
			if !tt.limited && err != nil {
				t.Fatalf("Orders: %v", err)
			}
			if got := retries.Load() > 0; got != tt.limited {
				t.Fatalf("%d retries after ApiCallLimit (%d orders read in %v); want some: %v", retries.Load(), len(pg.Items), took, tt.limited)
			}
			if calls := orders + 1; !tt.limited && took < time.Duration(calls-1)*time.Second/rate {
				t.Errorf("%d calls in %v: faster than %d a second", calls, took, rate)
			}
		})
	}
}

// Options.RatePerSecond 0 is the default rate, with the margin.
func TestDefaultRate(t *testing.T) {
	c, err := New(Options{AppKey: "k", AppSecret: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.pace.Interval(), time.Duration((1+paceMargin)*float64(time.Second)/DefaultRate); got != want {
		t.Errorf("interval %v, want %v", got, want)
	}
}
