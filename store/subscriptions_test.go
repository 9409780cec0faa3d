package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"waybill/tracker"
)

// A subscription is recorded per service, number and carrier, survives
// reopening the store (a restart), and a refusal stands until
// retryRefused passes it.
func TestSubscriptionsAreRecorded(t *testing.T) {
	ctx := context.Background()
	path := testStore(t)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	a := addShipment(t, db, "O1", "RR123456785CN", t0)
	b := addShipment(t, db, "O2", "RR000000015CN", t0)
	c := addShipment(t, db, "O3", "RR123456785CN", t0) // another order, the same number
	ships := []tracker.Shipment{a, b, c}
	ids := func(shs []tracker.Shipment) []int64 {
		var out []int64
		for _, sh := range shs {
			out = append(out, sh.ID)
		}
		return out
	}
	todo, err := db.Unsubscribed(ctx, "kuaidi100", ships, t0)
	if err != nil || len(todo) != 3 {
		t.Fatalf("before any: %v %v, want all three", ids(todo), err)
	}
	if err := db.RecordSubscriptions(ctx, t0, "kuaidi100", []tracker.PushSubscription{
		{TrackingNo: a.TrackingNo, Carrier: a.Carrier},
		{TrackingNo: b.TrackingNo, Carrier: b.Carrier, Refused: "returnCode 701"},
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cases := []struct {
		name         string
		service      string
		retryRefused time.Time
		want         []int64
	}{
		{"subscribed and refused are done, for both orders of a number", "kuaidi100", t0.Add(-time.Hour), nil},
		{"a refusal older than retryRefused is offered again", "kuaidi100", t0.Add(time.Second), []int64{b.ID}},
		{"another service has no record", "17track", t0, []int64{a.ID, b.ID, c.ID}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			todo, err := db.Unsubscribed(ctx, tc.service, ships, tc.retryRefused)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(todo); !slices.Equal(got, tc.want) {
				t.Fatalf("unsubscribed %v, want %v", got, tc.want)
			}
		})
	}
	// A later answer replaces the refusal.
	if err := db.RecordSubscriptions(ctx, t0.Add(day), "kuaidi100", []tracker.PushSubscription{{TrackingNo: b.TrackingNo, Carrier: b.Carrier}}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM subscriptions WHERE refused = ''`); n != 2 {
		t.Fatalf("%d followed numbers, want 2", n)
	}
}

// The refresher asks a service about a claimed parcel, or one named by
// id, with the order's phone (tracker.TrackRequest.Phone).
func TestClaimAndShipmentCarryTheOrdersPhone(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	d, err := db.AddOrder(ctx, t0, tracker.Order{OrderNo: "P1", Buyer: "Ana", Phone: "+86 138 0013 8000"},
		[]tracker.Shipment{{TrackingNo: "SF1234567890123", Carrier: "sf-express", ShippedAt: t0}})
	if err != nil {
		t.Fatal(err)
	}
	id := d.Shipments[0].ID
	claimed, err := db.ClaimDue(ctx, t0.Add(day), "me", time.Minute, 0)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("%+v %v", claimed, err)
	}
	if claimed[0].Phone != "+86 138 0013 8000" {
		t.Fatalf("claimed phone %q", claimed[0].Phone)
	}
	sh, err := db.Shipment(ctx, id)
	if err != nil || sh.Phone != "+86 138 0013 8000" {
		t.Fatalf("shipment phone %q %v", sh.Phone, err)
	}
}
