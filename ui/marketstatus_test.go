package ui

import (
	"strings"
	"testing"
)

// The order view shows the marketplace's own status of a synced order on
// a line of its own (Market), cleaned of terminal controls; an order with
// none has no such line.
func TestOrderViewShowsTheMarketStatus(t *testing.T) {
	for _, tc := range []struct {
		name, status, want string
	}{
		{"AliExpress awaiting receipt", "WAIT_BUYER_ACCEPT_GOODS", "WAIT_BUYER_ACCEPT_GOODS"},
		{"controls cleaned", "WAIT_BUYER\x1b]0;pwned\x07_ACCEPT_GOODS", "WAIT_BUYER_ACCEPT_GOODS"},
		{"none kept", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := orderViewFake()
			o := f.orders[ovOrder]
			o.MarketStatus = tc.status
			f.orders[ovOrder] = o
			h := newHarness(t, Options{Reader: f, ETA: f}, 120, 40)
			openOrderOf(t, h)
			out := screen(h)
			var line string
			for _, l := range strings.Split(out, "\n") {
				if strings.Contains(l, "Market ") {
					line = l
				}
			}
			if (line != "") != (tc.want != "") || !strings.Contains(line, tc.want) {
				t.Errorf("Market line %q, want %q:\n%s", line, tc.want, out)
			}
			if strings.Contains(h.view(), "pwned") {
				t.Errorf("the status's terminal control reached the screen")
			}
			if !strings.Contains(out, "shipped · aliexpress") {
				t.Errorf("the title lost 'shipped · aliexpress':\n%s", out)
			}
		})
	}
}
