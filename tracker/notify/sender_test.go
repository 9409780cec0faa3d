package notify

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"waybill/tracker"
)

var t0 = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)

// memOutbox is tracker.Outbox in memory, with the store's claim semantics:
// DueAlerts holds what it returns for lease.
type memOutbox struct {
	mu    sync.Mutex
	rows  []*tracker.Alert
	lease time.Duration
}

func (o *memOutbox) add(channel, key string, at time.Time) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.rows = append(o.rows, &tracker.Alert{ID: int64(len(o.rows) + 1), Key: key, Channel: channel, Kind: "lost",
		Severity: tracker.SeverityCritical, Subject: "[waybill] " + key, Body: "about " + key + "\n", CreatedAt: at, NextAttemptAt: at})
}

func (o *memOutbox) get(channel, key string) tracker.Alert {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, r := range o.rows {
		if r.Channel == channel && r.Key == key {
			return *r
		}
	}
	panic("no alert " + key + " on " + channel)
}

func (o *memOutbox) DueAlerts(_ context.Context, channel string, now time.Time, limit int) ([]tracker.Alert, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var due []*tracker.Alert
	for _, r := range o.rows {
		if r.Channel == channel && r.SentAt.IsZero() && !r.NextAttemptAt.After(now) {
			due = append(due, r)
		}
	}
	slices.SortFunc(due, func(x, y *tracker.Alert) int {
		if c := x.NextAttemptAt.Compare(y.NextAttemptAt); c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	})
	if limit > 0 && len(due) > limit {
		due = due[:limit]
	}
	out := make([]tracker.Alert, len(due))
	for i, r := range due {
		r.NextAttemptAt = now.Add(o.lease)
		out[i] = *r
	}
	slices.SortFunc(out, func(x, y tracker.Alert) int { return cmp.Compare(x.ID, y.ID) })
	return out, nil
}

func (o *memOutbox) each(ids []int64, f func(*tracker.Alert)) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, r := range o.rows {
		if slices.Contains(ids, r.ID) && r.SentAt.IsZero() {
			f(r)
		}
	}
}

func (o *memOutbox) MarkSent(_ context.Context, ids []int64, now time.Time) error {
	o.each(ids, func(r *tracker.Alert) { r.SentAt, r.Attempts = now, r.Attempts+1 })
	return nil
}

func (o *memOutbox) MarkFailed(_ context.Context, ids []int64, reason string, next time.Time) error {
	o.each(ids, func(r *tracker.Alert) { r.Attempts, r.LastError, r.NextAttemptAt = r.Attempts+1, reason, next })
	return nil
}

// fakeNotifier records each Send and fails the first failures of them.
type fakeNotifier struct {
	channel string
	mu      sync.Mutex
	sends   [][]string // keys per Send
	fails   int
	block   chan struct{} // when set, Send waits for it or its context
}

func (n *fakeNotifier) Channel() string { return n.channel }

