package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"waybill/carriers/track17/track17fake"
)

// The demo never mixes with real work (issue 20 item 1): a first run's
// demo has a store of its own, a store that holds both tells them apart,
// `demo --remove` deletes exactly the demo, and a configured service is
// never shadowed by the simulator.

// home is a user's HOME with its XDG folders, kept across commands.
type home string

func newHome(t *testing.T) home { return home(t.TempDir()) }

func (h home) env() []string {
	return append(os.Environ(), "HOME="+string(h), "XDG_CONFIG_HOME="+h.path("cfg"), "XDG_DATA_HOME="+h.path("data"))
}

func (h home) path(elem ...string) string {
	return filepath.Join(append([]string{string(h)}, elem...)...)
}

// defaultStore and demoStore are where waybill keeps them under h.
func (h home) defaultStore() string { return h.path("data", "waybill", "waybill.db") }
func (h home) demoStore() string    { return h.path("data", "waybill", "demo.db") }

// run runs the binary as the user of h.
func (h home) run(t *testing.T, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = h.env()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	code := 0
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

// ok runs a command that must succeed and returns its output.
func (h home) ok(t *testing.T, args ...string) string {
	t.Helper()
	r := h.run(t, args...)
	if r.code != 0 {
		t.Fatalf("waybill %s: exit %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// demoListed is one order of `list --json`.
type demoListed struct {
	OrderNo   string `json:"order_no"`
	Demo      bool   `json:"demo"`
	Shipments []struct {
		TrackingNo string `json:"tracking_no"`
		Status     string `json:"status"`
	} `json:"shipments"`
}

func (h home) list(t *testing.T, args ...string) []demoListed {
	t.Helper()
	var orders []demoListed
	out := h.ok(t, append([]string{"list", "--json"}, args...)...)
	if err := json.Unmarshal([]byte(out), &orders); err != nil {
		t.Fatalf("list --json: %v\n%s", err, out)
	}
	return orders
}

// opens is what `demo --status` says `waybill` opens.
func (h home) opens(t *testing.T, args ...string) string {
	t.Helper()
	out := h.ok(t, append([]string{"demo", "--status"}, args...)...)
	m := regexp.MustCompile(`(?m)^opens:  (\S+) `).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("demo --status names no store:\n%s", out)
	}
	return m[1]
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// Which store `waybill` opens, as `demo --status` says: the demo's only
// while nothing is configured and the default store holds nothing; and
// asking makes no store.
func TestDemoStatusSaysWhichStoreOpens(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	for _, tc := range []struct {
		name   string
		config string
		args   func(h home) []string
		prep   func(t *testing.T, h home)
		want   func(h home) string
		why    string
	}{
		{name: "a fresh machine", want: home.demoStore, why: "the demo: nothing is configured"},
		{name: "a config without services or store", config: "[rules]\nstale_days = 9\n", want: home.demoStore, why: "the demo"},
		{name: "a tracking service configured", config: "[carriers.17track]\napi_key = \"k\"\n", want: home.defaultStore, why: "a tracking service is configured"},
		{name: "a store path configured", config: "[store]\npath = \"%s\"\n", want: func(h home) string { return h.path("mine.db") }, why: "store.path in"},
		{name: "an order in the default store", prep: func(t *testing.T, h home) {
			h.ok(t, "add", "--order", "REAL-1", "--tracking", "RB123456785GB")
		}, want: home.defaultStore, why: "it holds orders"},
		{name: "--db", args: func(h home) []string { return []string{"--db", h.path("x.db")} }, want: func(h home) string { return h.path("x.db") }, why: "--db"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHome(t)
			if tc.config != "" {
				os.MkdirAll(h.path("cfg", "waybill"), 0o700)
				os.WriteFile(h.path("cfg", "waybill", "config.toml"), []byte(strings.ReplaceAll(tc.config, "%s", h.path("mine.db"))), 0o600)
			}
			if tc.prep != nil {
				tc.prep(t, h)
			}
			var args []string
			if tc.args != nil {
				args = tc.args(h)
			}
			before := exists(h.defaultStore())
			out := h.ok(t, append([]string{"demo", "--status"}, args...)...)
			if got := h.opens(t, args...); got != tc.want(h) || !strings.Contains(out, tc.why) {
				t.Errorf("opens %s, want %s because %q:\n%s", got, tc.want(h), tc.why, out)
			}
			if exists(h.demoStore()) || exists(h.defaultStore()) != before || exists(h.path("x.db")) {
				t.Errorf("asking made a store:\n%s", out)
			}
			if demo := tc.want(h) == h.demoStore(); demo != strings.Contains(out, "leave:  add or import an order") {
				t.Errorf("how to leave the demo said %v, want %v:\n%s", !demo, demo, out)
			}
		})
	}
}

// tmuxWaybill runs waybill as the user of h in a terminal of w×ht columns
// and lines, in a tmux server of the test's own. It returns the screen's
// text as it is now, and a function that presses q and waits for the
// program to end.
func tmuxWaybill(t *testing.T, h home, w, ht int, args ...string) (screen func() string, quit func()) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	sock := fmt.Sprintf("waybill-test-%d-%d", os.Getpid(), time.Now().UnixNano())
	tmux := func(args ...string) (string, error) {
		out, err := exec.Command("tmux", append([]string{"-L", sock}, args...)...).CombinedOutput()
		return string(out), err
	}
	env := []string{"env", "HOME=" + string(h), "XDG_CONFIG_HOME=" + h.path("cfg"), "XDG_DATA_HOME=" + h.path("data"), "TERM=xterm-256color", binary}
	if out, err := tmux(append([]string{"new-session", "-d", "-s", "w", "-x", strconv.Itoa(w), "-y", strconv.Itoa(ht)}, append(env, args...)...)...); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	t.Cleanup(func() { tmux("kill-server") })
	screen = func() string {
		out, _ := tmux("capture-pane", "-p", "-t", "w")
		return out
	}
	quit = func() {
		tmux("send-keys", "-t", "w", "q")
		for deadline := time.Now().Add(e2eHang); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if _, err := tmux("has-session", "-t", "w"); err != nil {
				return
			}
		}
		t.Fatalf("waybill did not quit on q:\n%s", screen())
	}
	return screen, quit
}

// waitScreen waits until the screen shows every one of want.
func waitScreen(t *testing.T, screen func() string, want ...string) string {
	t.Helper()
	var s string
	for deadline := time.Now().Add(e2eHang); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		s = screen()
		if !slices.ContainsFunc(want, func(w string) bool { return !strings.Contains(s, w) }) {
			return s
		}
	}
	t.Fatalf("the screen never showed %q:\n%s", want, s)
	return s
}

