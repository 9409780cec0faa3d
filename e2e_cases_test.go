package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"waybill/tracker/templates"
)

// asAgent runs waybill as the local user "ana", with private HOME and XDG
// folders as waybill does.
func asAgent(t *testing.T, args ...string) result {
	t.Helper()
	return asAgentIn(t, "", args...)
}

// asAgentIn is asAgent with stdin.
func asAgentIn(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	home := t.TempDir()
	env := []string{"PATH=" + os.Getenv("PATH"), "USER=ana", "HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, "cfg"), "XDG_DATA_HOME=" + filepath.Join(home, "data")}
	return waybillIn(t, env, stdin, args...)
}

// caseOut is what the case tests read of `case show --json`.
type caseOut struct {
	ID          int64   `json:"id"`
	OrderNo     string  `json:"order_no"`
	TrackingNo  string  `json:"tracking_no"`
	ExceptionID *int64  `json:"exception_id"`
	Kind        string  `json:"kind"`
	Step        string  `json:"step"`
	State       string  `json:"state"`
	Language    string  `json:"language"`
	OpenedBy    string  `json:"opened_by"`
	FollowUpAt  *string `json:"follow_up_at"`
	ClosedAt    *string `json:"closed_at"`
	Reference   string  `json:"reference"`
	Solution    *struct {
		Type              string   `json:"type"`
		ReissueTrackingNo string   `json:"reissue_tracking_no"`
		Documents         []string `json:"documents"`
	} `json:"solution"`
	Resolution string `json:"resolution"`
	RootCause  string `json:"root_cause"`
	Log        []struct {
		At, Actor, Action, Detail string
	} `json:"log"`
}

// A buyer says their parcel is lost: the case goes through the four steps
// from the command line and ends closed, with its log complete.
func TestCLICaseLostParcel(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	if r := asAgent(t, "demo", "--orders", "300", "--seed", "7", "--db", db); r.code != 0 {
		t.Fatalf("demo: exit %d\n%s", r.code, r.stderr)
	}
	r := asAgent(t, "list", "--json", "--db", db)
	var orders []struct {
		OrderNo     string `json:"order_no"`
		Destination string `json:"destination"`
		Shipments   []struct {
			TrackingNo string   `json:"tracking_no"`
			Exceptions []string `json:"exceptions"`
		} `json:"shipments"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &orders); err != nil {
		t.Fatalf("list --json: %v", err)
	}
	// A parcel the rules call lost; should the demo's journeys ever have
	// none, one with no news for a week is what a buyer calls lost too.
	var orderNo, tracking, country, found string
	parcels := 0
	for _, kind := range []string{"lost", "stale"} {
		for _, o := range orders {
			for _, s := range o.Shipments {
				if slices.Contains(s.Exceptions, kind) && tracking == "" {
					orderNo, tracking, country, parcels, found = o.OrderNo, s.TrackingNo, o.Destination, len(o.Shipments), kind
				}
			}
		}
	}
	if tracking == "" {
		t.Fatal("no lost or stale parcel among 300 demo orders")
	}
	if parcels > 1 {
		r := asAgent(t, "case", "open", orderNo, "--kind", "lost", "--db", db)
		if r.code != 2 || !strings.Contains(r.stderr, "--tracking") {
			t.Fatalf("open by an order of %d parcels without --tracking: exit %d, %s", parcels, r.code, r.stderr)
		}
	}

	r = asAgent(t, "case", "open", tracking, "--kind", "lost", "--json", "--db", db)
	if r.code != 0 {
		t.Fatalf("case open: exit %d\n%s", r.code, r.stderr)
	}
	var opened caseOut
	if err := json.Unmarshal([]byte(r.stdout), &opened); err != nil {
		t.Fatalf("case open --json: %v\n%s", err, r.stdout)
	}
	if opened.ID == 0 || opened.Step != "reassure" || opened.State != "open" || opened.OrderNo != orderNo ||
		opened.TrackingNo != tracking || opened.OpenedBy != "ana" || opened.Language != templates.LanguageFor(country) {
		t.Fatalf("opened %+v (buyer in %s)", opened, country)
	}
	if (opened.ExceptionID != nil) != (found == "lost") {
		t.Errorf("case on a parcel with a %s exception links exception %v", found, opened.ExceptionID)
	}
	id := strconv.FormatInt(opened.ID, 10)
	// One case per parcel and kind: opening it again resumes it.
	if r := asAgent(t, "case", "open", tracking, "--kind", "lost", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "case "+id+" is already open") {
		t.Fatalf("a second open: exit %d, %q %q; want case %s resumed", r.code, r.stdout, r.stderr, id)
	}

	followUp := time.Now().AddDate(0, 0, 7).Format("2006-01-02")
	steps := []struct {
		args []string
		code int
		want string // in stderr
	}{
		// Refused by the state machine: exit 1 with its reason.
		{[]string{"verify", "--text", "in transit"}, 1, "reassure the buyer first"},
		{[]string{"reassure", "--text", "We are on it: your parcel is being traced.", "--via", "clipboard"}, 0, ""},
		{[]string{"solve", "--type", "refund", "--amount", "12.50", "--currency", "EUR"}, 1, "verify the delivery status first"},
		{[]string{"verify", "--text", "no scan for three weeks", "--ref", "INV-7"}, 0, ""},
		{[]string{"solve", "--type", "customs", "--documents", "packing list", "--duties", "buyer"}, 1, "does not fit a lost case"},
		{[]string{"close", "--resolution", "done", "--cause", "carrier"}, 1, "after a solution"},
		// Bad input: exit 2 naming the flag and the value.
		{[]string{"solve", "--type", "teleport"}, 2, `--type "teleport"`},
		{[]string{"solve", "--type", "reissue", "--tracking", "RB123456784GB"}, 2, `--tracking "RB123456784GB"`},
		{[]string{"solve", "--type", "refund", "--amount", "lots", "--currency", "EUR"}, 2, `--amount "lots"`},
		// Money is whole cents: nothing is rounded away or read as a float.
		{[]string{"solve", "--type", "refund", "--amount", "12.555", "--currency", "EUR"}, 2, `--amount "12.555"`},
		{[]string{"solve", "--type", "refund", "--amount", "1e3", "--currency", "EUR"}, 2, `--amount "1e3"`},
		{[]string{"solve", "--type", "refund", "--amount", "-5", "--currency", "EUR"}, 2, `--amount "-5"`},
		{[]string{"solve", "--type", "refund", "--amount", "+5", "--currency", "EUR"}, 2, `--amount "+5"`},
		{[]string{"solve", "--type", "refund", "--amount", "0", "--currency", "EUR"}, 2, `--amount "0"`},
		{[]string{"solve", "--type", "reissue", "--tracking", "RB123456785GB", "--amount", "3"}, 2, "--amount does not apply to a reissue"},
		{[]string{"reassure", "--ref", "X", "--text", "hi"}, 2, "--ref does not apply to reassure"},
		{[]string{"note"}, 2, "note needs --text"},
		{[]string{"solve", "--type", "reissue"}, 2, "a reissue solution needs --tracking"},
		{[]string{"solve", "--type", "refund", "--amount", "5"}, 2, "a refund solution needs --currency"},
		{[]string{"dance"}, 2, `action "dance"`},
		{[]string{"solve", "--type", "reissue", "--tracking", "RB123456785GB"}, 0, ""},
		{[]string{"follow-up", "--date", "next week"}, 2, `--date: "next week" is not a date`},
		{[]string{"follow-up", "--date", "2020-01-01"}, 1, "not in the future"},
		{[]string{"follow-up", "--date", followUp}, 0, ""},
		{[]string{"update-buyer", "--text", "Your new parcel is on its way.", "--via", "email"}, 0, ""},
		{[]string{"close", "--resolution", "the new parcel arrived", "--cause", "weather"}, 2, `--cause "weather"`},
		{[]string{"close", "--resolution", "the new parcel arrived", "--cause", "carrier"}, 0, ""},
		{[]string{"reassure", "--text", "again"}, 1, "the case is closed"},
	}
	for _, s := range steps {
		r := asAgent(t, append([]string{"case", "do", id}, append(s.args, "--db", db)...)...)
		if r.code != s.code || !strings.Contains(r.stderr, s.want) {
			t.Fatalf("case do %s %v: exit %d, stderr %q; want exit %d mentioning %q", id, s.args, r.code, r.stderr, s.code, s.want)
		}
	}
	if r := asAgent(t, "case", "do", "999", "note", "--text", "x", "--db", db); r.code != 1 || !strings.Contains(r.stderr, "no case 999") {
		t.Fatalf("an unknown case: exit %d, %q", r.code, r.stderr)
	}

	r = asAgent(t, "case", "show", "--json", id, "--db", db)
	if r.code != 0 {
		t.Fatalf("case show: exit %d\n%s", r.code, r.stderr)
	}
	var shown caseOut
	if err := json.Unmarshal([]byte(r.stdout), &shown); err != nil {
		t.Fatalf("case show --json: %v\n%s", err, r.stdout)
	}
	if shown.Step != "closed" || shown.State != "closed" || shown.RootCause != "carrier" || shown.Resolution != "the new parcel arrived" ||
		shown.ClosedAt == nil || shown.FollowUpAt != nil || shown.Reference != "INV-7" ||
		shown.Solution == nil || shown.Solution.Type != "reissue" || shown.Solution.ReissueTrackingNo != "RB123456785GB" || shown.Solution.Documents == nil {
		t.Fatalf("closed case %+v", shown)
	}
	var acts []string
	for _, l := range shown.Log {
		acts = append(acts, l.Action)
		if l.Actor != "ana" || l.Detail == "" {
			t.Errorf("log entry %+v: want actor ana and a detail", l)
		}
		if _, err := time.Parse(time.RFC3339, l.At); err != nil {
			t.Errorf("log time %q: %v", l.At, err)
		}
	}
	if want := []string{"open", "reassure", "verify", "solve", "follow_up", "update_buyer", "close"}; !slices.Equal(acts, want) {
		t.Fatalf("log %v, want %v", acts, want)
	}

	// The reissue is a new parcel on the same order.
	if r := asAgent(t, "show", "--json", "--db", db, "RB123456785GB"); r.code != 0 || !strings.Contains(r.stdout, orderNo) {
		t.Fatalf("the reissued parcel is not on order %s: exit %d %s", orderNo, r.code, r.stderr)
	}

	// Lists and the export.
	for state, want := range map[string]bool{"closed": true, "open": false} {
		r := asAgent(t, "case", "list", "--json", "--state", state, "--db", db)
		var list []caseOut
		if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || r.code != 0 {
			t.Fatalf("case list --state %s: exit %d %v\n%s", state, r.code, err, r.stderr)
		}
		if got := slices.ContainsFunc(list, func(c caseOut) bool { return c.ID == opened.ID }); got != want {
			t.Errorf("case list --state %s has the case: %v, want %v", state, got, want)
		}
	}
	r = asAgent(t, "case", "export", "--format", "csv", "--db", db)
	if r.code != 0 {
		t.Fatalf("case export: exit %d\n%s", r.code, r.stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("export: %v\n%s", err, r.stdout)
	}
	want := []string{"id", "order_no", "tracking_no", "carrier", "destination", "kind", "step", "state", "opened_at", "opened_by",
		"closed_at", "solution", "amount", "seller_share", "currency", "resolution", "root_cause"}
	if !slices.Equal(recs[0], want) {
		t.Fatalf("export header %v, want %v", recs[0], want)
	}
	row := map[string]string{}
	for i, h := range recs[0] {
		row[h] = recs[1][i]
	}
	if row["id"] != id || row["order_no"] != orderNo || row["tracking_no"] != tracking || row["kind"] != "lost" || row["state"] != "closed" ||
		row["solution"] != "reissue" || row["root_cause"] != "carrier" || row["opened_by"] != "ana" || row["closed_at"] == "" {
		t.Fatalf("export row %v", row)
	}
}

func TestCLICaseErrors(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	if r := asAgent(t, "demo", "--orders", "5", "--seed", "1", "--db", db); r.code != 0 {
		t.Fatalf("demo: exit %d\n%s", r.code, r.stderr)
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no subcommand", []string{"case"}, 2, "open, list, show, message, do, export or bundle"},
		{"unknown subcommand", []string{"case", "frob"}, 2, `case "frob"`},
		{"open without a kind", []string{"case", "open", "X"}, 2, "--kind is required"},
		{"open with a bad kind", []string{"case", "open", "X", "--kind", "stolen"}, 2, `--kind "stolen"`},
		{"open with a bad language", []string{"case", "open", "X", "--kind", "lost", "--lang", "english"}, 2, `--lang "english"`},
		{"open an unknown order", []string{"case", "open", "NOPE123", "--kind", "lost"}, 1, "NOPE123"},
		{"show a bad id", []string{"case", "show", "twelve"}, 2, `case id "twelve"`},
		{"show an unknown case", []string{"case", "show", "42"}, 1, "no case 42"},
		{"list a bad state", []string{"case", "list", "--state", "pending"}, 2, `--state "pending"`},
		{"export as xml", []string{"case", "export", "--format", "xml"}, 2, `--format "xml"`},
		{"help", []string{"case", "help"}, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := asAgent(t, append(tc.args, "--db", db)...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d mentioning %q", r.code, r.stderr, tc.code, tc.want)
			}
		})
	}
}

// Money in a case is whole cents everywhere: the JSON carries two-decimal
// strings as orders do, the log says what was stored, and the export has
// every amount of the case, the seller's share of the duties included.
func TestCLICaseMoneyIsExact(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	if r := asAgent(t, "add", "--order", "M-1", "--tracking", "RB123456785GB", "--country", "DE", "--db", db); r.code != 0 {
		t.Fatalf("add: exit %d\n%s", r.code, r.stderr)
	}
	r := asAgent(t, "case", "open", "M-1", "--kind", "customs", "--json", "--db", db)
	var opened caseOut
	if err := json.Unmarshal([]byte(r.stdout), &opened); err != nil || r.code != 0 {
		t.Fatalf("case open: exit %d %v\n%s", r.code, err, r.stderr)
	}
	id := strconv.FormatInt(opened.ID, 10)
	for _, args := range [][]string{
		{"reassure", "--text", "Your parcel is in customs."},
		{"verify", "--text", "held for the invoice"},
		{"solve", "--type", "customs", "--documents", "commercial invoice", "--duties", "shared",
			"--amount", "48.60", "--seller-share", "12.55", "--currency", "eur"},
	} {
		if r := asAgent(t, append([]string{"case", "do", id}, append(args, "--db", db)...)...); r.code != 0 {
			t.Fatalf("case do %v: exit %d\n%s", args, r.code, r.stderr)
		}
	}
	r = asAgent(t, "case", "show", "--json", id, "--db", db)
	var shown struct {
		Solution struct {
			Amount      *string `json:"amount"`
			SellerShare *string `json:"seller_share"`
			Currency    string  `json:"currency"`
		} `json:"solution"`
		Log []struct{ Action, Detail string } `json:"log"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &shown); err != nil || r.code != 0 {
		t.Fatalf("case show: exit %d %v\n%s", r.code, err, r.stdout)
	}
	if s := shown.Solution; s.Amount == nil || *s.Amount != "48.60" || s.SellerShare == nil || *s.SellerShare != "12.55" || s.Currency != "EUR" {
		t.Fatalf("solution amounts %+v; want \"48.60\" and \"12.55\" EUR", s)
	}
	last := shown.Log[len(shown.Log)-1]
	if last.Action != "solve" || !strings.Contains(last.Detail, "seller 12.55 of 48.60 EUR") {
		t.Errorf("log %+v: want the stored amounts", last)
	}
	r = asAgent(t, "case", "export", "--db", db)
	recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("export: %v\n%s", err, r.stdout)
	}
	row := map[string]string{}
	for i, h := range recs[0] {
		row[h] = recs[1][i]
	}
	if row["amount"] != "48.60" || row["seller_share"] != "12.55" || row["currency"] != "EUR" {
		t.Errorf("export row %v: want amount 48.60, seller_share 12.55, EUR", row)
	}
}

