package store

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"waybill/tracker"
)

// streamFixture is a store of n orders, one parcel each, every third with
// a damaged parcel (an exception that stays open) and every fifth
// delivered, so the streamed reads have orders, parcels and exceptions
// to page through.
func streamFixture(t *testing.T, n int) *DB {
	t.Helper()
	db := openTest(t)
	for i := range n {
		shipped := t0.Add(-time.Duration(30+i) * day)
		s := addShipment(t, db, fmt.Sprintf("O-%03d", i), fmt.Sprintf("LX%09dCN", i), shipped)
		evs := []tracker.Event{event(shipped.Add(day), tracker.StatusInTransit, "accepted")}
		if i%3 == 0 {
			e := event(shipped.Add(2*day), tracker.StatusException, "parcel damaged")
			e.Exception = tracker.ExDamaged
			evs = append(evs, e)
		}
		if i%5 == 0 {
			evs = append(evs, event(shipped.Add(9*day), tracker.StatusDelivered, "delivered"))
		}
		apply(t, db, shipped.Add(10*day), tracker.Update{ShipmentID: s.ID, Events: evs})
	}
	return db
}

// The streamed reads give what the collecting ones give, in the same
// order, and a page never holds more than its limit: memory is a page
// (counted, not timed).
func TestStreamedReadsMatchCollected(t *testing.T) {
	ctx := context.Background()
	db := streamFixture(t, 23)

	t.Run("OrdersAfter pages are ListOrders, at most a page each", func(t *testing.T) {
		want, err := db.ListOrders(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, limit := range []int{1, 4, 23, 100} {
			var got []tracker.OrderDetail
			var after int64
			pages := 0
			for {
				page, err := db.OrdersAfter(ctx, after, limit)
				if err != nil {
					t.Fatal(err)
				}
				if len(page) == 0 {
					break
				}
				if len(page) > limit {
					t.Fatalf("limit %d: a page of %d orders", limit, len(page))
				}
				pages++
				got = append(got, page...)
				after = page[len(page)-1].ID
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("limit %d: paged orders differ from ListOrders (%d against %d)", limit, len(got), len(want))
			}
			if wantPages := (len(want) + limit - 1) / limit; pages != wantPages {
				t.Errorf("limit %d: %d pages, want %d", limit, pages, wantPages)
			}
		}
	})

	t.Run("EachOpenException is OpenExceptions", func(t *testing.T) {
		for _, q := range []tracker.ExceptionQuery{{Now: t0}, {}, {Now: t0, Limit: 3}} {
			want, err := db.OpenExceptions(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var got []tracker.ExceptionRow
			if err := db.EachOpenException(ctx, q, func(r tracker.ExceptionRow) error {
				got = append(got, r)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 || !reflect.DeepEqual(got, want) {
				t.Errorf("query %+v: streamed %d rows, collected %d, or they differ", q, len(got), len(want))
			}
		}
	})

	t.Run("EachShipmentHistory is ShipmentHistory", func(t *testing.T) {
		for _, since := range []time.Time{{}, t0.Add(-40 * day)} {
			want, err := db.ShipmentHistory(ctx, since)
			if err != nil {
				t.Fatal(err)
			}
			slices.SortFunc(want, func(x, y tracker.HistoryRecord) int { return int(x.ShipmentID - y.ShipmentID) })
			var got []tracker.HistoryRecord
			if err := db.EachShipmentHistory(ctx, since, func(h tracker.HistoryRecord) error {
				h.Exceptions = slices.Clone(h.Exceptions) // the callee may not keep it
				got = append(got, h)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			withKinds := 0
			for _, h := range got {
				if len(h.Exceptions) > 0 {
					withKinds++
				}
			}
			if withKinds == 0 || !reflect.DeepEqual(got, want) {
				t.Errorf("since %v: streamed history (%d, %d with kinds) differs from collected (%d)", since, len(got), withKinds, len(want))
			}
		}
	})
}
