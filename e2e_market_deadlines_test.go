package main

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// deadlineOut is one row of `waybill deadlines --json`: the shape the
// issue names, every key present.
type deadlineOut struct {
	OrderNo    string    `json:"order_no"`
	TrackingNo string    `json:"tracking_no"`
	Kind       string    `json:"kind"`
	DueAt      time.Time `json:"due_at"`
	Source     string    `json:"source"`
	CaseID     *int64    `json:"case_id"`
}

func deadlinesJSON(t *testing.T, args ...string) []deadlineOut {
	t.Helper()
	r := asAgent(t, append([]string{"deadlines", "--json"}, args...)...)
	if r.code != 0 {
		t.Fatalf("deadlines --json %v: exit %d\n%s", args, r.code, r.stderr)
	}
	var raw []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
		t.Fatalf("deadlines --json: %v\n%s", err, r.stdout)
	}
	for _, m := range raw {
		var keys []string
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if want := []string{"case_id", "due_at", "id", "kind", "order_no", "source", "tracking_no"}; !slices.Equal(keys, want) {
			t.Fatalf("keys %v, want %v", keys, want)
		}
	}
	var out []deadlineOut
	json.Unmarshal([]byte(r.stdout), &out)
	return out
}

// A store with a parcel the rules call lost and a case whose follow-up is
// tomorrow: the lost parcel carries its carrier's claim window (shipping
// plus [deadlines.claim_days]), the case its follow-up; --within 72h keeps
// the follow-up only; all of them come soonest first; the human list shows
// the time left.
func TestCLIDeadlinesLostParcelAndFollowUp(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	if r := asAgent(t, "demo", "--orders", "300", "--seed", "7", "--db", db); r.code != 0 {
		t.Fatalf("demo: exit %d\n%s", r.code, r.stderr)
	}
	all := deadlinesJSON(t, "--db", db)
	var claim deadlineOut
	for _, d := range all {
		if d.Kind == "carrier_claim" && claim.Kind == "" {
			claim = d
		}
	}
	if claim.Kind == "" || claim.Source != "rule" || claim.TrackingNo == "" || claim.CaseID != nil || !claim.DueAt.After(time.Now().Add(72*time.Hour)) {
		t.Fatalf("no carrier claim for a lost parcel, or a wrong one: %+v among %d", claim, len(all))
	}
	if !slices.IsSortedFunc(all, func(a, b deadlineOut) int { return a.DueAt.Compare(b.DueAt) }) {
		t.Fatalf("not soonest first: %+v", all)
	}

	// A case on that parcel, brought to its follow-up tomorrow.
	r := asAgent(t, "case", "open", claim.TrackingNo, "--kind", "lost", "--json", "--db", db)
	if r.code != 0 {
		t.Fatalf("case open: exit %d\n%s", r.code, r.stderr)
	}
	var opened struct {
		ID int64 `json:"id"`
	}
	json.Unmarshal([]byte(r.stdout), &opened)
	id := jsonID(opened.ID)
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
		if r := asAgent(t, append([]string{"case", "do", id}, append(step, "--db", db)...)...); r.code != 0 {
			t.Fatalf("case do %v: exit %d\n%s", step, r.code, r.stderr)
		}
	}

	soon := deadlinesJSON(t, "--within", "72h", "--db", db)
	if len(soon) == 0 || soon[0].Kind != "follow_up" || soon[0].CaseID == nil || *soon[0].CaseID != opened.ID ||
		soon[0].TrackingNo != claim.TrackingNo || soon[0].OrderNo != claim.OrderNo || soon[0].Source != "rule" {
		t.Fatalf("within 72h: %+v, want the follow-up of case %d first", soon, opened.ID)
	}
	for _, d := range soon {
		if d.Kind == "carrier_claim" || d.DueAt.After(time.Now().Add(73*time.Hour)) {
			t.Fatalf("within 72h lists %+v", d)
		}
	}
	if again := deadlinesJSON(t, "--db", db); len(again) != len(all)+1 {
		t.Fatalf("%d deadlines after the follow-up, want %d", len(again), len(all)+1)
	}

	r = asAgent(t, "deadlines", "--within", "72h", "--db", db)
	// LEFT is a span of days, hours or minutes, as the clock falls.
	if r.code != 0 || !strings.Contains(r.stdout, "LEFT") || !regexp.MustCompile(`(?m)^\s*\d+\s+\d+[dhm]\b.*follow_up`).MatchString(r.stdout) {
		t.Fatalf("deadlines: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := asAgent(t, "deadlines", "--within", "soon", "--db", db); r.code != 2 || !strings.Contains(r.stderr, `--within "soon"`) {
		t.Fatalf("--within soon: exit %d, %s", r.code, r.stderr)
	}
}

func jsonID(id int64) string { b, _ := json.Marshal(id); return string(b) }
