package sim

import (
	"math"
	"testing"
	"time"

	"waybill/tracker"
)

func TestDemoClockRunsAtSpeed(t *testing.T) {
	demoStart := time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		speed   float64
		wall    time.Duration
		advance time.Duration
	}{
		{"real time", 1, 10 * time.Second, 10 * time.Second},
		{"a minute a second", 60, 10 * time.Second, 10 * time.Minute},
		{"an hour a second", 3600, 90 * time.Second, 90 * time.Hour},
		{"a day a second", 86400, 2 * time.Minute, 120 * 24 * time.Hour},
		{"fractional speed", 0.5, 10 * time.Second, 5 * time.Second},
		{"zero freezes", 0, time.Hour, 0},
		{"negative freezes", -3, time.Hour, 0},
		{"NaN freezes", math.NaN(), time.Hour, 0},
		{"infinity freezes", math.Inf(1), time.Hour, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tracker.NewFixedClock(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
			c := NewDemoClock(demoStart, tt.speed, w.Now)
			if got := c.Now(); !got.Equal(demoStart) {
				t.Fatalf("at start: %v, want %v", got, demoStart)
			}
			w.Advance(tt.wall)
			if got := c.Now().Sub(demoStart); got != tt.advance {
				t.Errorf("after %v of wall time: demo moved %v, want %v", tt.wall, got, tt.advance)
			}
		})
	}
}

func TestDemoClockSetSpeedDoesNotJump(t *testing.T) {
	start := time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
	w := tracker.NewFixedClock(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	c := NewDemoClock(start, 60, w.Now)
	w.Advance(time.Minute) // one demo hour
	c.SetSpeed(0)          // pause
	if got, want := c.Now(), start.Add(time.Hour); !got.Equal(want) {
		t.Fatalf("paused at %v, want %v", got, want)
	}
	w.Advance(time.Hour)
	if got, want := c.Now(), start.Add(time.Hour); !got.Equal(want) {
		t.Fatalf("paused clock moved to %v, want %v", got, want)
	}
	c.SetSpeed(3600)
	w.Advance(2 * time.Second)
	if got, want := c.Now(), start.Add(3*time.Hour); !got.Equal(want) || c.Speed() != 3600 {
		t.Errorf("resumed: %v at speed %v, want %v at 3600", got, c.Speed(), want)
	}
}

func TestDemoClockWithTheWallClock(t *testing.T) {
	start := time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
	c := NewDemoClock(start, 3600, nil)
	time.Sleep(20 * time.Millisecond)
	// 20 ms of wall time is at least 72 s of demo time.
	if got := c.Now().Sub(start); got < 72*time.Second {
		t.Errorf("demo moved %v in 20ms at speed 3600, want at least 72s", got)
	}
}

func TestDemoClockMovesParcels(t *testing.T) {
	no := numberWith(t, 5, OutcomeDelivered)
	w := tracker.NewFixedClock(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	clock := NewDemoClock(shipped0, 86400, w.Now) // a day a second
	c := New(5, clock)
	seen := 0
	for range 90 {
		res := trackOne(t, c, trackReq(no))
		if len(res.Events) < seen {
			t.Fatalf("events went from %d to %d", seen, len(res.Events))
		}
		seen = len(res.Events)
		w.Advance(time.Second)
	}
	if want := len(Journey(5, no, shipped0, "").Events); seen != want {
		t.Errorf("after 90 demo days: %d events, want all %d", seen, want)
	}
}
