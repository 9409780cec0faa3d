package tracker

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Deadline states. A deadline is open until someone acts in time (met),
// the clock runs out (missed), or the fact behind it goes away (gone: the
// case closed, the marketplace dropped the clock).
const (
	DeadlineOpen   = "open"
	DeadlineMet    = "met"
	DeadlineMissed = "missed"
	DeadlineGone   = "gone"
)

// SourceRule marks a deadline waybill derived itself; a marketplace's
// value for the same clock (Source its name) always wins over it.
const SourceRule = "rule"

// DeadlineKinds are the kinds a deadline may have, in the order README
// lists them.
var DeadlineKinds = []DeadlineKind{DeadlineDisputeReply, DeadlineProtectionEnd, DeadlineShipBy,
	DeadlineTradeAssuranceReply, DeadlineCarrierClaim, DeadlineFollowUp}

// Valid reports whether k is one of DeadlineKinds.
func (k DeadlineKind) Valid() bool {
	for _, x := range DeadlineKinds {
		if x == k {
			return true
		}
	}
	return false
}

// DeadlineRow is a deadline as a list shows it: with the order's number and
// the parcel's tracking number ("" when it is the order's).
type DeadlineRow struct {
	Deadline
	OrderNo    string
	TrackingNo string
}

// DeadlineQuery asks for the open deadlines due before Before (zero: all),
// soonest first, at most Limit (<= 0: all).
type DeadlineQuery struct {
	Before time.Time
	Limit  int
}

// DeadlineRef names one deadline by what PutDeadlines keys it on, and the
// source that set it.
type DeadlineRef struct {
	OrderID int64
	Kind    DeadlineKind
	Ref     string
	Source  string
}

// DeadlinesPut counts what a PutDeadlines changed.
type DeadlinesPut struct {
	Added, Moved, Unchanged int
	// Kept are rule-derived deadlines not written because a marketplace's
	// value for the same clock is stored.
	Kept int
}

// DeadlineStore keeps deadlines. PutDeadlines upserts by (order, kind,
// ref) in one transaction: a new one is added, a due time that moved is
// updated (and its alerts may go again) and logged with the actor, an
// equal one is left alone; a closed one put again opens again. A "rule"
// deadline never replaces one a marketplace set. CloseDeadlines sets
// state (met, missed, gone) on open ones and logs it.
type DeadlineStore interface {
	PutDeadlines(ctx context.Context, now time.Time, actor string, ds []Deadline) (DeadlinesPut, error)
	CloseDeadlines(ctx context.Context, now time.Time, actor string, ids []int64, state string) (int, error)
	// CloseDeadlineRefs sets state on the open deadlines named by
	// (order, kind, ref) whose source is the one given, in one
	// transaction: a marketplace closes only the clocks it set.
	CloseDeadlineRefs(ctx context.Context, now time.Time, actor string, refs []DeadlineRef, state string) (int, error)
	Deadlines(ctx context.Context, q DeadlineQuery) ([]DeadlineRow, error)
}

// ErrNoDeadlines is returned by a store that keeps no deadlines.
var ErrNoDeadlines = errors.New("this store keeps no deadlines")

func (s *Service) deadlines() (DeadlineStore, error) {
	ds, ok := s.store.(DeadlineStore)
	if !ok {
		return nil, ErrNoDeadlines
	}
	return ds, nil
}

// CheckDeadline refuses a deadline no store should keep, naming the field.
func CheckDeadline(d Deadline) error {
	switch {
	case d.OrderID <= 0:
		return fmt.Errorf("deadline %s: order id %d: want the order's id", d.Kind, d.OrderID)
	case !d.Kind.Valid():
		return fmt.Errorf("deadline kind %q: want one of %s", d.Kind, kindList())
	case d.DueAt.IsZero():
		return fmt.Errorf("deadline %s of order %d: no due time", d.Kind, d.OrderID)
	case strings.TrimSpace(d.Source) == "":
		return fmt.Errorf("deadline %s of order %d: no source (a marketplace, rule or config)", d.Kind, d.OrderID)
	}
	return nil
}

