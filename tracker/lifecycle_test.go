package tracker_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"waybill/tracker"
)

const day = 24 * time.Hour

// memLife is an in-memory tracker.LifeStore over a memStore's shipments:
// orders, open cases and what the store keeps of each number's life.
type memLife struct {
	s       *memStore
	mu      sync.Mutex
	orders  map[int64]tracker.Order // by shipment id
	cases   map[int64]time.Time     // shipment id → when its case closed (zero: open)
	caseIDs map[int64]int64
	life    map[int64]*lifeRow
	cursors map[string]tracker.LifeCursor
}

type lifeRow struct {
	tracker.Life
	recheck time.Time
}

func newMemLife(s *memStore) *memLife {
	return &memLife{s: s, orders: map[int64]tracker.Order{}, cases: map[int64]time.Time{}, caseIDs: map[int64]int64{},
		life: map[int64]*lifeRow{}, cursors: map[string]tracker.LifeCursor{}}
}

func (m *memLife) row(id int64) *lifeRow {
	r, ok := m.life[id]
	if !ok {
		r = &lifeRow{}
		m.life[id] = r
	}
	return r
}

func (m *memLife) openCase(id int64) bool {
	closed, ok := m.cases[id]
	return ok && closed.IsZero()
}

func (m *memLife) parcel(id int64, c tracker.LifeCursor) tracker.LifeParcel {
	m.s.mu.Lock()
	sh := *m.s.ships[id]
	m.s.mu.Unlock()
	p := tracker.LifeParcel{Shipment: sh, Order: m.orders[id], OpenCase: m.openCase(id), Cursor: c}
	if r := m.life[id]; r != nil {
		p.Life = r.Life
	}
	return p
}

func after(c, cur tracker.LifeCursor) bool {
	return c.At.After(cur.At) || c.At.Equal(cur.At) && c.ID > cur.ID
}

func (m *memLife) page(cands []tracker.LifeParcel, limit int) []tracker.LifeParcel {
	sort.Slice(cands, func(i, j int) bool { return after(cands[j].Cursor, cands[i].Cursor) })
	if len(cands) > limit {
		cands = cands[:limit]
	}
	return cands
}

func (m *memLife) MarkStopped(_ context.Context, service string, ids []int64, now time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, id := range ids {
		r := m.row(id)
		if r.StoppedAt.IsZero() {
			r.Service, r.StoppedAt = service, now
		}
	}
	return nil
}

func (m *memLife) StoppedParcels(_ context.Context, cur tracker.LifeCursor, limit int) ([]tracker.LifeParcel, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []tracker.LifeParcel
	for id, r := range m.life {
		c := tracker.LifeCursor{At: r.StoppedAt, ID: id}
		if !r.StoppedAt.IsZero() && r.RestartedAt.IsZero() && r.UntrackedAt.IsZero() && after(c, cur) {
			out = append(out, m.parcel(id, c))
		}
	}
	return m.page(out, limit), nil
}

func (m *memLife) RestartsSince(_ context.Context, service string, since time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, r := range m.life {
		if r.Service == service && !r.RestartedAt.Before(since) && !r.RestartedAt.IsZero() {
			n++
		}
	}
	return n, nil
}

func (m *memLife) RecordRestarts(_ context.Context, service string, results []tracker.LifeResult, now, recheck time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, res := range results {
		r := m.row(res.ShipmentID)
		if !res.Spent {
			r.StoppedAt = time.Time{}
			continue
		}
		r.Service, r.RestartedAt, r.RestartResult = service, now, res.Err
		if res.Err == "" {
			r.recheck = recheck
		}
	}
	return nil
}

func (m *memLife) DueRechecks(_ context.Context, now time.Time, limit int) ([]tracker.Shipment, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []tracker.Shipment
	for id, r := range m.life {
		if !r.recheck.IsZero() && !r.recheck.After(now) && len(out) < limit {
			r.recheck = time.Time{}
			m.s.mu.Lock()
			out = append(out, *m.s.ships[id])
			m.s.mu.Unlock()
		}
	}
	return out, nil
}

