package shopify

import (
	"context"
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

// maxWebhookID bounds X-Shopify-Webhook-Id: Shopify's are UUIDs, and the
// header is not covered by the signature, so a longer one is not kept.
const maxWebhookID = 128

// WebhookOptions are what Webhook checks a push against.
type WebhookOptions struct {
	// Secret is the key Shopify signs the body with (C, S8).
	Secret string
	// Shop is the configured shop ("my-shop" or its myshopify.com host);
	// a push whose X-Shopify-Shop-Domain names another shop is refused.
	// "" (a base_url without shop) checks none.
	Shop string
	// Seen records a webhook id and reports whether it was recorded
	// before (a repeat), so repeats are dropped across restarts and
	// processes on one store (tracker.Service.WebhookRepeat). Nil
	// remembers ids in this handler's memory only.
	Seen func(ctx context.Context, id string) (repeat bool, err error)
}

// Webhook serves Shopify's pushes: it verifies X-Shopify-Hmac-SHA256
// before reading anything of the body, answers 200 at once to a topic it
// does not follow and to a repeat (the same X-Shopify-Webhook-Id), refuses
// a push for another shop, and tells push of each new one by topic. A push
// is only a sign that something changed: push should run the sync, which
// reads the order through the API, so a forged or replayed body can write
// nothing.
func Webhook(opt WebhookOptions, push func(topic string)) http.Handler {
	seen := opt.Seen
	if seen == nil {
		seen = memorySeen()
	}
	shop := ShopHost(opt.Shop)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		body, ok := carrierhttp.ReadPush(w, r, maxPush, carrierhttp.PlainFail)
		if !ok {
			return
		}
		if !Verify(opt.Secret, body, r.Header.Get("X-Shopify-Hmac-SHA256")) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		topic := r.Header.Get("X-Shopify-Topic")
		followed := false
		for _, t := range Topics {
			followed = followed || t == topic
		}
		if !followed {
			w.WriteHeader(http.StatusOK)
			return
		}
		// The signing key is the app's client secret (C, S8), the same for
		// every shop the app is installed on, so a valid signature does not
		// say the push is this shop's: X-Shopify-Shop-Domain does (C).
		// MARKETPLACES.md names no status for a push an app does not want;
		// it says only that a delivery that fails is retried, 8 times over
		// 4 hours (S14, secondary). 403 is chosen because the push is
		// genuine but not this endpoint's to take: it shows as failed in
		// that shop's webhook deliveries, where the misrouted subscription
		// is fixed, and costs at most those retries, each refused the same
		// way before any id is kept or any sync started.
		if shop != "" && ShopHost(r.Header.Get("X-Shopify-Shop-Domain")) != shop {
			http.Error(w, "push for another shop: this endpoint serves "+shop, http.StatusForbidden)
			return
		}
		id := r.Header.Get("X-Shopify-Webhook-Id")
		if len(id) > maxWebhookID {
			http.Error(w, "X-Shopify-Webhook-Id too long", http.StatusBadRequest)
			return
		}
		if id != "" {
			repeat, err := seen(r.Context(), id)
			if err != nil {
				// Not kept, so not known to be new or a repeat: a 5xx has
				// Shopify deliver it again (S14) rather than lose it.
				http.Error(w, "cannot record the webhook id now", http.StatusServiceUnavailable)
				return
			}
			if repeat {
				w.WriteHeader(http.StatusOK)
				return
			}
		}
		push(topic)
		w.WriteHeader(http.StatusOK)
	})
}

// memorySeen remembers the last seenIDs webhook ids in memory: repeats
// are dropped until a restart.
func memorySeen() func(context.Context, string) (bool, error) {
	var (
		mu    sync.Mutex
		seen  = map[string]bool{}
		order []string
	)
	return func(_ context.Context, id string) (bool, error) {
		mu.Lock()
		defer mu.Unlock()
		if seen[id] {
			return true, nil
		}
		seen[id] = true
		order = append(order, id)
		if len(order) > seenIDs {
			delete(seen, order[0])
			order = order[1:]
		}
		return false, nil
	}
}
