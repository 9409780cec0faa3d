package tracker

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// CaseRow is a case with what lists show beside it.
type CaseRow struct {
	Case
	OrderNo     string
	TrackingNo  string
	Carrier     string
	Destination string
	Buyer       string
	// Owner is who the case is for: whoever its exception was assigned
	// to (the queue's `o`), else who opened it.
	Owner      string
	PromisedAt time.Time // the order's promised delivery date; zero: none
}

// CaseQuery picks cases for a list. CaseFilter.Query builds the ones the
// screen and `case list` share; Matches and CursorOf say what each field
// means.
type CaseQuery struct {
	State   CaseState // "" for all
	OrderID int64     // 0 for all
	// Owner keeps the cases whose Owner it is, ignoring case (OwnerNone:
	// none); "" for all.
	Owner string
	// DueBy keeps the open cases with a follow-up before it; zero for all.
	DueBy time.Time
	Order CaseOrder
	Now   time.Time // CasesByNeed: follow-ups at or before Now are overdue
	// Cursor and Dir read one keyset page in Order: the rows after
	// (Forward) or before (Backward) Cursor, always in display order; a
	// nil Cursor reads from the start (Backward: the last page).
	Cursor *CaseCursor
	Dir    Direction
	Limit  int // 0 for all
}

// ErrCaseChanged refuses a save over a case someone else changed since it
// was read: two agents on one case must not overwrite each other.
var ErrCaseChanged = Wrapf(refuseCaseChanged)

// ErrCaseOpen refuses a second open case for one parcel and kind of
// problem; errors that wrap it name the case to resume.
var ErrCaseOpen = Wrapf(refuseCaseOpen)

// CaseStore keeps cases and their logs.
type CaseStore interface {
	// CreateCase stores a new case and its first log entry in one
	// transaction and returns it with its ID.
	CreateCase(ctx context.Context, c Case, e CaseEntry) (Case, error)
	// SaveCase stores c, appends e and makes the effects in one
	// transaction, provided the stored case still has the UpdatedAt it had
	// when read (prev); otherwise it returns ErrCaseChanged and changes
	// nothing.
	SaveCase(ctx context.Context, c Case, prev time.Time, e CaseEntry, fx CaseEffects) error
	Case(ctx context.Context, id int64) (CaseRow, error)
	CaseLog(ctx context.Context, id int64) ([]CaseEntry, error)
	Cases(ctx context.Context, q CaseQuery) ([]CaseRow, error)
	// CountCases counts what Cases lists for each query (cursor and limit
	// aside), in one read.
	CountCases(ctx context.Context, qs []CaseQuery) ([]int, error)
}

// CaseEffects are what a case action changes beyond the case itself. The
// store writes them in the case's own transaction, so a case never says
// "reissued as X" while its order lacks parcel X.
type CaseEffects struct {
	// Reissue is a reissue's new parcel, added to the case's order (merged
	// when the order has that number already), tracked like the first.
	Reissue *Shipment
	// Contact is the address and phone a redelivery or a pickup verified
	// with the buyer, written to the case's order; an empty field keeps
	// the order's.
	Contact *Contact
	// ResolveException closes the exception the case was opened for
	// (the case closed); ReopenException opens it again (the case
	// reopened), or links the case to the one of its kind the rules have
	// opened since. Both are logged with the case's actor; 0: none.
	ResolveException int64
	ReopenException  int64
}

// Contact is how a buyer is reached for a delivery.
type Contact struct {
	Address string
	Phone   string
}

// caseEffects decides what action a, which took case c from before to
// after, changes beyond the case. It is a pure function of them and the
// time.
func caseEffects(before, after Case, a CaseAction, now time.Time) CaseEffects {
	var fx CaseEffects
	switch a.Type {
	case ActSolve:
		s := after.Solution
		switch s.Type {
		case SolveReissue:
			fx.Reissue = &Shipment{OrderID: after.OrderID, TrackingNo: s.ReissueTrackingNo, Carrier: s.ReissueCarrier,
				Status: StatusPending, ShippedAt: now, NextCheckAt: now}
		case SolveRedeliver, SolvePickup:
			if c := (Contact{Address: strings.TrimSpace(s.Address), Phone: strings.TrimSpace(s.Phone)}); c != (Contact{}) {
				fx.Contact = &c
			}
		}
	case ActClose:
		fx.ResolveException = after.ExceptionID
	case ActReopen:
		if before.State == CaseClosed {
			fx.ReopenException = after.ExceptionID
		}
	}
	return fx
}

