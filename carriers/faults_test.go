package carriers_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"waybill/carriers/aftership"
	"waybill/carriers/aftership/aftershipfake"
	"waybill/carriers/carrierhttp"
	"waybill/carriers/contract"
	"waybill/store"
	"waybill/tracker"
)

// A service that fails in every documented way, mixed in with good
// answers: the refresher must end with every parcel refreshed, no event
// stored twice, and an intact database.
func TestRefresherThroughMixedFaults(t *testing.T) {
	ctx := context.Background()
	fake := aftershipfake.New(t, 50)
	c, err := aftership.New(carrierhttp.Options{APIKey: fake.Key(), BaseURL: fake.URL(), BatchSize: 5, Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	t0 := time.Now().UTC().Truncate(time.Second)
	want := map[string]int{}
	for i := range 40 {
		num := contract.S10("RB", 20000000+i, "GB")
		want[num] = fake.AddDelivered(num, t0.Add(-96*time.Hour))
		if _, err := db.AddOrder(ctx, t0, tracker.Order{OrderNo: num + "-order"}, []tracker.Shipment{{TrackingNo: num, Carrier: "royal-mail", ShippedAt: t0.Add(-96 * time.Hour)}}); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []contract.Fault{contract.Fault500, contract.FaultTimeout, contract.Fault429, contract.FaultBadJSON, contract.Fault500, contract.Fault500, contract.Fault500, contract.FaultTimeout, contract.Fault500, contract.Fault500, contract.Fault429Date, contract.FaultBadJSON} {
		fake.Fail(f, 1)
	}

	clock := tracker.NewFixedClock(t0)
	ref := tracker.NewRefresher(db, func(string) tracker.Carrier { return c }, clock, nil, tracker.DefaultPolicy())
	ref.RetryBase, ref.BreakerThreshold = time.Millisecond, 2
	failed := 0
	for round := 0; round < 30; round++ {
		rep, err := ref.RunPass(ctx)
		if err != nil {
			t.Fatal(err)
		}
		failed += rep.Total.Failures
		// Move past rate-limit pauses, breaker cooldowns and the next
		// check of any parcel whose answer could not be read.
		clock.Advance(5 * time.Hour)
		if done(t, db, want) {
			break
		}
	}
	if !done(t, db, want) {
		t.Fatalf("not every parcel was refreshed after 30 passes; health %+v", ref.Health())
	}
	if failed == 0 {
		t.Fatal("no failure was recorded: the faults did not happen")
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

// done reports whether every parcel holds exactly its events; more would
// be a duplicate and fails the test.
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