func (m *memLife) FinalParcels(_ context.Context, cur tracker.LifeCursor, limit int) ([]tracker.LifeParcel, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.s.mu.Lock()
	var ids []int64
	for id, sh := range m.s.ships {
		c := tracker.LifeCursor{At: sh.CheckedAt, ID: id}
		if sh.Status.Final() && after(c, cur) && (m.life[id] == nil || m.life[id].UntrackedAt.IsZero()) {
			ids = append(ids, id)
		}
	}
	m.s.mu.Unlock()
	var out []tracker.LifeParcel
	for _, id := range ids {
		out = append(out, m.parcel(id, tracker.LifeCursor{At: m.s.ships[id].CheckedAt, ID: id}))
	}
	return m.page(out, limit), nil
}

func (m *memLife) ClosedCaseParcels(_ context.Context, cur tracker.LifeCursor, limit int) ([]tracker.LifeParcel, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []tracker.LifeParcel
	for id, closed := range m.cases {
		c := tracker.LifeCursor{At: closed, ID: m.caseIDs[id]}
		if !closed.IsZero() && after(c, cur) && (m.life[id] == nil || m.life[id].UntrackedAt.IsZero()) {
			out = append(out, m.parcel(id, c))
		}
	}
	return m.page(out, limit), nil
}

func (m *memLife) RecordStops(_ context.Context, service string, results []tracker.LifeResult, now time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, res := range results {
		r := m.row(res.ShipmentID)
		if r.Service == "" {
			r.Service = service
		}
		r.UntrackedAt, r.UntrackResult = now, res.Err
	}
	return nil
}

func (m *memLife) LifeCursor(_ context.Context, walk string) (tracker.LifeCursor, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.cursors[walk]
	return c, ok, nil
}

func (m *memLife) SetLifeCursor(_ context.Context, walk string, c tracker.LifeCursor) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cursors[walk] = c
	return nil
}

// lifeCarrier is a service that stops following the numbers in stopped,
// restarts each once, stops what it is told, and reports its plan.
type lifeCarrier struct {
	mu        sync.Mutex
	stopped   map[string]bool
	restarted map[string]bool
	restarts  []string
	stops     []string
	quotas    int
	failStop  error
}

func newLifeCarrier(stopped ...string) *lifeCarrier {
	c := &lifeCarrier{stopped: map[string]bool{}, restarted: map[string]bool{}}
	for _, n := range stopped {
		c.stopped[n] = true
	}
	return c
}

func (c *lifeCarrier) Name() string   { return "agg" }
func (c *lifeCarrier) BatchSize() int { return 40 }

func (c *lifeCarrier) Track(_ context.Context, reqs []tracker.TrackRequest) ([]tracker.TrackResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]tracker.TrackResult, len(reqs))
	for i, r := range reqs {
		out[i] = tracker.TrackResult{TrackingNo: r.TrackingNo, NotFound: true, Stopped: c.stopped[r.TrackingNo]}
	}
	return out, nil
}

func (c *lifeCarrier) Restart(_ context.Context, reqs []tracker.TrackRequest) ([]error, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]error, len(reqs))
	for i, r := range reqs {
		c.restarts = append(c.restarts, r.TrackingNo)
		switch {
		case !c.stopped[r.TrackingNo]:
			out[i] = fmt.Errorf("agg: %w", tracker.ErrNotStopped)
		case c.restarted[r.TrackingNo]:
			out[i] = fmt.Errorf("agg: %w", tracker.ErrRestartSpent)
		default:
			c.restarted[r.TrackingNo], c.stopped[r.TrackingNo] = true, false
		}
	}
	return out, nil
}

