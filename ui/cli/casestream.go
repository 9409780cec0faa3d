package cli

import (
	"context"
	"encoding/csv"
	"io"

	"waybill/tracker"
)

// eachCase calls fn with every case in state ("" for all), a keyset page
// of exportPage at a time: newest first, or oldest first (the order a
// spreadsheet grows in, `case export`).
func eachCase(ctx context.Context, st caseLister, state tracker.CaseState, oldestFirst bool, fn func(tracker.CaseRow) error) error {
	q := tracker.CaseQuery{State: state, Order: tracker.CasesNewest, Limit: exportPage}
	if oldestFirst {
		// Backward from no cursor is the list's last page, the oldest;
		// each page comes newest first, and the next is the newer one.
		q.Dir = tracker.Backward
	}
	for {
		page, err := st.Cases(ctx, q)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			return nil
		}
		next := page[len(page)-1]
		if oldestFirst {
			next = page[0]
			for i := len(page) - 1; i >= 0; i-- {
				if err := fn(page[i]); err != nil {
					return err
				}
			}
		} else {
			for _, r := range page {
				if err := fn(r); err != nil {
					return err
				}
			}
		}
		if len(page) < exportPage {
			return nil
		}
		q.Cursor = &tracker.CaseCursor{ID: next.ID}
	}
}

// streamCasesJSON writes every case as writeCasesJSON does, newest first,
// a page at a time.
func streamCasesJSON(ctx context.Context, w io.Writer, st caseLister, p *progress) error {
	arr := newJSONArray(w)
	err := eachCase(ctx, st, "", false, func(r tracker.CaseRow) error {
		p.Add(1)
		return arr.Add(caseToJSON(r))
	})
	if err != nil {
		return err
	}
	return arr.Close()
}

// streamCasesCSV writes the cases in state as writeCasesCSV does, oldest
// first, a page at a time.
func streamCasesCSV(ctx context.Context, w io.Writer, st caseLister, state tracker.CaseState, p *progress) error {
	cw := csv.NewWriter(w)
	writeCaseHeader(cw)
	err := eachCase(ctx, st, state, true, func(r tracker.CaseRow) error {
		p.Add(1)
		writeCaseRow(cw, r)
		return cw.Error()
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
