package trackingmore_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"waybill/carriers/carrierhttp"
	"waybill/carriers/contract"
	"waybill/carriers/trackingmore"
	"waybill/carriers/trackingmore/trackingmorefake"
	"waybill/store"
	"waybill/tracker"
)

// TrackingMore failing in every documented way, mixed in with good
// answers (as carriers.TestRefresherThroughMixedFaults does for
// AfterShip): the refresher ends with every parcel refreshed, no event
// stored twice, no number created twice, and an intact database.
func TestRefresherThroughMixedFaults(t *testing.T) {
	ctx := context.Background()
	fake := trackingmorefake.New(t, 0)
	c, err := trackingmore.New(carrierhttp.Options{APIKey: fake.Key(), BaseURL: fake.URL(), BatchSize: 5, Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	c.SetRate(0)
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	t0 := time.Now().UTC().Truncate(time.Second)
	want := map[string]int{}
	for i := range 30 {
		num := contract.S10("RB", 40000000+i, "CN")
		if i%3 != 0 { // a third are new to TrackingMore and get created
			want[num] = fake.AddDelivered(num, t0.Add(-96*time.Hour))
		}
		if _, err := db.AddOrder(ctx, t0, tracker.Order{OrderNo: num + "-order"}, []tracker.Shipment{{TrackingNo: num, Carrier: "china-post", ShippedAt: t0.Add(-96 * time.Hour)}}); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []contract.Fault{contract.Fault500, contract.FaultTimeout, contract.Fault429, contract.FaultBadJSON, contract.Fault500, contract.FaultQuota, contract.Fault500, contract.FaultTimeout, contract.Fault429Date, contract.FaultBadJSON} {
		fake.Fail(f, 1)
	}
	clock := tracker.NewFixedClock(t0)
	ref := tracker.NewRefresher(db, func(string) tracker.Carrier { return c }, clock, nil, tracker.DefaultPolicy())
	ref.RetryBase, ref.BreakerThreshold = time.Millisecond, 2
	failed := 0
	complete := func() bool { return done(t, db, want) && len(fake.Created()) >= 10 }
	for round := 0; round < 40 && !complete(); round++ {
		rep, err := ref.RunPass(ctx)
		if err != nil {
			t.Fatal(err)
		}
		failed += rep.Total.Failures
		clock.Advance(25 * time.Hour) // past pauses, cooldowns and quota waits
	}
	if !complete() {
		t.Fatalf("not every parcel was refreshed (%d created); health %+v", len(fake.Created()), ref.Health())
	}
	if failed == 0 {
		t.Fatal("no failure was recorded: the faults did not happen")
	}
	seen := map[string]bool{}
	for _, cr := range fake.Created() {
		if seen[cr.TrackingNumber] {
			t.Fatalf("%s created twice", cr.TrackingNumber)
		}
		seen[cr.TrackingNumber] = true
	}
	if len(seen) != 10 {
		t.Fatalf("%d numbers created, want the 10 new ones", len(seen))
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

// done reports whether every scripted parcel holds exactly its events;
// more would be a duplicate and fails the test.
func done(t *testing.T, db *store.DB, want map[string]int) bool {
	t.Helper()
	all := true
	for num, n := range want {
		o, err := db.FindOrder(context.Background(), num, true)
		if err != nil {
			t.Fatal(err)
		}
		got := len(o.Shipments[0].Events)
		if got > n {
			t.Fatalf("%s has %d events, want %d: duplicates", num, got, n)
		}
		all = all && got == n
	}
	return all
}
