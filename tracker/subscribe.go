package tracker

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Subscriber is a service that pushes a number's news by webhook only once
// it is asked to follow the number (Kuaidi100's subscription, 订阅). The
// answer holds one error per request, in order: nil where the service
// follows the number (newly, or already), else why it will not, and the
// number is polled as before; the error return is a failed call (a
// *CarrierError), of which nothing is recorded. An adapter implements it
// only when pushes can reach us (a callback URL and a secret are
// configured), so its presence is the switch.
type Subscriber interface {
	Subscribe(ctx context.Context, reqs []TrackRequest) ([]error, error)
}

// PushSubscription is what a service answered when asked to push a number.
type PushSubscription struct {
	TrackingNo string
	Carrier    string
	Refused    string // the service's reason, "" when it follows the number
}

// SubscriptionStore is the store's record of which numbers each service
// was asked to push, so each is asked once whatever restarts or other
// processes share the store. The refresher uses it when its store has it.
type SubscriptionStore interface {
	// Unsubscribed returns those of ships whose number (with its carrier)
	// service has no record of, or only a refusal recorded before
	// retryRefused.
	Unsubscribed(ctx context.Context, service string, ships []Shipment, retryRefused time.Time) ([]Shipment, error)
	// RecordSubscriptions records what service answered, replacing any
	// earlier record of the same numbers.
	RecordSubscriptions(ctx context.Context, now time.Time, service string, subs []PushSubscription) error
}

// SubscribeRetry is how long a service's refusal to push a number stands
// before the number is offered again: a refusal may come from a callback
// URL that was wrong and has been fixed since.
const SubscribeRetry = 24 * time.Hour

// trackRequest is what a service is asked about a shipment.
func trackRequest(sh Shipment) TrackRequest {
	return TrackRequest{ShipmentID: sh.ID, TrackingNo: sh.TrackingNo, Carrier: sh.Carrier, ShippedAt: sh.ShippedAt,
		Destination: sh.Destination, Phone: sh.Phone}
}

// subscriptions is one pass's subscribing to one service: the numbers of
// the pass it has not been asked to push yet, asked one by one beside the
// polling and at the same rate, each answer recorded as it comes.
type subscriptions struct {
	r     *Refresher
	name  string
	sub   Subscriber
	store SubscriptionStore
	todo  map[int64]bool
	note  func(subscribed int, reason string) // tells the pass's report

	mu  sync.Mutex
	off bool // a failed call ended subscribing for this pass
}

// subscriptionsFor sets up subscribing to c for ships, or returns nil when
// c takes no subscriptions, the store keeps no record of them, or c's
// subscriptions were refused for the whole account earlier in this
// process. A store that cannot say which are new is told in the report,
// and the pass polls as before.
func (r *Refresher) subscriptionsFor(ctx context.Context, c Carrier, ships []Shipment, note func(int, string)) *subscriptions {
	sub, ok := c.(Subscriber)
	if !ok {
		return nil
	}
	ss, ok := r.store.(SubscriptionStore)
	if !ok || r.subscribeOff(c.Name()) != "" {
		return nil
	}
	todo, err := ss.Unsubscribed(ctx, c.Name(), ships, r.clock.Now().Add(-SubscribeRetry))
	if err != nil {
		note(0, "subscriptions not read: "+err.Error())
		return nil
	}
	if len(todo) == 0 {
		return nil
	}
	s := &subscriptions{r: r, name: c.Name(), sub: sub, store: ss, todo: map[int64]bool{}, note: note}
	for _, sh := range todo {
		s.todo[sh.ID] = true
	}
	return s
}

// batch asks the service to push the numbers of a batch that was just
// polled and are new to it. Nothing is asked while the service is not
// healthy (its key was rejected, its quota used up, its breaker open).
func (s *subscriptions) batch(ctx context.Context, batch []Shipment) {
	if s == nil {
		return
	}
	for _, sh := range batch {
		if !s.todo[sh.ID] || !s.on() || !s.r.healthy(s.name) || ctx.Err() != nil {
			continue
		}
		if lim := s.r.limiter(s.name); lim != nil {
			if lim.Wait(ctx) != nil {
				return
			}
		}
		errs, err := s.sub.Subscribe(ctx, []TrackRequest{trackRequest(sh)})
		if err == nil && len(errs) != 1 {
			err = &CarrierError{Service: s.name, Kind: FailMalformed, Err: fmt.Errorf("%d answers to 1 subscription", len(errs))}
		}
		if err != nil {
			s.failed(err)
			return
		}
		rec := PushSubscription{TrackingNo: sh.TrackingNo, Carrier: sh.Carrier}
		if errs[0] != nil {
			rec.Refused = errs[0].Error()
		}
		// Record even when the pass is being cancelled: the service
		// follows the number now, whatever happens to the pass.
		if err := s.store.RecordSubscriptions(context.WithoutCancel(ctx), s.r.clock.Now(), s.name, []PushSubscription{rec}); err != nil {
			s.note(0, "subscription not recorded, asked again next time: "+err.Error())
			continue
		}
		if rec.Refused != "" {
			s.note(0, "not subscribed, polled instead: "+rec.Refused)
		} else {
			s.note(1, "")
		}
	}
}

func (s *subscriptions) on() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.off
}

// failed ends subscribing for the pass. A refused key or a used-up plan
// ends it for the process: asking again would only repeat the refusal,
// and the service may well answer polls (pushes are a product of their
// own). Polling goes on either way.
func (s *subscriptions) failed(err error) {
	s.mu.Lock()
	already := s.off
	s.off = true
	s.mu.Unlock()
	if already {
		return
	}
	if k := FailKindOf(err); k == FailAuth || k == FailQuota {
		s.r.mu.Lock()
		if s.r.subsOff == nil {
			s.r.subsOff = map[string]string{}
		}
		s.r.subsOff[s.name] = err.Error()
		s.r.mu.Unlock()
	}
	s.note(0, "no subscriptions this pass, polled instead: "+err.Error())
}

// subscribeOff says why this process no longer asks name for pushes, ""
// when it does.
func (r *Refresher) subscribeOff(name string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.subsOff[name]
}

// healthy reports whether a service is neither stopped nor paused.
func (r *Refresher) healthy(name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.serviceLocked(name).State == HealthOK
}

// subscription counts a pass's subscriptions: n numbers newly pushed, or
// one that is not, with why.
func (rep *Report) subscription(service string, n int, reason string) {
	rep.add(service, ApplySummary{}, nil) // the service's report exists
	sr := rep.ByService[service]
	sr.Subscribed += n
	if reason != "" {
		if sr.NotSubscribed == nil {
			sr.NotSubscribed = map[string]int{}
		}
		sr.NotSubscribed[reason]++
	}
}
