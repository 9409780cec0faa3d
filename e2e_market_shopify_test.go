package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"waybill/carriers/shopify/shopifyfake"
)

// shopifyToken is the fake shop's access token; it reaches waybill only
// through the variable access_token_env names.
const shopifyToken = "shpat_e2e_TOKEN_0123456789"

// shopifyHookSecret is the webhook secret of shopifyServeSetup's config.
const shopifyHookSecret = "shopify-e2e-webhook-secret"

// shopifyConfig writes a config whose [marketplaces.shopify] points at
// shop served locally, and returns its path.
func shopifyConfig(t *testing.T, shop *shopifyfake.Shop) string {
	t.Helper()
	return shopifyConfigServing(t, shop, shop)
}

// shopifyConfigServing is shopifyConfig with h in front of shop.
func shopifyConfigServing(t *testing.T, shop *shopifyfake.Shop, h http.Handler) string {
	t.Helper()
	shop.Token = shopifyToken
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	cfg := filepath.Join(t.TempDir(), "config.toml")
	table := "[marketplaces.shopify]\nshop = \"my-shop\"\naccess_token_env = \"WAYBILL_TEST_SHOPIFY_TOKEN\"\nbase_url = \"" + srv.URL + "\"\n"
	if err := os.WriteFile(cfg, []byte(table), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg
}

type shopifySync struct {
	Marketplaces []struct {
		Marketplace     string `json:"marketplace"`
		OrdersNew       int    `json:"orders_new"`
		OrdersChanged   int    `json:"orders_changed"`
		OrdersUnchanged int    `json:"orders_unchanged"`
		ParcelsNew      int    `json:"parcels_new"`
	} `json:"marketplaces"`
}

func syncShopify(t *testing.T, cfg, db string) shopifySync {
	t.Helper()
	r := waybill(t, "sync", "--once", "--json", "--config", cfg, "--db", db)
	if r.code != 0 {
		t.Fatalf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, shopifyToken) {
		t.Fatal("the access token is in the output")
	}
	var doc shopifySync
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || len(doc.Marketplaces) != 1 || doc.Marketplaces[0].Marketplace != "shopify" {
		t.Fatalf("sync --json: %v\n%s", err, r.stdout)
	}
	return doc
}

// `waybill sync --once` against the fake shop brings each order with a
// parcel per fulfillment tracking number, its ship-to country and amount;
// a second sync changes nothing; a shop whose query-cost bucket is empty
// is waited out (THROTTLED, then the bucket restores), not failed.
func TestSyncShopifyOrders(t *testing.T) {
	t.Parallel() // its own fake, store and config; the secrets its config names are set once (TestMain)
	shop := &shopifyfake.Shop{MaxAvailable: 200, RestoreRate: 100}
	// The bucket empties as the first call comes, not before the sync
	// starts: it refills in 2 s, which a binary starting at load 15-20
	// took, and then nothing was throttled.
	// The shop's counters are read here, under mu, after each call: read
	// in the test they raced with the next sync's calls.
	var (
		drain            sync.Once
		mu               sync.Mutex
		calls, throttled int
	)
	cfg := shopifyConfigServing(t, shop, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		drain.Do(shop.Drain)
		mu.Lock()
		defer mu.Unlock()
		shop.ServeHTTP(w, r)
		calls, throttled = shop.Calls, shop.Throttled
	}))
	now := time.Now().UTC()
	shop.Put(shopifyfake.Order{ID: 450789469, Name: "#1001", Created: now.AddDate(0, 0, -3), Updated: now.Add(-time.Hour),
		FulfillmentStatus: "FULFILLED", Country: "ES", Customer: "Ana Silva", Amount: "17.54", Currency: "EUR",
		Fulfillments: []shopifyfake.Fulfillment{{ID: 1, Status: "SUCCESS", DisplayStatus: "IN_TRANSIT", Created: now.AddDate(0, 0, -2), Updated: now.Add(-time.Hour),
			Tracking: []shopifyfake.Tracking{{Number: "1Z999AA10123456784", Company: "UPS"}}}}})
	shop.Put(shopifyfake.Order{ID: 450789470, Name: "#1002", Created: now.AddDate(0, 0, -1), Updated: now.Add(-30 * time.Minute),
		FulfillmentStatus: "UNFULFILLED", Country: "US", Customer: "Jo Berg", Amount: "5.00", Currency: "USD"})
	db := e2eStore(t)

	first := syncShopify(t, cfg, db)
	if m := first.Marketplaces[0]; m.OrdersNew != 2 || m.ParcelsNew != 1 {
		t.Errorf("first sync: %+v, want 2 orders and 1 parcel", m)
	}
	mu.Lock()
	if throttled == 0 {
		t.Errorf("the drained shop never answered THROTTLED (%d calls)", calls)
	}
	mu.Unlock()
	show := waybill(t, "show", "1001", "--config", cfg, "--db", db)
	for _, want := range []string{"1Z999AA10123456784", "Ana Silva", "ES", "17.54"} {
		if !strings.Contains(show.stdout, want) {
			t.Errorf("show 1001 lacks %q:\n%s%s", want, show.stdout, show.stderr)
		}
	}

	again := syncShopify(t, cfg, db)
	if m := again.Marketplaces[0]; m.OrdersNew+m.OrdersChanged+m.ParcelsNew != 0 {
		t.Errorf("second sync changed something: %+v", m)
	}
	if show2 := waybill(t, "show", "1001", "--config", cfg, "--db", db); show2.stdout != show.stdout {
		t.Errorf("a second sync changed the order:\n%s\n---\n%s", show.stdout, show2.stdout)
	}
}

// A token the shop refuses fails the sync with the table to fix, and the
// token is not shown.
func TestSyncShopifyBadToken(t *testing.T) {
	shop := &shopifyfake.Shop{}
	cfg := shopifyConfig(t, shop)
	// The shop keeps its token; waybill sends another (changing the
	// shop's once it serves would race with its handler).
	const sent = "shpat_another_token_77"
	t.Setenv("WAYBILL_TEST_SHOPIFY_TOKEN", sent)
	r := waybill(t, "sync", "--once", "--config", cfg, "--db", e2eStore(t))
	if r.code == 0 || !strings.Contains(r.stdout+r.stderr, "[marketplaces.shopify]") {
		t.Fatalf("bad token: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, sent) || strings.Contains(r.stdout+r.stderr, shopifyToken) {
		t.Fatal("the token is in the output")
	}
}