// A new user's first run, in a terminal: the demo opens in demo.db, says
// so and how to leave, and the default store stays empty; adding an order
// from the command line puts it, alone, in the default store, which the
// next run opens.
func TestDemoFirstRunKeepsTheDefaultStoreEmpty(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	h := newHome(t)
	for _, size := range [][2]int{{80, 24}, {120, 35}} {
		screen, quit := tmuxWaybill(t, h, size[0], size[1])
		s := waitScreen(t, screen, "DEMO ×120", "/313")
		title := strings.SplitN(s, "\n", 2)[0]
		if !strings.Contains(title, "demo store · leave: waybill add, a carrier or --db") {
			t.Errorf("at %dx%d the title does not say which store is open and how to leave it:\n%s", size[0], size[1], s)
		}
		quit()
	}
	if exists(h.defaultStore()) {
		t.Errorf("the first run made the default store %s", h.defaultStore())
	}
	demo := h.list(t, "--db", h.demoStore())
	if len(demo) != 300 || slices.ContainsFunc(demo, func(o demoListed) bool { return !o.Demo }) {
		t.Fatalf("the demo store holds %d orders, want 300, every one marked demo", len(demo))
	}
	if out := h.ok(t, "demo", "--status"); !strings.Contains(out, "orders: 300 demo, 0 real") || !strings.Contains(out, "clock:  demo ×120") {
		t.Errorf("demo --status after the first run:\n%s", out)
	}

	h.ok(t, "add", "--order", "SHOP-1", "--tracking", "RB123456785GB", "--country", "GB")
	if got := h.list(t); len(got) != 1 || got[0].OrderNo != "SHOP-1" || got[0].Demo {
		t.Fatalf("the default store after add holds %+v, want SHOP-1 alone, real", got)
	}
	if got := h.opens(t); got != h.defaultStore() {
		t.Fatalf("after add waybill opens %s, want the default store", got)
	}
	screen, quit := tmuxWaybill(t, h, 80, 24)
	s := waitScreen(t, screen, "SHOP-1", "1/1")
	if title := strings.SplitN(s, "\n", 2)[0]; strings.Contains(title, "DEMO") || !strings.Contains(title, "waybill.db") {
		t.Errorf("the next run's title:\n%s", s)
	}
	quit()
	if n := len(h.list(t, "--db", h.demoStore())); n != 300 {
		t.Errorf("the demo store holds %d orders after the real work began, want its 300", n)
	}
}

