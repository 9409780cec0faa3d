package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// claimOut is one claim of `waybill claims --json`.
type claimOut struct {
	ID        int64   `json:"id"`
	CaseID    int64   `json:"case_id"`
	OrderNo   string  `json:"order_no"`
	PartyKind string  `json:"party_kind"`
	Party     string  `json:"party"`
	Reference string  `json:"reference"`
	FiledOn   *string `json:"filed_on"`
	Claimed   string  `json:"claimed"`
	Recovered string  `json:"recovered"`
	Currency  string  `json:"currency"`
	State     string  `json:"state"`
}

func claimsJSON(t *testing.T, args ...string) []claimOut {
	t.Helper()
	r := asAgent(t, append([]string{"claims", "--json"}, args...)...)
	if r.code != 0 {
		t.Fatalf("claims --json %v: exit %d\n%s", args, r.code, r.stderr)
	}
	var out []claimOut
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("claims --json: %v\n%s", err, r.stdout)
	}
	return out
}

// A lost Cainiao parcel's money through the ledger from the command line:
// the draft's window is a carrier_claim deadline ([claims.windows]), filing
// meets it, a third complaint is refused ([claims.attempts]: Cainiao takes
// two), bad input names the field and value and stores nothing, and the
// paid claim's money reaches `report carriers`.
func TestCLIClaimsLedger(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	dir := t.TempDir()
	db, cfg := e2eStoreIn(t, dir, "w.db"), filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte("[claims.windows.carriers]\ncainiao = 60\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(wantCode int, args ...string) result {
		t.Helper()
		r := asAgent(t, append(args, "--db", db, "--config", cfg)...)
		if r.code != wantCode {
			t.Fatalf("%v: exit %d, want %d\n%s%s", args, r.code, wantCode, r.stdout, r.stderr)
		}
		return r
	}
	shipped := time.Now().AddDate(0, 0, -20).Format(time.DateOnly)
	run(0, "add", "--order", "CL-1", "--tracking", "LP00123456789012", "--carrier", "cainiao", "--shipped", shipped)
	run(0, "case", "open", "CL-1", "--kind", "lost")

	r := run(0, "claim", "add", "1", "--party", "Cainiao", "--amount", "45.99", "--currency", "usd")
	if !strings.Contains(r.stdout, "added claim 1 to case 1: carrier cainiao, 45.99 USD claimed, draft") {
		t.Fatalf("claim add said %q", r.stdout)
	}
	var window *deadlineOut
	for _, d := range deadlinesJSON(t, "--db", db, "--config", cfg) {
		if d.Kind == "carrier_claim" {
			window = &d
		}
	}
	if window == nil || window.DueAt.UTC().Format(time.DateOnly) != time.Now().AddDate(0, 0, 40).UTC().Format(time.DateOnly) {
		t.Fatalf("carrier_claim deadline %+v, want shipping + 60 days ([claims.windows.carriers] cainiao)", window)
	}

	// Bad input: the field and the value named, nothing stored.
	for _, bad := range []struct {
		code int
		args []string
		want []string
	}{
		{2, []string{"claim", "add", "1", "--party", "cainiao", "--amount", "abc", "--currency", "USD"}, []string{"--amount", `"abc"`}},
		{1, []string{"claim", "add", "1", "--party", "cainiao", "--amount", "5", "--currency", "US1"}, []string{"currency", `"US1"`}},
		{2, []string{"claim", "add", "1", "--party", "cainiao", "--amount", "5", "--currency", "USD", "--state", "paid"}, []string{"state", "paid"}},
		{1, []string{"claim", "add", "1", "--party", "cainiao", "--amount", "5", "--currency", "USD", "--state", "filed"}, []string{"state filed", "--filed"}},
		{1, []string{"claim", "add", "9", "--party", "cainiao", "--amount", "5", "--currency", "USD"}, []string{"case 9", "not found"}},
		{2, []string{"claim", "set", "1", "--state", "lost"}, []string{"--state", `"lost"`}},
		{1, []string{"claim", "set", "1", "--state", "paid", "--recovered", "5"}, []string{"a draft claim cannot become paid"}},
		{2, []string{"claims", "--state", "nope"}, []string{"--state", `"nope"`}},
	} {
		r := run(bad.code, bad.args...)
		for _, w := range bad.want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("%v: %q lacks %q", bad.args, r.stderr, w)
			}
		}
	}
	if got := claimsJSON(t, "--db", db); len(got) != 1 || got[0].State != "draft" || got[0].Claimed != "45.99" {
		t.Fatalf("after refused input: %+v, want the one draft as it was", got)
	}

	run(0, "claim", "set", "1", "--state", "filed", "--ref", "CN-1", "--filed", "yesterday")
	for _, d := range deadlinesJSON(t, "--db", db, "--config", cfg) {
		if d.Kind == "carrier_claim" {
			t.Fatalf("carrier_claim deadline still open after filing: %+v", d)
		}
	}
	run(0, "claim", "add", "1", "--party", "cainiao", "--amount", "10", "--currency", "USD", "--state", "filed", "--ref", "CN-2", "--filed", "today")
	r = run(1, "claim", "add", "1", "--party", "cainiao", "--amount", "10", "--currency", "USD")
	if !strings.Contains(r.stderr, "cainiao allows 2 claims per parcel") || !strings.Contains(r.stderr, "#1, #2") {
		t.Fatalf("third cainiao claim: %s", r.stderr)
	}
	run(0, "claim", "set", "1", "--state", "paid", "--recovered", "30", "--note", "part of it")
	run(0, "claim", "set", "2", "--state", "rejected")

	paid := claimsJSON(t, "--state", "paid", "--db", db)
	if len(paid) != 1 || paid[0].ID != 1 || paid[0].Recovered != "30.00" || paid[0].Reference != "CN-1" || paid[0].FiledOn == nil || paid[0].OrderNo != "CL-1" {
		t.Fatalf("paid claims %+v", paid)
	}
	r = run(0, "claims")
	for _, w := range []string{"ID", "STATE", "CLAIMED", "RECOVERED", "paid", "45.99 USD", "30.00", "CN-1", "rejected"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("claims table lacks %q:\n%s", w, r.stdout)
		}
	}
	// Closed claims, both on the one parcel: the larger claim (45.99; a
	// second complaint asks for the same loss) counts, 30.00 came back,
	// 15.99 is lost.
	r = run(0, "report", "carriers", "--json")
	for _, w := range []string{`"claimed": "45.99"`, `"recovered": "30.00"`, `"net_loss": "15.99"`} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("report carriers --json lacks %s:\n%s", w, r.stdout)
		}
	}
}
