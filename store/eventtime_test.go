package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"
	"time"

	"waybill/tracker"
)

// Issue 19: an event whose date cannot be right (400 days ahead, a
// placeholder, long before shipping) is stored as sent, told once, and
// never decides the status or the exceptions; an event dated ahead counts
// once the clock reaches it.
func TestApplyEventsWhoseTimeCannotBeRight(t *testing.T) {
	shipped := t0.Add(-10 * day)
	with := func(e tracker.Event, raw string, kind tracker.ExceptionKind) tracker.Event {
		e.RawStatus, e.Exception = raw, kind
		return e
	}
	future := with(event(t0.AddDate(0, 0, 400), tracker.StatusDelivered, "Delivered"), "Delivered_Other", "")
	returning := with(event(t0.Add(-time.Hour), tracker.StatusReturning, "Returning to sender"), "Exception_Returning", "")
	transit := event(shipped.Add(8*day), tracker.StatusInTransit, "departed")
	soon := event(t0.Add(3*day), tracker.StatusDelivered, "delivered early by the carrier's clock")
	year9999 := with(event(time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), tracker.StatusException, "damaged"), "Exception_Damage", tracker.ExDamaged)
	epoch := with(event(time.Unix(0, 0).UTC(), tracker.StatusException, "lost"), "Exception_Lost", tracker.ExLost)
	untimed := with(event(time.Time{}, tracker.StatusDelivered, "delivered, time unknown"), "Delivered_Other", "")
	lastYear := event(shipped.AddDate(-1, 0, 0), tracker.StatusDelivered, "delivered (the number's previous parcel)")

	type step struct {
		now     time.Time
		events  []tracker.Event
		status  tracker.Status
		suspect []time.Time // the times told in this step's summary
		open    []tracker.ExceptionKind
	}
	for _, tc := range []struct {
		name   string
		steps  []step
		stored int
		first  time.Time // first_event_at afterwards; zero for NULL
	}{
		{"a future delivery pushed, then a real return with the whole history", []step{
			// Ten days shipped and nothing that counts: as good as no tracking.
			{t0, []tracker.Event{future}, tracker.StatusPending, []time.Time{future.Time}, []tracker.ExceptionKind{tracker.ExNoTracking}},
			{t0, []tracker.Event{future, returning}, tracker.StatusReturning, nil, []tracker.ExceptionKind{tracker.ExReturning}},
		}, 2, returning.Time},
		{"a future delivery in the same poll as real scans", []step{
			{t0, []tracker.Event{transit, future, returning}, tracker.StatusReturning, []time.Time{future.Time}, []tracker.ExceptionKind{tracker.ExReturning}},
			{t0.Add(time.Hour), []tracker.Event{transit, future, returning}, tracker.StatusReturning, nil, []tracker.ExceptionKind{tracker.ExReturning}},
		}, 3, transit.Time},
		{"an event dated ahead counts once the clock reaches it", []step{
			{t0, []tracker.Event{transit, soon}, tracker.StatusInTransit, []time.Time{soon.Time}, nil},
			{t0.Add(day), []tracker.Event{transit, soon}, tracker.StatusInTransit, nil, nil},
			{t0.Add(2*day + time.Hour), nil, tracker.StatusDelivered, nil, nil},
		}, 2, transit.Time},
		{"placeholders of 9999, the epoch and no time", []step{
			{t0, []tracker.Event{year9999, epoch, untimed, transit}, tracker.StatusInTransit, []time.Time{year9999.Time, epoch.Time, {}}, nil},
		}, 4, transit.Time},
		{"a placeholder among stored events", []step{
			{t0, []tracker.Event{transit}, tracker.StatusInTransit, nil, nil},
			{t0, []tracker.Event{year9999, epoch, untimed}, tracker.StatusInTransit, []time.Time{year9999.Time, epoch.Time, {}}, nil},
		}, 4, transit.Time},
		{"a recycled number's delivery of last year", []step{
			{t0, []tracker.Event{lastYear}, tracker.StatusPending, []time.Time{lastYear.Time}, []tracker.ExceptionKind{tracker.ExNoTracking}},
			{t0, []tracker.Event{lastYear, transit}, tracker.StatusInTransit, nil, nil},
		}, 2, transit.Time},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			sh := addShipment(t, db, "ORD-1", "LX000000001CN", shipped)
			for i, s := range tc.steps {
				sum := apply(t, db, s.now, tracker.Update{ShipmentID: sh.ID, Events: s.events})
				var told []time.Time
				for _, x := range sum.Suspect {
					if x.TrackingNo != sh.TrackingNo || x.ShipmentID != sh.ID || x.Doubt == "" {
						t.Errorf("step %d: suspect event %+v does not name the parcel %s and why", i, x, sh.TrackingNo)
					}
					told = append(told, x.Event.Time)
				}
				if !slices.EqualFunc(told, s.suspect, time.Time.Equal) {
					t.Errorf("step %d: summary tells of events at %v, want %v", i, told, s.suspect)
				}
				got, err := db.Shipment(context.Background(), sh.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Status != s.status {
					t.Errorf("step %d: status %s, want %s", i, got.Status, s.status)
				}
				if got.Status.Final() == got.NextCheckAt.IsZero() != true {
					t.Errorf("step %d: status %s with next check %v: a parcel no counting event ended is polled", i, got.Status, got.NextCheckAt)
				}
				if got.Status == tracker.StatusDelivered && got.DeliveredAt.IsZero() {
					t.Errorf("step %d: delivered without a delivery time", i)
				}
				if !got.LastEventAt.IsZero() && tracker.EventTimeDoubt(got.LastEventAt, shipped, s.now) != "" {
					t.Errorf("step %d: last event at %v, a time that cannot be right", i, got.LastEventAt)
				}
				var open []tracker.ExceptionKind
				for _, x := range exceptionRows(t, db, sh.ID) {
					if x.State == tracker.ExOpen {
						open = append(open, x.Kind)
					}
				}
				if !slices.Equal(open, s.open) {
					t.Errorf("step %d: open exceptions %v, want %v", i, open, s.open)
				}
			}
			if n := count(t, db, `SELECT count(*) FROM events WHERE shipment_id = ?`, sh.ID); n != tc.stored {
				t.Errorf("%d events stored, want %d: every event is kept as sent", n, tc.stored)
			}
			var first sql.NullInt64
			if err := db.read.QueryRow(`SELECT first_event_at FROM shipments WHERE id = ?`, sh.ID).Scan(&first); err != nil {
				t.Fatal(err)
			}
			if want := tc.first.Unix(); tc.first.IsZero() != !first.Valid || (first.Valid && first.Int64 != want) {
				t.Errorf("first event at %v, want %v: the first scan is one that counts", first, tc.first)
			}
		})
	}
}

