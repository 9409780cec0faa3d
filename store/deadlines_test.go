package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

func deadlineKeys(t *testing.T, db *DB, q tracker.DeadlineQuery) []string {
	t.Helper()
	rows, err := db.Deadlines(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r.OrderNo+"/"+string(r.Kind)+"/"+r.TrackingNo)
	}
	return out
}

func TestPutDeadlinesIdempotentMovesAndLogs(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	a := addShipment(t, db, "A-1", "RA000000001CN", t0)
	b := addShipment(t, db, "B-1", "RB000000002CN", t0)
	ds := []tracker.Deadline{
		{OrderID: a.OrderID, ShipmentID: a.ID, Kind: tracker.DeadlineDisputeReply, DueAt: t0.Add(3 * day), Source: "aliexpress", Ref: "D1"},
		{OrderID: b.OrderID, Kind: tracker.DeadlineProtectionEnd, DueAt: t0.Add(day), Source: "aliexpress"},
	}
	for _, tc := range []struct {
		name string
		ds   []tracker.Deadline
		want tracker.DeadlinesPut
	}{
		{"first put adds", ds, tracker.DeadlinesPut{Added: 2}},
		{"the same again changes nothing", ds, tracker.DeadlinesPut{Unchanged: 2}},
		{"a moved due time updates", []tracker.Deadline{{OrderID: b.OrderID, Kind: tracker.DeadlineProtectionEnd, DueAt: t0.Add(5 * day), Source: "aliexpress"}},
			tracker.DeadlinesPut{Moved: 1}},
		{"a rule never replaces the marketplace's", []tracker.Deadline{{OrderID: b.OrderID, Kind: tracker.DeadlineProtectionEnd, DueAt: t0.Add(2 * day), Source: tracker.SourceRule}},
			tracker.DeadlinesPut{Kept: 1}},
	} {
		got, err := db.PutDeadlines(ctx, t0, "sync", tc.ds)
		if err != nil || got != tc.want {
			t.Fatalf("%s: put %+v, %v; want %+v", tc.name, got, err, tc.want)
		}
	}
	if n := count(t, db, `SELECT COUNT(*) FROM deadlines`); n != 2 {
		t.Fatalf("%d rows, want 2", n)
	}
	var detail string
	if err := db.read.QueryRow(`SELECT detail FROM deadline_log WHERE action = 'moved'`).Scan(&detail); err != nil ||
		!strings.Contains(detail, "2025-03-11 12:00 UTC to 2025-03-15 12:00 UTC") {
		t.Fatalf("moved log %q, %v", detail, err)
	}
	if got, want := deadlineKeys(t, db, tracker.DeadlineQuery{}), []string{"A-1/dispute_reply/RA000000001CN", "B-1/protection_end/"}; !slices.Equal(got, want) {
		t.Fatalf("soonest first: %v, want %v", got, want)
	}
	if got := deadlineKeys(t, db, tracker.DeadlineQuery{Before: t0.Add(4 * day)}); !slices.Equal(got, []string{"A-1/dispute_reply/RA000000001CN"}) {
		t.Fatalf("within 4 days: %v", got)
	}
	// Closing takes it off the list; putting it again reopens it.
	rows, _ := db.Deadlines(ctx, tracker.DeadlineQuery{Limit: 1})
	if n, err := db.CloseDeadlines(ctx, t0, "ana", []int64{rows[0].ID}, tracker.DeadlineMet); n != 1 || err != nil {
		t.Fatalf("close: %d, %v", n, err)
	}
	if got := deadlineKeys(t, db, tracker.DeadlineQuery{}); !slices.Equal(got, []string{"B-1/protection_end/"}) {
		t.Fatalf("after close: %v", got)
	}
	if got, _ := db.PutDeadlines(ctx, t0, "sync", ds[:1]); got.Moved != 1 {
		t.Fatalf("put of a closed one: %+v, want it reopened", got)
	}
}

func TestPutDeadlinesRefusesBadOnes(t *testing.T) {
	db := openTest(t)
	a := addShipment(t, db, "A-1", "RA000000001CN", t0)
	for _, d := range []tracker.Deadline{
		{Kind: tracker.DeadlineShipBy, DueAt: t0, Source: "x"},
		{OrderID: a.OrderID, Kind: "tomorrow", DueAt: t0, Source: "x"},
		{OrderID: a.OrderID, Kind: tracker.DeadlineShipBy, Source: "x"},
		{OrderID: a.OrderID, Kind: tracker.DeadlineShipBy, DueAt: t0},
	} {
		if _, err := db.PutDeadlines(context.Background(), t0, "sync", []tracker.Deadline{d}); err == nil {
			t.Errorf("%+v accepted", d)
		}
	}
}