// `demo --remove` on a store of demo and real orders deletes the demo
// orders with their parcels (and what hangs on them: a case here) and
// nothing of the real ones; list and show mark the demo's.
func TestDemoRemoveOnAMixedStore(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	h := newHome(t)
	db := e2eStore(t)
	h.ok(t, "demo", "--orders", "12", "--seed", "3", "--db", db)
	h.ok(t, "add", "--db", db, "--order", "REAL-1", "--tracking", "RB123456785GB", "--country", "GB")
	h.ok(t, "add", "--db", db, "--order", "REAL-2", "--tracking", "LZ123456785CN", "--country", "DE")
	h.ok(t, "watch", "--db", db, "REAL-1")
	before := h.list(t, "--db", db)
	var demoOrder string
	parcels := 0
	for _, o := range before {
		if o.Demo {
			demoOrder = o.OrderNo
			parcels += len(o.Shipments)
		}
	}
	h.ok(t, "case", "open", "--db", db, demoOrder, "--kind", "stale")
	if text := h.ok(t, "list", "--db", db); !regexp.MustCompile(`(?m)^`+demoOrder+`\s.*\sdemo$`).MatchString(text) ||
		regexp.MustCompile(`(?m)^REAL-1\s.*\sdemo$`).MatchString(text) {
		t.Errorf("list does not mark exactly the demo orders:\n%s", text)
	}
	if text := h.ok(t, "show", "--db", db, demoOrder); !strings.Contains(strings.SplitN(text, "\n", 2)[0], "demo order") {
		t.Errorf("show does not mark the demo order:\n%s", text)
	}
	if out := h.ok(t, "demo", "--status", "--db", db); !strings.Contains(out, "orders: 12 demo, 2 real") || !strings.Contains(out, "clock:  wall") {
		t.Errorf("a store of demo and real orders, as demo --status says:\n%s", out)
	}

	out := h.ok(t, "demo", "--remove", "--db", db)
	want := fmt.Sprintf("removed 12 demo orders from %s: %d parcels, ", db, parcels)
	if !strings.Contains(out, want) || !strings.Contains(out, " 1 cases, ") || !strings.Contains(out, "real orders kept: 2") {
		t.Errorf("demo --remove said %q, want %q…, 1 case, 2 real orders kept", out, want)
	}
	after := h.list(t, "--db", db)
	if len(after) != 2 || after[0].Demo || after[1].Demo {
		t.Fatalf("after demo --remove the store holds %+v, want the 2 real orders", after)
	}
	if r := h.run(t, "show", "--db", db, demoOrder); r.code != 1 {
		t.Errorf("show %s after the removal: exit %d\n%s", demoOrder, r.code, r.stdout)
	}
	if r := h.run(t, "case", "list", "--db", db); strings.Contains(r.stdout, demoOrder) {
		t.Errorf("the demo order's case outlived it:\n%s", r.stdout)
	}
	if out := h.ok(t, "demo", "--remove", "--db", db); !strings.Contains(out, "no demo orders in") {
		t.Errorf("a second demo --remove said %q", out)
	}
}

