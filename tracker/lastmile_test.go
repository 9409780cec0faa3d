package tracker_test

import (
	"context"
	"testing"
	"time"

	"waybill/tracker"
)

// lastMileCarrier answers every number with one event and a last mile.
type lastMileCarrier struct{ lm tracker.LastMile }

func (c lastMileCarrier) Name() string   { return "lm" }
func (c lastMileCarrier) BatchSize() int { return 10 }
func (c lastMileCarrier) Track(_ context.Context, reqs []tracker.TrackRequest) ([]tracker.TrackResult, error) {
	out := make([]tracker.TrackResult, len(reqs))
	for i, r := range reqs {
		out[i] = tracker.TrackResult{TrackingNo: r.TrackingNo, LastMile: c.lm,
			Events: []tracker.Event{{Time: time.Date(2026, 10, 30, 8, 0, 0, 0, time.UTC), Status: tracker.StatusInTransit, RawStatus: "x"}}}
	}
	return out, nil
}

// The last mile a service names reaches the store with the update, from a
// poll and from a push alike.
func TestRefresherHandsOnTheLastMile(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	lm := tracker.LastMile{TrackingNo: "9400111206206406260787", Carrier: "usps"}
	clock := tracker.NewFixedClock(t0)
	store := newMemStore(tracker.Shipment{ID: 7, TrackingNo: "LP00123456789012", Carrier: "cainiao", Status: tracker.StatusInTransit, NextCheckAt: t0})
	r := tracker.NewRefresher(store, func(string) tracker.Carrier { return lastMileCarrier{lm} }, clock, nil, tracker.DefaultPolicy())
	if _, err := r.RefreshNow(context.Background(), 7); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Push(context.Background(), "17track", []tracker.Push{{TrackingNo: "LP00123456789012", LastMile: lm}}); err != nil {
		t.Fatal(err)
	}
	if len(store.applied) != 2 {
		t.Fatalf("%d batches applied, want a poll's and a push's", len(store.applied))
	}
	for i, b := range store.applied {
		if len(b) != 1 || b[0].LastMile != lm {
			t.Errorf("batch %d: %+v, want the last mile %+v", i, b, lm)
		}
	}
}

// What CleanLastMile keeps of what a service names.
func TestCleanLastMile(t *testing.T) {
	const own = "LP00123456789012"
	for _, tc := range []struct {
		name string
		in   tracker.LastMile
		want tracker.LastMile
	}{
		{"kept as is", tracker.LastMile{TrackingNo: "9400111206206406260787", Carrier: "usps"}, tracker.LastMile{TrackingNo: "9400111206206406260787", Carrier: "usps"}},
		{"normalized like any number", tracker.LastMile{TrackingNo: " pq4f6p-0703 3589 00108001x ", Carrier: " Correos  Express "}, tracker.LastMile{TrackingNo: "PQ4F6P0703358900108001X", Carrier: "Correos Express"}},
		{"terminal controls go", tracker.LastMile{TrackingNo: "CX123\x1b[31m456789DE", Carrier: "\x1b]8;;http://evil\x07DHL\u202e"}, tracker.LastMile{TrackingNo: "CX123456789DE", Carrier: "DHL"}},
		{"own number", tracker.LastMile{TrackingNo: "lp 0012 3456 7890 12", Carrier: "cainiao"}, tracker.LastMile{}},
		{"no number", tracker.LastMile{Carrier: "usps"}, tracker.LastMile{}},
		{"too long for a number", tracker.LastMile{TrackingNo: "9400111206206406260787940011120620640626078794001112062064062607879400111206206406260787"}, tracker.LastMile{}},
		{"invalid bytes", tracker.LastMile{TrackingNo: "94\xff00"}, tracker.LastMile{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tracker.CleanLastMile(tc.in, own); got != tc.want {
				t.Fatalf("CleanLastMile(%+v) = %+v, want %+v", tc.in, got, tc.want)
			}
		})
	}
}
