package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"waybill/tracker"
)

// The cases view (C) and `waybill case list` list the same cases in the
// same order for every filter, because both turn the filter into a query
// in one place (tracker.CaseFilter) and read it through one service.

// asUser runs the built binary as user (its $USER: who the logs name and
// whose cases --mine lists).
func asUser(t *testing.T, user string, args ...string) string {
	t.Helper()
	home := t.TempDir()
	env := []string{"PATH=" + os.Getenv("PATH"), "USER=" + user, "HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, "cfg"), "XDG_DATA_HOME=" + filepath.Join(home, "data")}
	r := waybillIn(t, env, "", args...)
	if r.code != 0 {
		t.Fatalf("waybill %v as %s: exit %d\n%s%s", args, user, r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// listedCases is `case list --FILTER --json` as ana: the ids, in order.
func listedCases(t *testing.T, db string, filter tracker.CaseFilter) []int64 {
	t.Helper()
	var rows []struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal([]byte(asUser(t, "ana", "case", "list", "--"+string(filter), "--json", "--db", db)), &rows); err != nil {
		t.Fatal(err)
	}
	ids := []int64{}
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	return ids
}

// caseRow is a row of the cases view: the case's number first.
var caseRow = regexp.MustCompile(`^│[› ]\s*(\d+) `)

// shownCases are the case numbers the cases view shows, in order.
func shownCases(screen string) []int64 {
	ids := []int64{}
	for _, line := range strings.Split(screen, "\n") {
		if m := caseRow.FindStringSubmatch(line); m != nil {
			id, _ := strconv.ParseInt(m[1], 10, 64)
			ids = append(ids, id)
		}
	}
	return ids
}

func TestCasesViewAndCaseListAgree(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	p := newParityStore(t)
	db := p.path
	if len(p.worst) < 5 {
		t.Fatalf("%d exceptions, want 5", len(p.worst))
	}
	// Six cases: ana's at step 1, ahead, overdue and closed; one ana opened
	// whose exception was assigned to bo; one bo opened on a parcel.
	open := func(user, tracking string, kind tracker.ExceptionKind) int64 {
		t.Helper()
		var c struct {
			ID int64 `json:"id"`
		}
		out := asUser(t, user, "case", "open", tracking, "--kind", string(kind), "--json", "--db", db)
		if err := json.Unmarshal([]byte(out), &c); err != nil {
			t.Fatalf("case open --json: %v\n%s", err, out)
		}
		return c.ID
	}
	ids := make([]int64, 6)
	for i, x := range p.worst[:5] {
		ids[i] = open("ana", x.TrackingNo, x.Kind)
	}
	ids[5] = open("bo", p.newest.TrackingNo, tracker.ExDamaged)
	toFollowUp := func(id int64, date string) {
		t.Helper()
		for _, a := range [][]string{{"reassure", "--text", "we are on it"}, {"verify", "--text", "no scan"},
			{"solve", "--type", "refund", "--amount", "5", "--currency", "EUR"}, {"follow-up", "--date", date}} {
			asUser(t, "ana", append([]string{"case", "do", fmt.Sprint(id), a[0]}, append(a[1:], "--db", db)...)...)
		}
	}
	toFollowUp(ids[1], "+2d")
	toFollowUp(ids[2], "+3d")
	toFollowUp(ids[3], "+1d")
	asUser(t, "ana", "case", "do", fmt.Sprint(ids[3]), "close", "--resolution", "arrived", "--cause", "carrier", "--db", db)
	asUser(t, "ana", "exception", "assign", fmt.Sprint(p.worst[4].ID), "--owner", "bo", "--db", db)
	// A follow-up an hour ago: overdue (no command sets one in the past).
	sdb := openStoreSQL(t, db, true)
	if _, err := sdb.Exec(`UPDATE cases SET follow_up_at = ? WHERE id = ?`, time.Now().Add(-time.Hour).Unix(), ids[2]); err != nil {
		t.Fatal(err)
	}
	sdb.Close()

	want := map[tracker.CaseFilter][]int64{
		tracker.CasesOpen:   {ids[2], ids[0], ids[4], ids[5], ids[1]},
		tracker.CasesDue:    {ids[2]},
		tracker.CasesMine:   {ids[2], ids[0], ids[1]}, // not ids[4], assigned to bo, nor bo's ids[5]
		tracker.CasesClosed: {ids[3]},
		tracker.CasesAll:    {ids[2], ids[0], ids[4], ids[5], ids[1], ids[3]},
	}
	s := openScreen(t, db)
	defer s.close()
	s.keys("C")
	for i, f := range tracker.CaseFilters {
		t.Run(string(f), func(t *testing.T) {
			cli := listedCases(t, db, f)
			if !slices.Equal(cli, want[f]) {
				t.Errorf("case list --%s: %v, want %v", f, cli, want[f])
			}
			s.keys(strconv.Itoa(i + 1))
			label := map[tracker.CaseFilter]string{tracker.CasesDue: "due today"}[f]
			if label == "" {
				label = string(f)
			}
			screen := s.waitFor(fmt.Sprintf("[%s %d]", label, len(want[f])))
			for deadline := time.Now().Add(e2eHang); strings.Contains(screen, "loading…") && time.Now().Before(deadline); {
				time.Sleep(5 * time.Millisecond)
				screen = s.rec.screen()
			}
			if got := shownCases(screen); !slices.Equal(got, cli) {
				t.Errorf("the cases view, %s: %v; case list --%s: %v\n%s", f, got, f, cli, screen)
			}
		})
	}

	// o on the closed case reopens it from the list, logged as ana.
	s.keys("4")
	s.waitFor("[closed 1]", "closed  ")
	s.keys("o")
	s.waitFor("reopened", "[closed 0]")
	var shown struct {
		State string `json:"state"`
		Log   []struct {
			Actor  string `json:"actor"`
			Action string `json:"action"`
		} `json:"log"`
	}
	if err := json.Unmarshal([]byte(asUser(t, "ana", "case", "show", fmt.Sprint(ids[3]), "--json", "--db", db)), &shown); err != nil {
		t.Fatal(err)
	}
	if last := shown.Log[len(shown.Log)-1]; shown.State != "open" || last.Action != "reopen" || last.Actor != "ana" {
		t.Errorf("after o: state %s, last log entry %+v; want open, a reopen by ana", shown.State, last)
	}
	if got := listedCases(t, db, tracker.CasesClosed); len(got) != 0 {
		t.Errorf("case list --closed after the reopen: %v", got)
	}
}

// One list at a time: two filters, or a filter and --state, are bad usage.
func TestCaseListFilterUsage(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	for _, args := range [][]string{{"--mine", "--due"}, {"--open", "--state", "closed"}} {
		r := asAgent(t, append([]string{"case", "list", "--db", db}, args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, "pick one") {
			t.Errorf("case list %v: exit %d, %q; want 2 and pick one", args, r.code, r.stderr)
		}
	}
}
