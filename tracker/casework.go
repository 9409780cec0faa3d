package tracker

import (
	"context"
	"errors"
	"fmt"
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
}

// CaseQuery picks cases for a list.
type CaseQuery struct {
	State   CaseState // "" for all
	OrderID int64     // 0 for all
	Limit   int       // 0 for all
}

// ErrCaseChanged refuses a save over a case someone else changed since it
// was read: two agents on one case must not overwrite each other.
var ErrCaseChanged = errors.New("the case was changed by someone else meanwhile: reload it")

// ErrCaseOpen refuses a second open case for one parcel and kind of
// problem; errors that wrap it name the case to resume.
var ErrCaseOpen = errors.New("a case is already open for this parcel and kind")

// CaseStore keeps cases and their logs.
type CaseStore interface {
	// CreateCase stores a new case and its first log entry in one
	// transaction and returns it with its ID.
	CreateCase(ctx context.Context, c Case, e CaseEntry) (Case, error)
	// SaveCase stores c and appends e in one transaction, provided the
	// stored case still has the UpdatedAt it had when read (prev);
	// otherwise it returns ErrCaseChanged and changes nothing.
	SaveCase(ctx context.Context, c Case, prev time.Time, e CaseEntry) error
	Case(ctx context.Context, id int64) (CaseRow, error)
	CaseLog(ctx context.Context, id int64) ([]CaseEntry, error)
	Cases(ctx context.Context, q CaseQuery) ([]CaseRow, error)
}

// Casework runs case actions against the store: read, apply, save.
type Casework struct {
	Store CaseStore
	Clock Clock
}

// Open starts a case and stores it.
func (w Casework) Open(ctx context.Context, orderID, shipmentID, exceptionID int64, kind ExceptionKind, lang, actor string) (Case, error) {
	c, e, err := OpenCase(orderID, shipmentID, exceptionID, kind, lang, actor, w.Clock.Now())
	if err != nil {
		return Case{}, err
	}
	c, err = w.Store.CreateCase(ctx, c, e)
	if err != nil {
		return Case{}, fmt.Errorf("open case: %w", err)
	}
	return c, nil
}

// Do applies one action to case id as actor and stores the result.
func (w Casework) Do(ctx context.Context, id int64, a CaseAction, actor string) (Case, error) {
	row, err := w.Store.Case(ctx, id)
	if err != nil {
		return Case{}, fmt.Errorf("case %d: %w", id, err)
	}
	next, entry, err := row.Case.Apply(a, actor, w.Clock.Now())
	if err != nil {
		return row.Case, fmt.Errorf("case %d: %w", id, err)
	}
	entry.CaseID = id
	if err := w.Store.SaveCase(ctx, next, row.UpdatedAt, entry); err != nil {
		return row.Case, fmt.Errorf("case %d: %w", id, err)
	}
	return next, nil
}