func (c *lifeCarrier) Stop(_ context.Context, reqs []tracker.TrackRequest) ([]error, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failStop != nil {
		return nil, c.failStop
	}
	for _, r := range reqs {
		c.stops = append(c.stops, r.TrackingNo)
		c.stopped[r.TrackingNo] = true
	}
	return make([]error, len(reqs)), nil
}

func (c *lifeCarrier) Quota(context.Context) (tracker.Quota, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.quotas++
	return tracker.Quota{Used: 12, Limit: 100}, nil
}

func (c *lifeCarrier) counts() (restarts, stops []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.restarts...), append([]string(nil), c.stops...)
}

var t0 = time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)

// lifeRig is a refresher with a lifecycle over one service.
type lifeRig struct {
	clock *tracker.FixedClock
	store *memStore
	life  *memLife
	car   *lifeCarrier
	r     *tracker.Refresher
}

func newLifeRig(t *testing.T, car *lifeCarrier, ships ...tracker.Shipment) *lifeRig {
	t.Helper()
	clock := tracker.NewFixedClock(t0)
	for i := range ships {
		if ships[i].Carrier == "" {
			ships[i].Carrier = "china-post"
		}
		if ships[i].NextCheckAt.IsZero() && !ships[i].Status.Final() {
			ships[i].NextCheckAt = t0
		}
	}
	store := newMemStore(ships...)
	life := newMemLife(store)
	for _, sh := range ships {
		life.orders[sh.ID] = tracker.Order{ID: sh.ID, Status: tracker.OrderShipped}
	}
	r := tracker.NewRefresher(store, func(string) tracker.Carrier { return car }, clock, nil, tracker.DefaultPolicy())
	r.Life = &tracker.Lifecycle{Store: life, FollowDays: 90, RestartsPerDay: 100}
	return &lifeRig{clock: clock, store: store, life: life, car: car, r: r}
}

