package kuaidi100_test

import (
	"context"
	"testing"
	"time"

	"waybill/carriers/kuaidi100/kuaidi100fake"
	"waybill/tracker"
)

// A parcel the recipient refused (拒签, state 14) has failed a delivery:
// it is not final, so it is asked about again and the way back (退回 6,
// 退签 4) is fetched when it comes.
func TestRefusedIsAFailedDeliveryNotTheEnd(t *testing.T) {
	f := kuaidi100fake.New(t, 0)
	f.SetMinInterval(0)
	c, err := newCarrier(f.URL(), f.Key(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	num := s10(1)[0]
	shipped := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	// First the trail up to the refusal.
	f.Add(num, kuaidi100fake.Trail{State: "14", Events: refusedUpTo(shipped, 3)})
	req := []tracker.TrackRequest{{TrackingNo: num, Carrier: "china-post"}}
	res, err := c.Track(context.Background(), req)
	if err != nil || res[0].Err != nil {
		t.Fatalf("%v %+v", err, res)
	}
	newest := newestEvent(res[0].Events)
	if newest.RawStatus != "14" || newest.Status != tracker.StatusDeliveryFailed || newest.Exception != tracker.ExDeliveryFailed {
		t.Fatalf("refusal: %+v, want delivery_failed with the delivery_failed exception", newest)
	}
	if newest.Status.Final() {
		t.Fatalf("a refusal is final (%s): the way back would never be fetched", newest.Status)
	}

	f.AddRefused(num, shipped) // the way back comes
	res, err = c.Track(context.Background(), req)
	if err != nil || res[0].Err != nil {
		t.Fatalf("%v %+v", err, res)
	}
	got := map[string]tracker.Status{}
	for _, e := range res[0].Events {
		got[e.RawStatus] = e.Status
	}
	want := map[string]tracker.Status{"103": tracker.StatusInTransit, "5": tracker.StatusOutForDelivery,
		"14": tracker.StatusDeliveryFailed, "6": tracker.StatusReturning, "4": tracker.StatusReturned}
	for raw, st := range want {
		if got[raw] != st {
			t.Errorf("state %s → %q, want %q", raw, got[raw], st)
		}
	}
	if n := newestEvent(res[0].Events); n.RawStatus != "4" || !n.Status.Final() {
		t.Fatalf("newest %+v: the signed-back return is the end", n)
	}
}

// refusedUpTo is the first n entries of AddRefused's trail.
func refusedUpTo(shipped time.Time, n int) []kuaidi100fake.Event {
	at := func(d time.Duration) string { return kuaidi100fake.ChinaTime(shipped.Add(d)) }
	evs := []kuaidi100fake.Event{
		{Time: at(1 * time.Hour), Context: "【深圳市】已揽收", Status: "揽收", StatusCode: "103"},
		{Time: at(30 * time.Hour), Context: "【上海市】派件中", Status: "派件", StatusCode: "5"},
		{Time: at(34 * time.Hour), Context: "【上海市】收件人拒收，拒签", Status: "拒签", StatusCode: "14"},
	}
	return evs[:n]
}

func newestEvent(evs []tracker.Event) tracker.Event {
	var n tracker.Event
	for _, e := range evs {
		if e.Time.After(n.Time) {
			n = e
		}
	}
	return n
}
