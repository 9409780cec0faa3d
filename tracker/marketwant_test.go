package tracker_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"waybill/store"
	"waybill/tracker"
)

// Two processes on one store: a push (Kick) reaching the one that does not
// hold the sync's lease is not lost. It is recorded in the store, and the
// holder runs one more sync after the one it is running, or, idle, at its
// next look (WantPoll); the other never syncs.
func TestMarketSyncerKickToTheOtherProcess(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	path := filepath.Join(t.TempDir(), "w.db")
	open := func() *store.DB {
		db, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	dbA, dbB := open(), open()
	t0 := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	clock := tracker.NewFixedClock(t0)
	g := &gatedMarket{memMarket: &memMarket{name: "shopify"}, entered: make(chan struct{}), release: make(chan struct{})}
	a, _, doneA, _ := loop(dbA, clock, nil, g, time.Hour) // the ticks never come
	pollA := make(chan time.Time)
	tracker.SetMarketPoll(a, func() (<-chan time.Time, func()) { return pollA, func() {} })
	other := &memMarket{name: "shopify"}
	b, _, doneB, _ := loop(dbB, clock, nil, other, time.Hour)
	tracker.SetMarketPoll(b, func() (<-chan time.Time, func()) { return nil, func() {} })

	stopped := make(chan struct{}, 2)
	defer func() {
		cancel()
		for range 2 {
			select {
			case <-stopped:
			case <-time.After(5 * time.Second): // a failed test left a sync held in the gate
				return
			}
		}
	}()
	go func() { a.Run(ctx); stopped <- struct{}{} }()
	g.step(t, doneA) // a's first round: a holds the lease
	go func() { b.Run(ctx); stopped <- struct{}{} }()

	wanted := func(what string) {
		t.Helper()
		for end := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			if w, err := dbB.SyncWanted(ctx, "sync:shopify"); err == nil && w {
				return
			}
			if time.Now().After(end) {
				t.Fatalf("%s: no wanted sync recorded", what)
			}
		}
	}

	// A push to b while a syncs: a runs one more sync after it.
	g.memMarket.add("1001", t0)
	if !a.Kick("shopify") {
		t.Fatal("a.Kick = false")
	}
	g.started(t)
	b.Kick("shopify")
	wanted("a push to b during a's sync")
	g.release <- struct{}{}
	waitSync(t, doneA)
	g.step(t, doneA) // the one more, without any tick
	g.none(t, "after the wanted sync was served")

	// A push to b while a is idle: a's next look serves it.
	b.Kick("shopify")
	wanted("a push to b while a is idle")
	pollA <- clock.Now()
	g.step(t, doneA)
	if w, err := dbA.SyncWanted(ctx, "sync:shopify"); err != nil || w {
		t.Errorf("wanted after it was served = %v, %v; want cleared", w, err)
	}
	pollA <- clock.Now() // nothing wanted: no sync
	g.none(t, "a look with nothing wanted")

	other.mu.Lock()
	calls := other.calls
	other.mu.Unlock()
	if calls != 0 || len(doneB) != 0 {
		t.Errorf("b synced %d times while a held the lease", calls)
	}
}
