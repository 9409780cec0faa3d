package track17

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestPacerInterval(t *testing.T) {
	var p pacer
	p.setRate(DefaultRate)
	if want := 366666666 * time.Nanosecond; p.interval != want {
		t.Errorf("interval at 3/s = %v, want %v (a tenth over 1/3 s)", p.interval, want)
	}
	p.setRate(0)
	if p.interval != 0 {
		t.Errorf("rate 0: interval %v, want none", p.interval)
	}
}

// TestPacerSpacing: concurrent callers go out one interval apart at least,
// measured where they wake, whatever order the scheduler runs them in.
func TestPacerSpacing(t *testing.T) {
	var p pacer
	p.setRate(50) // 22 ms apart
	var mu sync.Mutex
	var woke []time.Time
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := p.wait(context.Background()); err != nil {
				t.Error(err)
			}
			mu.Lock()
			woke = append(woke, time.Now())
			mu.Unlock()
		}()
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
	if span := last.Sub(first); span < 7*p.interval-time.Millisecond {
		t.Errorf("8 callers within %v, want at least %v", span, 7*p.interval)
	}
}

func TestPacerCancel(t *testing.T) {
	var p pacer
	p.setRate(0.1) // 11 s apart
	if err := p.wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := p.wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("wait = %v, want the deadline", err)
	}
	done, stop := context.WithCancel(context.Background())
	stop()
	if err := p.wait(done); !errors.Is(err, context.Canceled) {
		t.Fatalf("wait on a cancelled context = %v", err)
	}
}
