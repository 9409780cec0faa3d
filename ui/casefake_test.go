package ui

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"waybill/tracker"
)

var _ tracker.CaseStore = (*fakeCases)(nil)

// fakeCases is an in-memory tracker.CaseStore. It fills the list fields of
// a CaseRow from the fake reader's rows, and keeps the shipment rows'
// CaseStep and the queue's CaseID/CaseStep in step with the open cases, as
// the store's reads do.
type fakeCases struct {
	mu     sync.Mutex
	reader *fakeReader
	cases  map[int64]tracker.Case
	logs   map[int64][]tracker.CaseEntry
	nextID int64

	changeNext bool  // the next SaveCase fails with ErrCaseChanged
	failCases  error // Cases fails
	queries    []tracker.CaseQuery
}

// newFakeCases makes the case store of r's sessions.
func newFakeCases(r *fakeReader) *fakeCases {
	fc := &fakeCases{reader: r, cases: map[int64]tracker.Case{}, logs: map[int64][]tracker.CaseEntry{}}
	r.cases = fc
	return fc
}

func (f *fakeCases) row(c tracker.Case) tracker.CaseRow {
	r := tracker.CaseRow{Case: c, Owner: c.OpenedBy}
	f.reader.mu.Lock()
	defer f.reader.mu.Unlock()
	for _, s := range f.reader.rows {
		if s.ShipmentID == c.ShipmentID {
			r.OrderNo, r.TrackingNo, r.Carrier, r.Destination, r.Buyer = s.OrderNo, s.TrackingNo, s.Carrier, s.Destination, s.Buyer
		}
	}
	return r
}

// sync writes the open cases' steps into the reader's rows.
func (f *fakeCases) sync() {
	f.reader.mu.Lock()
	defer f.reader.mu.Unlock()
	for i := range f.reader.rows {
		f.reader.rows[i].CaseStep = ""
	}
	for i := range f.reader.exceptions {
		f.reader.exceptions[i].CaseID, f.reader.exceptions[i].CaseStep, f.reader.exceptions[i].FollowUpDue = 0, "", false
	}
	for _, c := range f.cases {
		if c.State != tracker.CaseOpen {
			continue
		}
		for i := range f.reader.rows {
			if f.reader.rows[i].ShipmentID == c.ShipmentID {
				f.reader.rows[i].CaseStep = c.Step
			}
		}
		for i := range f.reader.exceptions {
			if x := &f.reader.exceptions[i]; x.ShipmentID == c.ShipmentID {
				x.CaseID, x.CaseStep, x.FollowUpDue = c.ID, c.Step, c.FollowUpDue(fixedNow)
			}
		}
	}
}

func (f *fakeCases) CreateCase(ctx context.Context, c tracker.Case, e tracker.CaseEntry) (tracker.Case, error) {
	f.mu.Lock()
	f.nextID++
	c.ID = f.nextID
	e.CaseID = c.ID
	f.cases[c.ID] = c
	f.logs[c.ID] = append(f.logs[c.ID], e)
	f.mu.Unlock()
	f.sync()
	return c, nil
}

func (f *fakeCases) SaveCase(ctx context.Context, c tracker.Case, prev time.Time, e tracker.CaseEntry, fx tracker.CaseEffects) error {
	f.mu.Lock()
	old, ok := f.cases[c.ID]
	switch {
	case !ok:
		f.mu.Unlock()
		return fmt.Errorf("case %d: %w", c.ID, tracker.ErrNotFound)
	case f.changeNext || !old.UpdatedAt.Equal(prev):
		f.changeNext = false
		f.mu.Unlock()
		return tracker.ErrCaseChanged
	}
	f.cases[c.ID] = c
	f.logs[c.ID] = append(f.logs[c.ID], e)
	f.mu.Unlock()
	f.sync()
	return nil
}

func (f *fakeCases) Case(ctx context.Context, id int64) (tracker.CaseRow, error) {
	f.mu.Lock()
	c, ok := f.cases[id]
	f.mu.Unlock()
	if !ok {
		return tracker.CaseRow{}, tracker.ErrNotFound
	}
	return f.row(c), nil
}

func (f *fakeCases) CaseLog(ctx context.Context, id int64) ([]tracker.CaseEntry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.logs[id]), nil
}

func (f *fakeCases) Cases(ctx context.Context, q tracker.CaseQuery) ([]tracker.CaseRow, error) {
	f.mu.Lock()
	f.queries = append(f.queries, q)
	if f.failCases != nil {
		f.mu.Unlock()
		return nil, f.failCases
	}
	var all []tracker.Case
	for _, c := range f.cases {
		all = append(all, c)
	}
	f.mu.Unlock()
	// The tracker's definition of a list, which the store's SQL follows.
	var rows []tracker.CaseRow
	for _, c := range all {
		if r := f.row(c); q.Matches(r) {
			rows = append(rows, r)
		}
	}
	slices.SortFunc(rows, func(a, b tracker.CaseRow) int { return q.CursorOf(a).Compare(q.CursorOf(b)) })
	if q.Cursor != nil {
		i := 0
		for i < len(rows) && q.CursorOf(rows[i]).Compare(*q.Cursor) <= 0 {
			i++
		}
		if q.Dir == tracker.Backward {
			j := 0
			for j < len(rows) && q.CursorOf(rows[j]).Compare(*q.Cursor) < 0 {
				j++
			}
			rows = rows[:j]
		} else {
			rows = rows[i:]
		}
	}
	if q.Limit > 0 && len(rows) > q.Limit {
		if q.Dir == tracker.Backward {
			rows = rows[len(rows)-q.Limit:]
		} else {
			rows = rows[:q.Limit]
		}
	}
	return rows, nil
}

func (f *fakeCases) CountCases(ctx context.Context, qs []tracker.CaseQuery) ([]int, error) {
	out := make([]int, len(qs))
	for i, q := range qs {
		q.Cursor, q.Limit = nil, 0
		rows, err := f.Cases(ctx, q)
		if err != nil {
			return nil, err
		}
		out[i] = len(rows)
	}
	return out, nil
}

// get returns a case and its log as stored.
func (f *fakeCases) get(id int64) (tracker.Case, []tracker.CaseEntry) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cases[id], slices.Clone(f.logs[id])
}

// only returns the one case stored; tests that open one case use it.
func (f *fakeCases) only() (tracker.Case, []tracker.CaseEntry, bool) {
	f.mu.Lock()
	n := len(f.cases)
	var id int64
	for k := range f.cases {
		id = k
	}
	f.mu.Unlock()
	if n != 1 {
		return tracker.Case{}, nil, false
	}
	c, log := f.get(id)
	return c, log, true
}
