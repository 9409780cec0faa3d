package tracker_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"waybill/tracker"
)

// healthMem is a memStore with the shared pauses and stops
// (tracker.HealthStore), as one store file shared by several processes.
type healthMem struct {
	*memStore
	hmu   sync.Mutex
	recs  map[string]tracker.SharedHealth
	reads int
}

func newHealthMem(s *memStore) *healthMem {
	return &healthMem{memStore: s, recs: map[string]tracker.SharedHealth{}}
}

func (h *healthMem) SharedHealth(context.Context) ([]tracker.SharedHealth, error) {
	h.hmu.Lock()
	defer h.hmu.Unlock()
	h.reads++
	var out []tracker.SharedHealth
	for _, r := range h.recs {
		out = append(out, r)
	}
	return out, nil
}

func (h *healthMem) RecordHealth(_ context.Context, r tracker.SharedHealth) error {
	h.hmu.Lock()
	defer h.hmu.Unlock()
	r.At = r.At.Truncate(time.Second) // the store keeps seconds
	h.recs[r.Service] = r
	return nil
}

func (h *healthMem) ClearHealth(_ context.Context, service, print string) error {
	h.hmu.Lock()
	defer h.hmu.Unlock()
	if r, ok := h.recs[service]; ok && r.KeyPrint == print {
		delete(h.recs, service)
	}
	return nil
}

func (h *healthMem) record(service string) (tracker.SharedHealth, bool) {
	h.hmu.Lock()
	defer h.hmu.Unlock()
	r, ok := h.recs[service]
	return r, ok
}

// addDue adds parcels of service x due at t, numbered from id.
func (h *healthMem) addDue(t time.Time, ids ...int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, id := range ids {
		h.ships[id] = &tracker.Shipment{ID: id, TrackingNo: fmt.Sprintf("N%d", id), Carrier: "x", Status: tracker.StatusInTransit, NextCheckAt: t}
		h.events[id] = map[string]tracker.Event{}
	}
}

// process is one refresher on the shared store, as one waybill process,
// with its own key's fingerprint and its own counting service.
func process(st *healthMem, clock tracker.Clock, print string, errs ...error) (*tracker.Refresher, *flakyCarrier) {
	car := &flakyCarrier{name: "x", errs: errs, at: time.Date(2026, 11, 1, 7, 0, 0, 0, time.UTC)}
	r := tracker.NewRefresher(st, func(string) tracker.Carrier { return car }, clock, nil, tracker.DefaultPolicy())
	r.Concurrency = 1
	r.KeyPrints = map[string]string{"x": print}
	tracker.SetSleep(r, func(context.Context, time.Duration) error { return nil })
	return r, car
}

