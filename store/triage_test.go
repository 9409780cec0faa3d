package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// queueFixture is a small queue across two carriers and three countries.
type queueFixture struct {
	db *DB
	// exception ids by name
	lostDE, customsFR, staleDE, staleUS, untrackedFR, closedDE int64
	orderDE                                                    int64
}

func newQueue(t *testing.T) queueFixture {
	t.Helper()
	ctx := context.Background()
	db := openTest(t)
	ship := func(orderNo, tracking, carrier, dest string) tracker.Shipment {
		d, err := db.AddOrder(ctx, t0, tracker.Order{OrderNo: orderNo, Country: dest},
			[]tracker.Shipment{{TrackingNo: tracking, Carrier: carrier, Destination: dest, ShippedAt: t0.Add(-20 * day)}})
		if err != nil {
			t.Fatal(err)
		}
		return d.Shipments[0].Shipment
	}
	de := ship("O-DE", "LX000000001CN", "china-post", "DE")
	fr := ship("O-FR", "4PX0000000002CN", "4px", "FR")
	us := ship("O-US", "LX000000003CN", "china-post", "US")
	add := func(sh tracker.Shipment, k tracker.ExceptionKind, opened time.Time, closed bool) int64 {
		t.Helper()
		var closedAt any
		if closed {
			closedAt = t0.Add(-time.Hour).Unix()
		}
		res, err := db.write.Exec(`INSERT INTO exceptions (shipment_id, kind, severity, state, source, opened_at, closed_at)
			VALUES (?, ?, ?, 'open', 'rule', ?, ?)`, sh.ID, string(k), int(tracker.SeverityOf(k)), opened.Unix(), closedAt)
		if err != nil {
			t.Fatal(err)
		}
		id, _ := res.LastInsertId()
		return id
	}
	f := queueFixture{db: db, orderDE: de.OrderID}
	f.staleUS = add(us, tracker.ExStale, t0.Add(-3*day), false)
	f.staleDE = add(de, tracker.ExStale, t0.Add(-5*day), false) // older than staleUS: first of the two
	f.lostDE = add(de, tracker.ExLost, t0.Add(-time.Hour), false)
	f.customsFR = add(fr, tracker.ExCustoms, t0.Add(-2*day), false)
	f.untrackedFR = add(fr, tracker.ExUntracked, t0.Add(-9*day), false)
	f.closedDE = add(de, tracker.ExCustoms, t0.Add(-9*day), true)
	return f
}

