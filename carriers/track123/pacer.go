package track123

import (
	"context"
	"sync"
	"time"
)

// pacer is track17's (carriers/track17/pacer.go), copied rather than
// moved so this lane does not touch another adapter; one in carrierhttp
// would serve both.
//
// pacer spaces requests so that no second holds more than the rate. Each
// caller reserves the next free slot and sleeps until it; the slots are a
// tenth wider than 1/rate so that network jitter cannot push two requests
// into a window the service counts as one second.
type pacer struct {
	mu       sync.Mutex
	interval time.Duration
	next     time.Time
}

func (p *pacer) setRate(perSecond float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if perSecond <= 0 {
		p.interval = 0
		return
	}
	p.interval = time.Duration(1.1 * float64(time.Second) / perSecond)
}

// wait blocks until the caller may send, or ctx ends. A caller that gives
// up keeps its slot reserved: slots are cheap, and handing them back would
// let a later caller jump ahead of others already sleeping.
func (p *pacer) wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p.mu.Lock()
	if p.interval == 0 {
		p.mu.Unlock()
		return nil
	}
	now := time.Now()
	slot := p.next
	if slot.Before(now) {
		slot = now
	}
	p.next = slot.Add(p.interval)
	p.mu.Unlock()

	if d := time.Until(slot); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	// A caller woken late (a busy machine) must not leave the next one
	// its full slot: space the next from when this one really goes.
	p.mu.Lock()
	if n := time.Now().Add(p.interval); n.After(p.next) {
		p.next = n
	}
	p.mu.Unlock()
	return nil
}