// A store the demo filled, with the 17TRACK service configured and a real
// order added (the report): the real parcel is tracked by the
// service, never simulated; the demo's parcels by the simulator alone,
// never sent to the service; and the store runs on the wall clock.
func TestDemoNeverShadowsAConfiguredCarrier(t *testing.T) {
	fake := track17fake.New(t, 40)
	h := newHome(t)
	db := e2eStore(t)
	cfg := h.path("config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[carriers.17track]\napi_key_env = \"T17_KEY\"\nbase_url = %q\n", fake.URL())), 0o600)
	t.Setenv("T17_KEY", fake.Key())

	h.ok(t, "demo", "--orders", "10", "--db", db)
	if out := h.ok(t, "demo", "--status", "--db", db, "--config", cfg); !strings.Contains(out, "clock:  demo ×120") {
		t.Fatalf("a store of the demo alone:\n%s", out)
	}
	demo := h.list(t, "--db", db)
	const num = "RB123456785GB"
	// The scripted journey takes about a week; one that ended in the future
	// would not count (see tracker.EventTimeDoubt).
	want := fake.AddDelivered(num, time.Now().Add(-8*24*time.Hour))
	h.ok(t, "add", "--db", db, "--config", cfg, "--order", "SHOP-1", "--tracking", num, "--country", "GB")

	out := h.ok(t, "refresh", "--once", "--db", db, "--config", cfg)
	if !strings.Contains(out, fmt.Sprintf("17track    checked 1, updated 1, new events %d", want)) {
		t.Errorf("refresh did not track the real parcel with 17track:\n%s", out)
	}
	// The demo's parcels, named, are checked now, by the simulator.
	var demoNums []string
	for _, o := range demo {
		for _, s := range o.Shipments {
			demoNums = append(demoNums, s.TrackingNo)
		}
	}
	if out := h.ok(t, append([]string{"refresh", "--once", "--db", db, "--config", cfg}, demoNums[:3]...)...); !strings.Contains(out, "checked 3,") || !strings.Contains(out, "failures 0") {
		t.Errorf("refresh of demo parcels:\n%s", out)
	}
	asked := 0
	for _, req := range fake.Requests() {
		asked += strings.Count(string(req.Body), num)
		for _, n := range demoNums {
			if strings.Contains(string(req.Body), n) {
				t.Errorf("17track was asked about the demo parcel %s", n)
			}
		}
	}
	if asked == 0 {
		t.Error("17track was never asked about the real parcel")
	}
	var o struct {
		Shipments []struct {
			Status string           `json:"status"`
			Events []map[string]any `json:"events"`
		} `json:"shipments"`
	}
	if err := json.Unmarshal([]byte(h.ok(t, "show", "--json", "--db", db, num)), &o); err != nil || len(o.Shipments) != 1 {
		t.Fatalf("show %s: %v", num, err)
	}
	if s := o.Shipments[0]; s.Status != "delivered" || len(s.Events) != want {
		t.Errorf("the real parcel is %s with %d events, want delivered with 17track's %d", s.Status, len(s.Events), want)
	}
	if out := h.ok(t, "demo", "--status", "--db", db, "--config", cfg); !strings.Contains(out, "orders: 10 demo, 1 real") || !strings.Contains(out, "clock:  wall") {
		t.Errorf("a store of demo and real orders:\n%s", out)
	}
}