func queueIDs(t *testing.T, db *DB, q tracker.ExceptionQuery) []int64 {
	t.Helper()
	rows, err := db.OpenExceptions(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	return ids
}

func queueRow(t *testing.T, db *DB, now time.Time, id int64) (tracker.ExceptionRow, bool) {
	t.Helper()
	rows, err := db.OpenExceptions(context.Background(), tracker.ExceptionQuery{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.ID == id {
			return r, true
		}
	}
	return tracker.ExceptionRow{}, false
}

type logRow struct{ actor, action, detail string }

func exceptionLog(t *testing.T, db *DB, id int64) []logRow {
	t.Helper()
	rows, err := db.read.Query(`SELECT actor, action, detail FROM exception_log WHERE exception_id = ? ORDER BY id`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []logRow
	for rows.Next() {
		var l logRow
		if err := rows.Scan(&l.actor, &l.action, &l.detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, l)
	}
	return out
}

func TestOpenExceptionsFiltersAndOrder(t *testing.T) {
	f := newQueue(t)
	if _, err := f.db.Assign(context.Background(), []int64{f.customsFR, f.staleUS}, "Ana", "lead", t0); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		q    tracker.ExceptionQuery
		want []int64
	}{
		{"everything worst first, then the longest open", tracker.ExceptionQuery{Now: t0},
			[]int64{f.lostDE, f.customsFR, f.staleDE, f.staleUS, f.untrackedFR}},
		{"limit keeps the worst", tracker.ExceptionQuery{Now: t0, Limit: 2}, []int64{f.lostDE, f.customsFR}},
		{"one kind", tracker.ExceptionQuery{Now: t0, Kinds: []tracker.ExceptionKind{tracker.ExStale}}, []int64{f.staleDE, f.staleUS}},
		{"two kinds", tracker.ExceptionQuery{Now: t0, Kinds: []tracker.ExceptionKind{tracker.ExUntracked, tracker.ExLost}},
			[]int64{f.lostDE, f.untrackedFR}},
		{"a kind with none open", tracker.ExceptionQuery{Now: t0, Kinds: []tracker.ExceptionKind{tracker.ExReturning}}, nil},
		{"carrier, any case", tracker.ExceptionQuery{Now: t0, Carrier: "4PX"}, []int64{f.customsFR, f.untrackedFR}},
		{"destination, any case", tracker.ExceptionQuery{Now: t0, Destination: "de"}, []int64{f.lostDE, f.staleDE}},
		{"owner, any case", tracker.ExceptionQuery{Now: t0, Owner: "ana"}, []int64{f.customsFR, f.staleUS}},
		{"nobody's", tracker.ExceptionQuery{Now: t0, Owner: tracker.OwnerNone}, []int64{f.lostDE, f.staleDE, f.untrackedFR}},
		{"all filters at once", tracker.ExceptionQuery{Now: t0, Kinds: []tracker.ExceptionKind{tracker.ExStale},
			Carrier: "china-post", Destination: "US", Owner: "Ana"}, []int64{f.staleUS}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := queueIDs(t, f.db, tc.q); !slices.Equal(got, tc.want) {
				t.Errorf("queue = %v, want %v", got, tc.want)
			}
		})
	}

	t.Run("rows carry the shipment, its order and its list position", func(t *testing.T) {
		r, ok := queueRow(t, f.db, t0, f.customsFR)
		if !ok {
			t.Fatal("customs exception not in the queue")
		}
		if r.OrderNo != "O-FR" || r.TrackingNo != "4PX0000000002CN" || r.Carrier != "4px" || r.Destination != "FR" ||
			r.Owner != "Ana" || r.State != tracker.ExOpen || r.Severity != tracker.SeverityHigh ||
			!r.ShippedAt.Equal(t0.Add(-20*day)) || r.OrderID == 0 || !r.OpenedAt.Equal(t0.Add(-2*day)) {
			t.Errorf("row = %+v", r)
		}
	})
}

func TestExceptionCounts(t *testing.T) {
	ctx := context.Background()
	f := newQueue(t)
	if _, err := f.db.Snooze(ctx, []int64{f.staleUS}, t0.Add(day), "ana", t0); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		q    tracker.ExceptionQuery
		want map[tracker.ExceptionKind]int
	}{
		{"all open, the snoozed one left out", tracker.ExceptionQuery{Now: t0},
			map[tracker.ExceptionKind]int{tracker.ExLost: 1, tracker.ExCustoms: 1, tracker.ExStale: 1, tracker.ExUntracked: 1}},
		{"the kind filter does not narrow the counts", tracker.ExceptionQuery{Now: t0, Kinds: []tracker.ExceptionKind{tracker.ExLost}},
			map[tracker.ExceptionKind]int{tracker.ExLost: 1, tracker.ExCustoms: 1, tracker.ExStale: 1, tracker.ExUntracked: 1}},
		{"the other filters do", tracker.ExceptionQuery{Now: t0, Carrier: "china-post"},
			map[tracker.ExceptionKind]int{tracker.ExLost: 1, tracker.ExStale: 1}},
		{"the snooze over", tracker.ExceptionQuery{Now: t0.Add(day), Destination: "US"},
			map[tracker.ExceptionKind]int{tracker.ExStale: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.db.ExceptionCounts(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Errorf("counts = %v, want %v", got, tc.want)
			}
			for k, n := range tc.want {
				if got[k] != n {
					t.Errorf("counts = %v, want %v", got, tc.want)
					break
				}
			}
		})
	}
}

