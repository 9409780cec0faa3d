package tracker

import (
	"context"
	"math"
	"sync"
	"testing"
	"time"
)

// memMeta is a store's meta table in memory.
type memMeta struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *memMeta) Meta(_ context.Context, key string) (string, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	return v, ok, nil
}

func (s *memMeta) SetMeta(_ context.Context, key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]string{}
	}
	s.m[key] = value
	return nil
}

var wall0 = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

func openDemo(t *testing.T, store MetaStore, speed float64, w *FixedClock) *DemoClock {
	t.Helper()
	c, err := OpenDemoClock(context.Background(), store, speed, w.Now)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDemoClockRunsAtSpeed(t *testing.T) {
	for _, tt := range []struct {
		name    string
		speed   float64
		wall    time.Duration
		advance time.Duration
	}{
		{"real time", 1, 10 * time.Second, 10 * time.Second},
		{"a minute a second", 60, 10 * time.Second, 10 * time.Minute},
		{"an hour a second", 3600, 90 * time.Second, 90 * time.Hour},
		{"fractional speed", 0.5, 10 * time.Second, 5 * time.Second},
		{"zero freezes", 0, time.Hour, 0},
		{"negative freezes", -3, time.Hour, 0},
		{"NaN freezes", math.NaN(), time.Hour, 0},
		{"infinity freezes", math.Inf(1), time.Hour, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := NewFixedClock(wall0)
			c := openDemo(t, &memMeta{}, tt.speed, w)
			start := c.Now()
			w.Advance(tt.wall)
			if got := c.Now().Sub(start); got != tt.advance {
				t.Errorf("after %v of wall time: demo moved %v, want %v", tt.wall, got, tt.advance)
			}
		})
	}
}

// Every process on one demo store reads one time line: a command run
// beside an open screen logs the screen's demo time, not its own.
func TestDemoClockIsTheStores(t *testing.T) {
	ctx := context.Background()
	store, w := &memMeta{}, NewFixedClock(wall0)
	screen := openDemo(t, store, 120, w)
	w.Advance(10 * time.Minute) // 20 demo hours
	screen.beat(ctx)
	w.Advance(20 * time.Second)
	cmd := openDemo(t, store, 120, w) // `waybill case do` while the screen runs
	if a, b := screen.Now(), cmd.Now(); !a.Equal(b) {
		t.Fatalf("screen reads %v, the command %v: want one time line", a, b)
	}
	if got, want := cmd.Now().Sub(wall0), 120*(10*time.Minute+20*time.Second); got != want {
		t.Errorf("the demo moved %v, want %v", got, want)
	}
}

// With nobody on the store the demo stands still from the last sign of
// life, and resumes from there: never ahead by the days away, never back.
func TestDemoClockStandsStillWhileNobodyWatches(t *testing.T) {
	ctx := context.Background()
	store, w := &memMeta{}, NewFixedClock(wall0)
	c := openDemo(t, store, 120, w)
	w.Advance(time.Minute)
	left := c.Now()
	c.Leave(ctx)
	w.Advance(7 * 24 * time.Hour) // a week away
	again := openDemo(t, store, 120, w)
	if got := again.Now(); !got.Equal(left) {
		t.Fatalf("after a week away the demo reads %v, want %v where it stood", got, left)
	}
	w.Advance(time.Second)
	if got, want := again.Now(), left.Add(2*time.Minute); !got.Equal(want) {
		t.Errorf("resumed: %v, want %v", got, want)
	}
}

// A new speed takes the demo on from where it stands, and a process
// already running takes up the new anchor at its next beat.
func TestDemoClockSpeedChangeDoesNotJump(t *testing.T) {
	ctx := context.Background()
	store, w := &memMeta{}, NewFixedClock(wall0)
	a := openDemo(t, store, 60, w)
	w.Advance(time.Minute) // one demo hour
	b := openDemo(t, store, 3600, w)
	if got, want := b.Now(), wall0.Add(time.Hour); !got.Equal(want) {
		t.Fatalf("at the change: %v, want %v", got, want)
	}
	w.Advance(time.Second)
	a.beat(ctx)
	if a.Now() != b.Now() || a.Speed() != 3600 {
		t.Errorf("after a beat the first process reads %v at ×%v, the second %v", a.Now(), a.Speed(), b.Now())
	}
}

// A store from before anchors kept the demo's time alone: it resumes
// from it.
func TestDemoClockReadsTheOldForm(t *testing.T) {
	saved := wall0.Add(48 * time.Hour)
	store, w := &memMeta{m: map[string]string{MetaDemoClock: saved.Format(time.RFC3339Nano)}}, NewFixedClock(wall0)
	c := openDemo(t, store, 120, w)
	if got := c.Now(); !got.Equal(saved) {
		t.Errorf("resumed at %v, want the saved %v", got, saved)
	}
}
