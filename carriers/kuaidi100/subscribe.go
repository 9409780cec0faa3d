package kuaidi100

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"waybill/carriers/carrierhttp"
	"waybill/tracker"
)

// SubscribePath is the documented path of the subscription (订阅接口,
// https://apifox.com/apidoc/project-514987/api-8567477): POST
// https://poll.kuaidi100.com/poll, a form with schema=json and param, whose
// key authorises it (no sign). Kuaidi100 pushes only the numbers it was
// subscribed to, to the callbackurl given, each push signed with the salt
// given (webhook.go); the first push comes 15 minutes to 4 hours after,
// then on every change (java-demo, api/Subscribe.java).
const SubscribePath = "/poll"

// Subscribing is the adapter with pushes on: a Carrier that also
// subscribes numbers (tracker.Subscriber). It exists only when a callback
// URL and a salt are configured, so a refresher that finds the interface
// may use it.
type Subscribing struct {
	*Carrier
	callback string
	salt     string
}

// WithPushes returns c subscribing with callbackURL, the public address
// of our /webhooks/kuaidi100, and salt, the webhook secret the pushes are
// signed with.
func (c *Carrier) WithPushes(callbackURL, salt string) (*Subscribing, error) {
	u, err := url.Parse(callbackURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("carriers.kuaidi100.callback_url %q: want the http(s) URL Kuaidi100 can reach our /webhooks/kuaidi100 at", callbackURL)
	}
	if salt == "" {
		// The docs make salt optional, but an unsigned push is one anyone
		// could send: the receiver refuses them (Webhook).
		return nil, errors.New("carriers.kuaidi100.callback_url needs webhook_secret (or webhook_secret_env): the salt Kuaidi100 signs each push with")
	}
	return &Subscribing{Carrier: c, callback: callbackURL, salt: salt}, nil
}

// subscribeParam is param in its documented field order (go-demo
// base/poll.go: phone under parameters, resultv2 "4").
type subscribeParam struct {
	Company    string           `json:"company"`
	Number     string           `json:"number"`
	Key        string           `json:"key"`
	Parameters subscribeOptions `json:"parameters"`
}

type subscribeOptions struct {
	CallbackURL string `json:"callbackurl"`
	Salt        string `json:"salt"`
	// ResultV2 4 asks for the advanced state of each entry, as the query
	// does; the push is read by state name when the code is missing.
	ResultV2 string `json:"resultv2"`
	Phone    string `json:"phone,omitempty"`
}

// The documented answers of a subscription (Kuaidi100's own account,
// https://cloud.tencent.com/developer/article/1828132): 200 taken, 501
// already followed (also past 4 subscriptions of one number in a month),
// 600 not a lawful subscriber (the key), 601 key expired, 700 the data is
// wrong (company, number) or the callback URL is, 701 a company that takes
// no subscriptions, 702 the number's company cannot be told, 500 server
// error.
const (
	subOK         = "200"
	subDuplicate  = "501"
	subBadKey     = "600"
	subKeyExpired = "601"
	subServer     = "500"
)

// Subscribe asks Kuaidi100 to follow each request's number and push its
// news. A number it follows already (501) is as good as taken. A number it
// will not follow (700, 701, 702, or one we have no company code for) gets
// its own error and is polled; 700 may also mean the callback URL is
// wrong, which it cannot be told from, so it too is the number's. A
// rejected key (600), an expired one (601) or a server error (500) fail
// the call.
func (s *Subscribing) Subscribe(ctx context.Context, reqs []tracker.TrackRequest) ([]error, error) {
	out := make([]error, len(reqs))
	for i, req := range reqs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("kuaidi100 subscribe %q: %w", req.TrackingNo, err)
		}
		own, err := s.subscribeOne(ctx, req)
		if err != nil {
			return nil, err
		}
		out[i] = own
	}
	return out, nil
}

func (s *Subscribing) subscribeOne(ctx context.Context, req tracker.TrackRequest) (own, err error) {
	num := strings.TrimSpace(req.TrackingNo)
	com, ok := Com(req.Carrier)
	if !ok {
		return fmt.Errorf("kuaidi100 has no company code for carrier %q: cannot subscribe %s", req.Carrier, num), nil
	}
	pb, err := json.Marshal(subscribeParam{Company: com, Number: num, Key: s.key, Parameters: subscribeOptions{
		CallbackURL: s.callback, Salt: s.salt, ResultV2: ResultV2, Phone: phoneParam(req.Phone, s.phone),
	}})
	if err != nil {
		return nil, s.client.Fail(tracker.FailRequest, 0, err)
	}
	form := url.Values{"schema": {"json"}, "param": {string(pb)}}
	hr, err := http.NewRequest(http.MethodPost, s.client.URL(SubscribePath, nil), strings.NewReader(form.Encode()))
	if err != nil {
		return nil, s.client.Fail(tracker.FailRequest, 0, err)
	}
	hr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	hr.Header.Set("Accept", "application/json")
	body, err := s.client.Do(ctx, hr)
	if err != nil {
		return nil, err
	}
	var a struct {
		Result     *bool      `json:"result"`
		ReturnCode flexString `json:"returnCode"`
		Message    string     `json:"message"`
	}
	if err := json.Unmarshal(body, &a); err != nil || (a.Result == nil && a.ReturnCode == "") {
		return nil, s.client.Fail(tracker.FailMalformed, 0, fmt.Errorf("subscribe %s: not a subscription answer: %s", num, carrierhttp.Snippet(body)))
	}
	code := string(a.ReturnCode)
	switch {
	case code == subOK || (code == "" && *a.Result):
		return nil, nil
	case code == subDuplicate:
		return nil, nil
	case code == subBadKey:
		return nil, s.client.Fail(tracker.FailAuth, 0, fmt.Errorf("subscribe %s: returnCode %s: %s", num, code, a.Message))
	case code == subKeyExpired:
		return nil, s.client.Fail(tracker.FailQuota, 0, fmt.Errorf("subscribe %s: returnCode %s: %s", num, code, a.Message))
	case code == subServer:
		return nil, s.client.Fail(tracker.FailServer, 0, fmt.Errorf("subscribe %s: returnCode %s: %s", num, code, a.Message))
	}
	return fmt.Errorf("kuaidi100 will not push %s (returnCode %s): %s", num, code, a.Message), nil
}

var _ tracker.Subscriber = (*Subscribing)(nil)
