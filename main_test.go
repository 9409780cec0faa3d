package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"waybill/store/pgtest"
	"waybill/ui/cli/bench"
)

// The CLI is tested end to end: build the real binary, run it on a temp
// store, and read what a script would read.
var binary string

// noraceBinary is testdata/norace, built like binary: work the tests would
// do in process, 10-40× slower under -race.
var noraceBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "waybill-bin-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "waybill")
	noraceBinary = filepath.Join(dir, "norace")
	// One build, linked in parallel: waybill and the tests' helper, both
	// without -race (testdata/norace says why).
	if out, err := exec.Command("go", "build", "-o", dir+string(filepath.Separator), ".", "./testdata/norace").CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	// The bench's idle-CPU window is ten seconds a store; the bench tests
	// (several stores each) check the measure is there, not its size.
	os.Setenv(bench.IdleWindowEnv, "1s")
	// The secrets the marketplace tests' configs name (app_secret_env,
	// access_token_env, webhook_secret_env), set once for every test's
	// subprocess: a t.Setenv in each would keep those tests from running
	// in parallel. A test of another value uses another variable, or
	// t.Setenv and runs alone.
	os.Setenv("WAYBILL_TEST_AE_SECRET", aeSecret)
	os.Setenv("WAYBILL_TEST_SHOPIFY_TOKEN", shopifyToken)
	os.Setenv("WAYBILL_TEST_SHOPIFY_HOOK", shopifyHookSecret)
	// pgtest.Main stops the PostgreSQL pass's cluster, if e2eStore
	// started one, when the tests end.
	code := pgtest.Main(m, prepareTemplate)
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

// waybill runs the binary with a private HOME and XDG folders so nothing on
// the developer's machine is read or written.
func waybill(t *testing.T, args ...string) result {
	t.Helper()
	home := t.TempDir()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "cfg"), "XDG_DATA_HOME="+filepath.Join(home, "data"))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