// CaseRequest asks to open a case on a parcel.
type CaseRequest struct {
	OrderID    int64
	ShipmentID int64
	Kind       ExceptionKind
	// ExceptionID is the exception the case is opened from; 0: the
	// parcel's open exception of Kind, if it has one.
	ExceptionID int64
	// Language of the messages to the buyer; "" : the buyer's country's.
	Language string
	// Fresh opens a new case although the parcel's last case of this kind
	// is closed: a person decided so, having been shown that case.
	Fresh bool
}

// OpeningOutcome says what opening a case did.
type OpeningOutcome int

const (
	// CaseCreated: a new case, at step 1.
	CaseCreated OpeningOutcome = iota
	// CaseResumed: the parcel had a case of this kind open; that is the
	// case, where it stands.
	CaseResumed
	// CaseWasClosed: the parcel's last case of this kind is closed, and
	// nothing was opened. Show it; reopen it, or open a new one (Fresh).
	CaseWasClosed
)

// CaseOpening is a case opening's outcome and the case it is about.
type CaseOpening struct {
	Outcome OpeningOutcome
	Case    CaseRow
}

// OpenCase opens a complaint case on a parcel: one case per parcel and
// kind of problem. A case already open is resumed; where the last one was
// closed, nothing is opened unless the request is Fresh, so nobody starts
// a second case about the same problem without seeing the first.
func (s *Service) OpenCase(ctx context.Context, a Actor, req CaseRequest) (CaseOpening, error) {
	if err := a.mayWork(); err != nil {
		return CaseOpening{}, err
	}
	rows, err := s.store.Cases(ctx, CaseQuery{OrderID: req.OrderID})
	if err != nil {
		return CaseOpening{}, fmt.Errorf("look for the parcel's cases: %w", err)
	}
	var last *CaseRow // newest first: the first of the parcel and kind
	for i, r := range rows {
		if r.ShipmentID != req.ShipmentID || r.Kind != req.Kind {
			continue
		}
		if r.State == CaseOpen {
			return CaseOpening{Outcome: CaseResumed, Case: r}, nil
		}
		if last == nil {
			last = &rows[i]
		}
	}
	if last != nil && !req.Fresh {
		return CaseOpening{Outcome: CaseWasClosed, Case: *last}, nil
	}
	exID := req.ExceptionID
	if exID == 0 {
		if exID, err = s.store.OpenException(ctx, req.ShipmentID, req.Kind); err != nil {
			return CaseOpening{}, err
		}
	}
	lang := req.Language
	if lang == "" {
		o, err := s.store.Order(ctx, req.OrderID)
		if err != nil {
			return CaseOpening{}, fmt.Errorf("order %d: %w", req.OrderID, err)
		}
		lang = BuyerLanguage(buyerCountry(o, req.ShipmentID))
	}
	c, e, err := OpenCase(req.OrderID, req.ShipmentID, exID, req.Kind, lang, a.Name, s.clock.Now())
	if err != nil {
		return CaseOpening{}, err
	}
	c, err = s.store.CreateCase(ctx, c, e)
	if errors.Is(err, ErrCaseOpen) {
		// Another screen opened it a moment ago: resume theirs.
		return s.OpenCase(ctx, a, req)
	}
	if err != nil {
		return CaseOpening{}, fmt.Errorf("open case: %w", err)
	}
	row, err := s.store.Case(ctx, c.ID)
	if err != nil {
		return CaseOpening{}, err
	}
	s.publish(req.ShipmentID)
	return CaseOpening{Outcome: CaseCreated, Case: row}, nil
}

// buyerCountry is where the parcel goes: its destination, else the
// order's country.
func buyerCountry(o OrderDetail, shipmentID int64) string {
	for _, sh := range o.Shipments {
		if sh.ID == shipmentID && sh.Destination != "" {
			return sh.Destination
		}
	}
	return o.Country
}

// CaseDone is what a case action did.
type CaseDone struct {
	Case    Case
	Effects CaseEffects // what it changed beyond the case
}

