package track123

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"waybill/carriers/carrierhttp"
	"waybill/tracker"
)

// MaxWebhookBody caps a push body: one number's history is a few tens of
// kilobytes.
const MaxWebhookBody = 1 << 20

// MaxWebhookSkew is how far a push's timestamp may be from our clock.
// Track123's signature covers the timestamp only, not the body, so a
// signature seen once (in a log, by a proxy) would authorise any body for
// ever; only the timestamp's age limits that. The docs give no window; five
// minutes is the usual one. Whether Track123's retries (600 s to 129600 s
// later, docs.track123.com/reference/getting-started-with-your-api) carry
// a new timestamp is not documented either: a retry with the old one is
// refused, and polling picks up what it carried.
const MaxWebhookSkew = 5 * time.Minute

// Sign is the documented webhook signature: the lowercase hex HMAC-SHA256
// of the timestamp's text, keyed with the account's API key ("Use your
// Track123 API key and timestamp (plain text) to generate a signature …
// PHP: SHA256, JAVA: HmacSHA256",
// docs.track123.com/reference/getting-started-with-your-api). Exported for
// tests that play Track123.
func Sign(apiKey, timestamp string) string {
	m := hmac.New(sha256.New, []byte(apiKey))
	m.Write([]byte(timestamp))
	return hex.EncodeToString(m.Sum(nil))
}

// Webhook returns the receiver for Track123's pushes, verified with secret,
// which for Track123 is the API key itself (the key, when no
// webhook_secret is configured: SignsPushesWithKey).
//
// Track123 documents two forms and the handler takes both: the API guide's
// {"data": <a tracking as the query returns it>, "verify": {"timestamp",
// "signature"}} (docs.track123.com/reference/getting-started-with-your-api),
// and the help centre's X-Track123-Timestamp and X-Track123-Signature
// headers with a flat body {trackingNumber, transitStatus, trackInfo}
// (intercom.help/track123/en/articles/9790020). The headers, when present,
// are what is checked. The timestamp is in milliseconds as the example
// "1724750053243" shows (ten digits are read as seconds); it must be within
// MaxWebhookSkew of now.
//
// Answers: 405 to anything but POST; 413 over MaxWebhookBody; 401 for a
// missing, wrong or stale signature (or no secret configured) without
// calling sink; 400 for a body that is neither form; 500 when sink fails,
// so Track123 retries; 200 once sink took the push.
func (c *Carrier) Webhook(secret string, sink tracker.PushSink) http.Handler {
	return c.webhook(secret, sink, time.Now)
}

func (c *Carrier) webhook(secret string, sink tracker.PushSink, now func() time.Time) http.Handler {
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
		var p pushBody
		perr := json.Unmarshal(body, &p)
		ts, sig := r.Header.Get("X-Track123-Timestamp"), r.Header.Get("X-Track123-Signature")
		if ts == "" && sig == "" && perr == nil && p.Verify != nil {
			ts, sig = string(p.Verify.Timestamp), p.Verify.Signature
		}
		if why := verify(secret, ts, sig, now()); why != nil {
			http.Error(w, "unauthorized: "+why.Error(), http.StatusUnauthorized)
			return
		}
		if perr != nil {
			http.Error(w, "body is not a Track123 push: "+perr.Error(), http.StatusBadRequest)
			return
		}
		push, ok := p.push()
		if !ok {
			http.Error(w, "body is not a Track123 push: no tracking number", http.StatusBadRequest)
			return
		}
		if len(push.Events) > 0 || !push.ETA.IsZero() || push.LastMile.TrackingNo != "" || push.Stopped {
			if _, err := sink(r.Context(), Slug, []tracker.Push{push}); err != nil {
				http.Error(w, "could not store the push; try again", http.StatusInternalServerError)
				return
			}
		}
		w.WriteHeader(http.StatusOK)
	})
}

// verify checks a timestamp and its signature. An empty secret verifies
// nothing: anyone could sign a timestamp with it.
func verify(secret, ts, sig string, now time.Time) error {
	ts, sig = strings.TrimSpace(ts), strings.TrimSpace(sig)
	switch {
	case secret == "":
		return errors.New("no webhook secret configured")
	case ts == "" || sig == "":
		return errors.New("no timestamp and signature")
	}
	got, err := hex.DecodeString(sig)
	want := hmac.New(sha256.New, []byte(secret))
	want.Write([]byte(ts))
	// hmac.Equal takes constant time; a signature that is not hex fails
	// the same comparison.
	if err != nil || !hmac.Equal(got, want.Sum(nil)) {
		return errors.New("bad signature")
	}
	at, ok := readTimestamp(ts)
	if !ok {
		return errors.New("unreadable timestamp")
	}
	if d := now.Sub(at); d > MaxWebhookSkew || d < -MaxWebhookSkew {
		return errors.New("stale timestamp " + ts)
	}
	return nil
}

// readTimestamp reads milliseconds (13 digits, the documented form) or
// seconds (10) since 1970.
func readTimestamp(ts string) (time.Time, bool) {
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}, false
	}
	switch len(ts) {
	case 13:
		return time.UnixMilli(n), true
	case 10:
		return time.Unix(n, 0), true
	}
	return time.Time{}, false
}

// pushBody holds both documented push forms.
type pushBody struct {
	// The API guide's form.
	Data   *tracking `json:"data"`
	Verify *struct {
		Timestamp flexString `json:"timestamp"`
		Signature string     `json:"signature"`
	} `json:"verify"`

	// The help centre's form.
	TrackingNumber   string `json:"trackingNumber"`
	TransitStatus    string `json:"transitStatus"`
	TransitSubStatus string `json:"transitSubStatus"`
	TrackInfo        []struct {
		EventTime     string `json:"eventTime"`
		EventDetail   string `json:"eventDetail"`
		EventLocation string `json:"eventLocation"`
	} `json:"trackInfo"`
}

// push turns a body into one push; false when it names no number.
func (p pushBody) push() (tracker.Push, bool) {
	if p.Data != nil && strings.TrimSpace(p.Data.TrackNo) != "" {
		conv := convert(*p.Data)
		return tracker.Push{TrackingNo: strings.TrimSpace(p.Data.TrackNo), Events: conv.events, ETA: conv.eta,
			LastMile: conv.lastMile, Stopped: conv.stopped}, true
	}
	n := strings.TrimSpace(p.TrackingNumber)
	if n == "" {
		return tracker.Push{}, false
	}
	// The help centre's example spells statuses for people ("Delivered",
	// "In Transit"); read them as the API's words.
	t := tracking{TrackNo: n, TransitStatus: apiWord(p.TransitStatus), TransitSubStatus: apiWord(p.TransitSubStatus), Local: &waybill{}}
	for _, e := range p.TrackInfo {
		t.Local.TrackingDetails = append(t.Local.TrackingDetails, detail{EventTime: e.EventTime, EventDetail: e.EventDetail, Address: e.EventLocation})
	}
	conv := convert(t)
	return tracker.Push{TrackingNo: n, Events: conv.events, Stopped: conv.stopped}, true
}

// apiWord turns "In Transit" into "IN_TRANSIT".
func apiWord(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(strings.ReplaceAll(s, "_", " ")), "_"))
}

// flexString is a JSON string or number, as text: the docs do not say which
// the push's timestamp is.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*f = flexString(n)
	return nil
}
