package aliexpress

import (
	"context"
	"testing"
	"time"

	"waybill/carriers/aliexpress/aliexpressfake"
)

// ProtectionEnd is the detail's over_time_left while the order awaits the
// buyer's receipt (moved by an extension), and nothing in another state.
func TestProtectionEnd(t *testing.T) {
	g, c, _ := setup(t)
	end := now.AddDate(0, 0, 5).Truncate(time.Second)
	g.AddOrder(aliexpressfake.Order{ID: "21", Status: "WAIT_BUYER_ACCEPT_GOODS", OverTimeLeft: end})
	g.AddOrder(aliexpressfake.Order{ID: "22", Status: "WAIT_SELLER_SEND_GOODS", OverTimeLeft: end})
	ctx := context.Background()
	if err := c.ExtendProtection(ctx, "21", 10); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		order  string
		want   time.Time
		wantOK bool
	}{
		{"21", end.AddDate(0, 0, 10), true},
		{"22", time.Time{}, false}, // ship-by, not protection
	} {
		got, ok, err := c.ProtectionEnd(ctx, tc.order)
		if err != nil || ok != tc.wantOK || !got.Equal(tc.want) {
			t.Errorf("order %s: %v %v %v, want %v %v", tc.order, got, ok, err, tc.want, tc.wantOK)
		}
	}
}
