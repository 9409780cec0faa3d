package shopify

import (
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
	h := Webhook("shpss_test", func(topic string) { pushed = append(pushed, topic) })
	send := func(topic, id, body, sig string) int {
		r := httptest.NewRequest("POST", "/webhooks/shopify", strings.NewReader(body))
		r.Header.Set("X-Shopify-Topic", topic)
		r.Header.Set("X-Shopify-Webhook-Id", id)
		r.Header.Set("X-Shopify-Hmac-SHA256", sig)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	body := `{"id":450789469,"name":"#1001"}`
	good := shopifyfake.Sign("shpss_test", []byte(body))
	steps := []struct {
		name, topic, id, sig string
		status, pushes       int
	}{
		{"orders/updated", "orders/updated", "w1", good, 200, 1},
		{"repeat dropped", "orders/updated", "w1", good, 200, 1},
		{"fulfillments/create", "fulfillments/create", "w2", good, 200, 2},
		{"fulfillments/update", "fulfillments/update", "w3", good, 200, 3},
		{"topic not followed", "orders/create", "w4", good, 200, 3},
		{"forged", "orders/updated", "w5", "AAAA", 401, 3},
	}
	for _, s := range steps {
		if got := send(s.topic, s.id, body, s.sig); got != s.status || len(pushed) != s.pushes {
			t.Errorf("%s: HTTP %d and %d pushes, want %d and %d", s.name, got, len(pushed), s.status, s.pushes)
		}
	}
	if got := send("orders/updated", "w5", body, good); got != http.StatusOK || len(pushed) != 4 {
		t.Errorf("the genuine push after a forged one with its id: HTTP %d, %d pushes; a forgery must not burn the id", got, len(pushed))
	}
}
