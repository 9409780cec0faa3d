package tracker_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"waybill/tracker"
)

// subStore is memStore with a record of subscriptions.
type subStore struct {
	*memStore
	subMu sync.Mutex
	subs  map[string]recorded // service|number|carrier
}

type recorded struct {
	at      time.Time
	refused string
}

func (s *subStore) Unsubscribed(_ context.Context, service string, ships []tracker.Shipment, retryRefused time.Time) ([]tracker.Shipment, error) {
	s.subMu.Lock()
	defer s.subMu.Unlock()
	var out []tracker.Shipment
	for _, sh := range ships {
		r, ok := s.subs[service+"|"+sh.TrackingNo+"|"+sh.Carrier]
		if !ok || (r.refused != "" && r.at.Before(retryRefused)) {
			out = append(out, sh)
		}
	}
	return out, nil
}

func (s *subStore) RecordSubscriptions(_ context.Context, now time.Time, service string, subs []tracker.PushSubscription) error {
	s.subMu.Lock()
	defer s.subMu.Unlock()
	for _, sub := range subs {
		s.subs[service+"|"+sub.TrackingNo+"|"+sub.Carrier] = recorded{now, sub.Refused}
	}
	return nil
}

// subCarrier polls nothing new and takes subscriptions, refusing some
// numbers or failing every call.
type subCarrier struct {
	mu      sync.Mutex
	refuse  map[string]string
	fail    error // every Subscribe call
	pollErr error // every Track call
	subbed  []string
	polled  []string
	phones  []string // of every request, polls and subscriptions alike
}

func (c *subCarrier) Name() string   { return "pushy" }
func (c *subCarrier) BatchSize() int { return 1 }
func (c *subCarrier) Track(_ context.Context, reqs []tracker.TrackRequest) ([]tracker.TrackResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pollErr != nil {
		return nil, c.pollErr
	}
	out := make([]tracker.TrackResult, len(reqs))
	for i, r := range reqs {
		c.polled = append(c.polled, r.TrackingNo)
		c.phones = append(c.phones, r.Phone)
		out[i] = tracker.TrackResult{TrackingNo: r.TrackingNo, NotFound: true}
	}
	return out, nil
}

func (c *subCarrier) Subscribe(_ context.Context, reqs []tracker.TrackRequest) ([]error, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail != nil {
		return nil, c.fail
	}
	out := make([]error, len(reqs))
	for i, r := range reqs {
		c.subbed = append(c.subbed, r.TrackingNo)
		c.phones = append(c.phones, r.Phone)
		if why := c.refuse[r.TrackingNo]; why != "" {
			out[i] = errors.New(why)
		}
	}
	return out, nil
}

func (c *subCarrier) counts() (subbed, polled int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.subbed), len(c.polled)
}

func subSetup(t0 time.Time, n int) (*subStore, []int64) {
	var ships []tracker.Shipment
	var ids []int64
	for i := range n {
		id := int64(i + 1)
		ships = append(ships, tracker.Shipment{ID: id, TrackingNo: "K" + string(rune('0'+i)), Carrier: "x",
			Status: tracker.StatusPending, ShippedAt: t0, NextCheckAt: t0, Phone: "+86 138 0013 800" + string(rune('0'+i))})
		ids = append(ids, id)
	}
	return &subStore{memStore: newMemStore(ships...), subs: map[string]recorded{}}, ids
}

