package tracker

import (
	"context"
	"time"
)

// Triaged is what one triage write changed.
type Triaged struct {
	Changed   int     // exceptions changed; the others were so already, or closed
	Shipments []int64 // the shipments of the changed ones, without repeats
	// Action is the exception log's name of what was done (LogSnoozed …),
	// and Changes each changed exception as it was and as it is now: what
	// Undo needs to put it back.
	Action  string
	Changes []TriageChange
}

// Acknowledge marks exceptions as seen: they stay in the queue, marked,
// and a snooze on them ends.
func (s *Service) Acknowledge(ctx context.Context, a Actor, ids []int64) (Triaged, error) {
	return s.triage(ctx, a, func(now time.Time) (Triaged, error) {
		return s.store.Acknowledge(ctx, ids, a.Name, now)
	})
}

// Snooze hides exceptions from the queue until until, which must be after
// the store's now.
func (s *Service) Snooze(ctx context.Context, a Actor, ids []int64, until time.Time) (Triaged, error) {
	return s.triage(ctx, a, func(now time.Time) (Triaged, error) {
		if !until.After(now) {
			return Triaged{}, refusal(refuseSnoozePast, until.Format("2006-01-02 15:04"), now.Format("2006-01-02 15:04"))
		}
		return s.store.Snooze(ctx, ids, until, a.Name, now)
	})
}

// Assign gives exceptions an owner; "" takes the owner away.
func (s *Service) Assign(ctx context.Context, a Actor, ids []int64, owner string) (Triaged, error) {
	return s.triage(ctx, a, func(now time.Time) (Triaged, error) {
		return s.store.Assign(ctx, ids, owner, a.Name, now)
	})
}

// Resolve closes exceptions by hand, logging why (reason, cleaned by
// CleanReason; "" logs "by hand"). The resolution holds until the carrier
// reports something new: a rule opens the kind again only when a later
// event still shows the problem.
func (s *Service) Resolve(ctx context.Context, a Actor, ids []int64, reason string) (Triaged, error) {
	return s.triage(ctx, a, func(now time.Time) (Triaged, error) {
		return s.store.Resolve(ctx, ids, CleanReason(reason), a.Name, now)
	})
}

func (s *Service) triage(ctx context.Context, a Actor, write func(now time.Time) (Triaged, error)) (Triaged, error) {
	if err := a.mayWork(); err != nil {
		return Triaged{}, err
	}
	t, err := write(s.clock.Now())
	if err == nil && t.Changed > 0 {
		s.publish(t.Shipments...)
	}
	return t, err
}

// SetWatch starts (on) or stops watching an order: a watched order alerts
// on every change. shipmentID is the parcel a screen shows it by, so
// screens re-read it; 0 when unknown.
func (s *Service) SetWatch(ctx context.Context, a Actor, orderID int64, on bool) error {
	if err := a.mayWork(); err != nil {
		return err
	}
	if err := s.store.SetWatch(ctx, orderID, on, a.Name, s.clock.Now()); err != nil {
		return err
	}
	s.publishOrder(ctx, orderID)
	return nil
}

// ToggleWatch watches an order nobody watches and stops watching a
// watched one, as the store answers now, so two screens pressing it on a
// stale row never undo each other unseen. It returns whether the order is
// now watched.
func (s *Service) ToggleWatch(ctx context.Context, a Actor, orderID int64) (bool, error) {
	if err := a.mayWork(); err != nil {
		return false, err
	}
	on, err := s.store.Watched(ctx, orderID)
	if err != nil {
		return false, err
	}
	return !on, s.SetWatch(ctx, a, orderID, !on)
}

// publishOrder tells the screens that an order's parcels changed.
func (s *Service) publishOrder(ctx context.Context, orderID int64) {
	if s.hub == nil {
		return
	}
	d, err := s.store.Order(ctx, orderID)
	if err != nil || len(d.Shipments) == 0 {
		s.publish()
		return
	}
	ids := make([]int64, len(d.Shipments))
	for i, sh := range d.Shipments {
		ids[i] = sh.ID
	}
	s.publish(ids...)
}

// MarkAlertsRead marks in-app alerts read.
func (s *Service) MarkAlertsRead(ctx context.Context, a Actor, ids []int64) (int, error) {
	if err := a.mayWork(); err != nil {
		return 0, err
	}
	return s.store.MarkAlertsRead(ctx, ids, s.clock.Now())
}

// SnoozeFor hides exceptions from the queue for d from the store's now:
// the screen's "1 day" and "3 days", and `exception snooze --for`.
func (s *Service) SnoozeFor(ctx context.Context, a Actor, ids []int64, d time.Duration) (Triaged, error) {
	if d <= 0 {
		return Triaged{}, refusal(refuseSnoozeFor, d)
	}
	return s.Snooze(ctx, a, ids, s.clock.Now().Add(d))
}