// Two batches of one commit that carry the same future event tell it once.
func TestApplyBatchesTellASuspectEventOnce(t *testing.T) {
	db := openTest(t)
	sh := addShipment(t, db, "ORD-1", "LX000000001CN", t0.Add(-10*day))
	future := event(t0.AddDate(0, 0, 400), tracker.StatusDelivered, "Delivered")
	u := tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{future}}
	sums, err := db.ApplyBatches(context.Background(), t0, tracker.DefaultPolicy(), [][]tracker.Update{{u}, {u}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != 2 || len(sums[0].Suspect) != 1 || len(sums[1].Suspect) != 0 {
		t.Fatalf("summaries %+v: want the event told by the first batch only", sums)
	}
}

// A store where a date far ahead already made parcels final (before 0012)
// has them checked again, with the status of their newest event that
// counts; the others are left as they were.
func TestMigrationChecksAgainParcelsADateAheadEnded(t *testing.T) {
	sqliteOnly(t, "SQLite migrations from an older schema")
	ctx := context.Background()
	now := time.Now().Unix()
	ahead, hourAgo, weekAgo := now+400*86400, now-3600, now-7*86400
	path, w := storeAt(t, 11)
	execAll(t, w,
		`INSERT INTO orders (id, order_no, order_key) VALUES (1, 'ORD-1', 'ORD1')`,
		// 7: delivered by a date ahead over a real return; 8: only a date
		// ahead; 9: delivered for real a week ago, untouched.
		fmt.Sprintf(`INSERT INTO shipments (id, order_id, tracking_no, status, last_event_at, delivered_at, next_check_at) VALUES
			(7, 1, 'LX000000001CN', 'delivered', %[1]d, %[1]d, NULL), (8, 1, 'LX000000002CN', 'delivered', %[1]d, %[1]d, NULL),
			(9, 1, 'LX000000003CN', 'delivered', %[2]d, %[2]d, NULL)`, ahead, weekAgo),
		fmt.Sprintf(`INSERT INTO events (shipment_id, time, status, key) VALUES (7, %[1]d, 'delivered', x'01'), (7, %[2]d, 'returning', x'02'),
			(8, %[1]d, 'delivered', x'03'), (9, %[3]d, 'delivered', x'04')`, ahead, hourAgo, weekAgo),
	)
	w.Close()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, tc := range []struct {
		id        int64
		status    tracker.Status
		last, del int64 // 0: none
		due       bool
	}{
		{7, tracker.StatusReturning, hourAgo, 0, true},
		{8, tracker.StatusPending, 0, 0, true},
		{9, tracker.StatusDelivered, weekAgo, weekAgo, false},
	} {
		sh, err := db.Shipment(ctx, tc.id)
		if err != nil {
			t.Fatal(err)
		}
		unixOr0 := func(t time.Time) int64 {
			if t.IsZero() {
				return 0
			}
			return t.Unix()
		}
		if sh.Status != tc.status || unixOr0(sh.LastEventAt) != tc.last || unixOr0(sh.DeliveredAt) != tc.del || (!sh.NextCheckAt.IsZero() && sh.NextCheckAt.Unix() <= now+5) != tc.due {
			t.Errorf("shipment %d: status %s, last event %v, delivered %v, next check %v; want %s, %d, %d, due %v",
				tc.id, sh.Status, sh.LastEventAt, sh.DeliveredAt, sh.NextCheckAt, tc.status, tc.last, tc.del, tc.due)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM events`); n != 4 {
		t.Errorf("%d events after migrating, want 4: every event is kept", n)
	}
}
