package carrierhttp

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestPacerInterval(t *testing.T) {
	cases := []struct {
		name         string
		rate, margin float64
		want         time.Duration
	}{
		{"3 a second, a tenth over", 3, 0.1, 366666666 * time.Nanosecond},
		{"10 a second, 3% over", 10, 0.03, 103 * time.Millisecond},
		{"no margin", 4, 0, 250 * time.Millisecond},
		{"a negative margin is none", 4, -1, 250 * time.Millisecond},
		{"rate 0: no limit", 0, 0.1, 0},
		{"a negative rate: no limit", -5, 0.1, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var p Pacer
			p.SetRate(c.rate, c.margin)
			if got := p.Interval(); got != c.want {
				t.Errorf("SetRate(%v, %v): interval %v, want %v", c.rate, c.margin, got, c.want)
			}
		})
	}
}

// Concurrent callers go out one interval apart at least, measured where
// they wake, whatever order the scheduler runs them in.
func TestPacerSpacing(t *testing.T) {
	var p Pacer
	p.SetRate(50, 0.1) // 22 ms apart
	var mu sync.Mutex
	var woke []time.Time
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if err := p.Wait(context.Background()); err != nil {
				t.Error(err)
			}
			mu.Lock()
			woke = append(woke, time.Now())
			mu.Unlock()
		})
	}
	wg.Wait()
	first, last := woke[0], woke[0]
	for _, w := range woke {
		if w.Before(first) {
			first = w
		}
		if w.After(last) {
			last = w
		}
	}
	if span := last.Sub(first); span < 7*p.Interval()-time.Millisecond {
		t.Errorf("8 callers within %v, want at least %v", span, 7*p.Interval())
	}
}

func TestPacerCancel(t *testing.T) {
	var p Pacer
	p.SetRate(0.1, 0.1) // 11 s apart
	if err := p.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := p.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("wait = %v, want the deadline", err)
	}
	done, stop := context.WithCancel(context.Background())
	stop()
	if err := p.Wait(done); !errors.Is(err, context.Canceled) {
		t.Fatalf("wait on a cancelled context = %v", err)
	}
}