// A quota pause or a rejected key that process A learned is adopted by
// process B on the same store at the start of its pass: B asks nothing,
// skips the service's parcels, says why (Health, and RefreshNow's error)
// as A does. A rate limit is A's alone.
func TestSharedPauseAdoptedByAnotherProcess(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	reset := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	quota := &tracker.CarrierError{Service: "x", Kind: tracker.FailQuota, Status: 429, RetryAfter: reset.Sub(t0),
		Err: &tracker.QuotaUsedUp{Reason: "daily quota used up, resets 00:00 GMT"}}
	tests := []struct {
		name       string
		err        error
		shared     bool
		state      tracker.HealthState
		until      time.Time
		reason     string
		callsByB   int
		skippedByB int
	}{
		{"used-up quota is shared until its reset", quota, true, tracker.HealthPaused, reset, "daily quota used up, resets 00:00 GMT", 0, 2},
		{"rejected key is shared", fail(tracker.FailAuth, 0), true, tracker.HealthStopped, time.Time{}, "key rejected: x: auth: boom", 0, 2},
		{"rate limit is not shared: seconds, over before B would read it", fail(tracker.FailRateLimited, 7*time.Second), false, tracker.HealthOK, time.Time{}, "", 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := tracker.NewFixedClock(t0)
			st := newHealthMem(fourDue(t0))
			a, _ := process(st, clock, "K1", tt.err)
			if _, err := a.RunOnce(context.Background()); err != nil {
				t.Fatal(err)
			}
			rec, ok := st.record("x")
			if ok != tt.shared {
				t.Fatalf("recorded %v (%+v), want %v", ok, rec, tt.shared)
			}
			if ok && (rec.KeyPrint != "K1" || rec.State != tt.state || !rec.Until.Equal(tt.until) || rec.Reason != tt.reason) {
				t.Fatalf("record %+v, want %s until %v for K1: %q", rec, tt.state, tt.until, tt.reason)
			}

			// A's parcels wait in A's claims; two new ones come due.
			st.addDue(t0, 5, 6)
			b, carB := process(st, clock, "K1")
			sum, err := b.RunOnce(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if carB.calls != tt.callsByB || sum.Skipped != tt.skippedByB {
				t.Fatalf("B: %d calls, %d skipped; want %d, %d", carB.calls, sum.Skipped, tt.callsByB, tt.skippedByB)
			}
			h := b.Health()
			if len(h) != 1 || h[0].State != tt.state || !h[0].Until.Equal(tt.until) || h[0].Reason != tt.reason {
				t.Fatalf("B's health %+v, want %s until %v: %q", h, tt.state, tt.until, tt.reason)
			}
			if !tt.shared {
				return
			}
			// `r` on a parcel of the service says why nothing was asked.
			st.addDue(t0, 7)
			_, err = b.RefreshNow(context.Background(), 7)
			var down *tracker.ServiceDown
			if !errors.As(err, &down) || down.State != tt.state || down.Reason != tt.reason || carB.calls != 0 {
				t.Fatalf("RefreshNow: %v (%d calls), want a ServiceDown %s: %q and no call", err, carB.calls, tt.state, tt.reason)
			}
		})
	}
}

// A call that works clears the record: here B, which adopted A's pause,
// asks once the reset has come, and the record goes, for every process.
// A record older than a call of B's own that worked is not taken on
// either, and goes.
func TestSharedPauseClearedByASuccess(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	clock := tracker.NewFixedClock(t0)
	st := newHealthMem(fourDue(t0))
	a, _ := process(st, clock, "K1", fail(tracker.FailQuota, time.Hour))
	b, carB := process(st, clock, "K1")
	a.RunOnce(context.Background())
	st.addDue(t0, 5)
	if b.RunOnce(context.Background()); carB.calls != 0 {
		t.Fatalf("B asked %d times during A's pause", carB.calls)
	}
	clock.Advance(time.Hour)
	sum, _ := b.RunOnce(context.Background())
	if carB.calls == 0 || sum.NewEvents == 0 {
		t.Fatalf("after the reset B asked %d times, %d new events", carB.calls, sum.NewEvents)
	}
	if rec, ok := st.record("x"); ok {
		t.Fatalf("record %+v still there after B's call worked", rec)
	}
	if h := b.Health(); h[0].State != tracker.HealthOK {
		t.Fatalf("B's health %+v after a call that worked", h)
	}

	// A pause recorded before B's last call that worked is stale.
	st.RecordHealth(context.Background(), tracker.SharedHealth{Service: "x", State: tracker.HealthPaused,
		Until: clock.Now().Add(time.Hour), KeyPrint: "K1", At: clock.Now().Add(-time.Minute)})
	clock.Advance(time.Minute)
	st.addDue(clock.Now(), 8)
	calls := carB.calls
	if b.RunOnce(context.Background()); carB.calls == calls {
		t.Fatal("B took on a pause older than its own call that worked")
	}
	if rec, ok := st.record("x"); ok {
		t.Fatalf("stale record %+v left in the store", rec)
	}
}

