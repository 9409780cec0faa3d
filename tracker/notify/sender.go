package notify

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"time"

	"waybill/tracker"
)

// Sender drains the outbox: every Tick it claims each channel's due alerts,
// sends them, and marks them sent, or failed with the reason and a later
// attempt (exponential backoff with jitter, at most RetryMax). The app
// channel has nothing to send (it is the in-app list) and is marked sent at
// once. With a Digest interval a channel's due alerts go out together, one
// message per channel per interval.
//
// The outbox holds claimed alerts for a lease (store.SetAlertLease), so two
// senders on one store never send the same alert at once, and alerts a
// crashed sender held are due again when their lease ends. Timeout must be
// shorter than that lease.
type Sender struct {
	outbox    tracker.Outbox
	clock     tracker.Clock
	notifiers []tracker.Notifier

	Tick      time.Duration // how often Run looks for due alerts
	Digest    time.Duration // 0: one message per alert
	Timeout   time.Duration // the longest one Send may take
	RetryBase time.Duration // the first retry comes after about this
	RetryMax  time.Duration // and no retry later than this
	// DigestMax caps the alerts one digest carries; more wait for the
	// next message.
	DigestMax int
	// OnSend, when set, hears of every send and every failure to read or
	// write the outbox (then sent is 0), from the sender's goroutines.
	OnSend func(channel string, sent int, err error)

	mu         sync.Mutex
	lastDigest map[string]time.Time
	jitter     func() float64 // in [0, 1)
}

// Result counts what a drain did: alerts sent and failed, over every
// channel but the app's.
type Result struct {
	Sent, Failed int
}

func (r *Result) add(o Result) {
	r.Sent += o.Sent
	r.Failed += o.Failed
}

// NewSender returns a sender for the notifiers, reading the time from
// clock (the store's clock: alerts are due by it).
func NewSender(outbox tracker.Outbox, clock tracker.Clock, notifiers ...tracker.Notifier) *Sender {
	return &Sender{
		outbox: outbox, clock: clock, notifiers: notifiers,
		Tick: 5 * time.Second, Timeout: 30 * time.Second,
		RetryBase: 30 * time.Second, RetryMax: time.Hour, DigestMax: 200,
		lastDigest: map[string]time.Time{},
		jitter:     rand.Float64,
	}
}

