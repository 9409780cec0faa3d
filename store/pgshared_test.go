package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"waybill/store/pgtest"
	"waybill/tracker"
)

// Work shared by several servers on one store (issue 25 item 3): two
// handles on the same store stand for two servers. On PostgreSQL they are
// opened without the store's global write lock (pgOptions.noWriteLock), so
// what these tests show holds by the claims' and leases' own locks, with
// both handles writing at the same instant.
func twoHandles(t *testing.T) (*DB, *DB) {
	return twoOpened(t, pgOptions{noWriteLock: true})
}

// twoOpened opens two handles on one new store; on PostgreSQL with o.
func twoOpened(t *testing.T, o pgOptions) (*DB, *DB) {
	t.Helper()
	ctx := context.Background()
	var a, b *DB
	var err error
	if onPG() {
		u := pgtest.URL(t)
		if a, err = openPG(ctx, u, o); err == nil {
			b, err = openPG(ctx, u, o)
		}
	} else {
		p := filepath.Join(t.TempDir(), "waybill.db")
		if a, err = Open(ctx, p); err == nil {
			b, err = Open(ctx, p)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(); b.Close() })
	return a, b
}

// together runs f on both handles at once, each in rounds, and returns
// what each round of each gave, until f says it is done.
func together[T any](t *testing.T, a, b *DB, f func(db *DB, who string) ([]T, bool, error)) [2][]T {
	t.Helper()
	var out [2][]T
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, 2)
	for i, db := range []*DB{a, b} {
		wg.Go(func() {
			<-start
			for {
				got, more, err := f(db, fmt.Sprint("server-", i))
				if err != nil {
					errs[i] = err
					return
				}
				out[i] = append(out[i], got...)
				if !more {
					return
				}
			}
		})
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestTwoServersClaimEachDueParcelOnce(t *testing.T) {
	a, b := twoHandles(t)
	ctx := context.Background()
	const n = 300
	orders := make([]tracker.OrderDetail, n)
	for i := range orders {
		orders[i] = tracker.OrderDetail{
			Order: tracker.Order{OrderNo: fmt.Sprintf("O%d", i)},
			Shipments: []tracker.ShipmentDetail{{Shipment: tracker.Shipment{
				TrackingNo: fmt.Sprintf("T%d", i), Status: tracker.StatusInTransit, NextCheckAt: t0.Add(-time.Hour),
			}}},
		}
	}
	if err := a.AddOrders(ctx, t0.Add(-day), orders); err != nil {
		t.Fatal(err)
	}
	got := together(t, a, b, func(db *DB, who string) ([]int64, bool, error) {
		ss, err := db.ClaimDue(ctx, t0, who, lease, 7)
		var ids []int64
		for _, s := range ss {
			ids = append(ids, s.ID)
		}
		return ids, len(ss) > 0, err
	})
	assertOnce(t, got, n, "parcel")
}

func TestTwoServersSendEachAlertOnce(t *testing.T) {
	a, b := twoHandles(t)
	ctx := context.Background()
	const n = 200
	for i := range n {
		if _, err := a.write.Exec(`INSERT INTO outbox (key, channel, kind, severity, subject, body, created_at, next_attempt_at)
			VALUES (?, 'app', 'lost', 2, 's', 'b', ?, ?)`, fmt.Sprint("k", i), t0.Unix(), t0.Unix()); err != nil {
			t.Fatal(err)
		}
	}
	got := together(t, a, b, func(db *DB, who string) ([]int64, bool, error) {
		as, err := db.DueAlerts(ctx, tracker.ChannelApp, t0, 5)
		var ids []int64
		for _, al := range as {
			ids = append(ids, al.ID)
		}
		if err == nil {
			err = db.MarkSent(ctx, ids, t0)
		}
		return ids, len(as) > 0, err
	})
	assertOnce(t, got, n, "alert")
}

// assertOnce fails unless the two servers' ids are n in all, none twice.
func assertOnce(t *testing.T, got [2][]int64, n int, what string) {
	t.Helper()
	seen := map[int64]int{}
	for i, ids := range got {
		for _, id := range ids {
			if j, dup := seen[id]; dup {
				t.Errorf("%s %d went to server-%d and server-%d", what, id, j, i)
			}
			seen[id] = i
		}
	}
	if len(seen) != n {
		t.Errorf("%d %ss claimed, want all %d (server-0 %d, server-1 %d)", len(seen), what, n, len(got[0]), len(got[1]))
	}
}

// Two servers asking for a sync lease at the same instant: exactly one
// gets it, round after round (each round a lease nobody holds yet, the
// case where there is no row to lock).
func TestTwoServersRacingForALeaseOneWins(t *testing.T) {
	a, b := twoHandles(t)
	ctx := context.Background()
	for round := range 40 {
		name := fmt.Sprint("sync:market-", round)
		won := together(t, a, b, func(db *DB, who string) ([]string, bool, error) {
			held, err := db.TakeLease(ctx, name, who, t0, t0.Add(time.Minute))
			if held {
				return []string{who}, false, err
			}
			return nil, false, err
		})
		if w := append(won[0], won[1]...); len(w) != 1 {
			t.Fatalf("round %d: %v hold lease %s, want exactly one", round, w, name)
		}
	}
}

// A write on one server is a notice on the other within a second (issue
// 25 item 3): naming the shipments a refresher's update changed, saying
// "everything" for a write that does not name them, and nothing for a
// claim or a lease, which no screen shows.
func TestTwoServersHearEachOthersWrites(t *testing.T) {
	if !onPG() {
		t.Skip("PostgreSQL only: SQLite's screens poll DataVersion (see TestWatchStorePublishesWhenAnotherWriterCommits)")
	}
	a, b := twoHandles(t)
	if a.FeedsChanges() != true {
		t.Fatal("a PostgreSQL store feeds no changes")
	}
	sh := addShipment(t, a, "ORD-1", "LX000000001CN", t0.Add(-3*day))
	ctx, cancel := context.WithCancel(context.Background())
	notices := make(chan tracker.Change, 16)
	ready := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.ListenChanges(ctx, func(c tracker.Change) { notices <- c }, func() { close(ready) })
	}()
	t.Cleanup(func() { cancel(); <-done })
	<-ready
	next := func(what string) tracker.Change {
		t.Helper()
		select {
		case c := <-notices:
			return c
		case <-time.After(time.Second):
			t.Fatalf("no notice of %s on the other server within a second", what)
		}
		return tracker.Change{}
	}
	if _, err := a.ClaimDue(context.Background(), t0.Add(day), "r", lease, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := a.TakeLease(context.Background(), "sync:x", "r", t0, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	applyWith(t, a, t0, tracker.DefaultPolicy(), tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{customsHold(t0.Add(-time.Hour))}})
	if c := next("an update"); c.All || len(c.ShipmentIDs) != 1 || c.ShipmentIDs[0] != sh.ID {
		t.Fatalf("first notice %+v, want one naming shipment %d alone (a claim and a lease send none)", c, sh.ID)
	}
	if err := a.SetMeta(context.Background(), "k", "v"); err != nil {
		t.Fatal(err)
	}
	if c := next("a write naming no shipment"); !c.All {
		t.Fatalf("notice %+v, want everything", c)
	}
}

func TestParseNotice(t *testing.T) {
	for _, tc := range []struct {
		payload string
		want    tracker.Change
	}{
		{"*", tracker.Change{All: true}},
		{"", tracker.Change{All: true}},
		{"3,17", tracker.Change{ShipmentIDs: []int64{3, 17}}},
		{"3,x", tracker.Change{All: true}}, // what does not read is everything, never nothing
	} {
		got := parseNotice(tc.payload)
		if got.All != tc.want.All || fmt.Sprint(got.ShipmentIDs) != fmt.Sprint(tc.want.ShipmentIDs) {
			t.Errorf("parseNotice(%q) = %+v, want %+v", tc.payload, got, tc.want)
		}
	}
}
