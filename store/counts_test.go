package store

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"waybill/tracker"
)

// The scans the counters replaced (migration 0023), word for word: what
// the counters must equal.
const (
	scanStatusSQL   = `SELECT status, count(*) FROM shipments GROUP BY status`
	scanUnreadSQL   = `SELECT count(*) FROM outbox WHERE channel = 'app' AND read_at IS NULL`
	scanFailuresSQL = `SELECT count(*) FROM outbox WHERE sent_at IS NULL AND attempts > 0`
)

// counts is everything the counters answer, read one way or the other.
type counts struct {
	Statuses   map[tracker.Status]int
	Shipments  int
	Exceptions map[string]map[tracker.ExceptionKind]int // by view and clock
	Unread     int
	Failed     int
}

// countQueries are the exception counts the screen asks for: each
// counted view without a clock and at clocks before, inside and after the
// snoozes the steps set.
func countQueries() map[string]tracker.ExceptionQuery {
	out := map[string]tracker.ExceptionQuery{}
	for _, v := range []tracker.ExceptionView{tracker.ViewQueue, tracker.ViewAcknowledged, tracker.ViewSnoozed} {
		for _, at := range []time.Duration{-1, 0, 5 * day, 40 * day} {
			q := tracker.ExceptionQuery{View: v}
			if at >= 0 {
				q.Now = t0.Add(at)
			}
			out[fmt.Sprintf("%s at %v", v.Name(), at)] = q
		}
	}
	return out
}

