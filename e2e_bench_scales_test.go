package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// scaleEntry is an entry of `waybill bench --scales … --json`.
type scaleEntry struct {
	Name   string   `json:"name"`
	Value  *float64 `json:"value"`
	Unit   string   `json:"unit"`
	Budget *float64 `json:"budget"`
	OK     *bool    `json:"ok"`
	Scale  int      `json:"scale"`
}

// benchScales reads a sitting's JSON: entries by "name@scale" (growth
// at scale 0), and whether any says a budget was missed.
func benchScales(t *testing.T, r result) (map[string]scaleEntry, bool) {
	t.Helper()
	if r.code != 0 && r.code != 1 {
		t.Fatalf("bench: exit %d: %s", r.code, r.stderr)
	}
	var out []scaleEntry
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("bench --scales --json: %v\n%s", err, r.stdout)
	}
	got := map[string]scaleEntry{}
	missed := false
	for _, e := range out {
		if e.Value == nil || math.IsNaN(*e.Value) || e.Unit == "" {
			t.Errorf("entry %+v: no number or unit", e)
		}
		if (e.Budget == nil) != (e.OK == nil) {
			t.Errorf("%s: budget %v but ok %v", e.Name, e.Budget, e.OK)
		}
		missed = missed || e.OK != nil && !*e.OK
		got[e.Name+"@"+strconv.Itoa(e.Scale)] = e
	}
	if (r.code == 1) != missed {
		t.Errorf("exit %d, yet a budget or a growth missed: %v", r.code, missed)
	}
	return got, missed
}

// The figures that must not grow with the store, as a sitting names them.
var followedFigures = []string{"first_frame", "first_frame_cold", "nav_key_p99", "filter_key", "filter_key_p99",
	"tui_rss", "ssh_open_median", "ssh_open_p99"}

// TestBenchScalesJSON runs a sitting of two tiny stores: each scale has
// its size-following figures (and the ingest of its build), the largest
// every measure, and each followed figure a growth held to 1.25. No
// figure is judged: timing belongs to the benchmarks. The stores are kept
// with --keep, are not built over, and are measured again with --reuse,
// without a build (so without ingest figures): one test, so that the
// suite builds the two stores once.
func TestBenchScalesJSON(t *testing.T) {
	t.Parallel() // its own stores and servers
	if testing.Short() {
		t.Skip("builds and measures two stores, serves 40 SSH sessions, measures them again")
	}
	keep := t.TempDir()
	r := waybill(t, "bench", "--scales", "400,200", "--keep", keep, "--json")
	got, _ := benchScales(t, r)
	for _, scale := range []string{"200", "400"} {
		for _, name := range append([]string{"ingest_new", "plain_insert"}, followedFigures...) {
			if _, ok := got[name+"@"+scale]; !ok {
				t.Errorf("no %s at %s orders", name, scale)
			}
		}
	}
	for _, name := range []string{"refresher_vs_bound", "ssh_frame", "ssh_idle_cpu"} {
		if _, ok := got[name+"@400"]; !ok {
			t.Errorf("no %s at the largest scale", name)
		}
		if _, ok := got[name+"@200"]; ok {
			t.Errorf("%s at the smaller scale: only the largest measures it", name)
		}
	}
	if e := got["ssh_open_p99@200"]; e.Budget == nil || *e.Budget != 1000 {
		t.Errorf("ssh_open_p99 %+v: want its budget of 1000 ms", e)
	}
	for _, name := range followedFigures {
		e, ok := got[name+"_growth@0"]
		if !ok {
			t.Errorf("no %s_growth", name)
			continue
		}
		if want := *got[name+"@400"].Value / *got[name+"@200"].Value; math.Abs(*e.Value-want) > 1e-9*want {
			t.Errorf("%s_growth %v, want %v (largest over smallest)", name, *e.Value, want)
		}
		if e.Budget == nil || *e.Budget != 1.25 || *e.OK != (*e.Value <= 1.25) {
			t.Errorf("%s_growth %+v: want budget 1.25, ok when within it", name, e)
		}
	}
	// A sitting lasts long: it says where it is even with --json.
	for _, want := range []string{"200 orders (1 of 2)", "400 orders (2 of 2)", "SSH sessions opening at once"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("progress lacks %q:\n%s", want, r.stderr)
		}
	}

	for _, n := range []string{"200", "400"} {
		if _, err := os.Stat(filepath.Join(keep, "orders-"+n+".db")); err != nil {
			t.Errorf("the store of %s orders was not kept: %v", n, err)
		}
	}
	r = waybill(t, "bench", "--scales", "200,400", "--keep", keep)
	if r.code != 2 || !strings.Contains(r.stderr, "exists") {
		t.Errorf("a second build over kept stores: exit %d, %s; want 2, exists", r.code, r.stderr)
	}
	r = waybill(t, "bench", "--scales", "200,400", "--keep", keep, "--reuse")
	if r.code != 0 && r.code != 1 {
		t.Fatalf("bench --reuse: exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(r.stdout, "\n")
	if head := strings.Fields(lines[0]); strings.Join(head, " ") != "MEASURE 200 400 GROWTH FLAT UNIT BUDGET OK" {
		t.Errorf("table head %q:\n%s", head, r.stdout)
	}
	rows := map[string][]string{}
	for _, l := range lines[1:] {
		if f := strings.Fields(l); len(f) > 0 {
			rows[f[0]] = f
		}
	}
	for _, name := range followedFigures {
		if f := rows[name]; len(f) < 3 || f[1] == "—" || f[2] == "—" {
			t.Errorf("--reuse: no %s at both scales: %q", name, f)
		}
	}
	if _, ok := rows["ingest_new"]; ok {
		t.Errorf("--reuse built the stores again: it has ingest figures\n%s", r.stdout)
	}
}

func TestBenchScalesUsage(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		args []string
		say  []string
	}{
		{"orders and scales", []string{"--orders", "200", "--scales", "200,400"}, []string{"--orders and --scales exclude each other"}},
		{"one scale", []string{"--scales", "200"}, []string{`--scales "200": want two sizes or more`}},
		{"out of range", []string{"--scales", "200,2000000"}, []string{`--scales "200,2000000": 2000000: want 100 to 1000000`}},
		{"reuse without keep", []string{"--scales", "200,400", "--reuse"}, []string{"--reuse measures the stores kept in --keep"}},
		{"reuse of nothing", []string{"--scales", "200,400", "--keep", t.TempDir(), "--reuse"}, []string{"--reuse: no store of 200 orders"}},
		{"db with scales", []string{"--scales", "200,400", "--db", filepath.Join(t.TempDir(), "x.db")}, []string{"--db with --scales or --keep"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := waybill(t, append([]string{"bench"}, c.args...)...)
			if r.code != 2 {
				t.Fatalf("exit %d, want 2 (usage)\n%s%s", r.code, r.stdout, r.stderr)
			}
			for _, s := range c.say {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("stderr lacks %q: %s", s, r.stderr)
				}
			}
			if r.stdout != "" {
				t.Errorf("stdout %q", r.stdout)
			}
		})
	}
}
