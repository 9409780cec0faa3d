package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Alibaba.com Trade Assurance has no API: its clock is entered by hand.
// `deadline add ORDER --kind trade_assurance_reply --from TIME` is due at
// the request plus [deadlines] trade_assurance_reply (72h unless set);
// `--kind follow_up --due TIME` at its time; `deadline done ID` closes
// one; bad input names the flag and the value.
func TestDeadlineAddAndDone(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	if r := asAgent(t, "add", "--db", db, "--order", "TA-1", "--tracking", "RB123456785GB"); r.code != 0 {
		t.Fatalf("add: exit %d\n%s", r.code, r.stderr)
	}
	type added struct {
		ID     int64     `json:"id"`
		Kind   string    `json:"kind"`
		DueAt  time.Time `json:"due_at"`
		Source string    `json:"source"`
	}
	add := func(args ...string) added {
		t.Helper()
		r := asAgent(t, append([]string{"deadline", "add", "TA-1", "--json", "--db", db}, args...)...)
		var a added
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &a) != nil {
			t.Fatalf("deadline add %v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
		return a
	}
	from := time.Now().UTC().Add(-24 * time.Hour).Truncate(time.Minute)
	ta := add("--kind", "trade_assurance_reply", "--from", from.Local().Format("2006-01-02 15:04"))
	if ta.Kind != "trade_assurance_reply" || !ta.DueAt.Equal(from.Add(72*time.Hour)) || ta.Source != "manual" {
		t.Errorf("trade assurance = %+v; want due %v (the request plus 72h), source manual", ta, from.Add(72*time.Hour))
	}
	if again := add("--kind", "trade_assurance_reply", "--from", from.Local().Format("2006-01-02 15:04")); again.ID != ta.ID {
		t.Errorf("the same again: id %d, want %d", again.ID, ta.ID)
	}
	due := time.Now().Add(50 * time.Hour).Truncate(time.Minute)
	fu := add("--kind", "follow_up", "--due", due.Format("2006-01-02 15:04"))
	if fu.Kind != "follow_up" || !fu.DueAt.Equal(due) {
		t.Errorf("follow-up = %+v; want due %v", fu, due)
	}

	// The window from config.
	cfg := filepath.Join(dir, "c.toml")
	os.WriteFile(cfg, []byte("[deadlines]\ntrade_assurance_reply = \"96h\"\n"), 0o600)
	r := asAgent(t, "deadline", "add", "TA-1", "--kind", "trade_assurance_reply", "--json", "--db", db, "--config", cfg)
	var now added
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &now) != nil || time.Until(now.DueAt) < 95*time.Hour || time.Until(now.DueAt) > 96*time.Hour {
		t.Errorf("from now with 96h: exit %d, %+v\n%s", r.code, now, r.stderr)
	}

	// Listed with their ids, soonest first; done closes one.
	rows := deadlinesJSON(t, "--db", db)
	if len(rows) != 3 {
		t.Fatalf("deadlines = %+v, want 3", rows)
	}
	if r := asAgent(t, "deadline", "done", "1", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "deadline 1 met") {
		t.Fatalf("done: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if rows := deadlinesJSON(t, "--db", db); len(rows) != 2 {
		t.Errorf("after done: %d open, want 2", len(rows))
	}
	if r := asAgent(t, "deadlines", "--db", db); r.code != 0 || !strings.HasPrefix(r.stdout, "ID ") {
		t.Errorf("deadlines: exit %d, want an ID column\n%s", r.code, r.stdout)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"add", "TA-1", "--kind", "ship_by"}, 2, `--kind "ship_by": set by a marketplace or the rules`},
		{[]string{"add", "TA-1", "--kind", "soon"}, 2, `--kind "soon": want trade_assurance_reply or follow_up`},
		{[]string{"add", "TA-1"}, 2, "--kind"},
		{[]string{"add", "TA-1", "--kind", "trade_assurance_reply", "--from", "someday"}, 2, `--from: "someday" is not a date`},
		{[]string{"add", "TA-1", "--kind", "follow_up"}, 1, "due: a follow_up needs its time"},
		{[]string{"add", "TA-1", "--kind", "follow_up", "--due", "2020-01-01"}, 1, "due 2020-01-01"},
		{[]string{"add", "NOPE-1", "--kind", "follow_up", "--due", "+3d"}, 1, `order "NOPE-1": no such order`},
		{[]string{"done", "1"}, 1, "deadline id 1: no open deadline"},
		{[]string{"done", "one"}, 2, `deadline id "one"`},
	} {
		r := asAgent(t, append(append([]string{"deadline"}, tc.args...), "--db", db)...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("deadline %v: exit %d, stderr %q; want %d and %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}
}
