package shopify

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"waybill/carriers/shopify/shopifyfake"
)

// C's vector: body {"id":1}, secret shpss_test.
func TestVerifyVector(t *testing.T) {
	const sig = "1GxccvotnkOedTjSm8S0m/VA3yAUKshyqT52ccNYHj4="
	tests := []struct {
		name, secret, body, sig string
		want                    bool
	}{
		{"vector", "shpss_test", `{"id":1}`, sig, true},
		{"another body", "shpss_test", `{"id":2}`, sig, false},
		{"another secret", "shpss_other", `{"id":1}`, sig, false},
		{"no signature", "shpss_test", `{"id":1}`, "", false},
		{"no secret", "", `{"id":1}`, sig, false},
	}
	for _, tt := range tests {
		if got := Verify(tt.secret, []byte(tt.body), tt.sig); got != tt.want {
			t.Errorf("%s: Verify = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestWebhook(t *testing.T) {
	var pushed []string
	h := Webhook(WebhookOptions{Secret: "shpss_test", Shop: "my-shop"}, func(topic string) { pushed = append(pushed, topic) })
	send := func(topic, id, shop, body, sig string) int {
		r := httptest.NewRequest("POST", "/webhooks/shopify", strings.NewReader(body))
		r.Header.Set("X-Shopify-Topic", topic)
		r.Header.Set("X-Shopify-Webhook-Id", id)
		r.Header.Set("X-Shopify-Shop-Domain", shop)
		r.Header.Set("X-Shopify-Hmac-SHA256", sig)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	const mine = "my-shop.myshopify.com"
	body := `{"id":450789469,"name":"#1001"}`
	good := shopifyfake.Sign("shpss_test", []byte(body))
	steps := []struct {
		name, topic, id, shop, sig string
		status, pushes             int
	}{
		{"orders/updated", "orders/updated", "w1", mine, good, 200, 1},
		{"repeat dropped", "orders/updated", "w1", mine, good, 200, 1},
		{"fulfillments/create", "fulfillments/create", "w2", mine, good, 200, 2},
		{"fulfillments/update", "fulfillments/update", "w3", mine, good, 200, 3},
		{"topic not followed", "orders/create", "w4", mine, good, 200, 3},
		{"forged", "orders/updated", "w5", mine, "AAAA", 401, 3},
		{"another shop, signed with the app's secret", "orders/updated", "w6", "other-shop.myshopify.com", good, 403, 3},
		{"no shop domain", "orders/updated", "w7", "", good, 403, 3},
		{"shop domain in capitals", "orders/updated", "w8", "My-Shop.myshopify.com", good, 200, 4},
		{"id too long", "orders/updated", strings.Repeat("x", 129), mine, good, 400, 4},
	}
	for _, s := range steps {
		if got := send(s.topic, s.id, s.shop, body, s.sig); got != s.status || len(pushed) != s.pushes {
			t.Errorf("%s: HTTP %d and %d pushes, want %d and %d", s.name, got, len(pushed), s.status, s.pushes)
		}
	}
	if got := send("orders/updated", "w5", mine, body, good); got != http.StatusOK || len(pushed) != 5 {
		t.Errorf("the genuine push after a forged one with its id: HTTP %d, %d pushes; a forgery must not burn the id", got, len(pushed))
	}
	if got := send("orders/updated", "w6", mine, body, good); got != http.StatusOK || len(pushed) != 6 {
		t.Errorf("this shop's push after another shop's with its id: HTTP %d, %d pushes; a refused push must not burn the id", got, len(pushed))
	}
}

// Webhook ids go to Seen when given: a repeat it reports is dropped, and a
// Seen that fails is a 503 (Shopify delivers again) that pushes nothing.
func TestWebhookSeen(t *testing.T) {
	kept := map[string]bool{"stored-before": true}
	var fail error
	seen := func(_ context.Context, id string) (bool, error) {
		if fail != nil {
			return false, fail
		}
		r := kept[id]
		kept[id] = true
		return r, nil
	}
	pushes := 0
	h := Webhook(WebhookOptions{Secret: "shpss_test", Shop: "my-shop.myshopify.com", Seen: seen}, func(string) { pushes++ })
	body := `{"id":1}`
	send := func(id string) int {
		r := httptest.NewRequest("POST", "/webhooks/shopify", strings.NewReader(body))
		r.Header.Set("X-Shopify-Topic", "orders/updated")
		r.Header.Set("X-Shopify-Webhook-Id", id)
		r.Header.Set("X-Shopify-Shop-Domain", "my-shop.myshopify.com")
		r.Header.Set("X-Shopify-Hmac-SHA256", shopifyfake.Sign("shpss_test", []byte(body)))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	steps := []struct {
		name, id string
		fail     error
		status   int
		pushes   int
	}{
		{"kept by another process before", "stored-before", nil, 200, 0},
		{"new", "n1", nil, 200, 1},
		{"store busy", "n2", errors.New("database is locked"), 503, 1},
		{"delivered again", "n2", nil, 200, 2},
	}
	for _, s := range steps {
		fail = s.fail
		if got := send(s.id); got != s.status || pushes != s.pushes {
			t.Errorf("%s: HTTP %d and %d pushes, want %d and %d", s.name, got, pushes, s.status, s.pushes)
		}
	}
}
