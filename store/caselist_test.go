package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"waybill/tracker"
)

// caseListFixture is a store with cases in every state a list sorts
// apart: overdue, due later today, ahead, none set, closed; owned by the
// opener or, through the exception, by someone assigned it.
type caseListFixture struct {
	db  *DB
	ids map[string]int64 // by letter, see newCaseList
}

func newCaseList(t *testing.T) caseListFixture {
	t.Helper()
	ctx := context.Background()
	f := newQueue(t)
	w, _ := casework(f.db, t0)
	de, _ := f.db.FindOrder(ctx, "O-DE", false)
	fr, _ := f.db.FindOrder(ctx, "O-FR", false)
	us, _ := f.db.FindOrder(ctx, "O-US", false)
	type spec struct {
		name     string
		order    tracker.OrderDetail
		kind     tracker.ExceptionKind
		ex       int64
		by       string
		opened   time.Time
		followUp time.Time // zero: none
		closed   time.Time // zero: open
	}
	specs := []spec{
		{"A", de, tracker.ExStale, 0, "ana", t0.Add(-5 * day), time.Time{}, time.Time{}},
		{"B", fr, tracker.ExCustoms, 0, "bo", t0.Add(-6 * day), t0.Add(-2 * day), time.Time{}},
		{"C", de, tracker.ExLost, f.lostDE, "ana", t0.Add(-4 * day), t0.Add(-time.Hour), time.Time{}},
		{"D", us, tracker.ExStale, 0, "ana", t0.Add(-3 * day), t0.Add(3 * time.Hour), time.Time{}},
		{"E", us, tracker.ExOverdue, 0, "ana", t0.Add(-3 * day), t0.Add(2 * day), time.Time{}},
		{"F", fr, tracker.ExStale, 0, "ana", t0.Add(-9 * day), time.Time{}, t0.Add(-day)},
		{"G", fr, tracker.ExLost, 0, "bo", t0.Add(-9 * day), time.Time{}, t0.Add(-3 * day)},
		{"H", de, tracker.ExDamaged, 0, "ana", t0.Add(-day), time.Time{}, time.Time{}},
	}
	ids := map[string]int64{}
	for _, s := range specs {
		c, err := w.Open(ctx, s.order.ID, s.order.Shipments[0].ID, s.ex, s.kind, "en", s.by)
		if err != nil {
			t.Fatalf("case %s: %v", s.name, err)
		}
		ids[s.name] = c.ID
		state, step := "open", "follow_up"
		var follow, closed any
		if !s.followUp.IsZero() {
			follow = s.followUp.Unix()
		}
		if !s.closed.IsZero() {
			state, step, closed = "closed", "closed", s.closed.Unix()
		}
		if _, err := f.db.write.Exec(`UPDATE cases SET state = ?, step = ?, opened_at = ?, follow_up_at = ?, closed_at = ? WHERE id = ?`,
			state, step, s.opened.Unix(), follow, closed, c.ID); err != nil {
			t.Fatal(err)
		}
	}
	// C's exception is assigned to Bo: the case is Bo's now.
	if _, err := f.db.Assign(ctx, []int64{f.lostDE}, "Bo", "ana", t0); err != nil {
		t.Fatal(err)
	}
	return caseListFixture{db: f.db, ids: ids}
}

func (f caseListFixture) names(rows []tracker.CaseRow) []string {
	var out []string
	for _, r := range rows {
		for n, id := range f.ids {
			if id == r.ID {
				out = append(out, n)
			}
		}
	}
	return out
}

