package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// A synced AliExpress order shows the marketplace's own status: `waybill
// show` says it in a line, `show --json` as market_status (issue 22 item 2).
func TestShowSaysTheMarketStatus(t *testing.T) {
	t.Parallel() // its own fake, store and config; the secrets its config names are set once (TestMain)
	const id = "3031265788145301"
	cfg, db, _, _ := extendSetup(t, id)
	r := waybill(t, "show", id, "--config", cfg, "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "aliexpress says WAIT_BUYER_ACCEPT_GOODS\n") {
		t.Fatalf("show: exit %d, want the line 'aliexpress says WAIT_BUYER_ACCEPT_GOODS'\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = waybill(t, "show", id, "--json", "--config", cfg, "--db", db)
	var o struct {
		MarketStatus string `json:"market_status"`
		Marketplace  string `json:"marketplace"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &o); r.code != 0 || err != nil {
		t.Fatalf("show --json: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if o.MarketStatus != "WAIT_BUYER_ACCEPT_GOODS" || o.Marketplace != "aliexpress" {
		t.Errorf("show --json: marketplace %q market_status %q, want aliexpress WAIT_BUYER_ACCEPT_GOODS", o.Marketplace, o.MarketStatus)
	}
}
