package tracker_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"waybill/store"
	"waybill/tracker"
)

// memMarket is an in-memory tracker.Marketplace, written from the port's
// comments: Orders returns the orders changed at or after since, in one
// page; Disputes none. fail makes the next call fail.
type memMarket struct {
	mu     sync.Mutex
	name   string
	orders []tracker.MarketOrder
	calls  int
	fail   error
}

func (m *memMarket) Name() string { return m.name }

func (m *memMarket) Orders(_ context.Context, since time.Time, page string) (tracker.MarketPage[tracker.MarketOrder], error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	if err := m.fail; err != nil {
		m.fail = nil
		return tracker.MarketPage[tracker.MarketOrder]{}, err
	}
	var p tracker.MarketPage[tracker.MarketOrder]
	for _, o := range m.orders {
		if !o.UpdatedAt.Before(since) {
			p.Items = append(p.Items, o)
		}
	}
	return p, nil
}

func (m *memMarket) Disputes(context.Context, time.Time, string) (tracker.MarketPage[tracker.Dispute], error) {
	return tracker.MarketPage[tracker.Dispute]{}, nil
}

func (m *memMarket) add(no string, at time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.orders = append(m.orders, tracker.MarketOrder{
		Detail:       tracker.OrderDetail{Order: tracker.Order{OrderNo: no, Buyer: "Ana", Country: "DE"}},
		MarketStatus: "WAIT_SELLER_SEND_GOODS", UpdatedAt: at,
	})
}

func openStore(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

type healthLog struct {
	mu sync.Mutex
	hs []tracker.ServiceHealth
}

func (l *healthLog) NoteHealth(h tracker.ServiceHealth) {
	l.mu.Lock()
	l.hs = append(l.hs, h)
	l.mu.Unlock()
}

type syncDone struct {
	rep tracker.SyncReport
	err error
}

// loop wires a syncer on db whose rounds the test drives: tick sends one.
func loop(db *store.DB, clock tracker.Clock, hub *tracker.Hub, m tracker.Marketplace, interval time.Duration) (*tracker.MarketSyncer, chan time.Time, chan syncDone, *time.Duration) {
	svc := tracker.NewService(db, clock, hub, db)
	ms := tracker.NewMarketSyncer(svc, clock, []tracker.Marketplace{m}, interval)
	tick := make(chan time.Time)
	var asked time.Duration
	tracker.SetMarketTick(ms, func(d time.Duration) (<-chan time.Time, func()) { asked = d; return tick, func() {} })
	done := make(chan syncDone, 10)
	ms.OnSync = func(rep tracker.SyncReport, err error) { done <- syncDone{rep, err} }
	return ms, tick, done, &asked
}

func waitSync(t *testing.T, done chan syncDone) syncDone {
	t.Helper()
	select {
	case d := <-done:
		return d
	case <-time.After(5 * time.Second):
		t.Fatal("no sync")
	}
	return syncDone{}
}

// The loop syncs at once and then on each tick of the interval, tells open
// screens, notes a failure as the marketplace's health without stopping,
// and returns when ctx ends, giving its lease up.
func TestMarketSyncerRunsOnTheInterval(t *testing.T) {
	db := openStore(t)
	t0 := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	clock := tracker.NewFixedClock(t0)
	hub := tracker.NewHub()
	sub := hub.Subscribe()
	m := &memMarket{name: "aliexpress"}
	m.add("AE-1", t0.Add(-time.Hour))
	ms, tick, done, asked := loop(db, clock, hub, m, 15*time.Minute)
	health := &healthLog{}
	ms.Health = health

	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { ms.Run(ctx); close(stopped) }()

	d := waitSync(t, done)
	if d.err != nil || d.rep.OrdersNew != 1 || *asked != 15*time.Minute {
		t.Fatalf("first round = %+v, %v (ticker %v); want 1 new order at once, a 15m ticker", d.rep, d.err, *asked)
	}
	nctx, ncancel := context.WithTimeout(context.Background(), time.Second)
	if c, ok := sub.Next(nctx); !ok || !c.All && len(c.ShipmentIDs) == 0 {
		t.Errorf("change notice after orders were synced = %+v, %v; want one", c, ok)
	}
	ncancel()
	select {
	case d := <-done:
		t.Fatalf("a second round before the interval: %+v", d)
	case <-time.After(50 * time.Millisecond):
	}

	// The next tick: the new order, then a failure that is noted and
	// does not stop the loop, then the round after it recovers.
	clock.Advance(15 * time.Minute)
	m.add("AE-2", t0.Add(10*time.Minute))
	tick <- clock.Now()
	if d := waitSync(t, done); d.err != nil || d.rep.OrdersNew != 1 {
		t.Fatalf("second round = %+v, %v; want AE-2 new", d.rep, d.err)
	}
	m.mu.Lock()
	m.fail = errors.New("connection reset")
	m.mu.Unlock()
	clock.Advance(15 * time.Minute)
	tick <- clock.Now()
	if d := waitSync(t, done); d.err == nil {
		t.Fatal("third round: no error from a failing marketplace")
	}
	clock.Advance(15 * time.Minute)
	tick <- clock.Now()
	if d := waitSync(t, done); d.err != nil || d.rep.OrdersNew != 0 {
		t.Fatalf("fourth round = %+v, %v; want it to go on, nothing new", d.rep, d.err)
	}
	health.mu.Lock()
	hs := append([]tracker.ServiceHealth(nil), health.hs...)
	health.mu.Unlock()
	if len(hs) != 4 || hs[2].Service != "sync:aliexpress" || hs[2].State != tracker.HealthPaused || hs[2].Reason == "" || hs[3].State != tracker.HealthOK {
		t.Errorf("health = %+v; want ok, ok, paused with the reason, ok", hs)
	}

	cancel()
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after ctx ended")
	}
	// The lease was given up: another process takes over at once.
	if held, err := db.TakeLease(context.Background(), "sync:aliexpress", "other", clock.Now(), clock.Now().Add(time.Minute)); err != nil || !held {
		t.Errorf("lease after stop: held %v, %v; want it free", held, err)
	}
}

// Two processes on one store: the one holding a marketplace's lease syncs
// it, the other leaves it alone until the lease runs out.
func TestMarketSyncerOneProcessAtATime(t *testing.T) {
	db := openStore(t)
	t0 := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	clock := tracker.NewFixedClock(t0)
	m := &memMarket{name: "aliexpress"}
	m.add("AE-1", t0.Add(-time.Hour))
	a, _, doneA, _ := loop(db, clock, nil, m, 15*time.Minute)
	b, _, doneB, _ := loop(db, clock, nil, m, 15*time.Minute)
	ctx := context.Background()

	a.Round(ctx)
	waitSync(t, doneA)
	b.Round(ctx)
	if len(doneB) != 0 || m.calls != 1 {
		t.Fatalf("b synced while a held the lease (calls %d)", m.calls)
	}
	clock.Advance(16 * time.Minute) // a died: its lease ran out
	b.Round(ctx)
	waitSync(t, doneB)
	if m.calls != 2 {
		t.Errorf("calls = %d, want b's sync once a's lease ran out", m.calls)
	}
}

// With no marketplace configured there is nothing to run.
func TestMarketSyncerNone(t *testing.T) {
	var ms *tracker.MarketSyncer = tracker.NewMarketSyncer(nil, nil, nil, time.Minute)
	ms.Run(context.Background()) // returns at once
}