// The list reads the partial index in due order: no sort, no scan of the
// closed ones.
func TestDeadlinesQueryUsesIndex(t *testing.T) {
	sqliteOnly(t, "SQLite query plans")
	db := openTest(t)
	rows, err := db.read.Query(`EXPLAIN QUERY PLAN `+deadlinesSQL, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	all := strings.Join(plan, "\n")
	if !strings.Contains(all, "deadlines_open_due") || strings.Contains(all, "TEMP B-TREE") {
		t.Fatalf("plan:\n%s", all)
	}
}

// A parcel the rules find lost gets its carrier claim deadline in the same
// write, from shipping plus the carrier's window.
func TestLostParcelGetsCarrierClaim(t *testing.T) {
	db := openTest(t)
	sh := addShipment(t, db, "L-1", "RL000000003CN", t0)
	p := tracker.DefaultPolicy()
	p.Deadlines.ClaimDays = map[string]int{"china-post": 90}
	now := t0.Add(40 * day)
	if _, err := db.ApplyUpdates(context.Background(), now, p, []tracker.Update{{ShipmentID: sh.ID,
		Events: []tracker.Event{event(t0.Add(day), tracker.StatusInTransit, "accepted")}}}); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Deadlines(context.Background(), tracker.DeadlineQuery{})
	if err != nil || len(rows) != 1 {
		t.Fatalf("deadlines %+v, %v", rows, err)
	}
	if r := rows[0]; r.Kind != tracker.DeadlineCarrierClaim || !r.DueAt.Equal(t0.Add(90*day)) || r.ShipmentID != sh.ID || r.Source != "rule" {
		t.Fatalf("claim %+v", r)
	}
	// Another pass finds it lost still: one deadline, not two.
	if _, err := db.ApplyUpdates(context.Background(), now.Add(day), p, []tracker.Update{{ShipmentID: sh.ID}}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM deadlines`); n != 1 {
		t.Fatalf("%d deadlines after a second pass", n)
	}
}

// A case's follow-up date is a deadline while the case is open, moves with
// it and is met when the case closes.
func TestCaseFollowUpDeadline(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	sh := addShipment(t, db, "F-1", "RF000000004CN", t0)
	w, clock := casework(db, t0)
	c, err := w.Open(ctx, sh.OrderID, sh.ID, 0, tracker.ExStale, "en", "ana")
	if err != nil {
		t.Fatal(err)
	}
	do(t, w, c.ID, actReassure, actVerify, tracker.CaseAction{Type: tracker.ActSolve, Solution: &tracker.Solution{Type: tracker.SolveNewETA, ETA: t0.Add(9 * day)}},
		tracker.CaseAction{Type: tracker.ActFollowUp, FollowUpAt: t0.Add(2 * day)})
	rows, _ := db.Deadlines(ctx, tracker.DeadlineQuery{})
	if len(rows) != 1 || rows[0].Kind != tracker.DeadlineFollowUp || rows[0].CaseID != c.ID || !rows[0].DueAt.Equal(t0.Add(2*day)) {
		t.Fatalf("follow-up deadline %+v", rows)
	}
	clock.Set(t0.Add(time.Hour))
	do(t, w, c.ID, tracker.CaseAction{Type: tracker.ActFollowUp, FollowUpAt: t0.Add(4 * day)})
	rows, _ = db.Deadlines(ctx, tracker.DeadlineQuery{})
	if len(rows) != 1 || !rows[0].DueAt.Equal(t0.Add(4*day)) {
		t.Fatalf("moved follow-up %+v", rows)
	}
	do(t, w, c.ID, tracker.CaseAction{Type: tracker.ActClose, Text: "delivered", RootCause: tracker.RootCauses[0]})
	if rows, _ = db.Deadlines(ctx, tracker.DeadlineQuery{}); len(rows) != 0 {
		t.Fatalf("closed case's follow-up still listed: %+v", rows)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM deadlines WHERE state = 'met'`); n != 1 {
		t.Fatalf("%d met", n)
	}
}