func TestTriageActions(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, f queueFixture)
	}{
		{"snooze hides until the time, then it is back as open", func(t *testing.T, f queueFixture) {
			until := t0.Add(3 * day)
			n, err := changed(f.db.Snooze(ctx, []int64{f.customsFR, f.staleDE}, until, "ana", t0))
			if err != nil || n != 2 {
				t.Fatalf("Snooze = %d, %v; want 2", n, err)
			}
			for _, now := range []time.Time{t0, until.Add(-time.Second)} {
				if got := queueIDs(t, f.db, tracker.ExceptionQuery{Now: now}); slices.Contains(got, f.customsFR) || slices.Contains(got, f.staleDE) {
					t.Errorf("at %v the snoozed ones show: %v", now, got)
				}
			}
			if got := queueIDs(t, f.db, tracker.ExceptionQuery{}); slices.Contains(got, f.customsFR) {
				t.Errorf("a query without a time shows snoozed ones: %v", got)
			}
			r, ok := queueRow(t, f.db, until, f.customsFR)
			if !ok || r.State != tracker.ExOpen || !r.SnoozedUntil.Equal(until) {
				t.Errorf("at the end of the snooze: in queue %v, %+v; want open, snoozed until %v", ok, r, until)
			}
			if got, want := queueIDs(t, f.db, tracker.ExceptionQuery{Now: until}),
				[]int64{f.lostDE, f.customsFR, f.staleDE, f.staleUS, f.untrackedFR}; !slices.Equal(got, want) {
				t.Errorf("after the snooze: %v, want %v (back in their places)", got, want)
			}
			if got, want := exceptionLog(t, f.db, f.customsFR), []logRow{{"ana", "snoozed", "until 2025-03-13 12:00Z"}}; !slices.Equal(got, want) {
				t.Errorf("log = %v, want %v", got, want)
			}
		}},
		{"a snooze must end after now", func(t *testing.T, f queueFixture) {
			if _, err := f.db.Snooze(ctx, []int64{f.lostDE}, t0, "ana", t0); err == nil || !strings.Contains(err.Error(), "not after now") {
				t.Errorf("Snooze until now = %v, want a refusal", err)
			}
		}},
		{"acknowledge keeps it in the queue, marked", func(t *testing.T, f queueFixture) {
			n, err := changed(f.db.Acknowledge(ctx, []int64{f.lostDE}, "ana", t0))
			if err != nil || n != 1 {
				t.Fatalf("Acknowledge = %d, %v", n, err)
			}
			r, ok := queueRow(t, f.db, t0, f.lostDE)
			if !ok || r.State != tracker.ExAcknowledged {
				t.Errorf("after acknowledge: in queue %v, state %q", ok, r.State)
			}
			if got := queueIDs(t, f.db, tracker.ExceptionQuery{Now: t0}); got[0] != f.lostDE {
				t.Errorf("acknowledging moved it: %v", got)
			}
			n, err = changed(f.db.Acknowledge(ctx, []int64{f.lostDE}, "bob", t0.Add(time.Hour)))
			if err != nil || n != 0 {
				t.Errorf("second Acknowledge = %d, %v; want 0 changed", n, err)
			}
			if got, want := exceptionLog(t, f.db, f.lostDE), []logRow{{"ana", "acknowledged", ""}}; !slices.Equal(got, want) {
				t.Errorf("log = %v, want %v", got, want)
			}
		}},
		{"acknowledging a snoozed one brings it back", func(t *testing.T, f queueFixture) {
			if _, err := f.db.Snooze(ctx, []int64{f.staleUS}, t0.Add(day), "ana", t0); err != nil {
				t.Fatal(err)
			}
			if _, err := f.db.Acknowledge(ctx, []int64{f.staleUS}, "bob", t0.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if r, ok := queueRow(t, f.db, t0.Add(time.Hour), f.staleUS); !ok || r.State != tracker.ExAcknowledged {
				t.Errorf("in queue %v, state %q; want acknowledged", ok, r.State)
			}
			want := []logRow{{"ana", "snoozed", "until 2025-03-11 12:00Z"}, {"bob", "acknowledged", "snooze until 2025-03-11 12:00Z ended"}}
			if got := exceptionLog(t, f.db, f.staleUS); !slices.Equal(got, want) {
				t.Errorf("log = %v, want %v", got, want)
			}
		}},
		{"assign, reassign, unassign", func(t *testing.T, f queueFixture) {
			steps := []struct {
				owner string
				n     int
			}{{"ana", 2}, {"ana", 0}, {"bob", 2}, {"", 2}}
			for _, s := range steps {
				n, err := changed(f.db.Assign(ctx, []int64{f.lostDE, f.staleDE}, s.owner, "lead", t0))
				if err != nil || n != s.n {
					t.Fatalf("Assign(%q) = %d, %v; want %d", s.owner, n, err, s.n)
				}
				r, _ := queueRow(t, f.db, t0, f.staleDE)
				if r.Owner != s.owner {
					t.Errorf("owner %q after assigning %q", r.Owner, s.owner)
				}
			}
			want := []logRow{{"lead", "assigned", "ana"}, {"lead", "assigned", "bob (was ana)"}, {"lead", "assigned", "nobody (was bob)"}}
			if got := exceptionLog(t, f.db, f.staleDE); !slices.Equal(got, want) {
				t.Errorf("log = %v, want %v", got, want)
			}
			if _, err := f.db.Assign(ctx, []int64{f.lostDE}, tracker.OwnerNone, "lead", t0); err == nil {
				t.Error("assigning to the filter's word for nobody succeeded")
			}
		}},
		{"resolve closes by hand", func(t *testing.T, f queueFixture) {
			n, err := changed(f.db.Resolve(ctx, []int64{f.untrackedFR, f.untrackedFR}, "", "ana", t0))
			if err != nil || n != 1 {
				t.Fatalf("Resolve = %d, %v; want 1 (repeats count once)", n, err)
			}
			if got := queueIDs(t, f.db, tracker.ExceptionQuery{Now: t0}); slices.Contains(got, f.untrackedFR) {
				t.Errorf("resolved still in the queue: %v", got)
			}
			var state string
			var closed int64
			if err := f.db.read.QueryRow(`SELECT state, closed_at FROM exceptions WHERE id = ?`, f.untrackedFR).Scan(&state, &closed); err != nil {
				t.Fatal(err)
			}
			if state != "resolved" || closed != t0.Unix() {
				t.Errorf("state %q closed %d, want resolved at %d", state, closed, t0.Unix())
			}
			if got, want := exceptionLog(t, f.db, f.untrackedFR), []logRow{{"ana", "resolved", "by hand"}}; !slices.Equal(got, want) {
				t.Errorf("log = %v, want %v", got, want)
			}
		}},
		{"closed and unknown exceptions are skipped", func(t *testing.T, f queueFixture) {
			for name, act := range map[string]func() (int, error){
				"acknowledge": func() (int, error) { return changed(f.db.Acknowledge(ctx, []int64{f.closedDE, 9999}, "ana", t0)) },
				"snooze": func() (int, error) {
					return changed(f.db.Snooze(ctx, []int64{f.closedDE, 9999}, t0.Add(day), "ana", t0))
				},
				"assign":  func() (int, error) { return changed(f.db.Assign(ctx, []int64{f.closedDE, 9999}, "ana", "ana", t0)) },
				"resolve": func() (int, error) { return changed(f.db.Resolve(ctx, []int64{f.closedDE, 9999}, "", "ana", t0)) },
			} {
				if n, err := act(); err != nil || n != 0 {
					t.Errorf("%s of closed and unknown = %d, %v; want 0, nil", name, n, err)
				}
			}
			if got := exceptionLog(t, f.db, f.closedDE); len(got) != 0 {
				t.Errorf("a skipped exception was logged: %v", got)
			}
		}},
		{"every change needs an actor", func(t *testing.T, f queueFixture) {
			if _, err := f.db.Acknowledge(ctx, []int64{f.lostDE}, "  ", t0); err == nil || !strings.Contains(err.Error(), "actor") {
				t.Errorf("Acknowledge without actor = %v", err)
			}
			if r, _ := queueRow(t, f.db, t0, f.lostDE); r.State != tracker.ExOpen {
				t.Errorf("state %q after a refused acknowledge", r.State)
			}
		}},
		{"nothing to do is no transaction and no error", func(t *testing.T, f queueFixture) {
			if n, err := changed(f.db.Acknowledge(ctx, nil, "ana", t0)); n != 0 || err != nil {
				t.Errorf("Acknowledge(nil) = %d, %v", n, err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, newQueue(t)) })
	}
}

// A rule exception resolved by hand stays resolved while the carrier says
// nothing new: checks that find the same facts leave it closed. A later
// event that still shows the problem opens it again, as a new exception;
// the resolved one stays closed as history.
func TestResolvedRuleExceptionHoldsUntilTheCarrierSaysMore(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	sh := addShipment(t, db, "ORD-1", "LX000000001CN", t0.Add(-3*day))
	held := event(t0.Add(-day), tracker.StatusCustoms, "held by customs")
	held.Exception = tracker.ExCustoms
	apply(t, db, t0, tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{held}})
	first := queueIDs(t, db, tracker.ExceptionQuery{Now: t0})
	if len(first) != 1 {
		t.Fatalf("queue after the hold = %v, want one customs exception", first)
	}
	if n, err := changed(db.Resolve(ctx, first, "", "ana", t0)); err != nil || n != 1 {
		t.Fatalf("Resolve = %d, %v", n, err)
	}
	for i, u := range []tracker.Update{
		{ShipmentID: sh.ID}, // a check that finds nothing
		{ShipmentID: sh.ID, Events: []tracker.Event{held}}, // the same event again
	} {
		now := t0.Add(time.Duration(i+1) * time.Hour)
		apply(t, db, now, u)
		if q := queueIDs(t, db, tracker.ExceptionQuery{Now: now}); len(q) != 0 {
			t.Fatalf("check %d with nothing new: queue %v, want the resolution to hold", i+1, q)
		}
	}
	still := event(t0.Add(3*time.Hour), tracker.StatusCustoms, "documents required")
	still.Exception = tracker.ExCustoms
	apply(t, db, t0.Add(4*time.Hour), tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{still}})
	again := queueIDs(t, db, tracker.ExceptionQuery{Now: t0.Add(4 * time.Hour)})
	if len(again) != 1 || again[0] == first[0] {
		t.Errorf("queue after a newer customs event = %v, want a new customs exception (not %d)", again, first[0])
	}
}

