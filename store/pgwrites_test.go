package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"waybill/tracker"
)

// Writers on two servers at once (issue 25): two handles on one store,
// each opened as waybill opens it (with pgWriteLock, unlike twoHandles),
// stand for two servers.
func twoServers(t *testing.T) (*DB, *DB) {
	return twoOpened(t, pgOptions{})
}

// twoServersTwoParcels is two servers on one PostgreSQL store with a
// parcel on each of two orders, for the tests that hold one parcel's
// write open on a server and write beside it on the other; it skips on
// SQLite, which has one writer at a time.
func twoServersTwoParcels(t *testing.T) (a, b *DB, s1, s2 tracker.Shipment) {
	t.Helper()
	if !onPG() {
		t.Skip("PostgreSQL only: SQLite has one writer at a time")
	}
	a, b = twoServers(t)
	s1 = addShipment(t, a, "ORD-1", "LX000000001CN", t0.Add(-3*day))
	s2 = addShipment(t, a, "ORD-2", "LX000000002CN", t0.Add(-3*day))
	return a, b, s1, s2
}

// Ingest on one server and a person's triage on the other, at the same
// time and on the same parcels: afterwards nothing is lost (every event
// and every triage step is stored) and the counters the screen reads
// equal a recount of the rows. On PostgreSQL both run under the write
// lock's shared mode, side by side; on SQLite they take turns.
func TestIngestAndTriageOnTwoServersKeepCountersTrue(t *testing.T) {
	a, b := twoServers(t)
	ctx := context.Background()
	const parcels, rounds = 24, 6
	var ships []tracker.Shipment
	for i := range parcels {
		ships = append(ships, addShipment(t, a, fmt.Sprintf("ORD-%d", i), fmt.Sprintf("LX%09dCN", i), t0.Add(-10*day)))
	}
	// Each round moves every parcel on: held by customs (an exception and
	// its alerts), then on its way again, and so on; the last is delivered.
	statuses := []tracker.Status{tracker.StatusInTransit, tracker.StatusCustoms, tracker.StatusInTransit,
		tracker.StatusCustoms, tracker.StatusOutForDelivery, tracker.StatusDelivered}
	var wg sync.WaitGroup
	var ingestErr, triageErr error
	stop := make(chan struct{})
	agentGone := make(chan struct{})
	var passes atomic.Int64
	triaged := 0
	wg.Go(func() { // server a: the refresher
		defer close(stop)
		for r := range rounds {
			// The agent has a pass at each round's exceptions, while the
			// next round goes in: without this wait, on a loaded machine
			// the refresher can be done before the agent's first look.
			if p := passes.Load(); r > 0 {
				for passes.Load() < p+2 {
					select {
					case <-agentGone:
						return
					case <-time.After(time.Millisecond):
					}
				}
			}
			for i, sh := range ships {
				at := t0.Add(-time.Duration(rounds-r)*time.Hour - time.Duration(i)*time.Minute)
				e := event(at, statuses[r], fmt.Sprint("round ", r))
				if statuses[r] == tracker.StatusCustoms {
					e = customsHold(at)
					e.Description = fmt.Sprint("round ", r)
				}
				if _, err := a.ApplyUpdates(ctx, t0, alertPolicy(), []tracker.Update{{ShipmentID: sh.ID, Events: []tracker.Event{e}}}); err != nil {
					ingestErr = fmt.Errorf("round %d parcel %d: %w", r, sh.ID, err)
					return
				}
			}
		}
	})
	wg.Go(func() { // server b: an agent working the queue as it fills
		defer close(agentGone)
		for n := 0; ; n++ {
			passes.Add(1)
			select {
			case <-stop:
				return
			default:
			}
			ids := openExceptionIDs(t, b)
			if len(ids) == 0 {
				continue
			}
			var tr tracker.Triaged
			var err error
			switch n % 3 {
			case 0:
				tr, err = b.Acknowledge(ctx, ids, "agent", t0)
			case 1:
				tr, err = b.Snooze(ctx, ids, t0.Add(day), "agent", t0)
			default:
				tr, err = b.Resolve(ctx, ids[:1], "seen", "agent", t0)
			}
			if err != nil {
				triageErr = err
				return
			}
			triaged += tr.Changed
			if _, err := b.MarkAlertsRead(ctx, appAlertIDs(t, b), t0); err != nil {
				triageErr = err
				return
			}
		}
	})
	wg.Wait()
	if ingestErr != nil || triageErr != nil {
		t.Fatalf("ingest: %v; triage: %v", ingestErr, triageErr)
	}
	if n := countOf(t, a, `SELECT count(*) FROM events`); n != parcels*rounds {
		t.Errorf("%d events stored, want %d", n, parcels*rounds)
	}
	if n := countOf(t, a, `SELECT count(*) FROM exception_log WHERE actor = 'agent'`); n != triaged {
		t.Errorf("%d triage steps logged, want the %d the agent was told of", n, triaged)
	}
	if triaged == 0 {
		t.Error("the agent triaged nothing: the two servers did not write at the same time")
	}
	for _, c := range []struct{ what, counted, recount string }{
		{"parcels by status", `SELECT status, n FROM shipment_counts WHERE n <> 0`,
			`SELECT status, count(*) FROM shipments GROUP BY status`},
		{"open exceptions by kind and state", `SELECT kind || '/' || state, n FROM exception_counts WHERE n <> 0`,
			`SELECT kind || '/' || state, count(*) FROM exceptions WHERE closed_at IS NULL GROUP BY kind, state`},
		{"alerts unread and failed", `SELECT what, n FROM outbox_counts WHERE n <> 0`,
			`SELECT 'unread', count(*) FROM outbox WHERE channel = 'app' AND read_at IS NULL HAVING count(*) > 0
			UNION ALL SELECT 'failed', count(*) FROM outbox WHERE sent_at IS NULL AND attempts > 0 HAVING count(*) > 0`},
	} {
		got, want := keyedCounts(t, a, c.counted), keyedCounts(t, a, c.recount)
		if !maps.Equal(got, want) {
			t.Errorf("%s: counters %v, recount %v", c.what, got, want)
		}
	}
}