// counted reads the counts as the screen does, from the counters.
func counted(t *testing.T, db *DB) counts {
	t.Helper()
	ctx := context.Background()
	var c counts
	var err error
	if c.Statuses, err = db.StatusCounts(ctx); err != nil {
		t.Fatal(err)
	}
	if c.Shipments, err = db.CountShipments(ctx, ""); err != nil {
		t.Fatal(err)
	}
	for st, n := range c.Statuses {
		if m, err := db.CountShipments(ctx, st); err != nil || m != n {
			t.Errorf("CountShipments(%s) = %d, %v; StatusCounts says %d", st, m, err, n)
		}
	}
	c.Exceptions = map[string]map[tracker.ExceptionKind]int{}
	for name, q := range countQueries() {
		if c.Exceptions[name], err = db.ExceptionCounts(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if _, c.Unread, err = db.Alerts(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if c.Failed, err = db.AlertFailures(ctx); err != nil {
		t.Fatal(err)
	}
	return c
}

// scanned counts the rows themselves, with the queries the counters
// replaced.
func scanned(t *testing.T, db *DB) counts {
	t.Helper()
	rows, err := db.read.Query(scanStatusSQL)
	if err != nil {
		t.Fatal(err)
	}
	c := counts{Exceptions: map[string]map[tracker.ExceptionKind]int{}}
	if c.Statuses, err = scanCounts[tracker.Status](rows); err != nil {
		t.Fatal(err)
	}
	c.Shipments = count(t, db, `SELECT count(*) FROM shipments`)
	for name, q := range countQueries() {
		query, args := exceptionCountsQuery(q)
		rows, err := db.read.Query(query, args...)
		if err != nil {
			t.Fatal(err)
		}
		if c.Exceptions[name], err = scanCounts[tracker.ExceptionKind](rows); err != nil {
			t.Fatal(err)
		}
	}
	c.Unread, c.Failed = count(t, db, scanUnreadSQL), count(t, db, scanFailuresSQL)
	return c
}

// After every kind of write the counters equal a fresh count of the rows.
// The steps run in order on one store, each from where the last left it,
// and each must change what it names, so none passes by doing nothing.
func TestCountersMatchScan(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	p := alertPolicy()
	// ids reads the ids of one query, for the steps that act on rows.
	ids := func(query string, args ...any) []int64 {
		rows, err := db.read.Query(query, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			out = append(out, id)
		}
		return out
	}
	var snoozed tracker.Triaged
	var resolved tracker.Triaged
	steps := []struct {
		name    string
		changes func(before, after counts) bool
		write   func() error
	}{
		{"orders added one by one", func(b, a counts) bool { return a.Shipments > b.Shipments }, func() error {
			for i := range 4 {
				if _, err := db.AddOrder(ctx, t0, tracker.Order{OrderNo: fmt.Sprint("ONE-", i), Buyer: "Ana"},
					[]tracker.Shipment{{TrackingNo: fmt.Sprintf("LX%09dCN", 900+i), Carrier: "china-post", Destination: "DE", ShippedAt: t0.Add(-3 * day)}}); err != nil {
					return err
				}
			}
			return nil
		}},
		{"orders added in bulk, demo and real, with exceptions", func(b, a counts) bool {
			return a.Shipments > b.Shipments && len(a.Exceptions["open at -1ns"]) > 0
		}, func() error { return db.AddOrders(ctx, t0, demoMix(14)) }},
		{"orders imported", func(b, a counts) bool { return a.Shipments > b.Shipments }, func() error {
			imp := demoOrders(3, 0)
			for i := range imp {
				imp[i].OrderNo, imp[i].Shipments[0].TrackingNo = fmt.Sprint("IMP-", i), fmt.Sprintf("RR%09dDE", i)
			}
			_, err := db.ImportOrders(ctx, t0, imp)
			return err
		}},
		{"events ingested: customs holds open exceptions and alerts", func(b, a counts) bool {
			return !reflect.DeepEqual(a.Statuses, b.Statuses) && a.Unread > b.Unread
		}, func() error {
			var us []tracker.Update
			for _, id := range ids(`SELECT s.id FROM shipments s JOIN orders o ON o.id = s.order_id WHERE o.order_no LIKE 'ONE-%'`) {
				us = append(us, tracker.Update{ShipmentID: id, Events: []tracker.Event{customsHold(t0.Add(-time.Hour))}})
			}
			_, err := db.ApplyUpdates(ctx, t0, p, us)
			return err
		}},
		{"events ingested: a delivery closes its exceptions", func(b, a counts) bool {
			return a.Statuses[tracker.StatusDelivered] > b.Statuses[tracker.StatusDelivered] &&
				!reflect.DeepEqual(a.Exceptions["open at 0s"], b.Exceptions["open at 0s"])
		}, func() error {
			id := ids(`SELECT id FROM shipments WHERE tracking_no = 'LX000000900CN'`)[0]
			_, err := db.ApplyUpdates(ctx, t0.Add(time.Hour), p, []tracker.Update{{ShipmentID: id,
				Events: []tracker.Event{event(t0.Add(30*time.Minute), tracker.StatusDelivered, "delivered")}}})
			return err
		}},
		{"exceptions acknowledged", func(b, a counts) bool {
			return len(a.Exceptions["acknowledged at 0s"]) > len(b.Exceptions["acknowledged at 0s"])
		}, func() error {
			_, err := db.Acknowledge(ctx, ids(`SELECT id FROM exceptions WHERE closed_at IS NULL AND kind = 'customs'`), "ana", t0)
			return err
		}},
		{"exceptions snoozed for a week", func(b, a counts) bool {
			return len(a.Exceptions["snoozed at 0s"]) > 0 && reflect.DeepEqual(a.Exceptions["snoozed at 960h0m0s"], b.Exceptions["snoozed at 960h0m0s"])
		}, func() error {
			var err error
			snoozed, err = db.Snooze(ctx, ids(`SELECT id FROM exceptions WHERE closed_at IS NULL AND kind = 'stale'`), t0.Add(7*day), "ana", t0)
			return err
		}},
		{"exceptions assigned", func(b, a counts) bool { return true }, func() error {
			_, err := db.Assign(ctx, ids(`SELECT id FROM exceptions WHERE closed_at IS NULL LIMIT 3`), "bo", "ana", t0)
			return err
		}},
		{"a snooze undone", func(b, a counts) bool {
			return !reflect.DeepEqual(a.Exceptions["snoozed at 0s"], b.Exceptions["snoozed at 0s"])
		}, func() error {
			_, err := db.UndoTriage(ctx, snoozed.Action, snoozed.Changes[:1], "ana", t0)
			return err
		}},
		{"exceptions resolved", func(b, a counts) bool {
			return a.Exceptions["open at -1ns"][tracker.ExLost] < b.Exceptions["open at -1ns"][tracker.ExLost]
		}, func() error {
			var err error
			resolved, err = db.Resolve(ctx, ids(`SELECT id FROM exceptions WHERE closed_at IS NULL AND kind = 'lost' LIMIT 4`), "found", "ana", t0)
			return err
		}},
		{"a resolution undone", func(b, a counts) bool {
			return a.Exceptions["open at -1ns"][tracker.ExLost] > b.Exceptions["open at -1ns"][tracker.ExLost]
		}, func() error {
			_, err := db.UndoTriage(ctx, resolved.Action, resolved.Changes[:2], "ana", t0)
			return err
		}},
		{"alerts read", func(b, a counts) bool { return a.Unread < b.Unread }, func() error {
			_, err := db.MarkAlertsRead(ctx, ids(`SELECT id FROM outbox WHERE channel = 'app' LIMIT 2`), t0)
			return err
		}},
		{"alert sends failed", func(b, a counts) bool { return a.Failed > b.Failed }, func() error {
			due, err := db.DueAlerts(ctx, tracker.ChannelEmail, t0.Add(time.Hour), 10)
			if err != nil {
				return err
			}
			var ids []int64
			for _, a := range due {
				ids = append(ids, a.ID)
			}
			return db.MarkFailed(ctx, ids, "smtp said no", t0.Add(2*time.Hour))
		}},
		{"a failed alert sent at last", func(b, a counts) bool { return a.Failed == b.Failed-1 }, func() error {
			return db.MarkSent(ctx, ids(`SELECT id FROM outbox WHERE sent_at IS NULL AND attempts > 0 LIMIT 1`), t0.Add(3*time.Hour))
		}},
		{"demo removed (rows deleted by ON DELETE CASCADE)", func(b, a counts) bool { return a.Shipments < b.Shipments }, func() error {
			_, err := db.RemoveDemoOrders(ctx)
			return err
		}},
		{"a hand-written UPDATE and DELETE, as a later writer might", func(b, a counts) bool {
			return a.Shipments < b.Shipments && a.Statuses[tracker.StatusReturning] > b.Statuses[tracker.StatusReturning] &&
				a.Unread < b.Unread && a.Failed < b.Failed
		}, func() error {
			_, err := db.write.Exec(`UPDATE shipments SET status = 'returning' WHERE id IN (SELECT id FROM shipments WHERE status != 'returning' LIMIT 2)`)
			if err == nil {
				_, err = db.write.Exec(`DELETE FROM orders WHERE order_no = 'R-003' OR id IN (SELECT s.order_id
					FROM outbox a JOIN shipments s ON s.id = a.shipment_id WHERE a.channel = 'app' AND a.read_at IS NULL LIMIT 1)
					OR id IN (SELECT s.order_id FROM outbox a JOIN shipments s ON s.id = a.shipment_id
					WHERE a.sent_at IS NULL AND a.attempts > 0 LIMIT 1)`)
			}
			if err == nil {
				_, err = db.write.Exec(`UPDATE exceptions SET closed_at = 1, state = 'resolved' WHERE id = (SELECT max(id) FROM exceptions WHERE closed_at IS NULL)`)
			}
			return err
		}},
	}
	before := scanned(t, db)
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if err := s.write(); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			got, want := counted(t, db), scanned(t, db)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("after %s the counters say\n%+v\na scan says\n%+v", s.name, got, want)
			}
			if !s.changes(before, want) {
				t.Errorf("%s did not change what it should: before %+v, after %+v", s.name, before, want)
			}
			before = want
		})
	}
}

