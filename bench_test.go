package main

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"waybill/ui/cli/bench"
)

// BenchmarkWaybill is `waybill bench` under go test: every measurement
// of the table as a metric (name_unit). With -short it builds 2,000
// orders instead of 100,000, a smoke test for CI; budgets are reported,
// never asserted.
func BenchmarkWaybill(b *testing.B) {
	n := 100_000
	if testing.Short() {
		n = 2_000
	}
	for b.Loop() {
		dir := b.TempDir()
		lines, err := bench.Run(context.Background(), benchPorts(), filepath.Join(dir, "bench.db"), dir, n, binary, io.Discard, nil)
		if err != nil {
			b.Fatal(err)
		}
		for _, l := range lines {
			unit := strings.NewReplacer("/", "-per-", "%", "pct", "×", "x").Replace(l.Unit)
			b.ReportMetric(l.Judged(), l.Name+"_"+unit)
		}
	}
}

// TestCLIBenchJSON checks the shape of `waybill bench --json`, on a small
// store: every measurement named, with a unit and a number, and ok set
// exactly where there is a budget. (The figures are not checked: timing
// belongs to benchmarks.)
func TestCLIBenchJSON(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	if testing.Short() {
		t.Skip("builds and measures a store, serves 20 SSH sessions")
	}
	r := waybill(t, "bench", "--orders", "200", "--json")
	if r.code != 0 && r.code != 1 {
		t.Fatalf("bench: exit %d: %s", r.code, r.stderr)
	}
	var out []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("bench --json: %v\n%s", err, r.stdout)
	}
	want := []string{"ingest_new", "ingest_polled", "plain_insert", "ingest_new_vs_plain", "first_frame", "first_frame_cold", "eta_filled_cold",
		"nav_key_median", "nav_key_p99", "filter_key", "filter_key_p99", "filter_count_exact", "tui_rss", "refresher_vs_bound", "ssh_frame", "ssh_idle_cpu", "ssh_open_median", "ssh_open_p99"}
	names := map[string]map[string]any{}
	missed := false
	for _, e := range out {
		for _, k := range []string{"name", "value", "unit", "budget", "ok"} {
			if _, ok := e[k]; !ok {
				t.Errorf("entry %v lacks %q", e, k)
			}
		}
		name, _ := e["name"].(string)
		names[name] = e
		if v, ok := e["value"].(float64); !ok || math.IsNaN(v) {
			t.Errorf("%s: value %v is not a number", name, e["value"])
		}
		if (e["budget"] == nil) != (e["ok"] == nil) {
			t.Errorf("%s: budget %v but ok %v", name, e["budget"], e["ok"])
		}
		if ok, isBool := e["ok"].(bool); isBool && !ok {
			missed = true
		}
	}
	for _, w := range want {
		if names[w] == nil {
			t.Errorf("no %q in %s", w, r.stdout)
		}
	}
	if (r.code == 1) != missed {
		t.Errorf("exit %d, yet a budget missed: %v", r.code, missed)
	}
}