// A transaction open on one server (a slow batch, a person's step) holds
// up only what touches its parcels: the other server's ingest and triage
// of another parcel complete meanwhile, its ingest of the same parcel
// waits for the commit, and so does a write of a path still run alone
// (pgWriteLock's exclusive mode).
func TestPGWritersOfOtherParcelsDoNotWait(t *testing.T) {
	a, b, s1, s2 := twoServersTwoParcels(t)
	ctx := context.Background()
	apply(t, a, t0, tracker.Update{ShipmentID: s2.ID, Events: []tracker.Event{customsHold(t0.Add(-2 * time.Hour))}})
	ex2 := openExceptionIDs(t, a)

	tx := halfDoneIngest(t, a, s1.ID)

	// Well under lock_timeout (5 s): a write that waited for the open
	// transaction would end here, failed.
	quick, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if _, err := b.ApplyUpdates(quick, t0, tracker.DefaultPolicy(), []tracker.Update{{ShipmentID: s2.ID,
		Events: []tracker.Event{event(t0.Add(-time.Hour), tracker.StatusInTransit, "released")}}}); err != nil {
		t.Fatalf("ingest of another parcel while a transaction is open on the other server: %v", err)
	}
	if _, err := b.Acknowledge(quick, ex2, "agent", t0); err != nil {
		t.Fatalf("triage of another parcel while a transaction is open on the other server: %v", err)
	}

	waiting := map[string]chan error{"ingest of the same parcel": make(chan error, 1), "a write run alone": make(chan error, 1)}
	go func() {
		_, err := b.ApplyUpdates(ctx, t0, tracker.DefaultPolicy(), []tracker.Update{{ShipmentID: s1.ID,
			Events: []tracker.Event{event(t0.Add(-time.Hour), tracker.StatusInTransit, "moving")}}})
		waiting["ingest of the same parcel"] <- err
	}()
	go func() { waiting["a write run alone"] <- b.SetMeta(ctx, "k", "v") }()
	time.Sleep(300 * time.Millisecond)
	for what, done := range waiting {
		select {
		case err := <-done:
			t.Fatalf("%s did not wait for the open transaction (err %v)", what, err)
		default:
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	for what, done := range waiting {
		if err := <-done; err != nil {
			t.Errorf("%s, after the commit: %v", what, err)
		}
	}
}

func openExceptionIDs(t testing.TB, db *DB) []int64 {
	t.Helper()
	return int64s(t, db, `SELECT id FROM exceptions WHERE closed_at IS NULL AND state = 'open' ORDER BY id`)
}

func appAlertIDs(t testing.TB, db *DB) []int64 {
	t.Helper()
	return int64s(t, db, `SELECT id FROM outbox WHERE channel = 'app' AND read_at IS NULL ORDER BY id`)
}

func int64s(t testing.TB, db *DB, query string) []int64 {
	t.Helper()
	rows, err := db.read.Query(query)
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
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func countOf(t testing.TB, db *DB, query string) int {
	t.Helper()
	var n int
	if err := db.read.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// keyedCounts reads rows of (key, n).
func keyedCounts(t testing.TB, db *DB, query string) map[string]int {
	t.Helper()
	rows, err := db.read.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			t.Fatal(err)
		}
		out[k] = n
	}
	if err := rows.Err(); err != nil && err != sql.ErrNoRows {
		t.Fatal(err)
	}
	return out
}

// halfDoneIngest opens on db the transaction of an ingest half done on
// one parcel: in the write lock's shared mode, the parcel locked and
// changed; the caller commits it, or the test's end rolls it back.
func halfDoneIngest(t *testing.T, db *DB, shipmentID int64) *sql.Tx {
	t.Helper()
	ctx := context.Background()
	tx, err := begin(sharedWrite(ctx), db.write)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
	if err := db.lockShipments(ctx, tx, []int64{shipmentID}); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE shipments SET last_error = 'slow' WHERE id = ?`, shipmentID); err != nil {
		t.Fatal(err)
	}
	return tx
}