func TestWatches(t *testing.T) {
	ctx := context.Background()
	f := newQueue(t)
	watched := func() bool {
		t.Helper()
		on, err := f.db.Watched(ctx, f.orderDE)
		if err != nil {
			t.Fatal(err)
		}
		return on
	}
	listed := func() bool {
		t.Helper()
		rows, err := f.db.ListShipments(ctx, tracker.ListQuery{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.OrderID == f.orderDE {
				return r.Watched
			}
		}
		t.Fatal("order not listed")
		return false
	}
	for _, tc := range []struct {
		name string
		on   bool
	}{{"watch", true}, {"watch again", true}, {"unwatch", false}, {"unwatch again", false}, {"watch once more", true}} {
		t.Run(tc.name, func(t *testing.T) {
			if err := f.db.SetWatch(ctx, f.orderDE, tc.on, "ana", t0); err != nil {
				t.Fatal(err)
			}
			if watched() != tc.on || listed() != tc.on {
				t.Errorf("Watched %v, listed as watched %v; want %v", watched(), listed(), tc.on)
			}
		})
	}
	var who string
	if err := f.db.read.QueryRow(`SELECT who FROM watches WHERE order_id = ?`, f.orderDE).Scan(&who); err != nil || who != "ana" {
		t.Errorf("who = %q, %v", who, err)
	}
	if err := f.db.SetWatch(ctx, 9999, true, "ana", t0); !errors.Is(err, tracker.ErrNotFound) {
		t.Errorf("watching an unknown order = %v, want ErrNotFound", err)
	}
}

func TestAlertsReadAndUnread(t *testing.T) {
	ctx := context.Background()
	f := newQueue(t)
	add := func(key, channel string, at time.Time, exceptionID any) int64 {
		t.Helper()
		res, err := f.db.write.Exec(`INSERT INTO outbox (key, channel, kind, severity, exception_id, subject, body, created_at, next_attempt_at)
			VALUES (?, ?, 'lost', 4, ?, ?, 'body', ?, ?)`, key, channel, exceptionID, "subject "+key, at.Unix(), at.Unix())
		if err != nil {
			t.Fatal(err)
		}
		id, _ := res.LastInsertId()
		return id
	}
	a1 := add("a1", tracker.ChannelApp, t0.Add(-2*time.Hour), f.lostDE)
	add("a1", tracker.ChannelEmail, t0.Add(-2*time.Hour), f.lostDE)
	a2 := add("a2", tracker.ChannelApp, t0.Add(-time.Hour), nil)
	a3 := add("a3", tracker.ChannelApp, t0.Add(-time.Hour), nil) // same time as a2: the later id is newer
	email := add("a4", tracker.ChannelEmail, t0, nil)

	check := func(name string, limit int, want []int64, wantUnread int) {
		t.Helper()
		got, unread, err := f.db.Alerts(ctx, limit)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, a := range got {
			ids = append(ids, a.ID)
		}
		if !slices.Equal(ids, want) || unread != wantUnread {
			t.Errorf("%s: alerts %v, %d unread; want %v, %d", name, ids, unread, want, wantUnread)
		}
	}
	check("all", 0, []int64{a3, a2, a1}, 3)
	check("limited", 2, []int64{a3, a2}, 3)

	got, _, _ := f.db.Alerts(ctx, 0)
	if a := got[2]; a.Key != "a1" || a.Channel != tracker.ChannelApp || a.ExceptionID != f.lostDE || a.Subject != "subject a1" ||
		a.Severity != tracker.SeverityCritical || !a.CreatedAt.Equal(t0.Add(-2*time.Hour)) || !a.ReadAt.IsZero() {
		t.Errorf("alert = %+v", a)
	}

	n, err := f.db.MarkAlertsRead(ctx, []int64{a1, a3, email}, t0)
	if err != nil || n != 2 {
		t.Fatalf("MarkAlertsRead = %d, %v; want 2 (not the email)", n, err)
	}
	check("after reading two", 0, []int64{a3, a2, a1}, 1)
	if n, _ := f.db.MarkAlertsRead(ctx, []int64{a1, a2}, t0.Add(time.Hour)); n != 1 {
		t.Errorf("marking one read again counted: %d, want 1", n)
	}
	got, unread, _ := f.db.Alerts(ctx, 0)
	if unread != 0 || !got[2].ReadAt.Equal(t0) {
		t.Errorf("unread %d, first read at %v; want 0, kept at %v", unread, got[2].ReadAt, t0)
	}
}

// changed is how many exceptions a triage write changed.
func changed(t tracker.Triaged, err error) (int, error) { return t.Changed, err }