// Parcels named by a person (`waybill refresh --once ORDER`, after
// upgrading a plan) are asked about despite another process's pause, and
// an answer that works lifts the pause for every process: B, which took it
// on, asks again at its next pass.
func TestNamedRefreshLiftsASharedPause(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	clock := tracker.NewFixedClock(t0)
	st := newHealthMem(fourDue(t0))
	a, _ := process(st, clock, "K1", fail(tracker.FailQuota, 16*time.Hour))
	a.RunOnce(context.Background())
	st.addDue(t0, 5)
	b, carB := process(st, clock, "K1")
	if b.RunOnce(context.Background()); carB.calls != 0 || b.Health()[0].State != tracker.HealthPaused {
		t.Fatalf("B: %d calls, %+v; want none, paused", carB.calls, b.Health())
	}

	c, carC := process(st, clock, "K1") // the plan was upgraded
	rep, err := c.RefreshShipments(context.Background(), []int64{1})
	if err != nil || carC.calls != 1 || rep.Total.NewEvents != 1 {
		t.Fatalf("named refresh: %d calls, %+v, %v; want the parcel asked about", carC.calls, rep.Total, err)
	}
	if rec, ok := st.record("x"); ok {
		t.Fatalf("record %+v left after a call that worked", rec)
	}
	st.addDue(t0, 6)
	if sum, _ := b.RunOnce(context.Background()); carB.calls == 0 || sum.NewEvents == 0 || b.Health()[0].State != tracker.HealthOK {
		t.Fatalf("B after the pause was lifted: %d calls, %+v, %+v", carB.calls, sum, b.Health())
	}
}

// A stop is about the key that was refused: a process configured with
// another key (the user fixed it) asks as usual, and leaves the old key's
// record to the processes that still have that key. A stop is taken on
// for SharedStopFor, after which one process asks again.
func TestSharedStopIsForItsKey(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	clock := tracker.NewFixedClock(t0)
	st := newHealthMem(fourDue(t0))
	a, _ := process(st, clock, "KX", fail(tracker.FailAuth, 0))
	a.RunOnce(context.Background())

	st.addDue(t0, 5, 6)
	y, carY := process(st, clock, "KY")
	sum, err := y.RunOnce(context.Background())
	if err != nil || carY.calls != 1 || sum.NewEvents != 2 || sum.Skipped != 0 {
		t.Fatalf("key Y: %d calls, %+v, %v; want its parcels asked about", carY.calls, sum, err)
	}
	if h := y.Health(); h[0].State != tracker.HealthOK {
		t.Fatalf("key Y's health %+v, want ok", h)
	}
	if rec, ok := st.record("x"); !ok || rec.KeyPrint != "KX" {
		t.Fatalf("key X's record %+v (%v), want it kept for X", rec, ok)
	}

	st.addDue(t0, 7)
	x, carX := process(st, clock, "KX", fail(tracker.FailAuth, 0))
	if x.RunOnce(context.Background()); carX.calls != 0 || x.Health()[0].State != tracker.HealthStopped {
		t.Fatalf("another process with key X: %d calls, %+v; want none, stopped", carX.calls, x.Health())
	}
	clock.Advance(tracker.SharedStopFor)
	if x.RunOnce(context.Background()); carX.calls != 1 || x.Health()[0].State != tracker.HealthStopped {
		t.Fatalf("after %v: %d calls, %+v; want one call, refused again", tracker.SharedStopFor, carX.calls, x.Health())
	}
	if rec, _ := st.record("x"); !rec.At.Equal(clock.Now()) {
		t.Fatalf("record at %v, want recorded anew at %v", rec.At, clock.Now())
	}
}

// KeyPrint tells credentials apart: another key, customer or host is
// another print.
func TestKeyPrintTellsCredentialsApart(t *testing.T) {
	base := tracker.KeyPrint("key", "cust", "https://a")
	for name, other := range map[string]string{
		"another key":      tracker.KeyPrint("key2", "cust", "https://a"),
		"another customer": tracker.KeyPrint("key", "cust2", "https://a"),
		"another host":     tracker.KeyPrint("key", "cust", "https://b"),
		"parts not joined": tracker.KeyPrint("keycust", "", "https://a"),
	} {
		if other == base {
			t.Errorf("%s: same print %s", name, base)
		}
	}
	if tracker.KeyPrint("key", "cust", "https://a") != base {
		t.Error("the same credentials gave another print")
	}
}
