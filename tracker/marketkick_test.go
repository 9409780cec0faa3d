package tracker_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"waybill/tracker"
)

// gatedMarket holds each Orders call until the test releases it, and
// counts the calls in flight at once.
type gatedMarket struct {
	*memMarket
	entered  chan struct{}
	release  chan struct{}
	inflight atomic.Int32
	most     atomic.Int32
}

func (g *gatedMarket) Orders(ctx context.Context, since time.Time, page string) (tracker.MarketPage[tracker.MarketOrder], error) {
	n := g.inflight.Add(1)
	defer g.inflight.Add(-1)
	for {
		if m := g.most.Load(); n <= m || g.most.CompareAndSwap(m, n) {
			break
		}
	}
	g.entered <- struct{}{}
	<-g.release
	return g.memMarket.Orders(ctx, since, page)
}

// step lets one sync in: it waits for an Orders call to start, releases
// it and waits for the sync to end.
func (g *gatedMarket) step(t *testing.T, done chan syncDone) {
	t.Helper()
	g.started(t)
	g.release <- struct{}{}
	if d := waitSync(t, done); d.err != nil {
		t.Fatalf("sync: %v", d.err)
	}
}

func (g *gatedMarket) started(t *testing.T) {
	t.Helper()
	select {
	case <-g.entered:
	case <-time.After(5 * time.Second):
		t.Fatal("no sync started")
	}
}

func (g *gatedMarket) none(t *testing.T, what string) {
	t.Helper()
	select {
	case <-g.entered:
		t.Fatalf("%s: a sync started", what)
	case <-time.After(150 * time.Millisecond):
	}
}

// Kick syncs a marketplace at once, without the interval's tick; kicks
// while a sync runs never wait and come to one more sync after it; a
// Round called meanwhile waits for the running sync; one marketplace is
// never synced twice at once; an unknown name is no sync.
func TestMarketSyncerKick(t *testing.T) {
	db := openStore(t)
	t0 := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	clock := tracker.NewFixedClock(t0)
	g := &gatedMarket{memMarket: &memMarket{name: "shopify"}, entered: make(chan struct{}), release: make(chan struct{})}
	ms, _, done, _ := loop(db, clock, nil, g, time.Hour) // the tick never comes
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { ms.Run(ctx); close(stopped) }()
	defer func() { cancel(); <-stopped }()

	g.step(t, done) // the first round
	g.none(t, "before any kick")

	if ms.Kick("aliexpress") {
		t.Error("Kick of a marketplace not configured = true")
	}
	g.none(t, "after a kick of another marketplace")

	// A pushed order: synced without the tick. A Round called while that
	// sync runs waits for it.
	g.memMarket.add("1001", t0)
	if !ms.Kick("shopify") {
		t.Fatal("Kick(shopify) = false")
	}
	g.started(t)
	rounded := make(chan struct{})
	go func() { ms.Round(ctx); close(rounded) }()
	g.none(t, "a Round while a sync of the same marketplace runs")
	g.release <- struct{}{}
	if d := waitSync(t, done); d.err != nil || d.rep.OrdersNew != 1 {
		t.Fatalf("kicked sync = %+v, %v; want the pushed order new", d.rep, d.err)
	}
	g.step(t, done) // the Round's
	<-rounded
	g.none(t, "after the Round")

	// A burst of kicks from many handlers while a sync runs: none waits,
	// and together they come to one sync after it.
	ms.Kick("shopify")
	g.started(t)
	var wg sync.WaitGroup
	start := time.Now()
	for range 20 {
		wg.Go(func() { ms.Kick("shopify") })
	}
	wg.Wait()
	if took := time.Since(start); took > time.Second {
		t.Errorf("20 kicks during a sync took %v: Kick waited", took)
	}
	g.release <- struct{}{}
	waitSync(t, done)
	g.step(t, done)
	g.none(t, "after the burst was served")

	if m := g.most.Load(); m != 1 {
		t.Errorf("at most %d syncs of shopify at once, want 1", m)
	}
	g.memMarket.mu.Lock()
	calls := g.memMarket.calls
	g.memMarket.mu.Unlock()
	if calls != 5 {
		t.Errorf("Orders calls = %d, want 5 (first round, kick, Round, kick, one for the burst)", calls)
	}

	var nilSyncer *tracker.MarketSyncer
	if nilSyncer.Kick("shopify") {
		t.Error("a nil syncer's Kick = true")
	}
}
