package aftership

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"

	"waybill/carriers/carrierhttp"
	"waybill/tracker"
)

// SignatureHeader carries the base64 HMAC-SHA256 of the raw webhook body,
// keyed with the webhook secret (AfterShip "Webhook Signature").
const SignatureHeader = "aftership-hmac-sha256"

// MaxWebhookBody caps a webhook body; a tracking with every checkpoint is
// far smaller.
const MaxWebhookBody = 1 << 20

// webhookBody is AfterShip's webhook envelope: ts (Unix seconds), event
// ("tracking_update", "edd_revise" …), event_id (UUID) and msg, the
// tracking object as the API returns it.
type webhookBody struct {
	TS      text        `json:"ts"`
	Event   string      `json:"event"`
	EventID string      `json:"event_id"`
	Msg     apiTracking `json:"msg"`
}

// Webhook returns the handler AfterShip posts tracking updates to. It
// answers 405 to anything but POST, 413 to bodies over 1 MiB, 401 when the
// signature is missing or wrong (and with an empty secret, to everything),
// 400 to a signed body it cannot read, 500 when sink fails (AfterShip then
// retries, up to 14 times with back-off) and 200 otherwise. Events for
// which msg names no tracking are acknowledged and dropped. Pushes may
// repeat; the store dedupes their events.
func (c *Carrier) Webhook(secret string, sink tracker.PushSink) http.Handler {
	key := []byte(secret)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		body, ok := carrierhttp.ReadPush(w, r, MaxWebhookBody, carrierhttp.PlainFail)
		if !ok {
			return
		}
		if !validSignature(key, body, r.Header.Get(SignatureHeader)) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		pushes, err := decodeWebhook(body)
		if err != nil {
			http.Error(w, "cannot decode webhook body", http.StatusBadRequest)
			return
		}
		if len(pushes) > 0 {
			if _, err := sink(r.Context(), Slug, pushes); err != nil {
				http.Error(w, "cannot store the update, try again", http.StatusInternalServerError)
				return
			}
		}
		w.WriteHeader(http.StatusOK)
	})
}

// validSignature checks sig, base64 of HMAC-SHA256(body) with key, in
// constant time. An empty key accepts nothing.
func validSignature(key, body []byte, sig string) bool {
	sig = strings.TrimSpace(sig)
	if len(key) == 0 || sig == "" {
		return false
	}
	got, err := base64.StdEncoding.DecodeString(sig)
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, key)
	m.Write(body)
	return hmac.Equal(m.Sum(nil), got)
}

// decodeWebhook reads a webhook body into pushes: one for its tracking, or
// none when msg names no tracking number.
func decodeWebhook(body []byte) ([]tracker.Push, error) {
	var b webhookBody
	if err := json.Unmarshal(body, &b); err != nil {
		return nil, err
	}
	n := b.Msg.TrackingNumber.String()
	if n == "" {
		return nil, nil
	}
	return []tracker.Push{{TrackingNo: n, Events: b.Msg.events(), ETA: b.Msg.eta(), LastMile: b.Msg.lastMile(n), Stopped: b.Msg.stopped()}}, nil
}