func (g *lifeRig) pass(t *testing.T) tracker.Report {
	t.Helper()
	rep, err := g.r.RunPass(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestRestartOnceWhileOrderOpen: a number the service stopped while its
// order is open is restarted in the pass that learns of it, polled again
// at the recheck, and never restarted a second time, though the service
// stops it again.
func TestRestartOnceWhileOrderOpen(t *testing.T) {
	car := newLifeCarrier("LP1")
	g := newLifeRig(t, car, tracker.Shipment{ID: 1, TrackingNo: "LP1", Status: tracker.StatusInTransit, ShippedAt: t0.Add(-40 * day)})
	rep := g.pass(t)
	if rep.Life.Restarted["agg"] != 1 {
		t.Fatalf("first pass restarted %v, want 1 at agg", rep.Life.Restarted)
	}
	if r := g.life.life[1]; r.StoppedAt.IsZero() || r.RestartedAt.IsZero() || r.RestartResult != "" {
		t.Fatalf("life %+v, want stopped and restarted", r.Life)
	}
	// The recheck polls it whatever its schedule says.
	polls := len(g.store.applied)
	g.clock.Advance(tracker.DefaultRestartRecheck)
	g.pass(t)
	if len(g.store.applied) == polls {
		t.Fatal("not polled at the recheck")
	}
	// Stopped again 30 days on: the one restart is spent.
	g.car.mu.Lock()
	g.car.stopped["LP1"] = true
	g.car.mu.Unlock()
	for range 3 {
		g.clock.Advance(day)
		if rep := g.pass(t); len(rep.Life.Restarted)+len(rep.Life.Refused) > 0 {
			t.Fatalf("a later pass restarted again: %+v", rep.Life)
		}
	}
	if restarts, _ := car.counts(); len(restarts) != 1 {
		t.Fatalf("restarts asked %v, want one", restarts)
	}
}

// TestNoRestartForClosedOrders: restarts are for parcels still Following.
func TestNoRestartForClosedOrders(t *testing.T) {
	cases := []struct {
		name     string
		status   tracker.Status
		shipped  time.Duration // before now
		order    tracker.OrderStatus
		promised time.Duration // after now; 0: none
		openCase bool
		want     bool
	}{
		{"in transit, 40 days", tracker.StatusInTransit, 40 * day, tracker.OrderShipped, 0, false, true},
		{"past follow_days", tracker.StatusInTransit, 100 * day, tracker.OrderShipped, 0, false, false},
		{"past follow_days, promised later", tracker.StatusInTransit, 100 * day, tracker.OrderShipped, 5 * day, false, true},
		{"past follow_days, case open", tracker.StatusInTransit, 100 * day, tracker.OrderShipped, 0, true, true},
		{"order refunded", tracker.StatusInTransit, 40 * day, tracker.OrderRefunded, 0, false, false},
		{"order cancelled, case open", tracker.StatusInTransit, 40 * day, tracker.OrderCancelled, 0, true, true},
		{"expired, within protection", tracker.StatusExpired, 40 * day, tracker.OrderShipped, 0, false, true},
		{"returned", tracker.StatusReturned, 40 * day, tracker.OrderShipped, 0, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			car := newLifeCarrier("N1")
			g := newLifeRig(t, car, tracker.Shipment{ID: 1, TrackingNo: "N1", Status: tracker.StatusInTransit, ShippedAt: t0.Add(-tc.shipped)})
			o := tracker.Order{ID: 1, Status: tc.order}
			if tc.promised > 0 {
				o.PromisedAt = t0.Add(tc.promised)
			}
			g.life.orders[1] = o
			if tc.openCase {
				g.life.cases[1] = time.Time{}
			}
			// The service said it stopped while the parcel was in transit;
			// the parcel's status has moved on since.
			g.life.MarkStopped(context.Background(), "agg", []int64{1}, t0)
			g.store.ships[1].Status = tc.status
			g.store.ships[1].NextCheckAt = t0.Add(day)
			rep := g.pass(t)
			if got := rep.Life.Restarted["agg"] == 1; got != tc.want {
				t.Fatalf("restarted %v, want %v (report %+v)", got, tc.want, rep.Life)
			}
		})
	}
}

// TestRestartBudget: no more restarts a day per service than
// RestartsPerDay, counted in the store across passes; the rest wait for
// another day.
func TestRestartBudget(t *testing.T) {
	var ships []tracker.Shipment
	var nums []string
	for i := 1; i <= 5; i++ {
		n := fmt.Sprintf("N%d", i)
		nums = append(nums, n)
		ships = append(ships, tracker.Shipment{ID: int64(i), TrackingNo: n, Status: tracker.StatusInTransit, ShippedAt: t0.Add(-40 * day)})
	}
	car := newLifeCarrier(nums...)
	g := newLifeRig(t, car, ships...)
	g.r.Life.RestartsPerDay = 2
	rep := g.pass(t)
	if rep.Life.Restarted["agg"] != 2 || rep.Life.OverBudget["agg"] != 3 {
		t.Fatalf("first pass: %+v, want 2 restarted, 3 over budget", rep.Life)
	}
	g.clock.Advance(time.Hour)
	if rep := g.pass(t); rep.Life.Restarted["agg"] != 0 {
		t.Fatalf("same day: restarted %d more", rep.Life.Restarted["agg"])
	}
	g.clock.Advance(day)
	for range 3 { // the walk may need to wrap to reach them
		g.pass(t)
	}
	if restarts, _ := car.counts(); len(restarts) != 4 {
		t.Fatalf("after a day: %d restarts, want 4 (%v)", len(restarts), restarts)
	}
}

// TestNotStoppedAfterAll: a service that answers it still follows the
// number does not spend the restart; the stop it reported is forgotten.
func TestNotStoppedAfterAll(t *testing.T) {
	car := newLifeCarrier("N1")
	g := newLifeRig(t, car, tracker.Shipment{ID: 1, TrackingNo: "N1", Status: tracker.StatusInTransit, ShippedAt: t0.Add(-40 * day)})
	g.pass(t) // restarted once
	g.life.life[1].RestartedAt = time.Time{}
	g.life.MarkStopped(context.Background(), "agg", []int64{1}, t0) // kept: stopped_at is set already
	g.life.life[1].StoppedAt = t0
	car.mu.Lock()
	car.stopped["N1"] = false
	car.mu.Unlock()
	g.clock.Advance(time.Hour)
	g.pass(t)
	if r := g.life.life[1]; !r.StoppedAt.IsZero() || !r.RestartedAt.IsZero() {
		t.Fatalf("life %+v, want the stop forgotten and the restart unspent", r.Life)
	}
}

// TestStopAfterFinalAndCasesClosed: a delivered parcel is stopped at its
// service once its order's cases are closed, and only once.
func TestStopAfterFinalAndCasesClosed(t *testing.T) {
	car := newLifeCarrier()
	g := newLifeRig(t, car,
		tracker.Shipment{ID: 1, TrackingNo: "D1", Status: tracker.StatusDelivered, ShippedAt: t0.Add(-20 * day), CheckedAt: t0.Add(-time.Hour)},
		tracker.Shipment{ID: 2, TrackingNo: "D2", Status: tracker.StatusDelivered, ShippedAt: t0.Add(-20 * day), CheckedAt: t0.Add(-time.Hour)},
		tracker.Shipment{ID: 3, TrackingNo: "T3", Status: tracker.StatusInTransit, ShippedAt: t0.Add(-20 * day)},
		tracker.Shipment{ID: 4, TrackingNo: "D4", Status: tracker.StatusDelivered, ShippedAt: t0.Add(-90 * day), CheckedAt: t0.Add(-60 * day)},
	)
	g.life.cases[2] = time.Time{} // open
	g.life.caseIDs[2] = 7
	rep := g.pass(t)
	if _, stops := car.counts(); len(stops) != 1 || stops[0] != "D1" || rep.Life.Untracked["agg"] != 1 {
		t.Fatalf("stops %v (report %+v), want D1 alone: D2's case is open, T3 moves, D4 ended before the walk looks", stops, rep.Life)
	}
	g.clock.Advance(time.Hour)
	g.life.cases[2] = g.clock.Now()
	g.pass(t)
	g.clock.Advance(time.Hour)
	g.pass(t)
	if _, stops := car.counts(); len(stops) != 2 || stops[1] != "D2" {
		t.Fatalf("stops %v, want D1 then D2 once its case closed, each once", stops)
	}
	if r := g.life.life[2]; r.UntrackedAt.IsZero() || r.UntrackResult != "" {
		t.Fatalf("D2's life %+v, want recorded as stopped", r.Life)
	}
}

// TestStopRetriedAfterAFailedCall: a stop call that fails leaves the walk
// where it was, so the parcels are stopped when the service answers.
func TestStopRetriedAfterAFailedCall(t *testing.T) {
	car := newLifeCarrier()
	car.failStop = &tracker.CarrierError{Service: "agg", Kind: tracker.FailServer, Err: errors.New("502")}
	g := newLifeRig(t, car, tracker.Shipment{ID: 1, TrackingNo: "D1", Status: tracker.StatusDelivered, ShippedAt: t0.Add(-20 * day), CheckedAt: t0.Add(-time.Hour)})
	g.pass(t)
	car.mu.Lock()
	car.failStop = nil
	car.mu.Unlock()
	g.clock.Advance(time.Hour)
	g.pass(t)
	if _, stops := car.counts(); len(stops) != 1 {
		t.Fatalf("stops %v, want D1 once the service answered", stops)
	}
}

// TestQuotaReadEveryFewMinutes: the plan's use is read after a pass, at
// most every QuotaEvery, and shown in the refresher's state.
func TestQuotaReadEveryFewMinutes(t *testing.T) {
	car := newLifeCarrier()
	g := newLifeRig(t, car)
	g.r.QuotaReaders = map[string]tracker.QuotaReader{"agg": car}
	g.pass(t)
	g.clock.Advance(time.Minute)
	g.pass(t)
	if car.quotas != 1 {
		t.Fatalf("read %d times within a minute, want 1", car.quotas)
	}
	g.clock.Advance(tracker.DefaultQuotaEvery)
	g.pass(t)
	if car.quotas != 2 {
		t.Fatalf("read %d times after %s, want 2", car.quotas, tracker.DefaultQuotaEvery)
	}
	q := g.r.State().Quotas
	if len(q) != 1 || q[0].Service != "agg" || q[0].Used != 12 || q[0].Limit != 100 || !q[0].At.Equal(g.clock.Now()) {
		t.Fatalf("state quotas %+v", q)
	}
}

// TestPushStopNotice: a bare stop notice marks the number stopped and
// stores no update; a stop of a delivered parcel is no news.
func TestPushStopNotice(t *testing.T) {
	car := newLifeCarrier()
	g := newLifeRig(t, car,
		tracker.Shipment{ID: 1, TrackingNo: "N1", Status: tracker.StatusInTransit, ShippedAt: t0.Add(-40 * day)},
		tracker.Shipment{ID: 2, TrackingNo: "D2", Status: tracker.StatusDelivered, ShippedAt: t0.Add(-40 * day)},
	)
	if _, err := g.r.Push(context.Background(), "agg", []tracker.Push{{TrackingNo: "N1", Stopped: true}, {TrackingNo: "D2", Stopped: true}}); err != nil {
		t.Fatal(err)
	}
	if len(g.store.applied) != 0 {
		t.Fatalf("a bare stop notice stored updates: %+v", g.store.applied)
	}
	if r := g.life.life[1]; r == nil || r.StoppedAt.IsZero() || r.Service != "agg" {
		t.Fatal("N1 not marked stopped")
	}
	if g.life.life[2] != nil {
		t.Fatal("a delivered parcel marked stopped")
	}
}

func TestFollowing(t *testing.T) {
	shipped := t0.Add(-30 * day)
	cases := []struct {
		name  string
		sh    tracker.Shipment
		o     tracker.Order
		open  bool
		now   time.Time
		want  bool
		until time.Time
	}{
		{"within follow_days", tracker.Shipment{ShippedAt: shipped}, tracker.Order{}, false, t0, true, shipped.Add(90 * day)},
		{"after follow_days", tracker.Shipment{ShippedAt: shipped}, tracker.Order{}, false, shipped.Add(91 * day), false, shipped.Add(90 * day)},
		{"promise later than follow_days", tracker.Shipment{ShippedAt: shipped}, tracker.Order{PromisedAt: shipped.Add(120 * day)}, false, shipped.Add(100 * day), true, shipped.Add(120 * day)},
		{"no ship date: from the order date", tracker.Shipment{}, tracker.Order{OrderedAt: shipped}, false, t0, true, shipped.Add(90 * day)},
		{"no date at all", tracker.Shipment{}, tracker.Order{}, false, t0, false, time.Time{}},
		{"no date, case open", tracker.Shipment{}, tracker.Order{}, true, t0, true, time.Time{}},
		{"delivered", tracker.Shipment{ShippedAt: shipped, Status: tracker.StatusDelivered}, tracker.Order{}, false, t0, false, shipped.Add(90 * day)},
		{"unfulfillable", tracker.Shipment{ShippedAt: shipped}, tracker.Order{Status: tracker.OrderUnfulfillable}, false, t0, false, shipped.Add(90 * day)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tracker.Following(tc.sh, tc.o, tc.open, tc.now, 90); got != tc.want {
				t.Errorf("Following = %v, want %v", got, tc.want)
			}
			if got := tracker.ProtectedUntil(tc.sh, tc.o, 90); !got.Equal(tc.until) {
				t.Errorf("ProtectedUntil = %v, want %v", got, tc.until)
			}
		})
	}
}