// DoCase applies one action to case id as actor: the workflow decides
// (Case.Apply), the effects follow from it (a reissue's parcel, a verified
// address, the exception closed or reopened with the case), and the store
// writes all of it in one transaction.
func (s *Service) DoCase(ctx context.Context, a Actor, id int64, act CaseAction) (CaseDone, error) {
	if err := a.mayWork(); err != nil {
		return CaseDone{}, err
	}
	row, err := s.store.Case(ctx, id)
	if err != nil {
		return CaseDone{}, Wrapf(WrapCase, id, err)
	}
	now := s.clock.Now()
	next, entry, err := row.Case.Apply(act, a.Name, now)
	if err != nil {
		return CaseDone{Case: row.Case}, Wrapf(WrapCase, id, err)
	}
	entry.CaseID = id
	if act.Type == ActClose && next.ExceptionID == 0 {
		// Opened before the rules found the problem: the exception of its
		// kind they opened since is the one it closes.
		if next.ExceptionID, err = s.store.OpenException(ctx, row.ShipmentID, row.Kind); err != nil {
			return CaseDone{Case: row.Case}, Wrapf(WrapCase, id, err)
		}
	}
	fx := caseEffects(row.Case, next, act, now)
	if fx.Reissue != nil {
		fx.Reissue.Destination = row.Destination // where the lost one was going
	}
	if err := s.store.SaveCase(ctx, next, row.UpdatedAt, entry, fx); err != nil {
		return CaseDone{Case: row.Case}, Wrapf(WrapCase, id, err)
	}
	if fx.Reissue != nil {
		s.publish() // the new parcel has no id the caller knows
	} else {
		s.publish(row.ShipmentID)
	}
	return CaseDone{Case: next, Effects: fx}, nil
}

// SuggestETA is the new date step 3 proposes for a case's delayed parcel:
// one a buyer who already waits can rely on, the day 9 in 10 similar
// parcels arrived by (the end of the history range) or the carrier's own
// estimate. ok is false when nothing ahead of now is known.
func (s *Service) SuggestETA(ctx context.Context, caseID int64) (time.Time, bool, error) {
	row, err := s.store.Case(ctx, caseID)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("case %d: %w", caseID, err)
	}
	now := s.clock.Now()
	t, err := s.arrival(ctx, row.ShipmentID, now)
	if err != nil || !t.After(now) {
		return time.Time{}, false, err
	}
	return t, true, nil
}

// Case reads one case; a viewer may.
func (s *Service) Case(ctx context.Context, id int64) (CaseRow, error) { return s.store.Case(ctx, id) }

// CaseLog reads a case's log, oldest first.
func (s *Service) CaseLog(ctx context.Context, id int64) ([]CaseEntry, error) {
	return s.store.CaseLog(ctx, id)
}

// Cases lists the cases q picks, in q.Order (newest first by default).
func (s *Service) Cases(ctx context.Context, q CaseQuery) ([]CaseRow, error) {
	return s.store.Cases(ctx, q)
}

// CaseFacts are what is known about a case when a message about it is
// written: the case, its order and parcel as stored now, the parcel's ETA,
// and a reissue's new parcel with its own. The messages to the buyer are
// composed from them (templates.FactsOf), by the screen and the command
// line alike.
type CaseFacts struct {
	Now      time.Time
	Case     CaseRow
	Order    Order
	Shipment Shipment
	// ETA is the day the parcel should be there by: the carrier's estimate,
	// or the day 9 in 10 similar parcels arrived by; zero when none is
	// known. A date already past is still given: the message decides.
	ETA        time.Time
	Reissue    *Shipment // a reissue's parcel as stored; nil otherwise
	ReissueETA time.Time
}

// CaseFacts gathers the facts of case id as of the store's now.
func (s *Service) CaseFacts(ctx context.Context, id int64) (CaseFacts, error) {
	row, err := s.store.Case(ctx, id)
	if err != nil {
		return CaseFacts{}, Wrapf(WrapCase, id, err)
	}
	o, err := s.store.Order(ctx, row.OrderID)
	if err != nil {
		return CaseFacts{}, Wrapf(WrapCase, id, err)
	}
	f := CaseFacts{Now: s.clock.Now(), Case: row, Order: o.Order}
	for _, sh := range o.Shipments {
		switch {
		case sh.ID == row.ShipmentID:
			f.Shipment = sh.Shipment
		case row.Solution != nil && row.Solution.Type == SolveReissue && sh.TrackingNo == row.Solution.ReissueTrackingNo:
			re := sh.Shipment
			f.Reissue = &re
		}
	}
	if f.Shipment.ID == 0 {
		return CaseFacts{}, fmt.Errorf("case %d: its parcel %d is not on order %s", id, row.ShipmentID, o.OrderNo)
	}
	if f.ETA, err = s.arrival(ctx, f.Shipment.ID, f.Now); err != nil {
		return CaseFacts{}, err
	}
	if f.Reissue != nil {
		if f.ReissueETA, err = s.arrival(ctx, f.Reissue.ID, f.Now); err != nil {
			return CaseFacts{}, err
		}
	}
	return f, nil
}

// arrival is the day a parcel should be there by; zero when unknown.
func (s *Service) arrival(ctx context.Context, shipmentID int64, now time.Time) (time.Time, error) {
	if s.eta == nil {
		return time.Time{}, nil
	}
	est, ok, err := s.eta.ShipmentETA(ctx, shipmentID, now)
	if err != nil || !ok {
		return time.Time{}, err
	}
	return est.To, nil
}
