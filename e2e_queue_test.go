package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// Issue 20, item 5: the queue tells its history. The command line and the
// screen share tracker.Service: a resolution's reason, the snoozed,
// acknowledged and resolved exceptions with who did what, and the undo of
// the screen, all land in the one exception log.

// queueListed is what these tests read of `exception list --json`.
type queueListed struct {
	ID           int64   `json:"id"`
	State        string  `json:"state"`
	ResolvedBy   string  `json:"resolved_by"`
	SnoozedUntil *string `json:"snoozed_until"`
	Last         *struct {
		Actor  string `json:"actor"`
		Action string `json:"action"`
		Detail string `json:"detail"`
	} `json:"last"`
}

func listState(t *testing.T, db, state string) map[int64]queueListed {
	t.Helper()
	var rows []queueListed
	out := waybillDo(t, db, "exception", "list", "--state", state, "--json")
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("list --state %s --json: %v\n%s", state, err, out)
	}
	byID := map[int64]queueListed{}
	for _, r := range rows {
		byID[r.ID] = r
	}
	return byID
}

func TestQueueCLIReasonAndStates(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	p := newParityStore(t)
	db := copyStore(t, p.path)
	id := func(i int) string { return fmt.Sprint(p.worst[i].ID) }
	if out := waybillDo(t, db, "exception", "resolve", id(0), "--reason", "buyer confirmed delivery\x1b[2J"); !strings.Contains(out, "resolved 1 of 1") {
		t.Fatalf("resolve --reason said %q", out)
	}
	waybillDo(t, db, "exception", "snooze", id(1), "--for", "2d")
	waybillDo(t, db, "exception", "ack", id(2))

	if r, ok := listState(t, db, "resolved")[p.worst[0].ID]; !ok || r.State != "resolved" || r.ResolvedBy != "ana" ||
		r.Last == nil || r.Last.Actor != "ana" || r.Last.Action != "resolved" || r.Last.Detail != "buyer confirmed delivery" {
		t.Errorf("--state resolved: %+v (last %+v), want it resolved by ana with the reason, the control stripped", r, r.Last)
	}
	if r, ok := listState(t, db, "snoozed")[p.worst[1].ID]; !ok || r.State != "snoozed" || r.SnoozedUntil == nil || r.Last == nil || r.Last.Action != "snoozed" {
		t.Errorf("--state snoozed: %+v", r)
	}
	ack := listState(t, db, "ack") // a prefix names a state
	if r, ok := ack[p.worst[2].ID]; !ok || r.State != "acknowledged" || len(ack) != 1 {
		t.Errorf("--state ack: %+v", ack)
	}
	open := listState(t, db, "open")
	for i := range 3 {
		if _, ok := open[p.worst[i].ID]; ok != (i == 2) {
			t.Errorf("the queue has exception %d: %v; only the acknowledged one stays", p.worst[i].ID, ok)
		}
	}
	if all := listState(t, db, "all"); len(all) < len(p.worst) {
		t.Errorf("--state all lists %d, fewer than the %d open", len(all), len(p.worst))
	}

	// The table says who did what, and when.
	out := waybillDo(t, db, "exception", "list", "--state", "resolved")
	if !strings.Contains(out, "LAST") || !strings.Contains(out, "resolved by ana") || !strings.Contains(out, "ana resolved (buyer confirmed delivery)") {
		t.Errorf("list --state resolved:\n%s", out)
	}
	out = waybillDo(t, db, "exception", "log", id(0))
	if !strings.Contains(out, "ana") || !strings.Contains(out, "buyer confirmed delivery") || strings.Contains(out, "\x1b") {
		t.Errorf("exception log:\n%q", out)
	}

	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"exception", "list", "--state", "closedish"}, `--state: state "closedish": want one of open, acknowledged, snoozed, resolved, all`},
		{[]string{"exception", "list", "--limit", "-1"}, "--limit -1"},
		{[]string{"exception", "log"}, "give one exception id"},
	} {
		r := asAgent(t, append(bad.args, "--db", db)...)
		if r.code != 2 || !strings.Contains(r.stderr, bad.want) {
			t.Errorf("%v: exit %d\n%s\nwant %s", bad.args, r.code, r.stderr, bad.want)
		}
	}
}

// The screen's X asks why, and u undoes it through the same service: the
// store holds the reopened exception and the log says who did both.
func TestQueueScreenResolveWithReasonThenUndo(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	p := newParityStore(t)
	db := copyStore(t, p.path)
	worst := p.worst[0]
	s := openScreen(t, db)
	defer s.close()
	s.toQueue()
	s.keys("X")
	s.waitFor("Resolve 1 exception")
	s.typeText("parcel found")
	s.keys("enter")
	s.waitFor("resolved: 1 exception · u undoes")
	s.keys("v", "v", "v")
	s.waitFor("Exceptions · resolved", "ana resolved")
	s.keys("u")
	s.waitFor("undone: resolved: 1 exception")
	s.close()

	conn := openStoreSQL(t, db, false) // the screen may still be closing its store
	var state string
	var closed sql.NullInt64
	if err := conn.QueryRow(`SELECT state, closed_at FROM exceptions WHERE id = ?`, worst.ID).Scan(&state, &closed); err != nil {
		t.Fatal(err)
	}
	if closed.Valid || state == "resolved" {
		t.Errorf("after undo: state %q, closed %v; want it open again", state, closed)
	}
	rows, err := conn.Query(`SELECT actor, action, detail FROM exception_log WHERE exception_id = ? AND actor != 'rules' ORDER BY id`, worst.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var log []string
	for rows.Next() {
		var actor, action, detail string
		if err := rows.Scan(&actor, &action, &detail); err != nil {
			t.Fatal(err)
		}
		log = append(log, actor+" "+action+": "+detail)
	}
	if want := []string{"ana resolved: parcel found", "ana reopened: back to open"}; strings.Join(log, "\n") != strings.Join(want, "\n") {
		t.Errorf("log:\n%s\nwant:\n%s", strings.Join(log, "\n"), strings.Join(want, "\n"))
	}
}