// Migration 0023 counts what a store already holds: the counters of an
// upgraded store equal a scan of its rows.
func TestCountersBackfilled(t *testing.T) {
	sqliteOnly(t, "SQLite migrations from an older schema")
	ctx := context.Background()
	path, w := storeAt(t, 20)
	execAll(t, w,
		`INSERT INTO orders (id, order_no, order_key) VALUES (1, 'ORD-1', 'ORD1'), (2, 'ORD-2', 'ORD2')`,
		`INSERT INTO shipments (id, order_id, tracking_no, status) VALUES
			(1, 1, 'LX000000001CN', 'in_transit'), (2, 1, 'LX000000002CN', 'customs'), (3, 2, 'LX000000003CN', 'in_transit')`,
		`INSERT INTO exceptions (id, shipment_id, kind, severity, state, source, opened_at, closed_at, snoozed_until) VALUES
			(1, 2, 'customs', 2, 'open', 'rule', 1, NULL, NULL), (2, 1, 'stale', 1, 'acknowledged', 'rule', 1, NULL, NULL),
			(3, 3, 'stale', 1, 'snoozed', 'rule', 1, NULL, `+fmt.Sprint(t0.Add(day).Unix())+`),
			(4, 3, 'lost', 3, 'resolved', 'rule', 1, 2, NULL)`,
		`INSERT INTO outbox (key, channel, kind, severity, exception_id, shipment_id, subject, body, created_at, next_attempt_at, attempts, sent_at, read_at) VALUES
			('a', 'app', 'opened', 2, 1, 2, 's', 'b', 1, 1, 0, NULL, NULL), ('b', 'app', 'opened', 2, 2, 1, 's', 'b', 1, 1, 0, NULL, 5),
			('a', 'email', 'opened', 2, 1, 2, 's', 'b', 1, 1, 2, NULL, NULL), ('b', 'email', 'opened', 2, 2, 1, 's', 'b', 1, 1, 1, 3, NULL)`,
	)
	w.Close()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, want := counted(t, db), scanned(t, db)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("an upgraded store's counters say\n%+v\na scan says\n%+v", got, want)
	}
	if want.Shipments != 3 || want.Unread != 1 || want.Failed != 1 || len(want.Exceptions["snoozed at 0s"]) != 1 {
		t.Errorf("the store before the upgrade is not what the test wrote: %+v", want)
	}
}
