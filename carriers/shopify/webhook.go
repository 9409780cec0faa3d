package shopify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"sync"

	"waybill/carriers/carrierhttp"
)

// Topics are the webhook topics that change what the sync reads (C).
var Topics = []string{"orders/updated", "fulfillments/create", "fulfillments/update"}

// maxPush bounds a webhook body: an order with its lines is well under it.
const maxPush = 1 << 20

// seenIDs is how many webhook ids the handler remembers to drop repeats.
const seenIDs = 4096

// Verify reports whether sig (X-Shopify-Hmac-SHA256) is base64(HMAC-SHA256
// of the raw body with the app's client secret), compared in constant time
// (C, S8).
func Verify(secret string, body []byte, sig string) bool {
	if secret == "" || sig == "" {
		return false
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	want := base64.StdEncoding.EncodeToString(m.Sum(nil))
	return hmac.Equal([]byte(want), []byte(strings.TrimSpace(sig)))
}

// Webhook serves Shopify's pushes: it verifies X-Shopify-Hmac-SHA256
// before reading anything of the body, answers 200 at once to a topic it
// does not follow and to a repeat (the same X-Shopify-Webhook-Id), and
// tells push of each new one by topic. A push is only a sign that
// something changed: push should run the sync, which reads the order
// through the API, so a forged or replayed body can write nothing.
func Webhook(secret string, push func(topic string)) http.Handler {
	var (
		mu    sync.Mutex
		seen  = map[string]bool{}
		order []string
	)
	repeat := func(id string) bool {
		if id == "" {
			return false
		}
		mu.Lock()
		defer mu.Unlock()
		if seen[id] {
			return true
		}
		seen[id] = true
		order = append(order, id)
		if len(order) > seenIDs {
			delete(seen, order[0])
			order = order[1:]
		}
		return false
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		body, ok := carrierhttp.ReadPush(w, r, maxPush, carrierhttp.PlainFail)
		if !ok {
			return
		}
		if !Verify(secret, body, r.Header.Get("X-Shopify-Hmac-SHA256")) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		topic := r.Header.Get("X-Shopify-Topic")
		followed := false
		for _, t := range Topics {
			followed = followed || t == topic
		}
		if !followed || repeat(r.Header.Get("X-Shopify-Webhook-Id")) {
			w.WriteHeader(http.StatusOK)
			return
		}
		push(topic)
		w.WriteHeader(http.StatusOK)
	})
}
