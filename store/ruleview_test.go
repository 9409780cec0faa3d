package store

import (
	"cmp"
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"waybill/tracker"
)

// A parcel with nothing stored yet gets the rules' view of its events from
// the batch instead of reading it back; it must be exactly what the read
// gives: the same events, values and order, times as the store gives them
// back.
func TestApplyFreshRuleViewIsWhatTheStoreReads(t *testing.T) {
	ctx := context.Background()
	at := t0.Add(-5 * day)
	problem := func(e tracker.Event, x tracker.ExceptionKind) tracker.Event { e.Exception = x; return e }
	subSecond := event(at.Add(1500*time.Millisecond), tracker.StatusInTransit, "sub-second")
	for _, tc := range []struct {
		name   string
		events []tracker.Event
	}{
		{"newest only", []tracker.Event{scan(at, 0), scan(at, 1), scan(at, 2)}},
		{"problems and the newest", []tracker.Event{scan(at, 0), problem(scan(at, 1), tracker.ExCustoms), scan(at, 2), problem(scan(at, 3), tracker.ExDamaged)}},
		{"the newest is a problem", []tracker.Event{scan(at, 0), problem(scan(at, 1), tracker.ExLost)}},
		{"out of order", []tracker.Event{scan(at, 5), scan(at, 1), problem(scan(at, 3), tracker.ExCustoms), scan(at, 2)}},
		{"same time, newest by id", []tracker.Event{event(at, tracker.StatusInTransit, "a"), event(at, tracker.StatusInTransit, "b")}},
		{"unknown times last", []tracker.Event{event(time.Time{}, tracker.StatusException, "no time"), problem(event(time.Time{}, tracker.StatusException, "no time either"), tracker.ExDamaged)}},
		{"only unknown times", []tracker.Event{event(time.Time{}, tracker.StatusInfoReceived, "x")}},
		{"the epoch reads back as unknown", []tracker.Event{problem(event(time.Unix(0, 0), tracker.StatusException, "epoch"), tracker.ExLost), event(time.Time{}, tracker.StatusInTransit, "none")}},
		{"sub-second and zoned times", []tracker.Event{subSecond, event(at.In(time.FixedZone("CST", 8*3600)).Add(-time.Hour), tracker.StatusInTransit, "zoned")}},
		{"a date far ahead is not the newest", []tracker.Event{scan(at, 0), event(t0.AddDate(0, 0, 400), tracker.StatusDelivered, "ahead"), scan(at, 1)}},
		{"a problem dated far ahead is read, for apply to leave out", []tracker.Event{scan(at, 0), problem(event(t0.AddDate(0, 0, 400), tracker.StatusException, "ahead"), tracker.ExDamaged)}},
		{"repeats within the update", []tracker.Event{scan(at, 0), problem(scan(at, 1), tracker.ExCustoms), scan(at, 0), problem(scan(at, 1), tracker.ExCustoms)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			sh := addShipment(t, db, "O-FRESH", "LX000000001CN", at.Add(-day))
			other := addShipment(t, db, "O-OLD", "LX000000002CN", at.Add(-day))
			apply(t, db, t0, tracker.Update{ShipmentID: other.ID, Events: []tracker.Event{scan(at, 0)}})

			stmts, err := db.applyStmts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			tx, err := begin(ctx, db.write)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			a, err := newApplier(ctx, tx, stmts, db.pg)
			if err != nil {
				t.Fatal(err)
			}
			defer a.close()
			a.now = t0
			us := tagAll([][]tracker.Update{{
				{ShipmentID: sh.ID, Events: tc.events},
				{ShipmentID: other.ID, Events: []tracker.Event{scan(at, 0), scan(at, 1)}},
			}})
			a.hashed = hashKeys(us)
			ids := []int64{sh.ID, other.ID}
			state, err := a.loadAll(ctx, ids)
			if err != nil {
				t.Fatal(err)
			}
			if err := a.storedKeys(ctx, ids, state); err != nil {
				t.Fatal(err)
			}
			if !state[sh.ID].fresh || state[other.ID].fresh {
				t.Fatalf("fresh: new parcel %v, parcel with a stored event %v", state[sh.ID].fresh, state[other.ID].fresh)
			}
			if err := a.insertAll(ctx, us, state); err != nil {
				t.Fatal(err)
			}
			if err := a.ruleViews(ctx, ids, state); err != nil {
				t.Fatal(err)
			}
			read := map[int64]*shipState{sh.ID: {}}
			if err := a.readRuleViews(ctx, []int64{sh.ID}, read); err != nil {
				t.Fatal(err)
			}
			want := read[sh.ID].rule
			slices.SortFunc(want, func(x, y tracker.Event) int {
				if c := y.Time.Compare(x.Time); c != 0 {
					return c
				}
				return cmp.Compare(y.ID, x.ID)
			})
			got := state[sh.ID].rule
			if len(want) == 0 || !reflect.DeepEqual(got, want) {
				t.Errorf("view from the batch:\n%+v\nread from the store:\n%+v", got, want)
			}
			if n := len(state[other.ID].rule); n != 1 || state[other.ID].rule[0].Description != "scan 1" {
				t.Errorf("the parcel with a stored event: view %+v, want its newest, scan 1", state[other.ID].rule)
			}
		})
	}
}
