package store

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"waybill/tracker"
)

var testLeads = []time.Duration{48 * time.Hour, 12 * time.Hour}

var testRoutes = []tracker.AlertRoute{{Channel: tracker.ChannelWebhook, Kinds: []string{"lost"}, MinSeverity: tracker.SeverityCritical}}

// outboxKeys lists the outbox's alert keys of one channel, oldest first.
func outboxKeys(t *testing.T, db *DB, channel string) []string {
	t.Helper()
	rows, err := db.read.Query(`SELECT key FROM outbox WHERE channel = ? ORDER BY id`, channel)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		out = append(out, k)
	}
	return out
}

// A deadline alerts once per lead time as its clock runs down, once only
// when first seen inside both lead times, again after its due time moves,
// and never once it is due.
func TestDeadlineAlertsOncePerLeadTime(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	a := addShipment(t, db, "A-1", "RA000000001CN", t0)
	b := addShipment(t, db, "B-1", "RB000000002CN", t0)
	due := t0.Add(3 * day)
	if _, err := db.PutDeadlines(ctx, t0, "sync", []tracker.Deadline{
		{OrderID: a.OrderID, ShipmentID: a.ID, Kind: tracker.DeadlineDisputeReply, DueAt: due, Source: "aliexpress", Ref: "D1"},
		// Seen first 10h before it is due: inside both lead times.
		{OrderID: b.OrderID, ShipmentID: b.ID, Kind: tracker.DeadlineCarrierClaim, DueAt: t0.Add(10 * time.Hour), Source: tracker.SourceRule},
	}); err != nil {
		t.Fatal(err)
	}
	rows, _ := db.Deadlines(ctx, tracker.DeadlineQuery{})
	idA, idB := rows[1].ID, rows[0].ID
	keyA := func(lead time.Duration, due time.Time) string { return tracker.DeadlineAlertKey(idA, lead, due) }
	keyB := tracker.DeadlineAlertKey(idB, 12*time.Hour, t0.Add(10*time.Hour))
	moved := t0.Add(5 * day)
	for _, step := range []struct {
		name string
		now  time.Time
		move bool
		want int
		keys []string // every app alert so far
	}{
		{"inside both lead times: one alert, the 12h one", t0, false, 1, []string{keyB}},
		{"the same pass again", t0.Add(time.Minute), false, 0, []string{keyB}},
		{"A's 48h lead time begins", due.Add(-48 * time.Hour), false, 1, []string{keyB, keyA(48*time.Hour, due)}},
		{"still within 48h, a restart's pass", due.Add(-30 * time.Hour), false, 0, []string{keyB, keyA(48*time.Hour, due)}},
		{"A's 12h lead time begins", due.Add(-11 * time.Hour), false, 1, []string{keyB, keyA(48*time.Hour, due), keyA(12*time.Hour, due)}},
		{"A's due time moves on: its alerts go again", due.Add(-11 * time.Hour), true, 0, []string{keyB, keyA(48*time.Hour, due), keyA(12*time.Hour, due)}},
		{"the new clock's 48h lead time", moved.Add(-47 * time.Hour), false, 1,
			[]string{keyB, keyA(48*time.Hour, due), keyA(12*time.Hour, due), keyA(48*time.Hour, moved)}},
		{"overdue: the queue shows it, no alert", moved.Add(time.Hour), false, 0,
			[]string{keyB, keyA(48*time.Hour, due), keyA(12*time.Hour, due), keyA(48*time.Hour, moved)}},
	} {
		if step.move {
			if _, err := db.PutDeadlines(ctx, step.now, "sync", []tracker.Deadline{
				{OrderID: a.OrderID, ShipmentID: a.ID, Kind: tracker.DeadlineDisputeReply, DueAt: moved, Source: "aliexpress", Ref: "D1"}}); err != nil {
				t.Fatal(err)
			}
		}
		n, err := db.EnqueueDeadlineAlerts(ctx, step.now, testLeads, testRoutes)
		if err != nil || n != step.want {
			t.Fatalf("%s: enqueued %d, %v; want %d", step.name, n, err, step.want)
		}
		if got := outboxKeys(t, db, tracker.ChannelApp); !slices.Equal(got, step.keys) {
			t.Fatalf("%s: app alerts %v\nwant %v", step.name, got, step.keys)
		}
		// A route's kinds and severity choose among exceptions: a
		// deadline alert goes to every channel.
		if got := outboxKeys(t, db, tracker.ChannelWebhook); !slices.Equal(got, step.keys) {
			t.Fatalf("%s: webhook alerts %v\nwant %v", step.name, got, step.keys)
		}
	}
	var subject string
	if err := db.read.QueryRow(`SELECT subject FROM outbox WHERE key = ? AND channel = 'app'`, keyB).Scan(&subject); err != nil ||
		subject != "[waybill] carrier claim window due in 10h (order B-1)" {
		t.Fatalf("subject %q, %v", subject, err)
	}
}

// Two processes (two store handles on one file) passing at once enqueue
// each alert once: the transaction reads the alerted lists under the
// write lock.
func TestDeadlineAlertsTwoProcessesOnce(t *testing.T) {
	ctx := context.Background()
	path := testStore(t)
	var dbs [2]*DB
	for i := range dbs {
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	var ds []tracker.Deadline
	for i := range 40 {
		sh := addShipment(t, dbs[0], fmt.Sprintf("O-%d", i), fmt.Sprintf("RA%09dCN", i+10), t0)
		ds = append(ds, tracker.Deadline{OrderID: sh.OrderID, ShipmentID: sh.ID, Kind: tracker.DeadlineShipBy,
			DueAt: t0.Add(time.Duration(i+1) * time.Hour), Source: "aliexpress"})
	}
	if _, err := dbs[0].PutDeadlines(ctx, t0, "sync", ds); err != nil {
		t.Fatal(err)
	}
	for round, now := range []time.Time{t0, t0.Add(time.Minute)} {
		var wg sync.WaitGroup
		var counts [2]int
		var errs [2]error
		for i, db := range dbs {
			wg.Go(func() { counts[i], errs[i] = db.EnqueueDeadlineAlerts(ctx, now, testLeads, testRoutes) })
		}
		wg.Wait()
		want := len(ds)
		if round > 0 {
			want = 0
		}
		if errs[0] != nil || errs[1] != nil || counts[0]+counts[1] != want {
			t.Fatalf("round %d: enqueued %v (%v), want %d in all", round, counts, errs, want)
		}
	}
	if got := outboxKeys(t, dbs[1], tracker.ChannelApp); len(got) != len(ds) {
		t.Fatalf("%d app alerts, want %d", len(got), len(ds))
	}
}
