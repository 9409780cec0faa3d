package tracker

import (
	"slices"
	"testing"
	"time"
)

// What each filter lists, decided once for the screen and the command
// line: due today is a follow-up before tomorrow begins where the clock
// is, mine is the actor's open cases.
func TestCaseFilterMatches(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	now := time.Date(2026, 12, 1, 22, 0, 0, 0, tokyo) // 13:00 UTC
	row := func(state CaseState, owner string, follow time.Time) CaseRow {
		return CaseRow{Case: Case{State: state, FollowUpAt: follow}, Owner: owner}
	}
	for _, tt := range []struct {
		name   string
		filter CaseFilter
		actor  string
		row    CaseRow
		want   bool
	}{
		{"open lists an open case", CasesOpen, "ana", row(CaseOpen, "bo", time.Time{}), true},
		{"open leaves a closed one", CasesOpen, "ana", row(CaseClosed, "ana", time.Time{}), false},
		{"closed lists a closed one", CasesClosed, "ana", row(CaseClosed, "bo", time.Time{}), true},
		{"all lists anything", CasesAll, "ana", row(CaseClosed, "bo", time.Time{}), true},
		{"due: overdue", CasesDue, "ana", row(CaseOpen, "bo", now.Add(-48*time.Hour)), true},
		{"due: later today where the clock is", CasesDue, "ana", row(CaseOpen, "bo", now.Add(90*time.Minute)), true},
		{"due: tomorrow is not today", CasesDue, "ana", row(CaseOpen, "bo", now.Add(2*time.Hour)), false},
		{"due: no follow-up set", CasesDue, "ana", row(CaseOpen, "bo", time.Time{}), false},
		{"due: a closed case is done", CasesDue, "ana", row(CaseClosed, "bo", now.Add(-time.Hour)), false},
		{"mine: the actor's", CasesMine, "ana", row(CaseOpen, "ana", time.Time{}), true},
		{"mine: ignoring case", CasesMine, "Ana", row(CaseOpen, "ana", time.Time{}), true},
		{"mine: someone else's", CasesMine, "ana", row(CaseOpen, "bo", time.Time{}), false},
		{"mine: open ones only", CasesMine, "ana", row(CaseClosed, "ana", time.Time{}), false},
		{"mine: no actor owns nothing", CasesMine, "", row(CaseOpen, "", time.Time{}), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.filter.Query(tt.actor, now).Matches(tt.row); got != tt.want {
				t.Errorf("%s matches %+v: %v, want %v", tt.filter, tt.row, got, tt.want)
			}
		})
	}
}

// By need: overdue follow-ups (longest overdue first), cases with none,
// follow-ups ahead (soonest first), closed ones (newest first).
func TestCasesByNeedOrder(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	h := time.Hour
	rows := []CaseRow{
		{Case: Case{ID: 1, State: CaseClosed}},
		{Case: Case{ID: 2, State: CaseOpen, FollowUpAt: now.Add(5 * h)}},
		{Case: Case{ID: 3, State: CaseOpen}},
		{Case: Case{ID: 4, State: CaseOpen, FollowUpAt: now.Add(-h)}},
		{Case: Case{ID: 5, State: CaseOpen, FollowUpAt: now.Add(-30 * h)}},
		{Case: Case{ID: 6, State: CaseClosed}},
		{Case: Case{ID: 7, State: CaseOpen}},
		{Case: Case{ID: 8, State: CaseOpen, FollowUpAt: now.Add(h)}},
		{Case: Case{ID: 9, State: CaseOpen, FollowUpAt: now}}, // due this moment: overdue
	}
	q := CasesAll.Query("ana", now)
	slices.SortFunc(rows, func(a, b CaseRow) int { return q.CursorOf(a).Compare(q.CursorOf(b)) })
	var got []int64
	for _, r := range rows {
		got = append(got, r.ID)
	}
	if want := []int64{5, 4, 9, 3, 7, 8, 2, 6, 1}; !slices.Equal(got, want) {
		t.Errorf("by need %v, want %v", got, want)
	}
}

func TestParseCaseFilter(t *testing.T) {
	for in, want := range map[string]CaseFilter{"open": CasesOpen, " Due ": CasesDue, "MINE": CasesMine, "closed": CasesClosed, "all": CasesAll} {
		if got, err := ParseCaseFilter(in); err != nil || got != want {
			t.Errorf("ParseCaseFilter(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseCaseFilter("today"); err == nil {
		t.Error("ParseCaseFilter(today): no error")
	}
}

// The deadline is the new date promised to the buyer, else the order's.
func TestCaseDeadline(t *testing.T) {
	promised := time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC)
	eta := time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC)
	r := CaseRow{PromisedAt: promised}
	if got := r.Deadline(); !got.Equal(promised) {
		t.Errorf("deadline %v, want the order's %v", got, promised)
	}
	r.Solution = &Solution{Type: SolveRefund}
	if got := r.Deadline(); !got.Equal(promised) {
		t.Errorf("deadline with a refund %v, want the order's %v", got, promised)
	}
	r.Solution = &Solution{Type: SolveNewETA, ETA: eta}
	if got := r.Deadline(); !got.Equal(eta) {
		t.Errorf("deadline %v, want the new ETA %v", got, eta)
	}
}
