package trackingmore

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"waybill/carriers/carrierhttp"
	"waybill/tracker"
)

// Webhook headers. TrackingMore's webhook page
// (https://www.trackingmore.com/docs/trackingmore/, "Webhook", mirrored in
// TrackingMore's own github.com/clooney/*-tracking-api webhook.md) says
// each v4 notification carries a signature in a header, computed with the
// account's webhook secret ("Webhook Secret is only for V4 version
// Webhook"), and gives a Go example that signs a timestamp: hex of
// HMAC-SHA256(secret, "1662371528") = a37084ab…1b06 (reproduced in
// trackingmorefake's tests). The copies we could read name neither header,
// so these are the names the example itself uses.
const (
	TimestampHeader = "timestamp"
	SignatureHeader = "signature"
)

// MaxWebhookBody caps a push body; one tracking with every checkpoint is
// far smaller.
const MaxWebhookBody = 1 << 20

// Pushes signed over a timestamp are taken only while the timestamp is at
// most PushMaxAge old (or PushMaxAhead in the future): the documented
// signature covers the timestamp and not the body, so an old signature
// must not carry a new body. The docs give no window; an hour spans
// TrackingMore's first retries (30 s, 60 s, … doubling), and polling covers
// anything later.
const (
	PushMaxAge   = time.Hour
	PushMaxAhead = 5 * time.Minute
)

// Webhook returns the receiver for TrackingMore's v4 webhooks. TrackingMore
// POSTs tracking updates and retries any answer outside 200–299 up to 14
// times (2^n × 30 s apart). A push is taken when SignatureHeader holds
// either form the docs describe, both keyed with the webhook secret:
//
//   - hex of HMAC-SHA256 over TimestampHeader (the docs' Go example), with
//     the timestamp (Unix seconds) inside PushMaxAge;
//   - base64 of HMAC-SHA256 over the raw body (the docs' prose).
//
// Answers: 405 to anything but POST; 413 over MaxWebhookBody; 401 when the
// signature is missing or wrong (and with an empty secret, to everything);
// 400 for a signed body that is not TrackingMore's JSON; 500 when sink
// fails, so TrackingMore tries again; 200 otherwise. The body is read as
// the API's tracking object under "data" (one or a list), or at its root:
// the docs we could read show no webhook body. Pushes may repeat; the
// store dedupes their events.
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
		if !validSignature(key, body, r.Header.Get(TimestampHeader), r.Header.Get(SignatureHeader), time.Now()) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		pushes, err := decodePush(body)
		if err != nil {
			http.Error(w, "body is not a TrackingMore webhook", http.StatusBadRequest)
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

// validSignature checks sig against either documented form, in constant
// time. An empty key accepts nothing.
func validSignature(key, body []byte, ts, sig string, now time.Time) bool {
	sig = strings.TrimSpace(sig)
	if len(key) == 0 || sig == "" {
		return false
	}
	if ts = strings.TrimSpace(ts); ts != "" && freshTimestamp(ts, now) {
		if got, err := hex.DecodeString(sig); err == nil && hmac.Equal(mac(key, []byte(ts)), got) {
			return true
		}
	}
	if got, err := base64.StdEncoding.DecodeString(sig); err == nil && hmac.Equal(mac(key, body), got) {
		return true
	}
	return false
}

func mac(key, msg []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return m.Sum(nil)
}

// freshTimestamp reports whether ts, Unix seconds (or milliseconds), lies
// in the window around now.
func freshTimestamp(ts string, now time.Time) bool {
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || n <= 0 {
		return false
	}
	at := time.Unix(n, 0)
	if n > 1e12 {
		at = time.UnixMilli(n)
	}
	return !at.Before(now.Add(-PushMaxAge)) && !at.After(now.Add(PushMaxAhead))
}

// decodePush reads a webhook body into one push per tracking. Trackings
// that name no number cannot be routed and are left out; those that say
// nothing (no checkpoints, ETA, last-mile number or stop) too.
func decodePush(body []byte) ([]tracker.Push, error) {
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	data := bytes.TrimSpace(body)
	if len(data) > 0 && data[0] != '[' { // a list of trackings at the root is read as it is
		if err := json.Unmarshal(body, &env); err != nil {
			return nil, err
		}
		if len(env.Data) > 0 {
			data = env.Data
		} // else a tracking object at the root
	}
	ts, err := trackings(data)
	if err != nil {
		return nil, err
	}
	var out []tracker.Push
	for _, t := range ts {
		n := t.TrackingNumber.String()
		if n == "" {
			continue
		}
		conv := convert(t)
		if len(conv.events) == 0 && conv.eta.IsZero() && conv.lastMile == (tracker.LastMile{}) && !conv.stopped {
			continue
		}
		out = append(out, tracker.Push{TrackingNo: n, Events: conv.events, ETA: conv.eta, LastMile: conv.lastMile, Stopped: conv.stopped})
	}
	return out, nil
}