func (n *fakeNotifier) Send(ctx context.Context, alerts []tracker.Alert) error {
	if n.block != nil {
		select {
		case <-n.block:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	var keys []string
	for _, a := range alerts {
		keys = append(keys, a.Key)
	}
	n.sends = append(n.sends, keys)
	if n.fails > 0 {
		n.fails--
		return errors.New("503 Service Unavailable")
	}
	return nil
}

func (n *fakeNotifier) sent() [][]string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return slices.Clone(n.sends)
}

func newTestSender(o *memOutbox, clock tracker.Clock, ns ...tracker.Notifier) *Sender {
	s := NewSender(o, clock, ns...)
	s.jitter = func() float64 { return 0.5 }
	return s
}

func TestSenderRetriesWithBackoff(t *testing.T) {
	ctx := context.Background()
	clock := tracker.NewFixedClock(t0)
	o := &memOutbox{lease: time.Minute}
	o.add("webhook", "exc-1-opened", t0)
	hook := &fakeNotifier{channel: "webhook", fails: 2}
	s := newTestSender(o, clock, hook)
	s.RetryBase = 10 * time.Second

	res, err := s.Drain(ctx)
	if err != nil || res != (Result{Failed: 1}) {
		t.Fatalf("first drain = %+v, %v; want 1 failed", res, err)
	}
	a := o.get("webhook", "exc-1-opened")
	// 10s base, the jitter takes off half of half: 7.5s.
	if a.Attempts != 1 || !strings.Contains(a.LastError, "503 Service Unavailable") || !a.NextAttemptAt.Equal(t0.Add(7500*time.Millisecond)) {
		t.Fatalf("after a failure: attempts %d, error %q, next %v", a.Attempts, a.LastError, a.NextAttemptAt.Sub(t0))
	}
	if res, _ := s.Drain(ctx); res != (Result{}) || len(hook.sent()) != 1 {
		t.Fatalf("drain before the retry time = %+v with %d sends, want nothing tried", res, len(hook.sent()))
	}
	clock.Set(a.NextAttemptAt)
	s.Drain(ctx)
	// The second failure waits twice as long.
	if a = o.get("webhook", "exc-1-opened"); a.Attempts != 2 || !a.NextAttemptAt.Equal(clock.Now().Add(15*time.Second)) {
		t.Fatalf("after the second failure: attempts %d, next in %v; want 2, 15s", a.Attempts, a.NextAttemptAt.Sub(clock.Now()))
	}
	clock.Set(a.NextAttemptAt)
	if res, err := s.Drain(ctx); err != nil || res != (Result{Sent: 1}) {
		t.Fatalf("third drain = %+v, %v; want sent", res, err)
	}
	if a = o.get("webhook", "exc-1-opened"); a.SentAt.IsZero() || a.Attempts != 3 {
		t.Errorf("alert %+v, want sent on the third attempt", a)
	}
	if got := hook.sent(); len(got) != 3 {
		t.Errorf("sends %v, want 3 attempts", got)
	}
}

func TestSenderBackoffGrowsToTheCap(t *testing.T) {
	s := NewSender(&memOutbox{}, tracker.NewFixedClock(t0))
	for _, tc := range []struct {
		attempts int
		lo, hi   time.Duration
	}{
		{0, 15 * time.Second, 30 * time.Second},
		{1, 30 * time.Second, time.Minute},
		{4, 4 * time.Minute, 8 * time.Minute},
		{7, 30 * time.Minute, time.Hour},
		{50, 30 * time.Minute, time.Hour},
	} {
		t.Run(fmt.Sprint(tc.attempts, " attempts"), func(t *testing.T) {
			for _, j := range []float64{0, 0.5, 0.999} {
				s.jitter = func() float64 { return j }
				d := s.backoff([]tracker.Alert{{Attempts: tc.attempts}})
				if d < tc.lo || d > tc.hi {
					t.Errorf("jitter %g: backoff %v, want within [%v, %v]", j, d, tc.lo, tc.hi)
				}
			}
		})
	}
}

// A failing channel is tried once a pass, not once per alert.
func TestSenderStopsAChannelAtItsFirstFailure(t *testing.T) {
	o := &memOutbox{lease: time.Minute}
	for i := range 3 {
		o.add("sms", fmt.Sprint("k", i), t0)
	}
	sms := &fakeNotifier{channel: "sms", fails: 100}
	s := newTestSender(o, tracker.NewFixedClock(t0), sms)
	if res, _ := s.Drain(context.Background()); res != (Result{Failed: 1}) || len(sms.sent()) != 1 {
		t.Fatalf("drain = %+v with %d sends; want one failed try", res, len(sms.sent()))
	}
	if a := o.get("sms", "k1"); a.Attempts != 0 || !a.NextAttemptAt.Equal(t0) {
		t.Errorf("untried alert %+v: want it left due", a)
	}
}

func TestSenderDigestGathersAlerts(t *testing.T) {
	ctx := context.Background()
	clock := tracker.NewFixedClock(t0)
	o := &memOutbox{lease: time.Minute}
	for i := range 5 {
		o.add("email", fmt.Sprint("a", i), t0)
	}
	mail := &fakeNotifier{channel: "email"}
	s := newTestSender(o, clock, mail)
	s.Digest = time.Hour

	if res, err := s.pass(ctx, false); err != nil || res.Sent != 5 {
		t.Fatalf("first pass = %+v, %v", res, err)
	}
	if got := mail.sent(); len(got) != 1 || !slices.Equal(got[0], []string{"a0", "a1", "a2", "a3", "a4"}) {
		t.Fatalf("sends %v, want one Send of all five", got)
	}
	for i := range 3 {
		clock.Advance(time.Minute)
		o.add("email", fmt.Sprint("b", i), clock.Now())
	}
	clock.Set(t0.Add(59 * time.Minute))
	s.pass(ctx, false)
	if n := len(mail.sent()); n != 1 {
		t.Fatalf("%d sends within the hour, want still 1", n)
	}
	clock.Set(t0.Add(time.Hour))
	s.pass(ctx, false)
	if got := mail.sent(); len(got) != 2 || !slices.Equal(got[1], []string{"b0", "b1", "b2"}) {
		t.Fatalf("sends %v, want the next three in one digest after the hour", got)
	}

	// Drain sends what is due now, interval or not.
	o.add("email", "c0", clock.Now())
	o.add("email", "c1", clock.Now())
	if res, _ := s.Drain(ctx); res.Sent != 2 || len(mail.sent()) != 3 {
		t.Fatalf("drain = %+v, sends %v", res, mail.sent())
	}
}

func TestSenderDrainSendsEveryChannel(t *testing.T) {
	clock := tracker.NewFixedClock(t0)
	o := &memOutbox{lease: time.Minute}
	for _, ch := range []string{"app", "webhook", "email"} {
		o.add(ch, "exc-1-opened", t0)
		o.add(ch, "exc-2-opened", t0)
	}
	o.add("webhook", "later", t0.Add(time.Hour))
	hook, mail := &fakeNotifier{channel: "webhook"}, &fakeNotifier{channel: "email"}
	s := newTestSender(o, clock, hook, mail)
	res, err := s.Drain(context.Background())
	if err != nil || res != (Result{Sent: 4}) {
		t.Fatalf("drain = %+v, %v; want 4 sent (the app's are not counted)", res, err)
	}
	for _, ch := range []string{"app", "webhook", "email"} {
		for _, k := range []string{"exc-1-opened", "exc-2-opened"} {
			if o.get(ch, k).SentAt.IsZero() {
				t.Errorf("%s %s not marked sent", ch, k)
			}
		}
	}
	if got := hook.sent(); !slices.EqualFunc(got, [][]string{{"exc-1-opened"}, {"exc-2-opened"}}, slices.Equal) {
		t.Errorf("webhook sends %v, want one per alert, oldest first, and nothing not yet due", got)
	}
	if !o.get("webhook", "later").SentAt.IsZero() {
		t.Error("an alert not due yet was sent")
	}
}

// A sender stopped mid-send leaves the alert due at once for the next one,
// and Run returns when its context ends.
func TestSenderRunStopsAndHandsBack(t *testing.T) {
	o := &memOutbox{lease: time.Hour}
	o.add("webhook", "k", t0)
	hook := &fakeNotifier{channel: "webhook", block: make(chan struct{})}
	s := newTestSender(o, tracker.NewFixedClock(t0), hook)
	s.Tick = 10 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	time.Sleep(50 * time.Millisecond) // Send is blocked by now
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return")
	}
	a := o.get("webhook", "k")
	if !a.SentAt.IsZero() || !a.NextAttemptAt.Equal(t0) || !strings.HasPrefix(a.LastError, "interrupted") {
		t.Errorf("alert %+v: want it due again at once, marked interrupted", a)
	}
}

func TestSenderRunKeepsSending(t *testing.T) {
	clock := tracker.NewFixedClock(t0)
	o := &memOutbox{lease: time.Minute}
	hook := &fakeNotifier{channel: "webhook"}
	s := newTestSender(o, clock, hook)
	s.Tick = 5 * time.Millisecond
	var mu sync.Mutex
	var heard []string
	s.OnSend = func(ch string, n int, err error) {
		mu.Lock()
		heard = append(heard, fmt.Sprint(ch, n, err))
		mu.Unlock()
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Run(ctx)
	for i := range 3 {
		o.add("webhook", fmt.Sprint("k", i), t0)
		deadline := time.Now().Add(5 * time.Second)
		for len(hook.sent()) <= i {
			if time.Now().After(deadline) {
				t.Fatalf("alert %d not sent by Run", i)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	cancel()
	mu.Lock()
	defer mu.Unlock()
	if len(heard) < 3 || heard[0] != "webhook1 <nil>" {
		t.Errorf("OnSend heard %v", heard)
	}
}
