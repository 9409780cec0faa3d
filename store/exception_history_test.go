package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// The queue's history through tracker.Service over the real store: the
// reason of a resolution and the undo of each triage action, logged with
// who, as every screen and command gets them.

func TestServiceResolveLogsTheReason(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, reason, want string
	}{
		{"a reason", "buyer confirmed delivery by phone", "buyer confirmed delivery by phone"},
		{"none given", "  ", "by hand"},
		{"controls and lines stripped", "refunded\r\n\x1b[31mX-Evil: 1\tok", "refunded X-Evil: 1 ok"},
		{"bounded", strings.Repeat("é", tracker.MaxReasonLen+50), strings.Repeat("é", tracker.MaxReasonLen-1) + "…"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newQueue(t)
			svc := tracker.NewService(f.db, tracker.NewFixedClock(t0), nil, f.db)
			done, err := svc.Resolve(ctx, ana, []int64{f.lostDE}, tc.reason)
			if err != nil || done.Changed != 1 || done.Action != tracker.LogResolved {
				t.Fatalf("Resolve = %+v, %v", done, err)
			}
			if got, want := exceptionLog(t, f.db, f.lostDE), []logRow{{"ana", "resolved", tc.want}}; !slices.Equal(got, want) {
				t.Errorf("log = %q, want %q", got, want)
			}
		})
	}
}

