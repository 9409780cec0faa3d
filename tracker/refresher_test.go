package tracker_test

import (
	"context"
	"errors"
	"maps"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"waybill/tracker"
)

// memStore is a minimal in-memory tracker.Store: enough to watch what the
// refresher asks for and hands back.
type memStore struct {
	mu      sync.Mutex
	ships   map[int64]*tracker.Shipment
	events  map[int64]map[string]tracker.Event
	applied [][]tracker.Update
	claims  map[int64]claim
}

type claim struct {
	owner string
	until time.Time
}

func newMemStore(ships ...tracker.Shipment) *memStore {
	s := &memStore{ships: map[int64]*tracker.Shipment{}, events: map[int64]map[string]tracker.Event{}, claims: map[int64]claim{}}
	for i := range ships {
		sh := ships[i]
		s.ships[sh.ID] = &sh
		s.events[sh.ID] = map[string]tracker.Event{}
	}
	return s
}

func (s *memStore) ClaimDue(_ context.Context, now time.Time, owner string, lease time.Duration, limit int) ([]tracker.Shipment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []tracker.Shipment
	for _, sh := range s.ships {
		c, held := s.claims[sh.ID]
		if !sh.Status.Final() && !sh.NextCheckAt.After(now) && (!held || !c.until.After(now)) {
			out = append(out, *sh)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].NextCheckAt.Equal(out[j].NextCheckAt) {
			return out[i].NextCheckAt.Before(out[j].NextCheckAt)
		}
		return out[i].ID < out[j].ID
	})
	if len(out) > limit {
		out = out[:limit]
	}
	for _, sh := range out {
		s.claims[sh.ID] = claim{owner, now.Add(lease)}
	}
	return out, nil
}

func (s *memStore) DeferClaims(_ context.Context, owner string, ids []int64, until time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		if c, ok := s.claims[id]; ok && c.owner == owner {
			s.claims[id] = claim{owner, until}
		}
	}
	return nil
}

func (s *memStore) ReleaseClaims(_ context.Context, owner string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, c := range s.claims {
		if c.owner == owner {
			delete(s.claims, id)
		}
	}
	return nil
}

func (s *memStore) ApplyUpdates(_ context.Context, now time.Time, p tracker.Policy, ups []tracker.Update) (tracker.ApplySummary, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.applied = append(s.applied, ups)
	var sum tracker.ApplySummary
	for _, u := range ups {
		sum.Checked++
		if u.Err != "" {
			sum.Failures++
		}
		sh := s.ships[u.ShipmentID]
		delete(s.claims, sh.ID)
		if u.Pushed {
			sh.PushedAt = now
		}
		changed := false
		for _, e := range u.Events {
			if _, dup := s.events[sh.ID][e.Key()]; !dup {
				s.events[sh.ID][e.Key()] = e
				sum.NewEvents++
				changed = true
				// As the store does: kept, told once, not counted.
				if doubt := tracker.EventTimeDoubt(e.Time, sh.ShippedAt, now); doubt != "" {
					sum.Suspect = append(sum.Suspect, tracker.SuspectEvent{ShipmentID: sh.ID, TrackingNo: sh.TrackingNo, Event: e, Doubt: doubt})
					continue
				}
				if !e.Time.Before(sh.LastEventAt) {
					sh.LastEventAt, sh.Status = e.Time, e.Status
				}
			}
		}
		if changed {
			sum.Changed = append(sum.Changed, sh.ID)
		}
		sh.CheckedAt = now
		sh.NextCheckAt = p.Schedule.NextCheck(*sh, now)
	}
	return sum, nil
}

func (s *memStore) ShipmentsByTracking(_ context.Context, nums []string) (map[string][]tracker.Shipment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string][]tracker.Shipment{}
	for _, n := range nums {
		for _, sh := range s.ships {
			if sh.TrackingNo == strings.ToUpper(n) {
				out[sh.TrackingNo] = append(out[sh.TrackingNo], *sh)
			}
		}
	}
	return out, nil
}

func (s *memStore) Shipment(_ context.Context, id int64) (tracker.Shipment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sh, ok := s.ships[id]
	if !ok {
		return tracker.Shipment{}, tracker.ErrNotFound
	}
	return *sh, nil
}

// scriptCarrier answers from a fixed journey per number, showing only the
// events that have happened by the clock's time.
type scriptCarrier struct {
	clock    tracker.Clock
	batch    int
	journeys map[string][]tracker.Event
	fail     error
	mu       sync.Mutex // the refresher calls a service from several workers
	calls    [][]string
}

func (c *scriptCarrier) Name() string   { return "script" }
func (c *scriptCarrier) BatchSize() int { return c.batch }
func (c *scriptCarrier) Track(_ context.Context, reqs []tracker.TrackRequest) ([]tracker.TrackResult, error) {
	var nums []string
	for _, r := range reqs {
		nums = append(nums, r.TrackingNo)
	}
	c.mu.Lock()
	c.calls = append(c.calls, nums)
	c.mu.Unlock()
	if c.fail != nil {
		return nil, c.fail
	}
	out := make([]tracker.TrackResult, len(reqs))
	for i, r := range reqs {
		out[i].TrackingNo = r.TrackingNo
		for _, e := range c.journeys[r.TrackingNo] {
			if !e.Time.After(c.clock.Now()) {
				out[i].Events = append(out[i].Events, e)
			}
		}
		out[i].NotFound = len(out[i].Events) == 0
	}
	return out, nil
}

