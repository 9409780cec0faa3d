package kuaidi100_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"waybill/carriers/contract"
	"waybill/carriers/kuaidi100"
	"waybill/carriers/kuaidi100/kuaidi100fake"
	"waybill/tracker"
)

var _ tracker.Subscriber = (*kuaidi100.Subscribing)(nil)

func subscribing(t *testing.T, f *kuaidi100fake.Server, key, callback string) *kuaidi100.Subscribing {
	t.Helper()
	c, err := newCarrier(f.URL(), key, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.WithPushes(callback, salt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A subscription is the documented form (schema=json, param with company,
// number, key and parameters.callbackurl, salt, resultv2, phone); Kuaidi
// 100 then pushes the number's news to the callback, signed with the salt,
// and the adapter's own webhook takes the push.
func TestSubscribeThenPush(t *testing.T) {
	f := kuaidi100fake.New(t, 0)
	spy := &sinkSpy{}
	hook := httptest.NewServer((&kuaidi100.Carrier{}).Webhook(salt, spy.sink))
	defer hook.Close()
	s := subscribing(t, f, f.Key(), hook.URL+"/webhooks/kuaidi100")
	num := s10(1)[0]
	f.AddDelivered(num, time.Now().Add(-200*time.Hour))

	errs, err := s.Subscribe(context.Background(), []tracker.TrackRequest{{TrackingNo: " " + num + " ", Carrier: "china-post", Phone: "+44 7700 900123"}})
	if err != nil || len(errs) != 1 || errs[0] != nil {
		t.Fatalf("%v %v", errs, err)
	}
	subs := f.Subscriptions()
	if len(subs) != 1 {
		t.Fatalf("%d subscriptions", len(subs))
	}
	got := subs[0]
	want := kuaidi100fake.Subscription{Company: "youzhengguoji", Number: num, Key: f.Key(),
		CallbackURL: hook.URL + "/webhooks/kuaidi100", Salt: salt, ResultV2: "4", Phone: "0123",
		Schema: "json", ContentType: "application/x-www-form-urlencoded", ReturnCode: "200"}
	if got != want {
		t.Fatalf("subscription\n got %+v\nwant %+v", got, want)
	}
	if s.Name() != "kuaidi100" || s.BatchSize() != 1 {
		t.Fatalf("the subscribing adapter is still the adapter: %s %d", s.Name(), s.BatchSize())
	}

	resp, err := f.PushSubscribed(context.Background(), num, "shutdown")
	if err != nil {
		t.Fatal(err)
	}
	var ack struct {
		Result     bool   `json:"result"`
		ReturnCode string `json:"returnCode"`
	}
	json.NewDecoder(resp.Body).Decode(&ack)
	resp.Body.Close()
	if resp.StatusCode != 200 || !ack.Result || ack.ReturnCode != "200" {
		t.Fatalf("push answered %d %+v", resp.StatusCode, ack)
	}
	if spy.calls != 1 || len(spy.pushes) != 1 || spy.pushes[0].TrackingNo != num || len(spy.pushes[0].Events) != 7 {
		t.Fatalf("sink got %d calls %+v", spy.calls, spy.pushes)
	}
}

// Each documented answer of a subscription: taken and already taken (501)
// are nil, a number Kuaidi100 will not follow is that number's error (it is
// polled instead), and an answer about the key or the service fails the
// call with its kind.
func TestSubscribeAnswers(t *testing.T) {
	cases := []struct {
		name   string
		setup  func(f *kuaidi100fake.Server, num string)
		key    string
		ownErr string           // in the number's error
		kind   tracker.FailKind // call-level failure
	}{
		{name: "taken", setup: func(*kuaidi100fake.Server, string) {}},
		{name: "already followed (501)", setup: func(f *kuaidi100fake.Server, num string) {
			f.RefuseSubscription(num, kuaidi100fake.SubDuplicate)
		}},
		{name: "company refuses (701)", setup: func(f *kuaidi100fake.Server, num string) {
			f.RefuseSubscription(num, kuaidi100fake.SubRefusedCom)
		}, ownErr: "701"},
		{name: "bad data (700)", setup: func(f *kuaidi100fake.Server, num string) {
			f.RefuseSubscription(num, kuaidi100fake.SubBadData)
		}, ownErr: "700"},
		{name: "company unknown (702)", setup: func(f *kuaidi100fake.Server, num string) {
			f.RefuseSubscription(num, kuaidi100fake.SubUnknownCom)
		}, ownErr: "702"},
		{name: "wrong key (600)", setup: func(*kuaidi100fake.Server, string) {}, key: "wrong", kind: tracker.FailAuth},
		{name: "key expired (601)", setup: func(f *kuaidi100fake.Server, _ string) { f.Fail(contract.FaultQuota, 1) }, kind: tracker.FailQuota},
		{name: "server error (500)", setup: func(f *kuaidi100fake.Server, num string) {
			f.RefuseSubscription(num, kuaidi100fake.SubServerError)
		}, kind: tracker.FailServer},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := kuaidi100fake.New(t, 0)
			num := s10(1)[0]
			tc.setup(f, num)
			key := f.Key()
			if tc.key != "" {
				key = tc.key
			}
			s := subscribing(t, f, key, "https://shop.example/webhooks/kuaidi100")
			errs, err := s.Subscribe(context.Background(), []tracker.TrackRequest{{TrackingNo: num, Carrier: "china-post"}})
			if tc.kind != "" {
				if tracker.FailKindOf(err) != tc.kind || errs != nil {
					t.Fatalf("%v %v, want a %s failure", errs, err, tc.kind)
				}
				if strings.Contains(err.Error(), key) {
					t.Fatalf("the key is in the error: %v", err)
				}
				return
			}
			if err != nil || len(errs) != 1 {
				t.Fatalf("%v %v", errs, err)
			}
			switch {
			case tc.ownErr == "" && errs[0] != nil:
				t.Fatalf("refused: %v", errs[0])
			case tc.ownErr != "" && (errs[0] == nil || !strings.Contains(errs[0].Error(), tc.ownErr)):
				t.Fatalf("error %v, want one naming %s", errs[0], tc.ownErr)
			}
		})
	}
}

// A number with no Kuaidi100 company code is refused without a call.
func TestSubscribeUnmappedCarrier(t *testing.T) {
	f := kuaidi100fake.New(t, 0)
	s := subscribing(t, f, f.Key(), "https://shop.example/webhooks/kuaidi100")
	errs, err := s.Subscribe(context.Background(), []tracker.TrackRequest{{TrackingNo: "RB123456785GB", Carrier: "royal-mail"}})
	if err != nil || len(errs) != 1 || errs[0] == nil || !strings.Contains(errs[0].Error(), "royal-mail") {
		t.Fatalf("%v %v", errs, err)
	}
	if n := len(f.Subscriptions()); n != 0 {
		t.Fatalf("%d subscriptions sent", n)
	}
}

func TestWithPushesNeedsCallbackAndSalt(t *testing.T) {
	c, _ := newCarrier("http://127.0.0.1:1", "k", time.Second)
	for _, tc := range []struct{ callback, salt, want string }{
		{"", "s", "callback_url"},
		{"ftp://x/y", "s", "callback_url"},
		{"https://shop.example/webhooks/kuaidi100", "", "webhook_secret"},
	} {
		if _, err := c.WithPushes(tc.callback, tc.salt); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("WithPushes(%q, %q) = %v, want an error naming %s", tc.callback, tc.salt, err, tc.want)
		}
	}
}
