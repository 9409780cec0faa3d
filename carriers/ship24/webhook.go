package ship24

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strings"

	"waybill/carriers/carrierhttp"
	"waybill/tracker"
)

// MaxWebhookBody caps a push body. Ship24 sends one event per tracking
// item and groups at most a few items, so a megabyte is plenty.
const MaxWebhookBody = 1 << 20

// Webhook returns the receiver for Ship24's tracking webhooks
// (docs.ship24.com/webhooks): Ship24 POSTs {"trackings":[…]}, each item with
// the events found since the last push, and sends the account's webhook
// secret as "Authorization: Bearer SECRET" on every request. There is no
// signature over the body, so the secret is all there is to check; it is
// compared in constant time, and an empty secret refuses everything.
//
// Pushes arrive in any order and may repeat (Ship24 retries any non-2xx
// answer up to 20 times): the events go to sink exactly as a poll would
// produce them, and the store's dedupe makes a repeat harmless. Answers:
// 200 with an empty body once sink took the pushes; 401 for a missing or
// wrong secret; 405 for methods other than POST and HEAD (Ship24 probes the
// URL with HEAD and wants 200); 413 over MaxWebhookBody; 400 for a body that
// is not the documented JSON; 500 when sink fails, so Ship24 tries again.
func (c *Carrier) Webhook(secret string, sink tracker.PushSink) http.Handler {
	want := sha256.Sum256([]byte(secret))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodPost:
		case http.MethodHead:
			// The health check carries no data; answering it reveals no
			// more than a 401 would.
			w.WriteHeader(http.StatusOK)
			return
		default:
			w.Header().Set("Allow", "POST, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got, ok := bearer(r.Header.Get("Authorization"))
		sum := sha256.Sum256([]byte(got))
		// Comparing digests keeps the time independent of the lengths too.
		if !ok || secret == "" || subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="ship24 webhook"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		body, ok := carrierhttp.ReadPush(w, r, MaxWebhookBody, carrierhttp.PlainFail)
		if !ok {
			return
		}
		pushes, err := decodePush(body)
		if err != nil {
			http.Error(w, "body is not a Ship24 webhook: "+err.Error(), http.StatusBadRequest)
			return
		}
		if len(pushes) > 0 {
			if _, err := sink(r.Context(), Slug, pushes); err != nil {
				http.Error(w, "could not store the push; try again", http.StatusInternalServerError)
				return
			}
		}
		w.WriteHeader(http.StatusOK)
	})
}

// bearer returns the token of an "Authorization: Bearer TOKEN" header.
func bearer(h string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// decodePush reads a webhook body into one push per tracking item. Items
// that name no tracking number cannot be routed and are left out; items
// with neither events nor an ETA say nothing and are left out too.
func decodePush(body []byte) ([]tracker.Push, error) {
	var p push
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, err
	}
	var out []tracker.Push
	for _, t := range p.Trackings {
		number := strings.TrimSpace(t.Tracker.TrackingNumber)
		if number == "" {
			for _, e := range t.Events {
				if number = strings.TrimSpace(e.TrackingNumber); number != "" {
					break
				}
			}
		}
		if number == "" {
			continue
		}
		conv := convert([]tracking{t})
		if len(conv.events) == 0 && conv.eta.IsZero() {
			continue
		}
		out = append(out, tracker.Push{TrackingNo: number, Events: conv.events, ETA: conv.eta})
	}
	return out, nil
}