func TestRefresherPollsDueShipmentsAndReschedules(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	clock := tracker.NewFixedClock(t0)
	ships := []tracker.Shipment{
		{ID: 1, TrackingNo: "A1", Carrier: "x", Status: tracker.StatusPending, ShippedAt: t0, NextCheckAt: t0},
		{ID: 2, TrackingNo: "A2", Carrier: "x", Status: tracker.StatusPending, ShippedAt: t0, NextCheckAt: t0},
		{ID: 3, TrackingNo: "A3", Carrier: "x", Status: tracker.StatusPending, ShippedAt: t0, NextCheckAt: t0.Add(48 * time.Hour)},
		{ID: 4, TrackingNo: "A4", Carrier: "x", Status: tracker.StatusDelivered, ShippedAt: t0, NextCheckAt: t0},
	}
	store := newMemStore(ships...)
	car := &scriptCarrier{clock: clock, batch: 1, journeys: map[string][]tracker.Event{
		"A1": {
			{Time: t0.Add(time.Hour), Status: tracker.StatusInfoReceived, RawStatus: "ACCEPT"},
			{Time: t0.Add(30 * time.Hour), Status: tracker.StatusInTransit, RawStatus: "DEPART"},
		},
	}}
	hub := tracker.NewHub()
	sub := hub.Subscribe()
	defer sub.Close()
	r := tracker.NewRefresher(store, func(string) tracker.Carrier { return car }, clock, hub, tracker.DefaultPolicy())

	sum, err := r.RunOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if sum.Checked != 2 || sum.NewEvents != 0 {
		t.Fatalf("first pass at t0: checked %d new %d, want 2 and 0", sum.Checked, sum.NewEvents)
	}
	if len(car.calls) != 2 {
		t.Fatalf("batch size 1 should make 2 calls, made %v", car.calls)
	}

	// Nothing is due a minute later: both were rescheduled into the future.
	clock.Advance(time.Minute)
	if sum, _ = r.RunOnce(context.Background()); sum.Checked != 0 {
		t.Fatalf("pass a minute later checked %d, want 0", sum.Checked)
	}

	// A day on, A1 has two events, and A3 is still not due.
	clock.Advance(36 * time.Hour)
	sum, err = r.RunOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if sum.NewEvents != 2 {
		t.Fatalf("new events %d, want 2", sum.NewEvents)
	}
	got, _ := store.Shipment(context.Background(), 1)
	if got.Status != tracker.StatusInTransit {
		t.Fatalf("status %s, want in_transit", got.Status)
	}
	if !got.NextCheckAt.After(clock.Now()) {
		t.Fatalf("next check %v not after now %v", got.NextCheckAt, clock.Now())
	}
	for _, call := range car.calls {
		for _, n := range call {
			if n == "A3" || n == "A4" {
				t.Fatalf("polled %s, which was not due or is final", n)
			}
		}
	}
	if st := r.State(); st.Running || !st.LastPass.Equal(clock.Now()) || st.Last.NewEvents != 2 {
		t.Fatalf("state after pass = %+v", st)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, ok := sub.Next(ctx); !ok {
		t.Fatal("no change notice published")
	}
}

func TestRefresherRecordsCarrierFailurePerShipment(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	clock := tracker.NewFixedClock(t0)
	store := newMemStore(
		tracker.Shipment{ID: 1, TrackingNo: "A1", Carrier: "x", Status: tracker.StatusInTransit, NextCheckAt: t0},
		tracker.Shipment{ID: 2, TrackingNo: "B1", Carrier: "nobody", Status: tracker.StatusInTransit, NextCheckAt: t0},
	)
	car := &scriptCarrier{clock: clock, batch: 40, fail: errors.New("HTTP 503")}
	route := func(slug string) tracker.Carrier {
		if slug == "x" {
			return car
		}
		return nil
	}
	r := tracker.NewRefresher(store, route, clock, nil, tracker.DefaultPolicy())
	sum, err := r.RunOnce(context.Background())
	if err != nil {
		t.Fatalf("a carrier failure must not fail the pass: %v", err)
	}
	if sum.Checked != 2 || sum.Failures != 2 {
		t.Fatalf("checked %d failures %d, want 2 and 2", sum.Checked, sum.Failures)
	}
	errs := map[int64]string{}
	for _, batch := range store.applied {
		for _, u := range batch {
			errs[u.ShipmentID] = u.Err
		}
	}
	if errs[1] != "script: HTTP 503" {
		t.Errorf("shipment 1 error %q", errs[1])
	}
	if errs[2] == "" {
		t.Errorf("shipment 2 has no carrier and no error")
	}
}

func TestRefreshNowChecksAShipmentThatIsNotDue(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	clock := tracker.NewFixedClock(t0)
	store := newMemStore(tracker.Shipment{ID: 7, TrackingNo: "A7", Carrier: "x", Status: tracker.StatusInTransit, NextCheckAt: t0.Add(10 * time.Hour)})
	car := &scriptCarrier{clock: clock, batch: 40, journeys: map[string][]tracker.Event{
		"A7": {{Time: t0.Add(-time.Hour), Status: tracker.StatusCustoms, RawStatus: "CC_IM_START"}},
	}}
	r := tracker.NewRefresher(store, func(string) tracker.Carrier { return car }, clock, nil, tracker.DefaultPolicy())
	sum, err := r.RefreshNow(context.Background(), 7)
	if err != nil || sum.NewEvents != 1 {
		t.Fatalf("RefreshNow = %+v, %v; want one new event", sum, err)
	}
	if _, err := r.RefreshNow(context.Background(), 99); !errors.Is(err, tracker.ErrNotFound) {
		t.Fatalf("unknown shipment: err %v, want ErrNotFound", err)
	}
}

// fixedCarrier answers every number with the same events, whatever the
// clock: a carrier whose dates may be anything.
type fixedCarrier struct{ events []tracker.Event }

func (c fixedCarrier) Name() string   { return "fixed" }
func (c fixedCarrier) BatchSize() int { return 10 }
func (c fixedCarrier) Track(_ context.Context, reqs []tracker.TrackRequest) ([]tracker.TrackResult, error) {
	out := make([]tracker.TrackResult, len(reqs))
	for i, r := range reqs {
		out[i] = tracker.TrackResult{TrackingNo: r.TrackingNo, Events: append([]tracker.Event(nil), c.events...)}
	}
	return out, nil
}

// An event whose time cannot be right is told once, by the service that
// brought it, whether a poll or a push stored it, and in the pass's report.
func TestRefresherTellsSuspectEventsOnce(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	clock := tracker.NewFixedClock(t0)
	store := newMemStore(tracker.Shipment{ID: 1, TrackingNo: "A1", Carrier: "x", Status: tracker.StatusPending, ShippedAt: t0.Add(-72 * time.Hour), NextCheckAt: t0})
	future := tracker.Event{Time: t0.AddDate(0, 0, 400), Status: tracker.StatusDelivered, RawStatus: "Delivered_Other"}
	real := tracker.Event{Time: t0.Add(-time.Hour), Status: tracker.StatusReturning, RawStatus: "Exception_Returning"}
	car := fixedCarrier{events: []tracker.Event{future, real}}
	r := tracker.NewRefresher(store, func(string) tracker.Carrier { return car }, clock, nil, tracker.DefaultPolicy())
	var mu sync.Mutex
	told := map[string]int{}
	r.OnSuspect = func(service string, evs []tracker.SuspectEvent) {
		mu.Lock()
		defer mu.Unlock()
		for _, e := range evs {
			if e.TrackingNo != "A1" || e.Doubt != tracker.TimeAhead {
				t.Errorf("told %+v, want A1 and %q", e, tracker.TimeAhead)
			}
			told[service]++
		}
	}
	steps := []struct {
		name string
		run  func() (tracker.ApplySummary, error)
		want map[string]int
	}{
		{"a poll stores it", func() (tracker.ApplySummary, error) { return r.RunOnce(context.Background()) }, map[string]int{"fixed": 1}},
		{"a poll again", func() (tracker.ApplySummary, error) { return r.RefreshNow(context.Background(), 1) }, map[string]int{"fixed": 1}},
		{"a push of the same", func() (tracker.ApplySummary, error) {
			return r.Push(context.Background(), "17track", []tracker.Push{{TrackingNo: "A1", Events: []tracker.Event{future, real}}})
		}, map[string]int{"fixed": 1}},
		{"a push of another", func() (tracker.ApplySummary, error) {
			other := future
			other.Time = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
			return r.Push(context.Background(), "17track", []tracker.Push{{TrackingNo: "A1", Events: []tracker.Event{other}}})
		}, map[string]int{"fixed": 1, "17track": 1}},
	}
	for i, st := range steps {
		sum, err := st.run()
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		mu.Lock()
		got := maps.Clone(told)
		mu.Unlock()
		if !maps.Equal(got, st.want) {
			t.Errorf("%s: told %v, want %v", st.name, got, st.want)
		}
		if wantNow := i == 0 || i == 3; (len(sum.Suspect) == 1) != wantNow {
			t.Errorf("%s: summary carries %d suspect events", st.name, len(sum.Suspect))
		}
	}
	if sh, _ := store.Shipment(context.Background(), 1); sh.Status != tracker.StatusReturning {
		t.Errorf("status %s: the future delivery decided it", sh.Status)
	}
	if st := r.State(); len(st.Last.Suspect) != 0 {
		t.Errorf("the refresher's state holds %d suspect events: the report told them", len(st.Last.Suspect))
	}
}