// The lists the screen and `case list` share: each filter picks its
// cases and sorts them by what needs doing first.
func TestCaseFiltersByNeed(t *testing.T) {
	ctx := context.Background()
	f := newCaseList(t)
	for _, tc := range []struct {
		filter tracker.CaseFilter
		actor  string
		want   []string
	}{
		{tracker.CasesAll, "ana", []string{"B", "C", "A", "H", "D", "E", "G", "F"}},
		{tracker.CasesOpen, "ana", []string{"B", "C", "A", "H", "D", "E"}},
		{tracker.CasesDue, "ana", []string{"B", "C", "D"}},
		{tracker.CasesMine, "ana", []string{"A", "H", "D", "E"}},
		{tracker.CasesMine, "BO", []string{"B", "C"}},
		{tracker.CasesMine, "", nil},
		{tracker.CasesClosed, "ana", []string{"G", "F"}},
	} {
		t.Run(string(tc.filter)+" "+tc.actor, func(t *testing.T) {
			q := tc.filter.Query(tc.actor, t0)
			rows, err := f.db.Cases(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if got := f.names(rows); !slices.Equal(got, tc.want) {
				t.Fatalf("%s cases %v, want %v", tc.filter, got, tc.want)
			}
			n, err := f.db.CountCases(ctx, []tracker.CaseQuery{q})
			if err != nil {
				t.Fatal(err)
			}
			if n[0] != len(tc.want) {
				t.Errorf("counted %d, listed %d", n[0], len(tc.want))
			}
		})
	}
	rows, err := f.db.Cases(ctx, tracker.CaseQuery{})
	if err != nil {
		t.Fatal(err)
	}
	owners := map[string]string{}
	for _, r := range rows {
		owners[f.names([]tracker.CaseRow{r})[0]] = r.Owner
	}
	if owners["C"] != "Bo" || owners["A"] != "ana" || owners["B"] != "bo" {
		t.Errorf("owners %v: want the assignee's name for C, the opener's for the rest", owners)
	}
}

// The SQL follows tracker's definition (CaseQuery.Matches and CursorOf)
// at any time of the day, for every filter.
func TestCaseQuerySQLMatchesTracker(t *testing.T) {
	ctx := context.Background()
	f := newCaseList(t)
	all, err := f.db.Cases(ctx, tracker.CaseQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, now := range []time.Time{t0.Add(-3 * day), t0.Add(-90 * time.Minute), t0, t0.Add(3 * time.Hour), t0.Add(5 * day)} {
		for _, filter := range tracker.CaseFilters {
			for _, actor := range []string{"ana", "bo"} {
				q := filter.Query(actor, now)
				var want []int64
				ref := slices.Clone(all)
				slices.SortFunc(ref, func(a, b tracker.CaseRow) int { return q.CursorOf(a).Compare(q.CursorOf(b)) })
				for _, r := range ref {
					if q.Matches(r) {
						want = append(want, r.ID)
					}
				}
				rows, err := f.db.Cases(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				var got []int64
				for _, r := range rows {
					got = append(got, r.ID)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s for %s at %v: store %v, tracker %v", filter, actor, now, got, want)
				}
			}
		}
	}
}

// A page at a time, forward and backward, the pages add up to the list.
func TestCasesKeyset(t *testing.T) {
	ctx := context.Background()
	f := newCaseList(t)
	for _, order := range []tracker.CaseOrder{tracker.CasesNewest, tracker.CasesByNeed} {
		q := tracker.CasesAll.Query("ana", t0)
		q.Order = order
		whole, err := f.db.Cases(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, dir := range []tracker.Direction{tracker.Forward, tracker.Backward} {
			var got []tracker.CaseRow
			var cur *tracker.CaseCursor
			for range 10 {
				p := q
				p.Cursor, p.Dir, p.Limit = cur, dir, 3
				page, err := f.db.Cases(ctx, p)
				if err != nil {
					t.Fatal(err)
				}
				if len(page) == 0 {
					break
				}
				if dir == tracker.Forward {
					got = append(got, page...)
					c := q.CursorOf(page[len(page)-1])
					cur = &c
				} else {
					got = append(slices.Clone(page), got...)
					c := q.CursorOf(page[0])
					cur = &c
				}
			}
			if a, b := f.names(got), f.names(whole); !slices.Equal(a, b) {
				t.Errorf("order %d, direction %d: pages %v, want %v", order, dir, a, b)
			}
		}
	}
}

// A page read again from just before its first row starts with that row,
// whatever rank it is in (how the screen reloads the page it shows).
func TestCasesReadFromBefore(t *testing.T) {
	ctx := context.Background()
	f := newCaseList(t)
	for _, order := range []tracker.CaseOrder{tracker.CasesNewest, tracker.CasesByNeed} {
		q := tracker.CasesAll.Query("ana", t0)
		q.Order = order
		all, err := f.db.Cases(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range all {
			p := q
			c := q.Before(r)
			p.Cursor, p.Limit = &c, 2
			page, err := f.db.Cases(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 || page[0].ID != r.ID || i+1 < len(all) && (len(page) < 2 || page[1].ID != all[i+1].ID) {
				t.Errorf("order %d: from before %s: %v", order, f.names([]tracker.CaseRow{r}), f.names(page))
			}
		}
	}
}
