package bench

import (
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata")

// fixedLines are lines of every kind the table shows: a build's (notes
// with counts in them), a budget on the median, on the p99, on both, none.
func fixedLines() []Line {
	nan := math.NaN()
	lines := builtLines(Built{Shipments: 210, Events: 3123, NewRate: 101323, PollRate: 292667, PlainRate: 140787,
		NewBytes: 238.7, PlainBytes: 123.3})
	return append(lines,
		Line{Name: "first_frame", Unit: "ms", Median: 11.5, P99: 14.7, Budget: 300, AtMost: true,
			Note: "open the store, read and render the first complete 160×45 screen (the timeline's ETA fills in after it), the ETA model saved by a process within 10 min (5 runs; p99 is the worst)"},
		Line{Name: "nav_key", Unit: "ms", Median: 0.31, P99: 2.43, Budget: 2, AtMost: true, OnP99: true,
			Note: "Update+View of %d keys: j k PgDn PgUp g G; reads run after, untimed", NoteArgs: []any{662}},
		Line{Name: "filter_key", Unit: "ms", Median: 0.76, P99: 18.2, Budget: 20, P99Budget: 60, AtMost: true,
			Note: "%d keystrokes typing names, numbers, countries, statuses: until the count (up to 10,000, then 10000+) and the narrowed page are on screen", NoteArgs: []any{51}},
		Line{Name: "eta_filled_cold", Unit: "ms", Median: 12.4, P99: 20.7, Budget: nan},
		Line{Name: "ssh_idle_cpu", Unit: "%", Median: 0.35, P99: nan, Budget: 1, AtMost: true,
			Note: "CPU of the server and its 20 idle sessions over %g s, %% of one core", NoteArgs: []any{10.0}},
		Line{Name: "refresher_vs_bound", Unit: "×", Median: 1.1, P99: nan, Budget: 1.1, AtMost: true,
			Note: "parcels of 5,000 orders, 50 calls/s of 40 numbers; %d calls over a limit", NoteArgs: []any{0}})
}

// golden compares got with testdata/name, or writes it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden %s: %v (go test -update writes it)", path, err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n got:\n%s\nwant:\n%s", name, got, want)
	}
}

// The English tables read byte for byte as they did before they had a
// language: scripts and people's notes quote them.
func TestPrintEnglishAsBefore(t *testing.T) {
	var b strings.Builder
	Print(&b, fixedLines(), nil)
	golden(t, "print.en.golden", b.String())
	b.Reset()
	scales := fixedSitting()
	PrintScales(&b, scales, Rows(scales), nil)
	golden(t, "scales.en.golden", b.String())
}

// A figure that misses its budget never reads as the budget itself.
func TestFigureBesideItsBudget(t *testing.T) {
	for _, tc := range []struct {
		v, budget float64
		want      string
	}{
		{1.1004, 1.1, "1.1004"},
		{1.0996, 1.1, "1.0996"},
		{1.1, 1.1, "1.10"},
		{1.06, 1.1, "1.06"},
		{300.04, 300, "300.04"},
		{38, 60, "38.0"},
		{5, math.NaN(), "5.00"},
	} {
		if got := numBeside(tc.v, tc.budget); got != tc.want {
			t.Errorf("numBeside(%v, %v) = %q, want %q", tc.v, tc.budget, got, tc.want)
		}
	}
	var b strings.Builder
	Print(&b, []Line{{Name: "refresher_vs_bound", Unit: "×", Median: 1.1004, P99: math.NaN(), Budget: 1.1, AtMost: true}}, nil)
	if !strings.Contains(b.String(), "1.1004") || !strings.Contains(b.String(), "no") {
		t.Errorf("a refresher at 1.1004× its bound:\n%s", b.String())
	}
}
