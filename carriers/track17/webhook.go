package track17

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"waybill/carriers/carrierhttp"
	"waybill/tracker"
)

// MaxWebhookBody caps a push body. 17TRACK sends one number per push; a
// full history is a few tens of kilobytes.
const MaxWebhookBody = 1 << 20

// Webhook events 17TRACK sends.
const (
	EventUpdated = "TRACKING_UPDATED" // new tracking information
	EventStopped = "TRACKING_STOPPED" // 17TRACK stopped following the number
)

// Sign is the signature 17TRACK puts in a push's "sign" header: the
// lowercase hex SHA-256 of the raw body, "/", and the account's security
// key. It is exported for fakes and tests that play 17TRACK.
func Sign(body []byte, securityKey string) string {
	h := sha256.New()
	h.Write(body)
	h.Write([]byte("/"))
	h.Write([]byte(securityKey))
	return hex.EncodeToString(h.Sum(nil))
}

// Webhook returns the handler for 17TRACK's pushes, verified with secret
// (the security key 17TRACK signs with). It answers 405 to anything but
// POST, 413 to bodies over 1 MiB, 401 when the sign header is missing or
// wrong (or no secret is configured) without calling sink, 400 to a body
// that is not a documented push, 500 when sink fails so 17TRACK retries,
// and 200 once sink has stored the push. A push carries one number; its
// events go to sink like a poll's, and the number is remembered as
// registered.
func (c *Carrier) Webhook(secret string, sink tracker.PushSink) http.Handler {
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
		if !verify(body, r.Header.Get("sign"), secret) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		push, ok, err := decodePush(body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if !ok {
			w.WriteHeader(http.StatusOK) // nothing to store: acknowledged
			return
		}
		c.remember(normalize(push.number), push.carrier)
		if _, err := sink(r.Context(), Service, []tracker.Push{push.Push}); err != nil {
			http.Error(w, "could not store the push", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// verify checks a push's sign header in constant time. An empty secret
// verifies nothing: anyone could compute the signature of a known body.
func verify(body []byte, sign, secret string) bool {
	if secret == "" {
		return false
	}
	got := strings.ToLower(strings.TrimSpace(sign))
	want := Sign(body, secret)
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

type decodedPush struct {
	tracker.Push
	number  string
	carrier int
}

// decodePush reads a push body. ok is false for a push with nothing to
// store (an unknown event, or an update without tracking data).
func decodePush(body []byte) (p decodedPush, ok bool, err error) {
	var wb webhookBody
	if err := json.Unmarshal(body, &wb); err != nil {
		return p, false, errors.New("not a 17TRACK push: " + err.Error())
	}
	if wb.Event != EventUpdated && wb.Event != EventStopped {
		return p, false, nil
	}
	n := strings.TrimSpace(wb.Data.Number)
	if n == "" {
		return p, false, errors.New("push without data.number")
	}
	p.number, p.carrier = n, wb.Data.Carrier
	p.TrackingNo = n
	p.Events = events(wb.Data.TrackInfo)
	p.ETA = eta(wb.Data.TrackInfo)
	p.LastMile = lastMile(wb.Data.TrackInfo, n)
	// A stop notice carries no track_info; what it says is the news.
	p.Stopped = wb.Event == EventStopped
	if len(p.Events) == 0 && p.ETA.IsZero() && p.LastMile.IsZero() && !p.Stopped {
		return p, false, nil
	}
	return p, true, nil
}
