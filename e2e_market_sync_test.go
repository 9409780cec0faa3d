package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
	"waybill/ui/cli"
)

// With no marketplace configured, `waybill sync --once` says so plainly
// and exits 0, in words and in JSON. (No adapter is on this branch:
// carriers.Marketplaces returns none until carriers/aliexpress adds its
// case; the end-to-end sync against the fake gateway belongs there.)
func TestE2EMarketSyncNoMarketplace(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	r := waybill(t, "sync", "--once", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "no marketplace is configured") {
		t.Errorf("sync --once: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = waybill(t, "sync", "--once", "--json", "--db", db)
	var doc struct {
		Marketplaces []json.RawMessage `json:"marketplaces"`
		Note         string            `json:"note"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != 0 || doc.Marketplaces == nil || doc.Note == "" {
		t.Errorf("sync --once --json: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if r := waybill(t, "sync", "--db", db); r.code != 2 || !strings.Contains(r.stderr, "--once") {
		t.Errorf("sync without --once: exit %d\n%s", r.code, r.stderr)
	}
}

// e2eMarket is a one-page marketplace written from tracker.Marketplace's
// comments, for the wiring's hook.
type e2eMarket struct {
	orders   []tracker.MarketOrder
	disputes []tracker.Dispute
}

func (e2eMarket) Name() string { return "aliexpress" }
func (m e2eMarket) Orders(context.Context, time.Time, string) (tracker.MarketPage[tracker.MarketOrder], error) {
	return tracker.MarketPage[tracker.MarketOrder]{Items: m.orders}, nil
}
func (m e2eMarket) Disputes(context.Context, time.Time, string) (tracker.MarketPage[tracker.Dispute], error) {
	return tracker.MarketPage[tracker.Dispute]{Items: m.disputes}, nil
}

// The command's JSON, with main's wiring and a marketplace in the hook:
// one object per marketplace with its counts and problems; a bad record
// makes the exit 1; the second run changes nothing.
func TestMarketSyncCommandJSON(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	at := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
	od := tracker.OrderDetail{Order: tracker.Order{OrderNo: "8190001", Buyer: "Ana", Country: "DE", Email: "bad"},
		Shipments: []tracker.ShipmentDetail{{Shipment: tracker.Shipment{TrackingNo: "RR123456785CN"}}}}
	m := e2eMarket{orders: []tracker.MarketOrder{{Detail: od, MarketStatus: "WAIT_BUYER_ACCEPT_GOODS", UpdatedAt: at}},
		disputes: []tracker.Dispute{{ID: "D1", OrderNo: "8190001", Status: "processing", Open: true, Kind: tracker.ExLost, UpdatedAt: at}}}
	w := wiring()
	w.Marketplaces = func(tracker.Config, string) ([]tracker.Marketplace, error) { return []tracker.Marketplace{m}, nil }
	type doc struct {
		Marketplaces []map[string]any `json:"marketplaces"`
	}
	cfg := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfg, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	runSync := func() (doc, int) {
		var out, errb bytes.Buffer
		code := cli.Run(context.Background(), w, []string{"sync", "--once", "--json", "--db", db, "--config", cfg}, strings.NewReader(""), &out, &errb)
		var d doc
		if err := json.Unmarshal(out.Bytes(), &d); err != nil || len(d.Marketplaces) != 1 {
			t.Fatalf("sync --json: exit %d, %v\n%s%s", code, err, out.String(), errb.String())
		}
		return d, code
	}
	d, code := runSync()
	got := d.Marketplaces[0]
	if code != 1 || got["marketplace"] != "aliexpress" || got["orders_new"] != 1.0 || got["parcels_new"] != 1.0 || got["disputes_opened"] != 1.0 {
		t.Errorf("first sync: exit %d, %v", code, got)
	}
	if ps, _ := got["problems"].([]any); len(ps) != 1 || ps[0].(map[string]any)["field"] != "email" || ps[0].(map[string]any)["order_no"] != "8190001" {
		t.Errorf("problems = %v, want the email of 8190001", got["problems"])
	}
	d, _ = runSync()
	if got := d.Marketplaces[0]; got["orders_unchanged"] != 1.0 || got["orders_changed"] != 0.0 || got["disputes_updated"] != 0.0 {
		t.Errorf("second sync = %v, want nothing changed", got)
	}
}
