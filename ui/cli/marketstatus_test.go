package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"waybill/tracker"
)

// `show` says the marketplace's own status of a synced order, in text
// ("aliexpress says …") and JSON (market_status), without its terminal
// controls; an order with none has no such line and no key.
func TestShowTheMarketStatus(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, status, want string
	}{
		{"AliExpress awaiting receipt", "WAIT_BUYER_ACCEPT_GOODS", "WAIT_BUYER_ACCEPT_GOODS"},
		{"controls cleaned", "WAIT_BUYER\x1b[31m_ACCEPT_GOODS\x07", "WAIT_BUYER_ACCEPT_GOODS"},
		{"none kept", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := newLastMileStore(tracker.LastMile{})
			st.d.Marketplace, st.d.MarketStatus = "aliexpress", tc.status
			var out bytes.Buffer
			if err := showOrder(ctx, &out, nil, st, noETA, "AE-1", false); err != nil {
				t.Fatal(err)
			}
			text := out.String()
			if has := strings.Contains(text, "aliexpress says"); has != (tc.want != "") || tc.want != "" && !strings.Contains(text, "aliexpress says "+tc.want+"\n") {
				t.Errorf("show, want %q said:\n%s", tc.want, text)
			}
			if strings.ContainsAny(text, "\x1b\x07") {
				t.Errorf("show printed a terminal control: %q", text)
			}

			out.Reset()
			if err := showOrder(ctx, &out, nil, st, noETA, "AE-1", true); err != nil {
				t.Fatal(err)
			}
			var o map[string]any
			if err := json.Unmarshal(out.Bytes(), &o); err != nil {
				t.Fatal(err)
			}
			got, has := o["market_status"]
			if has != (tc.want != "") || has && got != tc.want {
				t.Errorf("show --json market_status = %v (present %v), want %q", got, has, tc.want)
			}
		})
	}
}
