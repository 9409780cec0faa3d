package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// exception list puts the exception whose case follows up in 30 hours (a
// deadline within [deadlines] urgent) above every severity, and shows
// the deadline's kind and time left on its row.
func TestCLIExceptionListUrgentDeadlineFirst(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	if r := asAgent(t, "demo", "--orders", "300", "--seed", "7", "--db", db); r.code != 0 {
		t.Fatalf("demo: exit %d\n%s", r.code, r.stderr)
	}
	list := func() []struct {
		TrackingNo string `json:"tracking_no"`
		Kind       string `json:"kind"`
	} {
		r := asAgent(t, "exception", "list", "--json", "--db", db)
		if r.code != 0 {
			t.Fatalf("exception list: exit %d\n%s", r.code, r.stderr)
		}
		var out []struct {
			TrackingNo string `json:"tracking_no"`
			Kind       string `json:"kind"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatalf("exception list --json: %v\n%s", err, r.stdout)
		}
		return out
	}
	before := list()
	if len(before) < 2 {
		t.Fatalf("demo queue too short: %+v", before)
	}
	// The last of the queue: the least severe, the newest.
	last := before[len(before)-1]
	r := asAgent(t, "case", "open", last.TrackingNo, "--kind", last.Kind, "--json", "--db", db)
	if r.code != 0 {
		t.Fatalf("case open: exit %d\n%s", r.code, r.stderr)
	}
	var opened struct {
		ID int64 `json:"id"`
	}
	json.Unmarshal([]byte(r.stdout), &opened)
	// A day and a bit ahead, to the minute: a date alone means its midnight,
	// which the demo store's clock (120 times the wall's) passes within
	// minutes in the last hour of a day (failed at 23:56 UTC).
	followUp := time.Now().Add(30 * time.Hour).Format("2006-01-02 15:04")
	for _, step := range [][]string{
		{"reassure", "--text", "We are on it."},
		{"verify", "--text", "no scan for weeks"},
		{"solve", "--type", "refund", "--amount", "5", "--currency", "EUR"},
		{"follow-up", "--date", followUp},
	} {
		if r := asAgent(t, append([]string{"case", "do", jsonID(opened.ID)}, append(step, "--db", db)...)...); r.code != 0 {
			t.Fatalf("case do %v: exit %d\n%s", step, r.code, r.stderr)
		}
	}
	after := list()
	if len(after) == 0 || after[0].TrackingNo != last.TrackingNo {
		t.Fatalf("queue after the follow-up: first %+v, want %s", after[0], last.TrackingNo)
	}
	r = asAgent(t, "exception", "list", "--db", db)
	lines := strings.Split(r.stdout, "\n")
	if r.code != 0 || len(lines) < 2 || !strings.Contains(lines[1], last.TrackingNo) || !strings.Contains(lines[1], "follow_up ") {
		t.Fatalf("exception list: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