func kindList() string {
	var s []string
	for _, k := range DeadlineKinds {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}

// PutDeadlines records deadlines (the marketplace sync's dispute_reply,
// protection_end and ship_by; the rules' own), idempotently: putting the
// same ones again changes nothing.
func (s *Service) PutDeadlines(ctx context.Context, a Actor, ds []Deadline) (DeadlinesPut, error) {
	if err := a.mayWork(); err != nil {
		return DeadlinesPut{}, err
	}
	st, err := s.deadlines()
	if err != nil {
		return DeadlinesPut{}, err
	}
	for i := range ds {
		if err := CheckDeadline(ds[i]); err != nil {
			return DeadlinesPut{}, err
		}
		ds[i].DueAt = ds[i].DueAt.UTC().Truncate(time.Second)
	}
	put, err := st.PutDeadlines(ctx, s.clock.Now(), a.Name, ds)
	if err != nil {
		return put, fmt.Errorf("put %d deadlines: %w", len(ds), err)
	}
	if put.Added+put.Moved > 0 {
		s.publish()
	}
	return put, nil
}

// CloseDeadlines marks open deadlines met, missed or gone.
func (s *Service) CloseDeadlines(ctx context.Context, a Actor, ids []int64, state string) (int, error) {
	if err := a.mayWork(); err != nil {
		return 0, err
	}
	switch state {
	case DeadlineMet, DeadlineMissed, DeadlineGone:
	default:
		return 0, fmt.Errorf("close deadlines as %q: want met, missed or gone", state)
	}
	st, err := s.deadlines()
	if err != nil {
		return 0, err
	}
	n, err := st.CloseDeadlines(ctx, s.clock.Now(), a.Name, ids, state)
	if err != nil {
		return n, fmt.Errorf("close %d deadlines as %s: %w", len(ids), state, err)
	}
	if n > 0 {
		s.publish()
	}
	return n, nil
}

// CloseDeadlineRefs closes the open deadlines refs name (met, missed or
// gone): the fact behind each went away at its source.
func (s *Service) CloseDeadlineRefs(ctx context.Context, a Actor, refs []DeadlineRef, state string) (int, error) {
	if err := a.mayWork(); err != nil {
		return 0, err
	}
	switch state {
	case DeadlineMet, DeadlineMissed, DeadlineGone:
	default:
		return 0, fmt.Errorf("close deadlines as %q: want met, missed or gone", state)
	}
	if len(refs) == 0 {
		return 0, nil
	}
	st, err := s.deadlines()
	if err != nil {
		return 0, err
	}
	n, err := st.CloseDeadlineRefs(ctx, s.clock.Now(), a.Name, refs, state)
	if err != nil {
		return n, fmt.Errorf("close %d deadlines as %s: %w", len(refs), state, err)
	}
	if n > 0 {
		s.publish()
	}
	return n, nil
}

// Deadlines lists the open deadlines due within the next within (0: all),
// soonest first; overdue ones come first of all.
func (s *Service) Deadlines(ctx context.Context, within time.Duration, limit int) ([]DeadlineRow, error) {
	st, err := s.deadlines()
	if err != nil {
		return nil, err
	}
	q := DeadlineQuery{Limit: limit}
	if within > 0 {
		q.Before = s.clock.Now().Add(within)
	}
	return st.Deadlines(ctx, q)
}

// TimeLeft says how long until due as a person reads it at a glance:
// "1d 4h", "3h 20m", "45m", and "overdue 3h" once it has passed.
func TimeLeft(due, now time.Time) string { return LeftSpan(due, now).String() }

// shortSpan is d in its two largest units, rounded down.
func shortSpan(d time.Duration) string { return SpanOf(d).String() }
