package carriers

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"waybill/carriers/shopify/shopifyfake"
)

// Shopify's endpoint exists only with a webhook secret; a signed push
// kicks the shopify sync, a forged one is 401 and kicks nothing.
func TestMarketWebhooks(t *testing.T) {
	const shop = "[marketplaces.shopify]\nshop = \"my-shop\"\naccess_token = \"t\"\n"
	env := map[string]string{"SHOP_HOOK": "hook-secret"}
	for _, tc := range []struct {
		name, src string
		paths     string
		err       string
	}{
		{"no marketplace", "", "", ""},
		{"no secret", shop, "", ""},
		{"secret", shop + "webhook_secret = \"hook-secret\"\n", "/webhooks/shopify", ""},
		{"secret from env", shop + "webhook_secret_env = \"SHOP_HOOK\"\n", "/webhooks/shopify", ""},
		{"env empty", shop + "webhook_secret_env = \"SHOP_UNSET\"\n", "", "webhook_secret_env: environment variable SHOP_UNSET"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var kicked []string
			h, paths, err := MarketWebhooks(cfgOf(t, tc.src), "c.toml", func(k string) string { return env[k] }, nil, func(m string) { kicked = append(kicked, m) })
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || strings.Join(paths, " ") != tc.paths {
				t.Fatalf("paths %v, %v; want %q", paths, err, tc.paths)
			}
			if tc.paths == "" {
				return
			}
			body := []byte(`{"id":450789469}`)
			post := func(sig, id string) int {
				req := httptest.NewRequest("POST", "/webhooks/shopify", bytes.NewReader(body))
				req.Header.Set("X-Shopify-Hmac-SHA256", sig)
				req.Header.Set("X-Shopify-Topic", "orders/updated")
				req.Header.Set("X-Shopify-Webhook-Id", id)
				req.Header.Set("X-Shopify-Shop-Domain", "my-shop.myshopify.com")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				return rec.Code
			}
			if code := post(shopifyfake.Sign("forged", body), "w1"); code != http.StatusUnauthorized || len(kicked) != 0 {
				t.Fatalf("forged: %d, kicked %v; want 401 and none", code, kicked)
			}
			if code := post(shopifyfake.Sign("hook-secret", body), "w1"); code != http.StatusOK || strings.Join(kicked, " ") != "shopify" {
				t.Fatalf("signed: %d, kicked %v; want 200 and shopify", code, kicked)
			}
			if code := post(shopifyfake.Sign("hook-secret", body), "w1"); code != http.StatusOK || len(kicked) != 1 {
				t.Fatalf("repeat: %d, kicked %v; want 200 and no second kick", code, kicked)
			}
		})
	}
}