// stateOf reads what triage changes on an exception, for a test.
func stateOf(t *testing.T, db *DB, id int64) tracker.TriageState {
	t.Helper()
	s, err := triageStateOf(context.Background(), db.read, id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestServiceUndoPutsBackAndLogsWho(t *testing.T) {
	ctx := context.Background()
	later := t0.Add(time.Hour)
	for _, tc := range []struct {
		name string
		// prepare runs first, as someone before this session; act is the
		// session's action, undone by "bob".
		prepare func(svc *tracker.Service, f queueFixture) error
		act     func(svc *tracker.Service, f queueFixture) (tracker.Triaged, error)
		id      func(f queueFixture) int64
		undo    logRow
	}{
		{"acknowledge", nil,
			func(svc *tracker.Service, f queueFixture) (tracker.Triaged, error) {
				return svc.Acknowledge(ctx, ana, []int64{f.lostDE})
			}, func(f queueFixture) int64 { return f.lostDE }, logRow{"bob", "unacknowledged", "back to open"}},
		{"acknowledge a snoozed one: the snooze comes back",
			func(svc *tracker.Service, f queueFixture) error {
				_, err := svc.Snooze(ctx, ana, []int64{f.staleUS}, t0.Add(2*day))
				return err
			},
			func(svc *tracker.Service, f queueFixture) (tracker.Triaged, error) {
				return svc.Acknowledge(ctx, ana, []int64{f.staleUS})
			}, func(f queueFixture) int64 { return f.staleUS }, logRow{"bob", "unacknowledged", "back to snoozed until 2025-03-12 12:00Z"}},
		{"snooze", nil,
			func(svc *tracker.Service, f queueFixture) (tracker.Triaged, error) {
				return svc.SnoozeFor(ctx, ana, []int64{f.customsFR}, 3*day)
			}, func(f queueFixture) int64 { return f.customsFR }, logRow{"bob", "unsnoozed", "back to open"}},
		{"snooze an acknowledged one",
			func(svc *tracker.Service, f queueFixture) error {
				_, err := svc.Acknowledge(ctx, ana, []int64{f.customsFR})
				return err
			},
			func(svc *tracker.Service, f queueFixture) (tracker.Triaged, error) {
				return svc.SnoozeFor(ctx, ana, []int64{f.customsFR}, 3*day)
			}, func(f queueFixture) int64 { return f.customsFR }, logRow{"bob", "unsnoozed", "back to acknowledged"}},
		{"assign",
			func(svc *tracker.Service, f queueFixture) error {
				_, err := svc.Assign(ctx, ana, []int64{f.staleDE}, "cleo")
				return err
			},
			func(svc *tracker.Service, f queueFixture) (tracker.Triaged, error) {
				return svc.Assign(ctx, ana, []int64{f.staleDE}, "dan")
			}, func(f queueFixture) int64 { return f.staleDE }, logRow{"bob", "reassigned", "back to owner cleo"}},
		{"resolve", nil,
			func(svc *tracker.Service, f queueFixture) (tracker.Triaged, error) {
				return svc.Resolve(ctx, ana, []int64{f.untrackedFR}, "wrong number, reissued")
			}, func(f queueFixture) int64 { return f.untrackedFR }, logRow{"bob", "reopened", "back to open"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newQueue(t)
			svc := tracker.NewService(f.db, tracker.NewFixedClock(t0), nil, f.db)
			if tc.prepare != nil {
				if err := tc.prepare(svc, f); err != nil {
					t.Fatal(err)
				}
			}
			id := tc.id(f)
			before := stateOf(t, f.db, id)
			done, err := tc.act(svc, f)
			if err != nil || done.Changed != 1 || len(done.Changes) != 1 {
				t.Fatalf("action = %+v, %v", done, err)
			}
			if c := done.Changes[0]; c.ID != id || !sameTriageState(c.Before, before) || !sameTriageState(c.After, stateOf(t, f.db, id)) {
				t.Fatalf("change %+v; before %+v, now %+v", c, before, stateOf(t, f.db, id))
			}
			logged := len(exceptionLog(t, f.db, id))
			later := tracker.NewService(f.db, tracker.NewFixedClock(later), nil, f.db)
			undone, err := later.Undo(ctx, tracker.LocalActor("bob"), done)
			if err != nil || undone.Changed != 1 || undone.Action != tc.undo.action {
				t.Fatalf("Undo = %+v, %v", undone, err)
			}
			if got := stateOf(t, f.db, id); !sameTriageState(got, before) {
				t.Errorf("after undo %+v, want %+v", got, before)
			}
			log := exceptionLog(t, f.db, id)
			if len(log) != logged+1 || log[len(log)-1] != tc.undo {
				t.Errorf("log = %q, want %q last", log, tc.undo)
			}
			// Undone once: the same undo again finds nothing as it left it.
			if again, err := later.Undo(ctx, tracker.LocalActor("bob"), done); err != nil || again.Changed != 0 {
				t.Errorf("a second undo = %+v, %v; want nothing changed", again, err)
			}
		})
	}
}

// An undo puts back only what is still as the action left it: another
// session's change since, or a kind the rules opened again, stands.
func TestServiceUndoLeavesLaterChanges(t *testing.T) {
	ctx := context.Background()
	f := newQueue(t)
	svc := tracker.NewService(f.db, tracker.NewFixedClock(t0), nil, f.db)
	done, err := svc.SnoozeFor(ctx, ana, []int64{f.lostDE, f.staleDE}, day)
	if err != nil || done.Changed != 2 {
		t.Fatal(done, err)
	}
	if _, err := svc.Assign(ctx, tracker.LocalActor("cleo"), []int64{f.staleDE}, "cleo"); err != nil {
		t.Fatal(err)
	}
	undone, err := svc.Undo(ctx, ana, done)
	if err != nil || undone.Changed != 1 || undone.Changes[0].ID != f.lostDE {
		t.Fatalf("Undo = %+v, %v; want lostDE alone put back", undone, err)
	}
	if s := stateOf(t, f.db, f.staleDE); s.State != tracker.ExSnoozed || s.Owner != "cleo" {
		t.Errorf("the one changed since: %+v, want it as cleo left it", s)
	}

	// A resolution whose kind the rules opened again on the parcel stays:
	// the new one is the open one.
	db := openTest(t)
	svc = tracker.NewService(db, tracker.NewFixedClock(t0), nil, db)
	sh := addShipment(t, db, "ORD-1", "LX000000001CN", t0.Add(-3*day))
	held := event(t0.Add(-day), tracker.StatusCustoms, "held by customs")
	held.Exception = tracker.ExCustoms
	apply(t, db, t0, tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{held}})
	first := queueIDs(t, db, tracker.ExceptionQuery{Now: t0})
	resolved, err := svc.Resolve(ctx, ana, first, "docs sent")
	if err != nil || resolved.Changed != 1 {
		t.Fatal(resolved, err)
	}
	still := event(t0.Add(time.Hour), tracker.StatusCustoms, "documents required")
	still.Exception = tracker.ExCustoms
	apply(t, db, t0.Add(2*time.Hour), tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{still}})
	if undone, err := svc.Undo(ctx, ana, resolved); err != nil || undone.Changed != 0 {
		t.Errorf("undo of a resolution the rules opened again = %+v, %v; want nothing changed", undone, err)
	}
	if s := stateOf(t, db, first[0]); !s.Closed {
		t.Errorf("the resolved one reopened beside the new one: %+v", s)
	}
}

