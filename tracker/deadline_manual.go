package tracker

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// SourceManual marks a deadline a person entered (`waybill deadline add`):
// its time is theirs, or theirs plus a [deadlines] window.
const SourceManual = "manual"

// DefaultTradeAssuranceReply is [deadlines] trade_assurance_reply unset:
// an Alibaba.com supplier should answer a refund request within 3 days
// (MARKETPLACES.md A1). Trade Assurance has no API, so the request's time
// is entered by hand.
const DefaultTradeAssuranceReply = 72 * time.Hour

// ManualDeadline is a deadline a person enters on an order. From is when
// the Trade Assurance refund request was made (zero: now); Due is a
// follow-up's time.
type ManualDeadline struct {
	Kind DeadlineKind
	From time.Time
	Due  time.Time
}

// DeadlineFinder reads one deadline by what PutDeadlines keys it on.
type DeadlineFinder interface {
	DeadlineByRef(ctx context.Context, orderID int64, kind DeadlineKind, ref string) (Deadline, error)
}

// AddDeadline puts a deadline a person enters on the order orderKey (its
// number or a tracking number): trade_assurance_reply, due at the refund
// request's time (From, default now) plus cfg's TradeAssuranceReply, or
// follow_up, due at Due. The other kinds come from a marketplace or the
// rules and are refused. Adding the same one again changes nothing. The
// deadline is returned with its id.
func (s *Service) AddDeadline(ctx context.Context, a Actor, orderKey string, in ManualDeadline, cfg DeadlineConfig) (Deadline, error) {
	if err := a.mayWork(); err != nil {
		return Deadline{}, err
	}
	now := s.clock.Now()
	d := Deadline{Kind: in.Kind, Source: SourceManual}
	switch in.Kind {
	case DeadlineTradeAssuranceReply:
		if !in.Due.IsZero() {
			return Deadline{}, refusal(refuseDueTA, in.Due.Format(time.RFC3339))
		}
		from := in.From
		if from.IsZero() {
			from = now
		}
		// A minute's grace: a clock a little ahead of ours is not a typo.
		if from.After(now.Add(time.Minute)) {
			return Deadline{}, refusal(refuseFromFuture, from.Format(time.RFC3339))
		}
		window := cfg.TradeAssuranceReply.Duration
		if window <= 0 {
			window = DefaultTradeAssuranceReply
		}
		d.DueAt = from.Add(window)
		d.Ref = "request:" + from.UTC().Truncate(time.Second).Format(time.RFC3339)
	case DeadlineFollowUp:
		if !in.From.IsZero() {
			return Deadline{}, refusal(refuseFromFollowUp, in.From.Format(time.RFC3339))
		}
		if in.Due.IsZero() {
			return Deadline{}, refusal(refuseNoDue)
		}
		if !in.Due.After(now) {
			return Deadline{}, refusal(refuseDuePast, in.Due.Format(time.RFC3339))
		}
		d.DueAt = in.Due
		d.Ref = "manual:" + in.Due.UTC().Truncate(time.Second).Format(time.RFC3339)
	default:
		return Deadline{}, CheckManualKind(in.Kind)
	}
	if orderKey == "" {
		return Deadline{}, refusal(refuseNoOrderKey)
	}
	od, err := s.store.FindOrder(ctx, orderKey, false)
	if errors.Is(err, ErrNotFound) || err == nil && od.ID == 0 {
		return Deadline{}, notFound("order %q: no such order", ShortValue(orderKey))
	}
	if err != nil {
		return Deadline{}, fmt.Errorf("order %q: %w", ShortValue(orderKey), err)
	}
	d.OrderID = od.ID
	if _, err := s.PutDeadlines(ctx, a, []Deadline{d}); err != nil {
		return Deadline{}, err
	}
	if f, ok := s.store.(DeadlineFinder); ok {
		got, err := f.DeadlineByRef(ctx, d.OrderID, d.Kind, d.Ref)
		if err != nil {
			return Deadline{}, fmt.Errorf("read the deadline back: %w", err)
		}
		return got, nil
	}
	return d, nil
}

// CheckManualKind refuses a kind a person may not enter by hand: only
// trade_assurance_reply and follow_up; the others come from a marketplace
// or the rules.
func CheckManualKind(k DeadlineKind) error {
	switch {
	case k == DeadlineTradeAssuranceReply || k == DeadlineFollowUp:
		return nil
	case !k.Valid():
		return refusal(refuseManualKind, ShortValue(string(k)))
	}
	return refusal(refuseAutoKind, string(k))
}

// CheckManualKind's refusals: the kind as typed is a value.
const (
	refuseManualKind = "kind %q: want trade_assurance_reply or follow_up"
	refuseAutoKind   = "kind %q: set by a marketplace or the rules, not by hand; want trade_assurance_reply or follow_up"
)

// AddDeadline's and DeadlineDone's refusals of what a person typed: the
// times (RFC 3339, as given) and the id are values.
const (
	refuseDueTA        = "due %s: a trade_assurance_reply is due at its refund request's time (from) plus [deadlines] trade_assurance_reply; give from instead"
	refuseFromFuture   = "from %s: the refund request's time is in the future"
	refuseFromFollowUp = "from %s: only a trade_assurance_reply counts from a time; a follow_up takes due"
	refuseNoDue        = "due: a follow_up needs its time"
	refuseDuePast      = "due %s: already past"
	refuseNoOrderKey   = "order: want an order number or tracking number"
	refuseDeadlineID   = "deadline id %d: want the id `waybill deadlines` shows"
	refuseDeadlineNone = "deadline id %d: no open deadline has it (`waybill deadlines` lists them)"
)

// DeadlineDone closes the open deadline id as met: the seller acted in
// time (answered the refund request, followed up).
func (s *Service) DeadlineDone(ctx context.Context, a Actor, id int64) error {
	if id <= 0 {
		return refusal(refuseDeadlineID, id)
	}
	n, err := s.CloseDeadlines(ctx, a, []int64{id}, DeadlineMet)
	if err != nil {
		return err
	}
	if n == 0 {
		return refusal(refuseDeadlineNone, id)
	}
	return nil
}