// A demo store keeps its own clock: every process writing to it logs on
// the demo's time line, which runs 120 times faster than the wall clock
// while the store is in use, so a later command never logs an earlier
// time than the one before it.
func TestCLIDemoStoreHasOneClock(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	if r := asAgent(t, "demo", "--orders", "20", "--seed", "3", "--db", db); r.code != 0 {
		t.Fatalf("demo: exit %d\n%s", r.code, r.stderr)
	}
	r := asAgent(t, "list", "--json", "--db", db)
	var orders []struct {
		Shipments []struct {
			TrackingNo string `json:"tracking_no"`
		} `json:"shipments"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &orders); err != nil || len(orders) == 0 {
		t.Fatalf("list: %v\n%s", err, r.stdout)
	}
	r = asAgent(t, "case", "open", orders[0].Shipments[0].TrackingNo, "--kind", "overdue", "--json", "--db", db)
	var c caseOut
	if err := json.Unmarshal([]byte(r.stdout), &c); err != nil {
		t.Fatalf("case open: exit %d %v\n%s", r.code, err, r.stderr)
	}
	id := strconv.FormatInt(c.ID, 10)
	wall := time.Now()
	time.Sleep(2 * time.Second)
	if r := asAgent(t, "case", "do", id, "note", "--text", "two wall seconds later", "--db", db); r.code != 0 {
		t.Fatalf("case do: exit %d\n%s", r.code, r.stderr)
	}
	r = asAgent(t, "case", "show", "--json", id, "--db", db)
	var shown caseOut
	if err := json.Unmarshal([]byte(r.stdout), &shown); err != nil || len(shown.Log) != 2 {
		t.Fatalf("case show: %v\n%s", err, r.stdout)
	}
	opened, _ := time.Parse(time.RFC3339, shown.Log[0].At)
	noted, _ := time.Parse(time.RFC3339, shown.Log[1].At)
	// Two wall seconds are four demo minutes: the note is logged on the
	// demo's line, not at the wall clock's time.
	if d := noted.Sub(opened); d < 3*time.Minute {
		t.Errorf("opened %v, noted %v (%v later): want the demo's time line, minutes later", opened, noted, d)
	}
	if noted.Before(wall) {
		t.Errorf("the note is logged at %v, before the wall time %v it was written", noted, wall)
	}
}
