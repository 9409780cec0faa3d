package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"waybill/tracker"
)

// A batch's events go in with multi-row INSERTs of 32, 16, 8 … rows, with
// the ids worked out from the last one; repeats (stored, or within the
// batch, or a shipment's second update in the batch) are left out first.
func TestApplyBatchesEventsAcrossInsertSizes(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		counts  []int // events per update; update i is of shipment i%3+1
		repeats int   // of each update, how many repeat an event of the same update
		want    int   // new events
	}{
		{"one event", []int{1}, 0, 1},
		{"exactly one full insert", []int{32}, 0, 32},
		{"a full insert and every smaller one", []int{63}, 0, 63},
		{"several parcels share inserts", []int{5, 7, 11, 13}, 0, 36},
		{"repeats within an update count once", []int{10, 10}, 3, 14},
		{"a parcel twice in one batch", []int{4, 4, 4, 6}, 0, 18},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			var ids []int64
			for i := range 3 {
				ids = append(ids, addShipment(t, db, "O-"+string(rune('A'+i)), "LX00000000"+string(rune('1'+i))+"CN", t0.Add(-10*day)).ID)
			}
			var us []tracker.Update
			next := map[int64]int{}
			for i, n := range tc.counts {
				id := ids[i%3]
				u := tracker.Update{ShipmentID: id}
				for range n - tc.repeats {
					u.Events = append(u.Events, scan(t0.Add(-9*day), next[id]))
					next[id]++
				}
				u.Events = append(u.Events, u.Events[:tc.repeats]...)
				us = append(us, u)
			}
			sum := apply(t, db, t0, us...)
			if sum.NewEvents != tc.want {
				t.Errorf("NewEvents = %d, want %d", sum.NewEvents, tc.want)
			}
			total := 0
			for _, id := range ids {
				evs, err := db.Timeline(ctx, id, 0)
				if err != nil {
					t.Fatal(err)
				}
				total += len(evs)
				if len(evs) != next[id] {
					t.Errorf("shipment %d has %d events, want %d", id, len(evs), next[id])
				}
				// Newest first, and the shipment's status and last event
				// follow the newest.
				sh, err := db.Shipment(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if len(evs) > 0 && !sh.LastEventAt.Equal(evs[0].Time) {
					t.Errorf("shipment %d: last event at %v, newest event %v", id, sh.LastEventAt, evs[0].Time)
				}
			}
			if total != tc.want {
				t.Errorf("%d events stored, want %d", total, tc.want)
			}
			// The same batch again adds nothing.
			if again := apply(t, db, t0, us...); again.NewEvents != 0 {
				t.Errorf("the batch again added %d events", again.NewEvents)
			}
			if n := count(t, db, `SELECT count(*) FROM events`); n != tc.want {
				t.Errorf("%d rows in events after the repeat, want %d", n, tc.want)
			}
			// Ids are the rows' own: each names an event of its shipment.
			for _, id := range ids {
				evs, _ := db.Timeline(ctx, id, 0)
				for _, e := range evs {
					if n := count(t, db, `SELECT count(*) FROM events WHERE id = ? AND shipment_id = ?`, e.ID, id); n != 1 {
						t.Errorf("event %d is not shipment %d's", e.ID, id)
					}
				}
			}
		})
	}
}

// The batch's statements do not watch ctx one by one, but ending ctx
// still ends the batch: nothing of it is stored, and the error says why.
func TestApplyCancelledMidBatchStoresNothing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		after time.Duration // when ctx ends, from the call
	}{
		{"before the call", -1},
		{"during the batch", 20 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			orders := demoOrders(500, 0)
			if err := db.AddOrders(context.Background(), t0, orders); err != nil {
				t.Fatal(err)
			}
			var us []tracker.Update
			for i, o := range orders {
				u := tracker.Update{ShipmentID: int64(i + 1)}
				for n := range 200 {
					u.Events = append(u.Events, scan(o.Shipments[0].ShippedAt, n))
				}
				us = append(us, u)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.after < 0 {
				cancel()
			} else {
				time.AfterFunc(tc.after, cancel)
			}
			start := time.Now()
			_, err := db.ApplyUpdates(ctx, t0, tracker.DefaultPolicy(), us)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("ApplyUpdates of 100,000 events cancelled after %v (took %v) = %v, want context.Canceled", tc.after, time.Since(start), err)
			}
			if n := count(t, db, `SELECT count(*) FROM events`); n != 0 {
				t.Errorf("%d events stored by a cancelled batch", n)
			}
			// The store takes the next batch.
			if sum := apply(t, db, t0, us[:2]...); sum.NewEvents != 400 {
				t.Errorf("the next batch stored %d events, want 400", sum.NewEvents)
			}
		})
	}
}