func TestCLIDemoListShow(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	r := waybill(t, "demo", "--orders", "40", "--seed", "7", "--db", db)
	if r.code != 0 {
		t.Fatalf("demo: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "added 40 demo orders") {
		t.Fatalf("demo said %q", r.stdout)
	}

	r = waybill(t, "list", "--json", "--db", db)
	if r.code != 0 {
		t.Fatalf("list: exit %d: %s", r.code, r.stderr)
	}
	var orders []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &orders); err != nil {
		t.Fatalf("list --json is not a JSON array: %v\n%s", err, r.stdout)
	}
	if len(orders) != 40 {
		t.Fatalf("list --json has %d orders, want 40", len(orders))
	}
	for _, k := range []string{"order_no", "buyer", "destination", "status", "shipping_method", "shipments"} {
		if _, ok := orders[0][k]; !ok {
			t.Errorf("order object lacks %q: %v", k, orders[0])
		}
	}
	ship := orders[0]["shipments"].([]any)[0].(map[string]any)
	for _, k := range []string{"tracking_no", "carrier", "status", "last_event_at", "exceptions"} {
		if _, ok := ship[k]; !ok {
			t.Errorf("shipment object lacks %q: %v", k, ship)
		}
	}
	if _, ok := ship["events"]; ok {
		t.Errorf("list --json shipments carry events: %v", ship)
	}

	// Find a delivered parcel and show it by tracking number, in lower case
	// with spaces, as people paste them.
	var tracking string
	for _, o := range orders {
		for _, s := range o["shipments"].([]any) {
			s := s.(map[string]any)
			if s["status"] == "delivered" && tracking == "" {
				tracking = s["tracking_no"].(string)
			}
		}
	}
	if tracking == "" {
		t.Fatal("no delivered parcel among 40 demo orders")
	}
	pasted := strings.ToLower(tracking[:4]) + " " + tracking[4:]
	r = waybill(t, "show", "--json", "--db", db, pasted)
	if r.code != 0 {
		t.Fatalf("show %q: exit %d: %s", pasted, r.code, r.stderr)
	}
	var order struct {
		OrderNo   string `json:"order_no"`
		Shipments []struct {
			TrackingNo string `json:"tracking_no"`
			Status     string `json:"status"`
			Events     []struct {
				Time, Status, Location, Description, RawStatus string
			} `json:"events"`
		} `json:"shipments"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &order); err != nil {
		t.Fatalf("show --json: %v\n%s", err, r.stdout)
	}
	var evs []time.Time
	for _, s := range order.Shipments {
		if s.TrackingNo != tracking {
			continue
		}
		if len(s.Events) < 3 || s.Events[0].Status != "delivered" {
			t.Fatalf("delivered parcel's events (newest first) = %+v", s.Events)
		}
		for _, e := range s.Events {
			ts, err := time.Parse(time.RFC3339, e.Time)
			if err != nil {
				t.Fatalf("event time %q is not RFC 3339", e.Time)
			}
			evs = append(evs, ts)
		}
	}
	for i := 1; i < len(evs); i++ {
		if evs[i].After(evs[i-1]) {
			t.Fatalf("events not newest first: %v after %v", evs[i], evs[i-1])
		}
	}

	// By order number too, and the filter by status.
	if r = waybill(t, "show", "--json", "--db", db, order.OrderNo); r.code != 0 {
		t.Fatalf("show by order no: exit %d: %s", r.code, r.stderr)
	}
	r = waybill(t, "list", "--json", "--status", "delivered", "--db", db)
	var delivered []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &delivered); err != nil || len(delivered) == 0 || len(delivered) >= 40 {
		t.Fatalf("list --status delivered: %d orders, err %v", len(delivered), err)
	}

	// The same seed gives the same data.
	db2 := e2eStore(t)
	waybill(t, "demo", "--orders", "40", "--seed", "7", "--db", db2)
	r2 := waybill(t, "list", "--json", "--db", db2)
	var orders2 []map[string]any
	if err := json.Unmarshal([]byte(r2.stdout), &orders2); err != nil {
		t.Fatalf("second list: %v", err)
	}
	if len(orders2) != len(orders) {
		t.Fatalf("same seed gave %d orders, then %d", len(orders), len(orders2))
	}
	for i := range orders {
		if orders2[i]["order_no"] != orders[i]["order_no"] || orders2[i]["buyer"] != orders[i]["buyer"] {
			t.Fatalf("same seed gave different order %d: %v vs %v", i, orders[i], orders2[i])
		}
	}
}

func TestCLIAddAndRefresh(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	r := waybill(t, "add", "--db", db, "--order", "8123456789012345", "--tracking", "rb 123-456-785 cn", "--country", "us", "--shipped", "2026-11-01")
	if r.code != 0 {
		t.Fatalf("add: exit %d: %s", r.code, r.stderr)
	}
	r = waybill(t, "show", "--json", "--db", db, "RB123456785CN")
	if r.code != 0 || !strings.Contains(r.stdout, `"order_no": "8123456789012345"`) || !strings.Contains(r.stdout, `"destination": "US"`) {
		t.Fatalf("show after add: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// No real carrier is configured: the pass runs, reports the failure
	// and its reason, and exits 1 (problems found).
	r = waybill(t, "refresh", "--once", "--db", db)
	if r.code != 1 || !strings.Contains(r.stdout, "checked 1") || !strings.Contains(r.stdout, "failures 1") || !strings.Contains(r.stdout, `no tracking service configured for carrier "china-post"`) {
		t.Fatalf("refresh --once: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// show says why the parcel stands still, and where to act.
	r = waybill(t, "show", "--db", db, "RB123456785CN")
	if !strings.Contains(r.stdout, `last check failed: no tracking service configured for carrier "china-post"`) ||
		!strings.Contains(r.stdout, "[carriers.17track]") {
		t.Errorf("show after a failed check does not say why:\n%s%s", r.stdout, r.stderr)
	}
}

func TestCLIErrors(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, bytes.Repeat([]byte("not a database "), 300), 0o600)
	badCfg := filepath.Join(dir, "bad.toml")
	os.WriteFile(badCfg, []byte("[rules]\nstale_days = 7\nstale_dayz = 3\n"), 0o600)
	db := filepath.Join(dir, "ok.db")

	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"unknown command", []string{"frobnicate"}, 2, []string{"unknown command"}},
		{"unknown flag", []string{"list", "--db", db, "--nope"}, 2, []string{"nope"}},
		{"bad status", []string{"list", "--db", db, "--status", "lost-in-space"}, 2, []string{"lost-in-space"}},
		{"add without tracking", []string{"add", "--db", db, "--order", "1"}, 2, []string{"--tracking"}},
		{"add with a bad date", []string{"add", "--db", db, "--order", "1", "--tracking", "RB123456785CN", "--shipped", "someday"}, 2, []string{"--shipped", `"someday" is not a date`}},
		{"order number as tracking", []string{"add", "--db", db, "--order", "8123456789012345", "--tracking", "8123456789012345"}, 2, []string{"order number"}},
		{"bad config", []string{"list", "--db", db, "--config", badCfg}, 1, []string{badCfg, "line 3", "rules.stale_dayz"}},
		{"not a database", []string{"list", "--db", garbage}, 1, []string{garbage}},
		{"show unknown", []string{"show", "--db", db, "NOPE12345"}, 1, []string{"NOPE12345"}},
		{"help", []string{"list", "--help"}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := waybill(t, tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\n%s%s", r.code, tt.code, r.stdout, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr %q does not mention %q", r.stderr, w)
				}
			}
			if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic") {
				t.Errorf("stack trace on stderr:\n%s", r.stderr)
			}
		})
	}
	if b, _ := os.ReadFile(garbage); !bytes.HasPrefix(b, []byte("not a database")) {
		t.Error("opening a file that is not a database changed it")
	}
}

func TestCLIDetect(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	r := waybill(t, "detect", "--json", "RB123456785GB", "rb 123456 784 gb", "8123456789012345", "UN123456785CN")
	if r.code != 1 {
		t.Fatalf("detect with an invalid number: exit %d, want 1\n%s", r.code, r.stderr)
	}
	var got []struct {
		Input, Number, Carrier, Checksum, Note string
		Valid, Tracked                         bool
		Candidates                             []struct {
			Carrier    string
			Confidence float64
		}
		Suggestions []string
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || len(got) != 4 {
		t.Fatalf("detect --json: %v\n%s", err, r.stdout)
	}
	if g := got[0]; !g.Valid || g.Carrier != "royal-mail" || g.Checksum != "ok" || !g.Tracked || len(g.Candidates) == 0 {
		t.Errorf("RB123456785GB: %+v", g)
	}
	if g := got[1]; g.Valid || g.Number != "RB123456784GB" || g.Checksum != "bad" || !contains(g.Suggestions, "RB123456785GB") {
		t.Errorf("mistyped check digit: %+v", g)
	}
	if g := got[2]; g.Valid || !strings.Contains(strings.ToLower(g.Note), "order number") {
		t.Errorf("order number: %+v", g)
	}
	if g := got[3]; !g.Valid || g.Tracked {
		t.Errorf("untracked UN…CN: %+v", g)
	}
	if r := waybill(t, "detect", "1Z5R89390357567127"); r.code != 0 || !strings.Contains(r.stdout, "ups") {
		t.Errorf("detect a valid UPS number: exit %d\n%s", r.code, r.stdout)
	}
	if r := waybill(t, "detect"); r.code != 2 {
		t.Errorf("detect without numbers: exit %d, want 2", r.code)
	}
}

func TestCLIAddValidatesTrackingNumbers(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	r := waybill(t, "add", "--db", db, "--order", "A-1", "--tracking", "RB123456784GB")
	if r.code != 1 || !strings.Contains(r.stderr, "RB123456785GB") || !strings.Contains(r.stderr, "--force") {
		t.Fatalf("add a mistyped number: exit %d\n%s", r.code, r.stderr)
	}
	if r := waybill(t, "show", "--db", db, "A-1"); r.code != 1 {
		t.Fatalf("a refused add stored the order: exit %d\n%s", r.code, r.stdout)
	}
	r = waybill(t, "add", "--db", db, "--order", "A-1", "--tracking", "RB123456784GB", "--force")
	if r.code != 0 || !strings.Contains(r.stdout, "unverified") {
		t.Fatalf("add --force: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := waybill(t, "show", "--json", "--db", db, "A-1"); !strings.Contains(r.stdout, `"unverified": true`) {
		t.Fatalf("forced number not marked unverified:\n%s", r.stdout)
	}
	r = waybill(t, "add", "--db", db, "--order", "A-2", "--tracking", "1Z5R89390357567127")
	if r.code != 0 || !strings.Contains(r.stdout, "(ups)") {
		t.Fatalf("add detects the carrier: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = waybill(t, "add", "--db", db, "--order", "A-3", "--tracking", "1Z5R89390357567127", "--carrier", "nonsense-post")
	if r.code != 2 || !strings.Contains(r.stderr, "nonsense-post") {
		t.Fatalf("add with an unknown carrier slug: exit %d\n%s", r.code, r.stderr)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