// Run drains the outbox now and then every Tick until ctx ends.
func (s *Sender) Run(ctx context.Context) {
	t := time.NewTicker(s.Tick)
	defer t.Stop()
	for {
		s.pass(ctx, false)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Drain sends everything due now, once, whatever the digest interval (a
// digest goes out now with all that is due), and returns what it did. The
// error joins the failures to read or write the outbox; alerts that failed
// to send are counted in Result and retried later.
func (s *Sender) Drain(ctx context.Context) (Result, error) {
	return s.pass(ctx, true)
}

// pass drains every channel at once, so a slow mail server does not hold
// up the webhook.
func (s *Sender) pass(ctx context.Context, force bool) (Result, error) {
	var (
		mu   sync.Mutex
		res  Result
		errs []error
		wg   sync.WaitGroup
	)
	collect := func(r Result, err error) {
		mu.Lock()
		defer mu.Unlock()
		res.add(r)
		if err != nil {
			errs = append(errs, err)
		}
	}
	wg.Go(func() { collect(Result{}, s.markApp(ctx)) })
	for _, n := range s.notifiers {
		wg.Go(func() { collect(s.drainChannel(ctx, n, force)) })
	}
	wg.Wait()
	return res, errors.Join(errs...)
}

// markApp marks the in-app alerts sent: the list is their delivery.
func (s *Sender) markApp(ctx context.Context) error {
	for ctx.Err() == nil {
		due, err := s.outbox.DueAlerts(ctx, tracker.ChannelApp, s.clock.Now(), 500)
		if err == nil && len(due) > 0 {
			err = s.outbox.MarkSent(ctx, ids(due), s.clock.Now())
		}
		if err != nil {
			s.report(tracker.ChannelApp, 0, err)
			return err
		}
		if len(due) == 0 {
			return nil
		}
	}
	return nil
}

// drainChannel sends one channel's due alerts: one at a time, or as
// digests. It claims only what it is about to send, so everything it holds
// is in flight and bounded by Timeout.
func (s *Sender) drainChannel(ctx context.Context, n tracker.Notifier, force bool) (Result, error) {
	ch := n.Channel()
	limit := 1
	if s.Digest > 0 {
		if !force && !s.digestDue(ch) {
			return Result{}, nil
		}
		limit = max(1, s.DigestMax)
	}
	var res Result
	for ctx.Err() == nil {
		due, err := s.outbox.DueAlerts(ctx, ch, s.clock.Now(), limit)
		if err != nil {
			s.report(ch, 0, err)
			return res, err
		}
		if len(due) == 0 {
			break
		}
		if s.Digest > 0 {
			s.mu.Lock()
			s.lastDigest[ch] = s.clock.Now()
			s.mu.Unlock()
		}
		r, err := s.send(ctx, n, due)
		res.add(r)
		if err != nil {
			return res, err
		}
		if r.Failed > 0 {
			// The channel is likely down: one failure a pass is enough to
			// learn when it is back, rather than a timeout per alert.
			break
		}
		if s.Digest > 0 && !force && len(due) < limit {
			break // this interval's digest went out
		}
	}
	return res, nil
}

// digestDue reports whether a channel's digest interval has passed since
// its last digest.
func (s *Sender) digestDue(ch string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	last, ok := s.lastDigest[ch]
	return !ok || !s.clock.Now().Before(last.Add(s.Digest))
}

// send sends alerts in one Send and records the outcome. The error is only
// for failures to record it.
func (s *Sender) send(ctx context.Context, n tracker.Notifier, alerts []tracker.Alert) (Result, error) {
	ch := n.Channel()
	sctx, cancel := context.WithTimeout(ctx, s.Timeout)
	sendErr := n.Send(sctx, alerts)
	cancel()
	// Record the outcome even when ctx ended meanwhile: a sent alert must
	// not stay unmarked if the store can still be told.
	wctx := context.WithoutCancel(ctx)
	if sendErr == nil {
		if err := s.outbox.MarkSent(wctx, ids(alerts), s.clock.Now()); err != nil {
			// It went out, and will go again when the claim ends:
			// receivers drop the repeat by its key.
			s.report(ch, 0, err)
			return Result{Sent: len(alerts)}, err
		}
		s.report(ch, len(alerts), nil)
		return Result{Sent: len(alerts)}, nil
	}
	next := s.clock.Now().Add(s.backoff(alerts))
	reason := tracker.OneLine(sendErr.Error(), 500)
	if ctx.Err() != nil {
		// Stopped, not failed: due again at once for whoever runs next.
		next, reason = s.clock.Now(), "interrupted: "+reason
	}
	s.report(ch, 0, sendErr)
	if err := s.outbox.MarkFailed(wctx, ids(alerts), reason, next); err != nil {
		s.report(ch, 0, err)
		return Result{Failed: len(alerts)}, err
	}
	return Result{Failed: len(alerts)}, nil
}

// backoff is how long to wait before trying alerts again: RetryBase doubled
// per earlier attempt, at most RetryMax, of which a random half is taken
// off so that many failures do not come back at the same moment.
func (s *Sender) backoff(alerts []tracker.Alert) time.Duration {
	attempts := 0
	for _, a := range alerts {
		attempts = max(attempts, a.Attempts)
	}
	d := s.RetryBase
	for i := 0; i < attempts && d < s.RetryMax; i++ {
		d *= 2
	}
	d = min(d, s.RetryMax)
	return d/2 + time.Duration(s.jitter()*float64(d/2))
}

func (s *Sender) report(channel string, sent int, err error) {
	if s.OnSend != nil {
		s.OnSend(channel, sent, err)
	}
}

func ids(alerts []tracker.Alert) []int64 {
	out := make([]int64, len(alerts))
	for i, a := range alerts {
		out[i] = a.ID
	}
	return out
}
