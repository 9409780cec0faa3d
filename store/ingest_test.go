package store

import (
	"context"
	"errors"
	"reflect"
	"slices"
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

// ApplyBatches stores batches in one transaction as ApplyUpdates would
// store them one after the other: the same events (each shipment's in the
// same order; ids of different shipments' may interleave otherwise), the
// same shipments and exceptions, and each batch's own summary, also when a
// shipment comes in two batches or its update fails.
func TestApplyBatchesAsOneBatchAfterAnother(t *testing.T) {
	ctx := context.Background()
	orders := demoOrders(30, 2)
	at := func(i int) time.Time { return orders[i].Shipments[0].ShippedAt }
	batches := [][]tracker.Update{
		{{ShipmentID: 1, Events: []tracker.Event{scan(at(0), 0), scan(at(0), 5)}}, {ShipmentID: 2, Err: "carrier down"}},
		{{ShipmentID: 3, Events: []tracker.Event{scan(at(2), 6), event(at(2).Add(-time.Hour), tracker.StatusDelivered, "delivered")}}},
		// Shipment 1 again, with a newer scan and one it sent already.
		{{ShipmentID: 1, Events: []tracker.Event{scan(at(0), 5), scan(at(0), 9)}}, {ShipmentID: 4, Events: []tracker.Event{scan(at(3), 3)}}},
		{{ShipmentID: 999, Events: []tracker.Event{scan(at(0), 1)}}}, // no such shipment
	}
	now := t0.Add(30 * day) // late enough for the rules to open exceptions
	one, many := openTest(t), openTest(t)
	var want []tracker.ApplySummary
	for _, db := range []*DB{one, many} {
		if err := db.AddOrders(ctx, t0, orders); err != nil {
			t.Fatal(err)
		}
	}
	for _, us := range batches {
		sum, err := one.ApplyUpdates(ctx, now, tracker.DefaultPolicy(), us)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, sum)
	}
	got, err := many.ApplyBatches(ctx, now, tracker.DefaultPolicy(), batches)
	if err != nil {
		t.Fatal(err)
	}
	for _, sums := range [][]tracker.ApplySummary{got, want} {
		for i := range sums {
			slices.Sort(sums[i].Changed) // which changed, not in what order
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("summaries\n got %+v\nwant %+v", got, want)
	}
	if want[0].NewEvents == 0 || want[2].NewEvents != 2 || want[3].Checked != 0 {
		t.Errorf("the batches did not test what they should: %+v", want)
	}
	for _, q := range []string{
		`SELECT group_concat(shipment_id || ':' || coalesce(CAST(time AS TEXT), '') || ':' || status, ',') FROM (SELECT * FROM events ORDER BY shipment_id, id)`,
		`SELECT group_concat(id || ':' || status || ':' || coalesce(CAST(last_event_at AS TEXT), '') || ':' || coalesce(CAST(delivered_at AS TEXT), '') || ':' || coalesce(CAST(next_check_at AS TEXT), '') || ':' || last_error, ',') FROM (SELECT * FROM shipments ORDER BY id)`,
		`SELECT group_concat(shipment_id || ':' || kind || ':' || state, ',') FROM (SELECT * FROM exceptions ORDER BY id)`,
		`SELECT count(*) || ':' || coalesce(group_concat(channel, ','), '') FROM outbox`,
	} {
		var a, b string
		if err := one.read.QueryRow(q).Scan(&a); err != nil {
			t.Fatal(err)
		}
		if err := many.read.QueryRow(q).Scan(&b); err != nil {
			t.Fatal(err)
		}
		if a != b {
			t.Errorf("%s\none at a time: %s\n    together: %s", q, a, b)
		}
	}
}
