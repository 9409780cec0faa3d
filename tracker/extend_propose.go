package tracker

import (
	"context"
	"time"
)

// ProposeExtend reports whether a parcel argues for extending the buyer's
// protection: it is not delivered, and the protection ends (end) within
// before of the parcel's likely arrival (its ETA's p90, eta.To) or after
// it (issue 22 item 5). False when either time is unknown.
func ProposeExtend(end time.Time, status Status, p90 time.Time, before time.Duration) bool {
	if end.IsZero() || p90.IsZero() || status == StatusDelivered {
		return false
	}
	return end.Before(p90.Add(before))
}

// ProtectionEnd is when the buyer's protection of order orderID ends, as
// its open protection_end deadline says; ok is false when none is kept.
// One read by the deadlines' (order, kind, ref) index.
func (s *Service) ProtectionEnd(ctx context.Context, orderID int64) (end time.Time, ok bool, err error) {
	es, is := s.store.(ExtendStore)
	if !is {
		return time.Time{}, false, nil
	}
	ds, err := es.OrderDeadlines(ctx, orderID, DeadlineProtectionEnd)
	if err != nil || len(ds) == 0 {
		return time.Time{}, false, err
	}
	return ds[0].DueAt, true, nil
}
