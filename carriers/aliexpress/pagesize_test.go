package aliexpress

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"waybill/carriers/aliexpress/aliexpressfake"
	"waybill/tracker"
)

// [marketplaces.aliexpress] page_size sets the orders a list call asks
// for (default 50, UNCONFIRMED); max_extend_days the cap the service
// keeps to (default 365, UNCONFIRMED).
func TestPageSizeAndExtendCapSettings(t *testing.T) {
	for _, tt := range []struct {
		name           string
		pageSize, most int
		wantPages      int
		wantMost       int
	}{
		{"defaults", 0, 0, 3, tracker.MaxExtendDays},
		{"set", 20, 30, 7, 30},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := &aliexpressfake.Gateway{AppKey: "key1", Secret: "topsecret", Now: func() time.Time { return now }}
			srv := httptest.NewServer(g)
			t.Cleanup(srv.Close)
			c, err := New(Options{AppKey: "key1", AppSecret: "topsecret", BaseURL: srv.URL, TokenPath: filepath.Join(t.TempDir(), TokenFileName),
				Now: func() time.Time { return now }, Sleep: func(time.Duration) error { return nil }, RatePerSecond: -1,
				PageSize: tt.pageSize, MaxExtendDays: tt.most})
			if err != nil {
				t.Fatal(err)
			}
			g.AddCode("CODE1")
			if _, err := c.Exchange(context.Background(), "CODE1"); err != nil {
				t.Fatal(err)
			}
			addOrders(g, 122)
			page, pages, n := "", 0, 0
			for {
				p, err := c.Orders(context.Background(), time.Time{}, page)
				if err != nil {
					t.Fatal(err)
				}
				pages++
				n += len(p.Items)
				if page = p.Next; page == "" {
					break
				}
			}
			if pages != tt.wantPages || n != 122 {
				t.Errorf("%d orders in %d pages, want 122 in %d", n, pages, tt.wantPages)
			}
			if most, setting := c.MaxExtendDays(); most != tt.wantMost || setting != "marketplaces.aliexpress.max_extend_days" {
				t.Errorf("MaxExtendDays = %d, %s; want %d", most, setting, tt.wantMost)
			}
		})
	}
}