func TestServiceUndoRefuses(t *testing.T) {
	ctx := context.Background()
	f := newQueue(t)
	svc := tracker.NewService(f.db, tracker.NewFixedClock(t0), nil, f.db)
	done, err := svc.Acknowledge(ctx, ana, []int64{f.lostDE})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Undo(ctx, tracker.Actor{Name: "sam", Role: tracker.RoleViewer}, done); err == nil {
		t.Error("a viewer's undo went through")
	}
	if _, err := svc.Undo(ctx, ana, tracker.Triaged{Action: "opened", Changes: done.Changes}); err == nil {
		t.Error("undo of the rules' action went through")
	}
	if s := stateOf(t, f.db, f.lostDE); s.State != tracker.ExAcknowledged {
		t.Errorf("after refused undos: %+v", s)
	}
}

func TestListExceptionsViews(t *testing.T) {
	ctx := context.Background()
	f := newQueue(t)
	svc := tracker.NewService(f.db, tracker.NewFixedClock(t0), nil, f.db)
	bob := tracker.LocalActor("bob")
	if _, err := svc.Acknowledge(ctx, ana, []int64{f.customsFR, f.staleUS}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Snooze(ctx, bob, []int64{f.staleUS}, t0.Add(2*day)); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Snooze(ctx, bob, []int64{f.staleDE}, t0.Add(day)); err != nil {
		t.Fatal(err)
	}
	later := tracker.NewService(f.db, tracker.NewFixedClock(t0.Add(time.Minute)), nil, f.db)
	if _, err := later.Resolve(ctx, ana, []int64{f.untrackedFR}, "reissued"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		q    tracker.ExceptionQuery
		want []int64
	}{
		{"acknowledged", tracker.ExceptionQuery{View: tracker.ViewAcknowledged, Now: t0}, []int64{f.customsFR}},
		{"snoozed, the first back first", tracker.ExceptionQuery{View: tracker.ViewSnoozed, Now: t0}, []int64{f.staleDE, f.staleUS}},
		{"snoozed, one over", tracker.ExceptionQuery{View: tracker.ViewSnoozed, Now: t0.Add(day)}, []int64{f.staleUS}},
		{"resolved, the last closed first, the rules' too", tracker.ExceptionQuery{View: tracker.ViewResolved, Now: t0},
			[]int64{f.untrackedFR, f.closedDE}},
		{"all, newest first", tracker.ExceptionQuery{View: tracker.ViewAll, Now: t0},
			[]int64{f.closedDE, f.untrackedFR, f.customsFR, f.lostDE, f.staleDE, f.staleUS}},
		{"all, filtered and limited", tracker.ExceptionQuery{View: tracker.ViewAll, Now: t0, Destination: "de", Limit: 2},
			[]int64{f.closedDE, f.lostDE}},
		{"the queue is the queue", tracker.ExceptionQuery{Now: t0}, []int64{f.lostDE, f.customsFR}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := f.db.ListExceptions(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, r := range rows {
				got = append(got, r.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("ids = %v, want %v", got, tc.want)
			}
		})
	}
	rows, err := f.db.ListExceptions(ctx, tracker.ExceptionQuery{View: tracker.ViewResolved})
	if err != nil || len(rows) == 0 {
		t.Fatal(rows, err)
	}
	r := rows[0]
	if r.ID != f.untrackedFR || r.State != tracker.ExResolved || r.ResolvedBy != "ana" || r.OrderNo != "O-FR" ||
		r.Last != (tracker.ExceptionLogEntry{At: t0.Add(time.Minute), Actor: "ana", Action: "resolved", Detail: "reissued"}) {
		t.Errorf("resolved row %+v", r)
	}
	if rows[1].ResolvedBy != "" || rows[1].Last.Action != "" {
		t.Errorf("the rules' closed row %+v: want no resolver, no log", rows[1])
	}
	rows, _ = f.db.ListExceptions(ctx, tracker.ExceptionQuery{View: tracker.ViewSnoozed, Now: t0})
	if r := rows[1]; r.State != tracker.ExSnoozed || !r.SnoozedUntil.Equal(t0.Add(2*day)) || r.Last.Actor != "bob" || r.Last.Action != "snoozed" {
		t.Errorf("snoozed row %+v", r)
	}

	counts, err := f.db.ExceptionCounts(ctx, tracker.ExceptionQuery{View: tracker.ViewSnoozed, Now: t0})
	if err != nil || counts[tracker.ExStale] != 2 || len(counts) != 1 {
		t.Errorf("snoozed counts = %v, %v", counts, err)
	}
	if _, err := f.db.ExceptionCounts(ctx, tracker.ExceptionQuery{View: tracker.ViewResolved}); err == nil {
		t.Error("the resolved history was counted")
	}

	log, err := f.db.ExceptionLog(ctx, f.staleUS, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range log {
		got = append(got, e.Actor+" "+e.Action)
	}
	if want := []string{"bob snoozed", "ana acknowledged"}; !slices.Equal(got, want) {
		t.Errorf("log newest first = %q, want %q", got, want)
	}
	if log, _ := f.db.ExceptionLog(ctx, f.staleUS, 1); len(log) != 1 || log[0].Action != "snoozed" {
		t.Errorf("log limited to 1 = %+v", log)
	}
}

func TestViewsDoNotReadTheWholeHistory(t *testing.T) {
	sqliteOnly(t, "SQLite query plans")
	db := openTest(t)
	if err := db.AddOrders(context.Background(), t0, demoOrders(300, 1)); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []tracker.ExceptionKind{tracker.ExCustoms, tracker.ExStale, tracker.ExOverdue} {
		if _, err := db.write.Exec(`INSERT INTO exceptions (shipment_id, kind, severity, state, source, opened_at, closed_at)
			SELECT id, ?, 2, 'resolved', 'rule', ?, ? FROM shipments`, string(kind), t0.Add(-day).Unix(), t0.Unix()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.write.Exec(`INSERT INTO exception_log (exception_id, at, actor, action) SELECT id, opened_at, 'rules', 'opened' FROM exceptions`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.Exec(`ANALYZE`); err != nil {
		t.Fatal(err)
	}
	plans := map[string][]string{}
	for _, v := range []tracker.ExceptionView{tracker.ViewAcknowledged, tracker.ViewResolved, tracker.ViewAll} {
		for _, q := range queueQueries() {
			q.q.View = v
			query, args := listExceptionsQuery(q.q)
			plans[v.Name()+" "+q.name] = explain(t, db, query, args...)
		}
	}
	plans["log"] = explain(t, db, exceptionLogSQL, 1, 50)
	plans["alerts"] = explain(t, db, alertsSQL, 50)
	for name, steps := range plans {
		t.Run(name, func(t *testing.T) {
			for _, s := range steps {
				if s == "SCAN x" && strings.HasPrefix(name, "all ") {
					continue // every exception, newest first: the primary key backwards, stopped at LIMIT
				}
				if strings.Contains(s, "TEMP B-TREE") || (strings.HasPrefix(s, "SCAN") && !strings.Contains(s, "INDEX") && s != "SCAN CONSTANT ROW") {
					t.Errorf("plan step %q in:\n%s", s, strings.Join(steps, "\n"))
				}
			}
		})
	}
	if steps := plans["resolved all"]; !slices.ContainsFunc(steps, func(s string) bool { return strings.Contains(s, "exceptions_closed") }) {
		t.Errorf("the resolved view does not walk index exceptions_closed:\n%s", strings.Join(steps, "\n"))
	}
}

func TestAlertsCarryTheirParcel(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	sh := addShipment(t, db, "ORD-1", "LX000000001CN", t0.Add(-3*day))
	held := event(t0.Add(-day), tracker.StatusCustoms, "held by customs")
	held.Exception = tracker.ExCustoms
	apply(t, db, t0, tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{held}})
	alerts, _, err := db.Alerts(ctx, 10)
	if err != nil || len(alerts) == 0 {
		t.Fatalf("alerts %v, %v", alerts, err)
	}
	if a := alerts[0]; a.ShipmentID != sh.ID || a.TrackingNo != "LX000000001CN" || !a.ShippedAt.Equal(t0.Add(-3*day)) {
		t.Errorf("alert %+v: want its parcel's number and shipping time", a)
	}
}
