package kuaidi100

import (
	"crypto/md5"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"waybill/carriers/carrierhttp"
	"waybill/tracker"
)

// MaxPushBody caps a push: a trail is a few kilobytes.
const MaxPushBody = 1 << 20

// push is the param of a subscription push (推送接口). status is polling,
// shutdown (delivered, monitoring ends), abort (e.g. "3天查询无记录", "60天无
// 变化") or updateall (a full re-push). lastResult is the trail in the
// origin country, destResult the destination country's when the
// international option is on.
type push struct {
	Status     string  `json:"status"`
	Message    string  `json:"message"`
	AutoCheck  string  `json:"autoCheck"`
	ComOld     string  `json:"comOld"`
	ComNew     string  `json:"comNew"`
	LastResult *answer `json:"lastResult"`
	DestResult *answer `json:"destResult"`
}

// SignPush is a push's signature: MD5 of param followed by the salt given
// when subscribing, as upper-case hex.
func SignPush(param, salt string) string {
	sum := md5.Sum([]byte(param + salt))
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// reply is the body Kuaidi100 expects back; on result false it pushes again
// (after 30 minutes, up to 3 times).
func reply(w http.ResponseWriter, status int, ok bool, code, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	b, _ := json.Marshal(struct {
		Result     bool   `json:"result"`
		ReturnCode string `json:"returnCode"`
		Message    string `json:"message"`
	}{ok, code, msg})
	w.Write(b)
}

// Webhook receives Kuaidi100's subscription pushes: a form POST with param
// (the JSON above) and sign. The sign is checked against secret, the salt
// given when subscribing; a push without a valid sign is refused with 401
// and goes no further. An empty secret refuses every push, since a sign over
// an empty salt proves nothing. The trail is handed to sink as one Push for
// the number; a sink error answers 500 so Kuaidi100 pushes again.
func (c *Carrier) Webhook(secret string, sink tracker.PushSink) http.Handler {
	return WebhookHandler(secret, sink)
}

// WebhookHandler is Webhook without a Carrier, for a receiver that runs no
// queries.
func WebhookHandler(secret string, sink tracker.PushSink) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			reply(w, http.StatusMethodNotAllowed, false, "405", "POST only")
			return
		}
		body, ok := carrierhttp.ReadPush(w, r, MaxPushBody, func(w http.ResponseWriter, status int, msg string) {
			reply(w, status, false, strconv.Itoa(status), msg)
		})
		if !ok {
			return
		}
		form, err := parseForm(r.Header.Get("Content-Type"), body)
		if err != nil {
			reply(w, http.StatusBadRequest, false, "400", err.Error())
			return
		}
		param, sign := form.Get("param"), form.Get("sign")
		if !validPushSign(param, sign, secret) {
			reply(w, http.StatusUnauthorized, false, "401", "bad or missing sign")
			return
		}
		pushes, err := DecodePush([]byte(param))
		if err != nil {
			reply(w, http.StatusBadRequest, false, "400", "param: "+err.Error())
			return
		}
		if len(pushes) > 0 {
			if _, err := sink(r.Context(), Slug, pushes); err != nil {
				reply(w, http.StatusInternalServerError, false, "500", "not stored, push again")
				return
			}
		}
		reply(w, http.StatusOK, true, "200", "成功")
	})
}

// parseForm reads an x-www-form-urlencoded body; a missing Content-Type is
// taken as form, anything else is refused.
func parseForm(contentType string, body []byte) (url.Values, error) {
	if contentType != "" {
		mt, _, err := mime.ParseMediaType(contentType)
		if err != nil || mt != "application/x-www-form-urlencoded" {
			return nil, fmt.Errorf("Content-Type %q: want application/x-www-form-urlencoded", contentType)
		}
	}
	return url.ParseQuery(string(body))
}

// validPushSign compares sign with MD5(param+secret) in constant time; the
// hex may be upper or lower case (Kuaidi100's documents show both).
func validPushSign(param, sign, secret string) bool {
	if secret == "" || sign == "" || param == "" {
		return false
	}
	got, err := hex.DecodeString(strings.TrimSpace(sign))
	if err != nil || len(got) != md5.Size {
		return false
	}
	want := md5.Sum([]byte(param + secret))
	return subtle.ConstantTimeCompare(got, want[:]) == 1
}

// DecodePush reads a push's param into pushes: one for the number, with the
// events of both trails. A push with no events (an abort for "no record in
// 3 days") gives none; events without a number are an error.
func DecodePush(param []byte) ([]tracker.Push, error) {
	var p push
	if err := json.Unmarshal(param, &p); err != nil {
		return nil, err
	}
	var number string
	var events []tracker.Event
	for _, a := range []*answer{p.LastResult, p.DestResult} {
		if a == nil {
			continue
		}
		if number == "" {
			number = strings.TrimSpace(a.Nu)
		}
		events = append(events, Events(a.Data, string(a.State))...)
	}
	switch {
	case len(events) == 0:
		return nil, nil
	case number == "":
		return nil, errors.New("a trail without a number (lastResult.nu)")
	}
	return []tracker.Push{{TrackingNo: number, Events: events}}, nil
}