// Each number is subscribed once, after its poll, and recorded: a second
// pass, and another refresher on the same store (a restart), subscribe
// nothing again. The order's phone reaches the service both ways.
func TestRefresherSubscribesEachNumberOnce(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	clock := tracker.NewFixedClock(t0)
	store, ids := subSetup(t0, 3)
	car := &subCarrier{}
	route := func(string) tracker.Carrier { return car }
	r := tracker.NewRefresher(store, route, clock, nil, tracker.DefaultPolicy())
	rep, err := r.RunPass(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if sr := rep.ByService["pushy"]; sr == nil || sr.Subscribed != 3 || len(sr.NotSubscribed) != 0 {
		t.Fatalf("report %+v, want 3 subscribed", sr)
	}
	if s, p := car.counts(); s != 3 || p != 3 {
		t.Fatalf("subscribed %d, polled %d, want 3 and 3", s, p)
	}
	for _, ph := range car.phones {
		if !strings.HasPrefix(ph, "+86 138 0013 800") {
			t.Fatalf("phones sent %q, want the orders'", car.phones)
		}
	}

	if _, err := r.RefreshShipments(context.Background(), ids); err != nil {
		t.Fatal(err)
	}
	restarted := tracker.NewRefresher(store, route, clock, nil, tracker.DefaultPolicy())
	rep, err = restarted.RefreshShipments(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	if s, p := car.counts(); s != 3 || p != 9 {
		t.Fatalf("subscribed %d, polled %d, want still 3 and 9: a number is subscribed once", s, p)
	}
	if sr := rep.ByService["pushy"]; sr.Subscribed != 0 {
		t.Fatalf("report %+v", sr)
	}
}

// A number the service will not push is recorded as refused, polled as
// before, and offered again after tracker.SubscribeRetry.
func TestRefresherPollsARefusedNumber(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	clock := tracker.NewFixedClock(t0)
	store, ids := subSetup(t0, 2)
	car := &subCarrier{refuse: map[string]string{"K1": "returnCode 701: 拒绝订阅的快递公司"}}
	r := tracker.NewRefresher(store, func(string) tracker.Carrier { return car }, clock, nil, tracker.DefaultPolicy())
	rep, err := r.RunPass(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sr := rep.ByService["pushy"]
	if sr.Subscribed != 1 || sr.NotSubscribed["not subscribed, polled instead: returnCode 701: 拒绝订阅的快递公司"] != 1 || sr.Failures != 0 {
		t.Fatalf("report %+v", sr)
	}
	if _, err := r.RefreshShipments(context.Background(), ids); err != nil {
		t.Fatal(err)
	}
	if s, p := car.counts(); s != 2 || p != 4 {
		t.Fatalf("subscribed %d, polled %d, want 2 and 4: the refusal stands for a while", s, p)
	}
	clock.Advance(tracker.SubscribeRetry + time.Minute)
	if _, err := r.RefreshShipments(context.Background(), ids); err != nil {
		t.Fatal(err)
	}
	if s, _ := car.counts(); s != 3 {
		t.Fatalf("subscribed %d, want 3: the refused number is offered again", s)
	}
}

// A failed subscription call polls on. A rejected key or a used-up plan
// ends subscribing for the process (a restart tries again); a server error
// for the pass.
func TestRefresherSubscriptionFailures(t *testing.T) {
	for _, tc := range []struct {
		kind       tracker.FailKind
		secondPass int // subscription calls in a second pass of the same refresher
	}{
		{tracker.FailAuth, 0},
		{tracker.FailQuota, 0},
		{tracker.FailServer, 1},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
			clock := tracker.NewFixedClock(t0)
			store, ids := subSetup(t0, 3)
			car := &subCarrier{fail: &tracker.CarrierError{Service: "pushy", Kind: tc.kind, Err: errors.New("returnCode 600")}}
			route := func(string) tracker.Carrier { return car }
			r := tracker.NewRefresher(store, route, clock, nil, tracker.DefaultPolicy())
			rep, err := r.RunPass(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			sr := rep.ByService["pushy"]
			if sr.Checked != 3 || sr.Failures != 0 || sr.Subscribed != 0 || len(sr.NotSubscribed) != 1 {
				t.Fatalf("report %+v: want 3 polled, one reason, no failure", sr)
			}
			if h := r.Health(); len(h) != 1 || h[0].State != tracker.HealthOK {
				t.Fatalf("health %+v: a refused subscription must not stop polling", h)
			}
			car.mu.Lock()
			car.fail = nil
			car.mu.Unlock()
			if _, err := r.RefreshShipments(context.Background(), ids); err != nil {
				t.Fatal(err)
			}
			if s, p := car.counts(); s != tc.secondPass*3 || p != 6 {
				t.Fatalf("second pass subscribed %d, polled %d, want %d and 6", s, p, tc.secondPass*3)
			}
			restarted := tracker.NewRefresher(store, route, clock, nil, tracker.DefaultPolicy())
			if _, err := restarted.RefreshShipments(context.Background(), ids); err != nil {
				t.Fatal(err)
			}
			if s, _ := car.counts(); s != 3 {
				t.Fatalf("after a restart subscribed %d in all, want 3", s)
			}
		})
	}
}

// Nothing is subscribed while the service is stopped, or when the store
// keeps no record (it would subscribe again on every pass).
func TestRefresherSubscribesOnlyWhenItCanKeepTrack(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	clock := tracker.NewFixedClock(t0)
	store, _ := subSetup(t0, 2)
	car := &subCarrier{pollErr: &tracker.CarrierError{Service: "pushy", Kind: tracker.FailAuth, Err: errors.New("503")}}
	r := tracker.NewRefresher(store, func(string) tracker.Carrier { return car }, clock, nil, tracker.DefaultPolicy())
	if _, err := r.RunPass(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s, _ := car.counts(); s != 0 {
		t.Fatalf("subscribed %d with the key rejected", s)
	}

	plain, _ := subSetup(t0, 2)
	car = &subCarrier{}
	r = tracker.NewRefresher(plain.memStore, func(string) tracker.Carrier { return car }, clock, nil, tracker.DefaultPolicy())
	if _, err := r.RunPass(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s, p := car.counts(); s != 0 || p != 2 {
		t.Fatalf("subscribed %d polled %d with a store that keeps no record", s, p)
	}
}
