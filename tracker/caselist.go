package tracker

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// The cases a person works from: every case, filtered (open, due today,
// mine, closed) and sorted by what needs doing first. The screen's cases
// view and `waybill case list` both turn a CaseFilter into a CaseQuery
// here, so they list the same cases in the same order.

// CaseFilter names one list of cases.
type CaseFilter string

const (
	CasesOpen   CaseFilter = "open"   // every open case
	CasesDue    CaseFilter = "due"    // open, the next follow-up falls today or earlier
	CasesMine   CaseFilter = "mine"   // open, and the actor owns it
	CasesClosed CaseFilter = "closed" // closed: to look up, or to reopen
	CasesAll    CaseFilter = "all"
)

// CaseFilters lists the filters in the order a screen offers them.
var CaseFilters = []CaseFilter{CasesOpen, CasesDue, CasesMine, CasesClosed, CasesAll}

// ParseCaseFilter reads a filter's name, ignoring case and surrounding space.
func ParseCaseFilter(s string) (CaseFilter, error) {
	f := CaseFilter(strings.ToLower(strings.TrimSpace(s)))
	for _, g := range CaseFilters {
		if f == g {
			return f, nil
		}
	}
	return "", refusal(refuseCaseFilter, s)
}

// Query is the filter as a query for actor at now, sorted by need: the
// one place that says what "mine" and "due today" mean. Due today is a
// follow-up before tomorrow begins where now is (the session's clock, the
// store's in a demo).
func (f CaseFilter) Query(actor string, now time.Time) CaseQuery {
	q := CaseQuery{Order: CasesByNeed, Now: now}
	switch f {
	case CasesOpen:
		q.State = CaseOpen
	case CasesDue:
		y, m, d := now.Date()
		q.State, q.DueBy = CaseOpen, time.Date(y, m, d+1, 0, 0, 0, 0, now.Location())
	case CasesMine:
		q.State, q.Owner = CaseOpen, actor
		if strings.TrimSpace(actor) == "" {
			q.Owner = OwnerNone // nobody is nobody's: an empty actor owns nothing
		}
	case CasesClosed:
		q.State = CaseClosed
	}
	return q
}

// CaseOrder is how a case list is sorted.
type CaseOrder int

const (
	// CasesNewest: the newest case first (by id).
	CasesNewest CaseOrder = iota
	// CasesByNeed: what needs doing first. Overdue follow-ups (at or
	// before Now), the longest overdue first; then open cases with no
	// follow-up date (still being worked through steps 1–3: work to do
	// now), the oldest first; then follow-ups ahead, the soonest first;
	// then closed cases, the newest first. Ties go to the lower id. Each
	// of the four is read in the order of an index (store.caseSegments),
	// so a page costs its rows whatever the store holds.
	CasesByNeed
)

// Need ranks of CasesByNeed, in order.
const (
	NeedOverdue = iota
	NeedNoFollowUp
	NeedLater
	NeedClosed
)

// CaseCursor is a case's place in a sorted list: rank, then key, then id,
// each ascending. A keyset page starts after (Forward) or before
// (Backward) a cursor.
type CaseCursor struct {
	Rank int
	Key  int64 // unix seconds, negated where the order is descending
	ID   int64
}

// Compare orders two cursors as the list does: -1 when c comes first.
func (c CaseCursor) Compare(d CaseCursor) int {
	switch {
	case c.Rank != d.Rank:
		return cmpInt(int64(c.Rank), int64(d.Rank))
	case c.Key != d.Key:
		return cmpInt(c.Key, d.Key)
	}
	return cmpInt(c.ID, d.ID)
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// CursorOf is r's place in q's order. The store sorts by the same
// definition in SQL (store.caseSegments); tests hold the two together.
func (q CaseQuery) CursorOf(r CaseRow) CaseCursor {
	if q.Order != CasesByNeed {
		return CaseCursor{Key: -r.ID, ID: r.ID}
	}
	switch {
	case r.State == CaseClosed:
		return CaseCursor{Rank: NeedClosed, Key: -r.ID, ID: r.ID}
	case r.FollowUpAt.IsZero():
		// Cases are numbered as they open: by id is the oldest first.
		return CaseCursor{Rank: NeedNoFollowUp, ID: r.ID}
	case !q.Now.Before(r.FollowUpAt):
		return CaseCursor{Rank: NeedOverdue, Key: r.FollowUpAt.Unix(), ID: r.ID}
	}
	return CaseCursor{Rank: NeedLater, Key: r.FollowUpAt.Unix(), ID: r.ID}
}

// Before is a cursor just before r's place in q's order: a Forward page
// read from it starts with r (a page read again where it stood).
func (q CaseQuery) Before(r CaseRow) CaseCursor {
	c := q.CursorOf(r)
	if q.Order != CasesByNeed || c.Rank == NeedClosed {
		// By id descending: the next id up comes just before.
		return CaseCursor{Rank: c.Rank, Key: c.Key - 1, ID: c.ID + 1}
	}
	c.ID--
	return c
}

// Matches reports whether q lists r, cursor and limit aside: the
// definition the store's SQL follows.
func (q CaseQuery) Matches(r CaseRow) bool {
	switch {
	case q.State != "" && r.State != q.State:
		return false
	case q.OrderID != 0 && r.OrderID != q.OrderID:
		return false
	case !q.DueBy.IsZero() && (r.State != CaseOpen || r.FollowUpAt.IsZero() || !r.FollowUpAt.Before(q.DueBy)):
		return false
	}
	switch owner := strings.TrimSpace(q.Owner); owner {
	case "":
	case OwnerNone:
		return false
	default:
		if !sameName(r.Owner, owner) {
			return false
		}
	}
	return true
}

// sameName compares names as the store does (SQLite's NOCASE): ASCII
// letters regardless of case, everything else exactly.
func sameName(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// Deadline is the date the case has promised to meet: the new ETA given
// the buyer in step 3, else the order's promised delivery date; zero
// when neither is known.
func (r CaseRow) Deadline() time.Time {
	if s := r.Solution; s != nil && s.Type == SolveNewETA && !s.ETA.IsZero() {
		return s.ETA
	}
	return r.PromisedAt
}

// CaseCounts are how many cases each filter lists.
type CaseCounts map[CaseFilter]int

// CaseCounts counts the cases of every filter for actor at now, in one
// read.
func (s *Service) CaseCounts(ctx context.Context, actor string, now time.Time) (CaseCounts, error) {
	qs := make([]CaseQuery, len(CaseFilters))
	for i, f := range CaseFilters {
		qs[i] = f.Query(actor, now)
	}
	ns, err := s.store.CountCases(ctx, qs)
	if err != nil {
		return nil, fmt.Errorf("count cases: %w", err)
	}
	if len(ns) != len(qs) {
		return nil, fmt.Errorf("count cases: %d counts for %d filters", len(ns), len(qs))
	}
	out := make(CaseCounts, len(qs))
	for i, f := range CaseFilters {
		out[f] = ns[i]
	}
	return out, nil
}
