package ui

import (
	"testing"
	"time"
)

// An idle session wakes on the minute, when its clock and ages change, and
// every second only while something on screen changes by the second.
func TestTickWaitsForTheMinuteWhenIdle(t *testing.T) {
	at := func(sec, nsec int) time.Time { return time.Date(2025, 6, 1, 14, 0, sec, nsec, time.UTC) }
	for _, tc := range []struct {
		name    string
		now     time.Time
		demo    bool
		speed   float64
		message bool
		want    time.Duration
	}{
		{"idle: to the next minute", at(20, 0), false, 0, false, 40 * time.Second},
		{"idle on the minute: a whole minute", at(0, 0), false, 0, false, time.Minute},
		{"never shorter than a second", at(59, 500_000_000), false, 0, false, time.Second},
		{"a status message to take away", at(20, 0), false, 0, true, time.Second},
		{"the demo's clock runs 120 times faster", at(20, 0), true, 120, false, time.Second},
		{"a slow demo clock", at(0, 0), true, 2, false, 30 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeReader(10)
			a := newApp(t.Context(), Options{Reader: f, Clock: fixedClock{tc.now}, Demo: tc.demo, DemoSpeed: tc.speed})
			if tc.message {
				a.status.say("refreshed", false)
			}
			if got := a.nextTick(); got != tc.want {
				t.Errorf("nextTick = %v, want %v", got, tc.want)
			}
		})
	}
}

// A message said while the tick waits for the minute starts a faster
// chain; the slow tick, when it comes, is dropped.
func TestTickHurriesForAMessageAndDropsTheSlowChain(t *testing.T) {
	f := newFakeReader(10)
	now := time.Date(2025, 6, 1, 14, 0, 20, 0, time.UTC)
	a := newApp(t.Context(), Options{Reader: f, Clock: fixedClock{now}})
	a.tick()
	slow := a.tickGen
	if !a.tickSlow {
		t.Fatal("an idle tick should wait for the minute")
	}
	a.status.say("done", false)
	_, cmd := a.Update(tickMsg{now: now}) // any message: the check runs after each
	if cmd == nil || a.tickGen == slow || a.tickSlow {
		t.Fatalf("no faster tick after a message: gen %d (was %d), slow %v", a.tickGen, slow, a.tickSlow)
	}
	fast := a.tickGen
	if _, cmd := a.Update(tickMsg{now: now.Add(40 * time.Second), rearm: true, gen: slow, every: 40 * time.Second}); cmd != nil || a.tickGen != fast {
		t.Errorf("the replaced chain's tick was not dropped: gen %d, cmd %v", a.tickGen, cmd != nil)
	}
	if !a.c.now.Equal(now) {
		t.Errorf("the dropped tick moved the clock to %v", a.c.now)
	}
}
